//! The one rule for a case's status after something changed it: its documents were read (or
//! could not be), a document was erased, the applicant answered, the applicant submitted.
//! `completed` when every required fact is kept (and, at submit, every document was read),
//! `needs_review` when a person has to look, `failed` when the processing API's document could
//! not be read at all; while a hosted conversation runs, `applicant_blocked` when it waits on
//! the applicant's follow-ups and `processing` again once they are answered. A handler's
//! review (`review`) moves a case in review to `applicant_blocked` when it asks the claimant,
//! back to `needs_review` when the claimant answered, and to `completed` when the handler
//! completes it with every required fact kept. Only a real change of status is a transition,
//! with its event. A processing-API case with a document still waiting to be fetched or read
//! stays `processing`: its facts are not all in yet.

use serde_json::json;

use super::store as case_store;
use super::{CaseStatus, EventType, Mode};
use crate::case_types::CaseType;
use crate::db::Tx;
use crate::documents::{DocStatus, store as doc_store};
use crate::error::AppError;
use crate::extract::DecisionKind;
use crate::facts::{self, store as fact_store};

/// What just happened to the case.
#[derive(Debug, Clone, Copy)]
pub enum Change<'a> {
    /// Its facts may have changed: a document was read or erased.
    Facts,
    /// One of the documents of a processing-API case could not be read (`reason`), others
    /// were: decided like `Facts`, but a person looks at the case in any event.
    FactsWithout { reason: &'a str },
    /// Its document could not be read; `reason` is the failure's code. When a person can
    /// still read it (`review`: scanned pages waiting for OCR), the case needs review;
    /// otherwise it failed.
    Unreadable { reason: &'a str, review: bool },
    /// The applicant submitted; `unread` are the documents that could not be read.
    Submitted { unread: &'a [&'a str] },
    /// A hosted conversation in which every step is answered and every document read moved
    /// on (an answer, a reaction, an upload read or removed): `open_gaps` are the facts whose
    /// follow-ups wait on the applicant.
    Conversation { open_gaps: &'a [&'a str] },
    /// A handler asked the claimant a question (about `facts`, when it names any).
    ClarificationRequested { facts: &'a [&'a str] },
    /// The claimant answered a handler's question: the case is back for review.
    ClarificationAnswered,
    /// A handler completes the review: `completed` when every required fact is kept (by the
    /// documents, the claimant or a handler); otherwise the status stays as it is.
    ReviewCompleted,
}

/// Decides and records the case's status after `change`, in the caller's transaction.
pub async fn settle(
    tx: &mut Tx,
    case_id: &str,
    case_type: &CaseType,
    change: Change<'_>,
    now: i64,
) -> Result<Option<CaseStatus>, AppError> {
    let case = case_store::find_case_by_id(&mut *tx, case_id).await?;
    let current = case.as_ref().map(|c| c.status);
    // A processing-API case may hold several documents: while one waits, the case waits; one
    // that cannot be read beside others that were is a reason to look, not a failed case.
    let mut read_others = false;
    if case.as_ref().is_some_and(|c| c.mode == Mode::Processing)
        && matches!(change, Change::Facts | Change::Unreadable { .. })
    {
        let docs = doc_store::list_for_case(&mut *tx, case_id).await?;
        let pending = docs.iter().filter(|d| d.status.pending()).count();
        if pending > 0 {
            if current != Some(CaseStatus::Processing) {
                let data = json!({ "case_status": "processing", "pending_documents": pending });
                case_store::set_status(
                    tx,
                    case_id,
                    CaseStatus::Processing,
                    EventType::CaseProcessing,
                    &data,
                    now,
                )
                .await?;
            }
            return Ok(Some(CaseStatus::Processing));
        }
        read_others = docs.iter().any(|d| d.status == DocStatus::Processed);
    }
    let change = match change {
        Change::Unreadable { reason, .. } if read_others => Change::FactsWithout { reason },
        change => change,
    };
    let (status, event, data) = match change {
        Change::Conversation { open_gaps } => match (open_gaps, current) {
            (gaps, Some(now_at)) if !gaps.is_empty() && now_at != CaseStatus::ApplicantBlocked => (
                CaseStatus::ApplicantBlocked,
                EventType::CaseApplicantBlocked,
                json!({ "case_status": "applicant_blocked", "open_facts": gaps }),
            ),
            ([], Some(CaseStatus::ApplicantBlocked)) => (
                CaseStatus::Processing,
                EventType::CaseProcessing,
                json!({ "case_status": "processing" }),
            ),
            _ => return Ok(current),
        },
        Change::ClarificationRequested { facts } => (
            CaseStatus::ApplicantBlocked,
            EventType::CaseApplicantBlocked,
            json!({ "case_status": "applicant_blocked", "open_facts": facts, "reason": "clarification_requested" }),
        ),
        Change::ClarificationAnswered => (
            CaseStatus::NeedsReview,
            EventType::CaseNeedsReview,
            json!({ "case_status": "needs_review", "reason": "clarification_answered" }),
        ),
        Change::ReviewCompleted => {
            if !open_required(tx, case_id, case_type).await?.is_empty() {
                return Ok(current);
            }
            (
                CaseStatus::Completed,
                EventType::CaseCompleted,
                json!({ "case_status": "completed", "reason": "review_completed" }),
            )
        }
        Change::Unreadable { reason, review } => {
            let (status, event) = if review {
                (CaseStatus::NeedsReview, EventType::CaseNeedsReview)
            } else {
                (CaseStatus::Failed, EventType::CaseFailed)
            };
            (
                status,
                event,
                json!({ "case_status": status.as_str(), "reason": reason }),
            )
        }
        Change::Facts | Change::FactsWithout { .. } | Change::Submitted { .. } => {
            // `Change::Conversation` is decided above.
            let (unread, unreadable) = match change {
                Change::Submitted { unread } => (unread, None),
                Change::FactsWithout { reason } => (&[][..], Some(reason)),
                _ => (&[][..], None),
            };
            let open = open_required(tx, case_id, case_type).await?;
            if open.is_empty() && unread.is_empty() && unreadable.is_none() {
                (
                    CaseStatus::Completed,
                    EventType::CaseCompleted,
                    json!({ "case_status": "completed" }),
                )
            } else {
                let mut data = json!({ "case_status": "needs_review", "open_facts": open });
                if let Change::Submitted { .. } = change {
                    data["unreadable_documents"] = json!(unread);
                }
                if let Some(reason) = unreadable {
                    data["reason"] = json!(reason);
                }
                (CaseStatus::NeedsReview, EventType::CaseNeedsReview, data)
            }
        }
    };
    if current != Some(status) {
        case_store::set_status(tx, case_id, status, event, &data, now).await?;
    }
    Ok(Some(status))
}

/// The required facts of the case that are not kept, in the case type's order.
pub async fn open_required<'c>(tx: &mut Tx, case_id: &str, case_type: &'c CaseType) -> Result<Vec<&'c str>, AppError> {
    let observations = fact_store::list(&mut *tx, case_id).await?;
    let resolved = facts::resolve_all(case_id, case_type, &observations);
    Ok(case_type
        .facts
        .iter()
        .zip(&resolved)
        .filter(|(f, r)| f.required && r.decision != DecisionKind::Keep)
        .map(|(f, _)| f.id.as_str())
        .collect())
}
