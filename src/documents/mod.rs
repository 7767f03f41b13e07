//! Documents: what was received (bytes in the blob store, type checked from the bytes, sha256),
//! their processing status, and the text layer each page yields.

pub mod routes;
pub mod store;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DocStatus {
    /// Stored, waiting to be read.
    Received,
    Processed,
    Failed,
    /// Kept as received with nothing to read (photos of the damage, say).
    Stored,
}

impl DocStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DocStatus::Received => "received",
            DocStatus::Processed => "processed",
            DocStatus::Failed => "failed",
            DocStatus::Stored => "stored",
        }
    }
}

/// What an erasure removed, as the seeds' `erasure_receipt`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ErasureReceipt {
    pub doc_id: String,
    pub audit_id: String,
    pub deleted_evidence: u64,
    pub deleted_candidates: u64,
    pub deleted_decisions: u64,
    pub deleted_document: bool,
    pub timestamp: String,
    pub completed: bool,
}

/// Erases a document: its bytes, text layer and every observation derived from it; the facts
/// it supported are resolved again (decisions are derived, so that is automatic); a
/// `document.erased` event and an audit record (ids and counts only) are written in the same
/// transaction. The blob goes first: if anything after fails, the bytes are gone anyway,
/// which is the side to err on for an erasure.
pub async fn erase(
    state: &crate::state::AppState,
    caller: &crate::orgs::Caller,
    doc_id: &str,
    now: i64,
) -> Result<ErasureReceipt, crate::error::AppError> {
    erase_as(state, &caller.org_id, caller.environment, &caller.key_id, doc_id, now).await
}

/// [`erase`] on behalf of `actor` (an API key id, or `applicant` removing an upload).
pub async fn erase_as(
    state: &crate::state::AppState,
    org_id: &str,
    environment: crate::orgs::Environment,
    actor: &str,
    doc_id: &str,
    now: i64,
) -> Result<ErasureReceipt, crate::error::AppError> {
    use crate::cases::{EventType, store as case_store};
    use crate::error::{AppError, Code};
    use crate::facts::{self, store as fact_store};

    let doc = store::find(&state.db, org_id, environment, doc_id)
        .await?
        .ok_or_else(|| AppError::not_found(Code::DocumentNotFound))?;
    state.blobs.delete(&doc.id).await.map_err(AppError::internal)?;

    let mut tx = state.db.begin().await?;
    let case = case_store::find_case_tx(&mut tx, org_id, environment, &doc.case_id)
        .await?
        .ok_or_else(|| AppError::not_found(Code::DocumentNotFound))?;
    let case_type = state.case_types.get(&case.case_type_id);
    let before = fact_store::list_tx(&mut tx, &case.id).await?;
    let deleted_evidence = fact_store::delete_for_document(&mut tx, &doc.id).await?;
    let deleted_document = store::delete(&mut tx, &doc.id).await? == 1;
    let after = fact_store::list_tx(&mut tx, &case.id).await?;

    let (mut deleted_candidates, mut deleted_decisions) = (0u64, 0u64);
    if let Some(ct) = &case_type {
        let old = facts::resolve_all(&case.id, ct, &before);
        let new = facts::resolve_all(&case.id, ct, &after);
        for (o, n) in old.iter().zip(&new) {
            deleted_candidates += o
                .candidate_ids
                .iter()
                .filter(|id| !n.candidate_ids.contains(id))
                .count() as u64;
            if o.decision_id(&case.id) != n.decision_id(&case.id) {
                deleted_decisions += 1;
            }
        }
    }

    let audit_id = crate::ids::prefixed("audit");
    let details = serde_json::json!({
        "case_id": case.id,
        "deleted_evidence": deleted_evidence,
        "deleted_candidates": deleted_candidates,
        "deleted_decisions": deleted_decisions,
    });
    crate::on_tx!(&mut tx, |conn| {
        sqlx::query(
            "INSERT INTO audit_records (id, org_id, environment, actor, action, resource_id, details, created_at)
             VALUES ($1, $2, $3, $4, 'document.erase', $5, $6, $7)",
        )
        .bind(&audit_id)
        .bind(org_id)
        .bind(environment.as_str())
        .bind(actor)
        .bind(&doc.id)
        .bind(details.to_string())
        .bind(now)
        .execute(&mut **conn)
        .await
        .map(|r| r.rows_affected())
    })?;
    let data = serde_json::json!({ "doc_id": doc.id, "audit_id": audit_id, "by": if actor == "applicant" { "applicant" } else { "api" } });
    case_store::append_event(&mut tx, &case.id, EventType::DocumentErased, &data, now).await?;
    if case.mode == "processing"
        && let Some(ct) = &case_type
        && !matches!(case.status(), crate::cases::CaseStatus::Failed)
    {
        crate::cases::settle::settle(&mut tx, &case.id, ct, crate::cases::settle::Change::Facts, now).await?;
    }
    tx.commit().await?;
    Ok(ErasureReceipt {
        doc_id: doc.id,
        audit_id,
        deleted_evidence,
        deleted_candidates,
        deleted_decisions,
        deleted_document,
        timestamp: crate::ids::rfc3339_ms(now),
        completed: true,
    })
}
