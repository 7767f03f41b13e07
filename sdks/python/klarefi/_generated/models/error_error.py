from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..models.known_error_type import KnownErrorType

T = TypeVar("T", bound="ErrorError")


@_attrs_define
class ErrorError:
    """
    Attributes:
        code (str): A stable snake_case name of what went wrong (missing_api_key, invalid_field, case_not_found, …).
        message (str):
        request_id (str): Also the X-Request-Id header; quote it when asking for support.
        type_ (KnownErrorType | str): The class of error (its status); more may be added.
    """

    code: str
    message: str
    request_id: str
    type_: KnownErrorType | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        message = self.message

        request_id = self.request_id

        type_: str
        if isinstance(self.type_, KnownErrorType):
            type_ = self.type_.value
        else:
            type_ = self.type_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "message": message,
                "request_id": request_id,
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        code = d.pop("code")

        message = d.pop("message")

        request_id = d.pop("request_id")

        def _parse_type_(data: object) -> KnownErrorType | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                type_type_0 = KnownErrorType(data)

                return type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(KnownErrorType | str, data)

        type_ = _parse_type_(d.pop("type"))

        error_error = cls(
            code=code,
            message=message,
            request_id=request_id,
            type_=type_,
        )

        error_error.additional_properties = d
        return error_error

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
