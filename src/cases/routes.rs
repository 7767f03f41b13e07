//! `GET /api/v1/cases/{id}` and `GET /api/v1/cases/{id}/events`.

use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};

use super::store;
use crate::app::AppState;
use crate::error::{AppError, Code};
use crate::ids::rfc3339_ms;
use crate::orgs::{Caller, Scope};
use crate::web::ApiQuery;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/cases/{id}", get(read))
        .route("/cases/{id}/events", get(events))
}

async fn read(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> Result<Json<Value>, AppError> {
    caller.require(Scope::CasesRead)?;
    let case = store::find_case(&state.db, &caller.org_id, caller.environment, &id)
        .await?
        .ok_or_else(|| AppError::not_found(Code::CaseNotFound))?;
    // Documents and facts arrive with the evidence engine; until a case has any, both are
    // empty, which is the truth about such a case.
    Ok(Json(json!({
        "case_id": case.id,
        "org_id": case.org_id,
        "status": case.status,
        "case_type_id": case.case_type_id,
        "mode": case.mode,
        "document_ids": Vec::<String>::new(),
        "features": json!({}),
        "external_case_id": case.external_case_id,
        "external_applicant_id": case.external_applicant_id,
        "external_customer_id": case.external_customer_id,
        "trace_id": case.trace_id,
        "created_at": rfc3339_ms(case.created_at),
        "updated_at": rfc3339_ms(case.updated_at),
    })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
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
) -> Result<Json<Value>, AppError> {
    caller.require(Scope::CasesRead)?;
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
    let case = store::find_case(&state.db, &caller.org_id, caller.environment, &id)
        .await?
        .ok_or_else(|| AppError::not_found(Code::CaseNotFound))?;
    let rows = store::list_events(&state.db, &case.id, after, limit).await?;
    let next_cursor = rows.last().map_or(after, |r| r.cursor);
    let events: Vec<Value> = rows
        .into_iter()
        .map(|r| {
            json!({
                "event_id": r.event_id,
                "event_type": r.event_type,
                "cursor": r.cursor,
                "created_at": rfc3339_ms(r.created_at),
                "data": serde_json::from_str::<Value>(&r.data).unwrap_or(Value::Null),
            })
        })
        .collect();
    Ok(Json(json!({
        "case_id": case.id,
        "events": events,
        "next_cursor": next_cursor,
        "has_more": next_cursor < case.last_cursor,
    })))
}
