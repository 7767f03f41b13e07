//! Operator review (SPEC §2, §8): a case handler acts on a case in `needs_review` — accepts or
//! corrects a fact, disputes a piece of evidence, asks the claimant, escalates, completes the
//! review — through the case file opened with a review link or through the review API. One
//! command type and one function ([`run`]) serve both.
//!
//! Every command is recorded with its handler (`review_commands`), applied or rejected. A
//! command names the review version it was decided on; the first command moves the version on
//! and a second one decided on the same version is rejected with the fresh state, never
//! applied over the first. Status changes go through `cases::settle`; events are appended in
//! the command's transaction, so their webhook deliveries commit with it. No HTTP here.

pub mod clarify;
pub mod routes;
pub mod store;

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Value, json};

use crate::case_types::{CaseType, CaseTypes, FactDef};
use crate::cases::settle::{self, Change};
use crate::cases::store::{self as case_store, CaseRow};
use crate::cases::{CaseStatus, EventType, Mode};
use crate::db::{Conn, Db, Tx};
use crate::error::{AppError, Code};
use crate::extract::{Source, Thresholds};
use crate::facts::{self, Observation, Reaction, store as fact_store};
use crate::ids::rfc3339_ms;
use crate::orgs::Environment;
use crate::vocab::FactType;
use store::{ClarificationRow, CommandRow};

/// How long a clarification keeps the claimant's link working, at least.
pub const CLARIFICATION_LINK_MS: i64 = 7 * 24 * 3600 * 1000;
pub const MAX_HANDLER_ID: usize = 100;
pub const MAX_HANDLER_NAME: usize = 200;
pub const MAX_RATIONALE: usize = 2000;
pub const MAX_QUESTION: usize = 1000;
pub const MAX_VALUE: usize = 500;
pub const MAX_ANSWER: usize = 2000;

/// What a handler can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommandType {
    AcceptFact,
    CorrectFact,
    DisputeEvidence,
    RequestClarification,
    Escalate,
    CompleteReview,
}

impl CommandType {
    pub const ALL: [CommandType; 6] = [
        CommandType::AcceptFact,
        CommandType::CorrectFact,
        CommandType::DisputeEvidence,
        CommandType::RequestClarification,
        CommandType::Escalate,
        CommandType::CompleteReview,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CommandType::AcceptFact => "accept_fact",
            CommandType::CorrectFact => "correct_fact",
            CommandType::DisputeEvidence => "dispute_evidence",
            CommandType::RequestClarification => "request_clarification",
            CommandType::Escalate => "escalate",
            CommandType::CompleteReview => "complete_review",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }

    fn event(self) -> EventType {
        match self {
            CommandType::AcceptFact => EventType::ReviewFactAccepted,
            CommandType::CorrectFact => EventType::ReviewFactCorrected,
            CommandType::DisputeEvidence => EventType::ReviewEvidenceDisputed,
            CommandType::RequestClarification => EventType::ReviewClarificationRequested,
            CommandType::Escalate => EventType::ReviewEscalated,
            CommandType::CompleteReview => EventType::ReviewCompleted,
        }
    }
}

/// What a command asks for, with its payload checked for shape.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Keep `candidate_id` (default: the kept or else the best value) as the fact's value.
    AcceptFact {
        fact_id: String,
        candidate_id: Option<String>,
    },
    /// Set the fact's value to `value` (checked against the fact's type when applied).
    CorrectFact {
        fact_id: String,
        value: String,
    },
    DisputeEvidence {
        evidence_id: String,
    },
    /// Ask the claimant `question`, or the fact `fact_id` again (or both).
    RequestClarification {
        fact_id: Option<String>,
        question: Option<String>,
    },
    Escalate,
    CompleteReview,
}

impl Action {
    pub fn command_type(&self) -> CommandType {
        match self {
            Action::AcceptFact { .. } => CommandType::AcceptFact,
            Action::CorrectFact { .. } => CommandType::CorrectFact,
            Action::DisputeEvidence { .. } => CommandType::DisputeEvidence,
            Action::RequestClarification { .. } => CommandType::RequestClarification,
            Action::Escalate => CommandType::Escalate,
            Action::CompleteReview => CommandType::CompleteReview,
        }
    }

    fn fact_id(&self) -> Option<&str> {
        match self {
            Action::AcceptFact { fact_id, .. } | Action::CorrectFact { fact_id, .. } => Some(fact_id),
            Action::RequestClarification { fact_id, .. } => fact_id.as_deref(),
            _ => None,
        }
    }
}

/// Who acts: the handler's id in the integrator's system, and their name when given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handler {
    pub id: String,
    pub name: Option<String>,
}

impl Handler {
    pub fn parse(id: &str, name: Option<&str>) -> Result<Self, AppError> {
        let id = id.trim();
        if id.is_empty() || id.chars().count() > MAX_HANDLER_ID || id.chars().any(char::is_control) {
            return Err(AppError::validation(
                Code::InvalidField,
                format!("handler_id must be 1 to {MAX_HANDLER_ID} characters on one line"),
            ));
        }
        let name = match name.map(str::trim) {
            None | Some("") => None,
            Some(n) if n.chars().count() > MAX_HANDLER_NAME || n.chars().any(char::is_control) => {
                return Err(AppError::validation(
                    Code::InvalidField,
                    format!("handler_name must be at most {MAX_HANDLER_NAME} characters on one line"),
                ));
            }
            Some(n) => Some(n.to_string()),
        };
        Ok(Self {
            id: id.to_string(),
            name,
        })
    }
}

