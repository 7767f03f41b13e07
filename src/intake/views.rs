//! The intake's pages: one askama template per screen, all on `intake/layout.html` (title,
//! progress, the transcript so far, back link). Builders here turn stored state into the
//! strings the templates show, so the templates stay free of logic.

use askama::Template;

use super::flow::{Progress, Shown};
use super::store::Answers;
use crate::case_types::{CaseType, FactDef, InputKind, Step, StepKind};
use crate::documents::DocStatus;
use crate::documents::store::DocumentRow;
use crate::extract::Source;
use crate::facts::Observation;
use crate::vocab::FactType;
use crate::web::PageCtx;

/// What every intake page shows around its screen.
pub struct Chrome {
    pub title: String,
    pub base: String,
    pub csrf: String,
    pub progress: Option<Progress>,
    pub progress_text: String,
    /// Older exchanges, folded away so the current question stays in view.
    pub earlier: Vec<Turn>,
    pub earlier_label: String,
    /// The last few exchanges, shown open above the current question.
    pub transcript: Vec<Turn>,
    pub back: Option<String>,
}

/// How many of the latest exchanges stay unfolded.
pub const RECENT_TURNS: usize = 2;

/// Splits a transcript into (earlier, recent).
pub fn fold(mut turns: Vec<Turn>) -> (Vec<Turn>, Vec<Turn>) {
    let recent = turns.split_off(turns.len().saturating_sub(RECENT_TURNS));
    (turns, recent)
}

/// One exchange of the conversation so far.
pub struct Turn {
    pub question: String,
    pub answer: String,
    pub change: Option<String>,
}

pub struct Opt {
    pub id: String,
    pub value: String,
    pub label: String,
    pub checked: bool,
}

/// A question screen.
pub struct Question {
    pub step_id: String,
    pub label: String,
    pub hint: String,
    pub multiline: bool,
    pub input_type: &'static str,
    pub inputmode: &'static str,
    pub autocomplete: &'static str,
    pub value: String,
    pub options: Vec<Opt>,
    pub optional: bool,
    pub prefill_note: String,
    pub error: String,
    /// The id the error summary links to.
    pub error_target: String,
}

#[derive(Template)]
#[template(path = "intake/question.html")]
pub struct QuestionPage<'a> {
    pub page: &'a PageCtx,
    pub chrome: &'a Chrome,
    pub q: &'a Question,
}

#[derive(Template)]
#[template(path = "intake/consent.html")]
pub struct ConsentPage<'a> {
    pub page: &'a PageCtx,
    pub chrome: &'a Chrome,
    pub step_id: &'a str,
    pub heading: String,
    pub notice: String,
    pub error: String,
}

pub struct FileRow {
    pub doc_id: String,
    pub name: String,
    pub size: String,
    pub status: String,
    pub failed: bool,
}

#[derive(Template)]
#[template(path = "intake/documents.html")]
pub struct DocumentsPage<'a> {
    pub page: &'a PageCtx,
    pub chrome: &'a Chrome,
    pub step_id: &'a str,
    pub heading: String,
    pub hint: String,
    pub accept: String,
    pub files: Vec<FileRow>,
    pub can_add: bool,
    pub error: String,
    pub notice: String,
}

#[derive(Template)]
#[template(path = "intake/wait.html")]
pub struct WaitPage<'a> {
    pub page: &'a PageCtx,
    pub chrome: &'a Chrome,
    pub status: String,
}

pub struct Choice {
    pub value: String,
    pub label: String,
    pub sources: Vec<String>,
}

#[derive(Template)]
#[template(path = "intake/check.html")]
pub struct CheckPage<'a> {
    pub page: &'a PageCtx,
    pub chrome: &'a Chrome,
    pub fact_id: &'a str,
    pub heading: String,
    pub intro: String,
    /// Confirmation: the quoted value and where it comes from.
    pub confirm: Option<Choice>,
    /// Follow-up: the values to choose from.
    pub choices: Vec<Choice>,
    pub input_hint: String,
    pub value: String,
    pub error: String,
}

pub struct FactLine {
    pub label: String,
    pub value: String,
    pub sources: Vec<String>,
}

