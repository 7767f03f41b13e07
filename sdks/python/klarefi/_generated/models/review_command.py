from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..models.review_command_status import ReviewCommandStatus
from ..models.review_command_via import ReviewCommandVia

if TYPE_CHECKING:
    from ..models.review_command_payload import ReviewCommandPayload
    from ..models.review_command_reason_type_0 import ReviewCommandReasonType0
    from ..models.review_command_result_type_0 import ReviewCommandResultType0


T = TypeVar("T", bound="ReviewCommand")


@_attrs_define
class ReviewCommand:
    """
    Attributes:
        case_id (str):
        command_id (str):
        command_type (str):
        created_at (datetime.datetime):
        handler_id (str):
        handler_name (None | str):
        idempotent_replay (bool):
        link_id (None | str):
        payload (ReviewCommandPayload): The payload as sent.
        rationale (None | str):
        reason (None | ReviewCommandReasonType0): Rejected: code (version_conflict, case_not_in_review,
            nothing_to_accept, no_applicant_link, required_facts_open), message, open_facts, and review: the review as it
            stood.
        result (None | ReviewCommandResultType0): Applied: what it did (fact_id, evidence_id, decision, reason,
            review_state, case_status, review_version).
        review_version (int):
        status (ReviewCommandStatus):
        via (ReviewCommandVia):
    """

    case_id: str
    command_id: str
    command_type: str
    created_at: datetime.datetime
    handler_id: str
    handler_name: None | str
    idempotent_replay: bool
    link_id: None | str
    payload: ReviewCommandPayload
    rationale: None | str
    reason: None | ReviewCommandReasonType0
    result: None | ReviewCommandResultType0
    review_version: int
    status: ReviewCommandStatus
    via: ReviewCommandVia
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.review_command_reason_type_0 import ReviewCommandReasonType0
        from ..models.review_command_result_type_0 import ReviewCommandResultType0

        case_id = self.case_id

        command_id = self.command_id

        command_type = self.command_type

        created_at = self.created_at.isoformat()

        handler_id = self.handler_id

        handler_name: None | str
        handler_name = self.handler_name

        idempotent_replay = self.idempotent_replay

        link_id: None | str
        link_id = self.link_id

        payload = self.payload.to_dict()

        rationale: None | str
        rationale = self.rationale

        reason: dict[str, Any] | None
        if isinstance(self.reason, ReviewCommandReasonType0):
            reason = self.reason.to_dict()
        else:
            reason = self.reason

        result: dict[str, Any] | None
        if isinstance(self.result, ReviewCommandResultType0):
            result = self.result.to_dict()
        else:
            result = self.result

        review_version = self.review_version

        status = self.status.value

        via = self.via.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "case_id": case_id,
                "command_id": command_id,
                "command_type": command_type,
                "created_at": created_at,
                "handler_id": handler_id,
                "handler_name": handler_name,
                "idempotent_replay": idempotent_replay,
                "link_id": link_id,
                "payload": payload,
                "rationale": rationale,
                "reason": reason,
                "result": result,
                "review_version": review_version,
                "status": status,
                "via": via,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.review_command_payload import ReviewCommandPayload
        from ..models.review_command_reason_type_0 import ReviewCommandReasonType0
        from ..models.review_command_result_type_0 import ReviewCommandResultType0

        d = dict(src_dict)
        case_id = d.pop("case_id")

        command_id = d.pop("command_id")

        command_type = d.pop("command_type")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        handler_id = d.pop("handler_id")

        def _parse_handler_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        handler_name = _parse_handler_name(d.pop("handler_name"))

        idempotent_replay = d.pop("idempotent_replay")

        def _parse_link_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        link_id = _parse_link_id(d.pop("link_id"))

        payload = ReviewCommandPayload.from_dict(d.pop("payload"))

        def _parse_rationale(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        rationale = _parse_rationale(d.pop("rationale"))

        def _parse_reason(data: object) -> None | ReviewCommandReasonType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                reason_type_0 = ReviewCommandReasonType0.from_dict(data)

                return reason_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ReviewCommandReasonType0, data)

        reason = _parse_reason(d.pop("reason"))

        def _parse_result(data: object) -> None | ReviewCommandResultType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                result_type_0 = ReviewCommandResultType0.from_dict(data)

                return result_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ReviewCommandResultType0, data)

        result = _parse_result(d.pop("result"))

        review_version = d.pop("review_version")

        status = ReviewCommandStatus(d.pop("status"))

        via = ReviewCommandVia(d.pop("via"))

        review_command = cls(
            case_id=case_id,
            command_id=command_id,
            command_type=command_type,
            created_at=created_at,
            handler_id=handler_id,
            handler_name=handler_name,
            idempotent_replay=idempotent_replay,
            link_id=link_id,
            payload=payload,
            rationale=rationale,
            reason=reason,
            result=result,
            review_version=review_version,
            status=status,
            via=via,
        )

        review_command.additional_properties = d
        return review_command

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
