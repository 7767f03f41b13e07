//! `/s/{id}…`: the applicant's pages and forms.
//!
//! Every GET renders whatever [`Screen`] the stored state calls for; every POST checks the
//! CSRF token, changes state in one transaction and redirects (303) back to `/s/{id}`, so a
//! reload never posts twice and the screen that follows is always computed, never remembered.

use std::collections::HashMap;

use askama::Template;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Extension, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde_json::json;
use tower_sessions::Session;

use super::flow::{self, Answer, Answers, Check, Gap};
use super::views::{self, Chrome};
use super::{CASE_KEY, CSRF_KEY, Ctx, LANG_KEY, check_csrf, context, session_error, store};
use crate::case_types::{CaseType, InputKind, Step, StepKind};
use crate::cases::settle::{Change, settle};
use crate::cases::store as case_store;
use crate::cases::{CaseStatus, EventType};
use crate::db::Tx;
use crate::documents::store::{self as doc_store, DocumentRow};
use crate::error::{AppError, Code, Kind};
use crate::extract::Source;
use crate::facts::{self, Observation, Reaction, store as fact_store};
use crate::ids::IdKind;
use crate::ids::now_ms;
use crate::links::Purpose;
use crate::state::AppState;
use crate::web::{ApiQuery, PageForm, RequestId, known_shape};

/// Largest form body (answers are short; long text is capped at a few thousand characters).
const FORM_LIMIT: usize = 64 * 1024;
/// Seconds between refreshes of the page that waits for documents.
const WAIT_REFRESH_SECS: u32 = 3;
/// Seconds before the confirmation page sends the applicant back to the insurer.
const RETURN_REDIRECT_SECS: u32 = 8;

/// The applicant's routes; `app` puts them behind the cookie-session layer.
pub fn router() -> Router<AppState> {
    let forms = Router::new()
        .route("/s/{id}", get(show))
        .route("/s/{id}/done", get(done))
        .route("/s/{id}/step/{step}", get(show_step).post(answer_step))
        .route("/s/{id}/documents/{doc}/remove", post(remove_document))
        .route("/s/{id}/check/{fact}", post(answer_check))
        .route("/s/{id}/submit", post(submit))
        .layer(DefaultBodyLimit::max(FORM_LIMIT));
    // Uploads enforce their own limits while streaming (see `upload`).
    let uploads = Router::new()
        .route("/s/{id}/step/{step}/upload", post(super::upload::upload))
        .layer(DefaultBodyLimit::disable());
    forms
        .merge(uploads)
        .route_layer(axum::middleware::from_fn(super::bound_before_body))
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
    render_current(&state, &ctx).await
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
    let now = now_ms();
    let invalid = || AppError::new(Kind::Authorization, Code::LinkInvalid);
    state
        .config
        .signing_keys
        .verify(Purpose::Intake, id, token, now / 1000)
        .map_err(|_| invalid())?;
    let case = case_store::find_case_by_id(&state.db, id)
        .await?
        .filter(|c| c.mode == "hosted")
        .ok_or_else(invalid)?;
    // A submitted case keeps showing its confirmation through a still-valid link.
    if !crate::sessions::link_active(&case, now) {
        return Err(invalid());
    }
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
    if case.status() == CaseStatus::Created {
        let mut tx = state.db.begin().await?;
        // Only the first opening is a transition; two tabs racing write one event.
        if let Some(c) = case_store::find_case_by_id_tx(&mut tx, id).await?
            && c.status() == CaseStatus::Created
        {
            let data = json!({ "case_status": CaseStatus::InProgress.as_str() });
            case_store::set_status(&mut tx, id, CaseStatus::InProgress, EventType::Opened, &data, now).await?;
            tx.commit().await?;
        }
    }
    Ok(Redirect::to(&format!("/s/{id}")).into_response())
}