#[derive(Template)]
#[template(path = "intake/summary.html")]
pub struct SummaryPage<'a> {
    pub page: &'a PageCtx,
    pub chrome: &'a Chrome,
    pub facts: Vec<FactLine>,
    pub files: Vec<FileRow>,
}

#[derive(Template)]
#[template(path = "intake/done.html")]
pub struct DonePage<'a> {
    pub page: &'a PageCtx,
    pub title: String,
    pub return_url: String,
    pub redirecting: bool,
}

/// The Fluent id of an option's label.
fn option_id(ct: &CaseType, step: &Step, fact: Option<&str>, option: &str) -> String {
    format!("{}-option-{}-{option}", ct.id, fact.unwrap_or(&step.id))
}

/// How an answer reads back in the transcript and summary.
pub fn answer_text(page: &PageCtx, ct: &CaseType, step: &Step, value_raw: &str, value_normalized: &str) -> String {
    match &step.kind {
        StepKind::Consent => page.t("intake-consent-answer"),
        StepKind::Documents { .. } => page.t("intake-docs-answer"),
        StepKind::Question { input, fact, .. } => match input {
            _ if value_normalized.is_empty() => page.t("intake-not-given"),
            InputKind::YesNo => page.t(&format!("intake-{value_normalized}")),
            InputKind::Choice => page.t(&option_id(ct, step, fact.as_deref(), value_normalized)),
            _ => value_raw.to_string(),
        },
    }
}

/// The transcript of visible, answered steps before `until` (all when `None`).
pub fn transcript(
    page: &PageCtx,
    ct: &CaseType,
    visible: &[&Step],
    answers: &Answers,
    base: &str,
    until: Option<&str>,
    editable: bool,
) -> Vec<Turn> {
    let mut out = Vec::new();
    for step in visible {
        if Some(step.id.as_str()) == until {
            break;
        }
        let Some(a) = answers.get(&step.id) else { break };
        out.push(Turn {
            question: page.t(&format!("{}-step-{}", ct.id, step.id)),
            answer: answer_text(page, ct, step, &a.value_raw, &a.value_normalized),
            change: (editable && !matches!(step.kind, StepKind::Consent)).then(|| format!("{base}/step/{}", step.id)),
        });
    }
    out
}

pub fn progress_text(page: &PageCtx, p: Progress) -> String {
    page.ta(
        "intake-progress",
        &[("current", p.current.to_string()), ("total", p.total.to_string())],
    )
}

/// Input attributes per kind: type, inputmode, autocomplete, hint id.
fn input_attrs(
    kind: InputKind,
    fact: Option<&FactDef>,
) -> (&'static str, &'static str, &'static str, Option<&'static str>) {
    let name_like = fact.is_some_and(|f| f.fact_type == FactType::PersonName);
    match kind {
        InputKind::Email => ("email", "email", "email", Some("intake-hint-email")),
        InputKind::Phone => ("tel", "tel", "tel", Some("intake-hint-phone")),
        InputKind::Date => ("text", "numeric", "off", Some("intake-hint-date")),
        InputKind::Amount => ("text", "decimal", "off", Some("intake-hint-amount")),
        InputKind::LicencePlate => ("text", "text", "off", Some("intake-hint-licence_plate")),
        InputKind::Iban => ("text", "text", "off", Some("intake-hint-iban")),
        _ if name_like => ("text", "text", "name", None),
        _ => ("text", "text", "off", None),
    }
}

