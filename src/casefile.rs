//! The case file (SPEC §8): the insurer's case handler's page, and with a review link their
//! workspace.
//!
//! `case_file_url` in a package is `/case-file/{id}?token=…`, signed like applicant links but
//! for another purpose, so neither opens the other; it only shows. A link minted for one
//! handler (`POST /api/v1/cases/{id}/case-file-links`, `?link=cfl_…&token=…`) names the
//! handler and what they may do: with `review` access the page is the workspace, whose forms
//! run the review commands (`review::run`) as that handler. Either token is exchanged for a
//! cookie session (a browser may hold several case files at once, never an applicant's case)
//! with a CSRF token for the forms; every view appends `case_file.opened`. The page shows
//! first what needs attention, then an overview of every fact, each fact's evidence in the
//! lines around it beside the page image with the quote highlighted (rendered on demand in the
//! sandboxed worker, `render`), the answers, the documents and the timeline.

use std::collections::HashMap;

use askama::Template;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Extension, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde_json::json;
use tower_sessions::Session;

use crate::case_types::{CaseType, FactDef, StepKind};
use crate::cases::EventType;
use crate::cases::store::{self as case_store, CaseRow};
use crate::db::Db;
use crate::documents::store::{self as doc_store, DocumentRow};
use crate::error::{AppError, Code, Kind};
use crate::extract::{DecisionKind, Source};
use crate::facts::{self, Observation, store as fact_store};
use crate::ids::IdKind;
use crate::ids::now_ms;
use crate::l10n::Locale;
use crate::review::store::{self as review_store, LinkRow};
use crate::review::{self, Access, Ran, ReviewView};
use crate::state::AppState;
use crate::vocab::FactType;
use crate::web::{ApiQuery, PageCtx, PageForm, RequestId, known_shape};

const FILES_KEY: &str = "case_files";
/// (case id, handler link id) for every case file this browser opened with a handler's link.
const GRANTS_KEY: &str = "case_file_grants";
const CSRF_KEY: &str = "case_file_csrf";
const LANG_KEY: &str = "lang";
/// How many case files one browser may hold open.
const MAX_OPEN: usize = 50;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/case-file/{id}", get(show))
        .route(
            "/case-file/{id}/review",
            post(act).layer(DefaultBodyLimit::max(64 * 1024)),
        )
        .route("/case-file/{id}/documents/{doc}", get(download))
        .route("/case-file/{id}/evidence/{ev}/page.png", get(evidence_image))
}

fn session_error(e: impl std::fmt::Display) -> AppError {
    AppError::internal(std::io::Error::other(e.to_string()))
}

#[derive(serde::Deserialize)]
struct ShowQuery {
    token: Option<String>,
    link: Option<String>,
    lang: Option<String>,
    /// A review command just run from this page, to say what it did.
    cmd: Option<String>,
    /// A fact to show the review forms of (those needing attention always have them).
    fact: Option<String>,
}

/// The case this browser holds a case-file session for, or a 403 page.
async fn bound_case(state: &AppState, session: &Session, id: &str) -> Result<CaseRow, AppError> {
    known_shape(IdKind::Case, id, Code::RouteNotFound)?;
    let open: Vec<String> = session.get(FILES_KEY).await.map_err(session_error)?.unwrap_or_default();
    if !open
        .iter()
        .any(|c| crate::links::constant_time_eq(c.as_bytes(), id.as_bytes()))
    {
        return Err(AppError::new(Kind::Authorization, Code::LinkRequired));
    }
    case_store::find_case_by_id(&state.db, id)
        .await?
        .ok_or_else(|| AppError::new(Kind::Authorization, Code::LinkRequired))
}

/// The handler link this browser opened `case_id` with, as stored now (`None`: the package's
/// view-only link).
async fn grant(state: &AppState, session: &Session, case_id: &str) -> Result<Option<LinkRow>, AppError> {
    let grants: Vec<(String, String)> = session
        .get(GRANTS_KEY)
        .await
        .map_err(session_error)?
        .unwrap_or_default();
    let Some((_, link_id)) = grants.iter().find(|(c, _)| c == case_id) else {
        return Ok(None);
    };
    review_store::link(&state.db, case_id, link_id).await
}

/// What this browser may do on the case at `now`.
enum Standing {
    /// The package's link, or a handler's view link.
    View(Option<LinkRow>),
    /// A handler's review link that still works.
    Review(LinkRow),
    /// A handler's review link that expired.
    Expired(LinkRow),
}

async fn standing(state: &AppState, session: &Session, case_id: &str, now: i64) -> Result<Standing, AppError> {
    Ok(match grant(state, session, case_id).await? {
        Some(l) if Access::parse(&l.access) == Some(Access::Review) && l.expires_at > now => Standing::Review(l),
        Some(l) if Access::parse(&l.access) == Some(Access::Review) => Standing::Expired(l),
        other => Standing::View(other),
    })
}

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
        return open_link(&state, &session, &id, &token, q.link.as_deref()).await;
    }
    if let Some(lang) = q.lang {
        if let Some(locale) = crate::l10n::Locale::parse(&lang) {
            session.insert(LANG_KEY, locale.as_str()).await.map_err(session_error)?;
        }
        return Ok(Redirect::to(&format!("/case-file/{id}")).into_response());
    }
    let case = bound_case(&state, &session, &id).await?;
    let page = page_ctx(&state, &session, &headers, &case, rid.0).await?;
    let now = now_ms();
    let standing = standing(&state, &session, &case.id, now).await?;
    record_view(&state.db, &case, page.locale, &standing, now).await?;
    let mut flash = Flash::default();
    if let Some(cmd) = q.cmd.as_deref()
        && let Some(row) = review_store::command(&state.db, &case.id, cmd).await?
    {
        flash = Flash::done(&page, &row);
    }
    let focus = q.fact.filter(|f| f.len() <= 100);
    render_page(
        &state,
        &session,
        &page,
        &case,
        &standing,
        Shown {
            flash,
            focus: focus.as_deref(),
            status: StatusCode::OK,
        },
    )
    .await
}

