//! The applicant plane: the intake engine driven with the claimant's signed link, and the
//! next action after every call in a form a model can act on (which step, which fields with
//! their types and options, what was read from the documents, which follow-ups are open).
//!
//! The link is checked on every call, as the pages check their cookie; nothing is remembered
//! between calls but what the engine stores, so the browser and the assistant always see the
//! same claim.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::ToolError;
use crate::case_types::{CaseType, InputKind, Step, StepKind};
use crate::cases::store::CaseRow;
use crate::error::{AppError, Code};
use crate::facts::Observation;
use crate::ids::{IdKind, now_ms};
use crate::intake::engine::{self, CheckAnswer, Loaded, Outcome, Received, Screen, Submitted, Upload};
use crate::intake::flow::{self, Check, Gap, Shown};
use crate::l10n::Locale;
use crate::links::LinkError;
use crate::state::AppState;

/// How long a tool waits for documents to be read when it is not told.
const DEFAULT_UPLOAD_WAIT_SECS: u64 = 20;
const DEFAULT_WAIT_SECS: u64 = 30;
const MAX_WAIT_SECS: u64 = 60;
/// How often a waiting tool looks again.
const POLL: Duration = Duration::from_millis(250);
/// The longest file name kept (shown back, never used as a path), as on the pages.
const MAX_NAME_CHARS: usize = 120;

// ---- inputs ---------------------------------------------------------------------------------