/// A command as the API or a form sent it, before checking.
#[derive(Debug, Clone, Default)]
pub struct Input {
    pub command_type: String,
    pub payload: Value,
    pub rationale: Option<String>,
    pub handler_id: String,
    pub handler_name: Option<String>,
    pub idempotency_key: String,
    pub expected_version: Option<i64>,
}

/// A checked command.
#[derive(Debug, Clone)]
pub struct Command {
    pub action: Action,
    pub rationale: Option<String>,
    pub handler: Handler,
    /// The handler link it came through (`None`: the API).
    pub link_id: Option<String>,
    pub idempotency_key: String,
    /// The review version the handler decided on.
    pub expected_version: i64,
    /// The payload as sent, and a fingerprint of everything that makes the command.
    pub payload: Value,
    pub fingerprint: String,
}

fn text_field(payload: &Value, name: &str, max: usize, required: bool) -> Result<Option<String>, AppError> {
    let value = match payload.get(name) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.trim().is_empty() => None,
        Some(Value::String(s)) => Some(s.trim().to_string()),
        Some(_) => {
            return Err(AppError::validation(
                Code::InvalidField,
                format!("payload.{name} must be a string"),
            ));
        }
    };
    match value {
        None if required => Err(AppError::validation(
            Code::MissingField,
            format!("payload.{name} is required"),
        )),
        Some(v) if v.chars().count() > max => Err(AppError::validation(
            Code::InvalidField,
            format!("payload.{name} must be at most {max} characters"),
        )),
        v => Ok(v),
    }
}

impl Command {
    /// Checks a command's shape: the type, the payload's fields for that type, the rationale
    /// (required to correct, dispute and escalate), the handler, the key and the version.
    pub fn parse(input: Input, link_id: Option<String>) -> Result<Self, AppError> {
        let command_type = CommandType::parse(input.command_type.trim()).ok_or_else(|| {
            let known: Vec<&str> = CommandType::ALL.iter().map(|t| t.as_str()).collect();
            AppError::validation(
                Code::InvalidField,
                format!("command_type must be one of {}", known.join(", ")),
            )
        })?;
        let payload = match input.payload {
            Value::Null => json!({}),
            Value::Object(o) => Value::Object(o),
            _ => return Err(AppError::validation(Code::InvalidField, "payload must be an object")),
        };
        let p = &payload;
        let action = match command_type {
            CommandType::AcceptFact => Action::AcceptFact {
                fact_id: text_field(p, "fact_id", 100, true)?.unwrap_or_default(),
                candidate_id: text_field(p, "candidate_id", 100, false)?,
            },
            CommandType::CorrectFact => Action::CorrectFact {
                fact_id: text_field(p, "fact_id", 100, true)?.unwrap_or_default(),
                value: text_field(p, "value", MAX_VALUE, true)?.unwrap_or_default(),
            },
            CommandType::DisputeEvidence => Action::DisputeEvidence {
                evidence_id: text_field(p, "evidence_id", 100, true)?.unwrap_or_default(),
            },
            CommandType::RequestClarification => {
                let fact_id = text_field(p, "fact_id", 100, false)?;
                let question = text_field(p, "question", MAX_QUESTION, false)?;
                if fact_id.is_none() && question.is_none() {
                    return Err(AppError::validation(
                        Code::MissingField,
                        "payload.question or payload.fact_id is required: what to ask the claimant",
                    ));
                }
                Action::RequestClarification { fact_id, question }
            }
            CommandType::Escalate => Action::Escalate,
            CommandType::CompleteReview => Action::CompleteReview,
        };
        let rationale = match input.rationale.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(r) if r.chars().count() > MAX_RATIONALE => {
                return Err(AppError::validation(
                    Code::InvalidField,
                    format!("rationale must be at most {MAX_RATIONALE} characters"),
                ));
            }
            Some(r) => Some(r.to_string()),
        };
        if rationale.is_none()
            && matches!(
                command_type,
                CommandType::CorrectFact | CommandType::DisputeEvidence | CommandType::Escalate
            )
        {
            return Err(AppError::validation(
                Code::MissingField,
                format!("rationale is required to {}", command_type.as_str().replace('_', " ")),
            ));
        }
        let handler = Handler::parse(&input.handler_id, input.handler_name.as_deref())?;
        let key = input.idempotency_key.trim();
        if key.is_empty() {
            return Err(AppError::validation(
                Code::MissingIdempotencyKey,
                "idempotency_key is required",
            ));
        }
        if key.len() > 255 || !key.chars().all(|c| c.is_ascii_graphic()) {
            return Err(AppError::validation(
                Code::InvalidField,
                "idempotency_key must be 1 to 255 visible ASCII characters",
            ));
        }
        let expected_version = match input.expected_version {
            Some(v) if v >= 0 => v,
            Some(_) => {
                return Err(AppError::validation(
                    Code::InvalidField,
                    "expected_version must be 0 or more",
                ));
            }
            None => {
                return Err(AppError::validation(
                    Code::MissingField,
                    "expected_version is required: the review_version the handler decided on",
                ));
            }
        };
        let fingerprint = crate::ids::sha256_hex(
            json!([
                command_type.as_str(),
                payload,
                rationale,
                handler.id,
                handler.name,
                expected_version,
                link_id
            ])
            .to_string()
            .as_bytes(),
        );
        Ok(Self {
            action,
            rationale,
            handler,
            link_id,
            idempotency_key: key.to_string(),
            expected_version,
            payload,
            fingerprint,
        })
    }
}

