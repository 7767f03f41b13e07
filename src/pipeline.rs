//! Background processing: workers that claim jobs and run them.
//!
//! Reading a stored document happens in the sandbox; then ONE transaction writes
//! the pages, the observations, the events, the case's new status and the job's completion,
//! so a worker that lost its lease (it was too slow and another took over) writes nothing.
//! `fetch_document` (the processing API) fetches a URL with the SSRF-safe client first.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};

use crate::blobs::Blobs;
use crate::case_types::CaseTypes;
use crate::cases::settle::{Change, settle};
use crate::cases::store as case_store;
use crate::cases::{CaseStatus, EventType};
use crate::db::Db;
use crate::documents::DocStatus;
use crate::documents::store as doc_store;
use crate::error::AppError;
use crate::facts::{self, store as fact_store};
use crate::fetch::FetchPolicy;
use crate::ids::now_ms;
use crate::jobs::{self, Job};
use crate::sandbox::SandboxLimits;
use crate::sandbox::{self, Failure};
use crate::vocab::{self, DocFormat};

/// How long a claimed job is ours before another worker may take it over, unless
/// `KLAREFI_JOB_LEASE_MS` says otherwise ([`Workers::lease_ms`]).
pub const LEASE_MS: i64 = 120_000;

/// What the workers use: the database, the blob store, the case types, the sandboxed reader
/// and the rules for fetching; made by the app from its state (`AppState::workers`).
#[derive(Clone)]
pub struct Workers {
    pub db: Db,
    pub blobs: Blobs,
    pub case_types: Arc<CaseTypes>,
    pub sandbox: SandboxLimits,
    /// The `klarefi` executable the sandboxed reader runs.
    pub worker_exe: PathBuf,
    pub fetch_policy: FetchPolicy,
    /// Woken when a job is enqueued, so an idle worker starts at once.
    pub jobs_ready: Arc<tokio::sync::Notify>,
    /// Counts each read's outcome, duration and OCR pages.
    pub metrics: Arc<crate::metrics::Metrics>,
    /// How long a claimed job stays this worker's without a heartbeat.
    pub lease_ms: i64,
}

/// Runs `count` worker loops until `stop` turns true. A job in hand then has `grace` to
/// finish; one that takes longer is stopped (its sandboxed reader killed, its transaction not
/// committed) and handed back to the queue, due at once, for another instance to take.
pub async fn run_workers(w: Workers, count: usize, grace: Duration, stop: tokio::sync::watch::Receiver<bool>) {
    let mut handles = Vec::new();
    for n in 0..count {
        let w = w.clone();
        let mut stop = stop.clone();
        let owner = format!("{}-{n}", crate::ids::prefixed("worker"));
        handles.push(tokio::spawn(async move {
            loop {
                if *stop.borrow() {
                    return;
                }
                let job = match jobs::claim(&w.db, &owner, w.lease_ms, now_ms()).await {
                    Ok(job) => job,
                    Err(err) => {
                        tracing::error!(error = %err, "claiming a job failed");
                        None
                    }
                };
                let worked = match job {
                    Some(job) => {
                        let mut watching = stop.clone();
                        let out_of_grace = async move {
                            let _ = watching.wait_for(|stopped| *stopped).await;
                            tokio::time::sleep(grace).await;
                        };
                        tokio::select! {
                            result = run_claimed(&w, job.clone(), &owner) => {
                                if let Err(err) = result {
                                    tracing::error!(error = %err, "job loop failed");
                                }
                            }
                            () = out_of_grace => {
                                match jobs::release(&w.db, &job.id, &owner, now_ms()).await {
                                    Ok(true) => tracing::info!(job_id = %job.id, kind = %job.kind, "shutting down: job handed back"),
                                    Ok(false) => {}
                                    Err(err) => tracing::warn!(job_id = %job.id, error = %err, "could not hand the job back; its lease runs out instead"),
                                }
                                return;
                            }
                        }
                        true
                    }
                    None => false,
                };
                if !worked {
                    tokio::select! {
                        () = w.jobs_ready.notified() => {},
                        () = tokio::time::sleep(Duration::from_millis(500)) => {},
                        _ = stop.changed() => {},
                    }
                }
            }
        }));
    }
    for h in handles {
        let _ = h.await;
    }
}

