"""Contains all the data models used in inputs/outputs"""

from .accept_fact_command import AcceptFactCommand
from .accept_fact_command_payload import AcceptFactCommandPayload
from .ack_request import AckRequest
from .acknowledgement import Acknowledgement
from .case import Case
from .case_event import CaseEvent
from .case_event_data import CaseEventData
from .case_events import CaseEvents
from .case_features import CaseFeatures
from .case_file_link import CaseFileLink
from .case_file_link_access import CaseFileLinkAccess
from .case_file_link_request import CaseFileLinkRequest
from .case_file_link_request_access import CaseFileLinkRequestAccess
from .case_metadata import CaseMetadata
from .case_mode import CaseMode
from .case_package import CasePackage
from .case_package_answers import CasePackageAnswers
from .case_package_facts import CasePackageFacts
from .case_package_metadata import CasePackageMetadata
from .complete_review_command import CompleteReviewCommand
from .correct_fact_command import CorrectFactCommand
from .correct_fact_command_payload import CorrectFactCommandPayload
from .create_session_request import CreateSessionRequest
from .create_session_request_case_type_id import CreateSessionRequestCaseTypeId
from .create_session_request_metadata_type_0 import CreateSessionRequestMetadataType0
from .create_session_request_prefill_type_0 import CreateSessionRequestPrefillType0
from .create_session_request_prefill_type_0_field_values import CreateSessionRequestPrefillType0FieldValues
from .decision import Decision
from .dispute_evidence_command import DisputeEvidenceCommand
from .dispute_evidence_command_payload import DisputeEvidenceCommandPayload
from .erasure import Erasure
from .erasure_erasure_receipt import ErasureErasureReceipt
from .error import Error
from .error_error import ErrorError
from .escalate_command import EscalateCommand
from .evidence import Evidence
from .feature import Feature
from .feature_candidates_item import FeatureCandidatesItem
from .feature_decision import FeatureDecision
from .health import Health
from .known_candidate_source import KnownCandidateSource
from .known_case_status import KnownCaseStatus
from .known_decision_reason import KnownDecisionReason
from .known_delivery_status import KnownDeliveryStatus
from .known_document_kind import KnownDocumentKind
from .known_document_status import KnownDocumentStatus
from .known_error_type import KnownErrorType
from .known_evidence_method import KnownEvidenceMethod
from .known_review_state import KnownReviewState
from .list_review_queue_case_type_id import ListReviewQueueCaseTypeId
from .list_review_queue_status import ListReviewQueueStatus
from .location import Location
from .me import Me
from .me_environment import MeEnvironment
from .open_api import OpenApi
from .package_answer import PackageAnswer
from .package_document import PackageDocument
from .package_fact import PackageFact
from .process_accepted import ProcessAccepted
from .process_request import ProcessRequest
from .process_request_case_type_id import ProcessRequestCaseTypeId
from .process_request_metadata_type_0 import ProcessRequestMetadataType0
from .readiness import Readiness
from .readiness_checks import ReadinessChecks
from .readiness_checks_blob_store import ReadinessChecksBlobStore
from .readiness_checks_database import ReadinessChecksDatabase
from .readiness_status import ReadinessStatus
from .request_clarification_command import RequestClarificationCommand
from .review import Review
from .review_actions_item import ReviewActionsItem
from .review_actions_item_status import ReviewActionsItemStatus
from .review_actions_item_via import ReviewActionsItemVia
from .review_clarifications_item import ReviewClarificationsItem
from .review_command import ReviewCommand
from .review_command_payload import ReviewCommandPayload
from .review_command_reason_type_0 import ReviewCommandReasonType0
from .review_command_result_type_0 import ReviewCommandResultType0
from .review_command_status import ReviewCommandStatus
from .review_command_via import ReviewCommandVia
from .review_completion_type_0 import ReviewCompletionType0
from .review_escalation_type_0 import ReviewEscalationType0
from .review_facts import ReviewFacts
from .review_facts_additional_property import ReviewFactsAdditionalProperty
from .review_queue import ReviewQueue
from .review_queue_items_item import ReviewQueueItemsItem
from .review_queue_items_item_reasons_item import ReviewQueueItemsItemReasonsItem
from .session import Session
from .session_created import SessionCreated
from .session_created_locale_fallback import SessionCreatedLocaleFallback
from .session_created_locale_fallback_used import SessionCreatedLocaleFallbackUsed
from .session_metadata import SessionMetadata
from .webhook_event import WebhookEvent
from .webhook_event_data import WebhookEventData
from .webhook_event_data_features import WebhookEventDataFeatures
from .webhook_event_environment import WebhookEventEnvironment
from .webhook_event_metadata import WebhookEventMetadata
from .webhook_test_request import WebhookTestRequest
from .webhook_test_result import WebhookTestResult

