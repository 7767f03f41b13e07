from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..models.decision import Decision
from ..models.known_decision_reason import KnownDecisionReason

T = TypeVar("T", bound="FeatureDecision")


@_attrs_define
class FeatureDecision:
    """
    Attributes:
        decision (Decision): keep: a value is kept with support; review: a human must look; missing: nothing was found.
        decision_id (str):
        reason (KnownDecisionReason | str): Why the decision was taken; more may be added.
        selected_candidate_id (None | str): The kept candidate; null unless decision is keep.
    """

    decision: Decision
    decision_id: str
    reason: KnownDecisionReason | str
    selected_candidate_id: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        decision = self.decision.value

        decision_id = self.decision_id

        reason: str
        if isinstance(self.reason, KnownDecisionReason):
            reason = self.reason.value
        else:
            reason = self.reason

        selected_candidate_id: None | str
        selected_candidate_id = self.selected_candidate_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "decision": decision,
                "decision_id": decision_id,
                "reason": reason,
                "selected_candidate_id": selected_candidate_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        decision = Decision(d.pop("decision"))

        decision_id = d.pop("decision_id")

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

        def _parse_selected_candidate_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        selected_candidate_id = _parse_selected_candidate_id(d.pop("selected_candidate_id"))

        feature_decision = cls(
            decision=decision,
            decision_id=decision_id,
            reason=reason,
            selected_candidate_id=selected_candidate_id,
        )

        feature_decision.additional_properties = d
        return feature_decision

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
