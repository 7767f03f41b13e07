//! `/s/{id}…`: the applicant's pages and forms, thin over the intake engine.
//!
//! Every GET renders whatever screen the stored state calls for and writes nothing; every POST
//! checks the CSRF token, calls the engine (one transaction) and redirects (303) back to
//! `/s/{id}`, so a reload never posts twice and the screen that follows is always computed,
//! never remembered.

use axum::Router;
use axum::extract::{DefaultBodyLimit, Extension, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use tower_sessions::Session;

use super::context::{CASE_KEY, CSRF_KEY, Ctx, LANG_KEY, check_csrf, context, session_error};
use super::engine::{self, Outcome, Submitted};
use super::flow;
use super::screens::{self, StepInput};
use crate::error::{AppError, Code};
use crate::ids::{IdKind, now_ms};
use crate::state::AppState;
use crate::web::{ApiQuery, PageForm, RequestId, known_shape};

/// Largest form body (answers are short; long text is capped at a few thousand characters).
const FORM_LIMIT: usize = 64 * 1024;

/// The applicant's routes; `app` puts them behind the cookie-session layer.
pub fn router() -> Router<AppState> {
    let forms = Router::new()
        .route("/s/{id}", get(show))
        .route("/s/{id}/done", get(done))
        .route("/s/{id}/step/{step}", get(show_step).post(answer_step))
        .route("/s/{id}/documents/{doc}/remove", post(remove_document))
        .route("/s/{id}/check/{fact}", get(show_check).post(answer_check))
        .route("/s/{id}/read/{doc}", post(confirm_document))
        .route("/s/{id}/receipt.pdf", get(receipt))
        .route("/s/{id}/submit", post(submit))
        .layer(DefaultBodyLimit::max(FORM_LIMIT));
    // Uploads enforce their own limits while streaming (see `upload`).
    let uploads = Router::new()
        .route("/s/{id}/step/{step}/upload", post(super::upload::upload))
        .layer(DefaultBodyLimit::disable());
    forms
        .merge(uploads)
        .route_layer(axum::middleware::from_fn(super::context::bound_before_body))
}

const SCRIPT: &str = include_str!("../../static/intake.js");

/// `GET /static/intake.js`: the applicant pages' small enhancement (served from here: the
/// pages' CSP allows no inline script).
pub async fn script() -> impl IntoResponse {
    (
        [
            (axum::http::header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (axum::http::header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        SCRIPT,
    )
}

#[derive(serde::Deserialize)]
pub struct ShowQuery {
    token: Option<String>,
    lang: Option<String>,
}

/// `GET /s/{id}`: exchanges a signed link for a cookie, switches the language, or shows the
/// screen the case is at.
async fn show(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    ApiQuery(q): ApiQuery<ShowQuery>,
    Extension(rid): Extension<RequestId>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    known_shape(IdKind::Case, &id, Code::RouteNotFound)?;
    if let Some(token) = q.token {
        return open_link(&state, &session, &id, &token).await;
    }
    if let Some(lang) = q.lang {
        return switch_language(&session, &lang, &format!("/s/{id}")).await;
    }
    let ctx = context(&state, &session, &id, &headers, rid.0).await?;
    // A case handler's question comes first (`review::clarify`).
    if crate::review::open_clarification(&state.db, &ctx.case).await?.is_some() {
        return Ok(Redirect::to(&format!("/s/{id}/clarification")).into_response());
    }
    let loaded = engine::load(&state.db, &ctx.case.id).await?;
    screens::current(&ctx, &loaded, now_ms())
}

/// Stores the applicant's language choice and reloads the page without the query. `back` is
/// built from ids whose shape was checked, so it is always a valid `Location`.
async fn switch_language(session: &Session, lang: &str, back: &str) -> Result<Response, AppError> {
    if let Some(locale) = crate::l10n::Locale::parse(lang) {
        session.insert(LANG_KEY, locale.as_str()).await.map_err(session_error)?;
    }
    Ok(Redirect::to(back).into_response())
}

/// The link exchange: a valid token starts a new cookie session bound to this case only.
pub async fn open_link(state: &AppState, session: &Session, id: &str, token: &str) -> Result<Response, AppError> {
    engine::open_link(&state.db, &state.config.signing_keys, id, token, now_ms()).await?;
    // A fresh session id: whatever this browser had before (another case) is gone.
    let lang: Option<String> = session.get(LANG_KEY).await.map_err(session_error)?;
    session.clear().await;
    session.cycle_id().await.map_err(session_error)?;
    session.insert(CASE_KEY, id).await.map_err(session_error)?;
    session
        .insert(CSRF_KEY, crate::ids::random_hex(24))
        .await
        .map_err(session_error)?;
    if let Some(lang) = lang {
        session.insert(LANG_KEY, lang).await.map_err(session_error)?;
    }
    Ok(Redirect::to(&format!("/s/{id}")).into_response())
}

/// `GET /s/{id}/step/{step}`: back and change.
async fn show_step(
    State(state): State<AppState>,
    session: Session,
    Path((id, step_id)): Path<(String, String)>,
    ApiQuery(q): ApiQuery<ShowQuery>,
    Extension(rid): Extension<RequestId>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    known_shape(IdKind::Case, &id, Code::RouteNotFound)?;
    if !step_id
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        return Err(AppError::not_found(Code::NotFound));
    }
    if let Some(lang) = q.lang {
        return switch_language(&session, &lang, &format!("/s/{id}/step/{step_id}")).await;
    }
    let ctx = context(&state, &session, &id, &headers, rid.0).await?;
    if !ctx.is_open() {
        return screens::render_done(&ctx);
    }
    let loaded = engine::load(&state.db, &ctx.case.id).await?;
    let visible = flow::visible_steps(&ctx.case_type, &loaded.answers);
    let Some(step) = visible.iter().copied().find(|s| s.id == step_id) else {
        return Err(AppError::not_found(Code::NotFound));
    };
    if !flow::can_open(&visible, &loaded.answers, &loaded.observations, &step_id) {
        return Ok(Redirect::to(&ctx.base()).into_response());
    }
    screens::render_step(&ctx, &loaded, &visible, step, StepInput::default(), StatusCode::OK)
}

/// Where a POST that changed something goes next.
fn after(ctx: &Ctx, outcome: &Outcome) -> Option<Response> {
    match outcome {
        Outcome::Recorded => Some(Redirect::to(&format!("{}#current", ctx.base())).into_response()),
        Outcome::Moved => Some(Redirect::to(&ctx.base()).into_response()),
        Outcome::Refused { .. } => None,
    }
}

/// `POST /s/{id}/step/{step}`: consent, an answer, or "done with this documents step".
async fn answer_step(
    State(state): State<AppState>,
    session: Session,
    Path((id, step_id)): Path<(String, String)>,
    Extension(rid): Extension<RequestId>,
    headers: HeaderMap,
    PageForm(form): PageForm,
) -> Result<Response, AppError> {
    let ctx = context(&state, &session, &id, &headers, rid.0).await?;
    check_csrf(&ctx, form.get("csrf").map(String::as_str))?;
    ctx.require_open()?;
    let raw = form.get("value").map(String::as_str).unwrap_or_default();
    let outcome = engine::answer_step(&state.db, &ctx.case, &ctx.case_type, &step_id, raw, now_ms()).await?;
    if let Some(next) = after(&ctx, &outcome) {
        return Ok(next);
    }
    // Refused: the step again, with what was typed and why.
    let loaded = engine::load(&state.db, &ctx.case.id).await?;
    let visible = flow::visible_steps(&ctx.case_type, &loaded.answers);
    let Some(step) = visible.iter().copied().find(|s| s.id == step_id) else {
        return Ok(Redirect::to(&ctx.base()).into_response());
    };
    let input = StepInput {
        value: Some(raw.to_string()),
        error: refusal(&ctx, &outcome),
        ..StepInput::default()
    };
    screens::render_step(&ctx, &loaded, &visible, step, input, StatusCode::BAD_REQUEST)
}

fn refusal(ctx: &Ctx, outcome: &Outcome) -> String {
    match outcome {
        Outcome::Refused { message_id } => ctx.page.t(message_id),
        _ => String::new(),
    }
}

/// `GET /s/{id}/check/{fact}`: one check on its own page — a value from a document's page the
/// applicant wants to correct, or (`?change=1`) a settled one changed from the summary.
async fn show_check(
    State(state): State<AppState>,
    session: Session,
    Path((id, fact_id)): Path<(String, String)>,
    ApiQuery(q): ApiQuery<CheckQuery>,
    Extension(rid): Extension<RequestId>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    known_shape(IdKind::Case, &id, Code::RouteNotFound)?;
    let ctx = context(&state, &session, &id, &headers, rid.0).await?;
    if !ctx.is_open() {
        return screens::render_done(&ctx);
    }
    let change = q.change.is_some();
    let (db, ct) = (&state.db, &ctx.case_type);
    let loaded = engine::load(db, &ctx.case.id).await?;
    let visible = flow::visible_steps(ct, &loaded.answers);
    let checks = flow::open_checks(ct, &visible, &loaded.answers, &loaded.observations);
    let check = match checks.into_iter().find(|c| c.fact_id() == fact_id) {
        Some(check) => check,
        None if change => flow::reopened(ct, &visible, &loaded.answers, &loaded.observations, &fact_id)
            .ok_or_else(|| AppError::not_found(Code::NotFound))?,
        None => return Ok(Redirect::to(&ctx.base()).into_response()),
    };
    screens::render_check(&ctx, &loaded, &visible, &check, "", "", change, StatusCode::OK)
}

#[derive(serde::Deserialize)]
pub struct CheckQuery {
    change: Option<String>,
}

/// `POST /s/{id}/check/{fact}`: a confirmation, a correction, or an answer to a follow-up.
async fn answer_check(
    State(state): State<AppState>,
    session: Session,
    Path((id, fact_id)): Path<(String, String)>,
    Extension(rid): Extension<RequestId>,
    headers: HeaderMap,
    PageForm(form): PageForm,
) -> Result<Response, AppError> {
    let ctx = context(&state, &session, &id, &headers, rid.0).await?;
    check_csrf(&ctx, form.get("csrf").map(String::as_str))?;
    ctx.require_open()?;
    let choice = form.get("choice").map(String::as_str).unwrap_or_default();
    let typed = form.get("value").map(String::as_str).unwrap_or_default();
    let change = form.get("change").is_some_and(|c| c == "1");
    let (db, ct) = (&state.db, &ctx.case_type);
    let reaction = engine::CheckAnswer { choice, typed, change };
    let outcome = engine::answer_check(db, &ctx.case, ct, &fact_id, &reaction, now_ms()).await?;
    if let Some(next) = after(&ctx, &outcome) {
        return Ok(next);
    }
    // Refused: the check again, with what was typed and why.
    let loaded = engine::load(db, &ctx.case.id).await?;
    let visible = flow::visible_steps(ct, &loaded.answers);
    let checks = flow::open_checks(ct, &visible, &loaded.answers, &loaded.observations);
    let check = match checks.into_iter().find(|c| c.fact_id() == fact_id) {
        Some(check) => check,
        None if change => match flow::reopened(ct, &visible, &loaded.answers, &loaded.observations, &fact_id) {
            Some(check) => check,
            None => return Ok(Redirect::to(&ctx.base()).into_response()),
        },
        None => return Ok(Redirect::to(&ctx.base()).into_response()),
    };
    let error = refusal(&ctx, &outcome);
    screens::render_check(
        &ctx,
        &loaded,
        &visible,
        &check,
        typed.trim(),
        &error,
        change,
        StatusCode::BAD_REQUEST,
    )
}

/// `POST /s/{id}/read/{doc}`: "yes, this is what my document says" for every value on it.
async fn confirm_document(
    State(state): State<AppState>,
    session: Session,
    Path((id, doc_id)): Path<(String, String)>,
    Extension(rid): Extension<RequestId>,
    headers: HeaderMap,
    PageForm(form): PageForm,
) -> Result<Response, AppError> {
    let ctx = context(&state, &session, &id, &headers, rid.0).await?;
    check_csrf(&ctx, form.get("csrf").map(String::as_str))?;
    ctx.require_open()?;
    let outcome = engine::confirm_document(&state.db, &ctx.case, &ctx.case_type, &doc_id, now_ms()).await?;
    Ok(after(&ctx, &outcome).unwrap_or_else(|| Redirect::to(&ctx.base()).into_response()))
}

/// `GET /s/{id}/receipt.pdf`: after submitting, what was sent, as a PDF to keep.
async fn receipt(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    Extension(rid): Extension<RequestId>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    known_shape(IdKind::Case, &id, Code::RouteNotFound)?;
    let ctx = context(&state, &session, &id, &headers, rid.0).await?;
    if ctx.case.submitted_at.is_none() {
        return Ok(Redirect::to(&ctx.base()).into_response());
    }
    let loaded = engine::load(&state.db, &ctx.case.id).await?;
    let pdf = screens::receipt_pdf(&ctx, &loaded)?;
    let disposition = format!("attachment; filename=\"receipt-{}.pdf\"", ctx.case.id);
    Ok((
        StatusCode::OK,
        [
            (axum::http::header::CONTENT_TYPE, "application/pdf".to_string()),
            (axum::http::header::CONTENT_DISPOSITION, disposition),
        ],
        pdf,
    )
        .into_response())
}

/// `POST /s/{id}/submit`: closes the conversation and settles the case.
async fn submit(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    Extension(rid): Extension<RequestId>,
    headers: HeaderMap,
    PageForm(form): PageForm,
) -> Result<Response, AppError> {
    let ctx = context(&state, &session, &id, &headers, rid.0).await?;
    check_csrf(&ctx, form.get("csrf").map(String::as_str))?;
    match engine::submit(&state.db, &ctx.case, &ctx.case_type, now_ms()).await? {
        Submitted::Now(_) | Submitted::Before => Ok(Redirect::to(&format!("{}/done", ctx.base())).into_response()),
        Submitted::NotReady => Ok(Redirect::to(&ctx.base()).into_response()),
    }
}

/// `GET /s/{id}/done`: the confirmation right after submitting, which also sends the
/// applicant back to the insurer's `return_url`.
async fn done(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    ApiQuery(q): ApiQuery<ShowQuery>,
    Extension(rid): Extension<RequestId>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    known_shape(IdKind::Case, &id, Code::RouteNotFound)?;
    if let Some(lang) = q.lang {
        return switch_language(&session, &lang, &format!("/s/{id}/done")).await;
    }
    let ctx = context(&state, &session, &id, &headers, rid.0).await?;
    if ctx.case.submitted_at.is_none() {
        return Ok(Redirect::to(&ctx.base()).into_response());
    }
    screens::render_done(&ctx)
}

/// `POST /s/{id}/documents/{doc}/remove`: the applicant takes an upload back before submitting.
async fn remove_document(
    State(state): State<AppState>,
    session: Session,
    Path((id, doc_id)): Path<(String, String)>,
    Extension(rid): Extension<RequestId>,
    headers: HeaderMap,
    PageForm(form): PageForm,
) -> Result<Response, AppError> {
    let ctx = context(&state, &session, &id, &headers, rid.0).await?;
    check_csrf(&ctx, form.get("csrf").map(String::as_str))?;
    let (db, blobs, case_types) = (&state.db, &state.blobs, &state.case_types);
    let on_step = form.get("step").map(String::as_str);
    let step = engine::remove_document(db, blobs, case_types, &ctx.case, &doc_id, on_step, now_ms()).await?;
    let back = match step {
        Some(step) => format!("{}/step/{step}", ctx.base()),
        None => ctx.base(),
    };
    Ok(Redirect::to(&back).into_response())
}