/// Everything stored about a case that the screens are computed from.
pub(super) struct Loaded {
    pub answers: Answers,
    pub docs: Vec<DocumentRow>,
    pub observations: Vec<Observation>,
}

pub(super) async fn load(state: &AppState, ctx: &Ctx) -> Result<Loaded, AppError> {
    Ok(Loaded {
        answers: store::answers(&state.db, &ctx.case.id).await?,
        docs: doc_store::list_for_case(&state.db, &ctx.case.id).await?,
        observations: fact_store::list(&state.db, &ctx.case.id).await?,
    })
}

/// Documents still being read, among those that will be read at all.
fn pending(docs: &[DocumentRow]) -> usize {
    docs.iter().filter(|d| d.status == "received").count()
}

fn chrome(ctx: &Ctx, loaded: &Loaded, visible: &[&Step], at: Option<&str>, back: Option<String>) -> Chrome {
    let base = ctx.base();
    let progress = flow::progress(visible, at);
    let (earlier, transcript) = views::fold(views::transcript(
        &ctx.page,
        &ctx.case_type,
        visible,
        &loaded.answers,
        &base,
        at,
        ctx.is_open(),
    ));
    Chrome {
        title: ctx.page.t(&format!("{}-title", ctx.case_type.id)),
        progress_text: views::progress_text(&ctx.page, progress),
        progress: Some(progress),
        earlier_label: ctx.page.ta("intake-earlier", &[("count", earlier.len().to_string())]),
        earlier,
        transcript,
        csrf: ctx.csrf.clone(),
        back,
        base,
    }
}

fn html(status: StatusCode, body: Result<String, askama::Error>) -> Result<Response, AppError> {
    let body = body.map_err(AppError::internal)?;
    Ok((status, Html(body)).into_response())
}

/// Renders the screen the case is at.
async fn render_current(state: &AppState, ctx: &Ctx) -> Result<Response, AppError> {
    if ctx.case.submitted_at.is_some() || !ctx.is_open() {
        return render_done(ctx, false);
    }
    let loaded = load(state, ctx).await?;
    let ct = &ctx.case_type;
    let visible = flow::visible_steps(ct, &loaded.answers);
    if let Some(step) = flow::first_open(&visible, &loaded.answers) {
        return render_step(ctx, &loaded, &visible, step, StepInput::default(), StatusCode::OK);
    }
    let last = visible.last().map(|s| format!("{}/step/{}", ctx.base(), s.id));
    let waiting = pending(&loaded.docs);
    if waiting > 0 {
        let done = loaded.docs.iter().filter(|d| d.status != "received").count();
        let page = views::WaitPage {
            page: &ctx.page,
            chrome: &chrome(ctx, &loaded, &visible, None, last),
            status: ctx.page.ta(
                "intake-wait-status",
                &[("done", done.to_string()), ("total", loaded.docs.len().to_string())],
            ),
        };
        let mut response = html(StatusCode::OK, page.render())?;
        if let Ok(v) = HeaderValue::from_str(&WAIT_REFRESH_SECS.to_string()) {
            response.headers_mut().insert("refresh", v);
        }
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        return Ok(response);
    }
    let checks = flow::open_checks(ct, &visible, &loaded.answers, &loaded.observations);
    sync_blocked(state, ctx, &checks).await?;
    if let Some(check) = checks.first() {
        return render_check(ctx, &loaded, &visible, check, "", "", StatusCode::OK);
    }
    render_summary(ctx, &loaded, &visible, last)
}

