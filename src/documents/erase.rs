//! Erasure (GDPR): a document's bytes, text layer and every observation derived from it go;
//! the facts it supported are resolved again; an event and a PII-free audit record say so.

use super::store;
use crate::blobs::Blobs;
use crate::case_types::CaseTypes;
use crate::cases::settle::{Change, settle};
use crate::cases::{CaseStatus, EventType, store as case_store};
use crate::db::Db;
use crate::error::{AppError, Code};
use crate::facts::{self, store as fact_store};
use crate::orgs::Environment;

/// Who erases: the organization and environment the document must belong to (another's is
/// not found), and the actor the audit records (an API key id, or `applicant` removing an
/// upload).
#[derive(Debug, Clone, Copy)]
pub struct Eraser<'a> {
    pub org_id: &'a str,
    pub environment: Environment,
    pub actor: &'a str,
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
    db: &Db,
    blobs: &Blobs,
    case_types: &CaseTypes,
    by: &Eraser<'_>,
    doc_id: &str,
    now: i64,
) -> Result<ErasureReceipt, AppError> {
    let Eraser {
        org_id,
        environment,
        actor,
    } = *by;
    let doc = store::find(db, org_id, environment, doc_id)
        .await?
        .ok_or_else(|| AppError::not_found(Code::DocumentNotFound))?;
    blobs.delete(&doc.id).await.map_err(AppError::internal)?;

    let mut tx = db.begin().await?;
    let case = case_store::find_case(&mut tx, org_id, environment, &doc.case_id)
        .await?
        .ok_or_else(|| AppError::not_found(Code::DocumentNotFound))?;
    let case_type = case_types.get(&case.case_type_id);
    let before = fact_store::list(&mut tx, &case.id).await?;
    let deleted_evidence = fact_store::delete_for_document(&mut tx, &doc.id).await?;
    let deleted_document = store::delete(&mut tx, &doc.id).await? == 1;
    let after = fact_store::list(&mut tx, &case.id).await?;

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
    let audit = store::Audit {
        id: &audit_id,
        org_id,
        environment,
        actor,
        action: "document.erase",
        resource_id: &doc.id,
        details: &details,
    };
    store::insert_audit(&mut tx, &audit, now).await?;
    let data = serde_json::json!({ "doc_id": doc.id, "audit_id": audit_id, "by": if actor == "applicant" { "applicant" } else { "api" } });
    case_store::append_event(&mut tx, &case.id, EventType::DocumentErased, &data, now).await?;
    if case.mode == crate::cases::Mode::Processing
        && let Some(ct) = &case_type
        && case.status != CaseStatus::Failed
    {
        settle(&mut tx, &case.id, ct, Change::Facts, now).await?;
    }
    tx.commit().await?;
    if doc.status == super::DocStatus::Queued {
        // A fetch in flight may have stored the bytes after the first delete and recorded
        // them before this transaction removed the row: its bytes go now. (One that records
        // them later finds no row, and removes them itself.)
        blobs.delete(&doc.id).await.map_err(AppError::internal)?;
    }
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
