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
use sha2::{Digest, Sha256};
use tower_sessions::Session;

use super::context::{Ctx, check_csrf, context};
use super::engine::{self, Loaded, Received, Upload};
use super::flow;
use super::screens::{StepInput, render_step};
use crate::case_types::{Step, StepKind};
use crate::error::AppError;
use crate::ids::now_ms;
use crate::state::AppState;
use crate::vocab::DocFormat;
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
    let loaded = engine::load(&state.db, &ctx.case.id).await?;
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
            let loaded = engine::load(&state.db, &ctx.case.id).await?;
            let visible = flow::visible_steps(&ctx.case_type, &loaded.answers);
            refuse(&ctx, &loaded, &visible, step, &r, *max_bytes, remaining)
        }
        None if !duplicates.is_empty() => {
            let loaded = engine::load(&state.db, &ctx.case.id).await?;
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
    let format = engine::accepted_format(&head, accept);
    let Some(format) = format else {
        writer.discard().await;
        return Err(Refusal::WrongType { name: name.to_string() });
    };
    let sha256 = hex::encode(hasher.finalize());
    if writer.commit().await.is_err() {
        return Err(Refusal::Broken);
    }
    let file = Upload {
        doc_id: &doc_id,
        name,
        format,
        size,
        sha256: &sha256,
    };
    let recorded = engine::receive_upload(&state.db, &ctx.case, &ctx.case_type, step, &file, now_ms()).await;
    if !matches!(recorded, Ok(Received::New)) {
        // Nothing refers to these bytes: remove them.
        if let Err(e) = state.blobs.delete(&doc_id).await {
            tracing::warn!(doc_id = %doc_id, error = %e, "could not remove the bytes of a refused upload");
        }
    }
    match recorded {
        Ok(Received::New) => Ok(Stored::New),
        Ok(Received::Duplicate) => Ok(Stored::Duplicate),
        Ok(Received::Full) => Err(Refusal::TooMany),
        Ok(Received::Closed) => Err(Refusal::Closed),
        Err(e) => {
            tracing::error!(error = %e, "recording an upload failed");
            Err(Refusal::Broken)
        }
    }
}
