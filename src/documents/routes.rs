//! `DELETE /api/v1/documents/{doc_id}`: GDPR erasure.

use axum::extract::{Path, State};
use axum::routing::delete;
use axum::{Json, Router};

use crate::error::AppError;
use crate::ids::now_ms;
use crate::openapi::route;
use crate::orgs::{Caller, Scope};
use crate::state::AppState;

/// The answer to an erasure.
#[derive(Debug, serde::Serialize)]
struct Erased {
    erasure_receipt: super::erase::ErasureReceipt,
}

pub fn router() -> Router<AppState> {
    route(Router::new(), "DELETE", "/documents/{doc_id}", delete(erase))
}

async fn erase(
    State(state): State<AppState>,
    caller: Caller,
    Path(doc_id): Path<String>,
) -> Result<Json<Erased>, AppError> {
    caller.require(Scope::PrivacyErase)?;
    crate::web::known_shape(
        crate::ids::IdKind::Document,
        &doc_id,
        crate::error::Code::DocumentNotFound,
    )?;
    let by = super::erase::Eraser {
        org_id: &caller.org_id,
        environment: caller.environment,
        actor: &caller.key_id,
    };
    let receipt = super::erase::erase(&state.db, &state.blobs, &state.case_types, &by, &doc_id, now_ms()).await?;
    Ok(Json(Erased {
        erasure_receipt: receipt,
    }))
}