/// Why a command was not applied: the state it was decided on changed, or the case does not
/// allow it now. Recorded with the command; the API answers 409 with the fresh state.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// Another command moved the review on since the handler's `expected_version`.
    VersionConflict,
    /// The case is not in `needs_review`.
    CaseNotInReview,
    /// The fact has no value to accept (or the candidate is gone).
    NothingToAccept,
    /// Only a hosted intake with a working link can reach the claimant.
    NoApplicantLink,
    /// Required facts are neither kept nor accepted nor corrected.
    RequiredFactsOpen(Vec<String>),
}

impl Refusal {
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::VersionConflict => "version_conflict",
            Refusal::CaseNotInReview => "case_not_in_review",
            Refusal::NothingToAccept => "nothing_to_accept",
            Refusal::NoApplicantLink => "no_applicant_link",
            Refusal::RequiredFactsOpen(_) => "required_facts_open",
        }
    }

    pub fn message(&self) -> String {
        match self {
            Refusal::VersionConflict => {
                "another command changed this review first; decide again on the current state (review.review_version)"
                    .into()
            }
            Refusal::CaseNotInReview => "the case is not waiting for review".into(),
            Refusal::NothingToAccept => "the fact has no value to accept".into(),
            Refusal::NoApplicantLink => {
                "the claimant cannot be asked: the case has no hosted intake link, or it was revoked".into()
            }
            Refusal::RequiredFactsOpen(facts) => format!(
                "required facts are neither kept nor accepted nor corrected: {}",
                facts.join(", ")
            ),
        }
    }
}

/// What [`run`] did.
#[derive(Debug)]
pub enum Ran {
    Applied(CommandRow),
    Rejected(CommandRow),
    /// The key was used before with the same command: its record.
    Replayed(CommandRow),
}

/// Runs `cmd` on `case` (which the caller may act on): checks it against the case type,
/// claims its idempotency key, applies it on the version it names, and records it with its
/// handler — applied, or rejected with the reason and the fresh state.
#[tracing::instrument(skip_all, fields(case_id = %case.id, command = cmd.action.command_type().as_str()))]
pub async fn run(db: &Db, case_types: &CaseTypes, case: &CaseRow, cmd: &Command, now: i64) -> Result<Ran, AppError> {
    let ct = case_type(case_types, case)?;
    let correction = check(&ct, &cmd.action)?;
    let mut row = CommandRow {
        id: crate::ids::sortable("rcmd"),
        case_id: case.id.clone(),
        org_id: case.org_id.clone(),
        environment: case.environment.as_str().to_string(),
        command_type: cmd.action.command_type().as_str().to_string(),
        fact_id: cmd.action.fact_id().map(str::to_string),
        payload: cmd.payload.to_string(),
        rationale: cmd.rationale.clone(),
        handler_id: cmd.handler.id.clone(),
        handler_name: cmd.handler.name.clone(),
        link_id: cmd.link_id.clone(),
        idempotency_key: cmd.idempotency_key.clone(),
        fingerprint: cmd.fingerprint.clone(),
        status: "applied".into(),
        reason: None,
        result: "{}".into(),
        review_version: cmd.expected_version,
        created_at: now,
    };
    let mut tx = db.begin().await?;
    if !store::claim_command(&mut tx, &row).await? {
        drop(tx);
        return replay(db, case, cmd).await;
    }
    match apply(&mut tx, &ct, case, cmd, correction.as_deref(), &row.id, now).await? {
        Ok((version, result)) => {
            row.review_version = version;
            row.result = result.to_string();
            store::finish_command(&mut tx, &row.id, "applied", None, &row.result, version).await?;
            tx.commit().await?;
            Ok(Ran::Applied(row))
        }
        Err(refusal) => {
            // Nothing the command did stays; its record does, with the state as it is now.
            drop(tx);
            let fresh = case_store::find_case_by_id(db, &case.id)
                .await?
                .ok_or_else(|| AppError::not_found(Code::CaseNotFound))?;
            let view = view(db, &fresh, &ct).await?;
            row.status = "rejected".into();
            row.reason = Some(refusal.code().to_string());
            row.review_version = view.review_version;
            let mut result = json!({ "message": refusal.message(), "review": view });
            if let Refusal::RequiredFactsOpen(open) = &refusal {
                result["open_facts"] = json!(open);
            }
            row.result = result.to_string();
            let mut tx = db.begin().await?;
            if !store::claim_command(&mut tx, &row).await? {
                drop(tx);
                return replay(db, case, cmd).await;
            }
            tx.commit().await?;
            Ok(Ran::Rejected(row))
        }
    }
}

/// The command recorded under `cmd`'s key, if it is the same command on the same case.
async fn replay(db: &Db, case: &CaseRow, cmd: &Command) -> Result<Ran, AppError> {
    let stored = store::command_by_key(db, &case.org_id, case.environment, &cmd.idempotency_key)
        .await?
        .ok_or_else(|| AppError::internal(std::io::Error::other("a claimed review command key has no record")))?;
    if stored.fingerprint != cmd.fingerprint || stored.case_id != case.id {
        return Err(AppError::validation(
            Code::IdempotencyKeyConflict,
            "this idempotency_key was used for another review command",
        ));
    }
    Ok(Ran::Replayed(stored))
}

