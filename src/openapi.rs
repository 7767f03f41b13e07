//! The OpenAPI 3.1 document at `/api/v1/openapi.json`, built from the one endpoint table the
//! routers register through.
//!
//! Every authenticated API route is added with [`route`], which refuses (at start-up) a path
//! and method that the table does not describe; a test calls every described endpoint and
//! checks it is routed. So the document and the handlers cannot drift apart.

use axum::Router;
use axum::routing::MethodRouter;
use serde_json::{Value, json};

use crate::state::AppState;

/// One documented operation. Paths are relative to `/api/v1`, in axum's `{param}` form, which
/// is also OpenAPI's.
pub struct Endpoint {
    pub method: &'static str,
    pub path: &'static str,
    pub operation_id: &'static str,
    pub summary: &'static str,
    /// The scope the key needs; `None` for unauthenticated or scope-free endpoints.
    pub scope: Option<&'static str>,
    pub authenticated: bool,
    pub request: Option<&'static str>,
    pub status: u16,
    pub response: &'static str,
    /// Query parameters: name, JSON type, description.
    pub query: &'static [(&'static str, &'static str, &'static str)],
}

#[expect(
    clippy::too_many_arguments,
    reason = "a row of the endpoint table reads best positionally"
)]
const fn ep(
    method: &'static str,
    path: &'static str,
    operation_id: &'static str,
    summary: &'static str,
    scope: Option<&'static str>,
    request: Option<&'static str>,
    status: u16,
    response: &'static str,
) -> Endpoint {
    Endpoint {
        method,
        path,
        operation_id,
        summary,
        scope,
        authenticated: true,
        request,
        status,
        response,
        query: &[],
    }
}

pub const ENDPOINTS: &[Endpoint] = &[
    Endpoint {
        authenticated: false,
        ..ep(
            "GET",
            "/health",
            "health",
            "Health check; no authentication.",
            None,
            None,
            200,
            "Health",
        )
    },
    Endpoint {
        authenticated: false,
        ..ep(
            "GET",
            "/ready",
            "ready",
            "Readiness: 200 when the database answers and the blob store takes and gives back bytes; 503 (same body, status not_ready) naming the check that failed. No authentication.",
            None,
            None,
            200,
            "Readiness",
        )
    },
    Endpoint {
        authenticated: false,
        ..ep(
            "GET",
            "/openapi.json",
            "openapi",
            "This document.",
            None,
            None,
            200,
            "OpenApi",
        )
    },
    ep(
        "GET",
        "/me",
        "me",
        "The organization and environment of the API key.",
        Some("cases:read"),
        None,
        200,
        "Me",
    ),
    ep(
        "POST",
        "/sessions",
        "createSession",
        "Create a hosted intake session and its signed applicant link. Idempotent by key.",
        Some("intake:sessions:create"),
        Some("CreateSessionRequest"),
        201,
        "SessionCreated",
    ),
    ep(
        "GET",
        "/sessions/{id}",
        "getSession",
        "Read a session.",
        Some("cases:read"),
        None,
        200,
        "Session",
    ),
    ep(
        "POST",
        "/sessions/{id}/expire",
        "expireSession",
        "Revoke a session's link at once.",
        Some("intake:sessions:create"),
        None,
        200,
        "Session",
    ),
    ep(
        "GET",
        "/cases/{id}",
        "getCase",
        "Read a case with its facts and evidence.",
        Some("cases:read"),
        None,
        200,
        "Case",
    ),
    Endpoint {
        query: &[
            (
                "after_cursor",
                "integer",
                "Return events after this cursor (default 0).",
            ),
            ("limit", "integer", "At most this many events, 1 to 100 (default 100)."),
        ],
        ..ep(
            "GET",
            "/cases/{id}/events",
            "listCaseEvents",
            "Poll a case's events, ascending by a gap-free cursor.",
            Some("cases:read"),
            None,
            200,
            "CaseEvents",
        )
    },
    ep(
        "GET",
        "/cases/{id}/package",
        "getCasePackage",
        "The decision-ready case_package.v1 with a fresh signed case-file link.",
        Some("cases:read"),
        None,
        200,
        "CasePackage",
    ),
    ep(
        "POST",
        "/process",
        "processDocument",
        "Submit a document URL for processing (processing API). Idempotent by key.",
        Some("cases:process"),
        Some("ProcessRequest"),
        201,
        "ProcessAccepted",
    ),
    ep(
        "DELETE",
        "/documents/{doc_id}",
        "eraseDocument",
        "GDPR erasure of a document and everything derived from it.",
        Some("privacy:erase"),
        None,
        200,
        "Erasure",
    ),
    ep(
        "POST",
        "/cases/{id}/review-commands",
        "createReviewCommand",
        "A handler's review command (accept_fact, correct_fact, dispute_evidence, request_clarification, escalate, complete_review) on the review version it was decided on: 201 applied, 409 rejected with the reason and the fresh state (another handler acted first, the case is not in review, required facts are open). Idempotent by key.",
        Some("cases:review"),
        Some("ReviewCommandRequest"),
        201,
        "ReviewCommand",
    ),
    ep(
        "GET",
        "/cases/{id}/review-commands/{command_id}",
        "getReviewCommand",
        "Read a review command with its handler and its result or reason.",
        Some("cases:review"),
        None,
        200,
        "ReviewCommand",
    ),
    Endpoint {
        query: &[
            (
                "status",
                "string",
                "needs_review (default) or applicant_blocked (waiting for the claimant's answer).",
            ),
            ("case_type_id", "string", "Only cases of this case type."),
            (
                "min_age_hours",
                "integer",
                "Only cases created at least this many hours ago (default 0).",
            ),
            ("cursor", "string", "The next_cursor of the previous page."),
            ("limit", "integer", "At most this many cases, 1 to 100 (default 50)."),
        ],
        ..ep(
            "GET",
            "/review-queue",
            "listReviewQueue",
            "Cases that need a handler, oldest first, with the reasons per fact; paginated by cursor.",
            Some("cases:review"),
            None,
            200,
            "ReviewQueue",
        )
    },
    ep(
        "POST",
        "/cases/{id}/case-file-links",
        "createCaseFileLink",
        "A signed case-file link for one handler: view only, or review (the workspace with the review commands). Every action through it is recorded with the handler.",
        Some("cases:review"),
        Some("CaseFileLinkRequest"),
        201,
        "CaseFileLink",
    ),
    ep(
        "POST",
        "/webhooks/test",
        "testWebhook",
        "Send a signed v1.webhook.test event to a URL.",
        Some("webhooks:test"),
        Some("WebhookTestRequest"),
        200,
        "WebhookTestResult",
    ),
    ep(
        "POST",
        "/webhooks/deliveries/{delivery_id}/ack",
        "acknowledgeDelivery",
        "Acknowledge a webhook delivery (idempotent; the first acknowledgement is kept).",
        Some("webhooks:acknowledge"),
        Some("AckRequest"),
        200,
        "Acknowledgement",
    ),
];