/// `applicant_blocked` while follow-ups are open, back to `processing` when they are closed.
async fn sync_blocked(state: &AppState, ctx: &Ctx, checks: &[Check<'_>]) -> Result<(), AppError> {
    let gaps: Vec<&str> = checks.iter().filter(|c| c.is_gap()).map(Check::fact_id).collect();
    let status = ctx.case.status();
    let (to, event, data) = if !gaps.is_empty() && status != CaseStatus::ApplicantBlocked {
        (
            CaseStatus::ApplicantBlocked,
            EventType::CaseApplicantBlocked,
            json!({ "case_status": "applicant_blocked", "open_facts": gaps }),
        )
    } else if gaps.is_empty() && status == CaseStatus::ApplicantBlocked {
        (
            CaseStatus::Processing,
            EventType::CaseProcessing,
            json!({ "case_status": "processing" }),
        )
    } else {
        return Ok(());
    };
    let mut tx = state.db.begin().await?;
    let current = case_store::find_case_by_id_tx(&mut tx, &ctx.case.id).await?;
    if current.is_some_and(|c| c.status() == status && c.submitted_at.is_none()) {
        case_store::set_status(&mut tx, &ctx.case.id, to, event, &data, now_ms()).await?;
        tx.commit().await?;
    }
    Ok(())
}

/// What a re-rendered step shows: the applicant's input and what was wrong with it.
#[derive(Default)]
pub(super) struct StepInput {
    pub value: Option<String>,
    pub error: String,
    pub notice: String,
}

pub(super) fn render_step(
    ctx: &Ctx,
    loaded: &Loaded,
    visible: &[&Step],
    step: &Step,
    input: StepInput,
    status: StatusCode,
) -> Result<Response, AppError> {
    let ct = &ctx.case_type;
    let back = flow::previous(visible, &step.id).map(|s| format!("{}/step/{}", ctx.base(), s.id));
    let chrome = chrome(ctx, loaded, visible, Some(&step.id), back);
    let heading = ctx.page.t(&format!("{}-step-{}", ct.id, step.id));
    match &step.kind {
        StepKind::Consent => {
            let page = views::ConsentPage {
                page: &ctx.page,
                chrome: &chrome,
                step_id: &step.id,
                heading,
                notice: ctx.page.t(&format!("{}-step-{}-notice", ct.id, step.id)),
                error: input.error,
            };
            html(status, page.render())
        }
        StepKind::Question { fact, .. } => {
            let prefill = fact.as_deref().and_then(|f| prefill_value(&loaded.observations, f));
            let (value, prefilled) = match (input.value, loaded.answers.get(&step.id)) {
                (Some(v), _) => (v, false),
                (None, Some(a)) => (a.value_raw.clone(), false),
                (None, None) => match prefill {
                    Some(p) => (p.value_raw.clone(), true),
                    None => (String::new(), false),
                },
            };
            let q = views::question(&ctx.page, ct, step, &value, prefilled, input.error);
            let page = views::QuestionPage {
                page: &ctx.page,
                chrome: &chrome,
                q: &q,
            };
            html(status, page.render())
        }
        StepKind::Documents {
            accept,
            max_files,
            max_bytes,
            ..
        } => {
            let files = views::file_rows(&ctx.page, &loaded.docs, Some(&step.id));
            let types: Vec<&str> = accept
                .iter()
                .map(|f| match f {
                    crate::vocab::DocFormat::Pdf => "PDF",
                    crate::vocab::DocFormat::Jpeg => "JPG",
                    crate::vocab::DocFormat::Png => "PNG",
                })
                .collect();
            let accept_attr: Vec<&str> = accept
                .iter()
                .map(|f| match f {
                    crate::vocab::DocFormat::Pdf => ".pdf,application/pdf",
                    crate::vocab::DocFormat::Jpeg => ".jpg,.jpeg,image/jpeg",
                    crate::vocab::DocFormat::Png => ".png,image/png",
                })
                .collect();
            let hint = ctx.page.ta(
                "intake-docs-hint",
                &[
                    ("types", types.join(", ")),
                    ("size", (max_bytes / (1024 * 1024)).to_string()),
                    ("count", max_files.to_string()),
                ],
            );
            let page = views::DocumentsPage {
                page: &ctx.page,
                chrome: &chrome,
                step_id: &step.id,
                heading,
                hint,
                accept: accept_attr.join(","),
                can_add: files.len() < *max_files as usize,
                files,
                error: input.error,
                notice: input.notice,
            };
            html(status, page.render())
        }
    }
}

fn prefill_value<'a>(observations: &'a [Observation], fact_id: &str) -> Option<&'a Observation> {
    observations
        .iter()
        .find(|o| o.fact_id == fact_id && o.source == Source::Prefill)
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
        return render_done(&ctx, false);
    }
    let loaded = load(&state, &ctx).await?;
    let visible = flow::visible_steps(&ctx.case_type, &loaded.answers);
    let Some(step) = visible.iter().copied().find(|s| s.id == step_id) else {
        return Err(AppError::not_found(Code::NotFound));
    };
    if !flow::can_open(&visible, &loaded.answers, &step_id) {
        return Ok(Redirect::to(&ctx.base()).into_response());
    }
    render_step(&ctx, &loaded, &visible, step, StepInput::default(), StatusCode::OK)
}

