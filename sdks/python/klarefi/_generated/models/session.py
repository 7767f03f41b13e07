from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..models.known_case_status import KnownCaseStatus

if TYPE_CHECKING:
    from ..models.session_metadata import SessionMetadata


T = TypeVar("T", bound="Session")


@_attrs_define
class Session:
    """
    Attributes:
        case_id (str):
        case_type_id (str):
        created_at (datetime.datetime):
        expires_at (datetime.datetime | None):
        external_applicant_id (None | str):
        external_case_id (None | str):
        external_customer_id (None | str):
        link_active (bool):
        locale (None | str):
        metadata (SessionMetadata): The metadata given when the case was created ({} when none).
        return_url (None | str):
        revoked_at (datetime.datetime | None):
        session_id (str):
        signed_url (None | str): The link while it works; null once revoked or expired.
        status (KnownCaseStatus | str): Where the case stands (SPEC §3); more may be added: treat an unknown status as
            still in progress.
        trace_id (None | str):
        updated_at (datetime.datetime):
    """

    case_id: str
    case_type_id: str
    created_at: datetime.datetime
    expires_at: datetime.datetime | None
    external_applicant_id: None | str
    external_case_id: None | str
    external_customer_id: None | str
    link_active: bool
    locale: None | str
    metadata: SessionMetadata
    return_url: None | str
    revoked_at: datetime.datetime | None
    session_id: str
    signed_url: None | str
    status: KnownCaseStatus | str
    trace_id: None | str
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        case_id = self.case_id

        case_type_id = self.case_type_id

        created_at = self.created_at.isoformat()

        expires_at: None | str
        if isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        external_applicant_id: None | str
        external_applicant_id = self.external_applicant_id

        external_case_id: None | str
        external_case_id = self.external_case_id

        external_customer_id: None | str
        external_customer_id = self.external_customer_id

        link_active = self.link_active

        locale: None | str
        locale = self.locale

        metadata = self.metadata.to_dict()

        return_url: None | str
        return_url = self.return_url

        revoked_at: None | str
        if isinstance(self.revoked_at, datetime.datetime):
            revoked_at = self.revoked_at.isoformat()
        else:
            revoked_at = self.revoked_at

        session_id = self.session_id

        signed_url: None | str
        signed_url = self.signed_url

        status: str
        if isinstance(self.status, KnownCaseStatus):
            status = self.status.value
        else:
            status = self.status

        trace_id: None | str
        trace_id = self.trace_id

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "case_id": case_id,
                "case_type_id": case_type_id,
                "created_at": created_at,
                "expires_at": expires_at,
                "external_applicant_id": external_applicant_id,
                "external_case_id": external_case_id,
                "external_customer_id": external_customer_id,
                "link_active": link_active,
                "locale": locale,
                "metadata": metadata,
                "return_url": return_url,
                "revoked_at": revoked_at,
                "session_id": session_id,
                "signed_url": signed_url,
                "status": status,
                "trace_id": trace_id,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.session_metadata import SessionMetadata

        d = dict(src_dict)
        case_id = d.pop("case_id")

        case_type_id = d.pop("case_type_id")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_expires_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_at_type_0 = datetime.datetime.fromisoformat(data)

                return expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        expires_at = _parse_expires_at(d.pop("expires_at"))

        def _parse_external_applicant_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        external_applicant_id = _parse_external_applicant_id(d.pop("external_applicant_id"))

        def _parse_external_case_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        external_case_id = _parse_external_case_id(d.pop("external_case_id"))

        def _parse_external_customer_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        external_customer_id = _parse_external_customer_id(d.pop("external_customer_id"))

        link_active = d.pop("link_active")

        def _parse_locale(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        locale = _parse_locale(d.pop("locale"))

        metadata = SessionMetadata.from_dict(d.pop("metadata"))

        def _parse_return_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        return_url = _parse_return_url(d.pop("return_url"))

        def _parse_revoked_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                revoked_at_type_0 = datetime.datetime.fromisoformat(data)

                return revoked_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        revoked_at = _parse_revoked_at(d.pop("revoked_at"))

        session_id = d.pop("session_id")

        def _parse_signed_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        signed_url = _parse_signed_url(d.pop("signed_url"))

        def _parse_status(data: object) -> KnownCaseStatus | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = KnownCaseStatus(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(KnownCaseStatus | str, data)

        status = _parse_status(d.pop("status"))

        def _parse_trace_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        trace_id = _parse_trace_id(d.pop("trace_id"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        session = cls(
            case_id=case_id,
            case_type_id=case_type_id,
            created_at=created_at,
            expires_at=expires_at,
            external_applicant_id=external_applicant_id,
            external_case_id=external_case_id,
            external_customer_id=external_customer_id,
            link_active=link_active,
            locale=locale,
            metadata=metadata,
            return_url=return_url,
            revoked_at=revoked_at,
            session_id=session_id,
            signed_url=signed_url,
            status=status,
            trace_id=trace_id,
            updated_at=updated_at,
        )

        session.additional_properties = d
        return session

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