/// The page's language and the insurer's branding.
async fn page_ctx(
    state: &AppState,
    session: &Session,
    headers: &HeaderMap,
    case: &CaseRow,
    rid: String,
) -> Result<PageCtx, AppError> {
    let chosen: Option<String> = session.get(LANG_KEY).await.map_err(session_error)?;
    let locale = crate::intake::context::locale(chosen.as_deref(), None, headers);
    let brand = crate::orgs::store::brand(&state.db, &case.org_id).await?;
    Ok(PageCtx::new(state.l10n.clone(), locale, rid).with_brand(brand))
}

/// What a rendering of the page says besides the case: the outcome of a command, the fact
/// opened, the status.
struct Shown<'a> {
    flash: Flash,
    focus: Option<&'a str>,
    status: StatusCode,
}

async fn render_page(
    state: &AppState,
    session: &Session,
    page: &PageCtx,
    case: &CaseRow,
    standing: &Standing,
    shown: Shown<'_>,
) -> Result<Response, AppError> {
    let csrf: String = session.get(CSRF_KEY).await.map_err(session_error)?.unwrap_or_default();
    let Shown { flash, focus, status } = shown;
    let html = build(state, page, case, standing, csrf, flash, focus)
        .await?
        .render()
        .map_err(AppError::internal)?;
    Ok((status, [(header::CACHE_CONTROL, "private, no-store")], Html(html)).into_response())
}

/// Every view of a case file is on its record: a `case_file.opened` event (SPEC §4), the
/// audit of who looked at a claimant's file and when (with the handler, through their link).
async fn record_view(db: &Db, case: &CaseRow, locale: Locale, standing: &Standing, now: i64) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let mut data = json!({ "case_status": case.status, "locale": locale.as_str() });
    if let Standing::View(Some(l)) | Standing::Review(l) | Standing::Expired(l) = standing {
        data["handler_id"] = json!(l.handler_id);
        data["link_id"] = json!(l.id);
    }
    case_store::append_event(&mut tx, &case.id, EventType::CaseFileOpened, &data, now).await?;
    tx.commit().await?;
    Ok(())
}

async fn open_link(
    state: &AppState,
    session: &Session,
    id: &str,
    token: &str,
    link: Option<&str>,
) -> Result<Response, AppError> {
    let invalid = || AppError::new(Kind::Authorization, Code::LinkInvalid);
    let now = now_ms();
    let keys = &state.config.signing_keys;
    let verified = match link {
        Some(link_id) => crate::links::verify_handler_case_file(keys, id, link_id, token, now),
        None => crate::links::verify_case_file(keys, id, token, now),
    };
    // Only a link we signed names its case for certain: an expired one still does, and its
    // page is the organization's.
    let authentic = matches!(verified, Ok(()) | Err(crate::links::LinkError::Expired));
    if !authentic {
        return Err(invalid());
    }
    let case = case_store::find_case_by_id(&state.db, id).await?.ok_or_else(invalid)?;
    let expired = || invalid().on_page_of(&case.org_id);
    if verified.is_err() {
        return Err(expired());
    }
    let handler_link = match link {
        Some(link_id) => {
            let row = review_store::link(&state.db, id, link_id)
                .await?
                .filter(|l| l.expires_at > now)
                .ok_or_else(expired)?;
            Some(row)
        }
        None => None,
    };
    let mut open: Vec<String> = session.get(FILES_KEY).await.map_err(session_error)?.unwrap_or_default();
    let mut grants: Vec<(String, String)> = session
        .get(GRANTS_KEY)
        .await
        .map_err(session_error)?
        .unwrap_or_default();
    // A fresh session id for every exchange; other case files this browser holds stay open.
    session.cycle_id().await.map_err(session_error)?;
    open.retain(|c| c != id);
    open.push(id.to_string());
    if open.len() > MAX_OPEN {
        let gone = open.remove(0);
        grants.retain(|(c, _)| *c != gone);
    }
    // The link opened last decides what this browser may do on the case.
    grants.retain(|(c, _)| c != id);
    if let Some(l) = handler_link {
        grants.push((id.to_string(), l.id));
    }
    session.insert(FILES_KEY, open).await.map_err(session_error)?;
    session.insert(GRANTS_KEY, grants).await.map_err(session_error)?;
    let csrf: Option<String> = session.get(CSRF_KEY).await.map_err(session_error)?;
    if csrf.is_none() {
        session
            .insert(CSRF_KEY, crate::ids::random_hex(24))
            .await
            .map_err(session_error)?;
    }
    Ok(Redirect::to(&format!("/case-file/{id}")).into_response())
}

