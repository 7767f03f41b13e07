from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

if TYPE_CHECKING:
    from ..models.case_event_data import CaseEventData


T = TypeVar("T", bound="CaseEvent")


@_attrs_define
class CaseEvent:
    """
    Attributes:
        created_at (datetime.datetime):
        cursor (int):
        data (CaseEventData): What the event is about (ids, statuses, reasons); its keys depend on event_type.
        event_id (str):
        event_type (str): Unversioned (document.processed); see SPEC §3 for the list, which may grow.
    """

    created_at: datetime.datetime
    cursor: int
    data: CaseEventData
    event_id: str
    event_type: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        cursor = self.cursor

        data = self.data.to_dict()

        event_id = self.event_id

        event_type = self.event_type

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "cursor": cursor,
                "data": data,
                "event_id": event_id,
                "event_type": event_type,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.case_event_data import CaseEventData

        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        cursor = d.pop("cursor")

        data = CaseEventData.from_dict(d.pop("data"))

        event_id = d.pop("event_id")

        event_type = d.pop("event_type")

        case_event = cls(
            created_at=created_at,
            cursor=cursor,
            data=data,
            event_id=event_id,
            event_type=event_type,
        )

        case_event.additional_properties = d
        return case_event

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
