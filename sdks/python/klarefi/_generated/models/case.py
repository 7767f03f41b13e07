from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..models.case_mode import CaseMode
from ..models.known_case_status import KnownCaseStatus

if TYPE_CHECKING:
    from ..models.case_features import CaseFeatures
    from ..models.case_metadata import CaseMetadata


T = TypeVar("T", bound="Case")


@_attrs_define
class Case:
    """
    Attributes:
        case_id (str):
        case_type_id (str):
        created_at (datetime.datetime):
        document_ids (list[str]):
        external_applicant_id (None | str):
        external_case_id (None | str):
        external_customer_id (None | str):
        features (CaseFeatures): fact id → the fact's decision, candidates and evidence (the API calls facts features).
        metadata (CaseMetadata): The metadata given when the case was created ({} when none).
        mode (CaseMode):
        org_id (str):
        status (KnownCaseStatus | str): Where the case stands (SPEC §3); more may be added: treat an unknown status as
            still in progress.
        trace_id (None | str):
        updated_at (datetime.datetime):
    """

    case_id: str
    case_type_id: str
    created_at: datetime.datetime
    document_ids: list[str]
    external_applicant_id: None | str
    external_case_id: None | str
    external_customer_id: None | str
    features: CaseFeatures
    metadata: CaseMetadata
    mode: CaseMode
    org_id: str
    status: KnownCaseStatus | str
    trace_id: None | str
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        case_id = self.case_id

        case_type_id = self.case_type_id

        created_at = self.created_at.isoformat()

        document_ids = self.document_ids

        external_applicant_id: None | str
        external_applicant_id = self.external_applicant_id

        external_case_id: None | str
        external_case_id = self.external_case_id

        external_customer_id: None | str
        external_customer_id = self.external_customer_id

        features = self.features.to_dict()

        metadata = self.metadata.to_dict()

        mode = self.mode.value

        org_id = self.org_id

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
                "case_id": case_id,
                "case_type_id": case_type_id,
                "created_at": created_at,
                "document_ids": document_ids,
                "external_applicant_id": external_applicant_id,
                "external_case_id": external_case_id,
                "external_customer_id": external_customer_id,
                "features": features,
                "metadata": metadata,
                "mode": mode,
                "org_id": org_id,
                "status": status,
                "trace_id": trace_id,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.case_features import CaseFeatures
        from ..models.case_metadata import CaseMetadata

        d = dict(src_dict)
        case_id = d.pop("case_id")

        case_type_id = d.pop("case_type_id")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        document_ids = cast(list[str], d.pop("document_ids"))

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

        features = CaseFeatures.from_dict(d.pop("features"))

        metadata = CaseMetadata.from_dict(d.pop("metadata"))

        mode = CaseMode(d.pop("mode"))

        org_id = d.pop("org_id")

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

        case = cls(
            case_id=case_id,
            case_type_id=case_type_id,
            created_at=created_at,
            document_ids=document_ids,
            external_applicant_id=external_applicant_id,
            external_case_id=external_case_id,
            external_customer_id=external_customer_id,
            features=features,
            metadata=metadata,
            mode=mode,
            org_id=org_id,
            status=status,
            trace_id=trace_id,
            updated_at=updated_at,
        )

        case.additional_properties = d
        return case

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
