from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

T = TypeVar("T", bound="CorrectFactCommandPayload")


@_attrs_define
class CorrectFactCommandPayload:
    """
    Attributes:
        fact_id (str):
        value (str):
    """

    fact_id: str
    value: str

    def to_dict(self) -> dict[str, Any]:
        fact_id = self.fact_id

        value = self.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "fact_id": fact_id,
                "value": value,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        fact_id = d.pop("fact_id")

        value = d.pop("value")

        correct_fact_command_payload = cls(
            fact_id=fact_id,
            value=value,
        )

        return correct_fact_command_payload
