from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

T = TypeVar("T", bound="ReviewEscalationType0")


@_attrs_define
class ReviewEscalationType0:
    """
    Attributes:
        escalated_at (datetime.datetime):
        escalated_by (None | str):
        note (None | str):
    """

    escalated_at: datetime.datetime
    escalated_by: None | str
    note: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        escalated_at = self.escalated_at.isoformat()

        escalated_by: None | str
        escalated_by = self.escalated_by

        note: None | str
        note = self.note

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "escalated_at": escalated_at,
                "escalated_by": escalated_by,
                "note": note,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        escalated_at = datetime.datetime.fromisoformat(d.pop("escalated_at"))

        def _parse_escalated_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        escalated_by = _parse_escalated_by(d.pop("escalated_by"))

        def _parse_note(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        note = _parse_note(d.pop("note"))

        review_escalation_type_0 = cls(
            escalated_at=escalated_at,
            escalated_by=escalated_by,
            note=note,
        )

        review_escalation_type_0.additional_properties = d
        return review_escalation_type_0

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
