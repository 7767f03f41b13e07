//! Each screen of the applicant's conversation rendered as a page: the step, the wait while
//! documents are read, a check, the summary, the confirmation. What to show comes from the
//! engine ([`engine::screen`]); this only turns it into HTML.

use std::collections::HashMap;

use askama::Template;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

use super::context::Ctx;
use super::engine::{self, At, Loaded, Screen};
use super::flow::{self, Check, DocumentChecks, Gap};
use super::views::{self, Chrome};
use crate::case_types::{InputKind, Step, StepKind};
use crate::error::AppError;
use crate::extract::Source;
use crate::facts::{self, Observation};

/// Seconds between refreshes of the page that waits for documents.
const WAIT_REFRESH_SECS: u32 = 3;

/// Renders the screen the case is at. Showing it changes nothing.
pub fn current(ctx: &Ctx, loaded: &Loaded, now: i64) -> Result<Response, AppError> {
    let (visible, screen) = engine::screen(&ctx.case, &ctx.case_type, loaded, now);
    let last = last_shown(ctx, loaded, &visible);
    match screen {
        Screen::Done => render_done(ctx),
        Screen::Step(step) => render_step(ctx, loaded, &visible, step, StepInput::default(), StatusCode::OK),
        Screen::Waiting { read, total } => render_wait(ctx, loaded, &visible, read, total, last),
        Screen::Document(page) => render_read(ctx, loaded, &visible, &page, last),
        Screen::Check(check) => render_check(ctx, loaded, &visible, &check, "", "", false, StatusCode::OK),
        Screen::Summary => render_summary(ctx, loaded, &visible, last),
    }
}

/// The last step page the applicant saw, for the back link of the pages after the steps.
fn last_shown(ctx: &Ctx, loaded: &Loaded, visible: &[&Step]) -> Option<String> {
    flow::shown_steps(visible, &loaded.answers, &loaded.observations)
        .last()
        .map(|s| format!("{}/step/{}", ctx.base(), s.id))
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
        chrome: &chrome(ctx, loaded, visible, &At::Checks, back),
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

fn chrome(ctx: &Ctx, loaded: &Loaded, visible: &[&Step], at: &At<'_>, back: Option<String>) -> Chrome {
    let base = ctx.base();
    let progress = engine::progress(&ctx.case_type, loaded, visible, at);
    let until = match at {
        At::Step(id) => Some(*id),
        At::Checks | At::Summary => None,
    };
    let (earlier, transcript) = views::fold(views::transcript(
        &ctx.page,
        &ctx.case_type,
        visible,
        &loaded.answers,
        &loaded.observations,
        &base,
        until,
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
        error: false,
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
    let shown = flow::shown_steps(visible, &loaded.answers, &loaded.observations);
    let back = flow::previous(&shown, &step.id).map(|s| format!("{}/step/{}", ctx.base(), s.id));
    let mut chrome = chrome(ctx, loaded, visible, &At::Step(&step.id), back);
    chrome.error = !input.error.is_empty();
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
            required,
            ..
        } => {
            let files = views::file_rows(&ctx.page, &loaded.on_step(&step.id));
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
                optional: !required,
                hint,
                accept: accept_attr.join(","),
                camera: accept.contains(&crate::vocab::DocFormat::Jpeg),
                can_add: files.len() < *max_files as usize,
                files,
                error: input.error,
                notice: input.notice,
            };
            html(status, page.render())
        }
    }
}