/// `POST /case-file/{id}/review`: one review command from the workspace's forms, as the
/// handler of the review link this browser opened the case with.
async fn act(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    Extension(rid): Extension<RequestId>,
    headers: HeaderMap,
    PageForm(form): PageForm,
) -> Result<Response, AppError> {
    let case = bound_case(&state, &session, &id).await?;
    let csrf: Option<String> = session.get(CSRF_KEY).await.map_err(session_error)?;
    crate::web::check_csrf(csrf.as_deref(), form.get("csrf").map(String::as_str))?;
    let now = now_ms();
    let link = match standing(&state, &session, &case.id, now).await? {
        Standing::Review(l) => l,
        Standing::Expired(_) => {
            return Err(AppError::new(Kind::Authorization, Code::LinkInvalid).on_page_of(&case.org_id));
        }
        Standing::View(_) => return Err(AppError::new(Kind::Authorization, Code::ReviewNotAllowed)),
    };
    let page = page_ctx(&state, &session, &headers, &case, rid.0).await?;
    let field = |name: &str| form.get(name).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
    let mut payload = serde_json::Map::new();
    for name in ["fact_id", "candidate_id", "value", "evidence_id", "question"] {
        if let Some(v) = field(name) {
            payload.insert(name.to_string(), json!(v));
        }
    }
    let input = review::Input {
        command_type: field("command_type").unwrap_or_default(),
        payload: serde_json::Value::Object(payload),
        rationale: field("rationale"),
        handler_id: link.handler_id.clone(),
        handler_name: link.handler_name.clone(),
        idempotency_key: field("key").unwrap_or_default(),
        expected_version: field("expected_version").and_then(|v| v.parse().ok()),
    };
    let standing = Standing::Review(link.clone());
    let fact_field = field("fact_id");
    let focus = fact_field.as_deref();
    let command = match review::Command::parse(input, Some(link.id.clone())) {
        Ok(c) => c,
        Err(e) => {
            let flash = Flash::error(
                e.detail
                    .unwrap_or_else(|| page.t(&format!("error-{}", e.code.as_str()))),
            );
            return render_page(
                &state,
                &session,
                &page,
                &case,
                &standing,
                Shown {
                    flash,
                    focus,
                    status: StatusCode::BAD_REQUEST,
                },
            )
            .await;
        }
    };
    match review::run(&state.db, &state.case_types, &case, &command, now).await {
        Ok(Ran::Applied(row) | Ran::Replayed(row)) if row.status == "applied" => {
            // The fact it was about stays open (its id was checked against the case type).
            let anchor = row
                .fact_id
                .as_deref()
                .map(|f| format!("&fact={f}#fact-{f}"))
                .unwrap_or_default();
            Ok(Redirect::to(&format!("/case-file/{id}?cmd={}{anchor}", row.id)).into_response())
        }
        Ok(Ran::Applied(row) | Ran::Rejected(row) | Ran::Replayed(row)) => {
            let fresh = case_store::find_case_by_id(&state.db, &case.id)
                .await?
                .ok_or_else(|| AppError::not_found(Code::CaseNotFound))?;
            let flash = Flash::done(&page, &row);
            render_page(
                &state,
                &session,
                &page,
                &fresh,
                &standing,
                Shown {
                    flash,
                    focus,
                    status: StatusCode::CONFLICT,
                },
            )
            .await
        }
        Err(e) if e.kind == Kind::Validation => {
            let flash = Flash::error(
                e.detail
                    .unwrap_or_else(|| page.t(&format!("error-{}", e.code.as_str()))),
            );
            render_page(
                &state,
                &session,
                &page,
                &case,
                &standing,
                Shown {
                    flash,
                    focus,
                    status: StatusCode::BAD_REQUEST,
                },
            )
            .await
        }
        Err(e) => Err(e),
    }
}

/// `GET /case-file/{id}/documents/{doc}`: the original bytes, as a download.
async fn download(
    State(state): State<AppState>,
    session: Session,
    Path((id, doc_id)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let case = bound_case(&state, &session, &id).await?;
    let docs = doc_store::list_for_case(&state.db, &case.id).await?;
    let doc = docs
        .iter()
        .find(|d| d.id == doc_id)
        .ok_or_else(|| AppError::not_found(Code::DocumentNotFound))?;
    // Streamed from the store: a large document is never held whole in memory.
    let chunks = state
        .blobs
        .stream(&doc.id)
        .await
        .map_err(|_| AppError::not_found(Code::DocumentNotFound))?;
    attachment(doc, axum::body::Body::from_stream(chunks))
}

/// The bytes of `doc` as a download that no browser renders in our origin.
fn attachment(doc: &DocumentRow, body: axum::body::Body) -> Result<Response, AppError> {
    let disposition = format!("attachment; filename=\"{}\"", download_name(doc));
    let mut response = body.into_response();
    let h = response.headers_mut();
    // Known from when the bytes arrived, so a browser shows the download's progress.
    if doc.byte_size > 0 {
        h.insert(header::CONTENT_LENGTH, HeaderValue::from(doc.byte_size));
    }
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&doc.content_type).map_err(AppError::internal)?,
    );
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&disposition).map_err(AppError::internal)?,
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    h.insert(
        "content-security-policy",
        HeaderValue::from_static("default-src 'none'; sandbox"),
    );
    Ok(response)
}

/// The page of evidence `o` rendered with its quote's characters highlighted.
async fn evidence_png(state: &AppState, o: &Observation) -> Result<Vec<u8>, AppError> {
    let (Some(doc_id), Some(page), Some(start), Some(end)) = (&o.doc_id, o.page_index, o.char_start, o.char_end) else {
        return Err(AppError::not_found(Code::NotFound));
    };
    let page = i32::try_from(page).map_err(AppError::internal)?;
    let (width, height, boxes) = doc_store::page_geometry(&state.db, doc_id, page)
        .await?
        .ok_or_else(|| AppError::not_found(Code::NotFound))?;
    let boxes: Vec<[f32; 4]> = serde_json::from_str(&boxes).map_err(AppError::internal)?;
    let (start, end) = (usize::try_from(start).unwrap_or(0), usize::try_from(end).unwrap_or(0));
    let quoted = merge_line_boxes(boxes.get(start..end.min(boxes.len())).unwrap_or_default());
    let bytes = state
        .blobs
        .get(doc_id)
        .await
        .map_err(|_| AppError::not_found(Code::DocumentNotFound))?;
    // PDFs are rendered, photos drawn from their pixels (both in the worker), by the format
    // sniffed when the document arrived.
    let format = doc_store::get(&state.db, doc_id)
        .await?
        .and_then(|d| crate::vocab::DocFormat::from_content_type(&d.content_type))
        .ok_or_else(|| AppError::not_found(Code::NotFound))?;
    let scale = crate::render::scale_for(width, height, 1400.0);
    let index = usize::try_from(page).unwrap_or(0);
    let (exe, limits) = (&state.config.worker_exe, &state.sandbox);
    crate::render::page_png(exe, &bytes, format, index, scale, &quoted, limits)
        .await
        .map_err(|e| AppError::new(Kind::Unavailable, Code::Unavailable).with_detail(e.to_string()))
}