/// Why an answer was refused: a Fluent id.
fn validate(ct: &CaseType, step: &Step, raw: &str) -> Result<(String, String), String> {
    let StepKind::Question {
        fact,
        input,
        required,
        options,
    } = &step.kind
    else {
        return Err("intake-error-required".into());
    };
    let raw = raw.trim();
    if raw.is_empty() {
        return if *required {
            Err("intake-error-required".into())
        } else {
            Ok((String::new(), String::new()))
        };
    }
    match input {
        InputKind::YesNo if raw == "yes" || raw == "no" => return Ok((raw.into(), raw.into())),
        InputKind::YesNo => return Err("intake-error-option".into()),
        InputKind::Choice if options.iter().any(|o| o == raw) => return Ok((raw.into(), raw.into())),
        InputKind::Choice => return Err("intake-error-option".into()),
        _ => {}
    }
    match fact.as_deref().and_then(|f| ct.fact(f)) {
        Some(def) => super::validate_fact(def, raw).map(|n| (raw.to_string(), n)),
        None if raw.chars().count() > 4000 => Err("intake-error-too-long".into()),
        None => Ok((raw.to_string(), raw.to_string())),
    }
}

fn answer_observation(fact_id: &str, raw: &str, normalized: &str, reacts_to: Option<Reaction>) -> Observation {
    Observation {
        id: crate::ids::sortable("ev"),
        fact_id: fact_id.to_string(),
        value_raw: raw.to_string(),
        value_normalized: normalized.to_string(),
        confidence: super::ANSWER_CONFIDENCE,
        source: Source::ApplicantAnswer,
        doc_id: None,
        page_index: None,
        char_start: None,
        char_end: None,
        quote: raw.to_string(),
        method: facts::METHOD_ANSWER.to_string(),
        reacts_to,
    }
}

