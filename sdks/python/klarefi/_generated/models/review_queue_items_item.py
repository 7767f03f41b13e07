from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

if TYPE_CHECKING:
    from ..models.review_queue_items_item_reasons_item import ReviewQueueItemsItemReasonsItem


T = TypeVar("T", bound="ReviewQueueItemsItem")


@_attrs_define
class ReviewQueueItemsItem:
    """
    Attributes:
        age_hours (int):
        case_id (str):
        case_type_id (str):
        created_at (datetime.datetime):
        escalated (bool):
        external_case_id (None | str):
        reasons (list[ReviewQueueItemsItemReasonsItem]):
        review_version (int):
        status (str):
        updated_at (datetime.datetime):
    """

    age_hours: int
    case_id: str
    case_type_id: str
    created_at: datetime.datetime
    escalated: bool
    external_case_id: None | str
    reasons: list[ReviewQueueItemsItemReasonsItem]
    review_version: int
    status: str
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        age_hours = self.age_hours

        case_id = self.case_id

        case_type_id = self.case_type_id

        created_at = self.created_at.isoformat()

        escalated = self.escalated

        external_case_id: None | str
        external_case_id = self.external_case_id

        reasons = []
        for reasons_item_data in self.reasons:
            reasons_item = reasons_item_data.to_dict()
            reasons.append(reasons_item)

        review_version = self.review_version

        status = self.status

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "age_hours": age_hours,
                "case_id": case_id,
                "case_type_id": case_type_id,
                "created_at": created_at,
                "escalated": escalated,
                "external_case_id": external_case_id,
                "reasons": reasons,
                "review_version": review_version,
                "status": status,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.review_queue_items_item_reasons_item import ReviewQueueItemsItemReasonsItem

        d = dict(src_dict)
        age_hours = d.pop("age_hours")

        case_id = d.pop("case_id")

        case_type_id = d.pop("case_type_id")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        escalated = d.pop("escalated")

        def _parse_external_case_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        external_case_id = _parse_external_case_id(d.pop("external_case_id"))

        reasons = []
        _reasons = d.pop("reasons")
        for reasons_item_data in _reasons:
            reasons_item = ReviewQueueItemsItemReasonsItem.from_dict(reasons_item_data)

            reasons.append(reasons_item)

        review_version = d.pop("review_version")

        status = d.pop("status")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        review_queue_items_item = cls(
            age_hours=age_hours,
            case_id=case_id,
            case_type_id=case_type_id,
            created_at=created_at,
            escalated=escalated,
            external_case_id=external_case_id,
            reasons=reasons,
            review_version=review_version,
            status=status,
            updated_at=updated_at,
        )

        review_queue_items_item.additional_properties = d
        return review_queue_items_item

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