/// A safe ASCII file name: the applicant's name when it is harmless, else the document id.
fn download_name(doc: &DocumentRow) -> String {
    let ext = match doc.content_type.as_str() {
        "application/pdf" => "pdf",
        "image/jpeg" => "jpg",
        "image/png" => "png",
        _ => "bin",
    };
    let stem: String = doc
        .filename
        .as_deref()
        .unwrap_or_default()
        .rsplit_once('.')
        .map_or(doc.filename.as_deref().unwrap_or_default(), |(s, _)| s)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ' '))
        .take(80)
        .collect();
    let stem = stem.trim();
    if stem.is_empty() {
        format!("{}.{ext}", doc.id)
    } else {
        format!("{stem}.{ext}")
    }
}

/// `GET /case-file/{id}/evidence/{ev}/page.png`: the evidence's page with its characters
/// highlighted, rendered in the sandbox.
async fn evidence_image(
    State(state): State<AppState>,
    session: Session,
    Path((id, ev)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let case = bound_case(&state, &session, &id).await?;
    let observations = fact_store::list(&state.db, &case.id).await?;
    let o = observations
        .iter()
        .find(|o| o.id == ev)
        .ok_or_else(|| AppError::not_found(Code::NotFound))?;
    let png = evidence_png(&state, o).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/png"),
            (header::CACHE_CONTROL, "private, max-age=300"),
        ],
        png,
    )
        .into_response())
}

// ---- the page ---------------------------------------------------------------------------

/// A time in the organization's time zone, with UTC for the hover.
struct When {
    local: String,
    utc: String,
    iso: String,
}

/// `ms` in the organization's time zone (with its abbreviation, CET or CEST for the default
/// Europe/Amsterdam), and in UTC for the hover.
fn when(page: &PageCtx, ms: i64) -> When {
    when_in(page.time_zone(), ms)
}

/// `ms` in `tz` (and in UTC).
fn when_in(tz: jiff::tz::TimeZone, ms: i64) -> When {
    let t = jiff::Timestamp::from_millisecond(ms).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    let zone = tz.to_offset_info(t).abbreviation().to_string();
    let stamp = |z: jiff::Zoned| z.strftime("%Y-%m-%d %H:%M").to_string();
    When {
        local: format!("{} {zone}", stamp(t.to_zoned(tz))),
        utc: format!("{} UTC", stamp(t.to_zoned(jiff::tz::TimeZone::UTC))),
        iso: crate::ids::rfc3339_ms(ms),
    }
}

#[derive(Default)]
struct Flash {
    text: String,
    /// `ok` or `error`.
    class: &'static str,
}

impl Flash {
    fn error(text: String) -> Self {
        Flash { text, class: "error" }
    }

    /// What a recorded command did, in words.
    fn done(page: &PageCtx, row: &review_store::CommandRow) -> Self {
        match &row.reason {
            None => Flash {
                text: page.t(&format!("review-done-{}", row.command_type)),
                class: "ok",
            },
            Some(reason) => Flash {
                text: page.t(&format!("review-refused-{reason}")),
                class: "error",
            },
        }
    }
}

struct EvidenceView {
    id: String,
    source: String,
    place: String,
    method: String,
    method_code: String,
    before: String,
    quote: String,
    after: String,
    image: Option<String>,
    image_alt: String,
    char_start: i64,
    char_end: i64,
    disputed: bool,
}

struct CandidateView {
    id: String,
    value: String,
    confidence: String,
    sources: String,
    selected: bool,
}

struct FactView {
    id: String,
    label: String,
    required: bool,
    decision: String,
    decision_class: &'static str,
    reason: String,
    value: String,
    confidence: String,
    source: String,
    /// The review state in words, and its class (`kept` when none).
    state: String,
    state_class: &'static str,
    /// Shown in "needs attention", opened, with its page image beside it.
    attention: bool,
    /// Its review forms are on the page: it needs attention or the handler opened it
    /// (`?fact=`); the others are one click away, so the page stays small.
    focus: bool,
    candidates: Vec<CandidateView>,
    evidence: Vec<EvidenceView>,
    /// For a correction: the allowed values in words (choices), or a hint of the format.
    options: Vec<(String, String)>,
    hint: String,
}

impl FactView {
    /// Whether the review state says more than the decision beside it ("Missing" needs no
    /// "missing" after it, nor "Review" a "to decide").
    fn state_adds(&self) -> bool {
        !matches!(
            (self.decision_class, self.state_class),
            (_, "kept") | ("missing", "missing") | ("review", "review_only")
        )
    }
}

/// A fact that needs the handler, in the attention list.
struct AttentionView {
    id: String,
    label: String,
    state: String,
    state_class: &'static str,
    reason: String,
    value: String,
}

struct AnswerView {
    question: String,
    answer: String,
    when: When,
}

struct DocView {
    id: String,
    name: String,
    status: String,
    /// "Invoice (sure: 92%)", empty until the document is read.
    kind: String,
    pages: String,
    size: String,
    sha256: String,
    href: String,
}

struct EventView {
    cursor: i64,
    code: String,
    what: String,
    when: When,
    detail: String,
}

struct ClarificationView {
    question: String,
    asked: When,
    answer: String,
    answered: Option<When>,
}

#[derive(Template)]
#[template(path = "casefile.html")]
struct CaseFilePage<'a> {
    page: &'a PageCtx,
    case_id: String,
    title: String,
    status: String,
    status_class: &'static str,
    ids: Vec<(String, String)>,
    /// The review forms are shown (a working review link).
    review: bool,
    /// "Reviewing as …" or why the forms are not shown.
    standing: String,
    csrf: String,
    version: i64,
    /// A fresh nonce for this rendering's idempotency keys (one per form).
    nonce: String,
    hosted: bool,
    flash: Flash,
    /// Why the case needs attention, per fact, and for the case.
    attention: Vec<AttentionView>,
    case_notes: Vec<String>,
    open_required: Vec<String>,
    facts: Vec<FactView>,
    clarifications: Vec<ClarificationView>,
    actions: Vec<(When, String, String)>,
    answers: Vec<AnswerView>,
    consent: String,
    documents: Vec<DocView>,
    events: Vec<EventView>,
    /// How often the case file was viewed, and when last (views are left out of the timeline).
    views: String,
}

