from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

T = TypeVar("T", bound="DisputeEvidenceCommandPayload")


@_attrs_define
class DisputeEvidenceCommandPayload:
    """
    Attributes:
        evidence_id (str):
    """

    evidence_id: str

    def to_dict(self) -> dict[str, Any]:
        evidence_id = self.evidence_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "evidence_id": evidence_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        evidence_id = d.pop("evidence_id")

        dispute_evidence_command_payload = cls(
            evidence_id=evidence_id,
        )

        return dispute_evidence_command_payload
