//! The case file (SPEC §8): a read-only page for the insurer's case handler.
//!
//! `case_file_url` in a package is `/case-file/{id}?token=…`, signed like applicant links but
//! for another purpose, so neither opens the other. The token is exchanged for the same kind of
//! cookie session (a browser may hold several case files at once, never an applicant's case),
//! and every view of the page appends `case_file.opened`. The page shows each fact with its
//! decision and every piece of evidence in the lines around it; a page image with the quoted
//! characters highlighted is rendered on demand in the sandboxed worker (`render`).

use std::collections::HashMap;

use askama::Template;
use axum::Router;
use axum::extract::{Extension, Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use serde_json::json;
use tower_sessions::Session;

use crate::case_types::CaseType;
use crate::cases::EventType;
use crate::cases::store::{self as case_store, CaseRow};
use crate::db::Db;
use crate::documents::store::{self as doc_store, DocumentRow};
use crate::error::{AppError, Code, Kind};
use crate::extract::Source;
use crate::facts::{self, Observation, store as fact_store};
use crate::ids::IdKind;
use crate::ids::{now_ms, rfc3339_ms};
use crate::l10n::Locale;
use crate::state::AppState;
use crate::web::{ApiQuery, PageCtx, RequestId, known_shape};

const FILES_KEY: &str = "case_files";
const LANG_KEY: &str = "lang";
/// How many case files one browser may hold open.
const MAX_OPEN: usize = 50;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/case-file/{id}", get(show))
        .route("/case-file/{id}/documents/{doc}", get(download))
        .route("/case-file/{id}/evidence/{ev}/page.png", get(evidence_image))
}

fn session_error(e: impl std::fmt::Display) -> AppError {
    AppError::internal(std::io::Error::other(e.to_string()))
}

#[derive(serde::Deserialize)]
struct ShowQuery {
    token: Option<String>,
    lang: Option<String>,
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
        if let Some(locale) = crate::l10n::Locale::parse(&lang) {
            session.insert(LANG_KEY, locale.as_str()).await.map_err(session_error)?;
        }
        return Ok(Redirect::to(&format!("/case-file/{id}")).into_response());
    }
    let case = bound_case(&state, &session, &id).await?;
    let chosen: Option<String> = session.get(LANG_KEY).await.map_err(session_error)?;
    let locale = crate::intake::context::locale(chosen.as_deref(), None, &headers);
    let brand = crate::orgs::store::brand(&state.db, &case.org_id).await?;
    let page = PageCtx::new(state.l10n.clone(), locale, rid.0).with_brand(brand);
    record_view(&state.db, &case, locale, now_ms()).await?;
    let html = build(&state, &page, &case)
        .await?
        .render()
        .map_err(AppError::internal)?;
    Ok(([(header::CACHE_CONTROL, "private, no-store")], Html(html)).into_response())
}

/// Every view of a case file is on its record: a `case_file.opened` event (SPEC §4), the
/// audit of who looked at a claimant's file and when.
async fn record_view(db: &Db, case: &CaseRow, locale: Locale, now: i64) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let data = json!({ "case_status": case.status, "locale": locale.as_str() });
    case_store::append_event(&mut tx, &case.id, EventType::CaseFileOpened, &data, now).await?;
    tx.commit().await?;
    Ok(())
}

async fn open_link(state: &AppState, session: &Session, id: &str, token: &str) -> Result<Response, AppError> {
    let invalid = || AppError::new(Kind::Authorization, Code::LinkInvalid);
    crate::links::verify_case_file(&state.config.signing_keys, id, token, now_ms()).map_err(|_| invalid())?;
    case_store::find_case_by_id(&state.db, id).await?.ok_or_else(invalid)?;
    let mut open: Vec<String> = session.get(FILES_KEY).await.map_err(session_error)?.unwrap_or_default();
    // A fresh session id for every exchange; other case files this browser holds stay open.
    session.cycle_id().await.map_err(session_error)?;
    open.retain(|c| c != id);
    open.push(id.to_string());
    if open.len() > MAX_OPEN {
        open.remove(0);
    }
    session.insert(FILES_KEY, open).await.map_err(session_error)?;
    Ok(Redirect::to(&format!("/case-file/{id}")).into_response())
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
    let bytes = state
        .blobs
        .get(&doc.id)
        .await
        .map_err(|_| AppError::not_found(Code::DocumentNotFound))?;
    attachment(doc, bytes)
}

