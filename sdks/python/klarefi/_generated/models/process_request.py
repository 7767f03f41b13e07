from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.process_request_case_type_id import ProcessRequestCaseTypeId
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.process_request_metadata_type_0 import ProcessRequestMetadataType0


T = TypeVar("T", bound="ProcessRequest")


@_attrs_define
class ProcessRequest:
    """
    Attributes:
        case_type_id (ProcessRequestCaseTypeId): A case type this server loads (`klarefi case-types list`); the operator
            may add more.
        document_url (str): https, on a public address (plain http and private addresses only with
            KLAREFI_ALLOW_PRIVATE_URLS); at most 3 redirects, 25 MB, 30 s.
        idempotency_key (str): 1 to 255 visible ASCII characters; required here or in the Idempotency-Key header (the
            body wins).
        case_id (None | str | Unset): Add the document to this existing processing case (of the same case type) instead
            of creating one. When both case_id and external_case_id are given, case_id decides and external_case_id must be
            that case's (else 400 case_mismatch). Without case_id, an external_case_id that a processing case of this
            environment already has adds the document to the newest such case.
        external_applicant_id (None | str | Unset):
        external_case_id (None | str | Unset):
        external_customer_id (None | str | Unset):
        metadata (None | ProcessRequestMetadataType0 | Unset): Your own key/value pairs (strings, at most 50 keys of 40
            characters, values of 500; no control characters). Stored on the case as given and returned on its reads, its
            package and its webhooks; Klarefi never acts on them.
        trace_id (None | str | Unset):
    """

    case_type_id: ProcessRequestCaseTypeId
    document_url: str
    idempotency_key: str
    case_id: None | str | Unset = UNSET
    external_applicant_id: None | str | Unset = UNSET
    external_case_id: None | str | Unset = UNSET
    external_customer_id: None | str | Unset = UNSET
    metadata: None | ProcessRequestMetadataType0 | Unset = UNSET
    trace_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.process_request_metadata_type_0 import ProcessRequestMetadataType0

        case_type_id = self.case_type_id.value

        document_url = self.document_url

        idempotency_key = self.idempotency_key

        case_id: None | str | Unset
        if isinstance(self.case_id, Unset):
            case_id = UNSET
        else:
            case_id = self.case_id

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

        metadata: dict[str, Any] | None | Unset
        if isinstance(self.metadata, Unset):
            metadata = UNSET
        elif isinstance(self.metadata, ProcessRequestMetadataType0):
            metadata = self.metadata.to_dict()
        else:
            metadata = self.metadata

        trace_id: None | str | Unset
        if isinstance(self.trace_id, Unset):
            trace_id = UNSET
        else:
            trace_id = self.trace_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "case_type_id": case_type_id,
                "document_url": document_url,
                "idempotency_key": idempotency_key,
            }
        )
        if case_id is not UNSET:
            field_dict["case_id"] = case_id
        if external_applicant_id is not UNSET:
            field_dict["external_applicant_id"] = external_applicant_id
        if external_case_id is not UNSET:
            field_dict["external_case_id"] = external_case_id
        if external_customer_id is not UNSET:
            field_dict["external_customer_id"] = external_customer_id
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if trace_id is not UNSET:
            field_dict["trace_id"] = trace_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.process_request_metadata_type_0 import ProcessRequestMetadataType0

        d = dict(src_dict)
        case_type_id = ProcessRequestCaseTypeId(d.pop("case_type_id"))

        document_url = d.pop("document_url")

        idempotency_key = d.pop("idempotency_key")

        def _parse_case_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        case_id = _parse_case_id(d.pop("case_id", UNSET))

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

        def _parse_metadata(data: object) -> None | ProcessRequestMetadataType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                metadata_type_0 = ProcessRequestMetadataType0.from_dict(data)

                return metadata_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ProcessRequestMetadataType0 | Unset, data)

        metadata = _parse_metadata(d.pop("metadata", UNSET))

        def _parse_trace_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        trace_id = _parse_trace_id(d.pop("trace_id", UNSET))

        process_request = cls(
            case_type_id=case_type_id,
            document_url=document_url,
            idempotency_key=idempotency_key,
            case_id=case_id,
            external_applicant_id=external_applicant_id,
            external_case_id=external_case_id,
            external_customer_id=external_customer_id,
            metadata=metadata,
            trace_id=trace_id,
        )

        return process_request