/// Adds a documented route; an undocumented one stops start-up.
pub fn route(router: Router<AppState>, method: &str, path: &str, handler: MethodRouter<AppState>) -> Router<AppState> {
    assert!(
        ENDPOINTS.iter().any(|e| e.method == method && e.path == path),
        "{method} /api/v1{path} is routed but not described in openapi::ENDPOINTS"
    );
    router.route(path, handler)
}

fn string() -> Value {
    json!({ "type": "string" })
}

/// No control characters (the server refuses them everywhere with `invalid_characters`); line
/// breaks and tabs only where `multiline`.
const NO_CONTROLS: &str = "^[^\\u0000-\\u001F\\u007F-\\u009F]*$";

/// A request string of `min..=max` characters without control characters.
fn text(min: u64, max: u64) -> Value {
    json!({ "type": "string", "minLength": min, "maxLength": max, "pattern": NO_CONTROLS })
}

/// `schema` or `null`: an optional request field sent as `null` counts as absent.
fn or_null(mut schema: Value) -> Value {
    let ty = schema["type"].clone();
    schema["type"] = json!([ty, "null"]);
    schema
}

/// An id in a path: letters, digits, `_` and `-` (anything else is a 404 before any lookup).
fn path_id() -> Value {
    json!({ "type": "string", "minLength": 1, "maxLength": 80, "pattern": "^[A-Za-z0-9_-]+$" })
}

fn nullable_string() -> Value {
    json!({ "type": ["string", "null"] })
}

/// A request body: the fields the server reads. The server ignores any other field (except a
/// per-request webhook_url, which it refuses) as long as it holds no control character, but a
/// client has no reason to send one, and "any JSON without control characters" is a recursive
/// union that generators cannot read: the document says no other field.
fn request_object(required: &[&str], properties: Value) -> Value {
    let mut o = object(required, properties);
    o["additionalProperties"] = json!(false);
    o
}

fn object(required: &[&str], properties: Value) -> Value {
    let mut o = serde_json::Map::new();
    o.insert("type".into(), json!("object"));
    o.insert("required".into(), json!(required));
    o.insert("properties".into(), properties);
    Value::Object(o)
}

/// A string the server sends from a known set that may grow: the known values are the
/// component `known` (generated clients get them for completion and comparison), and any other
/// string is accepted too (a client treats an unknown value as its description says).
fn open_enum(known: &str, description: &str) -> Value {
    json!({ "anyOf": [schema_ref(known), { "type": "string" }], "description": description })
}

/// [`open_enum`] or `null`.
fn open_enum_or_null(known: &str, description: &str) -> Value {
    json!({ "anyOf": [schema_ref(known), { "type": "string" }, { "type": "null" }], "description": description })
}

fn closed_enum(values: &[&str], description: &str) -> Value {
    json!({ "type": "string", "enum": values, "description": description })
}

/// The known values of the open enums, one component each (named `Known…`).
fn known_values() -> Value {
    json!({
        "KnownCaseStatus": closed_enum(CASE_STATUSES, "The case statuses this version sends (SPEC §3)."),
        "KnownDecisionReason": closed_enum(DECISION_REASONS, "The decision reasons this version sends."),
        "KnownReviewState": closed_enum(REVIEW_STATES, "The review states this version sends."),
        "KnownEvidenceMethod": closed_enum(&["born_digital_text", "ocr", "applicant_answer", "prefill", "reviewer"], "How a quote was read, as this version says it."),
        "KnownCandidateSource": closed_enum(&["document", "applicant_answer", "prefill", "reviewer"], "Where a value came from, as this version says it."),
        "KnownDocumentStatus": closed_enum(&["queued", "received", "processed", "failed", "stored"], "The document statuses this version sends."),
        "KnownDocumentKind": closed_enum(&["claim_form", "accident_statement", "repair_quote", "invoice", "expert_report", "letter", "email", "portal_confirmation", "unknown"], "The document kinds this version tells apart."),
        "KnownErrorType": closed_enum(&["validation_error", "authentication_error", "authorization_error", "not_found", "precondition_error", "rate_limit_error", "internal_error"], "The error types this version sends."),
        "KnownDeliveryStatus": closed_enum(&["pending", "delivered", "failed"], "The delivery statuses this version sends."),
        "Decision": closed_enum(&["keep", "review", "missing"], "keep: a value is kept with support; review: a human must look; missing: nothing was found."),
    })
}

/// A JSON object whose keys are not fixed (its description says what may be in it).
fn free_object(description: &str) -> Value {
    json!({ "type": "object", "additionalProperties": true, "description": description })
}

/// A map from ids (a case type's fact ids, say) to `schema`.
fn map_of(schema: &Value, description: &str) -> Value {
    json!({ "type": "object", "additionalProperties": schema, "description": description })
}

