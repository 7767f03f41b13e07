from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

from ..types import UNSET, Unset

T = TypeVar("T", bound="AckRequest")


@_attrs_define
class AckRequest:
    """
    Attributes:
        acknowledgement_id (None | str | Unset):
    """

    acknowledgement_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        acknowledgement_id: None | str | Unset
        if isinstance(self.acknowledgement_id, Unset):
            acknowledgement_id = UNSET
        else:
            acknowledgement_id = self.acknowledgement_id

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if acknowledgement_id is not UNSET:
            field_dict["acknowledgement_id"] = acknowledgement_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_acknowledgement_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        acknowledgement_id = _parse_acknowledgement_id(d.pop("acknowledgement_id", UNSET))

        ack_request = cls(
            acknowledgement_id=acknowledgement_id,
        )

        return ack_request