/// Replaces what an answer item said: its old observation goes, the new one (if any) comes.
async fn put_answer(
    tx: &mut Tx,
    case_id: &str,
    answers: &Answers,
    item: &str,
    (raw, normalized): (&str, &str),
    observation: Option<&Observation>,
    now: i64,
) -> Result<(), AppError> {
    if let Some(old) = answers.get(item).and_then(|a| a.observation_id.as_deref()) {
        store::delete_observation(tx, case_id, old).await?;
    }
    if let Some(o) = observation {
        fact_store::insert(tx, case_id, std::slice::from_ref(o), now).await?;
    }
    let answer = Answer {
        item: item.to_string(),
        value_raw: raw.to_string(),
        value_normalized: normalized.to_string(),
        observation_id: observation.map(|o| o.id.clone()),
        answered_at: now,
    };
    store::upsert(tx, case_id, &answer).await
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
    let ct = ctx.case_type.clone();
    let loaded = load(&state, &ctx).await?;
    let visible = flow::visible_steps(&ct, &loaded.answers);
    let Some(step) = visible.iter().copied().find(|s| s.id == step_id) else {
        return Err(AppError::not_found(Code::NotFound));
    };
    if !flow::can_open(&visible, &loaded.answers, &step_id) {
        return Ok(Redirect::to(&ctx.base()).into_response());
    }
    let raw = form.get("value").map(String::as_str).unwrap_or_default();
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    if !store::lock_open(&mut tx, &ctx.case.id, now).await? {
        return Err(AppError::new(Kind::Authorization, Code::IntakeClosed));
    }
    match &step.kind {
        StepKind::Consent => {
            if raw != "yes" {
                let input = StepInput {
                    error: ctx.page.t("intake-error-consent"),
                    ..StepInput::default()
                };
                return render_step(&ctx, &loaded, &visible, step, input, StatusCode::BAD_REQUEST);
            }
            store::record_consent(&mut tx, &ctx.case.id, &ct.privacy_notice_version, now).await?;
            put_answer(
                &mut tx,
                &ctx.case.id,
                &loaded.answers,
                &step.id,
                (&ct.privacy_notice_version, "given"),
                None,
                now,
            )
            .await?;
        }
        StepKind::Documents { required, .. } => {
            let have = loaded
                .docs
                .iter()
                .filter(|d| d.step_id.as_deref() == Some(&step.id))
                .count();
            if *required && have == 0 {
                let input = StepInput {
                    error: ctx.page.t("intake-upload-required"),
                    ..StepInput::default()
                };
                return render_step(&ctx, &loaded, &visible, step, input, StatusCode::BAD_REQUEST);
            }
            put_answer(
                &mut tx,
                &ctx.case.id,
                &loaded.answers,
                &step.id,
                (&have.to_string(), "done"),
                None,
                now,
            )
            .await?;
        }
        StepKind::Question { fact, .. } => {
            let (raw, normalized) = match validate(&ct, step, raw) {
                Ok(v) => v,
                Err(message_id) => {
                    let input = StepInput {
                        value: Some(raw.to_string()),
                        error: ctx.page.t(&message_id),
                        ..StepInput::default()
                    };
                    return render_step(&ctx, &loaded, &visible, step, input, StatusCode::BAD_REQUEST);
                }
            };
            let fact = fact.as_deref().filter(|_| !normalized.is_empty());
            // An answer to a prefilled question confirms or corrects the insurer's value.
            let prefill = fact.and_then(|f| prefill_value(&loaded.observations, f));
            let reaction = prefill.map(|p| {
                if p.value_normalized == normalized {
                    Reaction::Confirms
                } else {
                    Reaction::Corrects
                }
            });
            let observation = fact.map(|f| answer_observation(f, &raw, &normalized, reaction));
            put_answer(
                &mut tx,
                &ctx.case.id,
                &loaded.answers,
                &step.id,
                (&raw, &normalized),
                observation.as_ref(),
                now,
            )
            .await?;
            if let (Some(f), Some(o)) = (fact, &observation)
                && prefill.is_some()
            {
                // Settled against what the applicant saw: the insurer's value and their own.
                let seen = loaded
                    .observations
                    .iter()
                    .filter(|x| x.fact_id == f && x.source != Source::Document)
                    .filter(|x| loaded.answers.get(&step.id).and_then(|a| a.observation_id.as_ref()) != Some(&x.id))
                    .chain(std::iter::once(o));
                let item = flow::check_item(f);
                let fp = flow::fingerprint(seen);
                put_answer(
                    &mut tx,
                    &ctx.case.id,
                    &loaded.answers,
                    &item,
                    ("settled", &fp),
                    None,
                    now,
                )
                .await?;
            }
        }
    }
    // A changed answer can hide later steps; their answers stop counting.
    let answers = store::answers_tx(&mut tx, &ctx.case.id).await?;
    let visible = flow::visible_steps(&ct, &answers);
    for hidden in flow::hidden_answers(&ct, &visible, &answers) {
        if let Some(obs) = answers.get(&hidden).and_then(|a| a.observation_id.as_deref()) {
            store::delete_observation(&mut tx, &ctx.case.id, obs).await?;
        }
        store::delete(&mut tx, &ctx.case.id, &hidden).await?;
    }
    tx.commit().await?;
    Ok(Redirect::to(&format!("{}#current", ctx.base())).into_response())
}

