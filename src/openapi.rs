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

fn object(required: &[&str], properties: Value) -> Value {
    let mut o = serde_json::Map::new();
    o.insert("type".into(), json!("object"));
    o.insert("required".into(), json!(required));
    o.insert("properties".into(), properties);
    Value::Object(o)
}

/// The schemas; `case_types` are the ids this server knows (`case_type_id` takes one of them).
fn schemas(case_types: &[String]) -> Value {
    let case_type_id = json!({ "type": "string", "enum": case_types, "description": "A case type this server loads (GET it from `klarefi case-types list`); more may be added by the operator." });
    let timestamp = json!({ "type": "string", "format": "date-time" });
    let external = text(1, 255);
    let idempotency_key = json!({ "type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$",
        "description": "1 to 255 visible ASCII characters; required here or in the Idempotency-Key header (the body wins)." });
    let evidence = object(
        &["evidence_id", "doc_id", "page_index", "location", "quote", "method"],
        json!({
            "evidence_id": string(),
            "doc_id": nullable_string(),
            "page_index": { "type": ["integer", "null"] },
            "location": { "type": ["object", "null"], "properties": { "char_start": { "type": "integer" }, "char_end": { "type": "integer" } },
                          "description": "Unicode scalar offsets into the page's text layer, end exclusive; quote == text[char_start..char_end]." },
            "quote": string(),
            "method": { "type": "string", "enum": ["born_digital_text", "ocr", "applicant_answer", "prefill", "reviewer"] },
            "disputed": { "type": "boolean", "description": "A case handler disputed it; it no longer counts when the fact is decided." },
        }),
    );
    let feature = object(
        &["decision", "candidates", "evidence"],
        json!({
            "decision": object(&["decision_id", "decision", "selected_candidate_id", "reason"], json!({
                "decision_id": string(),
                "decision": { "type": "string", "enum": ["keep", "review", "missing"] },
                "selected_candidate_id": nullable_string(),
                "reason": { "type": "string", "enum": ["single_source", "sources_agree", "conflict", "low_confidence", "no_candidate", "confirmed_by_applicant", "corrected_by_applicant", "accepted_by_reviewer", "corrected_by_reviewer"] },
            })),
            "candidates": { "type": "array", "items": object(&["candidate_id", "value_raw", "value_normalized", "confidence", "evidence_ids", "source"], json!({
                "candidate_id": string(), "value_raw": string(), "value_normalized": string(),
                "confidence": { "type": "number", "minimum": 0, "maximum": 1 },
                "evidence_ids": { "type": "array", "items": string() },
                "source": { "type": "string", "enum": ["document", "applicant_answer", "prefill", "reviewer"] },
                "sources": { "type": "array", "items": string() },
            })) },
            "evidence": { "type": "array", "items": { "$ref": "#/components/schemas/Evidence" } },
            "review_state": { "type": ["string", "null"], "enum": ["accepted", "disputed", "missing", "review_only", null],
                              "description": "Where the fact stands in a handler's review; null when kept without a handler and nothing of it is disputed." },
        }),
    );
    let review = object(
        &["case_id", "case_status", "review_version", "facts", "actions"],
        json!({
            "case_id": string(), "case_status": string(),
            "review_version": { "type": "integer", "description": "Send as expected_version with the next command." },
            "facts": { "type": "object", "additionalProperties": object(&["required", "decision", "reason", "review_state"], json!({
                "required": { "type": "boolean" }, "decision": string(), "reason": string(),
                "review_state": { "type": ["string", "null"] }, "value": nullable_string(),
            })) },
            "escalation": { "type": ["object", "null"], "properties": { "escalated_at": timestamp, "escalated_by": nullable_string(), "note": nullable_string() } },
            "completion": { "type": ["object", "null"], "properties": { "completed_at": timestamp, "completed_by": nullable_string() } },
            "clarifications": { "type": "array", "items": object(&["clarification_id", "asked_at"], json!({
                "clarification_id": string(), "fact_id": nullable_string(), "question": nullable_string(), "asked_at": timestamp,
                "answer": nullable_string(), "answered_at": { "type": ["string", "null"] }, "evidence_id": nullable_string(),
            })) },
            "actions": { "type": "array", "description": "Every command with who, when and how (api or case_file).", "items": object(&["command_id", "command_type", "status", "handler_id", "via", "created_at"], json!({
                "command_id": string(), "command_type": string(), "status": { "enum": ["applied", "rejected"] }, "reason": nullable_string(),
                "fact_id": nullable_string(), "handler_id": string(), "handler_name": nullable_string(), "via": { "enum": ["api", "case_file"] }, "created_at": timestamp,
            })) },
        }),
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
            "case_id",
            "data",
        ],
        json!({
            "event": { "type": "string", "description": "The unversioned event type (case.completed), as in the Mode-1 guide; the same as semantic_event_type." },
            "timestamp": { "type": "string", "format": "date-time", "description": "When the event happened (the same as occurred_at), as in the Mode-1 guide." },
            "event_id": string(), "delivery_id": { "type": "string", "description": "The same across retries of one delivery." },
            "event_type": { "type": "string", "description": "Versioned: v1.case.completed." },
            "semantic_event_type": string(), "schema_version": { "const": "v1" },
            "created_at": timestamp, "occurred_at": timestamp,
            "org_id": string(), "environment": { "enum": ["test", "live"] }, "case_id": string(), "session_id": nullable_string(),
            "external_case_id": nullable_string(), "external_applicant_id": nullable_string(), "external_customer_id": nullable_string(),
            "idempotency_key": nullable_string(), "trace_id": nullable_string(),
            "metadata": { "type": "object", "additionalProperties": { "type": "string" }, "description": "The case's metadata, as given when it was created." },
            "data": { "type": "object", "properties": {
                "case_status": string(),
                "features": { "type": "object", "additionalProperties": { "$ref": "#/components/schemas/Feature" },
                              "description": "Only on case.completed, case.needs_review and case.applicant_blocked: the case read's features as they are when the delivery is attempted." },
            } },
        }),
    );
    let metadata_in = json!({
        "type": "object", "maxProperties": 50,
        "additionalProperties": { "type": "string", "maxLength": 500, "pattern": NO_CONTROLS },
        "propertyNames": { "minLength": 1, "maxLength": 40, "pattern": NO_CONTROLS },
        "description": "Your own key/value pairs (strings, at most 50 keys of 40 characters, values of 500; no control characters). Stored on the case as given and returned on its reads, its package and its webhooks; Klarefi never acts on them.",
    });
    let metadata_out = json!({ "type": "object", "additionalProperties": string(), "description": "The metadata given when the case was created ({} when none)." });
    json!({
        "Error": object(&["error"], json!({ "error": object(&["type", "code", "message", "request_id"], json!({
            "type": { "type": "string", "enum": ["validation_error", "authentication_error", "authorization_error", "not_found", "precondition_error", "rate_limit_error", "internal_error"] },
            "code": string(), "message": string(), "request_id": string(),
        })) })),
        "Health": object(&["status"], json!({ "status": { "const": "ok" } })),
        "Readiness": object(&["status", "checks"], json!({
            "status": { "enum": ["ready", "not_ready"] },
            "checks": object(&["database", "blob_store"], json!({
                "database": { "enum": ["ok", "failed"] }, "blob_store": { "enum": ["ok", "failed"] },
            })),
        })),
        "OpenApi": { "type": "object" },
        "Me": object(&["org_id", "environment"], json!({ "org_id": string(), "environment": { "enum": ["test", "live"] } })),
        "CreateSessionRequest": object(&["case_type_id"], json!({
            "case_type_id": case_type_id.clone(),
            "idempotency_key": or_null(idempotency_key.clone()),
            "ttl_hours": { "type": ["integer", "null"], "minimum": 1, "maximum": 720, "default": 168, "description": "Whole hours; a number with a zero fraction (168.0) counts as that integer." },
            "return_url": { "type": ["string", "null"], "format": "uri", "maxLength": 2048, "pattern": "^https?://[^\\s/?#@]+([/?#][^\\s]*)?$", "description": "https (http only with KLAREFI_ALLOW_PRIVATE_URLS), without credentials." },
            "locale": { "type": ["string", "null"], "pattern": "^[A-Za-z]{2,8}([-_][A-Za-z0-9]{1,8})*$", "description": "nl or en, also in regional forms (nl-BE, en_GB). Another language tag (de) falls back to nl, and the response says so in locale_fallback." },
            "external_case_id": or_null(external.clone()), "external_applicant_id": or_null(external.clone()), "external_customer_id": or_null(external.clone()), "trace_id": or_null(external.clone()),
            "metadata": or_null(metadata_in.clone()),
            "prefill": object(&[], json!({ "field_values": { "type": "object", "additionalProperties": string(), "description": "fact id → value; each value passes the checks an applicant's answer passes (type, length, dates, amount limits)." } })),
        })),
        "SessionCreated": object(&["session_id", "signed_url", "expires_at", "snippet", "idempotent_replay"], json!({
            "session_id": { "type": "string", "format": "uuid" }, "signed_url": string(), "expires_at": timestamp,
            "snippet": string(), "idempotent_replay": { "type": "boolean" },
            "locale_fallback": object(&["requested", "used"], json!({ "requested": string(), "used": { "enum": ["nl", "en"] } })),
        })),
        "Session": object(&["session_id", "case_id", "status", "link_active"], json!({
            "session_id": string(), "case_id": string(), "case_type_id": string(), "status": string(), "locale": nullable_string(),
            "link_active": { "type": "boolean" }, "signed_url": nullable_string(), "expires_at": timestamp, "revoked_at": { "type": ["string", "null"] },
            "return_url": nullable_string(), "external_case_id": nullable_string(), "external_applicant_id": nullable_string(),
            "external_customer_id": nullable_string(), "trace_id": nullable_string(), "metadata": metadata_out, "created_at": timestamp, "updated_at": timestamp,
        })),
        "Evidence": evidence,
        "Feature": feature,
        "Case": object(&["case_id", "org_id", "status", "document_ids", "features"], json!({
            "case_id": string(), "org_id": string(),
            "status": { "enum": ["created", "in_progress", "processing", "applicant_blocked", "needs_review", "completed", "failed", "expired"] },
            "case_type_id": string(), "mode": { "enum": ["hosted", "processing"] },
            "document_ids": { "type": "array", "items": string() },
            "features": { "type": "object", "additionalProperties": { "$ref": "#/components/schemas/Feature" } },
            "external_case_id": nullable_string(), "external_applicant_id": nullable_string(), "external_customer_id": nullable_string(),
            "trace_id": nullable_string(), "metadata": metadata_out, "created_at": timestamp, "updated_at": timestamp,
        })),
        "CaseEvents": object(&["case_id", "events", "next_cursor"], json!({
            "case_id": string(),
            "events": { "type": "array", "items": object(&["event_id", "event_type", "cursor", "created_at"], json!({
                "event_id": string(), "event_type": string(), "cursor": { "type": "integer" }, "created_at": timestamp, "data": { "type": "object" },
            })) },
            "next_cursor": { "type": "integer", "description": "Pass as after_cursor on the next poll." },
            "has_more": { "type": "boolean" },
        })),
        "CasePackage": object(&["schema_version", "case_id", "status", "case_file_url", "facts", "documents"], json!({
            "schema_version": { "const": "case_package.v1" }, "case_id": string(), "status": string(),
            "case_file_url": { "type": ["string", "null"], "description": "A signed case-file link valid for 7 days." },
            "facts": { "type": "object" },
            "documents": { "type": "array", "items": object(&["doc_id", "content_type", "byte_size", "sha256", "status"], json!({
                "doc_id": string(), "filename": { "type": ["string", "null"] },
                "content_type": { "type": ["string", "null"], "description": "Null while the document is queued (not fetched yet)." },
                "pages": { "type": ["integer", "null"] },
                "byte_size": { "type": ["integer", "null"], "description": "Null while queued." },
                "sha256": { "type": ["string", "null"], "description": "Null while queued." },
                "status": { "type": "string", "description": "queued (the processing API has not fetched it yet), received (stored, not read yet), processed, failed (see failure_reason) or stored (kept, nothing to read). More may be added." },
                "failure_reason": { "type": ["string", "null"], "description": "Why it failed: for a fetched document host_not_found, dns_failed, http_status, address_not_allowed, scheme_not_allowed, redirect_not_allowed, too_many_redirects, too_large, timeout, connect_failed or unsupported_type; for reading unreadable, encrypted, too_many_pages, crashed, timeout, ocr_unavailable, …" },
                "kind": { "type": ["string", "null"], "description": "What the reader took the document for: claim_form, accident_statement, repair_quote, invoice, expert_report, letter, email, portal_confirmation or unknown (more may be added; treat an unknown value as unknown). Null until read." },
                "kind_confidence": { "type": ["number", "null"], "description": "How sure the reader is of `kind`, 0 to 1." },
            })) },
            "answers": { "type": "object" },
            "metadata": metadata_out,
            "review": { "$ref": "#/components/schemas/Review" },
        })),
        "Review": review,
        "ReviewCommandRequest": object(&["command_type", "handler_id", "idempotency_key", "expected_version"], json!({
            "command_type": { "enum": ["accept_fact", "correct_fact", "dispute_evidence", "request_clarification", "escalate", "complete_review"] },
            "payload": { "type": "object", "description": "accept_fact: fact_id, candidate_id (default: the kept or best value); correct_fact: fact_id, value (checked by the fact's type); dispute_evidence: evidence_id; request_clarification: question and/or fact_id (a fact to ask again); escalate and complete_review: none." },
            "rationale": { "type": "string", "maxLength": 2000, "description": "Required for correct_fact, dispute_evidence and escalate (the note)." },
            "handler_id": { "type": "string", "maxLength": 100 }, "handler_name": { "type": "string", "maxLength": 200 },
            "idempotency_key": { "type": "string", "maxLength": 255 },
            "expected_version": { "type": "integer", "minimum": 0, "description": "The review_version the handler decided on (0 before any command)." },
        })),
        "ReviewCommand": object(&["command_id", "case_id", "command_type", "status", "handler_id", "via", "review_version", "created_at", "idempotent_replay"], json!({
            "command_id": string(), "case_id": string(), "command_type": string(), "status": { "enum": ["applied", "rejected"] },
            "payload": { "type": "object" }, "rationale": nullable_string(), "handler_id": string(), "handler_name": nullable_string(),
            "via": { "enum": ["api", "case_file"] }, "link_id": nullable_string(),
            "result": { "type": ["object", "null"], "description": "Applied: what it did (fact_id, evidence_id, decision, reason, review_state, case_status, review_version)." },
            "reason": { "type": ["object", "null"], "description": "Rejected: code (version_conflict, case_not_in_review, nothing_to_accept, no_applicant_link, required_facts_open), message, open_facts, and review: the review as it stood." },
            "review_version": { "type": "integer" }, "created_at": timestamp, "idempotent_replay": { "type": "boolean" },
        })),
        "ReviewQueue": object(&["items", "has_more", "next_cursor"], json!({
            "items": { "type": "array", "items": object(&["case_id", "case_type_id", "status", "created_at", "reasons"], json!({
                "case_id": string(), "case_type_id": string(), "status": string(), "external_case_id": nullable_string(),
                "created_at": timestamp, "updated_at": timestamp, "age_hours": { "type": "integer" },
                "review_version": { "type": "integer" }, "escalated": { "type": "boolean" },
                "reasons": { "type": "array", "items": object(&["fact_id", "decision", "reason", "review_state"], json!({
                    "fact_id": string(), "required": { "type": "boolean" }, "decision": string(), "reason": string(), "review_state": string(),
                })) },
            })) },
            "has_more": { "type": "boolean" }, "next_cursor": nullable_string(),
        })),
        "CaseFileLinkRequest": object(&["handler_id", "access"], json!({
            "handler_id": { "type": "string", "maxLength": 100 }, "handler_name": { "type": "string", "maxLength": 200 },
            "access": { "enum": ["view", "review"] },
            "ttl_hours": { "type": "integer", "minimum": 1, "maximum": 720, "default": 168 },
        })),
        "CaseFileLink": object(&["link_id", "case_id", "handler_id", "access", "url", "expires_at"], json!({
            "link_id": string(), "case_id": string(), "handler_id": string(), "handler_name": nullable_string(),
            "access": { "enum": ["view", "review"] }, "url": string(), "expires_at": timestamp,
        })),
        "ProcessRequest": object(&["document_url", "case_type_id"], json!({
            "document_url": { "type": "string", "format": "uri", "maxLength": 2048, "pattern": "^https://[^\\s/?#@]+([/?#][^\\s]*)?$", "description": "https, on a public address (plain http and private addresses only with KLAREFI_ALLOW_PRIVATE_URLS); at most 3 redirects, 25 MB, 30 s." },
            "case_id": { "type": ["string", "null"], "pattern": "^[A-Za-z0-9_-]{1,80}$", "description": "Add the document to this existing processing case (of the same case type) instead of creating one. When both case_id and external_case_id are given, case_id decides and external_case_id must be that case's (else 400 case_mismatch). Without case_id, an external_case_id that a processing case of this environment already has adds the document to the newest such case." },
            "case_type_id": case_type_id, "idempotency_key": or_null(idempotency_key),
            "external_case_id": or_null(external.clone()), "external_applicant_id": or_null(external.clone()), "external_customer_id": or_null(external.clone()), "trace_id": or_null(external),
            "metadata": or_null(metadata_in),
        })),
        "ProcessAccepted": object(&["case_id", "doc_id", "job_id", "status", "idempotent_replay"], json!({
            "case_id": string(), "doc_id": string(), "job_id": string(), "status": { "const": "queued" }, "idempotent_replay": { "type": "boolean" },
        })),
        "Erasure": object(&["erasure_receipt"], json!({ "erasure_receipt": object(
            &["doc_id", "audit_id", "deleted_evidence", "deleted_candidates", "deleted_decisions", "deleted_document", "timestamp", "completed"],
            json!({
                "doc_id": string(), "audit_id": string(), "deleted_evidence": { "type": "integer" }, "deleted_candidates": { "type": "integer" },
                "deleted_decisions": { "type": "integer" }, "deleted_document": { "type": "boolean" }, "timestamp": timestamp, "completed": { "type": "boolean" },
            }),
        ) })),
        "AckRequest": object(&[], json!({ "acknowledgement_id": or_null(text(1, 255)) })),
        "Acknowledgement": object(&["delivery_id", "acknowledged", "acknowledged_at"], json!({
            "delivery_id": string(), "acknowledged": { "const": true }, "acknowledged_at": timestamp,
            "acknowledgement_id": nullable_string(), "status": { "enum": ["pending", "delivered", "failed"] },
        })),
        "WebhookTestRequest": object(&["endpoint_url", "signing_secret"], json!({
            "endpoint_url": { "type": "string", "format": "uri", "maxLength": 2048, "pattern": "^https://[^\\s/?#@]+([/?#][^\\s]*)?$" },
            "signing_secret": text(1, 256),
        })),
        "WebhookEvent": webhook_event,
        "WebhookTestResult": object(&["success", "status_code"], json!({ "success": { "type": "boolean" }, "status_code": { "type": ["integer", "null"] } })),
    })
}

