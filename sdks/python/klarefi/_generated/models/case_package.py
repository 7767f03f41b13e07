from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..models.known_case_status import KnownCaseStatus

if TYPE_CHECKING:
    from ..models.case_package_answers import CasePackageAnswers
    from ..models.case_package_facts import CasePackageFacts
    from ..models.case_package_metadata import CasePackageMetadata
    from ..models.package_document import PackageDocument
    from ..models.review import Review


T = TypeVar("T", bound="CasePackage")


@_attrs_define
class CasePackage:
    """
    Attributes:
        answers (CasePackageAnswers): fact id → what the applicant answered.
        case_file_url (None | str): A signed case-file link valid for 7 days (null if one cannot be made for the
            deployment).
        case_file_url_expires_at (datetime.datetime):
        case_id (str):
        case_type_id (str):
        created_at (datetime.datetime):
        documents (list[PackageDocument]):
        external_applicant_id (None | str):
        external_case_id (None | str):
        external_customer_id (None | str):
        facts (CasePackageFacts): fact id → the fact: value, decision, confidence and evidence.
        metadata (CasePackageMetadata): The metadata given when the case was created ({} when none).
        org_id (str):
        review (None | Review): The handlers' review; null for a case type without one.
        schema_version (Literal['case_package.v1']):
        status (KnownCaseStatus | str): Where the case stands (SPEC §3); more may be added: treat an unknown status as
            still in progress.
        trace_id (None | str):
        updated_at (datetime.datetime):
    """

    answers: CasePackageAnswers
    case_file_url: None | str
    case_file_url_expires_at: datetime.datetime
    case_id: str
    case_type_id: str
    created_at: datetime.datetime
    documents: list[PackageDocument]
    external_applicant_id: None | str
    external_case_id: None | str
    external_customer_id: None | str
    facts: CasePackageFacts
    metadata: CasePackageMetadata
    org_id: str
    review: None | Review
    schema_version: Literal["case_package.v1"]
    status: KnownCaseStatus | str
    trace_id: None | str
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.review import Review

        answers = self.answers.to_dict()

        case_file_url: None | str
        case_file_url = self.case_file_url

        case_file_url_expires_at = self.case_file_url_expires_at.isoformat()

        case_id = self.case_id

        case_type_id = self.case_type_id

        created_at = self.created_at.isoformat()

        documents = []
        for documents_item_data in self.documents:
            documents_item = documents_item_data.to_dict()
            documents.append(documents_item)

        external_applicant_id: None | str
        external_applicant_id = self.external_applicant_id

        external_case_id: None | str
        external_case_id = self.external_case_id

        external_customer_id: None | str
        external_customer_id = self.external_customer_id

        facts = self.facts.to_dict()

        metadata = self.metadata.to_dict()

        org_id = self.org_id

        review: dict[str, Any] | None
        if isinstance(self.review, Review):
            review = self.review.to_dict()
        else:
            review = self.review

        schema_version = self.schema_version

        status: str
        if isinstance(self.status, KnownCaseStatus):
            status = self.status.value
        else:
            status = self.status

        trace_id: None | str
        trace_id = self.trace_id

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "answers": answers,
                "case_file_url": case_file_url,
                "case_file_url_expires_at": case_file_url_expires_at,
                "case_id": case_id,
                "case_type_id": case_type_id,
                "created_at": created_at,
                "documents": documents,
                "external_applicant_id": external_applicant_id,
                "external_case_id": external_case_id,
                "external_customer_id": external_customer_id,
                "facts": facts,
                "metadata": metadata,
                "org_id": org_id,
                "review": review,
                "schema_version": schema_version,
                "status": status,
                "trace_id": trace_id,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.case_package_answers import CasePackageAnswers
        from ..models.case_package_facts import CasePackageFacts
        from ..models.case_package_metadata import CasePackageMetadata
        from ..models.package_document import PackageDocument
        from ..models.review import Review

        d = dict(src_dict)
        answers = CasePackageAnswers.from_dict(d.pop("answers"))

        def _parse_case_file_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        case_file_url = _parse_case_file_url(d.pop("case_file_url"))

        case_file_url_expires_at = datetime.datetime.fromisoformat(d.pop("case_file_url_expires_at"))

        case_id = d.pop("case_id")

        case_type_id = d.pop("case_type_id")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        documents = []
        _documents = d.pop("documents")
        for documents_item_data in _documents:
            documents_item = PackageDocument.from_dict(documents_item_data)

            documents.append(documents_item)

        def _parse_external_applicant_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        external_applicant_id = _parse_external_applicant_id(d.pop("external_applicant_id"))

        def _parse_external_case_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        external_case_id = _parse_external_case_id(d.pop("external_case_id"))

        def _parse_external_customer_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        external_customer_id = _parse_external_customer_id(d.pop("external_customer_id"))

        facts = CasePackageFacts.from_dict(d.pop("facts"))

        metadata = CasePackageMetadata.from_dict(d.pop("metadata"))

        org_id = d.pop("org_id")

        def _parse_review(data: object) -> None | Review:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                review_type_0 = Review.from_dict(data)

                return review_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Review, data)

        review = _parse_review(d.pop("review"))

        schema_version = cast(Literal["case_package.v1"], d.pop("schema_version"))
        if schema_version != "case_package.v1":
            raise ValueError(f"schema_version must match const 'case_package.v1', got '{schema_version}'")

        def _parse_status(data: object) -> KnownCaseStatus | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = KnownCaseStatus(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(KnownCaseStatus | str, data)

        status = _parse_status(d.pop("status"))

        def _parse_trace_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        trace_id = _parse_trace_id(d.pop("trace_id"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        case_package = cls(
            answers=answers,
            case_file_url=case_file_url,
            case_file_url_expires_at=case_file_url_expires_at,
            case_id=case_id,
            case_type_id=case_type_id,
            created_at=created_at,
            documents=documents,
            external_applicant_id=external_applicant_id,
            external_case_id=external_case_id,
            external_customer_id=external_customer_id,
            facts=facts,
            metadata=metadata,
            org_id=org_id,
            review=review,
            schema_version=schema_version,
            status=status,
            trace_id=trace_id,
            updated_at=updated_at,
        )

        case_package.additional_properties = d
        return case_package

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