/// Claims and runs one due job; false when there was none.
pub async fn run_one(w: &Workers, owner: &str) -> Result<bool, AppError> {
    run_one_at(w, owner, now_ms()).await
}

/// `run_one` with the claim made at `now` (tests move time).
pub async fn run_one_at(w: &Workers, owner: &str, now: i64) -> Result<bool, AppError> {
    let Some(job) = jobs::claim(&w.db, owner, w.lease_ms, now).await? else {
        return Ok(false);
    };
    run_claimed(w, job, owner).await?;
    Ok(true)
}

/// Runs a job this worker has claimed: the attempt's failure is recorded on the job (retried
/// with backoff, or failed for good).
async fn run_claimed(w: &Workers, job: Job, owner: &str) -> Result<(), AppError> {
    if job.attempts > job.max_attempts {
        // Every attempt ended with its worker gone (the lease ran out each time, so the job
        // was claimed again): this document takes workers down. It fails instead of forever.
        tracing::warn!(job_id = %job.id, kind = %job.kind, attempts = job.attempts, "giving up on a job whose workers died");
        return give_up(w, &job, owner).await;
    }
    let result = match job.kind.as_str() {
        jobs::KIND_FETCH_DOCUMENT => fetch_document(w, &job, owner).await,
        jobs::KIND_PROCESS_DOCUMENT => process_document(w, &job, owner).await,
        other => Err(AppError::internal(std::io::Error::other(format!(
            "unknown job kind {other}"
        )))),
    };
    if let Err(err) = result {
        let retry = (job.attempts < job.max_attempts).then(|| jobs::backoff_ms(job.attempts));
        tracing::warn!(job_id = %job.id, kind = %job.kind, attempts = job.attempts, error = %err, "job attempt failed");
        jobs::retry_later(&w.db, &job.id, owner, &err.to_string(), retry, now_ms()).await?;
    }
    Ok(())
}

/// Records a job's document as `crashed` (and, for the processing API, its case as failed).
async fn give_up(w: &Workers, job: &Job, owner: &str) -> Result<(), AppError> {
    // Both kinds' payloads name their document.
    let payload: ProcessPayload = serde_json::from_str(&job.payload).map_err(AppError::internal)?;
    let reason = Failure::Crashed.code();
    match (job.kind.as_str(), job.case_id.as_deref()) {
        (jobs::KIND_FETCH_DOCUMENT, Some(case_id)) => {
            fail_fetch(w, job, owner, case_id, &payload.doc_id, reason, now_ms()).await
        }
        (jobs::KIND_PROCESS_DOCUMENT, _) => {
            finish_document(w, job, owner, &payload.doc_id, Err(Failure::Crashed)).await
        }
        _ => jobs::retry_later(&w.db, &job.id, owner, "workers died on every attempt", None, now_ms()).await,
    }
}

/// Runs `work` (a download, a read) while renewing the job's lease every third of it, so a
/// long scan (OCR takes seconds a page) or a slow download stays this worker's; a dead worker
/// stops renewing and its lease runs out. A lost lease stops the work (dropping a read kills
/// the worker's process group) and is this attempt's error: another worker owns the job.
async fn holding_lease<T>(
    w: &Workers,
    job: &Job,
    owner: &str,
    doing: &str,
    work: impl std::future::Future<Output = T>,
) -> Result<T, AppError> {
    tokio::pin!(work);
    let every = Duration::from_millis(u64::try_from(w.lease_ms / 3).unwrap_or(40_000).max(1));
    let mut heartbeat = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
    loop {
        tokio::select! {
            out = &mut work => return Ok(out),
            _ = heartbeat.tick() => {
                let now = now_ms();
                match jobs::extend_lease(&w.db, &job.id, owner, now + w.lease_ms, now).await {
                    Ok(true) => {}
                    Ok(false) => {
                        return Err(AppError::internal(std::io::Error::other(format!("lease lost while {doing}"))));
                    }
                    Err(err) => tracing::warn!(job_id = %job.id, error = %err, "could not renew the lease"),
                }
            }
        }
    }
}