fn case_type(case_types: &CaseTypes, case: &CaseRow) -> Result<std::sync::Arc<CaseType>, AppError> {
    case_types
        .get(&case.case_type_id)
        .ok_or_else(|| AppError::internal(std::io::Error::other("case type no longer loaded")))
}

fn fact<'a>(ct: &'a CaseType, id: &str) -> Result<&'a FactDef, AppError> {
    ct.fact(id).ok_or_else(|| {
        AppError::validation(
            Code::InvalidField,
            format!("payload.fact_id {id:?} is not a fact of case type {}", ct.id),
        )
    })
}

/// Checks the action against the case type; for a correction, returns its normalized value.
fn check(ct: &CaseType, action: &Action) -> Result<Option<String>, AppError> {
    match action {
        Action::AcceptFact { fact_id, .. } => fact(ct, fact_id).map(|_| None),
        Action::CorrectFact { fact_id, value } => normalized(fact(ct, fact_id)?, value)
            .map(Some)
            .map_err(|e| AppError::validation(Code::InvalidField, format!("payload.value: {e}"))),
        Action::RequestClarification { fact_id: Some(f), .. } => fact(ct, f).map(|_| None),
        _ => Ok(None),
    }
}

/// A value for `fact` typed by a person (a handler's correction, a claimant's answer),
/// normalized by the fact's type; the error says what is wrong in words.
pub fn normalized(fact: &FactDef, raw: &str) -> Result<String, String> {
    let value = crate::extract::normalize(fact.fact_type, raw).map_err(|e| {
        format!(
            "not a valid {} ({})",
            fact.fact_type.as_str().replace('_', " "),
            e.code()
        )
    })?;
    if fact.fact_type == FactType::Choice && !fact.options.is_empty() && !fact.options.contains(&value) {
        return Err(format!("must be one of {}", fact.options.join(", ")));
    }
    Ok(value)
}

fn reviewer_observation(fact_id: &str, raw: &str, normalized: &str, reaction: Reaction) -> Observation {
    Observation {
        id: crate::ids::sortable("ev"),
        fact_id: fact_id.to_string(),
        value_raw: raw.to_string(),
        value_normalized: normalized.to_string(),
        confidence: 1.0,
        source: Source::Reviewer,
        doc_id: None,
        page_index: None,
        char_start: None,
        char_end: None,
        quote: raw.to_string(),
        method: facts::METHOD_REVIEWER.to_string(),
        reacts_to: Some(reaction),
        disputed: false,
    }
}

fn thresholds(ct: &CaseType) -> Thresholds {
    Thresholds {
        keep: ct.thresholds.keep,
        review: ct.thresholds.review,
    }
}

