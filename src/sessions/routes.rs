//! `POST /api/v1/sessions`, `GET /api/v1/sessions/{id}`, `POST /api/v1/sessions/{id}/expire`.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};

use super::{CreateSessionRequest, CreatedSession, NewSession, SessionView};
use crate::cases::store as case_store;
use crate::error::{AppError, Code};
use crate::ids::{IdKind, now_ms};
use crate::openapi::route;
use crate::orgs::{Caller, Scope};
use crate::state::AppState;
use crate::web::{ApiJson, known_shape};

pub fn router() -> Router<AppState> {
    let r = route(Router::new(), "POST", "/sessions", post(create));
    let r = route(r, "GET", "/sessions/{id}", get(read));
    route(r, "POST", "/sessions/{id}/expire", post(expire))
}

async fn create(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    ApiJson(request): ApiJson<CreateSessionRequest>,
) -> Result<(StatusCode, Json<CreatedSession>), AppError> {
    caller.require(Scope::SessionsCreate)?;
    let key = crate::idempotency::key_from(request.idempotency_key.as_deref(), &headers)?;
    let session = NewSession::parse(request, &state.case_types, state.config.allow_private_urls)?;
    let body = super::create(
        &state.db,
        state.new_cases.as_ref(),
        &state.config,
        &caller,
        &key,
        session,
        now_ms(),
    )
    .await?;
    let status = if body.idempotent_replay {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok((status, Json(body)))
}

async fn read(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<SessionView>, AppError> {
    caller.require(Scope::CasesRead)?;
    known_shape(IdKind::Case, &id, Code::SessionNotFound)?;
    let case = case_store::find_case(&state.db, &caller.org_id, caller.environment, &id)
        .await?
        .filter(|c| c.mode == crate::cases::Mode::Hosted)
        .ok_or_else(|| AppError::not_found(Code::SessionNotFound))?;
    Ok(Json(super::session_view(&state.config, &case, now_ms())))
}

async fn expire(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<SessionView>, AppError> {
    caller.require(Scope::SessionsCreate)?;
    known_shape(IdKind::Case, &id, Code::SessionNotFound)?;
    let now = now_ms();
    let case = super::expire(&state.db, &caller, &id, now).await?;
    Ok(Json(super::session_view(&state.config, &case, now)))
}