/// Builds a question screen.
#[allow(clippy::too_many_arguments)]
pub fn question(page: &PageCtx, ct: &CaseType, step: &Step, value: &str, prefilled: bool, error: String) -> Question {
    let (fact_id, input, required, options) = match &step.kind {
        StepKind::Question {
            fact,
            input,
            required,
            options,
        } => (fact.as_deref(), *input, *required, options.clone()),
        _ => (None, InputKind::Text, true, Vec::new()),
    };
    let fact = fact_id.and_then(|id| ct.fact(id));
    let (input_type, inputmode, autocomplete, hint) = input_attrs(input, fact);
    let values: Vec<String> = match input {
        InputKind::YesNo => vec!["yes".into(), "no".into()],
        InputKind::Choice => options,
        _ => Vec::new(),
    };
    let options = values
        .iter()
        .enumerate()
        .map(|(i, v)| Opt {
            id: format!("value-{i}"),
            value: v.clone(),
            label: if input == InputKind::YesNo {
                page.t(&format!("intake-{v}"))
            } else {
                page.t(&option_id(ct, step, fact_id, v))
            },
            checked: v == value,
        })
        .collect();
    Question {
        step_id: step.id.clone(),
        label: page.t(&format!("{}-step-{}", ct.id, step.id)),
        hint: hint.map(|h| page.t(h)).unwrap_or_default(),
        multiline: input == InputKind::LongText,
        input_type,
        inputmode,
        autocomplete,
        value: value.to_string(),
        options,
        optional: !required,
        prefill_note: if prefilled {
            page.t("intake-prefill-note")
        } else {
            String::new()
        },
        error,
        error_target: if values.is_empty() {
            "value".into()
        } else {
            "value-0".into()
        },
    }
}

/// A document's step noun ("uw schadeformulier"), for quoting it.
pub fn document_name(page: &PageCtx, ct: &CaseType, docs: &[DocumentRow], doc_id: Option<&str>) -> String {
    let step = doc_id
        .and_then(|id| docs.iter().find(|d| d.id == id))
        .and_then(|d| d.step_id.as_deref());
    match step {
        Some(step) => page.t(&format!("{}-step-{step}-document", ct.id)),
        None => page.t("intake-document-generic"),
    }
}

/// Where one observation comes from, in words, with its quote.
pub fn source_text(page: &PageCtx, ct: &CaseType, docs: &[DocumentRow], o: &Observation) -> String {
    match o.source {
        Source::ApplicantAnswer => page.t("intake-source-answer"),
        Source::Prefill => page.t("intake-source-prefill"),
        Source::Reviewer => page.t("intake-source-reviewer"),
        Source::Document => page.ta(
            "intake-source-document",
            &[
                ("document", document_name(page, ct, docs, o.doc_id.as_deref())),
                ("page", (o.page_index.unwrap_or(0) + 1).to_string()),
                ("quote", o.quote.clone()),
            ],
        ),
    }
}

pub fn choice(page: &PageCtx, ct: &CaseType, fact: &FactDef, docs: &[DocumentRow], shown: &Shown<'_>) -> Choice {
    let mut sources: Vec<String> = shown.sources.iter().map(|o| source_text(page, ct, docs, o)).collect();
    sources.dedup();
    Choice {
        value: shown.value_normalized.to_string(),
        label: fact_value(page, ct, fact, shown.value_raw, shown.value_normalized),
        sources,
    }
}

/// A fact's value for display: option labels for choices, yes/no in words, else as written.
pub fn fact_value(page: &PageCtx, ct: &CaseType, fact: &FactDef, raw: &str, normalized: &str) -> String {
    match fact.fact_type {
        FactType::YesNo => page.t(&format!("intake-{normalized}")),
        FactType::Choice => page.t(&format!("{}-option-{}-{normalized}", ct.id, fact.id)),
        _ => raw.to_string(),
    }
}

pub fn file_rows(page: &PageCtx, docs: &[DocumentRow], step_id: Option<&str>) -> Vec<FileRow> {
    docs.iter()
        .filter(|d| step_id.is_none_or(|s| d.step_id.as_deref() == Some(s)))
        .map(|d| FileRow {
            doc_id: d.id.clone(),
            name: d.filename.clone().unwrap_or_else(|| d.id.clone()),
            size: human_size(d.byte_size),
            status: match (d.status, d.failure_reason.as_deref()) {
                (DocStatus::Failed, Some(reason)) => {
                    let id = format!("intake-docs-failed-{reason}");
                    if page.l10n.has(page.locale, &id) {
                        page.t(&id)
                    } else {
                        page.t("intake-docs-failed-other")
                    }
                }
                (status, _) => page.t(&format!("intake-docs-status-{status}")),
            },
            failed: d.status == DocStatus::Failed,
        })
        .collect()
}

pub fn human_size(bytes: i64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} kB", (bytes + 1023) / 1024)
    }
}