__all__ = (
    "AcceptFactCommand",
    "AcceptFactCommandPayload",
    "AckRequest",
    "Acknowledgement",
    "Case",
    "CaseEvent",
    "CaseEventData",
    "CaseEvents",
    "CaseFeatures",
    "CaseFileLink",
    "CaseFileLinkAccess",
    "CaseFileLinkRequest",
    "CaseFileLinkRequestAccess",
    "CaseMetadata",
    "CaseMode",
    "CasePackage",
    "CasePackageAnswers",
    "CasePackageFacts",
    "CasePackageMetadata",
    "CompleteReviewCommand",
    "CorrectFactCommand",
    "CorrectFactCommandPayload",
    "CreateSessionRequest",
    "CreateSessionRequestCaseTypeId",
    "CreateSessionRequestMetadataType0",
    "CreateSessionRequestPrefillType0",
    "CreateSessionRequestPrefillType0FieldValues",
    "Decision",
    "DisputeEvidenceCommand",
    "DisputeEvidenceCommandPayload",
    "Erasure",
    "ErasureErasureReceipt",
    "Error",
    "ErrorError",
    "EscalateCommand",
    "Evidence",
    "Feature",
    "FeatureCandidatesItem",
    "FeatureDecision",
    "Health",
    "KnownCandidateSource",
    "KnownCaseStatus",
    "KnownDecisionReason",
    "KnownDeliveryStatus",
    "KnownDocumentKind",
    "KnownDocumentStatus",
    "KnownErrorType",
    "KnownEvidenceMethod",
    "KnownReviewState",
    "ListReviewQueueCaseTypeId",
    "ListReviewQueueStatus",
    "Location",
    "Me",
    "MeEnvironment",
    "OpenApi",
    "PackageAnswer",
    "PackageDocument",
    "PackageFact",
    "ProcessAccepted",
    "ProcessRequest",
    "ProcessRequestCaseTypeId",
    "ProcessRequestMetadataType0",
    "Readiness",
    "ReadinessChecks",
    "ReadinessChecksBlobStore",
    "ReadinessChecksDatabase",
    "ReadinessStatus",
    "RequestClarificationCommand",
    "Review",
    "ReviewActionsItem",
    "ReviewActionsItemStatus",
    "ReviewActionsItemVia",
    "ReviewClarificationsItem",
    "ReviewCommand",
    "ReviewCommandPayload",
    "ReviewCommandReasonType0",
    "ReviewCommandResultType0",
    "ReviewCommandStatus",
    "ReviewCommandVia",
    "ReviewCompletionType0",
    "ReviewEscalationType0",
    "ReviewFacts",
    "ReviewFactsAdditionalProperty",
    "ReviewQueue",
    "ReviewQueueItemsItem",
    "ReviewQueueItemsItemReasonsItem",
    "Session",
    "SessionCreated",
    "SessionCreatedLocaleFallback",
    "SessionCreatedLocaleFallbackUsed",
    "SessionMetadata",
    "WebhookEvent",
    "WebhookEventData",
    "WebhookEventDataFeatures",
    "WebhookEventEnvironment",
    "WebhookEventMetadata",
    "WebhookTestRequest",
    "WebhookTestResult",
)
