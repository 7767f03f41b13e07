from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

from ..types import UNSET, Unset

T = TypeVar("T", bound="CompleteReviewCommand")


@_attrs_define
class CompleteReviewCommand:
    """No payload.

    Attributes:
        command_type (Literal['complete_review']):
        expected_version (int): The review_version the handler decided on (0 before any command).
        handler_id (str):
        idempotency_key (str):
        handler_name (str | Unset):
        rationale (str | Unset):
    """

    command_type: Literal["complete_review"]
    expected_version: int
    handler_id: str
    idempotency_key: str
    handler_name: str | Unset = UNSET
    rationale: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        command_type = self.command_type

        expected_version = self.expected_version

        handler_id = self.handler_id

        idempotency_key = self.idempotency_key

        handler_name = self.handler_name

        rationale = self.rationale

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "command_type": command_type,
                "expected_version": expected_version,
                "handler_id": handler_id,
                "idempotency_key": idempotency_key,
            }
        )
        if handler_name is not UNSET:
            field_dict["handler_name"] = handler_name
        if rationale is not UNSET:
            field_dict["rationale"] = rationale

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        command_type = cast(Literal["complete_review"], d.pop("command_type"))
        if command_type != "complete_review":
            raise ValueError(f"command_type must match const 'complete_review', got '{command_type}'")

        expected_version = d.pop("expected_version")

        handler_id = d.pop("handler_id")

        idempotency_key = d.pop("idempotency_key")

        handler_name = d.pop("handler_name", UNSET)

        rationale = d.pop("rationale", UNSET)

        complete_review_command = cls(
            command_type=command_type,
            expected_version=expected_version,
            handler_id=handler_id,
            idempotency_key=idempotency_key,
            handler_name=handler_name,
            rationale=rationale,
        )

        return complete_review_command
