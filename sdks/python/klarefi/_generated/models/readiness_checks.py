from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..models.readiness_checks_blob_store import ReadinessChecksBlobStore
from ..models.readiness_checks_database import ReadinessChecksDatabase

T = TypeVar("T", bound="ReadinessChecks")


@_attrs_define
class ReadinessChecks:
    """
    Attributes:
        blob_store (ReadinessChecksBlobStore):
        database (ReadinessChecksDatabase):
    """

    blob_store: ReadinessChecksBlobStore
    database: ReadinessChecksDatabase
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        blob_store = self.blob_store.value

        database = self.database.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "blob_store": blob_store,
                "database": database,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        blob_store = ReadinessChecksBlobStore(d.pop("blob_store"))

        database = ReadinessChecksDatabase(d.pop("database"))

        readiness_checks = cls(
            blob_store=blob_store,
            database=database,
        )

        readiness_checks.additional_properties = d
        return readiness_checks

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
