//! The processing API: the integrator owns the applicant's experience and sends a document
//! URL; we fetch it (SSRF-safe, in a job), read it and settle the case.

pub mod routes;

use serde::Deserialize;
use serde_json::{Value, json};

use crate::case_types::CaseTypes;
use crate::cases::store::{self as case_store, NewCase};
use crate::cases::{CaseStatus, EventType};
use crate::db::Db;
use crate::error::{AppError, Code, Kind};
use crate::fetch::{self, FetchPolicy};
use crate::idempotency::{self, Claim};
use crate::jobs;
use crate::orgs::Caller;
use crate::sessions::external_id;

/// `POST /api/v1/process` as sent.
/// Unknown fields are ignored, as in session create; `webhook_url` is refused on purpose.
#[derive(Debug, Deserialize)]
pub struct ProcessRequest {
    pub document_url: Option<Value>,
    pub case_type_id: Option<String>,
    pub idempotency_key: Option<String>,
    pub external_case_id: Option<String>,
    pub external_applicant_id: Option<String>,
    pub external_customer_id: Option<String>,
    pub trace_id: Option<String>,
    /// The integrator's own key/value pairs (`cases::Metadata`).
    pub metadata: Option<Value>,
    /// Accepted by the parser only to be refused with a clear message.
    pub webhook_url: Option<Value>,
}

#[derive(Debug, serde::Serialize)]
pub struct NewProcessing {
    pub document_url: String,
    pub case_type_id: String,
    pub external_case_id: Option<String>,
    pub external_applicant_id: Option<String>,
    pub external_customer_id: Option<String>,
    pub trace_id: Option<String>,
    pub metadata: crate::cases::Metadata,
}

impl NewProcessing {
    pub fn parse(req: ProcessRequest, case_types: &CaseTypes, policy: &FetchPolicy) -> Result<Self, AppError> {
        if req.webhook_url.is_some() {
            return Err(AppError::validation(
                Code::UnknownField,
                "per-request webhook_url is rejected; register webhook endpoints and subscribe them to event types",
            ));
        }
        let document_url = match req.document_url {
            Some(Value::String(url)) if !url.trim().is_empty() => url.trim().to_string(),
            _ => {
                return Err(AppError::validation(
                    Code::MissingDocumentUrl,
                    "document_url is required and must be a string",
                ));
            }
        };
        // Scheme, credentials and literal addresses now; DNS is checked when the job fetches.
        fetch::check_url(&document_url, policy)
            .map_err(|e| AppError::validation(Code::InvalidDocumentUrl, format!("document_url: {e}")))?;
        let case_type_id = req
            .case_type_id
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .ok_or_else(|| AppError::validation(Code::MissingField, "case_type_id is required and must be a string"))?;
        if case_types.get(&case_type_id).is_none() {
            return Err(AppError::validation(
                Code::UnknownCaseType,
                format!("case_type_id {case_type_id:?} is not a known case type"),
            ));
        }
        Ok(Self {
            document_url,
            case_type_id,
            external_case_id: external_id("external_case_id", req.external_case_id)?,
            external_applicant_id: external_id("external_applicant_id", req.external_applicant_id)?,
            external_customer_id: external_id("external_customer_id", req.external_customer_id)?,
            trace_id: external_id("trace_id", req.trace_id)?,
            metadata: crate::cases::Metadata::parse(req.metadata)
                .map_err(|m| AppError::validation(Code::InvalidField, m))?,
        })
    }
}

/// The answer to `POST /api/v1/process`: the case, its document and the job that fetches it.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Accepted {
    pub case_id: String,
    pub doc_id: String,
    pub job_id: String,
    /// Always `queued`: the document is fetched and read in the background.
    pub status: String,
    /// Whether this answer repeats an earlier one for the same idempotency key.
    #[serde(default)]
    pub idempotent_replay: bool,
}

/// Creates the case and its fetch job (or replays).
pub async fn submit(db: &Db, caller: &Caller, key: &str, req: &NewProcessing, now: i64) -> Result<Accepted, AppError> {
    if !caller.processing_enabled {
        return Err(AppError::new(Kind::Precondition, Code::ProcessingNotEnabled)
            .with_detail("the processing API is not enabled for this organization; ask the operator to enable it"));
    }
    let params = serde_json::to_value(req).map_err(AppError::internal)?;
    let fingerprint = idempotency::fingerprint(&params);
    let scope = idempotency::Scope {
        org_id: caller.org_id.clone(),
        environment: caller.environment,
        endpoint: "process",
        key: key.to_string(),
    };
    let case_id = crate::ids::sortable("case");
    let doc_id = crate::ids::prefixed("doc");
    let job_id = crate::ids::sortable("job");
    let accepted = Accepted {
        case_id: case_id.clone(),
        doc_id: doc_id.clone(),
        job_id: job_id.clone(),
        status: "queued".into(),
        idempotent_replay: false,
    };
    let claim = idempotency::Claiming {
        scope,
        fingerprint,
        response: serde_json::to_value(&accepted).map_err(AppError::internal)?,
    };
    let mut tx = db.begin().await?;
    let claimed = case_store::insert_case(
        &mut tx,
        &NewCase {
            id: case_id.clone(),
            org_id: caller.org_id.clone(),
            environment: caller.environment,
            mode: crate::cases::Mode::Processing,
            case_type_id: req.case_type_id.clone(),
            status: CaseStatus::Processing,
            locale: None,
            return_url: None,
            external_case_id: req.external_case_id.clone(),
            external_applicant_id: req.external_applicant_id.clone(),
            external_customer_id: req.external_customer_id.clone(),
            trace_id: req.trace_id.clone(),
            idempotency_key: Some(key.to_string()),
            prefill: "{}".to_string(),
            link_expires_at: None,
            metadata: req.metadata.to_json(),
            now,
        },
        EventType::CaseProcessing,
        &json!({ "case_status": "processing", "case_type_id": req.case_type_id, "doc_id": doc_id, "job_id": job_id }),
        &claim,
    )
    .await?;
    if let Claim::Replay(stored) = claimed {
        let mut replayed: Accepted = serde_json::from_value(stored).map_err(AppError::internal)?;
        replayed.idempotent_replay = true;
        return Ok(replayed);
    }
    let payload = json!({ "doc_id": doc_id, "url": req.document_url });
    jobs::enqueue(
        &mut tx,
        &job_id,
        jobs::KIND_FETCH_DOCUMENT,
        Some(&case_id),
        &payload,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(accepted)
}