/// A call that needs only the claimant's link.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkOnly {
    /// The claimant's signed link, as the insurer sent it: `https://…/s/{case_id}?token=…`.
    /// Over stdio it may be left out once a link was given at start or opened.
    pub link: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GiveConsent {
    /// The claimant's signed link (see open_intake).
    pub link: Option<String>,
    /// True: the claimant read the privacy notice and agrees. Anything else is refused.
    pub agree: bool,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerFields {
    /// The claimant's signed link (see open_intake).
    pub link: Option<String>,
    /// step_id → the claimant's answer as text, e.g. {"incident_type": "collision",
    /// "counterparty_involved": "no"}. A documents step's step_id with "done" finishes it.
    pub answers: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerQuestion {
    /// The claimant's signed link (see open_intake).
    pub link: Option<String>,
    /// For a confirm_document action: the document whose values the claimant confirms (with
    /// choice "yes").
    pub document_id: Option<String>,
    /// For a check action, or to correct one value of a document: the fact.
    pub fact_id: Option<String>,
    /// For a clarification action: the case handler's question being answered (then give the
    /// answer in `value`; `choice` is "other").
    pub clarification_id: Option<String>,
    /// "yes", "value:<value>" (one of the values offered), "other" (then give `value`) or
    /// "unknown".
    pub choice: String,
    /// The claimant's own value, with choice "other".
    pub value: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UploadDocument {
    /// The claimant's signed link (see open_intake).
    pub link: Option<String>,
    /// The documents step to upload to; default: the one the next action is at.
    pub step_id: Option<String>,
    /// The file's name as the claimant knows it (shown back, never used as a path).
    pub filename: String,
    /// The file's bytes, base64 (standard alphabet, padding optional).
    pub content_base64: String,
    /// True when this is the last file for the step: the step is then finished.
    #[serde(default)]
    pub finish_step: bool,
    /// Seconds to wait for the documents to be read before answering (0 to 60, default 20).
    pub wait_seconds: Option<u64>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WaitForNextAction {
    /// The claimant's signed link (see open_intake).
    pub link: Option<String>,
    /// Seconds to wait at most (0 to 60, default 30).
    pub wait_seconds: Option<u64>,
}

// ---- the link -------------------------------------------------------------------------------

/// The case id and token of a signed applicant link: a whole URL, a path, or either with a
/// `lang` or other parameter beside the token.
pub fn parse_link(raw: &str) -> Option<(String, String)> {
    let raw = raw.trim();
    let after = &raw[raw.find("/s/")? + 3..];
    let (path, query) = after.split_once('?')?;
    let case_id = path.trim_end_matches('/');
    let token = query
        .split(['&', '#'])
        .find_map(|pair| pair.strip_prefix("token="))
        .filter(|t| !t.is_empty())?;
    Some((case_id.to_string(), token.to_string()))
}

fn link_invalid() -> ToolError {
    ToolError::new(
        "link_invalid",
        "this is not a valid claim link: check that the whole link was copied (https://…/s/{case_id}?token=…)",
    )
}

fn link_expired() -> ToolError {
    ToolError::new(
        "link_expired",
        "this claim link has expired or was withdrawn by the insurer: the claimant should ask the insurer for a new one",
    )
}

/// Everything one applicant call works on.
struct Claim {
    case: CaseRow,
    ct: Arc<CaseType>,
}

/// Checks the link and opens the claim (the first opening moves it to `in_progress`, as the
/// page does). A link whose signature holds but whose time ran out, or that the insurer
/// withdrew, is `link_expired`; anything else is `link_invalid`.
async fn open(state: &AppState, link: &str) -> Result<Claim, ToolError> {
    let (case_id, token) = parse_link(link).ok_or_else(link_invalid)?;
    if !crate::ids::well_formed(IdKind::Case, &case_id) {
        return Err(link_invalid());
    }
    let now = now_ms();
    match crate::links::verify_applicant(&state.config.signing_keys, &case_id, &token, now) {
        Ok(()) => {}
        Err(LinkError::Expired) => return Err(link_expired()),
        Err(_) => return Err(link_invalid()),
    }
    let case = match engine::open_link(&state.db, &state.config.signing_keys, &case_id, &token, now).await {
        Ok(case) => case,
        // The signature holds, so the link was ours: the case's link was withdrawn or ran out.
        Err(e) if e.code == Code::LinkInvalid => return Err(link_expired()),
        Err(e) => return Err(ToolError::from_app(state, &e)),
    };
    let ct = state.case_types.get(&case.case_type_id).ok_or_else(|| {
        ToolError::from_app(
            state,
            &AppError::internal(std::io::Error::other(format!(
                "case type {} is not loaded",
                case.case_type_id
            ))),
        )
    })?;
    Ok(Claim { case, ct })
}

/// The claim as stored now (after a change).
async fn reload(state: &AppState, claim: &Claim) -> Result<CaseRow, ToolError> {
    engine::find_case(&state.db, &claim.case.id)
        .await
        .map_err(|e| ToolError::from_app(state, &e))?
        .ok_or_else(link_expired)
}

fn app(state: &AppState) -> impl Fn(AppError) -> ToolError + '_ {
    move |e| ToolError::from_app(state, &e)
}

// ---- the next action ------------------------------------------------------------------------

/// Texts in the claim's language.
struct Words<'a> {
    state: &'a AppState,
    locale: Locale,
}

impl Words<'_> {
    fn t(&self, id: &str) -> String {
        self.state.l10n.tr(self.locale, id, None)
    }
}

#[derive(Serialize)]
struct Intake {
    case_id: String,
    /// The reference the claimant quotes to the insurer.
    reference: String,
    status: &'static str,
    locale: &'static str,
    /// Whether the claimant may still change anything.
    open: bool,
    next_action: Value,
    /// Pages done and pages left in the hosted flow, as the progress bar shows them.
    progress: Progress,
}

#[derive(Serialize)]
struct Progress {
    done: usize,
    remaining: usize,
}

#[derive(Serialize)]
struct Field {
    step_id: String,
    fact_id: Option<String>,
    /// The question as the claimant reads it.
    question: String,
    /// text, long_text, date, amount, yes_no, choice, licence_plate, iban, email or phone.
    input: &'static str,
    required: bool,
    /// For yes_no and choice: the values to send and what they mean.
    options: Vec<Choice>,
    /// How a value of this kind may be written.
    hint: Option<String>,
    /// What the insurer prefilled or the claimant answered before, if anything.
    current_value: Option<String>,
}

#[derive(Serialize)]
struct Choice {
    value: String,
    label: String,
}

#[derive(Serialize)]
struct ReadValue {
    fact_id: String,
    label: String,
    /// The value as Klarefi stores it (send this back with choice "value:…").
    value: String,
    /// The value as the document (or the claimant) wrote it.
    as_written: String,
    /// Where it came from: document, applicant_answer or prefill, and which document.
    sources: Vec<SourceRef>,
}

#[derive(Serialize)]
struct SourceRef {
    source: &'static str,
    document_id: Option<String>,
    page: Option<i64>,
}

#[derive(Serialize)]
struct DocRef {
    document_id: String,
    filename: Option<String>,
    status: Value,
}

fn input_name(kind: InputKind) -> &'static str {
    match kind {
        InputKind::Text => "text",
        InputKind::LongText => "long_text",
        InputKind::Date => "date",
        InputKind::Amount => "amount",
        InputKind::YesNo => "yes_no",
        InputKind::Choice => "choice",
        InputKind::LicencePlate => "licence_plate",
        InputKind::Iban => "iban",
        InputKind::Email => "email",
        InputKind::Phone => "phone",
    }
}

fn hint_of(words: &Words<'_>, kind: InputKind) -> Option<String> {
    let id = match kind {
        InputKind::Date => "intake-hint-date",
        InputKind::Amount => "intake-hint-amount",
        InputKind::LicencePlate => "intake-hint-licence_plate",
        InputKind::Iban => "intake-hint-iban",
        InputKind::Email => "intake-hint-email",
        InputKind::Phone => "intake-hint-phone",
        _ => return None,
    };
    let mut hint = words.t(id);
    if kind == InputKind::Date {
        hint.push_str(" (or YYYY-MM-DD)");
    }
    Some(hint)
}