/// Reads a document holding the job's lease ([`holding_lease`]).
///
/// A worker that could not be started is an error of this attempt, retried with backoff, and
/// recorded as the document's failure only on the last attempt.
async fn read_holding_lease(
    w: &Workers,
    job: &Job,
    owner: &str,
    bytes: &[u8],
    format: DocFormat,
) -> Result<Result<crate::pdf::TextLayer, Failure>, AppError> {
    let outcome = holding_lease(w, job, owner, "reading", read_document(w, bytes, format)).await?;
    match outcome {
        Err(Failure::Unavailable(why)) if job.attempts < job.max_attempts => Err(AppError::internal(
            std::io::Error::other(format!("the reader could not be started: {why}")),
        )),
        outcome => Ok(outcome),
    }
}

/// The text layer of a stored document of `format` (sniffed when it arrived), or why there
/// is none. Photos are read by OCR in the same worker; so are a PDF's scanned pages.
async fn read_document(w: &Workers, bytes: &[u8], format: DocFormat) -> Result<crate::pdf::TextLayer, Failure> {
    let started = std::time::Instant::now();
    let outcome = sandbox::text_layer(&w.worker_exe, bytes, format, &w.sandbox).await;
    let (code, ocr_pages) = match &outcome {
        Ok(layer) => (
            "ok",
            layer
                .pages
                .iter()
                .filter(|p| p.method == crate::pdf::ReadMethod::Ocr)
                .count() as u64,
        ),
        Err(failure) => (failure.code(), 0),
    };
    w.metrics.sandbox_read(code, started.elapsed(), ocr_pages);
    outcome
}

/// Writes the outcome of reading one document, settles the case, completes the job.
async fn finish_document(
    w: &Workers,
    job: &Job,
    owner: &str,
    doc_id: &str,
    outcome: Result<crate::pdf::TextLayer, Failure>,
) -> Result<(), AppError> {
    let now = now_ms();
    let mut tx = w.db.begin().await?;
    let Some(doc) = doc_store::get(&mut tx, doc_id).await? else {
        // Removed while it was being read: finish the job, write nothing.
        if jobs::complete(&mut tx, &job.id, owner, now).await? {
            tx.commit().await?;
        }
        return Ok(());
    };
    let case = case_store::find_case_by_id(&mut tx, &doc.case_id)
        .await?
        .ok_or_else(|| AppError::internal(std::io::Error::other("case of a document is gone")))?;
    let case_type = w
        .case_types
        .get(&case.case_type_id)
        .ok_or_else(|| AppError::internal(std::io::Error::other("case type no longer loaded")))?;

    // Scanned pages that OCR could not read on this machine.
    let unread = outcome.as_ref().map_or(0, |layer| {
        layer
            .pages
            .iter()
            .filter(|p| p.method == crate::pdf::ReadMethod::Unread)
            .count()
    });
    match &outcome {
        Ok(layer) => {
            // Every document is read for every fact of its case type, whatever request it
            // was uploaded for: a claim form states the damage amount as well as the quote.
            let reading = facts::read_document(&case_type, doc_id, layer, None);
            let observations = reading.observations;
            doc_store::mark_processed(&mut tx, doc_id, layer, Some(reading.kind), now).await?;
            fact_store::insert(&mut tx, &case.id, &observations, now).await?;
            let mut data = json!({ "doc_id": doc_id, "pages": layer.pages.len(), "observations": observations.len() });
            if unread > 0 {
                data["pages_unread"] = json!(unread);
                data["reason"] = json!(Failure::OcrUnavailable.code());
            }
            case_store::append_event(&mut tx, &case.id, EventType::DocumentProcessed, &data, now).await?;
        }
        Err(failure) => {
            doc_store::mark_failed(&mut tx, doc_id, failure.code(), now).await?;
            let data = json!({ "doc_id": doc_id, "reason": failure.code() });
            case_store::append_event(&mut tx, &case.id, EventType::DocumentFailed, &data, now).await?;
        }
    }
    if case.mode == crate::cases::Mode::Processing {
        // Scanned pages left unread hold facts nobody has seen: a person looks at the case.
        let failure = match &outcome {
            Ok(_) if unread > 0 => Some(&Failure::OcrUnavailable),
            Ok(_) => None,
            Err(failure) => Some(failure),
        };
        let change = match failure {
            Some(failure) => Change::Unreadable {
                reason: failure.code(),
                review: matches!(failure, Failure::OcrUnavailable),
            },
            None => Change::Facts,
        };
        settle(&mut tx, &case.id, &case_type, change, now).await?;
    } else {
        crate::intake::engine::settle_open_gaps(&mut tx, &case.id, &case_type, now).await?;
    }
    if !jobs::complete(&mut tx, &job.id, owner, now).await? {
        tracing::warn!(job_id = %job.id, "lease lost; another worker finishes this job");
        return Ok(());
    }
    tx.commit().await?;
    Ok(())
}

