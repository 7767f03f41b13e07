from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.case_file_link_request_access import CaseFileLinkRequestAccess
from ..types import UNSET, Unset

T = TypeVar("T", bound="CaseFileLinkRequest")


@_attrs_define
class CaseFileLinkRequest:
    """
    Attributes:
        access (CaseFileLinkRequestAccess):
        handler_id (str):
        handler_name (str | Unset):
        ttl_hours (int | Unset):  Default: 168.
    """

    access: CaseFileLinkRequestAccess
    handler_id: str
    handler_name: str | Unset = UNSET
    ttl_hours: int | Unset = 168

    def to_dict(self) -> dict[str, Any]:
        access = self.access.value

        handler_id = self.handler_id

        handler_name = self.handler_name

        ttl_hours = self.ttl_hours

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "access": access,
                "handler_id": handler_id,
            }
        )
        if handler_name is not UNSET:
            field_dict["handler_name"] = handler_name
        if ttl_hours is not UNSET:
            field_dict["ttl_hours"] = ttl_hours

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        access = CaseFileLinkRequestAccess(d.pop("access"))

        handler_id = d.pop("handler_id")

        handler_name = d.pop("handler_name", UNSET)

        ttl_hours = d.pop("ttl_hours", UNSET)

        case_file_link_request = cls(
            access=access,
            handler_id=handler_id,
            handler_name=handler_name,
            ttl_hours=ttl_hours,
        )

        return case_file_link_request