fn field(words: &Words<'_>, ct: &CaseType, loaded: &Loaded, step: &Step) -> Option<Field> {
    let StepKind::Question {
        fact,
        input,
        required,
        options,
    } = &step.kind
    else {
        return None;
    };
    let values: Vec<String> = match input {
        InputKind::YesNo => vec!["yes".into(), "no".into()],
        InputKind::Choice => options.clone(),
        _ => Vec::new(),
    };
    let options = values
        .into_iter()
        .map(|v| Choice {
            label: if *input == InputKind::YesNo {
                words.t(&format!("intake-{v}"))
            } else {
                words.t(&crate::intake::option_id(ct, step, fact.as_deref(), &v))
            },
            value: v,
        })
        .collect();
    let current_value = loaded.answers.get(&step.id).map(|a| a.value_raw.clone()).or_else(|| {
        fact.as_deref()
            .and_then(|f| loaded.prefill(f))
            .map(|o| o.value_raw.clone())
    });
    Some(Field {
        step_id: step.id.clone(),
        fact_id: fact.clone(),
        question: words.t(&format!("{}-step-{}", ct.id, step.id)),
        input: input_name(*input),
        required: *required,
        options,
        hint: hint_of(words, *input),
        current_value,
    })
}

fn read_value(words: &Words<'_>, ct: &CaseType, fact_id: &str, shown: &Shown<'_>) -> ReadValue {
    ReadValue {
        fact_id: fact_id.to_string(),
        label: words.t(&format!("{}-fact-{fact_id}", ct.id)),
        value: shown.value_normalized.to_string(),
        as_written: shown.value_raw.to_string(),
        sources: shown.sources.iter().map(|o| source_ref(o)).collect(),
    }
}

fn source_ref(o: &Observation) -> SourceRef {
    SourceRef {
        source: o.source.as_str(),
        document_id: o.doc_id.clone(),
        page: o.page_index,
    }
}

fn doc_refs(docs: &[&crate::documents::store::DocumentRow]) -> Vec<DocRef> {
    docs.iter()
        .map(|d| DocRef {
            document_id: d.id.clone(),
            filename: d.filename.clone(),
            status: serde_json::to_value(d.status).unwrap_or(Value::Null),
        })
        .collect()
}

