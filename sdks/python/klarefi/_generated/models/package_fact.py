from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..models.decision import Decision
from ..models.known_decision_reason import KnownDecisionReason
from ..models.known_review_state import KnownReviewState

if TYPE_CHECKING:
    from ..models.evidence import Evidence


T = TypeVar("T", bound="PackageFact")


@_attrs_define
class PackageFact:
    """
    Attributes:
        candidate_values (list[str]): Every distinct normalized value found.
        confidence (float | None): Of the value shown (kept, else the best); null when there is none.
        decision (Decision): keep: a value is kept with support; review: a human must look; missing: nothing was found.
        evidence (list[Evidence]): Where the value shown was read.
        reason (KnownDecisionReason | str): Why the decision was taken; more may be added.
        review_state (KnownReviewState | None | str): Where the fact stands in a handler's review; null when kept
            without a handler and nothing of it is disputed.
        value (None | str): The kept value, normalized; null unless decision is keep.
        value_raw (None | str): The kept value as written.
    """

    candidate_values: list[str]
    confidence: float | None
    decision: Decision
    evidence: list[Evidence]
    reason: KnownDecisionReason | str
    review_state: KnownReviewState | None | str
    value: None | str
    value_raw: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        candidate_values = self.candidate_values

        confidence: float | None
        confidence = self.confidence

        decision = self.decision.value

        evidence = []
        for evidence_item_data in self.evidence:
            evidence_item = evidence_item_data.to_dict()
            evidence.append(evidence_item)

        reason: str
        if isinstance(self.reason, KnownDecisionReason):
            reason = self.reason.value
        else:
            reason = self.reason

        review_state: None | str
        if isinstance(self.review_state, KnownReviewState):
            review_state = self.review_state.value
        else:
            review_state = self.review_state

        value: None | str
        value = self.value

        value_raw: None | str
        value_raw = self.value_raw

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "candidate_values": candidate_values,
                "confidence": confidence,
                "decision": decision,
                "evidence": evidence,
                "reason": reason,
                "review_state": review_state,
                "value": value,
                "value_raw": value_raw,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.evidence import Evidence

        d = dict(src_dict)
        candidate_values = cast(list[str], d.pop("candidate_values"))

        def _parse_confidence(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        confidence = _parse_confidence(d.pop("confidence"))

        decision = Decision(d.pop("decision"))

        evidence = []
        _evidence = d.pop("evidence")
        for evidence_item_data in _evidence:
            evidence_item = Evidence.from_dict(evidence_item_data)

            evidence.append(evidence_item)

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

        def _parse_review_state(data: object) -> KnownReviewState | None | str:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                review_state_type_0 = KnownReviewState(data)

                return review_state_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(KnownReviewState | None | str, data)

        review_state = _parse_review_state(d.pop("review_state"))

        def _parse_value(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        value = _parse_value(d.pop("value"))

        def _parse_value_raw(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        value_raw = _parse_value_raw(d.pop("value_raw"))

        package_fact = cls(
            candidate_values=candidate_values,
            confidence=confidence,
            decision=decision,
            evidence=evidence,
            reason=reason,
            review_state=review_state,
            value=value,
            value_raw=value_raw,
        )

        package_fact.additional_properties = d
        return package_fact

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
