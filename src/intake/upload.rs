//! `POST /s/{id}/step/{step}/upload`: files streamed through multer into the blob store.
//!
//! The documents step is one form: its primary button ("Verder", `go=continue`) uploads the
//! chosen files and then finishes the step, so a file chosen is never dropped; the secondary
//! one (`go=upload`) uploads and stays. With JavaScript, choosing files uploads them at once.
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
use super::engine::{self, Loaded, Outcome, Received, Upload, UploadSlot};
use super::flow;
use super::screens::{StepInput, render_step};
use crate::case_types::Step;
use crate::error::{AppError, Code, Kind};
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

/// `POST /s/{id}/step/{step}/upload`: the files of one form, each taken in on its own.
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
    let Some(slot) = engine::upload_slot(&ctx.case_type, &loaded, &step_id)? else {
        return Ok(Redirect::to(&ctx.base()).into_response());
    };
    let Some(multipart) = multipart(&headers, body, &slot) else {
        return refuse(&ctx, &loaded, &slot, &Refusal::Broken);
    };
    let parts = read_parts(&state, &ctx, &slot, multipart).await;
    if !parts.csrf_checked {
        return Err(AppError::new(Kind::Authorization, Code::CsrfFailed));
    }
    if parts.stored > 0 {
        state.jobs_ready.notify_one();
    }
    respond(&state, &ctx, &slot, parts).await
}

/// The body as multipart, with the limits of `slot` enforced while it streams; `None` without
/// a multipart content type.
fn multipart(headers: &HeaderMap, body: Body, slot: &UploadSlot<'_>) -> Option<multer::Multipart<'static>> {
    let boundary = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|ct| multer::parse_boundary(ct).ok())?;
    // The body may hold one file more than allowed, so "too many" is told apart from "too big".
    let whole = slot
        .max_bytes
        .saturating_mul(slot.remaining as u64 + 1)
        .saturating_add(64 * 1024);
    let constraints = multer::Constraints::new().size_limit(
        multer::SizeLimit::new()
            .whole_stream(whole)
            .per_field(slot.max_bytes)
            .for_field("csrf", 256)
            .for_field("go", 32),
    );
    Some(multer::Multipart::with_constraints(
        body.into_data_stream(),
        boundary,
        constraints,
    ))
}

/// What the parts of one upload form came to.
struct Parts {
    csrf_checked: bool,
    stored: usize,
    duplicates: Vec<String>,
    /// Files the case already had from another request, now serving this one too.
    reused: Vec<String>,
    /// The applicant pressed "Verder": finish the step after the upload.
    then_continue: bool,
    outcome: Result<(), Refusal>,
}

/// Reads the parts: the CSRF field first, then each file streamed to the blob store and taken
/// in on its own, so one refused file never loses the others.
async fn read_parts(
    state: &AppState,
    ctx: &Ctx,
    slot: &UploadSlot<'_>,
    mut multipart: multer::Multipart<'static>,
) -> Parts {
    let mut parts = Parts {
        csrf_checked: false,
        stored: 0,
        duplicates: Vec::new(),
        reused: Vec::new(),
        then_continue: false,
        outcome: Ok(()),
    };
    let mut seen = 0usize;
    parts.outcome = async {
        loop {
            let field = match multipart.next_field().await {
                Ok(Some(field)) => field,
                Ok(None) => return Ok(()),
                Err(e) => return Err(multer_refusal(&e, "")),
            };
            seen += 1;
            // csrf, go, and an empty part for each of the two file inputs left unused.
            if seen > slot.remaining + 4 {
                return Err(Refusal::TooMany);
            }
            match field.name() {
                Some("csrf") if !parts.csrf_checked => {
                    let sent = field.text().await.map_err(|_| Refusal::Broken)?;
                    check_csrf(ctx, Some(&sent)).map_err(|_| Refusal::Broken)?;
                    parts.csrf_checked = true;
                }
                Some("files") if parts.csrf_checked => {
                    let name = clean_name(field.file_name());
                    // Stops the body early; the count that decides is taken under the case
                    // lock when a file is recorded (parallel uploads, parts without a name).
                    if parts.stored >= slot.remaining && !name.is_empty() {
                        return Err(Refusal::TooMany);
                    }
                    match store_file(state, ctx, slot.step, slot.accept, field, &name).await? {
                        Stored::Empty => {}
                        Stored::Duplicate => parts.duplicates.push(name),
                        Stored::Reused => parts.reused.push(name),
                        Stored::New => parts.stored += 1,
                    }
                }
                Some("go") if parts.csrf_checked => {
                    let go = field.text().await.map_err(|_| Refusal::Broken)?;
                    parts.then_continue = go == "continue";
                }
                _ => return Err(Refusal::Broken),
            }
        }
    }
    .await;
    parts
}

