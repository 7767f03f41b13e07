from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

from ..types import UNSET, Unset

T = TypeVar("T", bound="RequestClarificationCommand")


@_attrs_define
class RequestClarificationCommand:
    """Ask the claimant (question and/or fact_id).

    Attributes:
        command_type (Literal['request_clarification']):
        expected_version (int): The review_version the handler decided on (0 before any command).
        handler_id (str):
        idempotency_key (str):
        payload (Any):
        handler_name (str | Unset):
        rationale (str | Unset):
    """

    command_type: Literal["request_clarification"]
    expected_version: int
    handler_id: str
    idempotency_key: str
    payload: Any
    handler_name: str | Unset = UNSET
    rationale: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        command_type = self.command_type

        expected_version = self.expected_version

        handler_id = self.handler_id

        idempotency_key = self.idempotency_key

        payload: Any
        payload = self.payload

        handler_name = self.handler_name

        rationale = self.rationale

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "command_type": command_type,
                "expected_version": expected_version,
                "handler_id": handler_id,
                "idempotency_key": idempotency_key,
                "payload": payload,
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
        command_type = cast(Literal["request_clarification"], d.pop("command_type"))
        if command_type != "request_clarification":
            raise ValueError(f"command_type must match const 'request_clarification', got '{command_type}'")

        expected_version = d.pop("expected_version")

        handler_id = d.pop("handler_id")

        idempotency_key = d.pop("idempotency_key")

        def _parse_payload(data: object) -> Any:
            return cast(Any, data)

        payload = _parse_payload(d.pop("payload"))

        handler_name = d.pop("handler_name", UNSET)

        rationale = d.pop("rationale", UNSET)

        request_clarification_command = cls(
            command_type=command_type,
            expected_version=expected_version,
            handler_id=handler_id,
            idempotency_key=idempotency_key,
            payload=payload,
            handler_name=handler_name,
            rationale=rationale,
        )

        return request_clarification_command