/// The command's changes, in the caller's transaction: the new version and what it did, or
/// why it was refused (the caller then rolls everything back).
async fn apply(
    tx: &mut Tx,
    ct: &CaseType,
    case: &CaseRow,
    cmd: &Command,
    correction: Option<&str>,
    command_id: &str,
    now: i64,
) -> Result<Result<(i64, Value), Refusal>, AppError> {
    let Some(version) = store::bump_version(tx, &case.id, cmd.expected_version, now).await? else {
        return Ok(Err(Refusal::VersionConflict));
    };
    let case = case_store::find_case_by_id(&mut *tx, &case.id)
        .await?
        .ok_or_else(|| AppError::not_found(Code::CaseNotFound))?;
    if case.status != CaseStatus::NeedsReview {
        return Ok(Err(Refusal::CaseNotInReview));
    }
    let mut data = json!({ "command_id": command_id, "handler_id": cmd.handler.id });
    let observations = fact_store::list(&mut *tx, &case.id).await?;
    match &cmd.action {
        Action::AcceptFact { fact_id, candidate_id } => {
            let def = fact(ct, fact_id)?;
            let mine: Vec<&Observation> = observations.iter().filter(|o| &o.fact_id == fact_id).collect();
            let r = facts::resolve_fact(&case.id, def, &mine, thresholds(ct));
            let index = match candidate_id {
                Some(c) => r.candidate_ids.iter().position(|id| id == c),
                None => r.selected.or((!r.merged.is_empty()).then_some(0)),
            };
            let Some(m) = index.and_then(|i| r.merged.get(i)) else {
                return Ok(Err(Refusal::NothingToAccept));
            };
            let o = reviewer_observation(fact_id, &m.value_raw, &m.value_normalized, Reaction::ReviewerAccepts);
            data["fact_id"] = json!(fact_id);
            data["evidence_id"] = json!(o.id);
            data["candidate_id"] = json!(index.and_then(|i| r.candidate_ids.get(i)));
            fact_store::insert(tx, &case.id, &[o], now).await?;
        }
        Action::CorrectFact { fact_id, value } => {
            let o = reviewer_observation(fact_id, value, correction.unwrap_or(value), Reaction::ReviewerCorrects);
            data["fact_id"] = json!(fact_id);
            data["evidence_id"] = json!(o.id);
            fact_store::insert(tx, &case.id, &[o], now).await?;
        }
        Action::DisputeEvidence { evidence_id } => {
            let Some(o) = observations.iter().find(|o| &o.id == evidence_id) else {
                return Err(AppError::validation(
                    Code::InvalidField,
                    format!("payload.evidence_id {evidence_id:?} is no evidence of this case"),
                ));
            };
            data["fact_id"] = json!(o.fact_id);
            data["evidence_id"] = json!(o.id);
            fact_store::dispute(tx, &case.id, evidence_id, now).await?;
        }
        Action::RequestClarification { fact_id, question } => {
            if case.mode != Mode::Hosted || case.link_revoked_at.is_some() {
                return Ok(Err(Refusal::NoApplicantLink));
            }
            let clarification = ClarificationRow {
                id: crate::ids::sortable("clr"),
                case_id: case.id.clone(),
                command_id: command_id.to_string(),
                fact_id: fact_id.clone(),
                question: question.clone(),
                answer: None,
                evidence_id: None,
                asked_at: now,
                answered_at: None,
            };
            store::insert_clarification(tx, &clarification).await?;
            let until = now + CLARIFICATION_LINK_MS;
            store::extend_link(tx, &case.id, until, now).await?;
            data["clarification_id"] = json!(clarification.id);
            data["fact_id"] = json!(fact_id);
            // The integrator re-sends the link: `GET /sessions/{id}` gives a working one.
            data["link_expires_at"] = json!(rfc3339_ms(until.max(case.link_expires_at.unwrap_or(0))));
        }
        Action::Escalate => {
            store::escalate(
                tx,
                &case.id,
                &cmd.handler.id,
                cmd.rationale.as_deref().unwrap_or_default(),
                now,
            )
            .await?;
        }
        Action::CompleteReview => {
            let open = settle::open_required(tx, &case.id, ct).await?;
            if !open.is_empty() {
                return Ok(Err(Refusal::RequiredFactsOpen(
                    open.into_iter().map(str::to_string).collect(),
                )));
            }
            store::complete(tx, &case.id, &cmd.handler.id, now).await?;
        }
    }
    case_store::append_event(tx, &case.id, cmd.action.command_type().event(), &data, now).await?;
    // Then the status, by the one rule.
    let status = match &cmd.action {
        Action::RequestClarification { fact_id, .. } => {
            let facts: Vec<&str> = fact_id.as_deref().into_iter().collect();
            settle::settle(tx, &case.id, ct, Change::ClarificationRequested { facts: &facts }, now).await?
        }
        Action::CompleteReview => settle::settle(tx, &case.id, ct, Change::ReviewCompleted, now).await?,
        _ => Some(case.status),
    };
    let mut result = data;
    result["case_status"] = json!(status.unwrap_or(case.status).as_str());
    result["review_version"] = json!(version);
    if let Some(fact_id) = result["fact_id"].as_str().map(str::to_string) {
        let observations = fact_store::list(&mut *tx, &case.id).await?;
        if let Some(def) = ct.fact(&fact_id) {
            let mine: Vec<&Observation> = observations.iter().filter(|o| o.fact_id == fact_id).collect();
            let r = facts::resolve_fact(&case.id, def, &mine, thresholds(ct));
            result["decision"] = json!(r.decision.as_str());
            result["reason"] = json!(r.reason.as_str());
            result["review_state"] = json!(r.review_state().map(facts::ReviewState::as_str));
        }
    }
    Ok(Ok((version, result)))
}

// ---- the review as it stands --------------------------------------------------------------