/// The page after an upload: on to the next screen ("Verder"), or the step again (with what
/// was refused, or which files were already there).
async fn respond(state: &AppState, ctx: &Ctx, slot: &UploadSlot<'_>, parts: Parts) -> Result<Response, AppError> {
    let nothing = parts.stored == 0 && parts.duplicates.is_empty() && parts.reused.is_empty();
    let refusal = match parts.outcome {
        Err(r) => Some(r),
        // "Verder" without a file is no refusal: the step decides whether it needs one.
        Ok(()) if nothing && !parts.then_continue => Some(Refusal::NoFile),
        Ok(()) => None,
    };
    if let Some(Refusal::Closed) = refusal {
        return Err(AppError::new(Kind::Authorization, Code::IntakeClosed));
    }
    if refusal.is_none() && parts.then_continue {
        let outcome = engine::answer_step(&state.db, &ctx.case, &ctx.case_type, &slot.step.id, "", now_ms()).await?;
        match outcome {
            Outcome::Recorded => return Ok(Redirect::to(&format!("{}#current", ctx.base())).into_response()),
            Outcome::Moved => return Ok(Redirect::to(&ctx.base()).into_response()),
            Outcome::Refused { message_id } => {
                let loaded = engine::load(&state.db, &ctx.case.id).await?;
                let visible = flow::visible_steps(&ctx.case_type, &loaded.answers);
                let input = StepInput {
                    error: ctx.page.t(&message_id),
                    ..StepInput::default()
                };
                return render_step(ctx, &loaded, &visible, slot.step, input, StatusCode::BAD_REQUEST);
            }
        }
    }
    if refusal.is_none() && parts.duplicates.is_empty() && parts.reused.is_empty() {
        return Ok(Redirect::to(&format!("{}/step/{}", ctx.base(), slot.step.id)).into_response());
    }
    let loaded = engine::load(&state.db, &ctx.case.id).await?;
    if let Some(r) = refusal {
        return refuse(ctx, &loaded, slot, &r);
    }
    let visible = flow::visible_steps(&ctx.case_type, &loaded.answers);
    let mut notices = Vec::new();
    if !parts.duplicates.is_empty() {
        notices.push(
            ctx.page
                .ta("intake-upload-duplicate", &[("name", parts.duplicates.join(", "))]),
        );
    }
    if !parts.reused.is_empty() {
        notices.push(
            ctx.page
                .ta("intake-upload-reused", &[("name", parts.reused.join(", "))]),
        );
    }
    let input = StepInput {
        notice: notices.join(" "),
        ..StepInput::default()
    };
    render_step(ctx, &loaded, &visible, slot.step, input, StatusCode::OK)
}

fn multer_refusal(e: &multer::Error, name: &str) -> Refusal {
    match e {
        multer::Error::FieldSizeExceeded { .. } => Refusal::TooBig { name: name.to_string() },
        multer::Error::StreamSizeExceeded { .. } => Refusal::TooMany,
        _ => Refusal::Broken,
    }
}

fn refuse(ctx: &Ctx, loaded: &Loaded, slot: &UploadSlot<'_>, refusal: &Refusal) -> Result<Response, AppError> {
    let (remaining, mb) = (slot.remaining, (slot.max_bytes / (1024 * 1024)).to_string());
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
    let visible = flow::visible_steps(&ctx.case_type, &loaded.answers);
    render_step(ctx, loaded, &visible, slot.step, input, status)
}

enum Stored {
    /// No file was chosen (browsers send an empty part).
    Empty,
    Duplicate,
    Reused,
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
                if writer.write(chunk).await.is_err() {
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
    let recorded = engine::receive_upload(&state.db, &ctx.case, step, &file, now_ms()).await;
    if !matches!(recorded, Ok(Received::New)) {
        // Refused, or the case already had these bytes: nothing refers to this copy.
        if let Err(e) = state.blobs.delete(&doc_id).await {
            tracing::warn!(doc_id = %doc_id, error = %e, "could not remove the bytes of a refused upload");
        }
    }
    match recorded {
        Ok(Received::New) => Ok(Stored::New),
        Ok(Received::Duplicate) => Ok(Stored::Duplicate),
        Ok(Received::Reused) => Ok(Stored::Reused),
        Ok(Received::Full) => Err(Refusal::TooMany),
        Ok(Received::Closed) => Err(Refusal::Closed),
        Err(e) => {
            tracing::error!(error = %e, "recording an upload failed");
            Err(Refusal::Broken)
        }
    }
}