fn render_check(
    ctx: &Ctx,
    loaded: &Loaded,
    visible: &[&Step],
    check: &Check<'_>,
    value: &str,
    error: &str,
    status: StatusCode,
) -> Result<Response, AppError> {
    let back = visible.last().map(|s| format!("{}/step/{}", ctx.base(), s.id));
    let ct = &ctx.case_type;
    let fact = ct
        .fact(check.fact_id())
        .ok_or_else(|| AppError::internal(std::io::Error::other("check on an unknown fact")))?;
    let label = ctx.page.t(&format!("{}-fact-{}", ct.id, fact.id));
    let hint_id = match InputKind::for_fact(fact.fact_type) {
        InputKind::Date => "intake-hint-date",
        InputKind::Amount => "intake-hint-amount",
        InputKind::LicencePlate => "intake-hint-licence_plate",
        InputKind::Iban => "intake-hint-iban",
        InputKind::Phone => "intake-hint-phone",
        InputKind::Email => "intake-hint-email",
        _ => "",
    };
    let (intro, confirm, choices) = match check {
        Check::Confirm { shown, .. } => {
            let first = shown.sources.first().copied();
            let document = views::document_name(&ctx.page, ct, &loaded.docs, first.and_then(|o| o.doc_id.as_deref()));
            let intro = if first.is_some_and(|o| o.source == Source::Prefill) {
                ctx.page.ta("intake-confirm-prefill", &[("fact", label.clone())])
            } else {
                ctx.page.ta(
                    "intake-confirm-intro",
                    &[("document", document), ("fact", label.clone())],
                )
            };
            (
                intro,
                Some(views::choice(&ctx.page, ct, fact, &loaded.docs, shown)),
                Vec::new(),
            )
        }
        Check::FollowUp { gap, values, .. } => {
            let intro = match gap {
                Gap::Conflict => ctx.page.ta("intake-conflict-intro", &[("fact", label.clone())]),
                Gap::Missing => ctx.page.ta("intake-missing-intro", &[("fact", label.clone())]),
            };
            let choices = values
                .iter()
                .map(|s| views::choice(&ctx.page, ct, fact, &loaded.docs, s))
                .collect();
            (intro, None, choices)
        }
    };
    let page = views::CheckPage {
        page: &ctx.page,
        chrome: &chrome(ctx, loaded, visible, None, back),
        fact_id: &fact.id,
        heading: label,
        intro,
        confirm,
        choices,
        input_hint: if hint_id.is_empty() {
            String::new()
        } else {
            ctx.page.t(hint_id)
        },
        value: value.to_string(),
        error: error.to_string(),
    };
    html(status, page.render())
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
    let ct = ctx.case_type.clone();
    let loaded = load(&state, &ctx).await?;
    let visible = flow::visible_steps(&ct, &loaded.answers);
    let checks = flow::open_checks(&ct, &visible, &loaded.answers, &loaded.observations);
    let Some(check) = checks.iter().find(|c| c.fact_id() == fact_id) else {
        // Already settled (a second tab, a reload): carry on.
        return Ok(Redirect::to(&ctx.base()).into_response());
    };
    let fact = ct.fact(&fact_id).ok_or_else(|| AppError::not_found(Code::NotFound))?;
    let choice = form.get("choice").map(String::as_str).unwrap_or_default();
    let typed = form.get("value").map(String::as_str).unwrap_or_default().trim();
    let refuse = |message_id: &str| {
        render_check(
            &ctx,
            &loaded,
            &visible,
            check,
            typed,
            &ctx.page.t(message_id),
            StatusCode::BAD_REQUEST,
        )
    };

    // (observation to add, what happened)
    let (observation, outcome) = match (check, choice) {
        (Check::Confirm { shown, .. }, "yes") => (
            Some(answer_observation(
                &fact_id,
                shown.value_raw,
                shown.value_normalized,
                Some(Reaction::Confirms),
            )),
            "confirmed",
        ),
        (Check::FollowUp { values, .. }, c) if c.starts_with("value:") => {
            let Some(shown) = values
                .iter()
                .find(|s| c.strip_prefix("value:") == Some(s.value_normalized))
            else {
                return refuse("intake-error-option");
            };
            (
                Some(answer_observation(
                    &fact_id,
                    shown.value_raw,
                    shown.value_normalized,
                    Some(Reaction::Confirms),
                )),
                "confirmed",
            )
        }
        (_, "other") => {
            if typed.is_empty() {
                return refuse("intake-error-required");
            }
            let normalized = match super::validate_fact(fact, typed) {
                Ok(n) => n,
                Err(message_id) => return refuse(&message_id),
            };
            let missing = matches!(check, Check::FollowUp { gap: Gap::Missing, .. });
            let reaction = (!missing).then_some(Reaction::Corrects);
            (
                Some(answer_observation(&fact_id, typed, &normalized, reaction)),
                if missing { "answered" } else { "corrected" },
            )
        }
        (Check::FollowUp { .. }, "unknown") => (None, "unknown"),
        _ => return refuse("intake-error-option"),
    };

    let now = now_ms();
    let mut tx = state.db.begin().await?;
    if !store::lock_open(&mut tx, &ctx.case.id, now).await? {
        return Err(AppError::new(Kind::Authorization, Code::IntakeClosed));
    }
    let item = flow::check_item(&fact_id);
    let mine = loaded
        .observations
        .iter()
        .filter(|o| o.fact_id == fact_id)
        .filter(|o| loaded.answers.get(&item).and_then(|a| a.observation_id.as_ref()) != Some(&o.id));
    let fp = flow::fingerprint(mine.chain(observation.as_ref()));
    put_answer(
        &mut tx,
        &ctx.case.id,
        &loaded.answers,
        &item,
        (outcome, &fp),
        observation.as_ref(),
        now,
    )
    .await?;
    if let Check::FollowUp { gap, .. } = check {
        let observations = fact_store::list_tx(&mut tx, &ctx.case.id).await?;
        let resolved = facts::resolve_all(&ctx.case.id, &ct, &observations);
        let decision = resolved
            .iter()
            .find(|r| r.fact_id == fact_id)
            .map_or("missing", |r| r.decision.as_str());
        let data = json!({
            "fact_id": fact_id,
            "gap": gap.as_str(),
            "resolution": outcome,
            "decision": decision,
        });
        case_store::append_event(&mut tx, &ctx.case.id, EventType::GapResolved, &data, now).await?;
    }
    tx.commit().await?;
    Ok(Redirect::to(&format!("{}#current", ctx.base())).into_response())
}

