//! Authentication, the per-organization rate limit, `GET /api/v1/me`, and an organization's
//! public brand assets for its applicant pages (`/brand/{org}/logo`, `/brand/{org}/style.css`).

use axum::extract::{FromRequestParts, Request, State};
use axum::http::header::{AUTHORIZATION, RETRY_AFTER};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;

use super::{Caller, Environment, Scope, hash_key, key_environment, parse_scope_list, store};
use crate::error::{AppError, Code, Kind};
use crate::ids::now_ms;
use crate::openapi::route;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    route(Router::new(), "GET", "/me", get(me))
}

/// The brand assets: public (a logo and a colour are shown to anyone holding a link), cached,
/// and a 404 for an organization without them or one that does not exist.
pub fn brand_router() -> Router<AppState> {
    Router::new()
        .route("/brand/{org}/logo", get(logo))
        .route("/brand/{org}/style.css", get(style))
}

fn org_shaped(id: &str) -> bool {
    id.strip_prefix("org_")
        .is_some_and(|rest| (1..=40).contains(&rest.len()) && rest.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// `GET /brand/{org}/logo`
async fn logo(
    State(state): State<AppState>,
    axum::extract::Path(org): axum::extract::Path<String>,
) -> Result<Response, AppError> {
    if !org_shaped(&org) {
        return Err(AppError::not_found(Code::NotFound));
    }
    let (content_type, bytes) = store::logo(&state.db, &org)
        .await?
        .ok_or_else(|| AppError::not_found(Code::NotFound))?;
    let content_type = HeaderValue::from_str(&content_type).map_err(AppError::internal)?;
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, content_type),
            (
                axum::http::header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=86400"),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// `GET /brand/{org}/style.css`: the brand colour as the pages' accent (the CSP allows no
/// inline style, so it is a stylesheet of its own).
async fn style(
    State(state): State<AppState>,
    axum::extract::Path(org): axum::extract::Path<String>,
) -> Result<Response, AppError> {
    if !org_shaped(&org) {
        return Err(AppError::not_found(Code::NotFound));
    }
    // Stored only after `parse_brand_color`; checked again so nothing else reaches the CSS.
    let color = store::brand(&state.db, &org)
        .await?
        .and_then(|b| b.color)
        .and_then(|c| super::parse_brand_color(&c).ok())
        .ok_or_else(|| AppError::not_found(Code::NotFound))?;
    let css = format!(":root {{ --accent: {color}; }}\n");
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                HeaderValue::from_static("text/css; charset=utf-8"),
            ),
            (
                axum::http::header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=86400"),
            ),
        ],
        css,
    )
        .into_response())
}

#[derive(Serialize)]
struct Me {
    org_id: String,
    environment: Environment,
}

/// `GET /api/v1/me`: the key's organization; needs `cases:read` like every read (seeds).
async fn me(caller: Caller) -> Result<Json<Me>, AppError> {
    caller.require(Scope::CasesRead)?;
    Ok(Json(Me {
        org_id: caller.org_id,
        environment: caller.environment,
    }))
}

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Caller>()
            .cloned()
            .ok_or_else(|| AppError::internal(std::io::Error::other("route is missing the authentication layer")))
    }
}

fn bearer(headers: &HeaderMap) -> Result<&str, AppError> {
    let value = headers
        .get(AUTHORIZATION)
        .ok_or_else(|| AppError::new(Kind::Authentication, Code::MissingApiKey))?;
    let value = value
        .to_str()
        .map_err(|_| AppError::new(Kind::Authentication, Code::InvalidApiKey))?;
    let (scheme, token) = value
        .split_once(' ')
        .ok_or_else(|| AppError::new(Kind::Authentication, Code::InvalidApiKey))?;
    if !scheme.eq_ignore_ascii_case("bearer") || token.trim().is_empty() {
        return Err(AppError::new(Kind::Authentication, Code::InvalidApiKey)
            .with_detail("use the Authorization header as: Bearer sk_test_… or Bearer sk_live_…"));
    }
    Ok(token.trim())
}

async fn caller_for(state: &AppState, headers: &HeaderMap) -> Result<(Caller, u32), AppError> {
    caller_for_key(state, bearer(headers)?).await
}

