from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..models.case_file_link_access import CaseFileLinkAccess

T = TypeVar("T", bound="CaseFileLink")


@_attrs_define
class CaseFileLink:
    """
    Attributes:
        access (CaseFileLinkAccess):
        case_id (str):
        expires_at (datetime.datetime):
        handler_id (str):
        handler_name (None | str):
        link_id (str):
        url (str):
    """

    access: CaseFileLinkAccess
    case_id: str
    expires_at: datetime.datetime
    handler_id: str
    handler_name: None | str
    link_id: str
    url: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        access = self.access.value

        case_id = self.case_id

        expires_at = self.expires_at.isoformat()

        handler_id = self.handler_id

        handler_name: None | str
        handler_name = self.handler_name

        link_id = self.link_id

        url = self.url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "access": access,
                "case_id": case_id,
                "expires_at": expires_at,
                "handler_id": handler_id,
                "handler_name": handler_name,
                "link_id": link_id,
                "url": url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        access = CaseFileLinkAccess(d.pop("access"))

        case_id = d.pop("case_id")

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        handler_id = d.pop("handler_id")

        def _parse_handler_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        handler_name = _parse_handler_name(d.pop("handler_name"))

        link_id = d.pop("link_id")

        url = d.pop("url")

        case_file_link = cls(
            access=access,
            case_id=case_id,
            expires_at=expires_at,
            handler_id=handler_id,
            handler_name=handler_name,
            link_id=link_id,
            url=url,
        )

        case_file_link.additional_properties = d
        return case_file_link

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