/// The next action at `screen`, for a model: what it is, what it needs, and which tool does it.
fn next_action(
    words: &Words<'_>,
    case: &CaseRow,
    ct: &CaseType,
    loaded: &Loaded,
    visible: &[&Step],
    screen: &Screen<'_>,
) -> Value {
    match screen {
        Screen::Done => serde_json::json!({
            "kind": "done",
            "submitted": case.submitted_at.is_some(),
            "status": case.status.as_str(),
            "say": if case.submitted_at.is_some() {
                "The claim was submitted; nothing more is needed. Give the claimant the reference."
            } else {
                "The claim is closed (the link was withdrawn or expired); nothing can be changed."
            },
        }),
        Screen::Step(step) => match &step.kind {
            StepKind::Consent => serde_json::json!({
                "kind": "consent",
                "tool": "give_intake_consent",
                "step_id": step.id,
                "title": words.t(&format!("{}-step-{}", ct.id, step.id)),
                "privacy_notice": words.t(&format!("{}-step-{}-notice", ct.id, step.id)),
                "say": "Show the claimant the privacy notice; when they agree, call give_intake_consent with agree: true.",
            }),
            StepKind::Documents {
                accept,
                max_files,
                max_bytes,
                required,
                ..
            } => {
                let on_step = loaded.on_step(&step.id);
                let remaining = (*max_files as usize).saturating_sub(on_step.len());
                serde_json::json!({
                    "kind": "documents",
                    "tool": "upload_document",
                    "step_id": step.id,
                    "request": words.t(&format!("{}-step-{}", ct.id, step.id)),
                    "required": required,
                    "accept": accept.iter().map(|f| f.as_str()).collect::<Vec<_>>(),
                    "max_bytes": max_bytes,
                    "files_remaining": remaining,
                    "uploaded": doc_refs(&on_step),
                    "say": if *required && on_step.is_empty() {
                        "Ask the claimant for this document and upload it with upload_document (finish_step: true for the last file)."
                    } else {
                        "Upload any file the claimant has for this request with upload_document (finish_step: true for the last one); if they have none (more), call answer_fields with {step_id: \"done\"}."
                    },
                })
            }
            StepKind::Question { .. } => {
                // This question and the open ones after it, up to the next step of another kind:
                // an assistant may ask them together.
                let start = visible.iter().position(|s| s.id == step.id).unwrap_or(0);
                let fields: Vec<Field> = visible[start..]
                    .iter()
                    .filter(|s| !flow::settled(s, &loaded.answers, &loaded.observations))
                    .take_while(|s| matches!(s.kind, StepKind::Question { .. }))
                    .filter_map(|s| field(words, ct, loaded, s))
                    .collect();
                serde_json::json!({
                    "kind": "questions",
                    "tool": "answer_fields",
                    "fields": fields,
                    "say": "Ask the claimant these questions (an optional one may be left out) and send the answers together with answer_fields; a later question may appear after an answer (e.g. the other party's plate after \"yes\").",
                })
            }
        },
        Screen::Waiting { read, total } => serde_json::json!({
            "kind": "wait",
            "tool": "wait_for_next_action",
            "documents_read": read,
            "documents_total": total,
            "say": "The documents are being read; call wait_for_next_action.",
        }),
        Screen::Document(page) => {
            let doc = loaded.docs.iter().find(|d| d.id == page.doc_id);
            let values: Vec<ReadValue> = page
                .checks
                .iter()
                .filter_map(|c| match c {
                    Check::Confirm { fact_id, shown } => Some(read_value(words, ct, fact_id, shown)),
                    Check::FollowUp { .. } => None,
                })
                .collect();
            serde_json::json!({
                "kind": "confirm_document",
                "tool": "answer_question",
                "document_id": page.doc_id,
                "filename": doc.and_then(|d| d.filename.clone()),
                "values": values,
                "say": "Show the claimant what was read from their document. If all is right, call answer_question with this document_id and choice \"yes\"; to correct one value, call answer_question with its fact_id, choice \"other\" and the right value.",
            })
        }
        Screen::Check(check) => check_action(words, ct, check),
        Screen::Summary => {
            let answers: Vec<Value> = visible
                .iter()
                .filter_map(|s| {
                    let a = loaded.answers.get(&s.id)?;
                    Some(serde_json::json!({
                        "step_id": s.id,
                        "question": words.t(&format!("{}-step-{}", ct.id, s.id)),
                        "answer": crate::intake::answer_text(&words_page(words), ct, s, &a.value_raw, &a.value_normalized),
                    }))
                })
                .collect();
            let facts: Vec<Value> = crate::facts::resolve_all(&case.id, ct, &loaded.observations)
                .iter()
                .zip(&ct.facts)
                .filter_map(|(r, f)| {
                    let m = r.selected_value().or_else(|| r.top())?;
                    Some(serde_json::json!({
                        "fact_id": f.id,
                        "label": words.t(&format!("{}-fact-{}", ct.id, f.id)),
                        "value": m.value_normalized,
                    }))
                })
                .collect();
            serde_json::json!({
                "kind": "summary",
                "tool": "submit_intake",
                "answers": answers,
                "facts": facts,
                "say": "Everything is answered. Show the claimant this summary; when they confirm, call submit_intake.",
            })
        }
    }
}

fn words_page(words: &Words<'_>) -> crate::web::PageCtx {
    crate::web::PageCtx::new(words.state.l10n.clone(), words.locale, String::new())
}

fn check_action(words: &Words<'_>, ct: &CaseType, check: &Check<'_>) -> Value {
    let fact_id = check.fact_id();
    let label = words.t(&format!("{}-fact-{fact_id}", ct.id));
    match check {
        Check::Confirm { shown, .. } => serde_json::json!({
            "kind": "check",
            "tool": "answer_question",
            "fact_id": fact_id,
            "label": label,
            "reason": "confirm",
            "values": [read_value(words, ct, fact_id, shown)],
            "choices": ["yes", "other"],
            "say": "Ask the claimant whether this value is right: choice \"yes\", or \"other\" with the right value.",
        }),
        Check::FollowUp { gap, values, .. } => {
            let mut choices: Vec<String> = values.iter().map(|v| format!("value:{}", v.value_normalized)).collect();
            choices.push("other".into());
            choices.push("unknown".into());
            let say = match gap {
                Gap::Missing => {
                    "Nothing gave this value: ask the claimant for it (choice \"other\" with the value), or choice \"unknown\" if they do not know."
                }
                Gap::Conflict => {
                    "The sources disagree: ask the claimant which value is right (choice \"value:…\"), or \"other\" with the right one, or \"unknown\"."
                }
            };
            serde_json::json!({
                "kind": "check",
                "tool": "answer_question",
                "fact_id": fact_id,
                "label": label,
                "reason": gap.as_str(),
                "values": values.iter().map(|v| read_value(words, ct, fact_id, v)).collect::<Vec<_>>(),
                "choices": choices,
                "say": say,
            })
        }
    }
}

