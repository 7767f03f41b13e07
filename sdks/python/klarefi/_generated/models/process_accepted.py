from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

T = TypeVar("T", bound="ProcessAccepted")


@_attrs_define
class ProcessAccepted:
    """
    Attributes:
        case_id (str):
        doc_id (str):
        idempotent_replay (bool):
        job_id (str):
        status (Literal['queued']):
    """

    case_id: str
    doc_id: str
    idempotent_replay: bool
    job_id: str
    status: Literal["queued"]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        case_id = self.case_id

        doc_id = self.doc_id

        idempotent_replay = self.idempotent_replay

        job_id = self.job_id

        status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "case_id": case_id,
                "doc_id": doc_id,
                "idempotent_replay": idempotent_replay,
                "job_id": job_id,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        case_id = d.pop("case_id")

        doc_id = d.pop("doc_id")

        idempotent_replay = d.pop("idempotent_replay")

        job_id = d.pop("job_id")

        status = cast(Literal["queued"], d.pop("status"))
        if status != "queued":
            raise ValueError(f"status must match const 'queued', got '{status}'")

        process_accepted = cls(
            case_id=case_id,
            doc_id=doc_id,
            idempotent_replay=idempotent_replay,
            job_id=job_id,
            status=status,
        )

        process_accepted.additional_properties = d
        return process_accepted

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
