from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

T = TypeVar("T", bound="ErasureErasureReceipt")


@_attrs_define
class ErasureErasureReceipt:
    """
    Attributes:
        audit_id (str):
        completed (bool):
        deleted_candidates (int):
        deleted_decisions (int):
        deleted_document (bool):
        deleted_evidence (int):
        doc_id (str):
        timestamp (datetime.datetime):
    """

    audit_id: str
    completed: bool
    deleted_candidates: int
    deleted_decisions: int
    deleted_document: bool
    deleted_evidence: int
    doc_id: str
    timestamp: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        audit_id = self.audit_id

        completed = self.completed

        deleted_candidates = self.deleted_candidates

        deleted_decisions = self.deleted_decisions

        deleted_document = self.deleted_document

        deleted_evidence = self.deleted_evidence

        doc_id = self.doc_id

        timestamp = self.timestamp.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "audit_id": audit_id,
                "completed": completed,
                "deleted_candidates": deleted_candidates,
                "deleted_decisions": deleted_decisions,
                "deleted_document": deleted_document,
                "deleted_evidence": deleted_evidence,
                "doc_id": doc_id,
                "timestamp": timestamp,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        audit_id = d.pop("audit_id")

        completed = d.pop("completed")

        deleted_candidates = d.pop("deleted_candidates")

        deleted_decisions = d.pop("deleted_decisions")

        deleted_document = d.pop("deleted_document")

        deleted_evidence = d.pop("deleted_evidence")

        doc_id = d.pop("doc_id")

        timestamp = datetime.datetime.fromisoformat(d.pop("timestamp"))

        erasure_erasure_receipt = cls(
            audit_id=audit_id,
            completed=completed,
            deleted_candidates=deleted_candidates,
            deleted_decisions=deleted_decisions,
            deleted_document=deleted_document,
            deleted_evidence=deleted_evidence,
            doc_id=doc_id,
            timestamp=timestamp,
        )

        erasure_erasure_receipt.additional_properties = d
        return erasure_erasure_receipt

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
