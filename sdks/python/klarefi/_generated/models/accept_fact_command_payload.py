from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

from ..types import UNSET, Unset

T = TypeVar("T", bound="AcceptFactCommandPayload")


@_attrs_define
class AcceptFactCommandPayload:
    """
    Attributes:
        fact_id (str):
        candidate_id (str | Unset):
    """

    fact_id: str
    candidate_id: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        fact_id = self.fact_id

        candidate_id = self.candidate_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "fact_id": fact_id,
            }
        )
        if candidate_id is not UNSET:
            field_dict["candidate_id"] = candidate_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        fact_id = d.pop("fact_id")

        candidate_id = d.pop("candidate_id", UNSET)

        accept_fact_command_payload = cls(
            fact_id=fact_id,
            candidate_id=candidate_id,
        )

        return accept_fact_command_payload
