from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..models.known_case_status import KnownCaseStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.webhook_event_data_features import WebhookEventDataFeatures


T = TypeVar("T", bound="WebhookEventData")


@_attrs_define
class WebhookEventData:
    """What happened: per event type the case status, document ids, failure reasons or review commands (v1.webhook.test: a
    message); no personal data beyond ids and status.

        Attributes:
            case_status (KnownCaseStatus | str | Unset): Where the case stands (SPEC §3); more may be added: treat an
                unknown status as still in progress.
            features (WebhookEventDataFeatures | Unset): Only on case.completed, case.needs_review and
                case.applicant_blocked: the case read's features as they are when the delivery is attempted.
    """

    case_status: KnownCaseStatus | str | Unset = UNSET
    features: WebhookEventDataFeatures | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        case_status: str | Unset
        if isinstance(self.case_status, Unset):
            case_status = UNSET
        elif isinstance(self.case_status, KnownCaseStatus):
            case_status = self.case_status.value
        else:
            case_status = self.case_status

        features: dict[str, Any] | Unset = UNSET
        if not isinstance(self.features, Unset):
            features = self.features.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if case_status is not UNSET:
            field_dict["case_status"] = case_status
        if features is not UNSET:
            field_dict["features"] = features

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.webhook_event_data_features import WebhookEventDataFeatures

        d = dict(src_dict)

        def _parse_case_status(data: object) -> KnownCaseStatus | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                case_status_type_0 = KnownCaseStatus(data)

                return case_status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(KnownCaseStatus | str | Unset, data)

        case_status = _parse_case_status(d.pop("case_status", UNSET))

        _features = d.pop("features", UNSET)
        features: WebhookEventDataFeatures | Unset
        if isinstance(_features, Unset):
            features = UNSET
        else:
            features = WebhookEventDataFeatures.from_dict(_features)

        webhook_event_data = cls(
            case_status=case_status,
            features=features,
        )

        webhook_event_data.additional_properties = d
        return webhook_event_data

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
