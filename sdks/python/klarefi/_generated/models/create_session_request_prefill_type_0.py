from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.create_session_request_prefill_type_0_field_values import CreateSessionRequestPrefillType0FieldValues


T = TypeVar("T", bound="CreateSessionRequestPrefillType0")


@_attrs_define
class CreateSessionRequestPrefillType0:
    """
    Attributes:
        field_values (CreateSessionRequestPrefillType0FieldValues | Unset): fact id → value; each value passes the
            checks an applicant's answer passes (type, length, dates, amount limits).
    """

    field_values: CreateSessionRequestPrefillType0FieldValues | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        field_values: dict[str, Any] | Unset = UNSET
        if not isinstance(self.field_values, Unset):
            field_values = self.field_values.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if field_values is not UNSET:
            field_dict["field_values"] = field_values

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.create_session_request_prefill_type_0_field_values import (
            CreateSessionRequestPrefillType0FieldValues,
        )

        d = dict(src_dict)
        _field_values = d.pop("field_values", UNSET)
        field_values: CreateSessionRequestPrefillType0FieldValues | Unset
        if isinstance(_field_values, Unset):
            field_values = UNSET
        else:
            field_values = CreateSessionRequestPrefillType0FieldValues.from_dict(_field_values)

        create_session_request_prefill_type_0 = cls(
            field_values=field_values,
        )

        return create_session_request_prefill_type_0