/// A confirmation or follow-up on one fact. `change`: asked again from the summary.
#[expect(clippy::too_many_arguments, reason = "one page, each argument a part of it")]
pub fn render_check(
    ctx: &Ctx,
    loaded: &Loaded,
    visible: &[&Step],
    check: &Check<'_>,
    value: &str,
    error: &str,
    change: bool,
    status: StatusCode,
) -> Result<Response, AppError> {
    let back = if change {
        Some(ctx.base())
    } else {
        last_shown(ctx, loaded, visible)
    };
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
    // The question a step asks for this fact, when there is one; else its name.
    let question = ct
        .steps
        .iter()
        .find(|s| matches!(&s.kind, StepKind::Question { fact: Some(f), .. } if *f == fact.id))
        .map_or_else(|| label.clone(), |s| ctx.page.t(&format!("{}-step-{}", ct.id, s.id)));
    let (heading, intro, confirm, choices, other_label, missing) = match check {
        Check::Confirm { shown, .. } => {
            let first = shown.sources.first().copied();
            let document = views::document_name(&ctx.page, ct, &loaded.docs, first.and_then(|o| o.doc_id.as_deref()));
            let intro = match first.map(|o| o.source) {
                Some(Source::Prefill) => ctx.page.ta("intake-confirm-prefill", &[("fact", label.clone())]),
                Some(Source::ApplicantAnswer) => ctx.page.t("intake-confirm-answer"),
                _ => ctx.page.ta(
                    "intake-confirm-intro",
                    &[("document", document), ("fact", label.clone())],
                ),
            };
            (
                label.clone(),
                intro,
                Some(views::choice(&ctx.page, ct, fact, &loaded.docs, shown)),
                Vec::new(),
                ctx.page.t("intake-correct-value"),
                false,
            )
        }
        Check::FollowUp {
            gap: Gap::Conflict,
            values,
            ..
        } => (
            label.clone(),
            ctx.page.ta("intake-conflict-intro", &[("fact", label.clone())]),
            None,
            values
                .iter()
                .map(|s| views::choice(&ctx.page, ct, fact, &loaded.docs, s))
                .collect(),
            ctx.page.t("intake-other-value"),
            false,
        ),
        Check::FollowUp { gap: Gap::Missing, .. } => {
            let intro = if loaded.docs.is_empty() {
                String::new()
            } else {
                ctx.page.t("intake-missing-intro")
            };
            (question, intro, None, Vec::new(), label.clone(), true)
        }
    };
    let mut chrome = chrome(ctx, loaded, visible, &At::Checks, back);
    chrome.error = !error.is_empty();
    let page = views::CheckPage {
        page: &ctx.page,
        chrome: &chrome,
        fact_id: &fact.id,
        heading,
        intro,
        confirm,
        choices,
        input_hint: if hint_id.is_empty() {
            String::new()
        } else {
            ctx.page.t(hint_id)
        },
        other_label,
        missing,
        change,
        value: value.to_string(),
        error: error.to_string(),
    };
    html(status, page.render())
}

/// What one document says, on one page: each value with its quote, confirmed at once, each
/// with a link to correct it.
pub fn render_read(
    ctx: &Ctx,
    loaded: &Loaded,
    visible: &[&Step],
    read: &DocumentChecks<'_>,
    back: Option<String>,
) -> Result<Response, AppError> {
    let ct = &ctx.case_type;
    let document = views::document_name(&ctx.page, ct, &loaded.docs, Some(read.doc_id));
    let filename = loaded
        .docs
        .iter()
        .find(|d| d.id == read.doc_id)
        .and_then(|d| d.filename.clone())
        .unwrap_or_default();
    let mut rows = Vec::new();
    for check in &read.checks {
        let Check::Confirm { fact_id, shown } = check else {
            continue;
        };
        let Some(fact) = ct.fact(fact_id) else { continue };
        let quote = shown
            .sources
            .iter()
            .find(|o| o.doc_id.as_deref() == Some(read.doc_id))
            .or_else(|| shown.sources.first());
        rows.push(views::ReadRow {
            label: ctx.page.t(&format!("{}-fact-{}", ct.id, fact.id)),
            value: views::fact_value(&ctx.page, ct, fact, shown.value_raw, shown.value_normalized),
            source: quote.map(|o| views::quote_text(&ctx.page, o)).unwrap_or_default(),
            change: format!("{}/check/{}", ctx.base(), fact.id),
        });
    }
    let page = views::ReadPage {
        page: &ctx.page,
        chrome: &chrome(ctx, loaded, visible, &At::Checks, back),
        doc_id: read.doc_id,
        heading: ctx.page.ta("intake-read-title", &[("document", document)]),
        intro: ctx.page.ta("intake-read-intro", &[("name", filename)]),
        rows,
    };
    html(StatusCode::OK, page.render())
}

pub fn render_summary(
    ctx: &Ctx,
    loaded: &Loaded,
    visible: &[&Step],
    back: Option<String>,
) -> Result<Response, AppError> {
    let lines = summary_lines(ctx, loaded, visible, true);
    let page = views::SummaryPage {
        page: &ctx.page,
        chrome: &chrome(ctx, loaded, visible, &At::Summary, back),
        facts: lines,
        files: views::file_rows(&ctx.page, &loaded.docs.iter().collect::<Vec<_>>()),
    };
    html(StatusCode::OK, page.render())
}