/// The claim as it stands now, with its next action.
async fn view(state: &AppState, claim: &Claim) -> Result<Value, ToolError> {
    let case = reload(state, claim).await?;
    let ct = &claim.ct;
    let loaded = engine::load(&state.db, &case.id).await.map_err(app(state))?;
    let now = now_ms();
    let (visible, screen) = engine::screen(&case, ct, &loaded, now);
    let locale = case
        .locale
        .as_deref()
        .and_then(Locale::parse)
        .unwrap_or(Locale::DEFAULT);
    let words = Words { state, locale };
    // A case handler's question comes first, as on the pages (`review::clarify`).
    let asked = crate::review::open_clarification(&state.db, &case)
        .await
        .map_err(app(state))?;
    let next = match asked {
        Some(c) => serde_json::json!({
            "kind": "clarification",
            "tool": "answer_question",
            "clarification_id": c.id,
            "fact_id": c.fact_id,
            "label": c.fact_id.as_deref().map(|f| words.t(&format!("{}-fact-{f}", ct.id))),
            "question": c.question,
            "say": "The insurer's case handler asks the claimant this. Ask them, then call answer_question with this clarification_id, choice \"other\" and their answer in value.",
        }),
        None => next_action(&words, &case, ct, &loaded, &visible, &screen),
    };
    let at = match &screen {
        Screen::Step(step) => engine::At::Step(&step.id),
        Screen::Summary | Screen::Done => engine::At::Summary,
        _ => engine::At::Checks,
    };
    let p = engine::progress(ct, &loaded, &visible, &at);
    let intake = Intake {
        reference: engine::reference(&case),
        status: case.status.as_str(),
        locale: locale.as_str(),
        open: engine::is_open(&case, now),
        next_action: next,
        progress: Progress {
            done: p.current,
            remaining: p.total.saturating_sub(p.current),
        },
        case_id: case.id,
    };
    serde_json::to_value(intake).map_err(|e| ToolError::from_app(state, &AppError::internal(e)))
}

/// Refuses a change once the claimant can no longer make one.
fn require_open(state: &AppState, claim: &Claim) -> Result<(), ToolError> {
    if engine::is_open(&claim.case, now_ms()) {
        Ok(())
    } else {
        Err(ToolError::from_app(
            state,
            &AppError::new(crate::error::Kind::Authorization, Code::IntakeClosed),
        ))
    }
}

fn english(state: &AppState, message_id: &str) -> String {
    state.l10n.tr(Locale::En, message_id, None)
}

/// A refusal with where the claim stands, so the assistant can carry on from there.
async fn refuse(state: &AppState, claim: &Claim, error: ToolError) -> ToolError {
    match view(state, claim).await {
        Ok(next) => error.with_next(next),
        Err(_) => error,
    }
}

// ---- the tools ------------------------------------------------------------------------------

pub async fn open_intake(state: &AppState, link: &str) -> Result<Value, ToolError> {
    let claim = open(state, link).await?;
    view(state, &claim).await
}

pub async fn give_consent(state: &AppState, link: &str, agree: bool) -> Result<Value, ToolError> {
    let claim = open(state, link).await?;
    require_open(state, &claim)?;
    if !agree {
        let e = ToolError::new(
            "consent_required",
            "the claim cannot go on without the claimant's consent; call again with agree: true once they agree",
        );
        return Err(refuse(state, &claim, e).await);
    }
    let Some(step) = claim.ct.steps.iter().find(|s| matches!(s.kind, StepKind::Consent)) else {
        let e = ToolError::new("wrong_step", "this claim asks for no consent");
        return Err(refuse(state, &claim, e).await);
    };
    let step_id = step.id.clone();
    apply(state, &claim, &step_id, "yes").await?;
    view(state, &claim).await
}

/// One answer through the engine; a refusal or an answer out of turn becomes a tool error.
async fn apply(state: &AppState, claim: &Claim, step_id: &str, raw: &str) -> Result<(), ToolError> {
    let outcome = engine::answer_step(&state.db, &claim.case, &claim.ct, step_id, raw, now_ms()).await;
    let error = match outcome {
        Ok(Outcome::Recorded) => return Ok(()),
        Ok(Outcome::Moved) => ToolError::new(
            "wrong_step",
            format!("step {step_id:?} cannot be answered yet: an earlier step is still open (see next_action)"),
        ),
        Ok(Outcome::Refused { message_id }) => ToolError::new(
            "answer_refused",
            format!("step {step_id:?}: {}", english(state, &message_id)),
        ),
        Err(e) if e.code == Code::NotFound => ToolError::new(
            "wrong_step",
            format!(
                "this claim has no step {step_id:?} now (unknown, or hidden by an earlier answer); see next_action"
            ),
        ),
        Err(e) => ToolError::from_app(state, &e),
    };
    Err(refuse(state, claim, error).await)
}

