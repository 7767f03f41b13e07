//! The customer plane: the insurer's tools, each calling what its API route calls, with the
//! API key's scope checked as the route checks it and the key's organization and environment
//! bounding every read (another organization's case is `case_not_found`).

use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::ToolError;
use crate::error::AppError;
use crate::orgs::{Caller, Scope};
use crate::state::AppState;

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateSession {
    /// The case type, e.g. "motor_claim" or "home_damage".
    pub case_type_id: String,
    /// Unique per session you mean to create (1 to 255 visible ASCII characters); reuse it
    /// when retrying so a retry cannot create a second session.
    pub idempotency_key: String,
    /// Your own id for the claim; shown to the claimant as their reference.
    pub external_case_id: Option<String>,
    /// Your own id for the claimant.
    pub external_applicant_id: Option<String>,
    /// Your own id for the customer (the policyholder).
    pub external_customer_id: Option<String>,
    /// Where the claimant's browser goes after submitting (https).
    pub return_url: Option<String>,
    /// The claimant's language: "nl" or "en".
    pub locale: Option<String>,
    /// How long the link stays valid, in hours (default 72).
    pub ttl_hours: Option<u32>,
    /// Your own trace id, returned with the case and its events.
    pub trace_id: Option<String>,
    /// Values you already know, per fact id, e.g. {"policy_number": "AUTO-2023-44871"}: the
    /// claimant confirms or corrects them.
    pub prefill: Option<std::collections::BTreeMap<String, String>>,
    /// Your own key/value pairs, returned with the case.
    pub metadata: Option<Map<String, Value>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseOnly {
    /// The case id (a UUID), as create_intake_session's session_id or the queue gave it.
    pub case_id: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QueueFilters {
    /// "needs_review" (default) or "applicant_blocked".
    pub status: Option<String>,
    /// Only cases of this case type.
    pub case_type_id: Option<String>,
    /// Only cases waiting at least this many hours (0 to 87600).
    pub min_age_hours: Option<i64>,
    /// next_cursor of the previous page.
    pub cursor: Option<String>,
    /// Cases per page, 1 to 100 (default 50).
    pub limit: Option<i64>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SubmitReview {
    /// The case id (a UUID).
    pub case_id: String,
    /// accept_fact, correct_fact, dispute_evidence, request_clarification, escalate or
    /// complete_review.
    pub command_type: String,
    /// The command's fields (see the tool's description); {} when it has none.
    #[serde(default)]
    pub payload: Map<String, Value>,
    /// Why, in the handler's words (kept with the command); required for correct_fact,
    /// dispute_evidence and escalate.
    pub rationale: Option<String>,
    /// The handler's id in your system.
    pub handler_id: String,
    /// The handler's name, as the case file shows it.
    pub handler_name: Option<String>,
    /// Unique per command; reuse it when retrying.
    pub idempotency_key: String,
    /// The review_version the handler decided on (from get_case_workspace): a command decided
    /// on an older version is rejected, not applied over a newer decision.
    pub expected_version: i64,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewCommandRef {
    /// The case id (a UUID).
    pub case_id: String,
    /// The command id (rcmd_…) submit_case_review returned.
    pub command_id: String,
}

fn app(state: &AppState) -> impl Fn(AppError) -> ToolError + '_ {
    move |e| ToolError::from_app(state, &e)
}

/// The scope check of the API, worded for a tool.
fn require(state: &AppState, caller: &Caller, scope: Scope) -> Result<(), ToolError> {
    caller.require(scope).map_err(|_| {
        let mut e = ToolError::from_app(
            state,
            &AppError::new(crate::error::Kind::Authorization, crate::error::Code::InsufficientScope),
        );
        e.message = format!("this tool needs an API key with the {scope} scope");
        e
    })
}

fn to_value(state: &AppState, value: &impl serde::Serialize) -> Result<Value, ToolError> {
    serde_json::to_value(value).map_err(|e| ToolError::from_app(state, &AppError::internal(e)))
}

pub async fn create_session(state: &AppState, caller: &Caller, args: CreateSession) -> Result<Value, ToolError> {
    require(state, caller, Scope::SessionsCreate)?;
    let key =
        crate::idempotency::key_from(Some(&args.idempotency_key), &axum::http::HeaderMap::new()).map_err(app(state))?;
    let request = crate::sessions::CreateSessionRequest {
        case_type_id: Some(args.case_type_id),
        idempotency_key: Some(key.clone()),
        ttl_hours: args.ttl_hours.map(|h| json!(h)),
        return_url: args.return_url,
        locale: args.locale,
        external_case_id: args.external_case_id,
        external_applicant_id: args.external_applicant_id,
        external_customer_id: args.external_customer_id,
        trace_id: args.trace_id,
        prefill: args
            .prefill
            .map(|field_values| crate::sessions::Prefill { field_values }),
        metadata: args.metadata.map(Value::Object),
        webhook_url: None,
    };
    let session = crate::sessions::NewSession::parse(request, &state.case_types, state.config.allow_private_urls)
        .map_err(app(state))?;
    let created = crate::sessions::create(
        &state.db,
        state.new_cases.as_ref(),
        &state.config,
        caller,
        &key,
        session,
        crate::ids::now_ms(),
    )
    .await
    .map_err(app(state))?;
    to_value(state, &created)
}

pub async fn get_case(state: &AppState, caller: &Caller, case_id: &str) -> Result<Value, ToolError> {
    require(state, caller, Scope::CasesRead)?;
    let body = crate::cases::routes::case_of(state, caller, case_id)
        .await
        .map_err(app(state))?;
    serde_json::from_slice(&body).map_err(|e| ToolError::from_app(state, &AppError::internal(e)))
}

pub async fn get_case_package(state: &AppState, caller: &Caller, case_id: &str) -> Result<Value, ToolError> {
    require(state, caller, Scope::CasesRead)?;
    let package = crate::cases::routes::package_of(state, caller, case_id)
        .await
        .map_err(app(state))?;
    to_value(state, &package)
}

/// The workspace: what the case file shows a handler with a review link, as data.
pub async fn get_case_workspace(state: &AppState, caller: &Caller, case_id: &str) -> Result<Value, ToolError> {
    require(state, caller, Scope::CasesReview)?;
    let case = crate::review::routes::case_of(state, caller, case_id)
        .await
        .map_err(app(state))?;
    let package = crate::cases::routes::package_of(state, caller, case_id)
        .await
        .map_err(app(state))?;
    let needs_attention: Vec<String> = match state.case_types.get(&case.case_type_id) {
        Some(ct) => {
            let observations = crate::facts::store::list(&state.db, &case.id)
                .await
                .map_err(app(state))?;
            ct.facts
                .iter()
                .zip(crate::facts::resolve_all(&case.id, &ct, &observations))
                .filter(|(f, r)| r.needs_handler(f.required))
                .map(|(f, _)| f.id.clone())
                .collect()
        }
        None => Vec::new(),
    };
    Ok(json!({
        "case_id": package.case_id,
        "status": package.status,
        "case_type_id": package.case_type_id,
        "needs_attention": needs_attention,
        "review": package.review,
        "facts": package.facts,
        "answers": package.answers,
        "documents": package.documents,
        "case_file_url": package.case_file_url,
    }))
}

pub async fn list_queue(state: &AppState, caller: &Caller, args: QueueFilters) -> Result<Value, ToolError> {
    require(state, caller, Scope::CasesReview)?;
    let query = crate::review::routes::QueueQuery {
        status: args.status,
        case_type_id: args.case_type_id,
        min_age_hours: args.min_age_hours,
        cursor: args.cursor,
        limit: args.limit,
    };
    let page = crate::review::routes::queue_page(state, caller, query)
        .await
        .map_err(app(state))?;
    to_value(state, &page)
}

pub async fn submit_review(state: &AppState, caller: &Caller, args: SubmitReview) -> Result<Value, ToolError> {
    require(state, caller, Scope::CasesReview)?;
    let request = crate::review::routes::CommandRequest {
        command_type: args.command_type,
        payload: Value::Object(args.payload),
        rationale: args.rationale,
        handler_id: args.handler_id,
        handler_name: args.handler_name,
        idempotency_key: Some(args.idempotency_key),
        expected_version: Some(args.expected_version.into()),
    };
    let headers = axum::http::HeaderMap::new();
    let (status, command) = crate::review::routes::run_command(state, caller, &args.case_id, request, &headers)
        .await
        .map_err(app(state))?;
    let outcome = match status.as_u16() {
        201 => "applied",
        409 => "rejected",
        _ => "replayed",
    };
    Ok(json!({ "outcome": outcome, "command": to_value(state, &command)? }))
}

pub async fn get_review_command(
    state: &AppState,
    caller: &Caller,
    case_id: &str,
    command_id: &str,
) -> Result<Value, ToolError> {
    require(state, caller, Scope::CasesReview)?;
    let command = crate::review::routes::command_of(state, caller, case_id, command_id)
        .await
        .map_err(app(state))?;
    to_value(state, &command)
}