/// The bytes of `doc` as a download that no browser renders in our origin.
fn attachment(doc: &DocumentRow, bytes: Vec<u8>) -> Result<Response, AppError> {
    let disposition = format!("attachment; filename=\"{}\"", download_name(doc));
    let mut response = bytes.into_response();
    let h = response.headers_mut();
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

struct EvidenceView {
    source: String,
    place: String,
    method: String,
    before: String,
    quote: String,
    after: String,
    image: Option<String>,
    image_alt: String,
    char_start: i64,
    char_end: i64,
}

struct CandidateView {
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
    candidates: Vec<CandidateView>,
    evidence: Vec<EvidenceView>,
}

struct AnswerView {
    question: String,
    answer: String,
    when: String,
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
    event_type: String,
    when: String,
    detail: String,
}

#[derive(Template)]
#[template(path = "casefile.html")]
struct CaseFilePage<'a> {
    page: &'a PageCtx,
    case_id: String,
    title: String,
    status: String,
    ids: Vec<(String, String)>,
    facts: Vec<FactView>,
    answers: Vec<AnswerView>,
    consent: String,
    documents: Vec<DocView>,
    events: Vec<EventView>,
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

fn when(ms: i64) -> String {
    let stamp = rfc3339_ms(ms);
    format!("{} {} UTC", &stamp[..10], &stamp[11..16])
}

async fn build<'a>(state: &AppState, page: &'a PageCtx, case: &CaseRow) -> Result<CaseFilePage<'a>, AppError> {
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
    ids.push((page.t("casefile-case-type"), format!("{title} ({})", case.case_type_id)));
    ids.push((page.t("casefile-created"), when(case.created_at)));
    ids.push((page.t("casefile-updated"), when(case.updated_at)));
    if let Some(t) = case.submitted_at {
        ids.push((page.t("casefile-submitted"), when(t)));
    }

    let facts = match &case_type {
        Some(ct) => fact_views(page, ct, case, &observations, &page_texts, &doc_names),
        None => Vec::new(),
    };
    let (answers, consent) = match &case_type {
        Some(ct) => answer_views(state, page, ct, case).await?,
        None => (Vec::new(), String::new()),
    };
    let documents = docs
        .iter()
        .map(|d| DocView {
            id: d.id.clone(),
            name: d.filename.clone().unwrap_or_else(|| d.id.clone()),
            status: match (&d.failure_reason, unread.get(d.id.as_str())) {
                (Some(reason), _) => format!("{} ({reason})", page.t(&format!("casefile-doc-{}", d.status))),
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
    let events = case_store::list_events(&state.db, &case.id, 0, 1000)
        .await?
        .into_iter()
        .map(|e| {
            let data: serde_json::Value = serde_json::from_str(&e.data).unwrap_or_default();
            let detail = ["doc_id", "fact_id", "reason", "resolution", "decision"]
                .iter()
                .filter_map(|k| data.get(*k).and_then(|v| v.as_str()).map(|v| format!("{k}: {v}")))
                .collect::<Vec<_>>()
                .join(", ");
            EventView {
                cursor: e.cursor,
                event_type: e.event_type,
                when: when(e.created_at),
                detail,
            }
        })
        .collect();
    Ok(CaseFilePage {
        page,
        case_id: case.id.clone(),
        status: page.t(&format!("casefile-status-{}", case.status)),
        title,
        ids,
        facts,
        answers,
        consent,
        documents,
        events,
    })
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
            let candidates = r
                .merged
                .iter()
                .enumerate()
                .map(|(i, m)| {
                    let mut sources: Vec<String> = m
                        .members
                        .iter()
                        .filter_map(|k| by_id.get(k.as_str()))
                        .map(|o| source_label(o))
                        .collect();
                    sources.sort();
                    sources.dedup();
                    CandidateView {
                        value: m.value_raw.clone(),
                        confidence: percent(m.confidence),
                        sources: sources.join(", "),
                        selected: r.selected == Some(i),
                    }
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
                        source: source_label(o),
                        image_alt: page.ta("casefile-image-alt", &[("place", place.clone())]),
                        place,
                        method: o.method.clone(),
                        before,
                        quote,
                        after,
                        image,
                        char_start: o.char_start.unwrap_or(-1),
                        char_end: o.char_end.unwrap_or(-1),
                    }
                })
                .collect();
            FactView {
                id: fact.id.clone(),
                label: page.t(&format!("{}-fact-{}", ct.id, fact.id)),
                required: fact.required,
                decision: page.t(&format!("casefile-decision-{}", r.decision.as_str())),
                decision_class: r.decision.as_str(),
                reason: page.t(&format!("casefile-reason-{}", r.reason.as_str())),
                value: shown.map_or_else(|| "—".to_string(), |m| m.value_raw.clone()),
                confidence: shown.map_or_else(|| "—".to_string(), |m| percent(m.confidence)),
                candidates,
                evidence,
            }
        })
        .collect()
}

async fn answer_views(
    state: &AppState,
    page: &PageCtx,
    ct: &CaseType,
    case: &CaseRow,
) -> Result<(Vec<AnswerView>, String), AppError> {
    let answers = crate::intake::store::answers(&state.db, &case.id).await?;
    let mut out = Vec::new();
    for step in &ct.steps {
        let Some(a) = answers.get(&step.id) else { continue };
        if matches!(step.kind, crate::case_types::StepKind::Consent) {
            continue;
        }
        out.push(AnswerView {
            question: page.t(&format!("{}-step-{}", ct.id, step.id)),
            answer: crate::intake::answer_text(page, ct, step, &a.value_raw, &a.value_normalized),
            when: when(a.answered_at),
        });
    }
    for fact in &ct.facts {
        let Some(a) = answers.get(&crate::intake::flow::check_item(&fact.id)) else {
            continue;
        };
        let outcome = page.t(&format!("casefile-check-{}", a.value_raw));
        out.push(AnswerView {
            question: page.ta(
                "casefile-check-question",
                &[("fact", page.t(&format!("{}-fact-{}", ct.id, fact.id)))],
            ),
            answer: outcome,
            when: when(a.answered_at),
        });
    }
    let consent = match (case.consented_at, &case.privacy_notice_version) {
        (Some(t), Some(v)) => page.ta("casefile-consent", &[("when", when(t)), ("version", v.clone())]),
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