fn schema_ref(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn integer(minimum: i64) -> Value {
    json!({ "type": "integer", "minimum": minimum })
}

const CASE_STATUSES: &[&str] = &[
    "created",
    "in_progress",
    "processing",
    "applicant_blocked",
    "needs_review",
    "completed",
    "failed",
    "expired",
];
const DECISION_REASONS: &[&str] = &[
    "single_source",
    "sources_agree",
    "conflict",
    "low_confidence",
    "no_candidate",
    "confirmed_by_applicant",
    "corrected_by_applicant",
    "accepted_by_reviewer",
    "corrected_by_reviewer",
];
const REVIEW_STATES: &[&str] = &["accepted", "disputed", "missing", "review_only"];

/// The review commands: schema name, command_type, what it does.
const REVIEW_COMMANDS: &[(&str, &str, &str)] = &[
    (
        "AcceptFactCommand",
        "accept_fact",
        "Keep a fact's value: the candidate_id given, else the kept or best one.",
    ),
    (
        "CorrectFactCommand",
        "correct_fact",
        "Set a fact's value (checked by the fact's type); the rationale says why.",
    ),
    (
        "DisputeEvidenceCommand",
        "dispute_evidence",
        "Stop counting a piece of evidence; the rationale says why.",
    ),
    (
        "RequestClarificationCommand",
        "request_clarification",
        "Ask the claimant: a question, a fact to ask again, or both.",
    ),
    (
        "EscalateCommand",
        "escalate",
        "Hand the case on; the rationale is the note.",
    ),
    (
        "CompleteReviewCommand",
        "complete_review",
        "Finish the review (every required fact must be settled).",
    ),
];

/// A line of text that is not blank (the server trims it): no control characters, at least
/// one character that is not white space.
const NONBLANK_LINE: &str =
    "^[^\\u0000-\\u001F\\u007F-\\u009F]*[^\\s\\u0000-\\u001F\\u007F-\\u009F][^\\u0000-\\u001F\\u007F-\\u009F]*$";

fn nonblank(max: u64) -> Value {
    json!({ "type": "string", "minLength": 1, "maxLength": max, "pattern": NONBLANK_LINE })
}

/// One review command's request: its payload's fields and whether it needs a rationale.
fn review_command_request(command_type: &str) -> Value {
    let (description, payload_required, payload_properties, rationale_required) = match command_type {
        "accept_fact" => (
            "Keep a fact's value.",
            vec!["fact_id"],
            json!({ "fact_id": nonblank(100), "candidate_id": nonblank(100) }),
            false,
        ),
        "correct_fact" => (
            "Set a fact's value.",
            vec!["fact_id", "value"],
            json!({ "fact_id": nonblank(100), "value": nonblank(2000) }),
            true,
        ),
        "dispute_evidence" => (
            "Stop counting a piece of evidence.",
            vec!["evidence_id"],
            json!({ "evidence_id": nonblank(100) }),
            true,
        ),
        "request_clarification" => (
            "Ask the claimant (question and/or fact_id).",
            vec![],
            json!({ "fact_id": nonblank(100), "question": nonblank(2000) }),
            false,
        ),
        _ => ("No payload.", vec![], json!({}), command_type == "escalate"),
    };
    let payload_properties_empty = payload_properties.as_object().is_some_and(serde_json::Map::is_empty);
    let mut payload = request_object(&payload_required, payload_properties);
    if command_type == "request_clarification" {
        payload["anyOf"] = json!([{ "required": ["question"] }, { "required": ["fact_id"] }]);
    }
    let mut required = vec!["command_type", "handler_id", "idempotency_key", "expected_version"];
    if !payload_required.is_empty() || command_type == "request_clarification" {
        required.push("payload");
    }
    if rationale_required {
        required.push("rationale");
    }
    let mut o = request_object(
        &required,
        json!({
            "command_type": { "type": "string", "const": command_type },
            "payload": payload,
            "rationale": if rationale_required { nonblank(2000) } else { text(0, 2000) },
            "handler_id": nonblank(100), "handler_name": text(0, 200),
            "idempotency_key": { "type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$" },
            "expected_version": { "type": "integer", "minimum": 0, "maximum": 9_007_199_254_740_991_i64, "description": "The review_version the handler decided on (0 before any command)." },
        }),
    );
    if payload_properties_empty {
        // Nothing to send: escalate and complete_review take no payload.
        if let Some(properties) = o["properties"].as_object_mut() {
            properties.remove("payload");
        }
    }
    o["description"] = json!(description);
    o
}

/// The schemas; `case_types` are the ids this server knows (`case_type_id` takes one of them).
#[expect(clippy::too_many_lines, reason = "one table of schemas reads best in one place")]
fn schemas(case_types: &[String]) -> Value {
    let case_type_id = json!({ "type": "string", "enum": case_types, "description": "A case type this server loads (`klarefi case-types list`); the operator may add more." });
    let timestamp = json!({ "type": "string", "format": "date-time" });
    let nullable_timestamp = json!({ "type": ["string", "null"], "format": "date-time" });
    let external = text(1, 255);
    let idempotency_key = json!({ "type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$",
        "description": "1 to 255 visible ASCII characters; required here or in the Idempotency-Key header (the body wins)." });
    let case_status = open_enum(
        "KnownCaseStatus",
        "Where the case stands (SPEC §3); more may be added: treat an unknown status as still in progress.",
    );
    let decision = schema_ref("Decision");
    let reason = open_enum("KnownDecisionReason", "Why the decision was taken; more may be added.");
    let review_state = open_enum_or_null(
        "KnownReviewState",
        "Where the fact stands in a handler's review; null when kept without a handler and nothing of it is disputed.",
    );
    let confidence = json!({ "type": "number", "minimum": 0, "maximum": 1 });
    let evidence = object(
        &["evidence_id", "doc_id", "page_index", "location", "quote", "method"],
        json!({
            "evidence_id": string(),
            "doc_id": { "type": ["string", "null"], "description": "Null for an applicant's answer, a prefilled value or a handler's correction." },
            "page_index": { "type": ["integer", "null"], "minimum": 0, "description": "0-based; null when not from a document." },
            "location": { "oneOf": [schema_ref("Location"), { "type": "null" }] },
            "quote": string(),
            "method": open_enum("KnownEvidenceMethod", "How the quote was read; more may be added."),
            "disputed": { "type": "boolean", "description": "A case handler disputed it; it no longer counts when the fact is decided. Always present on case reads; absent in packages, which show only what counts." },
        }),
    );
    let feature = object(
        &["decision", "candidates", "evidence", "review_state"],
        json!({
            "decision": object(&["decision_id", "decision", "selected_candidate_id", "reason"], json!({
                "decision_id": string(),
                "decision": decision.clone(),
                "selected_candidate_id": { "type": ["string", "null"], "description": "The kept candidate; null unless decision is keep." },
                "reason": reason.clone(),
            })),
            "candidates": { "type": "array", "items": object(&["candidate_id", "value_raw", "value_normalized", "confidence", "evidence_ids", "source", "sources"], json!({
                "candidate_id": string(), "value_raw": string(),
                "value_normalized": { "type": "string", "description": "Dates YYYY-MM-DD, amounts \"1234.56\", plates AB-123-C, IBAN without spaces, phone E.164, postcode 1234 AB." },
                "confidence": confidence.clone(),
                "evidence_ids": { "type": "array", "items": string() },
                "source": open_enum("KnownCandidateSource", "The source of the most confident member; more may be added."),
                "sources": { "type": "array", "items": string(), "description": "Every source that gave this value." },
            })) },
            "evidence": { "type": "array", "items": schema_ref("Evidence") },
            "review_state": review_state.clone(),
        }),
    );
    let review_fact = object(
        &["required", "decision", "reason", "review_state", "value"],
        json!({
            "required": { "type": "boolean" }, "decision": decision.clone(), "reason": reason.clone(),
            "review_state": review_state.clone(), "value": nullable_string(),
        }),
    );
    let review = object(
        &[
            "case_id",
            "case_status",
            "review_version",
            "facts",
            "escalation",
            "completion",
            "clarifications",
            "actions",
        ],
        json!({
            "case_id": string(), "case_status": case_status.clone(),
            "review_version": { "type": "integer", "minimum": 0, "description": "Send as expected_version with the next command." },
            "facts": map_of(&review_fact, "fact id → where its review stands."),
            "escalation": { "oneOf": [object(&["escalated_at", "escalated_by", "note"], json!({ "escalated_at": timestamp, "escalated_by": nullable_string(), "note": nullable_string() })), { "type": "null" }] },
            "completion": { "oneOf": [object(&["completed_at", "completed_by"], json!({ "completed_at": timestamp, "completed_by": nullable_string() })), { "type": "null" }] },
            "clarifications": { "type": "array", "items": object(&["clarification_id", "fact_id", "question", "asked_at", "answer", "answered_at", "evidence_id"], json!({
                "clarification_id": string(), "fact_id": nullable_string(), "question": nullable_string(), "asked_at": timestamp,
                "answer": nullable_string(), "answered_at": nullable_timestamp, "evidence_id": nullable_string(),
            })) },
            "actions": { "type": "array", "description": "Every command with who, when and how (api or case_file).", "items": object(&["command_id", "command_type", "status", "reason", "fact_id", "handler_id", "handler_name", "via", "created_at"], json!({
                "command_id": string(), "command_type": string(), "status": { "type": "string", "enum": ["applied", "rejected"] }, "reason": nullable_string(),
                "fact_id": nullable_string(), "handler_id": string(), "handler_name": nullable_string(), "via": { "type": "string", "enum": ["api", "case_file"] }, "created_at": timestamp,
            })) },
        }),
    );
    let features = object(
        &[],
        json!({
            "case_status": case_status.clone(),
            "features": map_of(&schema_ref("Feature"), "Only on case.completed, case.needs_review and case.applicant_blocked: the case read's features as they are when the delivery is attempted."),
        }),
    );
    let mut webhook_data = features;
    webhook_data["additionalProperties"] = json!(true);
    webhook_data["description"] = json!(
        "What happened: per event type the case status, document ids, failure reasons or review commands (v1.webhook.test: a message); no personal data beyond ids and status."
    );
    let webhook_event = object(
        &[
            "event",
            "timestamp",
            "event_id",
            "delivery_id",
            "event_type",
            "semantic_event_type",
            "schema_version",
            "created_at",
            "occurred_at",
            "org_id",
            "environment",
            "case_id",
            "session_id",
            "data",
        ],
        json!({
            "event": { "type": "string", "description": "The unversioned event type (case.completed), as in the Mode-1 guide; the same as semantic_event_type." },
            "timestamp": { "type": "string", "format": "date-time", "description": "When the event happened (the same as occurred_at), as in the Mode-1 guide." },
            "event_id": string(), "delivery_id": { "type": "string", "description": "The same across retries of one delivery." },
            "event_type": { "type": "string", "description": "Versioned: v1.case.completed." },
            "semantic_event_type": string(), "schema_version": { "type": "string", "const": "v1" },
            "created_at": timestamp, "occurred_at": timestamp,
            "org_id": string(), "environment": { "type": "string", "enum": ["test", "live"] },
            "case_id": { "type": ["string", "null"], "description": "Null only on v1.webhook.test." }, "session_id": { "type": ["string", "null"], "description": "The case id for a hosted case; null for a processing case." },
            "external_case_id": nullable_string(), "external_applicant_id": nullable_string(), "external_customer_id": nullable_string(),
            "idempotency_key": nullable_string(), "trace_id": nullable_string(),
            "metadata": { "type": "object", "additionalProperties": { "type": "string" }, "description": "The case's metadata, as given when it was created (absent on v1.webhook.test)." },
            "data": webhook_data,
        }),
    );
    let metadata_in = json!({
        "type": "object", "maxProperties": 50,
        "additionalProperties": { "type": "string", "maxLength": 500, "pattern": NO_CONTROLS },
        "propertyNames": { "minLength": 1, "maxLength": 40, "pattern": NO_CONTROLS },
        "description": "Your own key/value pairs (strings, at most 50 keys of 40 characters, values of 500; no control characters). Stored on the case as given and returned on its reads, its package and its webhooks; Klarefi never acts on them.",
    });
    let metadata_out = json!({ "type": "object", "additionalProperties": string(), "description": "The metadata given when the case was created ({} when none)." });
    let https_url = json!({ "type": "string", "format": "uri", "maxLength": 2048, "pattern": "^https://[^\\s/?#@]+([/?#][^\\s]*)?$" });
    let mut all = json!({
        "Error": object(&["error"], json!({ "error": object(&["type", "code", "message", "request_id"], json!({
            "type": open_enum("KnownErrorType", "The class of error (its status); more may be added."),
            "code": { "type": "string", "description": "A stable snake_case name of what went wrong (missing_api_key, invalid_field, case_not_found, …)." },
            "message": string(), "request_id": { "type": "string", "description": "Also the X-Request-Id header; quote it when asking for support." },
        })) })),
        "Health": object(&["status"], json!({ "status": { "type": "string", "const": "ok" } })),
        "Readiness": object(&["status", "checks"], json!({
            "status": { "type": "string", "enum": ["ready", "not_ready"] },
            "checks": object(&["database", "blob_store"], json!({
                "database": { "type": "string", "enum": ["ok", "failed"] }, "blob_store": { "type": "string", "enum": ["ok", "failed"] },
            })),
        })),
        "OpenApi": free_object("An OpenAPI 3.1 document: this one."),
        "Me": object(&["org_id", "environment"], json!({ "org_id": string(), "environment": { "type": "string", "enum": ["test", "live"] } })),
        "CreateSessionRequest": request_object(&["case_type_id", "idempotency_key"], json!({
            "case_type_id": case_type_id.clone(),
            "idempotency_key": idempotency_key.clone(),
            "ttl_hours": { "type": ["integer", "null"], "minimum": 1, "maximum": 720, "default": 168, "description": "Whole hours; a number with a zero fraction (168.0) counts as that integer." },
            "return_url": { "type": ["string", "null"], "format": "uri", "maxLength": 2048, "pattern": "^https?://[^\\s/?#@]+([/?#][^\\s]*)?$", "description": "https (http only with KLAREFI_ALLOW_PRIVATE_URLS), without credentials." },
            "locale": { "type": ["string", "null"], "pattern": "^[A-Za-z]{2,8}([-_][A-Za-z0-9]{1,8})*$", "description": "nl or en, also in regional forms (nl-BE, en_GB). Another language tag (de) falls back to nl, and the response says so in locale_fallback." },
            "external_case_id": or_null(external.clone()), "external_applicant_id": or_null(external.clone()), "external_customer_id": or_null(external.clone()), "trace_id": or_null(external.clone()),
            "metadata": or_null(metadata_in.clone()),
            "prefill": { "type": ["object", "null"], "additionalProperties": false, "properties": { "field_values": { "type": "object", "propertyNames": { "pattern": NO_CONTROLS }, "additionalProperties": { "type": "string", "pattern": NO_CONTROLS }, "description": "fact id → value; each value passes the checks an applicant's answer passes (type, length, dates, amount limits)." } } },
        })),
        "SessionCreated": object(&["session_id", "signed_url", "expires_at", "snippet", "idempotent_replay"], json!({
            "session_id": { "type": "string", "format": "uuid", "description": "Also the case id for case reads." }, "signed_url": { "type": "string", "description": "Redirect the applicant here." }, "expires_at": timestamp,
            "snippet": { "type": "string", "description": "A script that sends the browser to the link." }, "idempotent_replay": { "type": "boolean" },
            "locale_fallback": object(&["requested", "used"], json!({ "requested": string(), "used": { "type": "string", "enum": ["nl", "en"] } })),
        })),
        "Session": object(&["session_id", "case_id", "case_type_id", "status", "locale", "link_active", "signed_url", "expires_at", "revoked_at", "return_url", "external_case_id", "external_applicant_id", "external_customer_id", "trace_id", "metadata", "created_at", "updated_at"], json!({
            "session_id": string(), "case_id": string(), "case_type_id": string(), "status": case_status.clone(), "locale": nullable_string(),
            "link_active": { "type": "boolean" }, "signed_url": { "type": ["string", "null"], "description": "The link while it works; null once revoked or expired." },
            "expires_at": nullable_timestamp.clone(), "revoked_at": nullable_timestamp.clone(),
            "return_url": nullable_string(), "external_case_id": nullable_string(), "external_applicant_id": nullable_string(),
            "external_customer_id": nullable_string(), "trace_id": nullable_string(), "metadata": metadata_out.clone(), "created_at": timestamp, "updated_at": timestamp,
        })),
        "Location": object(&["char_start", "char_end"], json!({
            "char_start": integer(0), "char_end": integer(0),
        })),
        "Evidence": evidence,
        "Feature": feature,
        "Case": object(&["case_id", "org_id", "case_type_id", "mode", "status", "document_ids", "features", "external_case_id", "external_applicant_id", "external_customer_id", "trace_id", "metadata", "created_at", "updated_at"], json!({
            "case_id": string(), "org_id": string(),
            "status": case_status.clone(),
            "case_type_id": string(), "mode": { "type": "string", "enum": ["hosted", "processing"] },
            "document_ids": { "type": "array", "items": string() },
            "features": map_of(&schema_ref("Feature"), "fact id → the fact's decision, candidates and evidence (the API calls facts features)."),
            "external_case_id": nullable_string(), "external_applicant_id": nullable_string(), "external_customer_id": nullable_string(),
            "trace_id": nullable_string(), "metadata": metadata_out.clone(), "created_at": timestamp, "updated_at": timestamp,
        })),
        "CaseEvent": object(&["event_id", "event_type", "cursor", "created_at", "data"], json!({
            "event_id": string(),
            "event_type": { "type": "string", "description": "Unversioned (document.processed); see SPEC §3 for the list, which may grow." },
            "cursor": integer(1), "created_at": timestamp,
            "data": free_object("What the event is about (ids, statuses, reasons); its keys depend on event_type."),
        })),
        "CaseEvents": object(&["case_id", "events", "next_cursor", "has_more"], json!({
            "case_id": string(),
            "events": { "type": "array", "items": schema_ref("CaseEvent") },
            "next_cursor": { "type": "integer", "minimum": 0, "description": "Pass as after_cursor on the next poll." },
            "has_more": { "type": "boolean" },
        })),
        "PackageFact": object(&["value", "value_raw", "decision", "reason", "confidence", "candidate_values", "evidence", "review_state"], json!({
            "value": { "type": ["string", "null"], "description": "The kept value, normalized; null unless decision is keep." },
            "value_raw": { "type": ["string", "null"], "description": "The kept value as written." },
            "decision": decision, "reason": reason,
            "confidence": { "type": ["number", "null"], "minimum": 0, "maximum": 1, "description": "Of the value shown (kept, else the best); null when there is none." },
            "candidate_values": { "type": "array", "items": string(), "description": "Every distinct normalized value found." },
            "evidence": { "type": "array", "items": schema_ref("Evidence"), "description": "Where the value shown was read." },
            "review_state": review_state,
        })),
        "PackageDocument": object(&["doc_id", "filename", "content_type", "pages", "byte_size", "sha256", "status", "failure_reason", "kind", "kind_confidence"], json!({
            "doc_id": string(), "filename": nullable_string(),
            "content_type": { "type": ["string", "null"], "description": "Null while the document is queued (not fetched yet) or when it could not be fetched." },
            "pages": { "type": ["integer", "null"], "minimum": 0 },
            "byte_size": { "type": ["integer", "null"], "minimum": 0, "description": "Null while queued or when it could not be fetched." },
            "sha256": { "type": ["string", "null"], "pattern": "^[0-9a-f]{64}$", "description": "Null while queued or when it could not be fetched." },
            "status": open_enum("KnownDocumentStatus", "queued (the processing API has not fetched it yet), received (stored, not read yet), processed, failed (see failure_reason) or stored (kept, nothing to read). More may be added."),
            "failure_reason": { "type": ["string", "null"], "description": "Why it failed: for a fetched document host_not_found, dns_failed, http_status, address_not_allowed, scheme_not_allowed, redirect_not_allowed, too_many_redirects, too_large, timeout, connect_failed or unsupported_type; for reading unreadable, encrypted, too_many_pages, crashed, timeout, ocr_unavailable, …" },
            "kind": open_enum_or_null("KnownDocumentKind", "What the reader took the document for; more may be added (treat an unknown value as unknown). Null until read."),
            "kind_confidence": { "type": ["number", "null"], "minimum": 0, "maximum": 1, "description": "How sure the reader is of `kind`." },
        })),
        "PackageAnswer": object(&["value", "value_raw"], json!({
            "value": { "type": "string", "description": "Normalized as the fact's type says." }, "value_raw": { "type": "string", "description": "As the applicant wrote it." },
        })),
        "CasePackage": object(&["schema_version", "case_id", "org_id", "status", "case_type_id", "case_file_url", "case_file_url_expires_at", "facts", "documents", "answers", "external_case_id", "external_applicant_id", "external_customer_id", "trace_id", "metadata", "created_at", "updated_at", "review"], json!({
            "schema_version": { "type": "string", "const": "case_package.v1" }, "case_id": string(), "org_id": string(), "status": case_status, "case_type_id": string(),
            "case_file_url": { "type": ["string", "null"], "description": "A signed case-file link valid for 7 days (null if one cannot be made for the deployment)." },
            "case_file_url_expires_at": timestamp,
            "facts": map_of(&schema_ref("PackageFact"), "fact id → the fact: value, decision, confidence and evidence."),
            "documents": { "type": "array", "items": schema_ref("PackageDocument") },
            "answers": map_of(&schema_ref("PackageAnswer"), "fact id → what the applicant answered."),
            "external_case_id": nullable_string(), "external_applicant_id": nullable_string(), "external_customer_id": nullable_string(),
            "trace_id": nullable_string(), "metadata": metadata_out, "created_at": timestamp, "updated_at": timestamp,
            "review": { "oneOf": [schema_ref("Review"), { "type": "null" }], "description": "The handlers' review; null for a case type without one." },
        })),
    });
    // Two literals: one is past serde_json's macro recursion limit.
    let more = json!({
        "Review": review,
        "ReviewCommandRequest": {
            "description": "One of the six commands, told apart by command_type.",
            "oneOf": REVIEW_COMMANDS.iter().map(|(name, _, _)| schema_ref(name)).collect::<Vec<_>>(),
            "discriminator": { "propertyName": "command_type", "mapping": REVIEW_COMMANDS.iter().map(|(name, ty, _)| (ty.to_string(), json!(format!("#/components/schemas/{name}")))).collect::<serde_json::Map<_, _>>() },
        },
        "ReviewCommand": object(&["command_id", "case_id", "command_type", "status", "payload", "rationale", "handler_id", "handler_name", "via", "link_id", "result", "reason", "review_version", "created_at", "idempotent_replay"], json!({
            "command_id": string(), "case_id": string(), "command_type": string(), "status": { "type": "string", "enum": ["applied", "rejected"] },
            "payload": free_object("The payload as sent."), "rationale": nullable_string(), "handler_id": string(), "handler_name": nullable_string(),
            "via": { "type": "string", "enum": ["api", "case_file"] }, "link_id": nullable_string(),
            "result": { "type": ["object", "null"], "additionalProperties": true, "description": "Applied: what it did (fact_id, evidence_id, decision, reason, review_state, case_status, review_version)." },
            "reason": { "type": ["object", "null"], "additionalProperties": true, "description": "Rejected: code (version_conflict, case_not_in_review, nothing_to_accept, no_applicant_link, required_facts_open), message, open_facts, and review: the review as it stood." },
            "review_version": { "type": "integer", "minimum": 0 }, "created_at": timestamp, "idempotent_replay": { "type": "boolean" },
        })),
        "ReviewQueue": object(&["items", "has_more", "next_cursor"], json!({
            "items": { "type": "array", "items": object(&["case_id", "case_type_id", "status", "external_case_id", "created_at", "updated_at", "age_hours", "review_version", "escalated", "reasons"], json!({
                "case_id": string(), "case_type_id": string(), "status": string(), "external_case_id": nullable_string(),
                "created_at": timestamp, "updated_at": timestamp, "age_hours": integer(0),
                "review_version": integer(0), "escalated": { "type": "boolean" },
                "reasons": { "type": "array", "items": object(&["fact_id", "required", "decision", "reason", "review_state"], json!({
                    "fact_id": string(), "required": { "type": "boolean" }, "decision": schema_ref("Decision"), "reason": open_enum("KnownDecisionReason", "Why the fact needs a handler."), "review_state": open_enum("KnownReviewState", "Where its review stands."),
                })) },
            })) },
            "has_more": { "type": "boolean" }, "next_cursor": nullable_string(),
        })),
        "CaseFileLinkRequest": request_object(&["handler_id", "access"], json!({
            "handler_id": nonblank(100), "handler_name": text(0, 200),
            "access": { "type": "string", "enum": ["view", "review"] },
            "ttl_hours": { "type": "integer", "minimum": 1, "maximum": 720, "default": 168 },
        })),
        "CaseFileLink": object(&["link_id", "case_id", "handler_id", "handler_name", "access", "url", "expires_at"], json!({
            "link_id": string(), "case_id": string(), "handler_id": string(), "handler_name": nullable_string(),
            "access": { "type": "string", "enum": ["view", "review"] }, "url": string(), "expires_at": timestamp,
        })),
        "ProcessRequest": request_object(&["document_url", "case_type_id", "idempotency_key"], json!({
            "document_url": { "type": "string", "format": "uri", "maxLength": 2048, "pattern": "^https://[^\\s/?#@]+([/?#][^\\s]*)?$", "description": "https, on a public address (plain http and private addresses only with KLAREFI_ALLOW_PRIVATE_URLS); at most 3 redirects, 25 MB, 30 s." },
            "case_id": { "type": ["string", "null"], "pattern": "^[A-Za-z0-9_-]{1,80}$", "description": "Add the document to this existing processing case (of the same case type) instead of creating one. When both case_id and external_case_id are given, case_id decides and external_case_id must be that case's (else 400 case_mismatch). Without case_id, an external_case_id that a processing case of this environment already has adds the document to the newest such case." },
            "case_type_id": case_type_id, "idempotency_key": idempotency_key,
            "external_case_id": or_null(external.clone()), "external_applicant_id": or_null(external.clone()), "external_customer_id": or_null(external.clone()), "trace_id": or_null(external),
            "metadata": or_null(metadata_in),
        })),
        "ProcessAccepted": object(&["case_id", "doc_id", "job_id", "status", "idempotent_replay"], json!({
            "case_id": string(), "doc_id": string(), "job_id": string(), "status": { "type": "string", "const": "queued" }, "idempotent_replay": { "type": "boolean" },
        })),
        "Erasure": object(&["erasure_receipt"], json!({ "erasure_receipt": object(
            &["doc_id", "audit_id", "deleted_evidence", "deleted_candidates", "deleted_decisions", "deleted_document", "timestamp", "completed"],
            json!({
                "doc_id": string(), "audit_id": string(), "deleted_evidence": integer(0), "deleted_candidates": integer(0),
                "deleted_decisions": integer(0), "deleted_document": { "type": "boolean" }, "timestamp": timestamp, "completed": { "type": "boolean" },
            }),
        ) })),
        "AckRequest": request_object(&[], json!({ "acknowledgement_id": or_null(text(1, 255)) })),
        "Acknowledgement": object(&["delivery_id", "acknowledged", "acknowledged_at", "acknowledgement_id", "status"], json!({
            "delivery_id": string(), "acknowledged": { "type": "boolean", "const": true }, "acknowledged_at": timestamp,
            "acknowledgement_id": nullable_string(), "status": open_enum("KnownDeliveryStatus", "The delivery's status; more may be added."),
        })),
        "WebhookTestRequest": request_object(&["endpoint_url", "signing_secret"], json!({
            "endpoint_url": https_url,
            "signing_secret": text(1, 256),
        })),
        "WebhookEvent": webhook_event,
        "WebhookTestResult": object(&["success", "status_code"], json!({ "success": { "type": "boolean" }, "status_code": { "type": ["integer", "null"], "minimum": 100, "maximum": 599, "description": "The target's status; null when it could not be reached." } })),
    });
    if let (Some(all), Value::Object(more), Value::Object(known)) = (all.as_object_mut(), more, known_values()) {
        all.extend(more);
        all.extend(known);
        for (name, command_type, _) in REVIEW_COMMANDS {
            all.insert((*name).to_string(), review_command_request(command_type));
        }
        // One way to name the case: both are accepted only when they name the same case (else
        // 400 case_mismatch), which a schema cannot check, so the document asks for one.
        if let Some(process) = all.get_mut("ProcessRequest") {
            process["not"] = json!({
                "required": ["case_id", "external_case_id"],
                "properties": { "case_id": { "type": "string" }, "external_case_id": { "type": "string" } },
            });
        }
    }
    all
}

fn error_response(description: &str) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } })
}