/// Splits a page's text into (lines before, quote, lines after): one whole line of context on
/// each side of the lines the quote is on. Offsets are Unicode scalars, end exclusive.
pub fn in_context(text: &str, start: usize, end: usize) -> (String, String, String) {
    let chars: Vec<char> = text.chars().collect();
    let (start, end) = (start.min(chars.len()), end.min(chars.len()).max(start.min(chars.len())));
    let mut from = start;
    let mut newlines = 0;
    while from > 0 {
        if chars[from - 1] == '\n' {
            newlines += 1;
            if newlines == 2 {
                break;
            }
        }
        from -= 1;
    }
    let mut to = end;
    let mut newlines = 0;
    while to < chars.len() {
        if chars[to] == '\n' {
            newlines += 1;
            if newlines == 2 {
                break;
            }
        }
        to += 1;
    }
    let collect = |a: usize, b: usize| chars[a..b].iter().collect::<String>();
    (collect(from, start), collect(start, end), collect(end, to))
}

/// The handler's label of a fact (`casefile-fact-…`), else the case type's.
fn fact_label(page: &PageCtx, ct: &CaseType, fact_id: &str) -> String {
    let id = format!("casefile-fact-{fact_id}");
    if page.l10n.has(page.locale, &id) {
        page.t(&id)
    } else {
        page.t(&format!("{}-fact-{fact_id}", ct.id))
    }
}

/// A fact's value in words: a choice's or a yes/no's label; a date, an amount or an IBAN
/// written the page's way (the evidence beside it quotes it as the document wrote it); else
/// as written.
fn value_words(page: &PageCtx, ct: &CaseType, fact: &FactDef, normalized: &str, raw: &str) -> String {
    let id = match fact.fact_type {
        FactType::Choice => format!("{}-option-{}-{normalized}", ct.id, fact.id),
        FactType::YesNo => format!("intake-{normalized}"),
        FactType::Date | FactType::Money | FactType::Iban if !normalized.is_empty() => {
            return crate::intake::fact_value(page, ct, fact, raw, normalized);
        }
        _ => return raw.to_string(),
    };
    if page.l10n.has(page.locale, &id) {
        page.t(&id)
    } else {
        raw.to_string()
    }
}

fn words_or_code(page: &PageCtx, id: &str, code: &str) -> String {
    if page.l10n.has(page.locale, id) {
        page.t(id)
    } else {
        code.to_string()
    }
}

