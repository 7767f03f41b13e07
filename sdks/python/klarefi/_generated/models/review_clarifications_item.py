from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

T = TypeVar("T", bound="ReviewClarificationsItem")


@_attrs_define
class ReviewClarificationsItem:
    """
    Attributes:
        answer (None | str):
        answered_at (datetime.datetime | None):
        asked_at (datetime.datetime):
        clarification_id (str):
        evidence_id (None | str):
        fact_id (None | str):
        question (None | str):
    """

    answer: None | str
    answered_at: datetime.datetime | None
    asked_at: datetime.datetime
    clarification_id: str
    evidence_id: None | str
    fact_id: None | str
    question: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        answer: None | str
        answer = self.answer

        answered_at: None | str
        if isinstance(self.answered_at, datetime.datetime):
            answered_at = self.answered_at.isoformat()
        else:
            answered_at = self.answered_at

        asked_at = self.asked_at.isoformat()

        clarification_id = self.clarification_id

        evidence_id: None | str
        evidence_id = self.evidence_id

        fact_id: None | str
        fact_id = self.fact_id

        question: None | str
        question = self.question

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "answer": answer,
                "answered_at": answered_at,
                "asked_at": asked_at,
                "clarification_id": clarification_id,
                "evidence_id": evidence_id,
                "fact_id": fact_id,
                "question": question,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_answer(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        answer = _parse_answer(d.pop("answer"))

        def _parse_answered_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                answered_at_type_0 = datetime.datetime.fromisoformat(data)

                return answered_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        answered_at = _parse_answered_at(d.pop("answered_at"))

        asked_at = datetime.datetime.fromisoformat(d.pop("asked_at"))

        clarification_id = d.pop("clarification_id")

        def _parse_evidence_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        evidence_id = _parse_evidence_id(d.pop("evidence_id"))

        def _parse_fact_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        fact_id = _parse_fact_id(d.pop("fact_id"))

        def _parse_question(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        question = _parse_question(d.pop("question"))

        review_clarifications_item = cls(
            answer=answer,
            answered_at=answered_at,
            asked_at=asked_at,
            clarification_id=clarification_id,
            evidence_id=evidence_id,
            fact_id=fact_id,
            question=question,
        )

        review_clarifications_item.additional_properties = d
        return review_clarifications_item

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
