from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..models.webhook_event_environment import WebhookEventEnvironment
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.webhook_event_data import WebhookEventData
    from ..models.webhook_event_metadata import WebhookEventMetadata


T = TypeVar("T", bound="WebhookEvent")


@_attrs_define
class WebhookEvent:
    """
    Attributes:
        case_id (None | str): Null only on v1.webhook.test.
        created_at (datetime.datetime):
        data (WebhookEventData): What happened: per event type the case status, document ids, failure reasons or review
            commands (v1.webhook.test: a message); no personal data beyond ids and status.
        delivery_id (str): The same across retries of one delivery.
        environment (WebhookEventEnvironment):
        event (str): The unversioned event type (case.completed), as in the Mode-1 guide; the same as
            semantic_event_type.
        event_id (str):
        event_type (str): Versioned: v1.case.completed.
        occurred_at (datetime.datetime):
        org_id (str):
        schema_version (Literal['v1']):
        semantic_event_type (str):
        session_id (None | str): The case id for a hosted case; null for a processing case.
        timestamp (datetime.datetime): When the event happened (the same as occurred_at), as in the Mode-1 guide.
        external_applicant_id (None | str | Unset):
        external_case_id (None | str | Unset):
        external_customer_id (None | str | Unset):
        idempotency_key (None | str | Unset):
        metadata (WebhookEventMetadata | Unset): The case's metadata, as given when it was created (absent on
            v1.webhook.test).
        trace_id (None | str | Unset):
    """

    case_id: None | str
    created_at: datetime.datetime
    data: WebhookEventData
    delivery_id: str
    environment: WebhookEventEnvironment
    event: str
    event_id: str
    event_type: str
    occurred_at: datetime.datetime
    org_id: str
    schema_version: Literal["v1"]
    semantic_event_type: str
    session_id: None | str
    timestamp: datetime.datetime
    external_applicant_id: None | str | Unset = UNSET
    external_case_id: None | str | Unset = UNSET
    external_customer_id: None | str | Unset = UNSET
    idempotency_key: None | str | Unset = UNSET
    metadata: WebhookEventMetadata | Unset = UNSET
    trace_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        case_id: None | str
        case_id = self.case_id

        created_at = self.created_at.isoformat()

        data = self.data.to_dict()

        delivery_id = self.delivery_id

        environment = self.environment.value

        event = self.event

        event_id = self.event_id

        event_type = self.event_type

        occurred_at = self.occurred_at.isoformat()

        org_id = self.org_id

        schema_version = self.schema_version

        semantic_event_type = self.semantic_event_type

        session_id: None | str
        session_id = self.session_id

        timestamp = self.timestamp.isoformat()

        external_applicant_id: None | str | Unset
        if isinstance(self.external_applicant_id, Unset):
            external_applicant_id = UNSET
        else:
            external_applicant_id = self.external_applicant_id

        external_case_id: None | str | Unset
        if isinstance(self.external_case_id, Unset):
            external_case_id = UNSET
        else:
            external_case_id = self.external_case_id

        external_customer_id: None | str | Unset
        if isinstance(self.external_customer_id, Unset):
            external_customer_id = UNSET
        else:
            external_customer_id = self.external_customer_id

        idempotency_key: None | str | Unset
        if isinstance(self.idempotency_key, Unset):
            idempotency_key = UNSET
        else:
            idempotency_key = self.idempotency_key

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        trace_id: None | str | Unset
        if isinstance(self.trace_id, Unset):
            trace_id = UNSET
        else:
            trace_id = self.trace_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "case_id": case_id,
                "created_at": created_at,
                "data": data,
                "delivery_id": delivery_id,
                "environment": environment,
                "event": event,
                "event_id": event_id,
                "event_type": event_type,
                "occurred_at": occurred_at,
                "org_id": org_id,
                "schema_version": schema_version,
                "semantic_event_type": semantic_event_type,
                "session_id": session_id,
                "timestamp": timestamp,
            }
        )
        if external_applicant_id is not UNSET:
            field_dict["external_applicant_id"] = external_applicant_id
        if external_case_id is not UNSET:
            field_dict["external_case_id"] = external_case_id
        if external_customer_id is not UNSET:
            field_dict["external_customer_id"] = external_customer_id
        if idempotency_key is not UNSET:
            field_dict["idempotency_key"] = idempotency_key
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if trace_id is not UNSET:
            field_dict["trace_id"] = trace_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.webhook_event_data import WebhookEventData
        from ..models.webhook_event_metadata import WebhookEventMetadata

        d = dict(src_dict)

        def _parse_case_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        case_id = _parse_case_id(d.pop("case_id"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        data = WebhookEventData.from_dict(d.pop("data"))

        delivery_id = d.pop("delivery_id")

        environment = WebhookEventEnvironment(d.pop("environment"))

        event = d.pop("event")

        event_id = d.pop("event_id")

        event_type = d.pop("event_type")

        occurred_at = datetime.datetime.fromisoformat(d.pop("occurred_at"))

        org_id = d.pop("org_id")

        schema_version = cast(Literal["v1"], d.pop("schema_version"))
        if schema_version != "v1":
            raise ValueError(f"schema_version must match const 'v1', got '{schema_version}'")

        semantic_event_type = d.pop("semantic_event_type")

        def _parse_session_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        session_id = _parse_session_id(d.pop("session_id"))

        timestamp = datetime.datetime.fromisoformat(d.pop("timestamp"))

        def _parse_external_applicant_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        external_applicant_id = _parse_external_applicant_id(d.pop("external_applicant_id", UNSET))

        def _parse_external_case_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        external_case_id = _parse_external_case_id(d.pop("external_case_id", UNSET))

        def _parse_external_customer_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        external_customer_id = _parse_external_customer_id(d.pop("external_customer_id", UNSET))

        def _parse_idempotency_key(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        idempotency_key = _parse_idempotency_key(d.pop("idempotency_key", UNSET))

        _metadata = d.pop("metadata", UNSET)
        metadata: WebhookEventMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = WebhookEventMetadata.from_dict(_metadata)

        def _parse_trace_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        trace_id = _parse_trace_id(d.pop("trace_id", UNSET))

        webhook_event = cls(
            case_id=case_id,
            created_at=created_at,
            data=data,
            delivery_id=delivery_id,
            environment=environment,
            event=event,
            event_id=event_id,
            event_type=event_type,
            occurred_at=occurred_at,
            org_id=org_id,
            schema_version=schema_version,
            semantic_event_type=semantic_event_type,
            session_id=session_id,
            timestamp=timestamp,
            external_applicant_id=external_applicant_id,
            external_case_id=external_case_id,
            external_customer_id=external_customer_id,
            idempotency_key=idempotency_key,
            metadata=metadata,
            trace_id=trace_id,
        )

        webhook_event.additional_properties = d
        return webhook_event

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