async fn build<'a>(
    state: &AppState,
    page: &'a PageCtx,
    case: &CaseRow,
    standing: &Standing,
    csrf: String,
    flash: Flash,
    focus: Option<&str>,
) -> Result<CaseFilePage<'a>, AppError> {
    let case_type = state.case_types.get(&case.case_type_id);
    let docs = doc_store::list_for_case(&state.db, &case.id).await?;
    let observations = fact_store::list(&state.db, &case.id).await?;
    let mut page_texts: HashMap<(String, i64), String> = HashMap::new();
    // Scanned pages left unread (no OCR on the machine that read them), per document.
    let mut unread: HashMap<&str, usize> = HashMap::new();
    for d in &docs {
        for p in doc_store::pages(&state.db, &d.id).await? {
            if p.method == crate::pdf::ReadMethod::Unread.as_str() {
                *unread.entry(d.id.as_str()).or_default() += 1;
            }
            page_texts.insert((d.id.clone(), i64::from(p.page_index)), p.text);
        }
    }
    let doc_names: HashMap<&str, String> = docs
        .iter()
        .map(|d| (d.id.as_str(), d.filename.clone().unwrap_or_else(|| d.id.clone())))
        .collect();

    let title = case_type
        .as_ref()
        .map_or_else(|| case.case_type_id.clone(), |ct| page.t(&format!("{}-title", ct.id)));
    let mut ids = vec![(page.t("casefile-case-id"), case.id.clone())];
    for (label, value) in [
        ("casefile-external-case-id", &case.external_case_id),
        ("casefile-external-applicant-id", &case.external_applicant_id),
        ("casefile-external-customer-id", &case.external_customer_id),
        ("casefile-trace-id", &case.trace_id),
    ] {
        if let Some(v) = value {
            ids.push((page.t(label), v.clone()));
        }
    }
    ids.push((page.t("casefile-case-type"), title.clone()));
    ids.push((page.t("casefile-created"), when(page, case.created_at).local));
    ids.push((page.t("casefile-updated"), when(page, case.updated_at).local));
    if let Some(t) = case.submitted_at {
        ids.push((page.t("casefile-submitted"), when(page, t).local));
    }

    let review_view: Option<ReviewView> = match &case_type {
        Some(ct) => Some(review::view(&state.db, case, ct).await?),
        None => None,
    };
    let facts = match &case_type {
        Some(ct) => fact_views(page, ct, case, &observations, &page_texts, &doc_names),
        None => Vec::new(),
    };
    let mut facts = facts;
    for f in &mut facts {
        f.focus = f.attention || focus == Some(f.id.as_str());
    }
    let attention: Vec<AttentionView> = facts
        .iter()
        .filter(|f| f.attention)
        .map(|f| AttentionView {
            id: f.id.clone(),
            label: f.label.clone(),
            state: f.state.clone(),
            state_class: f.state_class,
            reason: f.reason.clone(),
            value: f.value.clone(),
        })
        .collect();
    let open_required: Vec<String> = facts
        .iter()
        .filter(|f| f.required && f.decision_class != "keep")
        .map(|f| f.label.clone())
        .collect();
    let mut case_notes = Vec::new();
    let unread_docs: Vec<&DocumentRow> = docs
        .iter()
        .filter(|d| d.failure_reason.is_some() || unread.contains_key(d.id.as_str()))
        .collect();
    for d in unread_docs {
        case_notes.push(page.ta(
            "review-note-unread",
            &[("document", d.filename.clone().unwrap_or_else(|| d.id.clone()))],
        ));
    }
    let mut clarifications = Vec::new();
    let mut actions = Vec::new();
    if let Some(v) = &review_view {
        if let Some(e) = &v.escalation {
            case_notes.push(page.ta(
                "review-note-escalated",
                &[
                    ("handler", e.escalated_by.clone().unwrap_or_default()),
                    ("note", e.note.clone().unwrap_or_default()),
                ],
            ));
        }
        for c in &v.clarifications {
            let fact = c
                .fact_id
                .as_deref()
                .zip(case_type.as_ref())
                .map(|(f, ct)| fact_label(page, ct, f));
            let question = match (&c.question, fact) {
                (Some(q), _) => q.clone(),
                (None, Some(f)) => page.ta("review-asked-fact", &[("fact", f)]),
                (None, None) => String::new(),
            };
            let asked = time_of(&c.asked_at);
            clarifications.push(ClarificationView {
                question,
                asked: when(page, asked),
                answer: c.answer.clone().unwrap_or_default(),
                answered: c.answered_at.as_deref().map(|t| when(page, time_of(t))),
            });
        }
        for a in &v.actions {
            let fact = a
                .fact_id
                .as_deref()
                .zip(case_type.as_ref())
                .map(|(f, ct)| format!(" · {}", fact_label(page, ct, f)))
                .unwrap_or_default();
            let what = match &a.reason {
                None => page.t(&format!("review-action-{}", a.command_type)),
                Some(r) => format!(
                    "{} ({})",
                    page.t(&format!("review-action-{}", a.command_type)),
                    page.t(&format!("review-refused-{r}"))
                ),
            };
            let who = a.handler_name.clone().unwrap_or_else(|| a.handler_id.clone());
            actions.push((when(page, time_of(&a.created_at)), format!("{what}{fact}"), who));
        }
    }
    let (answers, consent) = match &case_type {
        Some(ct) => answer_views(state, page, ct, case, &docs).await?,
        None => (Vec::new(), String::new()),
    };
    let documents = docs
        .iter()
        .map(|d| DocView {
            id: d.id.clone(),
            name: d.filename.clone().unwrap_or_else(|| d.id.clone()),
            status: match (&d.failure_reason, unread.get(d.id.as_str())) {
                (Some(reason), _) => format!(
                    "{} ({})",
                    page.t(&format!("casefile-doc-{}", d.status)),
                    words_or_code(page, &format!("casefile-why-{reason}"), reason)
                ),
                (None, Some(n)) => format!(
                    "{} ({})",
                    page.t(&format!("casefile-doc-{}", d.status)),
                    page.ta("casefile-doc-pages-unread", &[("count", n.to_string())])
                ),
                (None, None) => page.t(&format!("casefile-doc-{}", d.status)),
            },
            kind: match (&d.kind, d.kind_confidence) {
                (Some(kind), Some(c)) => page.ta(
                    "casefile-doc-kind-sure",
                    &[
                        ("kind", page.t(&format!("casefile-kind-{kind}"))),
                        ("percent", format!("{:.0}", c * 100.0)),
                    ],
                ),
                _ => String::new(),
            },
            pages: d.page_count.map_or_else(|| "—".to_string(), |n| n.to_string()),
            size: crate::intake::human_size(d.byte_size),
            sha256: d.sha256.clone(),
            href: format!("/case-file/{}/documents/{}", case.id, d.id),
        })
        .collect();
    let (timeline, views, last_view) = case_store::timeline(&state.db, &case.id, 1000).await?;
    let views = match last_view {
        Some(t) => page.ta(
            "review-views",
            &[("count", views.to_string()), ("when", when(page, t).local)],
        ),
        None => String::new(),
    };
    let events = timeline
        .into_iter()
        .map(|e| {
            let data: serde_json::Value = serde_json::from_str(&e.data).unwrap_or_default();
            let mut detail = Vec::new();
            if let (Some(f), Some(ct)) = (data.get("fact_id").and_then(|v| v.as_str()), &case_type) {
                detail.push(fact_label(page, ct, f));
            }
            if let Some(d) = data.get("doc_id").and_then(|v| v.as_str()) {
                detail.push(doc_names.get(d).cloned().unwrap_or_else(|| d.to_string()));
            }
            if let Some(h) = data.get("handler_id").and_then(|v| v.as_str()) {
                detail.push(page.ta("review-by", &[("handler", h.to_string())]));
            }
            if let Some(r) = data.get("reason").and_then(|v| v.as_str()) {
                detail.push(words_or_code(page, &format!("casefile-why-{r}"), r));
            }
            EventView {
                cursor: e.cursor,
                what: words_or_code(
                    page,
                    &format!("casefile-event-{}", e.event_type.replace('.', "-")),
                    &e.event_type,
                ),
                code: e.event_type,
                when: when(page, e.created_at),
                detail: detail.join(" · "),
            }
        })
        .collect();
    let (review, standing_text) = match standing {
        Standing::Review(l) => (
            true,
            page.ta(
                "review-standing-review",
                &[(
                    "handler",
                    l.handler_name.clone().unwrap_or_else(|| l.handler_id.clone()),
                )],
            ),
        ),
        Standing::Expired(_) => (false, page.t("review-standing-expired")),
        Standing::View(_) => (false, page.t("review-standing-view")),
    };
    let status_class = match case.status {
        crate::cases::CaseStatus::Completed => "keep",
        crate::cases::CaseStatus::NeedsReview | crate::cases::CaseStatus::ApplicantBlocked => "review",
        crate::cases::CaseStatus::Failed | crate::cases::CaseStatus::Expired => "missing",
        _ => "neutral",
    };
    Ok(CaseFilePage {
        page,
        case_id: case.id.clone(),
        status: page.t(&format!("casefile-status-{}", case.status)),
        status_class,
        title,
        ids,
        review: review && case.status == crate::cases::CaseStatus::NeedsReview,
        standing: standing_text,
        csrf,
        version: review_view.as_ref().map_or(0, |v| v.review_version),
        nonce: crate::ids::random_hex(8),
        hosted: case.mode == crate::cases::Mode::Hosted && case.link_revoked_at.is_none(),
        flash,
        attention,
        case_notes,
        open_required,
        facts,
        clarifications,
        actions,
        answers,
        consent,
        documents,
        events,
        views,
    })
}

