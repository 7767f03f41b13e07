from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.correct_fact_command_payload import CorrectFactCommandPayload
    from ..models.ignored_type_2 import IgnoredType2


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
    additional_properties: dict[str, bool | float | IgnoredType2 | list[bool | float | None | str] | None | str] = (
        _attrs_field(init=False, factory=dict)
    )

    def to_dict(self) -> dict[str, Any]:
        from ..models.ignored_type_2 import IgnoredType2

        command_type = self.command_type

        expected_version = self.expected_version

        handler_id = self.handler_id

        idempotency_key = self.idempotency_key

        payload = self.payload.to_dict()

        rationale = self.rationale

        handler_name = self.handler_name

        field_dict: dict[str, Any] = {}
        for prop_name, prop in self.additional_properties.items():
            if isinstance(prop, list):
                field_dict[prop_name] = []
                for componentsschemas_ignored_type_1_item_data in prop:
                    componentsschemas_ignored_type_1_item: bool | float | None | str
                    componentsschemas_ignored_type_1_item = componentsschemas_ignored_type_1_item_data
                    field_dict[prop_name].append(componentsschemas_ignored_type_1_item)

            elif isinstance(prop, IgnoredType2):
                field_dict[prop_name] = prop.to_dict()
            else:
                field_dict[prop_name] = prop

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
        from ..models.ignored_type_2 import IgnoredType2

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

        additional_properties = {}
        for prop_name, prop_dict in d.items():

            def _parse_additional_property(
                data: object,
            ) -> bool | float | IgnoredType2 | list[bool | float | None | str] | None | str:
                if data is None:
                    return data
                try:
                    if not isinstance(data, list):
                        raise TypeError()
                    componentsschemas_ignored_type_1 = []
                    _componentsschemas_ignored_type_1 = data
                    for componentsschemas_ignored_type_1_item_data in _componentsschemas_ignored_type_1:

                        def _parse_componentsschemas_ignored_type_1_item(data: object) -> bool | float | None | str:
                            if data is None:
                                return data
                            return cast(bool | float | None | str, data)

                        componentsschemas_ignored_type_1_item = _parse_componentsschemas_ignored_type_1_item(
                            componentsschemas_ignored_type_1_item_data
                        )

                        componentsschemas_ignored_type_1.append(componentsschemas_ignored_type_1_item)

                    return componentsschemas_ignored_type_1
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_ignored_type_2 = IgnoredType2.from_dict(data)

                    return componentsschemas_ignored_type_2
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                return cast(bool | float | IgnoredType2 | list[bool | float | None | str] | None | str, data)

            additional_property = _parse_additional_property(prop_dict)

            additional_properties[prop_name] = additional_property

        correct_fact_command.additional_properties = additional_properties
        return correct_fact_command

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> bool | float | IgnoredType2 | list[bool | float | None | str] | None | str:
        return self.additional_properties[key]

    def __setitem__(
        self, key: str, value: bool | float | IgnoredType2 | list[bool | float | None | str] | None | str
    ) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
