//! The review API: `POST /api/v1/cases/{id}/review-commands`,
//! `GET /api/v1/cases/{id}/review-commands/{command_id}`, `GET /api/v1/review-queue` and
//! `POST /api/v1/cases/{id}/case-file-links`, all with the `cases:review` scope.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::store::{self, CommandRow};
use super::{Access, Command, CreatedLink, Handler, Input, QueuePage, QueueParams, Ran};
use crate::cases::CaseStatus;
use crate::cases::store::{self as case_store, CaseRow};
use crate::error::{AppError, Code};
use crate::ids::{IdKind, now_ms, rfc3339_ms};
use crate::openapi::route;
use crate::orgs::{Caller, Scope};
use crate::state::AppState;
use crate::web::{ApiJson, ApiQuery, known_shape};

pub fn router() -> Router<AppState> {
    let r = route(
        Router::new(),
        "POST",
        "/cases/{id}/review-commands",
        post(create_command),
    );
    let r = route(r, "GET", "/cases/{id}/review-commands/{command_id}", get(read_command));
    let r = route(r, "GET", "/review-queue", get(queue));
    route(r, "POST", "/cases/{id}/case-file-links", post(create_link))
}

/// The caller's case, or 404 (another organization's or environment's too).
pub async fn case_of(state: &AppState, caller: &Caller, id: &str) -> Result<CaseRow, AppError> {
    known_shape(IdKind::Case, id, Code::CaseNotFound)?;
    case_store::find_case(&state.db, &caller.org_id, caller.environment, id)
        .await?
        .ok_or_else(|| AppError::not_found(Code::CaseNotFound))
}

/// A review command as sent (the API's body, the MCP server's `submit_case_review`).
#[derive(Deserialize)]
pub struct CommandRequest {
    pub command_type: String,
    #[serde(default)]
    pub payload: Value,
    pub rationale: Option<String>,
    pub handler_id: String,
    pub handler_name: Option<String>,
    pub idempotency_key: Option<String>,
    /// A whole number; 3.0 counts as 3 (JSON does not tell them apart).
    pub expected_version: Option<Value>,
}

/// A review command as the API shows it.
#[derive(Serialize)]
pub struct CommandView {
    command_id: String,
    case_id: String,
    command_type: String,
    status: String,
    payload: Value,
    rationale: Option<String>,
    handler_id: String,
    handler_name: Option<String>,
    /// `api`, or `case_file` with the handler link it came through.
    via: &'static str,
    link_id: Option<String>,
    /// What an applied command did; `null` when rejected.
    result: Option<Value>,
    /// Why a command was rejected, with the review as it stood (`reason.review`).
    reason: Option<Value>,
    review_version: i64,
    created_at: String,
    idempotent_replay: bool,
}

impl CommandView {
    pub fn of(row: CommandRow, replay: bool) -> Self {
        let result: Value = serde_json::from_str(&row.result).unwrap_or(Value::Null);
        let (result, reason) = match row.reason {
            Some(code) => {
                let mut reason = serde_json::json!({ "code": code });
                if let Value::Object(fields) = result {
                    for (k, v) in fields {
                        reason[k] = v;
                    }
                }
                (None, Some(reason))
            }
            None => (Some(result), None),
        };
        CommandView {
            command_id: row.id,
            case_id: row.case_id,
            command_type: row.command_type,
            status: row.status,
            payload: serde_json::from_str(&row.payload).unwrap_or(Value::Null),
            rationale: row.rationale,
            handler_id: row.handler_id,
            handler_name: row.handler_name,
            via: if row.link_id.is_some() { "case_file" } else { "api" },
            link_id: row.link_id,
            result,
            reason,
            review_version: row.review_version,
            created_at: rfc3339_ms(row.created_at),
            idempotent_replay: replay,
        }
    }
}

/// 201 applied, 409 rejected (with the fresh state), 200 a replay of either.
async fn create_command(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    ApiJson(request): ApiJson<CommandRequest>,
) -> Result<(StatusCode, Json<CommandView>), AppError> {
    caller.require(Scope::CasesReview)?;
    let (status, view) = run_command(&state, &caller, &id, request, &headers).await?;
    Ok((status, Json(view)))
}

/// Runs a review command on the caller's case `id`: 201 applied, 409 rejected (with the fresh
/// state), 200 a replay of either. The caller's scope is checked by whoever calls.
pub async fn run_command(
    state: &AppState,
    caller: &Caller,
    id: &str,
    request: CommandRequest,
    headers: &HeaderMap,
) -> Result<(StatusCode, CommandView), AppError> {
    let case = case_of(state, caller, id).await?;
    let key = crate::idempotency::key_from(request.idempotency_key.as_deref(), headers)?;
    let expected_version = match &request.expected_version {
        None => None,
        Some(v) => Some(
            crate::vocab::whole_number(v)
                .ok_or_else(|| AppError::validation(Code::InvalidField, "expected_version must be a whole number"))?,
        ),
    };
    let input = Input {
        command_type: request.command_type,
        payload: request.payload,
        rationale: request.rationale,
        handler_id: request.handler_id,
        handler_name: request.handler_name,
        idempotency_key: key,
        expected_version,
    };
    let command = Command::parse(input, None)?;
    let (status, row, replay) = match super::run(&state.db, &state.case_types, &case, &command, now_ms()).await? {
        Ran::Applied(row) => (StatusCode::CREATED, row, false),
        Ran::Rejected(row) => (StatusCode::CONFLICT, row, false),
        Ran::Replayed(row) => (StatusCode::OK, row, true),
    };
    Ok((status, CommandView::of(row, replay)))
}