/// The caller an API key stands for, and its organization's requests a minute: the same
/// lookup (cache, revocation, environment) for the API's header and the MCP server's key.
pub async fn caller_for_key(state: &AppState, secret: &str) -> Result<(Caller, u32), AppError> {
    let claimed = key_environment(secret).ok_or_else(|| {
        AppError::new(Kind::Authentication, Code::InvalidApiKey).with_detail("API keys start with sk_test_ or sk_live_")
    })?;
    let key_hash = hash_key(secret);
    let row = match state.key_cache.get(&key_hash) {
        Some(row) => row,
        None => {
            let row = store::find_key_by_hash(&state.db, &key_hash)
                .await?
                .ok_or_else(|| AppError::new(Kind::Authentication, Code::InvalidApiKey))?;
            state.key_cache.put(&key_hash, &row);
            row
        }
    };
    if row.revoked_at.is_some() {
        return Err(AppError::new(Kind::Authentication, Code::RevokedApiKey));
    }
    let environment = Some(row.environment).filter(|e| *e == claimed);
    let Some(environment) = environment else {
        return Err(AppError::new(Kind::Authentication, Code::InvalidApiKey));
    };
    let limit = row
        .rate_limit
        .and_then(|n| u32::try_from(n).ok())
        .filter(|n| *n > 0)
        .unwrap_or(state.config.default_rate_limit);
    Ok((
        Caller {
            org_id: row.org_id,
            key_id: row.key_id,
            environment,
            scopes: parse_scope_list(&row.scopes),
            processing_enabled: row.processing_enabled,
        },
        limit,
    ))
}

use super::ratelimit::WINDOW_MS;

/// Counts one request of `caller` against its organization's window; `rate_limited` (with
/// the seconds to wait) past `limit` a minute. For callers that are not HTTP routes (the MCP
/// server's tools); the routes count in [`authenticate`], which also sets the headers.
pub async fn count_request(state: &AppState, caller: &Caller, limit: u32) -> Result<(), AppError> {
    let now = now_ms();
    let verdict = state
        .rate_limiter
        .hit(&state.db, &caller.org_id, i64::from(limit), now)
        .await?;
    if verdict.count > i64::from(limit) {
        let reset_secs = (verdict.window_start + WINDOW_MS) / 1000;
        let retry_after = u64::try_from((reset_secs - now / 1000).max(1)).unwrap_or(1);
        let mut err = AppError::new(Kind::RateLimited, Code::RateLimited).with_detail(format!(
            "the limit is {limit} requests a minute; retry after {retry_after} s"
        ));
        err.retry_after = Some(retry_after);
        return Err(err);
    }
    Ok(())
}

/// Authenticates the key, counts the request against the organization's window, and puts
/// the `Caller` in the request. Every response after authentication carries the rate-limit
/// headers, errors included.
pub async fn authenticate(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let (caller, limit) = match caller_for(&state, request.headers()).await {
        Ok(found) => found,
        Err(err) => return err.into_response(),
    };
    let now = now_ms();
    let verdict = match state
        .rate_limiter
        .hit(&state.db, &caller.org_id, i64::from(limit), now)
        .await
    {
        Ok(verdict) => verdict,
        Err(err) => return err.into_response(),
    };
    let (hits, window_start) = (verdict.count, verdict.window_start);
    let reset_secs = (window_start + WINDOW_MS) / 1000;
    let remaining = (i64::from(limit) - hits).max(0);

    let mut response = if hits > i64::from(limit) {
        let retry_after = u64::try_from((reset_secs - now / 1000).max(1)).unwrap_or(1);
        let mut err = AppError::new(Kind::RateLimited, Code::RateLimited).with_detail(format!(
            "the limit is {limit} requests a minute; retry after {retry_after} s"
        ));
        err.retry_after = Some(retry_after);
        let mut response = err.into_response();
        response
            .headers_mut()
            .insert(RETRY_AFTER, HeaderValue::from(retry_after));
        response
    } else {
        request.extensions_mut().insert(caller);
        next.run(request).await
    };
    let headers = response.headers_mut();
    headers.insert("x-ratelimit-limit", HeaderValue::from(limit));
    headers.insert("x-ratelimit-remaining", HeaderValue::from(remaining));
    headers.insert("x-ratelimit-reset", HeaderValue::from(reset_secs));
    response
}
