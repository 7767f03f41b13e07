//! Cases: the lifecycle every intake follows and the event feed that records it.
//!
//! A hosted session and its case are one row: the session id is the case id. Every state
//! change appends an event with the next gap-free cursor of that case, in the same
//! transaction as the change. This module holds the vocabulary; `store.rs` the SQL.

pub mod batch;
pub mod cache;
pub mod package;
pub mod routes;
pub mod settle;
pub mod store;

/// Where a case is in its lifecycle (SPEC §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    Created,
    InProgress,
    Processing,
    ApplicantBlocked,
    NeedsReview,
    Completed,
    Failed,
    Expired,
}

impl CaseStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CaseStatus::Created => "created",
            CaseStatus::InProgress => "in_progress",
            CaseStatus::Processing => "processing",
            CaseStatus::ApplicantBlocked => "applicant_blocked",
            CaseStatus::NeedsReview => "needs_review",
            CaseStatus::Completed => "completed",
            CaseStatus::Failed => "failed",
            CaseStatus::Expired => "expired",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        serde_json::from_value(serde_json::Value::String(s.to_string())).ok()
    }

    /// Whether the applicant can still change the case through the link.
    /// A hosted case is `processing` while its documents are read and the applicant goes on,
    /// so that status is open too; submission moves it to a final status.
    pub fn is_open_to_applicant(self) -> bool {
        matches!(
            self,
            CaseStatus::Created | CaseStatus::InProgress | CaseStatus::Processing | CaseStatus::ApplicantBlocked
        )
    }
}

impl std::fmt::Display for CaseStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TryFrom<String> for CaseStatus {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        Self::parse(&s).ok_or_else(|| format!("unknown case status {s:?}"))
    }
}

/// How a case came to be: a hosted intake (the applicant's pages) or the processing API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    Hosted,
    Processing,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Hosted => "hosted",
            Mode::Processing => "processing",
        }
    }
}

impl TryFrom<String> for Mode {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        match s.as_str() {
            "hosted" => Ok(Mode::Hosted),
            "processing" => Ok(Mode::Processing),
            _ => Err(format!("unknown case mode {s:?}")),
        }
    }
}

/// The events of a case feed (unversioned; webhooks prefix them with `v1.`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventType {
    SessionCreated,
    Opened,
    Submitted,
    GapResolved,
    DocumentUploaded,
    DocumentProcessed,
    DocumentFailed,
    DocumentErased,
    CaseProcessing,
    CaseApplicantBlocked,
    CaseNeedsReview,
    CaseCompleted,
    CaseFailed,
    SessionExpired,
    CaseFileOpened,
    WebhookDeliveryFailed,
}

impl EventType {
    pub const ALL: [EventType; 16] = [
        EventType::SessionCreated,
        EventType::Opened,
        EventType::Submitted,
        EventType::GapResolved,
        EventType::DocumentUploaded,
        EventType::DocumentProcessed,
        EventType::DocumentFailed,
        EventType::DocumentErased,
        EventType::CaseProcessing,
        EventType::CaseApplicantBlocked,
        EventType::CaseNeedsReview,
        EventType::CaseCompleted,
        EventType::CaseFailed,
        EventType::SessionExpired,
        EventType::CaseFileOpened,
        EventType::WebhookDeliveryFailed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventType::SessionCreated => "intake.session_created",
            EventType::Opened => "intake.opened",
            EventType::Submitted => "intake.submitted",
            EventType::GapResolved => "intake.gap_resolved",
            EventType::DocumentUploaded => "document.uploaded",
            EventType::DocumentProcessed => "document.processed",
            EventType::DocumentFailed => "document.failed",
            EventType::DocumentErased => "document.erased",
            EventType::CaseProcessing => "case.processing",
            EventType::CaseApplicantBlocked => "case.applicant_blocked",
            EventType::CaseNeedsReview => "case.needs_review",
            EventType::CaseCompleted => "case.completed",
            EventType::CaseFailed => "case.failed",
            EventType::SessionExpired => "session.expired",
            EventType::CaseFileOpened => "case_file.opened",
            EventType::WebhookDeliveryFailed => "webhook.delivery_failed",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_round_trip_through_their_names() {
        for s in [
            CaseStatus::Created,
            CaseStatus::InProgress,
            CaseStatus::Processing,
            CaseStatus::ApplicantBlocked,
            CaseStatus::NeedsReview,
            CaseStatus::Completed,
            CaseStatus::Failed,
            CaseStatus::Expired,
        ] {
            assert_eq!(CaseStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(CaseStatus::parse("done"), None);
    }
}
