from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.accept_fact_command_payload import AcceptFactCommandPayload


T = TypeVar("T", bound="AcceptFactCommand")


@_attrs_define
class AcceptFactCommand:
    """Keep a fact's value.

    Attributes:
        command_type (Literal['accept_fact']):
        expected_version (int): The review_version the handler decided on (0 before any command).
        handler_id (str):
        idempotency_key (str):
        payload (AcceptFactCommandPayload):
        handler_name (str | Unset):
        rationale (str | Unset):
    """

    command_type: Literal["accept_fact"]
    expected_version: int
    handler_id: str
    idempotency_key: str
    payload: AcceptFactCommandPayload
    handler_name: str | Unset = UNSET
    rationale: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        command_type = self.command_type

        expected_version = self.expected_version

        handler_id = self.handler_id

        idempotency_key = self.idempotency_key

        payload = self.payload.to_dict()

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
        from ..models.accept_fact_command_payload import AcceptFactCommandPayload

        d = dict(src_dict)
        command_type = cast(Literal["accept_fact"], d.pop("command_type"))
        if command_type != "accept_fact":
            raise ValueError(f"command_type must match const 'accept_fact', got '{command_type}'")

        expected_version = d.pop("expected_version")

        handler_id = d.pop("handler_id")

        idempotency_key = d.pop("idempotency_key")

        payload = AcceptFactCommandPayload.from_dict(d.pop("payload"))

        handler_name = d.pop("handler_name", UNSET)

        rationale = d.pop("rationale", UNSET)

        accept_fact_command = cls(
            command_type=command_type,
            expected_version=expected_version,
            handler_id=handler_id,
            idempotency_key=idempotency_key,
            payload=payload,
            handler_name=handler_name,
            rationale=rationale,
        )

        return accept_fact_command
