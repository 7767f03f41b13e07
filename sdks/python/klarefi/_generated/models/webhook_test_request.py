from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

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

    def to_dict(self) -> dict[str, Any]:
        endpoint_url = self.endpoint_url

        signing_secret = self.signing_secret

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "endpoint_url": endpoint_url,
                "signing_secret": signing_secret,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        endpoint_url = d.pop("endpoint_url")

        signing_secret = d.pop("signing_secret")

        webhook_test_request = cls(
            endpoint_url=endpoint_url,
            signing_secret=signing_secret,
        )

        return webhook_test_request
