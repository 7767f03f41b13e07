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
    /// The page shows an error: its title starts with "Fout:" and focus goes to the summary.
    pub error: bool,
}

impl Chrome {
    /// The page title's prefix when the page has errors ("Fout: ").
    pub fn title_prefix(&self, page: &PageCtx) -> String {
        if self.error {
            format!("{} ", page.t("intake-error-title-prefix"))
        } else {
            String::new()
        }
    }
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
    /// Still being read.
    pub reading: bool,
}

#[derive(Template)]
#[template(path = "intake/documents.html")]
pub struct DocumentsPage<'a> {
    pub page: &'a PageCtx,
    pub chrome: &'a Chrome,
    pub step_id: &'a str,
    pub heading: String,
    pub optional: bool,
    pub hint: String,
    pub accept: String,
    /// The step takes photos: a second input opens the phone's camera (`capture`).
    pub camera: bool,
    pub files: Vec<FileRow>,
    pub can_add: bool,
    pub error: String,
    pub notice: String,
}

/// One value a document states, on that document's confirmation page.
pub struct ReadRow {
    pub label: String,
    pub value: String,
    pub source: String,
    /// Where to correct it.
    pub change: String,
}

#[derive(Template)]
#[template(path = "intake/read.html")]
pub struct ReadPage<'a> {
    pub page: &'a PageCtx,
    pub chrome: &'a Chrome,
    pub doc_id: &'a str,
    pub heading: String,
    pub intro: String,
    pub rows: Vec<ReadRow>,
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
    /// The label of the typed answer: "the right answer" (confirm), "another answer"
    /// (choose), or the fact itself (nothing found).
    pub other_label: String,
    /// Nothing was found: the question is asked plainly, with "I don't know".
    pub missing: bool,
    /// Answering again from the summary's change link.
    pub change: bool,
    pub value: String,
    pub error: String,
}

pub struct FactLine {
    pub label: String,
    pub value: String,
    pub sources: Vec<String>,
    /// Where to change it.
    pub change: Option<String>,
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
    /// The number the applicant quotes to their insurer.
    pub reference: String,
    /// Where the receipt (PDF) is downloaded.
    pub receipt: String,
    pub return_url: String,
}

/// The Fluent id of an option's label.
pub fn option_id(ct: &CaseType, step: &Step, fact: Option<&str>, option: &str) -> String {
    format!("{}-option-{}-{option}", ct.id, fact.unwrap_or(&step.id))
}

/// How an answer reads back in the transcript and summary.
pub fn answer_text(page: &PageCtx, ct: &CaseType, step: &Step, value_raw: &str, value_normalized: &str) -> String {
    match &step.kind {
        StepKind::Consent => page.t("intake-consent-answer"),
        StepKind::Documents { .. } => match value_raw {
            "0" => page.t("intake-docs-answer-none"),
            "1" => page.t("intake-docs-answer-one"),
            n => page.ta("intake-docs-answer-many", &[("count", n.to_string())]),
        },
        StepKind::Question { input, fact, .. } => match input {
            _ if value_normalized.is_empty() => page.t("intake-not-given"),
            InputKind::YesNo => page.t(&format!("intake-{value_normalized}")),
            InputKind::Choice => page.t(&option_id(ct, step, fact.as_deref(), value_normalized)),
            _ => value_raw.to_string(),
        },
    }
}

