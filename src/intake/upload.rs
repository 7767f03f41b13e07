//! `POST /s/{id}/step/{step}/upload`: files streamed through multer into the blob store.
//!
//! Limits hold while the bytes arrive, never after buffering: the CSRF field must come first
//! and is capped at a few hundred bytes; each file is capped at the step's size limit; the
//! whole body at what the remaining file count allows; the number of parts is counted. Each
//! file is hashed and its type sniffed as it streams, then committed on its own (blob, row,
//! `document.uploaded`, a job to read it) so one refused file never loses the others.

use axum::body::Body;
use axum::extract::{Extension, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::json;
use sha2::{Digest, Sha256};
use tower_sessions::Session;

use super::routes::{Loaded, StepInput, load, render_step};
use super::{Ctx, check_csrf, context, flow};
use crate::case_types::{Step, StepKind};
use crate::cases::store as case_store;
use crate::cases::{CaseStatus, EventType};
use crate::documents::store as doc_store;
use crate::error::AppError;
use crate::ids::now_ms;
use crate::state::AppState;
use crate::vocab::{self, DocFormat};
use crate::web::RequestId;

/// Why an upload stopped, as the applicant reads it.
enum Refusal {
    TooBig {
        name: String,
    },
    WrongType {
        name: String,
    },
    TooMany,
    NoFile,
    Broken,
    /// Submitted or the link closed while the upload was arriving.
    Closed,
}

/// The largest file name we keep (it is shown back and stored, never used as a path).
const MAX_NAME_CHARS: usize = 120;

fn clean_name(raw: Option<&str>) -> String {
    let raw = raw.unwrap_or_default();
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let name: String = base.chars().filter(|c| !c.is_control()).take(MAX_NAME_CHARS).collect();
    name.trim().to_string()
}

pub async fn upload(
    State(state): State<AppState>,
    session: Session,
    Path((id, step_id)): Path<(String, String)>,
    Extension(rid): Extension<RequestId>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, AppError> {
    let ctx = context(&state, &session, &id, &headers, rid.0).await?;
    ctx.require_open()?;
    let loaded = load(&state, &ctx).await?;
    let visible = flow::visible_steps(&ctx.case_type, &loaded.answers);
    let Some(step) = visible.iter().copied().find(|s| s.id == step_id) else {
        return Err(AppError::not_found(crate::error::Code::NotFound));
    };
    let StepKind::Documents {
        accept,
        max_files,
        max_bytes,
        ..
    } = &step.kind
    else {
        return Err(AppError::not_found(crate::error::Code::NotFound));
    };
    if !flow::can_open(&visible, &loaded.answers, &step_id) {
        return Ok(Redirect::to(&ctx.base()).into_response());
    }
    let have = loaded
        .docs
        .iter()
        .filter(|d| d.step_id.as_deref() == Some(step_id.as_str()))
        .count();
    let remaining = (*max_files as usize).saturating_sub(have);
    let boundary = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|ct| multer::parse_boundary(ct).ok());
    let Some(boundary) = boundary else {
        return refuse(&ctx, &loaded, &visible, step, &Refusal::Broken, *max_bytes, remaining);
    };
    // The body may hold one file more than allowed, so "too many" is told apart from "too big".
    let whole = max_bytes.saturating_mul(remaining as u64 + 1).saturating_add(64 * 1024);
    let constraints = multer::Constraints::new().size_limit(
        multer::SizeLimit::new()
            .whole_stream(whole)
            .per_field(*max_bytes)
            .for_field("csrf", 256),
    );
    let mut multipart = multer::Multipart::with_constraints(body.into_data_stream(), boundary, constraints);

    let mut csrf_checked = false;
    let mut stored = 0usize;
    let mut duplicates = Vec::new();
    let mut parts = 0usize;
    let outcome: Result<(), Refusal> = async {
        loop {
            let field = match multipart.next_field().await {
                Ok(Some(field)) => field,
                Ok(None) => break,
                Err(e) => return Err(multer_refusal(&e, "")),
            };
            parts += 1;
            if parts > remaining + 2 {
                return Err(Refusal::TooMany);
            }
            match field.name() {
                Some("csrf") if !csrf_checked => {
                    let sent = field.text().await.map_err(|_| Refusal::Broken)?;
                    check_csrf(&ctx, Some(&sent)).map_err(|_| Refusal::Broken)?;
                    csrf_checked = true;
                }
                Some("files") if csrf_checked => {
                    let name = clean_name(field.file_name());
                    // Stops the body early; the count that decides is taken under the case
                    // lock when a file is recorded (parallel uploads, parts without a name).
                    if stored >= remaining && !name.is_empty() {
                        return Err(Refusal::TooMany);
                    }
                    match store_file(&state, &ctx, step, accept, field, &name).await? {
                        Stored::Empty => {}
                        Stored::Duplicate => duplicates.push(name),
                        Stored::New => stored += 1,
                    }
                }
                _ => return Err(Refusal::Broken),
            }
        }
        Ok(())
    }
    .await;

    if !csrf_checked {
        return Err(AppError::new(
            crate::error::Kind::Authorization,
            crate::error::Code::CsrfFailed,
        ));
    }
    if stored > 0 {
        state.jobs_ready.notify_one();
    }
    let refusal = match outcome {
        Err(r) => Some(r),
        Ok(()) if stored == 0 && duplicates.is_empty() => Some(Refusal::NoFile),
        Ok(()) => None,
    };
    match refusal {
        Some(Refusal::Closed) => Err(AppError::new(
            crate::error::Kind::Authorization,
            crate::error::Code::IntakeClosed,
        )),
        Some(r) => {
            let loaded = load(&state, &ctx).await?;
            let visible = flow::visible_steps(&ctx.case_type, &loaded.answers);
            refuse(&ctx, &loaded, &visible, step, &r, *max_bytes, remaining)
        }
        None if !duplicates.is_empty() => {
            let loaded = load(&state, &ctx).await?;
            let visible = flow::visible_steps(&ctx.case_type, &loaded.answers);
            let input = StepInput {
                notice: ctx
                    .page
                    .ta("intake-upload-duplicate", &[("name", duplicates.join(", "))]),
                ..StepInput::default()
            };
            render_step(&ctx, &loaded, &visible, step, input, StatusCode::OK)
        }
        None => Ok(Redirect::to(&format!("{}/step/{}", ctx.base(), step.id)).into_response()),
    }
}

fn multer_refusal(e: &multer::Error, name: &str) -> Refusal {
    match e {
        multer::Error::FieldSizeExceeded { .. } => Refusal::TooBig { name: name.to_string() },
        multer::Error::StreamSizeExceeded { .. } => Refusal::TooMany,
        _ => Refusal::Broken,
    }
}

fn refuse(
    ctx: &Ctx,
    loaded: &Loaded,
    visible: &[&Step],
    step: &Step,
    refusal: &Refusal,
    max_bytes: u64,
    remaining: usize,
) -> Result<Response, AppError> {
    let mb = (max_bytes / (1024 * 1024)).to_string();
    let (message, status) = match refusal {
        Refusal::TooBig { name } => (
            ctx.page
                .ta("intake-upload-too-big", &[("name", name.clone()), ("size", mb)]),
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
        Refusal::WrongType { name } => (
            ctx.page.ta("intake-upload-wrong-type", &[("name", name.clone())]),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        Refusal::TooMany => (
            ctx.page
                .ta("intake-upload-too-many", &[("count", remaining.to_string())]),
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
        Refusal::NoFile => (ctx.page.t("intake-upload-none"), StatusCode::BAD_REQUEST),
        Refusal::Broken => (ctx.page.t("intake-upload-broken"), StatusCode::BAD_REQUEST),
        Refusal::Closed => (ctx.page.t("intake-upload-broken"), StatusCode::CONFLICT),
    };
    let input = StepInput {
        error: message,
        ..StepInput::default()
    };
    render_step(ctx, loaded, visible, step, input, status)
}

enum Stored {
    /// No file was chosen (browsers send an empty part).
    Empty,
    Duplicate,
    New,
}

/// Streams one file part to a blob, then records it.
async fn store_file(
    state: &AppState,
    ctx: &Ctx,
    step: &Step,
    accept: &[DocFormat],
    mut field: multer::Field<'_>,
    name: &str,
) -> Result<Stored, Refusal> {
    let doc_id = crate::ids::prefixed("doc");
    let mut writer = state.blobs.writer(&doc_id).await.map_err(|_| Refusal::Broken)?;
    let mut hasher = Sha256::new();
    let mut head: Vec<u8> = Vec::with_capacity(1024);
    let mut size: u64 = 0;
    loop {
        match field.chunk().await {
            Ok(Some(chunk)) => {
                size += chunk.len() as u64;
                hasher.update(&chunk);
                if head.len() < 1024 {
                    let take = (1024 - head.len()).min(chunk.len());
                    head.extend_from_slice(&chunk[..take]);
                }
                if writer.write(&chunk).await.is_err() {
                    writer.discard().await;
                    return Err(Refusal::Broken);
                }
            }
            Ok(None) => break,
            Err(e) => {
                writer.discard().await;
                return Err(multer_refusal(&e, name));
            }
        }
    }
    if size == 0 {
        writer.discard().await;
        return if name.is_empty() {
            Ok(Stored::Empty)
        } else {
            Err(Refusal::WrongType { name: name.to_string() })
        };
    }
    let format = vocab::sniff(&head).filter(|f| accept.contains(f));
    let Some(format) = format else {
        writer.discard().await;
        return Err(Refusal::WrongType { name: name.to_string() });
    };
    let sha256 = hex::encode(hasher.finalize());
    if writer.commit().await.is_err() {
        return Err(Refusal::Broken);
    }
    let file = NewFile {
        doc_id: &doc_id,
        name,
        format,
        size,
        sha256: &sha256,
    };
    let recorded = record(state, ctx, step, &file).await;
    if !matches!(recorded, Ok(Recorded::New)) {
        // Nothing refers to these bytes: remove them.
        if let Err(e) = state.blobs.delete(&doc_id).await {
            tracing::warn!(doc_id = %doc_id, error = %e, "could not remove the bytes of a refused upload");
        }
    }
    match recorded {
        Ok(Recorded::New) => Ok(Stored::New),
        Ok(Recorded::Duplicate) => Ok(Stored::Duplicate),
        Ok(Recorded::Full) => Err(Refusal::TooMany),
        Ok(Recorded::Closed) => Err(Refusal::Closed),
        Err(e) => {
            tracing::error!(error = %e, "recording an upload failed");
            Err(Refusal::Broken)
        }
    }
}

struct NewFile<'a> {
    doc_id: &'a str,
    name: &'a str,
    format: DocFormat,
    size: u64,
    sha256: &'a str,
}

enum Recorded {
    New,
    /// The case already has a document with these bytes.
    Duplicate,
    /// The step already holds its most files (a parallel upload got there first).
    Full,
    /// Submitted, or the link was revoked or expired, while the file was arriving.
    Closed,
}

/// One transaction: the document row, `document.uploaded`, `processing` on the first upload,
/// and a job to read it when its step names facts to look for. The case is locked first, and
/// the step's count and the duplicates are checked under that lock, so parallel uploads cannot
/// exceed the step's limit or land after submission.
async fn record(state: &AppState, ctx: &Ctx, step: &Step, file: &NewFile<'_>) -> Result<Recorded, AppError> {
    let NewFile {
        doc_id,
        name,
        format,
        size,
        sha256,
    } = *file;
    let now = now_ms();
    let content_type = vocab::content_type(format);
    let mut tx = state.db.begin().await?;
    if !super::store::lock_open(&mut tx, &ctx.case.id, now).await? {
        return Ok(Recorded::Closed);
    }
    let existing = doc_store::list_for_case_tx(&mut tx, &ctx.case.id).await?;
    if existing.iter().any(|d| d.sha256 == sha256) {
        return Ok(Recorded::Duplicate);
    }
    let max_files = match &step.kind {
        StepKind::Documents { max_files, .. } => *max_files as usize,
        _ => 0,
    };
    if existing
        .iter()
        .filter(|d| d.step_id.as_deref() == Some(step.id.as_str()))
        .count()
        >= max_files
    {
        return Ok(Recorded::Full);
    }
    doc_store::insert(
        &mut tx,
        &doc_store::NewDocument {
            id: doc_id,
            case_id: &ctx.case.id,
            step_id: Some(&step.id),
            filename: Some(name).filter(|n| !n.is_empty()),
            content_type,
            byte_size: i64::try_from(size).unwrap_or(i64::MAX),
            sha256,
            now,
        },
    )
    .await?;
    let data = json!({ "doc_id": doc_id, "step_id": step.id, "content_type": content_type, "byte_size": size, "sha256": sha256 });
    case_store::append_event(&mut tx, &ctx.case.id, EventType::DocumentUploaded, &data, now).await?;
    let reads = crate::pipeline::step_facts(&ctx.case_type, &step.id).is_some_and(|f| !f.is_empty());
    if reads {
        let payload = json!({ "doc_id": doc_id });
        crate::jobs::enqueue(
            &mut tx,
            &crate::ids::sortable("job"),
            crate::jobs::KIND_PROCESS_DOCUMENT,
            Some(&ctx.case.id),
            &payload,
            now,
        )
        .await?;
    } else {
        doc_store::mark_stored(&mut tx, doc_id, now).await?;
    }
    let current = case_store::find_case_by_id_tx(&mut tx, &ctx.case.id).await?;
    if current.is_some_and(|c| c.status() == CaseStatus::InProgress) {
        let data = json!({ "case_status": "processing" });
        case_store::set_status(
            &mut tx,
            &ctx.case.id,
            CaseStatus::Processing,
            EventType::CaseProcessing,
            &data,
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Recorded::New)
}
