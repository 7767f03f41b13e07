from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..models.review_actions_item_status import ReviewActionsItemStatus
from ..models.review_actions_item_via import ReviewActionsItemVia

T = TypeVar("T", bound="ReviewActionsItem")


@_attrs_define
class ReviewActionsItem:
    """
    Attributes:
        command_id (str):
        command_type (str):
        created_at (datetime.datetime):
        fact_id (None | str):
        handler_id (str):
        handler_name (None | str):
        reason (None | str):
        status (ReviewActionsItemStatus):
        via (ReviewActionsItemVia):
    """

    command_id: str
    command_type: str
    created_at: datetime.datetime
    fact_id: None | str
    handler_id: str
    handler_name: None | str
    reason: None | str
    status: ReviewActionsItemStatus
    via: ReviewActionsItemVia
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        command_id = self.command_id

        command_type = self.command_type

        created_at = self.created_at.isoformat()

        fact_id: None | str
        fact_id = self.fact_id

        handler_id = self.handler_id

        handler_name: None | str
        handler_name = self.handler_name

        reason: None | str
        reason = self.reason

        status = self.status.value

        via = self.via.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "command_id": command_id,
                "command_type": command_type,
                "created_at": created_at,
                "fact_id": fact_id,
                "handler_id": handler_id,
                "handler_name": handler_name,
                "reason": reason,
                "status": status,
                "via": via,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        command_id = d.pop("command_id")

        command_type = d.pop("command_type")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_fact_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        fact_id = _parse_fact_id(d.pop("fact_id"))

        handler_id = d.pop("handler_id")

        def _parse_handler_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        handler_name = _parse_handler_name(d.pop("handler_name"))

        def _parse_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason = _parse_reason(d.pop("reason"))

        status = ReviewActionsItemStatus(d.pop("status"))

        via = ReviewActionsItemVia(d.pop("via"))

        review_actions_item = cls(
            command_id=command_id,
            command_type=command_type,
            created_at=created_at,
            fact_id=fact_id,
            handler_id=handler_id,
            handler_name=handler_name,
            reason=reason,
            status=status,
            via=via,
        )

        review_actions_item.additional_properties = d
        return review_actions_item

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