/// The transcript of visible, answered steps before `until` (all when `None`).
#[expect(clippy::too_many_arguments, reason = "what the transcript shows comes from each")]
pub fn transcript(
    page: &PageCtx,
    ct: &CaseType,
    visible: &[&Step],
    answers: &Answers,
    observations: &[Observation],
    base: &str,
    until: Option<&str>,
    editable: bool,
) -> Vec<Turn> {
    let mut out = Vec::new();
    for step in visible {
        if Some(step.id.as_str()) == until {
            break;
        }
        // A question a document answered was never asked: its value is on the document's page.
        let Some(a) = answers.get(&step.id) else {
            if super::flow::covered(step, observations) {
                continue;
            }
            break;
        };
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
        Source::ApplicantAnswer if o.reacts_to == Some(crate::facts::Reaction::Confirms) => {
            page.t("intake-source-confirmed")
        }
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

/// Where in a document a value stands: its page and its words.
pub fn quote_text(page: &PageCtx, o: &Observation) -> String {
    page.ta(
        "intake-quote",
        &[
            ("page", (o.page_index.unwrap_or(0) + 1).to_string()),
            ("quote", o.quote.clone()),
        ],
    )
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

/// A fact's value for display in the page's language, from its normalized form: dates and
/// amounts written the page's way, option labels for choices, yes/no in words, an IBAN in
/// groups of four. Whatever does not parse is shown as written.
pub fn fact_value(page: &PageCtx, ct: &CaseType, fact: &FactDef, raw: &str, normalized: &str) -> String {
    match fact.fact_type {
        FactType::YesNo => page.t(&format!("intake-{normalized}")),
        FactType::Choice => page.t(&format!("{}-option-{}-{normalized}", ct.id, fact.id)),
        FactType::Date => long_date(page, normalized).unwrap_or_else(|| raw.to_string()),
        FactType::Money => money(page, fact.currency.as_deref(), normalized).unwrap_or_else(|| raw.to_string()),
        FactType::Iban => normalized
            .as_bytes()
            .chunks(4)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join(" "),
        _ if normalized.is_empty() => raw.to_string(),
        _ => normalized.to_string(),
    }
}

/// A moment (ms since the epoch, UTC) as "3 februari 2023, 14:05 UTC".
pub fn timestamp(page: &PageCtx, ms: i64) -> String {
    let Ok(t) = time::OffsetDateTime::from_unix_timestamp(ms / 1000) else {
        return String::new();
    };
    let iso = format!("{:04}-{:02}-{:02}", t.year(), u8::from(t.month()), t.day());
    let date = long_date(page, &iso).unwrap_or(iso);
    format!("{date}, {:02}:{:02} UTC", t.hour(), t.minute())
}

/// `2023-02-03` as "3 februari 2023" / "3 February 2023".
pub fn long_date(page: &PageCtx, iso: &str) -> Option<String> {
    let mut parts = iso.splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    let (y, m, d): (u32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let month = page.t(&format!("intake-month-{m}"));
    Some(page.ta(
        "intake-date-long",
        &[("day", d.to_string()), ("month", month), ("year", y.to_string())],
    ))
}

/// `1234.56` as "€ 1.234,56" (Dutch) or "€1,234.56" (English).
pub fn money(page: &PageCtx, currency: Option<&str>, normalized: &str) -> Option<String> {
    let (whole, cents) = normalized.split_once('.').unwrap_or((normalized, "00"));
    let negative = whole.starts_with('-');
    let digits = whole.trim_start_matches('-');
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || !cents.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (group, decimal) = if page.is_lang("nl") { ('.', ',') } else { (',', '.') };
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(group);
        }
        grouped.push(c);
    }
    let cents = format!("{cents:0<2}");
    let amount = format!("{}{grouped}{decimal}{cents}", if negative { "-" } else { "" });
    let symbol = match currency.unwrap_or("EUR") {
        "EUR" => "\u{20ac}".to_string(),
        other => format!("{other} "),
    };
    Some(if page.is_lang("nl") {
        format!("{symbol} {amount}").replace("  ", " ")
    } else {
        format!("{symbol}{amount}")
    })
}

pub fn file_rows(page: &PageCtx, docs: &[&DocumentRow]) -> Vec<FileRow> {
    docs.iter()
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
            reading: d.status == DocStatus::Received,
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

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::l10n::{L10n, Locale};

    fn page(locale: Locale) -> PageCtx {
        PageCtx::new(Arc::new(L10n::load(None).expect("messages")), locale, "req".into())
    }

    #[test]
    fn dates_and_amounts_read_the_pages_way_whatever_the_document_wrote() {
        let (nl, en) = (page(Locale::Nl), page(Locale::En));
        assert_eq!(long_date(&nl, "2025-07-04").as_deref(), Some("4 juli 2025"));
        assert_eq!(long_date(&en, "2023-01-03").as_deref(), Some("3 January 2023"));
        assert_eq!(long_date(&nl, "2025-13-04"), None, "no such month");
        assert_eq!(long_date(&nl, "4 July 2025"), None, "not normalized");
        for (normalized, dutch, english) in [
            ("697.00", "\u{20ac} 697,00", "\u{20ac}697.00"),
            ("1234.56", "\u{20ac} 1.234,56", "\u{20ac}1,234.56"),
            ("1000000", "\u{20ac} 1.000.000,00", "\u{20ac}1,000,000.00"),
            ("12.5", "\u{20ac} 12,50", "\u{20ac}12.50"),
        ] {
            assert_eq!(
                money(&nl, Some("EUR"), normalized).as_deref(),
                Some(dutch),
                "{normalized}"
            );
            assert_eq!(money(&en, None, normalized).as_deref(), Some(english), "{normalized}");
        }
        assert_eq!(money(&nl, Some("EUR"), "abc"), None);
        assert_eq!(money(&en, Some("USD"), "5.00").as_deref(), Some("USD 5.00"));
        assert_eq!(timestamp(&nl, 1_675_382_400_000), "3 februari 2023, 00:00 UTC");
    }

    #[test]
    fn a_documents_step_reads_back_how_many_files_were_given() {
        let nl = page(Locale::Nl);
        let ct = crate::case_types::CaseTypes::load(None, &nl.l10n).expect("case types");
        let motor = ct.get("motor_claim").expect("motor_claim");
        let step = motor.step("damage_report").expect("step");
        assert_eq!(answer_text(&nl, &motor, step, "0", "done"), "Geen bestanden");
        assert_eq!(answer_text(&nl, &motor, step, "1", "done"), "1 bestand");
        assert_eq!(answer_text(&nl, &motor, step, "3", "done"), "3 bestanden");
    }
}
