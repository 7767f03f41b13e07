from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..models.known_candidate_source import KnownCandidateSource

T = TypeVar("T", bound="FeatureCandidatesItem")


@_attrs_define
class FeatureCandidatesItem:
    """
    Attributes:
        candidate_id (str):
        confidence (float):
        evidence_ids (list[str]):
        source (KnownCandidateSource | str): The source of the most confident member; more may be added.
        sources (list[str]): Every source that gave this value.
        value_normalized (str): Dates YYYY-MM-DD, amounts "1234.56", plates AB-123-C, IBAN without spaces, phone E.164,
            postcode 1234 AB.
        value_raw (str):
    """

    candidate_id: str
    confidence: float
    evidence_ids: list[str]
    source: KnownCandidateSource | str
    sources: list[str]
    value_normalized: str
    value_raw: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        candidate_id = self.candidate_id

        confidence = self.confidence

        evidence_ids = self.evidence_ids

        source: str
        if isinstance(self.source, KnownCandidateSource):
            source = self.source.value
        else:
            source = self.source

        sources = self.sources

        value_normalized = self.value_normalized

        value_raw = self.value_raw

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "candidate_id": candidate_id,
                "confidence": confidence,
                "evidence_ids": evidence_ids,
                "source": source,
                "sources": sources,
                "value_normalized": value_normalized,
                "value_raw": value_raw,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        candidate_id = d.pop("candidate_id")

        confidence = d.pop("confidence")

        evidence_ids = cast(list[str], d.pop("evidence_ids"))

        def _parse_source(data: object) -> KnownCandidateSource | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                source_type_0 = KnownCandidateSource(data)

                return source_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(KnownCandidateSource | str, data)

        source = _parse_source(d.pop("source"))

        sources = cast(list[str], d.pop("sources"))

        value_normalized = d.pop("value_normalized")

        value_raw = d.pop("value_raw")

        feature_candidates_item = cls(
            candidate_id=candidate_id,
            confidence=confidence,
            evidence_ids=evidence_ids,
            source=source,
            sources=sources,
            value_normalized=value_normalized,
            value_raw=value_raw,
        )

        feature_candidates_item.additional_properties = d
        return feature_candidates_item

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
