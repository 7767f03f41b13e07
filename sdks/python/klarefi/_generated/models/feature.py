from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..models.known_review_state import KnownReviewState

if TYPE_CHECKING:
    from ..models.evidence import Evidence
    from ..models.feature_candidates_item import FeatureCandidatesItem
    from ..models.feature_decision import FeatureDecision


T = TypeVar("T", bound="Feature")


@_attrs_define
class Feature:
    """
    Attributes:
        candidates (list[FeatureCandidatesItem]):
        decision (FeatureDecision):
        evidence (list[Evidence]):
        review_state (KnownReviewState | None | str): Where the fact stands in a handler's review; null when kept
            without a handler and nothing of it is disputed.
    """

    candidates: list[FeatureCandidatesItem]
    decision: FeatureDecision
    evidence: list[Evidence]
    review_state: KnownReviewState | None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        candidates = []
        for candidates_item_data in self.candidates:
            candidates_item = candidates_item_data.to_dict()
            candidates.append(candidates_item)

        decision = self.decision.to_dict()

        evidence = []
        for evidence_item_data in self.evidence:
            evidence_item = evidence_item_data.to_dict()
            evidence.append(evidence_item)

        review_state: None | str
        if isinstance(self.review_state, KnownReviewState):
            review_state = self.review_state.value
        else:
            review_state = self.review_state

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "candidates": candidates,
                "decision": decision,
                "evidence": evidence,
                "review_state": review_state,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.evidence import Evidence
        from ..models.feature_candidates_item import FeatureCandidatesItem
        from ..models.feature_decision import FeatureDecision

        d = dict(src_dict)
        candidates = []
        _candidates = d.pop("candidates")
        for candidates_item_data in _candidates:
            candidates_item = FeatureCandidatesItem.from_dict(candidates_item_data)

            candidates.append(candidates_item)

        decision = FeatureDecision.from_dict(d.pop("decision"))

        evidence = []
        _evidence = d.pop("evidence")
        for evidence_item_data in _evidence:
            evidence_item = Evidence.from_dict(evidence_item_data)

            evidence.append(evidence_item)

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

        feature = cls(
            candidates=candidates,
            decision=decision,
            evidence=evidence,
            review_state=review_state,
        )

        feature.additional_properties = d
        return feature

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
