from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..models.known_evidence_method import KnownEvidenceMethod
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.location import Location


T = TypeVar("T", bound="Evidence")


@_attrs_define
class Evidence:
    """
    Attributes:
        doc_id (None | str): Null for an applicant's answer, a prefilled value or a handler's correction.
        evidence_id (str):
        location (Location | None):
        method (KnownEvidenceMethod | str): How the quote was read; more may be added.
        page_index (int | None): 0-based; null when not from a document.
        quote (str):
        disputed (bool | Unset): A case handler disputed it; it no longer counts when the fact is decided. Always
            present on case reads; absent in packages, which show only what counts.
    """

    doc_id: None | str
    evidence_id: str
    location: Location | None
    method: KnownEvidenceMethod | str
    page_index: int | None
    quote: str
    disputed: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.location import Location

        doc_id: None | str
        doc_id = self.doc_id

        evidence_id = self.evidence_id

        location: dict[str, Any] | None
        if isinstance(self.location, Location):
            location = self.location.to_dict()
        else:
            location = self.location

        method: str
        if isinstance(self.method, KnownEvidenceMethod):
            method = self.method.value
        else:
            method = self.method

        page_index: int | None
        page_index = self.page_index

        quote = self.quote

        disputed = self.disputed

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "doc_id": doc_id,
                "evidence_id": evidence_id,
                "location": location,
                "method": method,
                "page_index": page_index,
                "quote": quote,
            }
        )
        if disputed is not UNSET:
            field_dict["disputed"] = disputed

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.location import Location

        d = dict(src_dict)

        def _parse_doc_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        doc_id = _parse_doc_id(d.pop("doc_id"))

        evidence_id = d.pop("evidence_id")

        def _parse_location(data: object) -> Location | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                location_type_0 = Location.from_dict(data)

                return location_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Location | None, data)

        location = _parse_location(d.pop("location"))

        def _parse_method(data: object) -> KnownEvidenceMethod | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                method_type_0 = KnownEvidenceMethod(data)

                return method_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(KnownEvidenceMethod | str, data)

        method = _parse_method(d.pop("method"))

        def _parse_page_index(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        page_index = _parse_page_index(d.pop("page_index"))

        quote = d.pop("quote")

        disputed = d.pop("disputed", UNSET)

        evidence = cls(
            doc_id=doc_id,
            evidence_id=evidence_id,
            location=location,
            method=method,
            page_index=page_index,
            quote=quote,
            disputed=disputed,
        )

        evidence.additional_properties = d
        return evidence

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