/// Milliseconds of an RFC 3339 time we wrote.
fn time_of(rfc3339: &str) -> i64 {
    time::OffsetDateTime::parse(rfc3339, &time::format_description::well_known::Rfc3339)
        .map(|t| i64::try_from(t.unix_timestamp_nanos() / 1_000_000).unwrap_or(0))
        .unwrap_or(0)
}

fn percent(c: f64) -> String {
    format!("{:.0}%", (c * 100.0).clamp(0.0, 100.0))
}

fn fact_views(
    page: &PageCtx,
    ct: &CaseType,
    case: &CaseRow,
    observations: &[Observation],
    page_texts: &HashMap<(String, i64), String>,
    doc_names: &HashMap<&str, String>,
) -> Vec<FactView> {
    let resolved = facts::resolve_all(&case.id, ct, observations);
    let by_id: HashMap<&str, &Observation> = observations.iter().map(|o| (o.id.as_str(), o)).collect();
    let source_label = |o: &Observation| page.t(&format!("casefile-source-{}", o.source.as_str()));
    ct.facts
        .iter()
        .zip(&resolved)
        .map(|(fact, r)| {
            let shown = r.selected_value().or_else(|| r.top());
            let sources_of = |members: &[String]| {
                let mut sources: Vec<String> = members
                    .iter()
                    .filter_map(|k| by_id.get(k.as_str()))
                    .map(|o| source_label(o))
                    .collect();
                sources.sort();
                sources.dedup();
                sources.join(", ")
            };
            let candidates = r
                .merged
                .iter()
                .zip(&r.candidate_ids)
                .enumerate()
                .map(|(i, (m, id))| CandidateView {
                    id: id.clone(),
                    value: value_words(page, ct, fact, &m.value_normalized, &m.value_raw),
                    confidence: percent(m.confidence),
                    sources: sources_of(&m.members),
                    selected: r.selected == Some(i),
                })
                .collect();
            let evidence = observations
                .iter()
                .filter(|o| o.fact_id == fact.id)
                .map(|o| {
                    let (before, quote, after, place) = match (&o.doc_id, o.page_index, o.char_start, o.char_end) {
                        (Some(doc), Some(p), Some(s), Some(e)) => {
                            let text = page_texts.get(&(doc.clone(), p)).map_or("", String::as_str);
                            let (b, q, a) =
                                in_context(text, usize::try_from(s).unwrap_or(0), usize::try_from(e).unwrap_or(0));
                            let name = doc_names.get(doc.as_str()).cloned().unwrap_or_else(|| doc.clone());
                            let place = page.ta("casefile-place", &[("document", name), ("page", (p + 1).to_string())]);
                            (b, q, a, place)
                        }
                        _ => (String::new(), o.quote.clone(), String::new(), String::new()),
                    };
                    let image = (o.source == Source::Document && o.doc_id.is_some())
                        .then(|| format!("/case-file/{}/evidence/{}/page.png", case.id, o.id));
                    EvidenceView {
                        id: o.id.clone(),
                        source: source_label(o),
                        image_alt: page.ta("casefile-image-alt", &[("place", place.clone())]),
                        place,
                        method: words_or_code(page, &format!("casefile-method-{}", o.method), &o.method),
                        method_code: o.method.clone(),
                        before,
                        quote,
                        after,
                        image,
                        char_start: o.char_start.unwrap_or(-1),
                        char_end: o.char_end.unwrap_or(-1),
                        disputed: o.disputed,
                    }
                })
                .collect();
            let state = r.review_state();
            let attention = r.needs_handler(fact.required);
            let options = match fact.fact_type {
                FactType::Choice => fact
                    .options
                    .iter()
                    .map(|o| (o.clone(), value_words(page, ct, fact, o, o)))
                    .collect(),
                FactType::YesNo => ["yes", "no"]
                    .iter()
                    .map(|o| ((*o).to_string(), page.t(&format!("intake-{o}"))))
                    .collect(),
                _ => Vec::new(),
            };
            FactView {
                id: fact.id.clone(),
                label: fact_label(page, ct, &fact.id),
                required: fact.required,
                decision: page.t(&format!("casefile-decision-{}", r.decision.as_str())),
                decision_class: r.decision.as_str(),
                reason: page.t(&format!("casefile-reason-{}", r.reason.as_str())),
                value: shown.map_or_else(
                    || "—".to_string(),
                    |m| value_words(page, ct, fact, &m.value_normalized, &m.value_raw),
                ),
                confidence: shown.map_or_else(|| "—".to_string(), |m| percent(m.confidence)),
                source: shown.map(|m| sources_of(&m.members)).unwrap_or_default(),
                state: state.map_or_else(
                    || page.t("review-state-kept"),
                    |s| page.t(&format!("review-state-{}", s.as_str())),
                ),
                state_class: match (state, r.decision) {
                    (Some(s), _) => s.as_str(),
                    (None, DecisionKind::Keep) => "kept",
                    (None, _) => "review_only",
                },
                attention,
                focus: attention,
                candidates,
                evidence,
                options,
                hint: page.t(&format!("review-format-{}", fact.fact_type.as_str())),
            }
        })
        .collect()
}