/// Every fact as the summary (and the receipt) shows it: the decided value in the page's
/// language, where it comes from, and (`editable`) where to change it.
pub fn summary_lines(ctx: &Ctx, loaded: &Loaded, visible: &[&Step], editable: bool) -> Vec<views::FactLine> {
    let ct = &ctx.case_type;
    let resolved = facts::resolve_all(&ctx.case.id, ct, &loaded.observations);
    let by_id: HashMap<&str, &Observation> = loaded.observations.iter().map(|o| (o.id.as_str(), o)).collect();
    let change_link = |fact_id: &str| {
        if !editable {
            return None;
        }
        // The question the applicant answered, else the check on what the documents say.
        let step = visible.iter().find(|s| {
            matches!(&s.kind, StepKind::Question { fact: Some(f), .. } if f == fact_id)
                && loaded.answers.contains_key(&s.id)
        });
        Some(match step {
            Some(step) => format!("{}/step/{}", ctx.base(), step.id),
            None => format!("{}/check/{fact_id}?change=1", ctx.base()),
        })
    };
    let hidden = |fact_id: &str| {
        ct.steps.iter().any(|s| {
            matches!(&s.kind, StepKind::Question { fact: Some(f), .. } if f == fact_id)
                && !visible.iter().any(|v| v.id == s.id)
        })
    };
    let mut lines = Vec::new();
    for (fact, r) in ct.facts.iter().zip(&resolved) {
        if hidden(&fact.id) {
            continue;
        }
        let label = ctx.page.t(&format!("{}-fact-{}", ct.id, fact.id));
        let Some(m) = r.selected_value().or_else(|| r.top()) else {
            if fact.required {
                lines.push(views::FactLine {
                    label,
                    value: ctx.page.t("intake-not-given"),
                    sources: Vec::new(),
                    change: change_link(&fact.id),
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
            label,
            value: views::fact_value(&ctx.page, ct, fact, &m.value_raw, &m.value_normalized),
            sources,
            change: change_link(&fact.id),
        });
    }
    lines
}

/// The confirmation: the reference, what happens next, the receipt and the way back to the
/// insurer. No automatic redirect: the applicant may want to note the reference or keep the
/// receipt first.
pub fn render_done(ctx: &Ctx) -> Result<Response, AppError> {
    let page = views::DonePage {
        page: &ctx.page,
        title: ctx.page.t(&format!("{}-title", ctx.case_type.id)),
        reference: engine::reference(&ctx.case),
        receipt: if ctx.case.submitted_at.is_some() {
            format!("{}/receipt.pdf", ctx.base())
        } else {
            String::new()
        },
        return_url: ctx.case.return_url.clone().unwrap_or_default(),
    };
    html(StatusCode::OK, page.render())
}

/// The receipt: the reference, when it was sent, every fact as the summary showed it and the
/// documents, as a one-page PDF written like the demo's claim form (`sample::text_pdf`).
pub fn receipt_pdf(ctx: &Ctx, loaded: &Loaded) -> Result<Vec<u8>, AppError> {
    const WIDTH: usize = 90;
    let visible = flow::visible_steps(&ctx.case_type, &loaded.answers);
    let page = &ctx.page;
    let mut lines = vec![
        page.ta(
            "intake-receipt-title",
            &[("title", page.t(&format!("{}-title", ctx.case_type.id)))],
        ),
        page.ta(
            "intake-receipt-reference",
            &[("reference", engine::reference(&ctx.case))],
        ),
    ];
    if let Some(at) = ctx.case.submitted_at {
        lines.push(page.ta("intake-receipt-sent", &[("when", views::timestamp(page, at))]));
    }
    lines.push(String::new());
    for line in summary_lines(ctx, loaded, &visible, false) {
        lines.push(format!("{}: {}", line.label, line.value));
    }
    lines.push(String::new());
    lines.push(page.t("intake-summary-documents"));
    for d in &loaded.docs {
        lines.push(format!("- {}", d.filename.clone().unwrap_or_else(|| d.id.clone())));
    }
    lines.push(String::new());
    lines.push(page.t("intake-done-next"));
    let wrapped: Vec<String> = lines.iter().flat_map(|l| wrap(l, WIDTH)).take(46).collect();
    let refs: Vec<&str> = wrapped.iter().map(String::as_str).collect();
    crate::sample::text_pdf(&refs).map_err(AppError::internal)
}

/// `line` in pieces of at most `width` characters, broken between words.
fn wrap(line: &str, width: usize) -> Vec<String> {
    let mut out = vec![String::new()];
    for word in line.split_whitespace() {
        let current = out.last_mut().map_or(0, |l| l.chars().count());
        if current > 0 && current + 1 + word.chars().count() > width {
            out.push(String::new());
        }
        if let Some(last) = out.last_mut() {
            if !last.is_empty() {
                last.push(' ');
            }
            last.extend(word.chars().take(width));
        }
    }
    out
}