fn render_summary(ctx: &Ctx, loaded: &Loaded, visible: &[&Step], back: Option<String>) -> Result<Response, AppError> {
    let ct = &ctx.case_type;
    let resolved = facts::resolve_all(&ctx.case.id, ct, &loaded.observations);
    let by_id: HashMap<&str, &Observation> = loaded.observations.iter().map(|o| (o.id.as_str(), o)).collect();
    let mut lines = Vec::new();
    for (fact, r) in ct.facts.iter().zip(&resolved) {
        let Some(m) = r.selected_value().or_else(|| r.top()) else {
            if fact.required {
                lines.push(views::FactLine {
                    label: ctx.page.t(&format!("{}-fact-{}", ct.id, fact.id)),
                    value: ctx.page.t("intake-not-given"),
                    sources: Vec::new(),
                });
            }
            continue;
        };
        let mut sources: Vec<String> = m
            .members
            .iter()
            .filter_map(|k| by_id.get(k.as_str()))
            .map(|o| views::source_text(&ctx.page, ct, &loaded.docs, o))
            .collect();
        sources.sort();
        sources.dedup();
        lines.push(views::FactLine {
            label: ctx.page.t(&format!("{}-fact-{}", ct.id, fact.id)),
            value: views::fact_value(&ctx.page, ct, fact, &m.value_raw, &m.value_normalized),
            sources,
        });
    }
    let page = views::SummaryPage {
        page: &ctx.page,
        chrome: &chrome(ctx, loaded, visible, None, back),
        facts: lines,
        files: views::file_rows(&ctx.page, &loaded.docs, None),
    };
    html(StatusCode::OK, page.render())
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
    if ctx.case.submitted_at.is_some() {
        return Ok(Redirect::to(&format!("{}/done", ctx.base())).into_response());
    }
    ctx.require_open()?;
    let ct = ctx.case_type.clone();
    let loaded = load(&state, &ctx).await?;
    let visible = flow::visible_steps(&ct, &loaded.answers);
    let ready = flow::first_open(&visible, &loaded.answers).is_none()
        && pending(&loaded.docs) == 0
        && flow::open_checks(&ct, &visible, &loaded.answers, &loaded.observations).is_empty();
    if !ready {
        // Something changed since the summary was shown (a document, another tab).
        return Ok(Redirect::to(&ctx.base()).into_response());
    }
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    if !store::mark_submitted(&mut tx, &ctx.case.id, now).await? {
        return Ok(Redirect::to(&format!("{}/done", ctx.base())).into_response());
    }
    let unread: Vec<&str> = loaded
        .docs
        .iter()
        .filter(|d| d.status == "failed")
        .map(|d| d.id.as_str())
        .collect();
    let data =
        json!({ "case_status": ctx.case.status, "answers": loaded.answers.len(), "documents": loaded.docs.len() });
    case_store::append_event(&mut tx, &ctx.case.id, EventType::Submitted, &data, now).await?;
    settle(&mut tx, &ctx.case.id, &ct, Change::Submitted { unread: &unread }, now).await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("{}/done", ctx.base())).into_response())
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
    render_done(&ctx, true)
}