async fn answer_views(
    state: &AppState,
    page: &PageCtx,
    ct: &CaseType,
    case: &CaseRow,
    docs: &[DocumentRow],
) -> Result<(Vec<AnswerView>, String), AppError> {
    let answers = crate::intake::store::answers(&state.db, &case.id).await?;
    let mut out = Vec::new();
    for step in &ct.steps {
        let Some(a) = answers.get(&step.id) else { continue };
        let answer = match &step.kind {
            StepKind::Consent => continue,
            // What was actually given for a documents step, not "files given".
            StepKind::Documents { .. } => {
                let names: Vec<String> = docs
                    .iter()
                    .filter(|d| d.step_id.as_deref() == Some(step.id.as_str()))
                    .map(|d| d.filename.clone().unwrap_or_else(|| d.id.clone()))
                    .collect();
                if names.is_empty() {
                    page.t("review-no-files")
                } else {
                    page.ta(
                        "review-files",
                        &[("count", names.len().to_string()), ("names", names.join(", "))],
                    )
                }
            }
            StepKind::Question { .. } => crate::intake::answer_text(page, ct, step, &a.value_raw, &a.value_normalized),
        };
        out.push(AnswerView {
            question: page.t(&format!("{}-step-{}", ct.id, step.id)),
            answer,
            when: when(page, a.answered_at),
        });
    }
    for fact in &ct.facts {
        let Some(a) = answers.get(&crate::intake::flow::check_item(&fact.id)) else {
            continue;
        };
        let outcome = page.t(&format!("casefile-check-{}", a.value_raw));
        out.push(AnswerView {
            question: page.ta("casefile-check-question", &[("fact", fact_label(page, ct, &fact.id))]),
            answer: outcome,
            when: when(page, a.answered_at),
        });
    }
    let consent = match (case.consented_at, &case.privacy_notice_version) {
        (Some(t), Some(v)) => page.ta(
            "casefile-consent",
            &[("when", when(page, t).local), ("version", v.clone())],
        ),
        _ => page.t("casefile-no-consent"),
    };
    Ok((out, consent))
}

/// One rectangle per run of characters on a line instead of one per character: the same
/// highlight, and a long quote stays a short argument for the render worker.
fn merge_line_boxes(boxes: &[[f32; 4]]) -> Vec<[f32; 4]> {
    let mut merged: Vec<[f32; 4]> = Vec::new();
    for b in boxes.iter().filter(|b| b[2] > b[0] && b[3] > b[1]) {
        if let Some(last) = merged.last_mut() {
            let overlap = b[3].min(last[3]) - b[1].max(last[1]);
            let height = (b[3] - b[1]).min(last[3] - last[1]);
            let gap = b[0] - last[2];
            if overlap > height / 2.0 && gap > -height && gap < height {
                *last = [
                    last[0].min(b[0]),
                    last[1].min(b[1]),
                    last[2].max(b[2]),
                    last[3].max(b[3]),
                ];
                continue;
            }
        }
        merged.push(*b);
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn character_boxes_merge_per_line_and_empty_ones_are_dropped() {
        let line1 = [
            [10.0, 10.0, 15.0, 20.0],
            [15.0, 10.0, 20.0, 20.0],
            [22.0, 11.0, 27.0, 20.0],
        ];
        let newline = [27.0, 10.0, 27.0, 20.0];
        let line2 = [[10.0, 30.0, 15.0, 40.0], [15.0, 30.0, 20.0, 40.0]];
        let boxes: Vec<[f32; 4]> = line1.iter().chain([&newline]).chain(line2.iter()).copied().collect();
        assert_eq!(
            merge_line_boxes(&boxes),
            vec![[10.0, 10.0, 27.0, 20.0], [10.0, 30.0, 20.0, 40.0]]
        );
        // Far apart on one line (another column): kept apart.
        let apart = [[10.0, 10.0, 15.0, 20.0], [200.0, 10.0, 205.0, 20.0]];
        assert_eq!(merge_line_boxes(&apart).len(), 2);
    }

    #[test]
    fn times_are_shown_in_amsterdam_time_with_utc_beside_them() {
        let at = |s: &str| {
            let t = time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).expect("time");
            i64::try_from(t.unix_timestamp_nanos() / 1_000_000).expect("ms")
        };
        let rows = [
            ("2026-01-15T12:00:00Z", "2026-01-15 13:00 CET", "2026-01-15 12:00 UTC"),
            ("2026-07-15T12:00:00Z", "2026-07-15 14:00 CEST", "2026-07-15 12:00 UTC"),
            // Summer time starts at 01:00 UTC on the last Sunday of March …
            ("2026-03-29T00:59:00Z", "2026-03-29 01:59 CET", "2026-03-29 00:59 UTC"),
            ("2026-03-29T01:00:00Z", "2026-03-29 03:00 CEST", "2026-03-29 01:00 UTC"),
            // … and ends at 01:00 UTC on the last Sunday of October.
            ("2026-10-25T00:59:00Z", "2026-10-25 02:59 CEST", "2026-10-25 00:59 UTC"),
            ("2026-10-25T01:00:00Z", "2026-10-25 02:00 CET", "2026-10-25 01:00 UTC"),
            ("2026-12-31T23:30:00Z", "2027-01-01 00:30 CET", "2026-12-31 23:30 UTC"),
        ];
        for (utc, local, hover) in rows {
            let w = when_in(crate::orgs::default_tz(), at(utc));
            assert_eq!((w.local.as_str(), w.utc.as_str()), (local, hover), "{utc}");
        }
        // Another organization's zone, with its own rules (US summer time starts in March's
        // second week) and abbreviations.
        let new_york = jiff::tz::TimeZone::get("America/New_York").expect("in the database");
        for (utc, local) in [
            ("2026-03-08T06:59:00Z", "2026-03-08 01:59 EST"),
            ("2026-03-08T07:00:00Z", "2026-03-08 03:00 EDT"),
        ] {
            assert_eq!(when_in(new_york.clone(), at(utc)).local, local, "{utc}");
        }
    }

    #[test]
    fn context_is_one_line_either_side_in_unicode_scalars() {
        let text = "één\ntwee\nDatum: 3 februari 2023\nvier\nvijf";
        let start = text.chars().position(|c| c == '3').expect("3");
        let (b, q, a) = in_context(text, start, start + "3 februari 2023".chars().count());
        assert_eq!(q, "3 februari 2023");
        assert_eq!(b, "twee\nDatum: ");
        assert_eq!(a, "\nvier");
        let (b, q, a) = in_context("ab", 0, 99);
        assert_eq!((b.as_str(), q.as_str(), a.as_str()), ("", "ab", ""));
    }
}
