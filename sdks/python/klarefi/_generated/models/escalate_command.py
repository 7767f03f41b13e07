from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

from ..types import UNSET, Unset

T = TypeVar("T", bound="EscalateCommand")


@_attrs_define
class EscalateCommand:
    """No payload.

    Attributes:
        command_type (Literal['escalate']):
        expected_version (int): The review_version the handler decided on (0 before any command).
        handler_id (str):
        idempotency_key (str):
        rationale (str):
        handler_name (str | Unset):
    """

    command_type: Literal["escalate"]
    expected_version: int
    handler_id: str
    idempotency_key: str
    rationale: str
    handler_name: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        command_type = self.command_type

        expected_version = self.expected_version

        handler_id = self.handler_id

        idempotency_key = self.idempotency_key

        rationale = self.rationale

        handler_name = self.handler_name

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "command_type": command_type,
                "expected_version": expected_version,
                "handler_id": handler_id,
                "idempotency_key": idempotency_key,
                "rationale": rationale,
            }
        )
        if handler_name is not UNSET:
            field_dict["handler_name"] = handler_name

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        command_type = cast(Literal["escalate"], d.pop("command_type"))
        if command_type != "escalate":
            raise ValueError(f"command_type must match const 'escalate', got '{command_type}'")

        expected_version = d.pop("expected_version")

        handler_id = d.pop("handler_id")

        idempotency_key = d.pop("idempotency_key")

        rationale = d.pop("rationale")

        handler_name = d.pop("handler_name", UNSET)

        escalate_command = cls(
            command_type=command_type,
            expected_version=expected_version,
            handler_id=handler_id,
            idempotency_key=idempotency_key,
            rationale=rationale,
            handler_name=handler_name,
        )

        return escalate_command
