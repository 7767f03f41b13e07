//! The one rule for a case's status after something changed it: its documents were read (or
//! could not be), a document was erased, the applicant answered, the applicant submitted.
//! `completed` when every required fact is kept (and, at submit, every document was read),
//! `needs_review` when a person has to look, `failed` when the processing API's document could
//! not be read at all; while a hosted conversation runs, `applicant_blocked` when it waits on
//! the applicant's follow-ups and `processing` again once they are answered. A handler's
//! review (`review`) moves a case in review to `applicant_blocked` when it asks the claimant,
//! back to `needs_review` when the claimant answered, and to `completed` when the handler
//! completes it with every required fact kept. Only a real change of status is a transition,
//! with its event.

use serde_json::json;

use super::store as case_store;
use super::{CaseStatus, EventType};
use crate::case_types::CaseType;
use crate::db::Tx;
use crate::error::AppError;
use crate::extract::DecisionKind;
use crate::facts::{self, store as fact_store};

/// What just happened to the case.
#[derive(Debug, Clone, Copy)]
pub enum Change<'a> {
    /// Its facts may have changed: a document was read or erased.
    Facts,
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
    let current = case_store::find_case_by_id(&mut *tx, case_id).await?.map(|c| c.status);
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
        Change::Facts | Change::Submitted { .. } => {
            // `Change::Conversation` is decided above.
            let unread = match change {
                Change::Submitted { unread } => unread,
                _ => &[],
            };
            let open = open_required(tx, case_id, case_type).await?;
            if open.is_empty() && unread.is_empty() {
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