pub async fn answer_fields(
    state: &AppState,
    link: &str,
    answers: &BTreeMap<String, String>,
) -> Result<Value, ToolError> {
    let claim = open(state, link).await?;
    require_open(state, &claim)?;
    if answers.is_empty() {
        let e = ToolError::new("bad_input", "give at least one answer in `answers` (step_id → answer)");
        return Err(refuse(state, &claim, e).await);
    }
    if let Some(unknown) = answers.keys().find(|id| claim.ct.step(id).is_none()) {
        let e = ToolError::new(
            "wrong_step",
            format!("this claim has no step {unknown:?}; use the step_id values of next_action"),
        );
        return Err(refuse(state, &claim, e).await);
    }
    // In the claim's order, so each answer can open the step after it.
    for step in &claim.ct.steps {
        if let Some(raw) = answers.get(&step.id) {
            apply(state, &claim, &step.id, raw).await?;
        }
    }
    view(state, &claim).await
}

pub async fn answer_question(state: &AppState, link: &str, args: &AnswerQuestion) -> Result<Value, ToolError> {
    let claim = open(state, link).await?;
    let now = now_ms();
    if let Some(id) = &args.clarification_id {
        let value = args.value.as_deref().unwrap_or_default();
        return answer_clarification(state, &claim, id, value, now).await;
    }
    require_open(state, &claim)?;
    if let Some(error) = out_of_turn(state, &claim, args, now).await? {
        return Err(refuse(state, &claim, error).await);
    }
    let (outcome, about) = match (&args.document_id, &args.fact_id) {
        (Some(doc), None) => {
            if args.choice != "yes" {
                let e = ToolError::new(
                    "bad_input",
                    "with document_id the only choice is \"yes\"; to correct one value give its fact_id, choice \"other\" and value",
                );
                return Err(refuse(state, &claim, e).await);
            }
            let outcome = engine::confirm_document(&state.db, &claim.case, &claim.ct, doc, now).await;
            (outcome, format!("document {doc:?}"))
        }
        (None, Some(fact)) => {
            let reaction = CheckAnswer {
                choice: &args.choice,
                typed: args.value.as_deref().unwrap_or_default(),
                change: false,
            };
            let outcome = engine::answer_check(&state.db, &claim.case, &claim.ct, fact, &reaction, now).await;
            (outcome, format!("fact {fact:?}"))
        }
        _ => {
            let e = ToolError::new("bad_input", "give either document_id or fact_id (one of them)");
            return Err(refuse(state, &claim, e).await);
        }
    };
    let error = match outcome {
        Ok(Outcome::Recorded) => return view(state, &claim).await,
        Ok(Outcome::Moved) => ToolError::new(
            "wrong_step",
            format!(
                "there is nothing open to confirm about {about} now (already settled, or not read yet); see next_action"
            ),
        ),
        Ok(Outcome::Refused { message_id }) => {
            ToolError::new("answer_refused", format!("{about}: {}", english(state, &message_id)))
        }
        Err(e) if e.code == Code::NotFound => ToolError::new(
            "wrong_step",
            format!("this claim has no {about} to answer; see next_action"),
        ),
        Err(e) => ToolError::from_app(state, &e),
    };
    Err(refuse(state, &claim, error).await)
}

/// The claimant answers a case handler's question (after submitting, while the case waits on
/// them): `review::answer`, as the clarification page calls it.
async fn answer_clarification(
    state: &AppState,
    claim: &Claim,
    id: &str,
    value: &str,
    now: i64,
) -> Result<Value, ToolError> {
    let answered = crate::review::answer(&state.db, &claim.case, &claim.ct, id, value, now)
        .await
        .map_err(app(state))?;
    let error = match answered {
        crate::review::Answered::Recorded => return view(state, claim).await,
        crate::review::Answered::Invalid(message_id) => ToolError::new(
            "answer_refused",
            format!("clarification {id:?}: {}", english(state, &message_id)),
        ),
        crate::review::Answered::NothingOpen => ToolError::new(
            "wrong_step",
            format!("no open question {id:?} from the case handler; see next_action"),
        ),
    };
    Err(refuse(state, claim, error).await)
}

/// Why a reaction is not the one the claim asks for now, if it is not: the engine takes a
/// reaction to any open check (a browser's back button), but an assistant answers what
/// next_action shows — a document's page (its confirmation, or a correction of one of its
/// values) or the check asked on its own.
async fn out_of_turn(
    state: &AppState,
    claim: &Claim,
    args: &AnswerQuestion,
    now: i64,
) -> Result<Option<ToolError>, ToolError> {
    let loaded = engine::load(&state.db, &claim.case.id).await.map_err(app(state))?;
    let (_, screen) = engine::screen(&claim.case, &claim.ct, &loaded, now);
    let in_turn = match (&screen, &args.document_id, &args.fact_id) {
        (Screen::Document(_), Some(_), None) => true,
        (Screen::Document(page), None, Some(fact)) => page.checks.iter().any(|c| c.fact_id() == fact),
        (Screen::Check(check), None, Some(fact)) => check.fact_id() == fact,
        _ => false,
    };
    if in_turn {
        return Ok(None);
    }
    let about = match (&args.document_id, &args.fact_id) {
        (Some(doc), _) => format!("document {doc:?}"),
        (None, Some(fact)) => format!("fact {fact:?}"),
        (None, None) => "anything".to_string(),
    };
    Ok(Some(ToolError::new(
        "wrong_step",
        format!("the claim is not asking about {about} now; answer what next_action shows"),
    )))
}

