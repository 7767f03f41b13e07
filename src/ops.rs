//! What an operator asks of a running instance: `GET /metrics` (Prometheus text: this
//! instance's counters, and the database's queues read at scrape time), `GET /api/v1/ready`
//! (the database and the blob store answer) beside the liveness check `GET /api/v1/health`,
//! and the middleware that measures every routed request.

use std::time::Instant;

use axum::Json;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::error::{AppError, Code, Kind};
use crate::ids::now_ms;
use crate::metrics::Gauge;
use crate::state::AppState;

/// Route-layer middleware: counts the request under its route pattern (never the path
/// itself, which holds ids and tokens) with its status and duration.
pub async fn measure(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |p| p.as_str().to_string());
    let response = next.run(request).await;
    state
        .metrics
        .http_request(&route, method.as_str(), response.status().as_u16(), started.elapsed());
    response
}

/// `GET /metrics`: behind `KLAREFI_METRICS_TOKEN` when it is set.
pub async fn metrics(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    if let Some(expected) = &state.config.metrics_token_sha256 {
        let given = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(|token| crate::ids::sha256_hex(token.trim().as_bytes()));
        let allowed = given.is_some_and(|g| crate::links::constant_time_eq(g.as_bytes(), expected.as_bytes()));
        if !allowed {
            return Err(AppError::new(Kind::Authentication, Code::InvalidApiKey)
                .with_detail("/metrics needs the bearer token set in KLAREFI_METRICS_TOKEN"));
        }
    }
    let gauges = gauges(&state).await?;
    let body = state.metrics.render(&gauges);
    Ok((
        [
            (header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response())
}

/// What the database holds now: unfinished jobs and webhook deliveries, how long the oldest
/// due one has waited, and the connection pools.
async fn gauges(state: &AppState) -> Result<Vec<Gauge>, AppError> {
    let now = now_ms();
    let jobs = crate::jobs::gauges(&state.db, now).await?;
    let deliveries = crate::webhooks::store::gauges(&state.db, now).await?;
    let mut out = Vec::new();
    for status in ["queued", "running", "failed"] {
        let n = jobs.by_status.iter().find(|(s, _)| s == status).map_or(0, |(_, n)| *n);
        out.push(Gauge {
            name: "klarefi_jobs",
            help: "Document jobs by status (queued, running, failed); finished ones are not counted.",
            labels: vec![("status", status.to_string())],
            value: n as f64,
        });
    }
    out.push(Gauge {
        name: "klarefi_jobs_oldest_due_seconds",
        help: "How long the oldest queued job that is due has waited (0 when none waits).",
        labels: Vec::new(),
        value: jobs.oldest_due_ms as f64 / 1000.0,
    });
    for status in ["pending", "failed"] {
        let n = deliveries
            .by_status
            .iter()
            .find(|(s, _)| s == status)
            .map_or(0, |(_, n)| *n);
        out.push(Gauge {
            name: "klarefi_webhook_deliveries",
            help: "Webhook deliveries not delivered, by status (pending, failed).",
            labels: vec![("status", status.to_string())],
            value: n as f64,
        });
    }
    out.push(Gauge {
        name: "klarefi_webhook_delivery_lag_seconds",
        help: "How overdue the most overdue pending webhook delivery is (0 when none is due).",
        labels: Vec::new(),
        value: deliveries.lag_ms as f64 / 1000.0,
    });
    for (pool, size, idle) in state.db.pool_use() {
        let in_use = (size as usize).saturating_sub(idle);
        for (use_, n) in [("in_use", in_use), ("idle", idle)] {
            out.push(Gauge {
                name: "klarefi_db_pool_connections",
                help: "Database connections per pool (read and write on SQLite, postgres), in use or idle.",
                labels: vec![("pool", pool.to_string()), ("state", use_.to_string())],
                value: n as f64,
            });
        }
    }
    Ok(out)
}

/// The body of `GET /api/v1/ready`.
#[derive(Debug, Serialize)]
pub struct Readiness {
    /// `ready` or `not_ready`.
    pub status: &'static str,
    pub checks: Checks,
}

#[derive(Debug, Serialize)]
pub struct Checks {
    /// `ok` or `failed`.
    pub database: &'static str,
    pub blob_store: &'static str,
}

/// `GET /api/v1/ready`: 200 when the database answers and the blob store takes and gives back
/// bytes, else 503 with the check that failed (the cause is logged, not sent).
pub async fn ready(State(state): State<AppState>) -> Response {
    let limit = std::time::Duration::from_secs(5);
    let database = match tokio::time::timeout(limit, state.db.ping()).await {
        Ok(Ok(())) => "ok",
        Ok(Err(err)) => {
            tracing::warn!(error = %err, "readiness: the database did not answer");
            "failed"
        }
        Err(_) => {
            tracing::warn!("readiness: the database did not answer within 5 s");
            "failed"
        }
    };
    let blob_store = match tokio::time::timeout(limit, state.blobs.check()).await {
        Ok(Ok(())) => "ok",
        Ok(Err(err)) => {
            tracing::warn!(error = %err, "readiness: the blob store failed its probe");
            "failed"
        }
        Err(_) => {
            tracing::warn!("readiness: the blob store did not answer within 5 s");
            "failed"
        }
    };
    let ok = database == "ok" && blob_store == "ok";
    let body = Readiness {
        status: if ok { "ready" } else { "not_ready" },
        checks: Checks { database, blob_store },
    };
    let status = if ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, [(header::CACHE_CONTROL, "no-store")], Json(body)).into_response()
}