/// The examples of the API documents in the seeds (the contract), for the schemas they show.
fn example(schema: &str) -> Option<Value> {
    Some(match schema {
        "CreateSessionRequest" => json!({
            "case_type_id": "motor_claim", "idempotency_key": "session_claim_12345", "external_case_id": "claim_12345",
            "external_applicant_id": "applicant_789", "ttl_hours": 168, "locale": "nl",
        }),
        "SessionCreated" => json!({
            "session_id": "550e8400-e29b-41d4-a716-446655440000",
            "signed_url": "https://app.klarefi.com/s/550e8400-e29b-41d4-a716-446655440000?token=...",
            "expires_at": "2026-01-22T10:30:00.000Z",
            "snippet": "<script>window.location.href=\"https://app.klarefi.com/s/...\";</script>",
            "idempotent_replay": false,
        }),
        "ProcessRequest" => json!({
            "document_url": "https://storage.example.com/claim-form.pdf", "case_type_id": "motor_claim",
            "idempotency_key": "process_claim_12345_doc_1", "external_case_id": "claim_12345", "trace_id": "trace_claim_12345",
        }),
        "ProcessAccepted" => {
            json!({ "case_id": "case_abc123", "doc_id": "doc_def456", "job_id": "job_ghi789", "status": "queued", "idempotent_replay": false })
        }
        "CaseEvents" => json!({
            "case_id": "case_abc123",
            "events": [{ "event_id": "evt_001", "event_type": "document.uploaded", "cursor": 1, "created_at": "2026-01-15T10:30:00.000Z", "data": {} }],
            "next_cursor": 1, "has_more": false,
        }),
        "Erasure" => json!({ "erasure_receipt": {
            "doc_id": "doc_def456", "audit_id": "audit_001", "deleted_evidence": 5, "deleted_candidates": 3, "deleted_decisions": 2,
            "deleted_document": true, "timestamp": "2026-01-15T10:30:00Z", "completed": true,
        } }),
        "Me" => json!({ "org_id": "org_abc123", "environment": "live" }),
        "Health" => json!({ "status": "ok" }),
        "WebhookTestRequest" => {
            json!({ "endpoint_url": "https://claims.example.com/klarefi/webhooks", "signing_secret": "whsec_..." })
        }
        "WebhookTestResult" => json!({ "success": true, "status_code": 200 }),
        "Error" => {
            json!({ "error": { "type": "validation_error", "code": "missing_document_url", "message": "document_url is required and must be a string", "request_id": "req_abc123def456" } })
        }
        _ => return None,
    })
}

