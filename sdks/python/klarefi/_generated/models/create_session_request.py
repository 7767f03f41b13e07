from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.create_session_request_case_type_id import CreateSessionRequestCaseTypeId
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.create_session_request_metadata_type_0 import CreateSessionRequestMetadataType0
    from ..models.create_session_request_prefill_type_0 import CreateSessionRequestPrefillType0


T = TypeVar("T", bound="CreateSessionRequest")


@_attrs_define
class CreateSessionRequest:
    """
    Attributes:
        case_type_id (CreateSessionRequestCaseTypeId): A case type this server loads (`klarefi case-types list`); the
            operator may add more.
        idempotency_key (str): 1 to 255 visible ASCII characters; required here or in the Idempotency-Key header (the
            body wins).
        external_applicant_id (None | str | Unset):
        external_case_id (None | str | Unset):
        external_customer_id (None | str | Unset):
        locale (None | str | Unset): nl or en, also in regional forms (nl-BE, en_GB). Another language tag (de) falls
            back to nl, and the response says so in locale_fallback.
        metadata (CreateSessionRequestMetadataType0 | None | Unset): Your own key/value pairs (strings, at most 50 keys
            of 40 characters, values of 500; no control characters). Stored on the case as given and returned on its reads,
            its package and its webhooks; Klarefi never acts on them.
        prefill (CreateSessionRequestPrefillType0 | None | Unset):
        return_url (None | str | Unset): https (http only with KLAREFI_ALLOW_PRIVATE_URLS), without credentials.
        trace_id (None | str | Unset):
        ttl_hours (int | None | Unset): Whole hours; a number with a zero fraction (168.0) counts as that integer.
            Default: 168.
    """

    case_type_id: CreateSessionRequestCaseTypeId
    idempotency_key: str
    external_applicant_id: None | str | Unset = UNSET
    external_case_id: None | str | Unset = UNSET
    external_customer_id: None | str | Unset = UNSET
    locale: None | str | Unset = UNSET
    metadata: CreateSessionRequestMetadataType0 | None | Unset = UNSET
    prefill: CreateSessionRequestPrefillType0 | None | Unset = UNSET
    return_url: None | str | Unset = UNSET
    trace_id: None | str | Unset = UNSET
    ttl_hours: int | None | Unset = 168

    def to_dict(self) -> dict[str, Any]:
        from ..models.create_session_request_metadata_type_0 import CreateSessionRequestMetadataType0
        from ..models.create_session_request_prefill_type_0 import CreateSessionRequestPrefillType0

        case_type_id = self.case_type_id.value

        idempotency_key = self.idempotency_key

        external_applicant_id: None | str | Unset
        if isinstance(self.external_applicant_id, Unset):
            external_applicant_id = UNSET
        else:
            external_applicant_id = self.external_applicant_id

        external_case_id: None | str | Unset
        if isinstance(self.external_case_id, Unset):
            external_case_id = UNSET
        else:
            external_case_id = self.external_case_id

        external_customer_id: None | str | Unset
        if isinstance(self.external_customer_id, Unset):
            external_customer_id = UNSET
        else:
            external_customer_id = self.external_customer_id

        locale: None | str | Unset
        if isinstance(self.locale, Unset):
            locale = UNSET
        else:
            locale = self.locale

        metadata: dict[str, Any] | None | Unset
        if isinstance(self.metadata, Unset):
            metadata = UNSET
        elif isinstance(self.metadata, CreateSessionRequestMetadataType0):
            metadata = self.metadata.to_dict()
        else:
            metadata = self.metadata

        prefill: dict[str, Any] | None | Unset
        if isinstance(self.prefill, Unset):
            prefill = UNSET
        elif isinstance(self.prefill, CreateSessionRequestPrefillType0):
            prefill = self.prefill.to_dict()
        else:
            prefill = self.prefill

        return_url: None | str | Unset
        if isinstance(self.return_url, Unset):
            return_url = UNSET
        else:
            return_url = self.return_url

        trace_id: None | str | Unset
        if isinstance(self.trace_id, Unset):
            trace_id = UNSET
        else:
            trace_id = self.trace_id

        ttl_hours: int | None | Unset
        if isinstance(self.ttl_hours, Unset):
            ttl_hours = UNSET
        else:
            ttl_hours = self.ttl_hours

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "case_type_id": case_type_id,
                "idempotency_key": idempotency_key,
            }
        )
        if external_applicant_id is not UNSET:
            field_dict["external_applicant_id"] = external_applicant_id
        if external_case_id is not UNSET:
            field_dict["external_case_id"] = external_case_id
        if external_customer_id is not UNSET:
            field_dict["external_customer_id"] = external_customer_id
        if locale is not UNSET:
            field_dict["locale"] = locale
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if prefill is not UNSET:
            field_dict["prefill"] = prefill
        if return_url is not UNSET:
            field_dict["return_url"] = return_url
        if trace_id is not UNSET:
            field_dict["trace_id"] = trace_id
        if ttl_hours is not UNSET:
            field_dict["ttl_hours"] = ttl_hours

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.create_session_request_metadata_type_0 import CreateSessionRequestMetadataType0
        from ..models.create_session_request_prefill_type_0 import CreateSessionRequestPrefillType0

        d = dict(src_dict)
        case_type_id = CreateSessionRequestCaseTypeId(d.pop("case_type_id"))

        idempotency_key = d.pop("idempotency_key")

        def _parse_external_applicant_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        external_applicant_id = _parse_external_applicant_id(d.pop("external_applicant_id", UNSET))

        def _parse_external_case_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        external_case_id = _parse_external_case_id(d.pop("external_case_id", UNSET))

        def _parse_external_customer_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        external_customer_id = _parse_external_customer_id(d.pop("external_customer_id", UNSET))

        def _parse_locale(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        locale = _parse_locale(d.pop("locale", UNSET))

        def _parse_metadata(data: object) -> CreateSessionRequestMetadataType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                metadata_type_0 = CreateSessionRequestMetadataType0.from_dict(data)

                return metadata_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CreateSessionRequestMetadataType0 | None | Unset, data)

        metadata = _parse_metadata(d.pop("metadata", UNSET))

        def _parse_prefill(data: object) -> CreateSessionRequestPrefillType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                prefill_type_0 = CreateSessionRequestPrefillType0.from_dict(data)

                return prefill_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CreateSessionRequestPrefillType0 | None | Unset, data)

        prefill = _parse_prefill(d.pop("prefill", UNSET))

        def _parse_return_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        return_url = _parse_return_url(d.pop("return_url", UNSET))

        def _parse_trace_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        trace_id = _parse_trace_id(d.pop("trace_id", UNSET))

        def _parse_ttl_hours(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        ttl_hours = _parse_ttl_hours(d.pop("ttl_hours", UNSET))

        create_session_request = cls(
            case_type_id=case_type_id,
            idempotency_key=idempotency_key,
            external_applicant_id=external_applicant_id,
            external_case_id=external_case_id,
            external_customer_id=external_customer_id,
            locale=locale,
            metadata=metadata,
            prefill=prefill,
            return_url=return_url,
            trace_id=trace_id,
            ttl_hours=ttl_hours,
        )

        return create_session_request