#[derive(serde::Deserialize)]
struct ProcessPayload {
    doc_id: String,
}

/// The hosted intake's job: read an uploaded document from the blob store.
async fn process_document(w: &Workers, job: &Job, owner: &str) -> Result<(), AppError> {
    let payload: ProcessPayload = serde_json::from_str(&job.payload).map_err(AppError::internal)?;
    let bytes = match w.blobs.get(&payload.doc_id).await {
        Ok(bytes) => bytes,
        // Removed by the applicant (or erased) before we got to it: nothing left to do.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let mut tx = w.db.begin().await?;
            if jobs::complete(&mut tx, &job.id, owner, now_ms()).await? {
                tx.commit().await?;
            }
            return Ok(());
        }
        Err(e) => return Err(AppError::internal(e)),
    };
    // Its format was sniffed from the bytes when they arrived, and stored as its content type.
    let format = doc_store::get(&w.db, &payload.doc_id)
        .await?
        .and_then(|d| DocFormat::from_content_type(&d.content_type));
    let outcome = match format {
        Some(format) => read_holding_lease(w, job, owner, &bytes, format).await?,
        None => Err(Failure::Malformed("not a PDF, JPEG or PNG".into())),
    };
    finish_document(w, job, owner, &payload.doc_id, outcome).await
}

#[derive(serde::Deserialize)]
struct FetchPayload {
    doc_id: String,
    url: String,
    /// The document's row was written, `queued`, when the request was accepted (jobs queued
    /// before that row existed have no such flag: their row is written when the bytes arrive).
    #[serde(default)]
    queued: bool,
}

