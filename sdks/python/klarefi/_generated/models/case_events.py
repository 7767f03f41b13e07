from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

if TYPE_CHECKING:
    from ..models.case_event import CaseEvent


T = TypeVar("T", bound="CaseEvents")


@_attrs_define
class CaseEvents:
    """
    Attributes:
        case_id (str):
        events (list[CaseEvent]):
        has_more (bool):
        next_cursor (int): Pass as after_cursor on the next poll.
    """

    case_id: str
    events: list[CaseEvent]
    has_more: bool
    next_cursor: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        case_id = self.case_id

        events = []
        for events_item_data in self.events:
            events_item = events_item_data.to_dict()
            events.append(events_item)

        has_more = self.has_more

        next_cursor = self.next_cursor

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "case_id": case_id,
                "events": events,
                "has_more": has_more,
                "next_cursor": next_cursor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.case_event import CaseEvent

        d = dict(src_dict)
        case_id = d.pop("case_id")

        events = []
        _events = d.pop("events")
        for events_item_data in _events:
            events_item = CaseEvent.from_dict(events_item_data)

            events.append(events_item)

        has_more = d.pop("has_more")

        next_cursor = d.pop("next_cursor")

        case_events = cls(
            case_id=case_id,
            events=events,
            has_more=has_more,
            next_cursor=next_cursor,
        )

        case_events.additional_properties = d
        return case_events

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
