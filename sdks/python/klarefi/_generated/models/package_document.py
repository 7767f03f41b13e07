from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..models.known_document_kind import KnownDocumentKind
from ..models.known_document_status import KnownDocumentStatus

T = TypeVar("T", bound="PackageDocument")


@_attrs_define
class PackageDocument:
    """
    Attributes:
        byte_size (int | None): Null while queued or when it could not be fetched.
        content_type (None | str): Null while the document is queued (not fetched yet) or when it could not be fetched.
        doc_id (str):
        failure_reason (None | str): Why it failed: for a fetched document host_not_found, dns_failed, http_status,
            address_not_allowed, scheme_not_allowed, redirect_not_allowed, too_many_redirects, too_large, timeout,
            connect_failed or unsupported_type; for reading unreadable, encrypted, too_many_pages, crashed, timeout,
            ocr_unavailable, …
        filename (None | str):
        kind (KnownDocumentKind | None | str): What the reader took the document for; more may be added (treat an
            unknown value as unknown). Null until read.
        kind_confidence (float | None): How sure the reader is of `kind`.
        pages (int | None):
        sha256 (None | str): Null while queued or when it could not be fetched.
        status (KnownDocumentStatus | str): queued (the processing API has not fetched it yet), received (stored, not
            read yet), processed, failed (see failure_reason) or stored (kept, nothing to read). More may be added.
    """

    byte_size: int | None
    content_type: None | str
    doc_id: str
    failure_reason: None | str
    filename: None | str
    kind: KnownDocumentKind | None | str
    kind_confidence: float | None
    pages: int | None
    sha256: None | str
    status: KnownDocumentStatus | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        byte_size: int | None
        byte_size = self.byte_size

        content_type: None | str
        content_type = self.content_type

        doc_id = self.doc_id

        failure_reason: None | str
        failure_reason = self.failure_reason

        filename: None | str
        filename = self.filename

        kind: None | str
        if isinstance(self.kind, KnownDocumentKind):
            kind = self.kind.value
        else:
            kind = self.kind

        kind_confidence: float | None
        kind_confidence = self.kind_confidence

        pages: int | None
        pages = self.pages

        sha256: None | str
        sha256 = self.sha256

        status: str
        if isinstance(self.status, KnownDocumentStatus):
            status = self.status.value
        else:
            status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "byte_size": byte_size,
                "content_type": content_type,
                "doc_id": doc_id,
                "failure_reason": failure_reason,
                "filename": filename,
                "kind": kind,
                "kind_confidence": kind_confidence,
                "pages": pages,
                "sha256": sha256,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_byte_size(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        byte_size = _parse_byte_size(d.pop("byte_size"))

        def _parse_content_type(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        content_type = _parse_content_type(d.pop("content_type"))

        doc_id = d.pop("doc_id")

        def _parse_failure_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        failure_reason = _parse_failure_reason(d.pop("failure_reason"))

        def _parse_filename(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        filename = _parse_filename(d.pop("filename"))

        def _parse_kind(data: object) -> KnownDocumentKind | None | str:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                kind_type_0 = KnownDocumentKind(data)

                return kind_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(KnownDocumentKind | None | str, data)

        kind = _parse_kind(d.pop("kind"))

        def _parse_kind_confidence(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        kind_confidence = _parse_kind_confidence(d.pop("kind_confidence"))

        def _parse_pages(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        pages = _parse_pages(d.pop("pages"))

        def _parse_sha256(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        sha256 = _parse_sha256(d.pop("sha256"))

        def _parse_status(data: object) -> KnownDocumentStatus | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = KnownDocumentStatus(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(KnownDocumentStatus | str, data)

        status = _parse_status(d.pop("status"))

        package_document = cls(
            byte_size=byte_size,
            content_type=content_type,
            doc_id=doc_id,
            failure_reason=failure_reason,
            filename=filename,
            kind=kind,
            kind_confidence=kind_confidence,
            pages=pages,
            sha256=sha256,
            status=status,
        )

        package_document.additional_properties = d
        return package_document

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
