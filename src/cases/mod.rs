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

/// The integrator's own key/value pairs on a case (`metadata` on session create and process):
/// strings only, at most [`Metadata::MAX_KEYS`] keys of at most [`Metadata::MAX_KEY_CHARS`]
/// characters, values of at most [`Metadata::MAX_VALUE_CHARS`], no control characters.
/// Stored as given, returned on reads and in webhooks; Klarefi never acts on it.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Metadata(pub std::collections::BTreeMap<String, String>);

impl Metadata {
    pub const MAX_KEYS: usize = 50;
    pub const MAX_KEY_CHARS: usize = 40;
    pub const MAX_VALUE_CHARS: usize = 500;

    /// Checks a request's `metadata` (absent or `null` is none); the error says what is wrong.
    pub fn parse(value: Option<serde_json::Value>) -> Result<Self, String> {
        let object = match value {
            None | Some(serde_json::Value::Null) => return Ok(Self::default()),
            Some(serde_json::Value::Object(object)) => object,
            Some(_) => return Err("metadata must be an object of string keys and string values".into()),
        };
        if object.len() > Self::MAX_KEYS {
            return Err(format!(
                "metadata has {} keys; at most {} are allowed",
                object.len(),
                Self::MAX_KEYS
            ));
        }
        let mut out = std::collections::BTreeMap::new();
        for (key, value) in object {
            let key_chars = key.chars().count();
            if key_chars == 0 || key_chars > Self::MAX_KEY_CHARS || key.chars().any(char::is_control) {
                return Err(format!(
                    "metadata keys must be 1 to {} characters without control characters",
                    Self::MAX_KEY_CHARS
                ));
            }
            let serde_json::Value::String(value) = value else {
                return Err(format!("metadata.{key} must be a string"));
            };
            if value.chars().count() > Self::MAX_VALUE_CHARS || value.chars().any(char::is_control) {
                return Err(format!(
                    "metadata.{key} must be at most {} characters without control characters",
                    Self::MAX_VALUE_CHARS
                ));
            }
            out.insert(key, value);
        }
        Ok(Self(out))
    }

    /// As stored in the case row.
    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.0).unwrap_or_else(|_| "{}".into())
    }

    /// From the case row; a row that does not hold an object of strings reads as none.
    pub fn from_json(stored: &str) -> Self {
        serde_json::from_str(stored).unwrap_or_default()
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
    ReviewFactAccepted,
    ReviewFactCorrected,
    ReviewEvidenceDisputed,
    ReviewClarificationRequested,
    ReviewEscalated,
    ReviewCompleted,
}

impl EventType {
    pub const ALL: [EventType; 22] = [
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
        EventType::ReviewFactAccepted,
        EventType::ReviewFactCorrected,
        EventType::ReviewEvidenceDisputed,
        EventType::ReviewClarificationRequested,
        EventType::ReviewEscalated,
        EventType::ReviewCompleted,
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
            EventType::ReviewFactAccepted => "review.fact_accepted",
            EventType::ReviewFactCorrected => "review.fact_corrected",
            EventType::ReviewEvidenceDisputed => "review.evidence_disputed",
            EventType::ReviewClarificationRequested => "review.clarification_requested",
            EventType::ReviewEscalated => "review.escalated",
            EventType::ReviewCompleted => "review.completed",
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