/// The processing API's job: fetch, check, store, then read like any document. A failure
/// that asking again cannot cure (a name that does not exist, a 4xx, a refused address, a
/// file of the wrong type) fails the document at once with its reason; network trouble is
/// retried with backoff.
async fn fetch_document(w: &Workers, job: &Job, owner: &str) -> Result<(), AppError> {
    let payload: FetchPayload = serde_json::from_str(&job.payload).map_err(AppError::internal)?;
    let case_id = job
        .case_id
        .clone()
        .ok_or_else(|| AppError::internal(std::io::Error::other("fetch job without a case")))?;
    let doc = doc_store::get(&w.db, &payload.doc_id).await?;
    match &doc {
        // Erased before it was fetched: nothing to do.
        None if payload.queued => return complete_only(w, job, owner).await,
        // An earlier attempt stored the bytes and died before reading them: read those.
        Some(d) if d.status != DocStatus::Queued => {
            let bytes = w.blobs.get(&payload.doc_id).await.map_err(AppError::internal)?;
            let format = DocFormat::from_content_type(&d.content_type)
                .ok_or_else(|| AppError::internal(std::io::Error::other("stored document of no known type")))?;
            let outcome = read_holding_lease(w, job, owner, &bytes, format).await?;
            return finish_document(w, job, owner, &payload.doc_id, outcome).await;
        }
        _ => {}
    }
    let fetched = holding_lease(
        w,
        job,
        owner,
        "fetching",
        crate::fetch::fetch(&payload.url, &w.fetch_policy),
    )
    .await?;
    let bytes = match fetched {
        Ok(f) => f.bytes,
        Err(err) if err.is_retryable() && job.attempts < job.max_attempts => {
            return Err(AppError::internal(err));
        }
        Err(err) => {
            tracing::info!(job_id = %job.id, reason = err.code(), error = %err, "document fetch failed for good");
            return fail_fetch(w, job, owner, &case_id, &payload.doc_id, err.code(), now_ms()).await;
        }
    };
    let Some(format) = vocab::sniff(&bytes) else {
        return fail_fetch(w, job, owner, &case_id, &payload.doc_id, "unsupported_type", now_ms()).await;
    };
    // Still ours after the download? Then store the bytes and record them.
    let now = now_ms();
    if !jobs::extend_lease(&w.db, &job.id, owner, now + w.lease_ms, now).await? {
        return Err(AppError::internal(std::io::Error::other("lease lost while fetching")));
    }
    w.blobs.put(&payload.doc_id, &bytes).await.map_err(AppError::internal)?;
    let document = crate::documents::receive::Document {
        id: &payload.doc_id,
        case_id: &case_id,
        step_id: None,
        filename: None,
        format,
        byte_size: bytes.len() as u64,
        sha256: &crate::ids::sha256_hex(&bytes),
    };
    let mut tx = w.db.begin().await?;
    let recorded = if payload.queued {
        crate::documents::receive::fetched(&mut tx, &document, now).await?
    } else {
        crate::documents::receive::receive(&mut tx, &document, now).await?;
        true
    };
    tx.commit().await?;
    if !recorded {
        // Erased while it was being fetched: the bytes just stored are nobody's.
        if doc_store::get(&w.db, &payload.doc_id).await?.is_none() {
            w.blobs.delete(&payload.doc_id).await.map_err(AppError::internal)?;
            return complete_only(w, job, owner).await;
        }
    }
    let outcome = read_holding_lease(w, job, owner, &bytes, format).await?;
    finish_document(w, job, owner, &payload.doc_id, outcome).await
}

/// Completes a job that has nothing (more) to write.
async fn complete_only(w: &Workers, job: &Job, owner: &str) -> Result<(), AppError> {
    let mut tx = w.db.begin().await?;
    if jobs::complete(&mut tx, &job.id, owner, now_ms()).await? {
        tx.commit().await?;
    }
    Ok(())
}

/// A document that could not be fetched: the document fails with `reason`, and the case is
/// settled (failed when it has nothing else, in review when other documents were read).
async fn fail_fetch(
    w: &Workers,
    job: &Job,
    owner: &str,
    case_id: &str,
    doc_id: &str,
    reason: &str,
    now: i64,
) -> Result<(), AppError> {
    let mut tx = w.db.begin().await?;
    doc_store::mark_failed(&mut tx, doc_id, reason, now).await?;
    let data = json!({ "doc_id": doc_id, "reason": reason });
    case_store::append_event(&mut tx, case_id, EventType::DocumentFailed, &data, now).await?;
    let case_type = case_store::find_case_by_id(&mut tx, case_id)
        .await?
        .and_then(|case| w.case_types.get(&case.case_type_id));
    match case_type {
        Some(ct) => {
            settle(&mut tx, case_id, &ct, Change::Unreadable { reason, review: false }, now).await?;
        }
        None => {
            let data: Value = json!({ "case_status": "failed", "reason": reason });
            case_store::set_status(&mut tx, case_id, CaseStatus::Failed, EventType::CaseFailed, &data, now).await?;
        }
    }
    if jobs::complete(&mut tx, &job.id, owner, now).await? {
        tx.commit().await?;
    }
    Ok(())
}
