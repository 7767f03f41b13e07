from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.session_created_locale_fallback import SessionCreatedLocaleFallback


T = TypeVar("T", bound="SessionCreated")


@_attrs_define
class SessionCreated:
    """
    Attributes:
        expires_at (datetime.datetime):
        idempotent_replay (bool):
        session_id (UUID): Also the case id for case reads.
        signed_url (str): Redirect the applicant here.
        snippet (str): A script that sends the browser to the link.
        locale_fallback (SessionCreatedLocaleFallback | Unset):
    """

    expires_at: datetime.datetime
    idempotent_replay: bool
    session_id: UUID
    signed_url: str
    snippet: str
    locale_fallback: SessionCreatedLocaleFallback | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        expires_at = self.expires_at.isoformat()

        idempotent_replay = self.idempotent_replay

        session_id = str(self.session_id)

        signed_url = self.signed_url

        snippet = self.snippet

        locale_fallback: dict[str, Any] | Unset = UNSET
        if not isinstance(self.locale_fallback, Unset):
            locale_fallback = self.locale_fallback.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "expires_at": expires_at,
                "idempotent_replay": idempotent_replay,
                "session_id": session_id,
                "signed_url": signed_url,
                "snippet": snippet,
            }
        )
        if locale_fallback is not UNSET:
            field_dict["locale_fallback"] = locale_fallback

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.session_created_locale_fallback import SessionCreatedLocaleFallback

        d = dict(src_dict)
        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        idempotent_replay = d.pop("idempotent_replay")

        session_id = UUID(d.pop("session_id"))

        signed_url = d.pop("signed_url")

        snippet = d.pop("snippet")

        _locale_fallback = d.pop("locale_fallback", UNSET)
        locale_fallback: SessionCreatedLocaleFallback | Unset
        if isinstance(_locale_fallback, Unset):
            locale_fallback = UNSET
        else:
            locale_fallback = SessionCreatedLocaleFallback.from_dict(_locale_fallback)

        session_created = cls(
            expires_at=expires_at,
            idempotent_replay=idempotent_replay,
            session_id=session_id,
            signed_url=signed_url,
            snippet=snippet,
            locale_fallback=locale_fallback,
        )

        session_created.additional_properties = d
        return session_created

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