/// The file name as kept: its last path part, without control characters, capped.
fn clean_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let name: String = base.chars().filter(|c| !c.is_control()).take(MAX_NAME_CHARS).collect();
    name.trim().to_string()
}

pub async fn upload_document(state: &AppState, link: &str, args: &UploadDocument) -> Result<Value, ToolError> {
    let claim = open(state, link).await?;
    require_open(state, &claim)?;
    let ct = &claim.ct;
    let loaded = engine::load(&state.db, &claim.case.id).await.map_err(app(state))?;
    let step_id = match &args.step_id {
        Some(id) => id.clone(),
        None => match engine::screen(&claim.case, ct, &loaded, now_ms()).1 {
            Screen::Step(step) if matches!(step.kind, StepKind::Documents { .. }) => step.id.clone(),
            _ => {
                let e = ToolError::new(
                    "wrong_step",
                    "the claim is not at a documents step now: give step_id, or follow next_action",
                );
                return Err(refuse(state, &claim, e).await);
            }
        },
    };
    let slot = match engine::upload_slot(ct, &loaded, &step_id) {
        Ok(Some(slot)) => slot,
        Ok(None) => {
            let e = ToolError::new(
                "wrong_step",
                format!("step {step_id:?} takes no uploads yet: an earlier step is still open (see next_action)"),
            );
            return Err(refuse(state, &claim, e).await);
        }
        Err(_) => {
            let e = ToolError::new(
                "wrong_step",
                format!("{step_id:?} is not a documents step of this claim; see next_action"),
            );
            return Err(refuse(state, &claim, e).await);
        }
    };
    let (max_bytes, accept, remaining) = (slot.max_bytes, slot.accept.to_vec(), slot.remaining);
    let mib = max_bytes as f64 / (1024.0 * 1024.0);
    let too_big = || {
        ToolError::new(
            "too_big",
            format!("the file is larger than this request takes ({mib:.0} MiB at most)"),
        )
    };
    if remaining == 0 {
        let e = ToolError::new(
            "too_many",
            "this request already holds as many files as it takes; finish it with answer_fields {step_id: \"done\"}",
        );
        return Err(refuse(state, &claim, e).await);
    }
    // Refused before decoding: the base64 of a file over the limit is longer than this.
    let encoded = args.content_base64.trim();
    if encoded.len() as u64 > max_bytes.div_ceil(3) * 4 + 4 {
        return Err(refuse(state, &claim, too_big()).await);
    }
    let Ok(bytes) = base64::engine::general_purpose::STANDARD_NO_PAD.decode(encoded.trim_end_matches('=')) else {
        let e = ToolError::new("bad_input", "content_base64 is not base64 (standard alphabet)");
        return Err(refuse(state, &claim, e).await);
    };
    if bytes.len() as u64 > max_bytes {
        return Err(refuse(state, &claim, too_big()).await);
    }
    let Some(format) = engine::accepted_format(&bytes[..bytes.len().min(1024)], &accept) else {
        let kinds: Vec<&str> = accept.iter().map(|f| f.as_str()).collect();
        let e = ToolError::new(
            "unsupported_type",
            format!("the file is not of a kind this request takes ({})", kinds.join(", ")),
        );
        return Err(refuse(state, &claim, e).await);
    };
    let name = clean_name(&args.filename);
    let doc_id = crate::ids::prefixed("doc");
    store_blob(state, &doc_id, &bytes).await?;
    let sha256 = hex::encode(Sha256::digest(&bytes));
    let file = Upload {
        doc_id: &doc_id,
        name: &name,
        format,
        size: bytes.len() as u64,
        sha256: &sha256,
    };
    drop(bytes);
    let Some(step) = ct.step(&step_id) else {
        return Err(ToolError::new("wrong_step", format!("no step {step_id:?}")));
    };
    let received = engine::receive_upload(&state.db, &claim.case, step, &file, now_ms()).await;
    if !matches!(received, Ok(Received::New)) {
        // Refused, or the claim already had these bytes: nothing refers to this copy.
        if let Err(e) = state.blobs.delete(&doc_id).await {
            tracing::warn!(doc_id = %doc_id, error = %e, "could not remove the bytes of a refused upload");
        }
    }
    let (document_id, outcome) = match received.map_err(app(state))? {
        Received::New => {
            state.jobs_ready.notify_one();
            (Some(doc_id.clone()), "new")
        }
        Received::Duplicate => (None, "duplicate"),
        Received::Reused => (None, "reused"),
        Received::Full => {
            let e = ToolError::new("too_many", "this request already holds as many files as it takes");
            return Err(refuse(state, &claim, e).await);
        }
        Received::Closed => {
            return Err(ToolError::from_app(
                state,
                &AppError::new(crate::error::Kind::Authorization, Code::IntakeClosed),
            ));
        }
    };
    if args.finish_step {
        apply(state, &claim, &step_id, "").await?;
    }
    let wait = args.wait_seconds.unwrap_or(DEFAULT_UPLOAD_WAIT_SECS).min(MAX_WAIT_SECS);
    wait_for_reading(state, &claim.case.id, wait).await?;
    let mut out = view(state, &claim).await?;
    out["upload"] = serde_json::json!({
        "document_id": document_id,
        "step_id": step_id,
        "outcome": outcome,
        "note": match outcome {
            "duplicate" => "this request already had this file; nothing was added",
            "reused" => "the claim already had this file from another request; it now serves this one too",
            _ => "stored; it is read for every fact of the claim",
        },
    });
    Ok(out)
}

