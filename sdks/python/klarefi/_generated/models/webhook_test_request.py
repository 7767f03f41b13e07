from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

if TYPE_CHECKING:
    from ..models.ignored_type_2 import IgnoredType2


T = TypeVar("T", bound="WebhookTestRequest")


@_attrs_define
class WebhookTestRequest:
    """
    Attributes:
        endpoint_url (str):
        signing_secret (str):
    """

    endpoint_url: str
    signing_secret: str
    additional_properties: dict[str, bool | float | IgnoredType2 | list[bool | float | None | str] | None | str] = (
        _attrs_field(init=False, factory=dict)
    )

    def to_dict(self) -> dict[str, Any]:
        from ..models.ignored_type_2 import IgnoredType2

        endpoint_url = self.endpoint_url

        signing_secret = self.signing_secret

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
                "endpoint_url": endpoint_url,
                "signing_secret": signing_secret,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.ignored_type_2 import IgnoredType2

        d = dict(src_dict)
        endpoint_url = d.pop("endpoint_url")

        signing_secret = d.pop("signing_secret")

        webhook_test_request = cls(
            endpoint_url=endpoint_url,
            signing_secret=signing_secret,
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

        webhook_test_request.additional_properties = additional_properties
        return webhook_test_request

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
