from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..models.known_delivery_status import KnownDeliveryStatus

T = TypeVar("T", bound="Acknowledgement")


@_attrs_define
class Acknowledgement:
    """
    Attributes:
        acknowledged (bool):
        acknowledged_at (datetime.datetime):
        acknowledgement_id (None | str):
        delivery_id (str):
        status (KnownDeliveryStatus | str): The delivery's status; more may be added.
    """

    acknowledged: bool
    acknowledged_at: datetime.datetime
    acknowledgement_id: None | str
    delivery_id: str
    status: KnownDeliveryStatus | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        acknowledged = self.acknowledged

        acknowledged_at = self.acknowledged_at.isoformat()

        acknowledgement_id: None | str
        acknowledgement_id = self.acknowledgement_id

        delivery_id = self.delivery_id

        status: str
        if isinstance(self.status, KnownDeliveryStatus):
            status = self.status.value
        else:
            status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "acknowledged": acknowledged,
                "acknowledged_at": acknowledged_at,
                "acknowledgement_id": acknowledgement_id,
                "delivery_id": delivery_id,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        acknowledged = d.pop("acknowledged")

        acknowledged_at = datetime.datetime.fromisoformat(d.pop("acknowledged_at"))

        def _parse_acknowledgement_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        acknowledgement_id = _parse_acknowledgement_id(d.pop("acknowledgement_id"))

        delivery_id = d.pop("delivery_id")

        def _parse_status(data: object) -> KnownDeliveryStatus | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = KnownDeliveryStatus(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(KnownDeliveryStatus | str, data)

        status = _parse_status(d.pop("status"))

        acknowledgement = cls(
            acknowledged=acknowledged,
            acknowledged_at=acknowledged_at,
            acknowledgement_id=acknowledgement_id,
            delivery_id=delivery_id,
            status=status,
        )

        acknowledgement.additional_properties = d
        return acknowledgement

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
