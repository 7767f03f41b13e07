from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..models.known_case_status import KnownCaseStatus

if TYPE_CHECKING:
    from ..models.review_actions_item import ReviewActionsItem
    from ..models.review_clarifications_item import ReviewClarificationsItem
    from ..models.review_completion_type_0 import ReviewCompletionType0
    from ..models.review_escalation_type_0 import ReviewEscalationType0
    from ..models.review_facts import ReviewFacts


T = TypeVar("T", bound="Review")


@_attrs_define
class Review:
    """
    Attributes:
        actions (list[ReviewActionsItem]): Every command with who, when and how (api or case_file).
        case_id (str):
        case_status (KnownCaseStatus | str): Where the case stands (SPEC §3); more may be added: treat an unknown status
            as still in progress.
        clarifications (list[ReviewClarificationsItem]):
        completion (None | ReviewCompletionType0):
        escalation (None | ReviewEscalationType0):
        facts (ReviewFacts): fact id → where its review stands.
        review_version (int): Send as expected_version with the next command.
    """

    actions: list[ReviewActionsItem]
    case_id: str
    case_status: KnownCaseStatus | str
    clarifications: list[ReviewClarificationsItem]
    completion: None | ReviewCompletionType0
    escalation: None | ReviewEscalationType0
    facts: ReviewFacts
    review_version: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.review_completion_type_0 import ReviewCompletionType0
        from ..models.review_escalation_type_0 import ReviewEscalationType0

        actions = []
        for actions_item_data in self.actions:
            actions_item = actions_item_data.to_dict()
            actions.append(actions_item)

        case_id = self.case_id

        case_status: str
        if isinstance(self.case_status, KnownCaseStatus):
            case_status = self.case_status.value
        else:
            case_status = self.case_status

        clarifications = []
        for clarifications_item_data in self.clarifications:
            clarifications_item = clarifications_item_data.to_dict()
            clarifications.append(clarifications_item)

        completion: dict[str, Any] | None
        if isinstance(self.completion, ReviewCompletionType0):
            completion = self.completion.to_dict()
        else:
            completion = self.completion

        escalation: dict[str, Any] | None
        if isinstance(self.escalation, ReviewEscalationType0):
            escalation = self.escalation.to_dict()
        else:
            escalation = self.escalation

        facts = self.facts.to_dict()

        review_version = self.review_version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "actions": actions,
                "case_id": case_id,
                "case_status": case_status,
                "clarifications": clarifications,
                "completion": completion,
                "escalation": escalation,
                "facts": facts,
                "review_version": review_version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.review_actions_item import ReviewActionsItem
        from ..models.review_clarifications_item import ReviewClarificationsItem
        from ..models.review_completion_type_0 import ReviewCompletionType0
        from ..models.review_escalation_type_0 import ReviewEscalationType0
        from ..models.review_facts import ReviewFacts

        d = dict(src_dict)
        actions = []
        _actions = d.pop("actions")
        for actions_item_data in _actions:
            actions_item = ReviewActionsItem.from_dict(actions_item_data)

            actions.append(actions_item)

        case_id = d.pop("case_id")

        def _parse_case_status(data: object) -> KnownCaseStatus | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                case_status_type_0 = KnownCaseStatus(data)

                return case_status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(KnownCaseStatus | str, data)

        case_status = _parse_case_status(d.pop("case_status"))

        clarifications = []
        _clarifications = d.pop("clarifications")
        for clarifications_item_data in _clarifications:
            clarifications_item = ReviewClarificationsItem.from_dict(clarifications_item_data)

            clarifications.append(clarifications_item)

        def _parse_completion(data: object) -> None | ReviewCompletionType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                completion_type_0 = ReviewCompletionType0.from_dict(data)

                return completion_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ReviewCompletionType0, data)

        completion = _parse_completion(d.pop("completion"))

        def _parse_escalation(data: object) -> None | ReviewEscalationType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                escalation_type_0 = ReviewEscalationType0.from_dict(data)

                return escalation_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ReviewEscalationType0, data)

        escalation = _parse_escalation(d.pop("escalation"))

        facts = ReviewFacts.from_dict(d.pop("facts"))

        review_version = d.pop("review_version")

        review = cls(
            actions=actions,
            case_id=case_id,
            case_status=case_status,
            clarifications=clarifications,
            completion=completion,
            escalation=escalation,
            facts=facts,
            review_version=review_version,
        )

        review.additional_properties = d
        return review

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