/// One fact in the review.
#[derive(Debug, Clone, Serialize)]
pub struct FactReview {
    pub required: bool,
    pub decision: &'static str,
    pub reason: &'static str,
    /// `accepted` | `disputed` | `missing` | `review_only`; null when kept without a handler.
    pub review_state: Option<&'static str>,
    /// The kept value, else the best one.
    pub value: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Escalation {
    pub escalated_at: String,
    pub escalated_by: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Completion {
    pub completed_at: String,
    pub completed_by: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Clarification {
    pub clarification_id: String,
    pub fact_id: Option<String>,
    pub question: Option<String>,
    pub asked_at: String,
    pub answer: Option<String>,
    pub answered_at: Option<String>,
    /// The answer's evidence, when it answered a fact.
    pub evidence_id: Option<String>,
}

/// Who did what, when.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewAction {
    pub command_id: String,
    pub command_type: String,
    pub status: String,
    pub reason: Option<String>,
    pub fact_id: Option<String>,
    pub handler_id: String,
    pub handler_name: Option<String>,
    /// `api` or `case_file` (a handler link).
    pub via: &'static str,
    pub created_at: String,
}

/// The review of a case: its version, each fact's state, escalation, completion,
/// clarifications and every command with its handler. In packages (`review`) and with every
/// rejected command (the fresh state).
#[derive(Debug, Clone, Serialize)]
pub struct ReviewView {
    pub case_id: String,
    pub case_status: &'static str,
    pub review_version: i64,
    pub facts: BTreeMap<String, FactReview>,
    pub escalation: Option<Escalation>,
    pub completion: Option<Completion>,
    pub clarifications: Vec<Clarification>,
    pub actions: Vec<ReviewAction>,
}

/// The review of `case` as stored now.
pub async fn view(conn: impl Into<Conn<'_>>, case: &CaseRow, ct: &CaseType) -> Result<ReviewView, AppError> {
    let mut conn = conn.into();
    let observations = fact_store::list(conn.reborrow(), &case.id).await?;
    let review = store::review(conn.reborrow(), &case.id).await?.unwrap_or_default();
    let clarifications = store::clarifications(conn.reborrow(), &case.id).await?;
    let commands = store::commands(conn.reborrow(), &case.id).await?;
    Ok(view_of(case, ct, &observations, &review, &clarifications, &commands))
}

/// [`view`] from what was read.
pub fn view_of(
    case: &CaseRow,
    ct: &CaseType,
    observations: &[Observation],
    review: &store::ReviewRow,
    clarifications: &[ClarificationRow],
    commands: &[CommandRow],
) -> ReviewView {
    let facts = ct
        .facts
        .iter()
        .zip(facts::resolve_all(&case.id, ct, observations))
        .map(|(f, r)| {
            (
                f.id.clone(),
                FactReview {
                    required: f.required,
                    decision: r.decision.as_str(),
                    reason: r.reason.as_str(),
                    review_state: r.review_state().map(facts::ReviewState::as_str),
                    value: r
                        .selected_value()
                        .or_else(|| r.top())
                        .map(|m| m.value_normalized.clone()),
                },
            )
        })
        .collect();
    ReviewView {
        case_id: case.id.clone(),
        case_status: case.status.as_str(),
        review_version: review.version,
        facts,
        escalation: review.escalated_at.map(|t| Escalation {
            escalated_at: rfc3339_ms(t),
            escalated_by: review.escalated_by.clone(),
            note: review.escalation_note.clone(),
        }),
        completion: review.completed_at.map(|t| Completion {
            completed_at: rfc3339_ms(t),
            completed_by: review.completed_by.clone(),
        }),
        clarifications: clarifications
            .iter()
            .map(|c| Clarification {
                clarification_id: c.id.clone(),
                fact_id: c.fact_id.clone(),
                question: c.question.clone(),
                asked_at: rfc3339_ms(c.asked_at),
                answer: c.answer.clone(),
                answered_at: c.answered_at.map(rfc3339_ms),
                evidence_id: c.evidence_id.clone(),
            })
            .collect(),
        actions: commands
            .iter()
            .map(|c| ReviewAction {
                command_id: c.id.clone(),
                command_type: c.command_type.clone(),
                status: c.status.clone(),
                reason: c.reason.clone(),
                fact_id: c.fact_id.clone(),
                handler_id: c.handler_id.clone(),
                handler_name: c.handler_name.clone(),
                via: if c.link_id.is_some() { "case_file" } else { "api" },
                created_at: rfc3339_ms(c.created_at),
            })
            .collect(),
    }
}

// ---- handler links ------------------------------------------------------------------------

/// What a handler link allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    View,
    Review,
}

impl Access {
    pub fn as_str(self) -> &'static str {
        match self {
            Access::View => "view",
            Access::Review => "review",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "view" => Some(Access::View),
            "review" => Some(Access::Review),
            _ => None,
        }
    }
}

pub const DEFAULT_LINK_TTL_HOURS: i64 = 168;
pub const MAX_LINK_TTL_HOURS: i64 = 720;

/// A handler link just made.
#[derive(Debug, Clone, Serialize)]
pub struct CreatedLink {
    pub link_id: String,
    pub case_id: String,
    pub handler_id: String,
    pub handler_name: Option<String>,
    pub access: &'static str,
    pub url: String,
    pub expires_at: String,
}

/// Mints a signed case-file link for one handler; actions taken through it are recorded with
/// that handler.
pub async fn mint_link(
    db: &Db,
    config: &crate::config::Config,
    case: &CaseRow,
    handler: &Handler,
    access: Access,
    ttl_hours: i64,
    now: i64,
) -> Result<CreatedLink, AppError> {
    let row = store::LinkRow {
        id: crate::ids::sortable("cfl"),
        case_id: case.id.clone(),
        handler_id: handler.id.clone(),
        handler_name: handler.name.clone(),
        access: access.as_str().to_string(),
        expires_at: now + ttl_hours * 3_600_000,
        created_at: now,
    };
    store::insert_link(db, &row).await?;
    Ok(CreatedLink {
        url: crate::links::handler_case_file_url(
            &config.signing_keys,
            &config.public_url,
            &case.id,
            &row.id,
            row.expires_at,
        ),
        link_id: row.id,
        case_id: case.id.clone(),
        handler_id: row.handler_id,
        handler_name: row.handler_name,
        access: access.as_str(),
        expires_at: rfc3339_ms(row.expires_at),
    })
}

// ---- the claimant's answer ----------------------------------------------------------------

/// The question the claimant has to answer first: the oldest unanswered one of a case that
/// waits on them.
pub async fn open_clarification(db: &Db, case: &CaseRow) -> Result<Option<ClarificationRow>, AppError> {
    if case.status != CaseStatus::ApplicantBlocked || case.mode != Mode::Hosted {
        return Ok(None);
    }
    Ok(store::clarifications(db, &case.id)
        .await?
        .into_iter()
        .find(|c| c.answered_at.is_none()))
}

/// What answering a clarification did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answered {
    /// Recorded; the case is back for review once nothing else waits on the claimant.
    Recorded,
    /// Not valid for the fact's type: the Fluent id of why, and the value's words.
    Invalid(String),
    /// Nothing was open any more (answered in another tab).
    NothingOpen,
}

