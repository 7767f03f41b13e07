//! `GET /api/v1/cases/{id}` and `GET /api/v1/cases/{id}/events`.

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderValue;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::cache::View;
use super::package::{CaseFileLink, Package};
use super::store;
use crate::documents::store as doc_store;
use crate::error::{AppError, Code};
use crate::facts::{self, store as fact_store};
use crate::ids::{IdKind, rfc3339_ms};
use crate::openapi::route;
use crate::orgs::{Caller, Scope};
use crate::state::AppState;
use crate::web::{ApiQuery, known_shape};

pub fn router() -> Router<AppState> {
    let r = route(Router::new(), "GET", "/cases/{id}", get(read));
    let r = route(r, "GET", "/cases/{id}/events", get(events));
    route(r, "GET", "/cases/{id}/package", get(package))
}

/// The body of `GET /api/v1/cases/{id}`, serialized as it is (keys in alphabetical order).
#[derive(Serialize)]
struct CaseView<'a> {
    case_id: &'a str,
    case_type_id: &'a str,
    created_at: String,
    document_ids: Vec<String>,
    external_applicant_id: Option<&'a str>,
    external_case_id: Option<&'a str>,
    external_customer_id: Option<&'a str>,
    features: BTreeMap<String, facts::Feature<'a>>,
    metadata: crate::cases::Metadata,
    mode: &'a str,
    org_id: &'a str,
    status: &'a str,
    trace_id: Option<&'a str>,
    updated_at: String,
}

