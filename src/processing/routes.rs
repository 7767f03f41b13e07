//! `POST /api/v1/process`.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::{Json, Router};

use super::{NewProcessing, ProcessRequest};
use crate::error::AppError;
use crate::ids::now_ms;
use crate::openapi::route;
use crate::orgs::{Caller, Scope};
use crate::state::AppState;
use crate::web::ApiJson;

pub fn router() -> Router<AppState> {
    route(Router::new(), "POST", "/process", post(process))
}

async fn process(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    ApiJson(request): ApiJson<ProcessRequest>,
) -> Result<(StatusCode, Json<super::Accepted>), AppError> {
    caller.require(Scope::CasesProcess)?;
    let key = crate::idempotency::key_from(request.idempotency_key.as_deref(), &headers)?;
    let req = NewProcessing::parse(request, &state.case_types, &state.fetch_policy())?;
    let accepted = super::submit(&state.db, &caller, &key, &req, now_ms()).await?;
    if accepted.idempotent_replay {
        return Ok((StatusCode::OK, Json(accepted)));
    }
    state.jobs_ready.notify_one();
    Ok((StatusCode::CREATED, Json(accepted)))
}