/// The claimant answers clarification `id`: a fact's answer is normalized by its type and
/// becomes evidence (an applicant answer) of that fact; a free answer is kept with the
/// question. Then the case goes back to review, by the one rule.
#[tracing::instrument(skip_all, fields(case_id = %case.id))]
pub async fn answer(
    db: &Db,
    case: &CaseRow,
    ct: &CaseType,
    id: &str,
    raw: &str,
    now: i64,
) -> Result<Answered, AppError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(Answered::Invalid("review-clarify-empty".into()));
    }
    if raw.chars().count() > MAX_ANSWER {
        return Ok(Answered::Invalid("review-clarify-too-long".into()));
    }
    let mut tx = db.begin().await?;
    let Some(open) = store::clarifications(&mut tx, &case.id)
        .await?
        .into_iter()
        .find(|c| c.id == id && c.answered_at.is_none())
    else {
        return Ok(Answered::NothingOpen);
    };
    let mut evidence_id = None;
    if let Some(def) = open.fact_id.as_deref().and_then(|f| ct.fact(f)) {
        let Ok(value) = normalized(def, raw) else {
            return Ok(Answered::Invalid(format!(
                "review-clarify-invalid-{}",
                def.fact_type.as_str()
            )));
        };
        let o = Observation {
            id: crate::ids::sortable("ev"),
            fact_id: def.id.clone(),
            value_raw: raw.to_string(),
            value_normalized: value,
            confidence: 1.0,
            source: Source::ApplicantAnswer,
            doc_id: None,
            page_index: None,
            char_start: None,
            char_end: None,
            quote: raw.to_string(),
            method: facts::METHOD_ANSWER.to_string(),
            reacts_to: None,
            disputed: false,
        };
        evidence_id = Some(o.id.clone());
        fact_store::insert(&mut tx, &case.id, &[o], now).await?;
    }
    if !store::answer_clarification(&mut tx, &open.id, raw, evidence_id.as_deref(), now).await? {
        return Ok(Answered::NothingOpen);
    }
    let still_open = store::clarifications(&mut tx, &case.id)
        .await?
        .iter()
        .any(|c| c.answered_at.is_none());
    let data = json!({
        "clarification_id": open.id,
        "fact_id": open.fact_id,
        "evidence_id": evidence_id,
    });
    case_store::append_event(&mut tx, &case.id, EventType::GapResolved, &data, now).await?;
    if !still_open {
        settle::settle(&mut tx, &case.id, ct, Change::ClarificationAnswered, now).await?;
    }
    tx.commit().await?;
    Ok(Answered::Recorded)
}

/// The queue's age filter and cursor, checked.
pub struct QueueParams {
    pub status: CaseStatus,
    pub case_type_id: Option<String>,
    pub min_age_hours: i64,
    pub after: Option<(i64, String)>,
    pub limit: i64,
}

pub const MAX_QUEUE_PAGE: i64 = 100;

/// An opaque queue cursor for the case after which the next page starts: `<created_at>.<id>`,
/// in characters a URL keeps as they are (and a pattern in the OpenAPI document can describe).
pub fn cursor_of(created_at: i64, id: &str) -> String {
    format!("{created_at}.{id}")
}

/// A cursor [`cursor_of`] gave, or one of the base64 cursors earlier versions gave.
pub fn parse_cursor(s: &str) -> Option<(i64, String)> {
    use base64::Engine as _;
    let (at, id) = match s.split_once('.') {
        Some(parts) => (parts.0.to_string(), parts.1.to_string()),
        None => {
            let text = String::from_utf8(base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(s).ok()?).ok()?;
            let (at, id) = text.split_once(':')?;
            (at.to_string(), id.to_string())
        }
    };
    let well_formed = (1..=16).contains(&at.len()) && at.bytes().all(|b| b.is_ascii_digit());
    (well_formed && crate::ids::well_formed(crate::ids::IdKind::Case, &id)).then_some((at.parse().ok()?, id))
}

/// One case in the queue, with why it needs review.
#[derive(Debug, Clone, Serialize)]
pub struct QueueItem {
    pub case_id: String,
    pub case_type_id: String,
    pub status: String,
    pub external_case_id: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub age_hours: i64,
    pub review_version: i64,
    pub escalated: bool,
    /// Per fact that needs a handler: its decision, reason and review state.
    pub reasons: Vec<QueueReason>,
}

