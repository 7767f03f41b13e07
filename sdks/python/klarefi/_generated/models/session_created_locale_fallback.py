from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..models.session_created_locale_fallback_used import SessionCreatedLocaleFallbackUsed

T = TypeVar("T", bound="SessionCreatedLocaleFallback")


@_attrs_define
class SessionCreatedLocaleFallback:
    """
    Attributes:
        requested (str):
        used (SessionCreatedLocaleFallbackUsed):
    """

    requested: str
    used: SessionCreatedLocaleFallbackUsed
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        requested = self.requested

        used = self.used.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "requested": requested,
                "used": used,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        requested = d.pop("requested")

        used = SessionCreatedLocaleFallbackUsed(d.pop("used"))

        session_created_locale_fallback = cls(
            requested=requested,
            used=used,
        )

        session_created_locale_fallback.additional_properties = d
        return session_created_locale_fallback

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
