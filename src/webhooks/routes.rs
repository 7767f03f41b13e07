//! `POST /api/v1/webhooks/test`: sends a signed `v1.webhook.test` event to a URL.

use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::error::{AppError, Code};
use crate::fetch::{self, FetchError, FetchPolicy};
use crate::ids::now_ms;
use crate::openapi::route;
use crate::orgs::{Caller, Scope};
use crate::state::AppState;
use crate::web::ApiJson;

pub fn router() -> Router<AppState> {
    let r = route(Router::new(), "POST", "/webhooks/test", post(test));
    route(r, "POST", "/webhooks/deliveries/{delivery_id}/ack", post(ack))
}

#[derive(Deserialize)]
struct TestRequest {
    endpoint_url: Option<String>,
    signing_secret: Option<String>,
}

async fn test(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(request): ApiJson<TestRequest>,
) -> Result<Json<Value>, AppError> {
    caller.require(Scope::WebhooksTest)?;
    let url = request
        .endpoint_url
        .filter(|u| !u.trim().is_empty())
        .ok_or_else(|| AppError::validation(Code::MissingField, "endpoint_url is required and must be a string"))?;
    let secret = request
        .signing_secret
        .filter(|s| !s.is_empty())
        .ok_or_else(|| AppError::validation(Code::MissingField, "signing_secret is required and must be a string"))?;
    if secret.len() > 256 {
        return Err(AppError::validation(
            Code::InvalidField,
            "signing_secret must be at most 256 characters",
        ));
    }
    let policy = FetchPolicy::webhook(state.config.allow_private_urls);
    fetch::check_url(&url, &policy)
        .map_err(|e| AppError::validation(Code::InvalidWebhookUrl, format!("endpoint_url: {e}")))?;

    let now = now_ms();
    let body = json!({
        "event": "webhook.test",
        "timestamp": crate::ids::rfc3339_ms(now),
        "event_id": crate::ids::sortable("evt"),
        "delivery_id": crate::ids::prefixed("whd"),
        "event_type": "v1.webhook.test",
        "semantic_event_type": "webhook.test",
        "schema_version": "v1",
        "created_at": crate::ids::rfc3339_ms(now),
        "occurred_at": crate::ids::rfc3339_ms(now),
        "org_id": caller.org_id,
        "environment": caller.environment,
        "case_id": Value::Null,
        "session_id": Value::Null,
        "data": { "message": "This is a test event from Klarefi." },
    });
    let raw = body.to_string().into_bytes();
    let header = super::signature_header(&[&secret], now / 1000, &raw);
    let headers = vec![
        ("content-type".to_string(), "application/json".to_string()),
        ("x-klarefi-signature".to_string(), header),
    ];
    let outcome = fetch::post(&url, raw, &headers, &policy).await;
    // A host refused by the address rules after DNS answers exactly as one that cannot be
    // reached: telling them apart would let a caller map which internal names resolve to
    // private addresses. The URL's own form (scheme, literal address) was checked above.
    let (success, status_code) = match outcome {
        Ok(status) => ((200..300).contains(&status), Some(status)),
        Err(e) => {
            let refused = matches!(e, FetchError::AddressNotAllowed { .. });
            tracing::info!(refused, error = %e, "webhook test not delivered");
            (false, None)
        }
    };
    Ok(Json(json!({ "success": success, "status_code": status_code })))
}

#[derive(Deserialize, Default)]
struct AckRequest {
    acknowledgement_id: Option<String>,
}

/// `POST /api/v1/webhooks/deliveries/{delivery_id}/ack`: idempotent; the first
/// acknowledgement is kept.
async fn ack(
    State(state): State<AppState>,
    caller: Caller,
    axum::extract::Path(delivery_id): axum::extract::Path<String>,
    body: axum::body::Bytes,
) -> Result<Json<Value>, AppError> {
    caller.require(Scope::WebhooksAcknowledge)?;
    crate::web::known_shape(
        crate::ids::IdKind::WebhookDelivery,
        &delivery_id,
        Code::DeliveryNotFound,
    )?;
    // The body is optional: none, or `{"acknowledgement_id": "…"}`.
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
    Ok(Json(json!({
        "delivery_id": d.id,
        "acknowledged": true,
        "acknowledged_at": d.acknowledged_at.map(crate::ids::rfc3339_ms),
        "acknowledgement_id": d.acknowledgement_id,
        "status": d.status,
    })))
}
