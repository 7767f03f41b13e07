from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.correct_fact_command_payload import CorrectFactCommandPayload


T = TypeVar("T", bound="CorrectFactCommand")


@_attrs_define
class CorrectFactCommand:
    """Set a fact's value.

    Attributes:
        command_type (Literal['correct_fact']):
        expected_version (int): The review_version the handler decided on (0 before any command).
        handler_id (str):
        idempotency_key (str):
        payload (CorrectFactCommandPayload):
        rationale (str):
        handler_name (str | Unset):
    """

    command_type: Literal["correct_fact"]
    expected_version: int
    handler_id: str
    idempotency_key: str
    payload: CorrectFactCommandPayload
    rationale: str
    handler_name: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        command_type = self.command_type

        expected_version = self.expected_version

        handler_id = self.handler_id

        idempotency_key = self.idempotency_key

        payload = self.payload.to_dict()

        rationale = self.rationale

        handler_name = self.handler_name

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "command_type": command_type,
                "expected_version": expected_version,
                "handler_id": handler_id,
                "idempotency_key": idempotency_key,
                "payload": payload,
                "rationale": rationale,
            }
        )
        if handler_name is not UNSET:
            field_dict["handler_name"] = handler_name

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.correct_fact_command_payload import CorrectFactCommandPayload

        d = dict(src_dict)
        command_type = cast(Literal["correct_fact"], d.pop("command_type"))
        if command_type != "correct_fact":
            raise ValueError(f"command_type must match const 'correct_fact', got '{command_type}'")

        expected_version = d.pop("expected_version")

        handler_id = d.pop("handler_id")

        idempotency_key = d.pop("idempotency_key")

        payload = CorrectFactCommandPayload.from_dict(d.pop("payload"))

        rationale = d.pop("rationale")

        handler_name = d.pop("handler_name", UNSET)

        correct_fact_command = cls(
            command_type=command_type,
            expected_version=expected_version,
            handler_id=handler_id,
            idempotency_key=idempotency_key,
            payload=payload,
            rationale=rationale,
            handler_name=handler_name,
        )

        return correct_fact_command