fn error_response(description: &str) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } })
}

/// A query parameter's schema, with the bounds the server holds it to.
fn query_schema(name: &str, ty: &str) -> Value {
    match (name, ty) {
        ("limit", "integer") => json!({ "type": "integer", "minimum": 1, "maximum": 100 }),
        (_, "integer") => json!({ "type": "integer", "minimum": 0, "maximum": 9_007_199_254_740_991_i64 }),
        _ => json!({ "type": ty, "pattern": NO_CONTROLS }),
    }
}

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
            json!({ "name": name, "in": "query", "required": false, "description": description, "schema": query_schema(name, ty) })
        }));
        if e.request.is_some()
            && !matches!(
                e.operation_id,
                "testWebhook" | "acknowledgeDelivery" | "createCaseFileLink"
            )
        {
            parameters.push(json!({ "name": "Idempotency-Key", "in": "header", "required": false,
                "description": "Required unless the body has idempotency_key (the body wins).",
                "schema": { "type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[ \\t]*[!-~]+[ \\t]*$" } }));
        }
        let mut responses = serde_json::Map::new();
        responses.insert(
            e.status.to_string(),
            json!({ "description": "Success", "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{}", e.response) } } } }),
        );
        if e.status == 201 && e.operation_id != "createCaseFileLink" {
            responses.insert(
                "200".into(),
                json!({ "description": "Idempotent replay: the stored response with idempotent_replay true", "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{}", e.response) } } } }),
            );
        }
        if e.request.is_some() || e.path.contains('{') || !e.query.is_empty() {
            responses.insert(
                "400".into(),
                error_response(
                    "Validation error (also invalid_characters: a control character in the body, path or query)",
                ),
            );
        }
        if e.request.is_some() {
            responses.insert(
                "413".into(),
                error_response("The body is larger than 1 MiB (body_too_large)"),
            );
            responses.insert(
                "415".into(),
                error_response("The body was not sent as application/json (unsupported_media_type)"),
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
        if let Some(scope) = e.scope {
            op["x-required-scope"] = json!(scope);
        }
        if !e.authenticated {
            op["security"] = json!([]);
        }
        if let Some(request) = e.request {
            op["requestBody"] = json!({ "required": true, "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{request}") } } } });
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