/// A query parameter's schema, with the bounds the server holds it to.
fn query_schema(name: &str, ty: &str, case_types: &[String]) -> Value {
    match (name, ty) {
        ("limit", "integer") => json!({ "type": "integer", "minimum": 1, "maximum": 100 }),
        ("min_age_hours", "integer") => json!({ "type": "integer", "minimum": 0, "maximum": 87_600 }),
        (_, "integer") => json!({ "type": "integer", "minimum": 0, "maximum": i64::MAX }),
        ("status", _) => json!({ "type": "string", "enum": ["needs_review", "applicant_blocked"] }),
        ("case_type_id", _) => json!({ "type": "string", "enum": case_types }),
        // `<created_at ms>.<case id>`, as the previous page's next_cursor gave it.
        ("cursor", _) => json!({ "type": "string", "pattern": format!("^[0-9]{{1,16}}\\.({CASE_ID})$") }),
        _ => json!({ "type": ty, "minLength": 1, "pattern": NO_CONTROLS }),
    }
}

/// A case id: a hosted case's UUID or a processing case's `case_…`.
const CASE_ID: &str =
    "case_[A-Za-z0-9]{1,40}|[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}";

/// The whole document.
pub fn document(public_url: &str, case_types: &[String]) -> Value {
    let mut paths = serde_json::Map::new();
    for e in ENDPOINTS {
        let mut parameters: Vec<Value> = e
            .path
            .split('/')
            .filter_map(|seg| seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
            .map(|name| json!({ "name": name, "in": "path", "required": true, "schema": path_id() }))
            .collect();
        parameters.extend(e.query.iter().map(|(name, ty, description)| {
            json!({ "name": name, "in": "query", "required": false, "description": description, "schema": query_schema(name, ty, case_types) })
        }));
        let idempotent = matches!(
            e.operation_id,
            "createSession" | "processDocument" | "createReviewCommand"
        );
        let mut responses = serde_json::Map::new();
        let mut success = json!({ "description": "Success", "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{}", e.response) } } } });
        if let Some(example) = example(e.response) {
            success["content"]["application/json"]["example"] = example;
        }
        responses.insert(e.status.to_string(), success);
        if e.status == 201 && e.operation_id != "createCaseFileLink" {
            responses.insert(
                "200".into(),
                json!({ "description": "Idempotent replay: the stored response with idempotent_replay true", "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{}", e.response) } } } }),
            );
        }
        // Any request can carry a control character in its path or query string.
        responses.insert(
            "400".into(),
            error_response(
                "Validation error (also invalid_characters: a control character in the body, path or query)",
            ),
        );
        if e.request.is_some() {
            responses.insert(
                "413".into(),
                error_response("The body is larger than 1 MiB (body_too_large)"),
            );
        }
        if e.request.is_some() && e.operation_id != "acknowledgeDelivery" {
            responses.insert(
                "415".into(),
                error_response("The body was not sent as application/json (unsupported_media_type)"),
            );
        }
        responses.insert(
            "500".into(),
            error_response("Internal error; the request id is in the log"),
        );
        if e.operation_id != "ready" {
            responses.insert(
                "503".into(),
                error_response(
                    "Unavailable: the request took longer than the server allows, or a dependency is down; retry later",
                ),
            );
        }
        if e.authenticated {
            responses.insert("401".into(), error_response("Missing, invalid or revoked API key"));
            responses.insert("429".into(), error_response("Rate limit exceeded; see Retry-After"));
        }
        if e.scope.is_some() {
            responses.insert("403".into(), error_response("The key lacks the required scope"));
        }
        if e.path.contains('{') || e.operation_id == "processDocument" {
            responses.insert(
                "404".into(),
                error_response(
                    "Not found (also for another organization's resource, and for an id of the wrong shape)",
                ),
            );
        }
        if e.operation_id == "ready" {
            responses.insert(
                "503".into(),
                json!({ "description": "Not ready: a check failed", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Readiness" } } } }),
            );
        }
        if e.operation_id == "createReviewCommand" {
            responses.insert(
                "409".into(),
                json!({ "description": "Rejected: the command is recorded with its reason and the review as it stood", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ReviewCommand" } } } }),
            );
        }
        if e.operation_id == "processDocument" {
            responses.insert(
                "428".into(),
                error_response("The processing API is not enabled for the organization"),
            );
        }
        let mut op = json!({
            "operationId": e.operation_id,
            "summary": e.summary,
            "parameters": parameters,
            "responses": responses,
        });
        if idempotent {
            // Not a header parameter: the body's idempotency_key is required by this document,
            // and a header next to it would describe two ways where generated clients need one.
            op["description"] = json!(
                "Idempotent: a retry with the same idempotency_key returns the stored response (200, idempotent_replay true); the same key with other parameters is 400 idempotency_key_conflict. The server also takes the key from an Idempotency-Key header (1 to 255 visible ASCII characters) when the body has none, as the quickstart's POST /process does; a malformed header is refused even when the body has a key."
            );
        }
        if let Some(scope) = e.scope {
            op["x-required-scope"] = json!(scope);
        }
        if !e.authenticated {
            op["security"] = json!([]);
        }
        if let Some(request) = e.request {
            // An acknowledgement's body is optional (none, or an acknowledgement_id).
            let required = e.operation_id != "acknowledgeDelivery";
            let mut media = json!({ "schema": { "$ref": format!("#/components/schemas/{request}") } });
            if let Some(example) = example(request) {
                media["example"] = example;
            }
            op["requestBody"] = json!({ "required": required, "content": { "application/json": media } });
        }
        let item = paths.entry(format!("/api/v1{}", e.path)).or_insert_with(|| json!({}));
        item[e.method.to_ascii_lowercase()] = op;
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Klarefi API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Hosted intake sessions, cases with evidence-backed facts, packages, the processing API, erasure and webhooks. Errors use {\"error\": {type, code, message, request_id}}; every authenticated response carries X-RateLimit-Limit, -Remaining and -Reset. Unknown request fields are ignored (webhook_url is refused). Text holding a control character (NUL, DEL, escapes; tabs and line breaks are allowed in bodies) is refused with 400 invalid_characters wherever it is sent; an id of the wrong shape is a 404.",
        },
        "servers": [{ "url": public_url }],
        "security": [{ "bearer": [] }],
        "paths": paths,
        "webhooks": {
            "caseEvent": { "post": {
                "summary": "A case event, sent to registered endpoints (signed: X-Klarefi-Signature).",
                "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/WebhookEvent" } } } },
                "responses": { "200": { "description": "Any 2xx within 30 s acknowledges the delivery; anything else is retried." } },
            } },
        },
        "components": {
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer", "description": "sk_test_… or sk_live_…" } },
            "schemas": schemas(case_types),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reference_in_the_document_resolves() {
        let doc = document("http://localhost", &["motor_claim".to_string()]);
        let text = doc.to_string();
        let schemas = doc["components"]["schemas"].as_object().expect("schemas");
        for part in text.split("#/components/schemas/").skip(1) {
            let name: String = part.chars().take_while(char::is_ascii_alphanumeric).collect();
            assert!(schemas.contains_key(&name), "{name} is referenced but not defined");
        }
        assert_eq!(doc["openapi"], "3.1.0");
    }

    #[test]
    fn requests_are_described_as_the_server_holds_them() {
        let doc = document(
            "http://localhost",
            &["motor_claim".to_string(), "home_damage".to_string()],
        );
        let schemas = &doc["components"]["schemas"];
        let create = &schemas["CreateSessionRequest"]["properties"];
        assert_eq!(create["case_type_id"]["enum"], json!(["motor_claim", "home_damage"]));
        assert_eq!(
            create["ttl_hours"]["type"],
            json!(["integer", "null"]),
            "168.0 is an integer; null is absent"
        );
        assert_eq!(create["external_case_id"]["minLength"], 1);
        let no_controls = regex_free_check(create["external_case_id"]["pattern"].as_str().expect("pattern"));
        assert!(no_controls, "external ids refuse control characters");
        let read = &doc["paths"]["/api/v1/cases/{id}"]["get"];
        assert_eq!(read["parameters"][0]["schema"]["pattern"], "^[A-Za-z0-9_-]+$");
        let process = &doc["paths"]["/api/v1/process"]["post"]["responses"];
        for status in ["201", "200", "400", "401", "403", "404", "413", "415", "428", "429"] {
            assert!(process.get(status).is_some(), "POST /process documents {status}");
        }
        let events = &doc["paths"]["/api/v1/cases/{id}/events"]["get"]["parameters"];
        let limit = events
            .as_array()
            .expect("parameters")
            .iter()
            .find(|p| p["name"] == "limit")
            .expect("limit");
        assert_eq!(
            (&limit["schema"]["minimum"], &limit["schema"]["maximum"]),
            (&json!(1), &json!(100))
        );
    }

    /// The pattern is the one that excludes C0, DEL and C1 controls.
    fn regex_free_check(pattern: &str) -> bool {
        pattern == NO_CONTROLS && pattern.contains("\\u0000-\\u001F") && pattern.contains("\\u007F-\\u009F")
    }
}
