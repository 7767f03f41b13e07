//! The processing API: the integrator owns the applicant's experience and sends a document
//! URL; we fetch it (SSRF-safe, in a job), read it and settle the case. A case may hold
//! several documents: a request naming an existing case (`case_id`, or an `external_case_id`
//! a processing case of this environment already has) adds its document to that case, and
//! the case's facts are resolved across all of them.

pub mod routes;

use serde::Deserialize;
use serde_json::{Value, json};

use crate::case_types::CaseTypes;
use crate::cases::store::CaseRow;
use crate::cases::store::{self as case_store, NewCase};
use crate::cases::{CaseStatus, EventType};
use crate::db::{Db, Tx};
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
    /// Add the document to this existing processing case.
    pub case_id: Option<String>,
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
    pub case_id: Option<String>,
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
        let case_id = match req.case_id.map(|id| id.trim().to_string()) {
            Some(id) => {
                // An id that cannot be a case's is not found, before any query.
                if !crate::ids::well_formed(crate::ids::IdKind::Case, &id) {
                    return Err(AppError::not_found(Code::CaseNotFound));
                }
                Some(id)
            }
            None => None,
        };
        Ok(Self {
            document_url,
            case_id,
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

/// Queues the document's fetch on the case it names, or on a new case (or replays).
///
/// Which case: `case_id` when given (an `external_case_id` beside it must be that case's);
/// else the newest processing case of this environment with the `external_case_id`; else a
/// new case. The named case must be a processing case of the same case type. The document is
/// listed on its case (`queued`) from this moment, and can be erased before it is fetched.
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
    let doc_id = crate::ids::prefixed("doc");
    let job_id = crate::ids::sortable("job");
    let mut tx = db.begin().await?;
    let existing = existing_case(&mut tx, caller, req).await?;
    let case_id = existing
        .as_ref()
        .map_or_else(|| crate::ids::sortable("case"), |c| c.id.clone());
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
    let claimed = match &existing {
        Some(case) => {
            let claimed = idempotency::claim(&mut tx, &claim, now).await?;
            if let Claim::Fresh = claimed
                && case.status != CaseStatus::Processing
            {
                let data = json!({ "case_status": "processing", "case_type_id": req.case_type_id, "doc_id": doc_id, "job_id": job_id });
                case_store::set_status(
                    &mut tx,
                    &case.id,
                    CaseStatus::Processing,
                    EventType::CaseProcessing,
                    &data,
                    now,
                )
                .await?;
            }
            claimed
        }
        None => {
            let new_case = NewCase {
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
            };
            let data = json!({ "case_status": "processing", "case_type_id": req.case_type_id, "doc_id": doc_id, "job_id": job_id });
            case_store::insert_case(&mut tx, &new_case, EventType::CaseProcessing, &data, &claim).await?
        }
    };
    if let Claim::Replay(stored) = claimed {
        let mut replayed: Accepted = serde_json::from_value(stored).map_err(AppError::internal)?;
        replayed.idempotent_replay = true;
        return Ok(replayed);
    }
    crate::documents::store::insert_queued(&mut tx, &doc_id, &case_id, now).await?;
    let payload = json!({ "doc_id": doc_id, "url": req.document_url, "queued": true });
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

/// The existing case a request adds its document to, if it names one (see [`submit`]).
async fn existing_case(tx: &mut Tx, caller: &Caller, req: &NewProcessing) -> Result<Option<CaseRow>, AppError> {
    let case = match (&req.case_id, &req.external_case_id) {
        (Some(id), external) => {
            let case = case_store::find_case(&mut *tx, &caller.org_id, caller.environment, id)
                .await?
                .ok_or_else(|| AppError::not_found(Code::CaseNotFound))?;
            if external.is_some() && case.external_case_id != *external {
                return Err(AppError::validation(
                    Code::CaseMismatch,
                    "case_id and external_case_id name different cases; send one of them",
                ));
            }
            case
        }
        (None, Some(external)) => {
            match case_store::find_processing_by_external(tx, &caller.org_id, caller.environment, external).await? {
                Some(case) => case,
                None => return Ok(None),
            }
        }
        (None, None) => return Ok(None),
    };
    if case.mode != crate::cases::Mode::Processing {
        return Err(AppError::validation(
            Code::CaseNotProcessing,
            "documents are added by the processing API only to processing cases; this case is a hosted intake session",
        ));
    }
    if case.case_type_id != req.case_type_id {
        return Err(AppError::validation(
            Code::CaseMismatch,
            format!(
                "the case is of case type {:?}, not {:?}",
                case.case_type_id, req.case_type_id
            ),
        ));
    }
    Ok(Some(case))
}