async fn read(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> Result<Response, AppError> {
    caller.require(Scope::CasesRead)?;
    known_shape(IdKind::Case, &id, Code::CaseNotFound)?;
    serve_view(&state, &caller, &id, View::Case).await
}

/// Answers with `view` of case `id` from the case cache, or reads it, answers and caches it.
async fn serve_view(state: &AppState, caller: &Caller, id: &str, view: View) -> Result<Response, AppError> {
    let cache = &state.cases;
    let epoch = cache.epoch();
    if let Some(body) = cache.get(id, view, &caller.org_id, caller.environment) {
        #[cfg(debug_assertions)]
        check_cached(state, caller, id, view, &body, epoch).await;
        return Ok(json_body(body));
    }
    let body = render(state, caller, id, view)
        .await?
        .ok_or_else(|| AppError::not_found(Code::CaseNotFound))?;
    cache.put(id, view, &caller.org_id, caller.environment, body.clone(), epoch);
    Ok(json_body(body))
}

fn json_body(body: Bytes) -> Response {
    ([(CONTENT_TYPE, HeaderValue::from_static("application/json"))], body).into_response()
}

/// `view` of case `id` read from the database; `None` when the caller has no such case.
async fn render(state: &AppState, caller: &Caller, id: &str, view: View) -> Result<Option<Bytes>, AppError> {
    match view {
        View::Case => render_case(state, caller, id).await,
        View::Events { after, limit } => render_events(state, caller, id, after, limit).await,
    }
}

/// The body of `GET /api/v1/cases/{id}`.
async fn render_case(state: &AppState, caller: &Caller, id: &str) -> Result<Option<Bytes>, AppError> {
    let Some(store::CaseRead {
        case,
        document_ids,
        observations,
    }) = store::read_case(&state.db, &caller.org_id, caller.environment, id).await?
    else {
        return Ok(None);
    };
    let features = match state.case_types.get(&case.case_type_id) {
        Some(ct) => facts::features(&case.id, &ct, &observations),
        None => BTreeMap::new(),
    };
    let view = CaseView {
        case_id: &case.id,
        case_type_id: &case.case_type_id,
        created_at: rfc3339_ms(case.created_at),
        document_ids,
        external_applicant_id: case.external_applicant_id.as_deref(),
        external_case_id: case.external_case_id.as_deref(),
        external_customer_id: case.external_customer_id.as_deref(),
        features,
        metadata: crate::cases::Metadata::from_json(&case.metadata),
        mode: case.mode.as_str(),
        org_id: &case.org_id,
        status: case.status.as_str(),
        trace_id: case.trace_id.as_deref(),
        updated_at: rfc3339_ms(case.updated_at),
    };
    json_bytes(&view).map(Some)
}

fn json_bytes(value: &impl Serialize) -> Result<Bytes, AppError> {
    serde_json::to_vec(value).map(Bytes::from).map_err(AppError::internal)
}

/// Debug builds (the tests) check every cache hit against a fresh read: a write path that
/// changes a case without `Tx::changed` shows up here as a failed test, not as a stale read
/// in production. A differing hit is wrong only if nothing forgets it soon after: another
/// instance's change is heard a moment after its commit.
#[cfg(debug_assertions)]
async fn check_cached(state: &AppState, caller: &Caller, id: &str, view: View, cached: &Bytes, epoch: u64) {
    #[allow(clippy::expect_used)]
    let fresh = render(state, caller, id, view).await.expect("case view reads in tests");
    if fresh.as_ref() != Some(cached) {
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    if state.cases.epoch() == epoch {
        assert_eq!(
            fresh.as_ref().map(|b| String::from_utf8_lossy(b).into_owned()),
            Some(String::from_utf8_lossy(cached).into_owned()),
            "the case cache served a stale {view:?} of {id}: a write path does not call Tx::changed"
        );
    }
}

/// `GET /api/v1/cases/{id}/package`: `case_package.v1`, everything a claims system needs to
/// act on the case, with a fresh signed link to the handler's case file.
async fn package(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Package>, AppError> {
    caller.require(Scope::CasesRead)?;
    package_of(&state, &caller, &id).await.map(Json)
}

/// The body of `GET /api/v1/cases/{id}` for `caller` (the MCP server's `get_case`); the
/// caller's scope is checked by whoever calls. `case_not_found` for another organization's or
/// environment's case.
pub async fn case_of(state: &AppState, caller: &Caller, id: &str) -> Result<Bytes, AppError> {
    known_shape(IdKind::Case, id, Code::CaseNotFound)?;
    render_case(state, caller, id)
        .await?
        .ok_or_else(|| AppError::not_found(Code::CaseNotFound))
}

/// `case_package.v1` of case `id` for `caller` (the route above and the MCP server's
/// `get_case_package`); the caller's scope is checked by whoever calls.
pub async fn package_of(state: &AppState, caller: &Caller, id: &str) -> Result<Package, AppError> {
    known_shape(IdKind::Case, id, Code::CaseNotFound)?;
    let case = store::find_case(&state.db, &caller.org_id, caller.environment, id)
        .await?
        .ok_or_else(|| AppError::not_found(Code::CaseNotFound))?;
    let documents = doc_store::list_for_case(&state.db, &case.id).await?;
    let observations = fact_store::list(&state.db, &case.id).await?;
    let link = CaseFileLink {
        keys: &state.config.signing_keys,
        public_url: &state.config.public_url,
    };
    let now = crate::ids::now_ms();
    let review = match state.case_types.get(&case.case_type_id) {
        Some(ct) => Some(crate::review::view(&state.db, &case, &ct).await?),
        None => None,
    };
    Ok(super::package::package(
        &case,
        &state.case_types,
        &documents,
        &observations,
        &link,
        review,
        now,
    ))
}

#[derive(Deserialize)]
struct EventsQuery {
    after_cursor: Option<i64>,
    limit: Option<i64>,
}

pub const MAX_EVENTS: i64 = 100;

async fn events(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiQuery(query): ApiQuery<EventsQuery>,
) -> Result<Response, AppError> {
    caller.require(Scope::CasesRead)?;
    known_shape(IdKind::Case, &id, Code::CaseNotFound)?;
    let after = query.after_cursor.unwrap_or(0);
    if after < 0 {
        return Err(AppError::validation(
            Code::InvalidField,
            "after_cursor must be 0 or more",
        ));
    }
    let limit = query.limit.unwrap_or(MAX_EVENTS);
    if !(1..=MAX_EVENTS).contains(&limit) {
        return Err(AppError::validation(Code::InvalidField, "limit must be from 1 to 100"));
    }
    serve_view(&state, &caller, &id, View::Events { after, limit }).await
}

/// `GET /api/v1/cases/{id}/events`: a page of the case's events, oldest first.
#[derive(Debug, Serialize)]
struct EventsPage {
    case_id: String,
    events: Vec<Event>,
    /// Where the next page starts (`after_cursor`).
    next_cursor: i64,
    has_more: bool,
}

#[derive(Debug, Serialize)]
struct Event {
    event_id: String,
    event_type: String,
    cursor: i64,
    created_at: String,
    data: Value,
}

/// The body of `GET /api/v1/cases/{id}/events?after_cursor=…&limit=…`.
async fn render_events(
    state: &AppState,
    caller: &Caller,
    id: &str,
    after: i64,
    limit: i64,
) -> Result<Option<Bytes>, AppError> {
    let Some(case) = store::find_case(&state.db, &caller.org_id, caller.environment, id).await? else {
        return Ok(None);
    };
    let rows = store::list_events(&state.db, &case.id, after, limit).await?;
    let next_cursor = rows.last().map_or(after, |r| r.cursor);
    let events = rows
        .into_iter()
        .map(|r| Event {
            event_id: r.event_id,
            event_type: r.event_type,
            cursor: r.cursor,
            created_at: rfc3339_ms(r.created_at),
            data: serde_json::from_str::<Value>(&r.data).unwrap_or(Value::Null),
        })
        .collect();
    let page = EventsPage {
        case_id: case.id,
        events,
        next_cursor,
        has_more: next_cursor < case.last_cursor,
    };
    json_bytes(&page).map(Some)
}