#[derive(Debug, Clone, Serialize)]
pub struct QueueReason {
    pub fact_id: String,
    pub required: bool,
    pub decision: &'static str,
    pub reason: &'static str,
    pub review_state: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct QueuePage {
    pub items: Vec<QueueItem>,
    pub has_more: bool,
    pub next_cursor: Option<String>,
}

/// A page of the review queue of an organization and environment, oldest first.
pub async fn queue(
    db: &Db,
    case_types: &CaseTypes,
    org_id: &str,
    env: Environment,
    p: &QueueParams,
    now: i64,
) -> Result<QueuePage, AppError> {
    let rows = store::queue(
        db,
        &store::QueueQuery {
            org_id,
            environment: env,
            status: p.status.as_str(),
            case_type_id: p.case_type_id.as_deref(),
            created_before: now - p.min_age_hours * 3_600_000,
            after: p.after.clone(),
            limit: p.limit + 1,
        },
    )
    .await?;
    let has_more = rows.len() > usize::try_from(p.limit).unwrap_or(0);
    let rows: Vec<_> = rows.into_iter().take(usize::try_from(p.limit).unwrap_or(0)).collect();
    let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    let mut observations: BTreeMap<String, Vec<Observation>> = BTreeMap::new();
    for o in fact_store::list_for_cases(db, &ids).await? {
        observations.entry(o.0).or_default().push(o.1);
    }
    let items = rows
        .iter()
        .map(|r| {
            let reasons = case_types
                .get(&r.case_type_id)
                .map(|ct| {
                    let obs = observations.get(&r.id).map_or(&[][..], Vec::as_slice);
                    ct.facts
                        .iter()
                        .zip(facts::resolve_all(&r.id, &ct, obs))
                        .filter_map(|(f, res)| {
                            let state = res.review_state()?;
                            res.needs_handler(f.required).then(|| QueueReason {
                                fact_id: f.id.clone(),
                                required: f.required,
                                decision: res.decision.as_str(),
                                reason: res.reason.as_str(),
                                review_state: state.as_str(),
                            })
                        })
                        .collect()
                })
                .unwrap_or_default();
            QueueItem {
                case_id: r.id.clone(),
                case_type_id: r.case_type_id.clone(),
                status: r.status.clone(),
                external_case_id: r.external_case_id.clone(),
                created_at: rfc3339_ms(r.created_at),
                updated_at: rfc3339_ms(r.updated_at),
                age_hours: (now - r.created_at) / 3_600_000,
                review_version: r.version.unwrap_or(0),
                escalated: r.escalated_at.is_some(),
                reasons,
            }
        })
        .collect();
    let next_cursor = if has_more {
        rows.last().map(|r| cursor_of(r.created_at, &r.id))
    } else {
        None
    };
    Ok(QueuePage {
        items,
        has_more,
        next_cursor,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(command_type: &str, payload: Value, rationale: Option<&str>) -> Input {
        Input {
            command_type: command_type.into(),
            payload,
            rationale: rationale.map(str::to_string),
            handler_id: "h_1".into(),
            handler_name: Some("An Handler".into()),
            idempotency_key: "k1".into(),
            expected_version: Some(0),
        }
    }

    #[test]
    fn commands_are_checked_for_shape_with_a_message_per_mistake() {
        let rows: &[(Input, &str)] = &[
            (input("approve", json!({}), None), "command_type must be one of"),
            (input("accept_fact", json!({}), None), "payload.fact_id is required"),
            (
                input("accept_fact", json!({"fact_id": 7}), None),
                "payload.fact_id must be a string",
            ),
            (input("accept_fact", json!([]), None), "payload must be an object"),
            (
                input("correct_fact", json!({"fact_id": "iban", "value": "x"}), None),
                "rationale is required",
            ),
            (
                input("correct_fact", json!({"fact_id": "iban"}), Some("r")),
                "payload.value is required",
            ),
            (
                input("dispute_evidence", json!({"evidence_id": "ev_1"}), None),
                "rationale is required",
            ),
            (input("escalate", json!({}), Some("  ")), "rationale is required"),
            (
                input("request_clarification", json!({}), None),
                "payload.question or payload.fact_id",
            ),
            (
                Input {
                    handler_id: " ".into(),
                    ..input("escalate", json!({}), Some("why"))
                },
                "handler_id must be",
            ),
            (
                Input {
                    expected_version: None,
                    ..input("complete_review", json!({}), None)
                },
                "expected_version is required",
            ),
            (
                Input {
                    expected_version: Some(-1),
                    ..input("complete_review", json!({}), None)
                },
                "expected_version must be 0 or more",
            ),
            (
                Input {
                    idempotency_key: "".into(),
                    ..input("complete_review", json!({}), None)
                },
                "idempotency_key is required",
            ),
            (
                input("escalate", json!({}), Some(&"x".repeat(MAX_RATIONALE + 1))),
                "rationale must be at most",
            ),
        ];
        for (given, want) in rows {
            let err = Command::parse(given.clone(), None).expect_err(want);
            let detail = err.detail.unwrap_or_default();
            assert!(detail.contains(want), "{want:?} in {detail:?}");
        }
    }

    #[test]
    fn a_command_fingerprint_covers_what_it_asks_and_who_asks_it() {
        let a = Command::parse(input("escalate", json!({}), Some("why")), None).expect("valid");
        let b = Command::parse(input("escalate", json!({}), Some("why not")), None).expect("valid");
        let c = Command::parse(input("escalate", json!({}), Some("why")), Some("cfl_1".into())).expect("valid");
        assert_ne!(a.fingerprint, b.fingerprint);
        assert_ne!(a.fingerprint, c.fingerprint);
        assert_eq!(
            a.fingerprint,
            Command::parse(input("escalate", json!({}), Some(" why ")), None)
                .expect("valid")
                .fingerprint
        );
        assert_eq!(a.action, Action::Escalate);
        assert_eq!(a.handler.name.as_deref(), Some("An Handler"));
    }

    #[test]
    fn queue_cursors_round_trip_and_refuse_what_they_did_not_make() {
        let c = cursor_of(1_700_000_000_000, "case_abc123");
        assert_eq!(parse_cursor(&c), Some((1_700_000_000_000, "case_abc123".to_string())));
        assert_eq!(parse_cursor("nonsense"), None);
        assert_eq!(c, "1700000000000.case_abc123", "a cursor the OpenAPI pattern describes");
        assert_eq!(
            parse_cursor("MTcwMDAwMDAwMDAwMDpjYXNlX2FiYzEyMw"),
            Some((1_700_000_000_000, "case_abc123".to_string())),
            "the base64 cursors of earlier versions still work"
        );
        assert_eq!(parse_cursor("12345678901234567.case_abc"), None, "at most 16 digits");
        assert_eq!(parse_cursor(&cursor_of(1, "x'; DROP")), None);
    }
}