async fn read_command(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, command_id)): Path<(String, String)>,
) -> Result<Json<CommandView>, AppError> {
    caller.require(Scope::CasesReview)?;
    command_of(&state, &caller, &id, &command_id).await.map(Json)
}

/// Review command `command_id` of the caller's case `id`. The caller's scope is checked by
/// whoever calls.
pub async fn command_of(
    state: &AppState,
    caller: &Caller,
    id: &str,
    command_id: &str,
) -> Result<CommandView, AppError> {
    let case = case_of(state, caller, id).await?;
    let row = store::command(&state.db, &case.id, command_id)
        .await?
        .ok_or_else(|| AppError::not_found(Code::ReviewCommandNotFound))?;
    Ok(CommandView::of(row, false))
}

/// The review queue's filters as sent (the API's query, the MCP server's
/// `list_operator_queue`).
#[derive(Deserialize, Default)]
pub struct QueueQuery {
    pub status: Option<String>,
    pub case_type_id: Option<String>,
    pub min_age_hours: Option<i64>,
    pub cursor: Option<String>,
    pub limit: Option<i64>,
}

/// `GET /review-queue`: cases that need a handler, oldest first, with their reasons.
async fn queue(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<QueueQuery>,
) -> Result<Json<QueuePage>, AppError> {
    caller.require(Scope::CasesReview)?;
    queue_page(&state, &caller, q).await.map(Json)
}

/// A page of the caller's review queue, its filters checked. The caller's scope is checked by
/// whoever calls.
pub async fn queue_page(state: &AppState, caller: &Caller, q: QueueQuery) -> Result<QueuePage, AppError> {
    let status = match q.status.as_deref() {
        None => CaseStatus::NeedsReview,
        Some(s) => CaseStatus::parse(s)
            .filter(|s| matches!(s, CaseStatus::NeedsReview | CaseStatus::ApplicantBlocked))
            .ok_or_else(|| {
                AppError::validation(Code::InvalidField, "status must be needs_review or applicant_blocked")
            })?,
    };
    if let Some(t) = &q.case_type_id
        && state.case_types.get(t).is_none()
    {
        return Err(AppError::validation(
            Code::UnknownCaseType,
            format!("case_type_id {t:?} is not a known case type"),
        ));
    }
    let min_age_hours = q.min_age_hours.unwrap_or(0);
    if !(0..=24 * 365 * 10).contains(&min_age_hours) {
        return Err(AppError::validation(
            Code::InvalidField,
            "min_age_hours must be from 0 to 87600",
        ));
    }
    let limit = q.limit.unwrap_or(50);
    if !(1..=super::MAX_QUEUE_PAGE).contains(&limit) {
        return Err(AppError::validation(Code::InvalidField, "limit must be from 1 to 100"));
    }
    let after = match &q.cursor {
        None => None,
        Some(c) => Some(
            super::parse_cursor(c)
                .ok_or_else(|| AppError::validation(Code::InvalidField, "cursor is not one this queue gave"))?,
        ),
    };
    let params = QueueParams {
        status,
        case_type_id: q.case_type_id,
        min_age_hours,
        after,
        limit,
    };
    super::queue(
        &state.db,
        &state.case_types,
        &caller.org_id,
        caller.environment,
        &params,
        now_ms(),
    )
    .await
}

#[derive(Deserialize)]
struct LinkRequest {
    handler_id: String,
    handler_name: Option<String>,
    access: String,
    /// A whole number of hours; 168.0 counts as 168 (JSON does not tell them apart).
    ttl_hours: Option<Value>,
}

/// `POST /cases/{id}/case-file-links`: a signed case-file link for one handler.
async fn create_link(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<LinkRequest>,
) -> Result<(StatusCode, Json<CreatedLink>), AppError> {
    caller.require(Scope::CasesReview)?;
    let case = case_of(&state, &caller, &id).await?;
    let handler = Handler::parse(&request.handler_id, request.handler_name.as_deref())?;
    let access = Access::parse(&request.access)
        .ok_or_else(|| AppError::validation(Code::InvalidField, "access must be view or review"))?;
    let ttl = match &request.ttl_hours {
        None => Some(super::DEFAULT_LINK_TTL_HOURS),
        Some(v) => crate::vocab::whole_number(v),
    };
    let Some(ttl) = ttl.filter(|t| (1..=super::MAX_LINK_TTL_HOURS).contains(t)) else {
        return Err(AppError::validation(
            Code::InvalidField,
            "ttl_hours must be from 1 to 720",
        ));
    };
    let link = super::mint_link(&state.db, &state.config, &case, &handler, access, ttl, now_ms()).await?;
    Ok((StatusCode::CREATED, Json(link)))
}
