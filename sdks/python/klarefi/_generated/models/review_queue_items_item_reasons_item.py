from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..models.decision import Decision
from ..models.known_decision_reason import KnownDecisionReason
from ..models.known_review_state import KnownReviewState

T = TypeVar("T", bound="ReviewQueueItemsItemReasonsItem")


@_attrs_define
class ReviewQueueItemsItemReasonsItem:
    """
    Attributes:
        decision (Decision): keep: a value is kept with support; review: a human must look; missing: nothing was found.
        fact_id (str):
        reason (KnownDecisionReason | str): Why the fact needs a handler.
        required (bool):
        review_state (KnownReviewState | str): Where its review stands.
    """

    decision: Decision
    fact_id: str
    reason: KnownDecisionReason | str
    required: bool
    review_state: KnownReviewState | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        decision = self.decision.value

        fact_id = self.fact_id

        reason: str
        if isinstance(self.reason, KnownDecisionReason):
            reason = self.reason.value
        else:
            reason = self.reason

        required = self.required

        review_state: str
        if isinstance(self.review_state, KnownReviewState):
            review_state = self.review_state.value
        else:
            review_state = self.review_state

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "decision": decision,
                "fact_id": fact_id,
                "reason": reason,
                "required": required,
                "review_state": review_state,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        decision = Decision(d.pop("decision"))

        fact_id = d.pop("fact_id")

        def _parse_reason(data: object) -> KnownDecisionReason | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                reason_type_0 = KnownDecisionReason(data)

                return reason_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(KnownDecisionReason | str, data)

        reason = _parse_reason(d.pop("reason"))

        required = d.pop("required")

        def _parse_review_state(data: object) -> KnownReviewState | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                review_state_type_0 = KnownReviewState(data)

                return review_state_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(KnownReviewState | str, data)

        review_state = _parse_review_state(d.pop("review_state"))

        review_queue_items_item_reasons_item = cls(
            decision=decision,
            fact_id=fact_id,
            reason=reason,
            required=required,
            review_state=review_state,
        )

        review_queue_items_item_reasons_item.additional_properties = d
        return review_queue_items_item_reasons_item

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