fn render_done(ctx: &Ctx, redirect: bool) -> Result<Response, AppError> {
    let return_url = ctx.case.return_url.clone().unwrap_or_default();
    let redirecting = redirect && !return_url.is_empty();
    let page = views::DonePage {
        page: &ctx.page,
        title: ctx.page.t(&format!("{}-title", ctx.case_type.id)),
        return_url: return_url.clone(),
        redirecting,
    };
    let mut response = html(StatusCode::OK, page.render())?;
    if redirecting && let Ok(v) = HeaderValue::from_str(&format!("{RETURN_REDIRECT_SECS}; url={return_url}")) {
        response.headers_mut().insert("refresh", v);
    }
    Ok(response)
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
    ctx.require_open()?;
    let docs = doc_store::list_for_case(&state.db, &ctx.case.id).await?;
    let Some(doc) = docs.iter().find(|d| d.id == doc_id) else {
        return Err(AppError::not_found(Code::DocumentNotFound));
    };
    let env = crate::orgs::Environment::parse(&ctx.case.environment)
        .ok_or_else(|| AppError::internal(std::io::Error::other("bad environment")))?;
    let by = crate::documents::erase::Eraser {
        org_id: &ctx.case.org_id,
        environment: env,
        actor: "applicant",
    };
    crate::documents::erase::erase(&state.db, &state.blobs, &state.case_types, &by, &doc.id, now_ms()).await?;
    let back = match &doc.step_id {
        Some(step) => format!("{}/step/{step}", ctx.base()),
        None => ctx.base(),
    };
    Ok(Redirect::to(&back).into_response())
}
