//! `POST /api/v1/webhooks/test`: sends a signed `v1.webhook.test` event to a URL.

use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use super::{TestRequest, TestResult};
use crate::error::{AppError, Code};
use crate::fetch::FetchPolicy;
use crate::ids::now_ms;
use crate::openapi::route;
use crate::orgs::{Caller, Scope};
use crate::state::AppState;
use crate::web::ApiJson;

pub fn router() -> Router<AppState> {
    let r = route(Router::new(), "POST", "/webhooks/test", post(test));
    route(r, "POST", "/webhooks/deliveries/{delivery_id}/ack", post(ack))
}

/// `POST /api/v1/webhooks/test`: a signed `v1.webhook.test` event to the URL in the body.
async fn test(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(request): ApiJson<TestRequest>,
) -> Result<Json<TestResult>, AppError> {
    caller.require(Scope::WebhooksTest)?;
    let policy = FetchPolicy::webhook(state.config.allow_private_urls);
    let test = request.parse(&policy)?;
    let result = super::send_test(&test, &caller.org_id, caller.environment, &policy, now_ms()).await;
    Ok(Json(result))
}

/// The optional body of an acknowledgement: none, or `{"acknowledgement_id": "…"}`.
#[derive(Deserialize, Default)]
struct AckRequest {
    acknowledgement_id: Option<String>,
}

/// The answer to an acknowledgement.
#[derive(Debug, Serialize)]
struct Acknowledged {
    delivery_id: String,
    acknowledged: bool,
    acknowledged_at: Option<String>,
    acknowledgement_id: Option<String>,
    status: String,
}

/// `POST /api/v1/webhooks/deliveries/{delivery_id}/ack`: idempotent; the first
/// acknowledgement is kept.
async fn ack(
    State(state): State<AppState>,
    caller: Caller,
    axum::extract::Path(delivery_id): axum::extract::Path<String>,
    body: axum::body::Bytes,
) -> Result<Json<Acknowledged>, AppError> {
    caller.require(Scope::WebhooksAcknowledge)?;
    crate::web::known_shape(
        crate::ids::IdKind::WebhookDelivery,
        &delivery_id,
        Code::DeliveryNotFound,
    )?;
    let request: AckRequest = if body.iter().all(u8::is_ascii_whitespace) {
        AckRequest::default()
    } else {
        crate::web::parse_json(&body)?
    };
    let ack_id = crate::sessions::external_id("acknowledgement_id", request.acknowledgement_id)?;
    let found = super::store::find_delivery_scoped(&state.db, &caller.org_id, caller.environment, &delivery_id).await?;
    if found.is_none() {
        return Err(AppError::not_found(Code::DeliveryNotFound));
    }
    super::store::acknowledge(&state.db, &delivery_id, ack_id.as_deref(), now_ms()).await?;
    let d = super::store::find_delivery(&state.db, &delivery_id)
        .await?
        .ok_or_else(|| AppError::not_found(Code::DeliveryNotFound))?;
    Ok(Json(Acknowledged {
        delivery_id: d.id,
        acknowledged: true,
        acknowledged_at: d.acknowledged_at.map(crate::ids::rfc3339_ms),
        acknowledgement_id: d.acknowledgement_id,
        status: d.status,
    }))
}
