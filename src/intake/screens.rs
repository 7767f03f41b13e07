//! Each screen of the applicant's conversation rendered as a page: the step, the wait while
//! documents are read, a check, the summary, the confirmation. What to show comes from the
//! engine ([`engine::screen`]); this only turns it into HTML.

use std::collections::HashMap;

use askama::Template;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

use super::context::Ctx;
use super::engine::{self, Loaded, Screen};
use super::flow::{self, Check, Gap};
use super::views::{self, Chrome};
use crate::case_types::{InputKind, Step, StepKind};
use crate::error::AppError;
use crate::extract::Source;
use crate::facts::{self, Observation};

/// Seconds between refreshes of the page that waits for documents.
const WAIT_REFRESH_SECS: u32 = 3;
/// Seconds before the confirmation page sends the applicant back to the insurer.
const RETURN_REDIRECT_SECS: u32 = 8;

/// Renders the screen the case is at. Showing it changes nothing.
pub fn current(ctx: &Ctx, loaded: &Loaded, now: i64) -> Result<Response, AppError> {
    let (visible, screen) = engine::screen(&ctx.case, &ctx.case_type, loaded, now);
    let last = visible.last().map(|s| format!("{}/step/{}", ctx.base(), s.id));
    match screen {
        Screen::Done => render_done(ctx, false),
        Screen::Step(step) => render_step(ctx, loaded, &visible, step, StepInput::default(), StatusCode::OK),
        Screen::Waiting { read, total } => render_wait(ctx, loaded, &visible, read, total, last),
        Screen::Check(check) => render_check(ctx, loaded, &visible, &check, "", "", StatusCode::OK),
        Screen::Summary => render_summary(ctx, loaded, &visible, last),
    }
}

fn render_wait(
    ctx: &Ctx,
    loaded: &Loaded,
    visible: &[&Step],
    read: usize,
    total: usize,
    back: Option<String>,
) -> Result<Response, AppError> {
    let page = views::WaitPage {
        page: &ctx.page,
        chrome: &chrome(ctx, loaded, visible, None, back),
        status: ctx.page.ta(
            "intake-wait-status",
            &[("done", read.to_string()), ("total", total.to_string())],
        ),
    };
    let mut response = html(StatusCode::OK, page.render())?;
    if let Ok(v) = HeaderValue::from_str(&WAIT_REFRESH_SECS.to_string()) {
        response.headers_mut().insert("refresh", v);
    }
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
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

pub fn html(status: StatusCode, body: Result<String, askama::Error>) -> Result<Response, AppError> {
    let body = body.map_err(AppError::internal)?;
    Ok((status, Html(body)).into_response())
}

/// What a re-rendered step shows: the applicant's input and what was wrong with it.
#[derive(Default)]
pub struct StepInput {
    pub value: Option<String>,
    pub error: String,
    pub notice: String,
}

pub fn render_step(
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
            let prefill = fact.as_deref().and_then(|f| loaded.prefill(f));
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

pub fn render_check(
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

pub fn render_summary(
    ctx: &Ctx,
    loaded: &Loaded,
    visible: &[&Step],
    back: Option<String>,
) -> Result<Response, AppError> {
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

pub fn render_done(ctx: &Ctx, redirect: bool) -> Result<Response, AppError> {
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