/// Writes the upload's bytes to the blob store, in pieces as the pages stream them.
async fn store_blob(state: &AppState, doc_id: &str, bytes: &[u8]) -> Result<(), ToolError> {
    let broken = |e: std::io::Error| ToolError::from_app(state, &AppError::internal(e));
    let mut writer = state.blobs.writer(doc_id).await.map_err(broken)?;
    for chunk in bytes.chunks(256 * 1024) {
        if let Err(e) = writer.write(bytes::Bytes::copy_from_slice(chunk)).await {
            writer.discard().await;
            return Err(broken(e));
        }
    }
    writer.commit().await.map_err(broken)
}

/// Waits up to `secs` until no document of the case is still being read.
async fn wait_for_reading(state: &AppState, case_id: &str, secs: u64) -> Result<(), ToolError> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(secs);
    loop {
        let loaded = engine::load(&state.db, case_id).await.map_err(app(state))?;
        if loaded.pending() == 0 || tokio::time::Instant::now() >= deadline {
            return Ok(());
        }
        tokio::time::sleep(POLL).await;
    }
}

pub async fn wait(state: &AppState, link: &str, secs: Option<u64>) -> Result<Value, ToolError> {
    let claim = open(state, link).await?;
    let secs = secs.unwrap_or(DEFAULT_WAIT_SECS).min(MAX_WAIT_SECS);
    let before = view(state, &claim).await?;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(secs);
    // Until the documents are read or the claim moved on (another tab, a browser).
    loop {
        let now = view(state, &claim).await?;
        let waiting = now["next_action"]["kind"] == "wait";
        if !waiting && (before["next_action"]["kind"] == "wait" || now != before) {
            return Ok(now);
        }
        if tokio::time::Instant::now() >= deadline {
            return Ok(now);
        }
        tokio::time::sleep(POLL).await;
    }
}

pub async fn submit(state: &AppState, link: &str) -> Result<Value, ToolError> {
    let claim = open(state, link).await?;
    match engine::submit(&state.db, &claim.case, &claim.ct, now_ms()).await {
        Ok(Submitted::Now(_) | Submitted::Before) => view(state, &claim).await,
        Ok(Submitted::NotReady) => {
            let e = ToolError::new(
                "not_ready",
                "the claim is not ready to submit: something is still open (see next_action)",
            );
            Err(refuse(state, &claim, e).await)
        }
        Err(e) => Err(ToolError::from_app(state, &e)),
    }
}

#[cfg(test)]
mod tests {
    use super::{clean_name, parse_link};

    #[test]
    fn links_are_read_whole_as_paths_and_with_other_parameters() {
        let id = "case_0123456789abcdef";
        for (raw, want) in [
            (format!("https://claims.example.com/s/{id}?token=abc.def"), true),
            (format!("/s/{id}?token=abc.def"), true),
            (format!("  http://127.0.0.1:8080/s/{id}?lang=en&token=abc.def  "), true),
            (format!("https://claims.example.com/s/{id}?token="), false),
            (format!("https://claims.example.com/s/{id}"), false),
            ("https://claims.example.com/?token=abc.def".to_string(), false),
        ] {
            let parsed = parse_link(&raw);
            assert_eq!(parsed.is_some(), want, "{raw}");
            if let Some((case_id, token)) = parsed {
                assert_eq!((case_id.as_str(), token.as_str()), (id, "abc.def"), "{raw}");
            }
        }
    }

    #[test]
    fn file_names_lose_their_path_and_control_characters() {
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("C:\\Users\\x\\claim\u{0}.pdf"), "claim.pdf");
        assert_eq!(clean_name(&"a".repeat(500)).len(), 120);
    }
}
