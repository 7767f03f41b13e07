//! The intake engine: the applicant's conversation as functions over the database, with typed
//! inputs and outputs and no HTTP or HTML in them. The pages (`routes`, `upload`) call it, and
//! so can any other front (an agent, a test) that drives the same conversation.
//!
//! What the applicant sees next is computed from what is stored ([`screen`], pure, never
//! writes); every change — opening the link, an answer, a reaction to a check, an upload, a
//! removal, submitting — is one function that writes in one transaction under the case's
//! lock and then lets the case's status follow ([`settle_open_gaps`], `cases::settle`).

use std::sync::Arc;

use serde_json::json;

use super::flow::{self, Check, DocumentChecks, Gap, Progress};
use super::store;
use super::store::{Answer, Answers};
use crate::blobs::Blobs;
use crate::case_types::{CaseType, CaseTypes, FactDef, InputKind, Step, StepKind};
use crate::cases::settle::{Change, settle};
use crate::cases::store::{self as case_store, CaseRow};
use crate::cases::{CaseStatus, EventType};
use crate::db::{Conn, Db, Tx};
use crate::documents::store::{self as doc_store, DocumentRow};
use crate::error::{AppError, Code, Kind};
use crate::extract::Source;
use crate::facts::{self, Observation, Reaction, store as fact_store};
use crate::links::SigningKeys;
use crate::vocab::{self, DocFormat, FactType};

/// How much an applicant's own answer counts: enough to keep on its own, not enough to
/// outvote a confident document without a follow-up.
pub const ANSWER_CONFIDENCE: f64 = 0.9;

/// Whether the applicant may still change anything in `case` at `now`.
pub fn is_open(case: &CaseRow, now: i64) -> bool {
    case.submitted_at.is_none() && case.link_active(now) && case.status.is_open_to_applicant()
}

/// A signed link opened: checks the token, finds the hosted case and records the first
/// opening (`created` → `in_progress`). Any failure is `link_invalid`, whatever its cause.
pub async fn open_link(db: &Db, keys: &SigningKeys, case_id: &str, token: &str, now: i64) -> Result<CaseRow, AppError> {
    let invalid = || AppError::new(Kind::Authorization, Code::LinkInvalid);
    let verified = crate::links::verify_applicant(keys, case_id, token, now);
    // Only a link we signed names its case for certain: an expired one still does.
    let authentic = matches!(verified, Ok(()) | Err(crate::links::LinkError::Expired));
    if !authentic {
        return Err(invalid());
    }
    let case = case_store::find_case_by_id(db, case_id)
        .await?
        .filter(|c| c.mode == crate::cases::Mode::Hosted)
        .ok_or_else(invalid)?;
    // A submitted case keeps showing its confirmation through a still-valid link.
    if verified.is_err() || !case.link_active(now) {
        return Err(invalid().on_page_of(&case.org_id));
    }
    if case.status == CaseStatus::Created {
        let mut tx = db.begin().await?;
        // Only the first opening is a transition; two tabs racing write one event.
        if let Some(c) = case_store::find_case_by_id(&mut tx, case_id).await?
            && c.status == CaseStatus::Created
        {
            let data = json!({ "case_status": CaseStatus::InProgress.as_str() });
            case_store::set_status(&mut tx, case_id, CaseStatus::InProgress, EventType::Opened, &data, now).await?;
            tx.commit().await?;
        }
    }
    Ok(case)
}

/// The reference the applicant quotes to their insurer: the insurer's own case id when it
/// gave one, else a short code from ours (the random end of the UUID, in two groups of four).
pub fn reference(case: &CaseRow) -> String {
    if let Some(external) = case.external_case_id.as_deref().filter(|e| !e.is_empty()) {
        return external.to_string();
    }
    let hex: String = case.id.chars().filter(char::is_ascii_hexdigit).collect();
    let tail = &hex[hex.len().saturating_sub(8)..];
    let (a, b) = tail.split_at(tail.len() / 2);
    format!("KL-{}-{}", a.to_ascii_uppercase(), b.to_ascii_uppercase())
}

/// The hosted case `case_id` for a browser whose cookie is bound to it; `None` when there is
/// no such hosted case.
pub async fn find_case(db: &Db, case_id: &str) -> Result<Option<CaseRow>, AppError> {
    Ok(case_store::find_case_by_id(db, case_id)
        .await?
        .filter(|c| c.mode == crate::cases::Mode::Hosted))
}

/// Everything stored about a case that the screens are computed from.
pub struct Loaded {
    pub answers: Answers,
    pub docs: Vec<DocumentRow>,
    pub observations: Vec<Observation>,
}

impl Loaded {
    /// Documents still being read, among those that will be read at all.
    pub fn pending(&self) -> usize {
        self.docs
            .iter()
            .filter(|d| d.status == crate::documents::DocStatus::Received)
            .count()
    }

    /// The documents given on step `step_id`: uploaded there, or an earlier upload of the
    /// same file that serves this request too.
    pub fn on_step(&self, step_id: &str) -> Vec<&DocumentRow> {
        self.docs
            .iter()
            .filter(|d| d.step_id.as_deref() == Some(step_id) || self.answers.contains_key(&reuse_item(step_id, &d.id)))
            .collect()
    }

    /// Document ids in upload order.
    pub fn doc_order(&self) -> Vec<&str> {
        self.docs.iter().map(|d| d.id.as_str()).collect()
    }

    /// The checks still open: one confirmation page per document, then the checks asked one
    /// at a time.
    pub fn check_pages<'a>(&'a self, ct: &'a CaseType, visible: &[&Step]) -> (Vec<DocumentChecks<'a>>, Vec<Check<'a>>) {
        let checks = flow::open_checks(ct, visible, &self.answers, &self.observations);
        flow::per_document(checks, &self.doc_order())
    }

    /// The insurer's prefilled value of `fact_id`, if any.
    pub fn prefill(&self, fact_id: &str) -> Option<&Observation> {
        self.observations
            .iter()
            .find(|o| o.fact_id == fact_id && o.source == Source::Prefill)
    }
}

/// What the screens are computed from: from the pool, or inside a transaction (under the
/// case's lock, an exact view).
pub async fn load(conn: impl Into<Conn<'_>>, case_id: &str) -> Result<Loaded, AppError> {
    let mut conn = conn.into();
    Ok(Loaded {
        answers: store::answers(conn.reborrow(), case_id).await?,
        docs: doc_store::list_for_case(conn.reborrow(), case_id).await?,
        observations: fact_store::list(conn, case_id).await?,
    })
}

/// The answer item that lets an upload on one step serve the documents request `step_id` too.
pub fn reuse_item(step_id: &str, doc_id: &str) -> String {
    format!("file:{step_id}:{doc_id}")
}

/// What the applicant sees next.
pub enum Screen<'a> {
    /// Submitted, or closed (revoked, expired): the confirmation.
    Done,
    /// A step still to answer.
    Step(&'a Step),
    /// Documents still being read before the conversation can go on.
    Waiting { read: usize, total: usize },
    /// What one document says, to confirm at once.
    Document(DocumentChecks<'a>),
    /// A confirmation or follow-up the documents call for.
    Check(Check<'a>),
    /// Everything answered: the summary to submit.
    Summary,
}

/// The visible steps and the screen the case is at. Pure: showing a screen changes nothing.
///
/// Documents come first where the case type asks for them first: while they are being read
/// the conversation waits before the next question (it may be answered by them), then shows
/// what each document says on one page, then asks only the questions no document answered,
/// then the follow-ups on what is missing or disagrees.
pub fn screen<'a>(case: &CaseRow, ct: &'a CaseType, loaded: &'a Loaded, now: i64) -> (Vec<&'a Step>, Screen<'a>) {
    let visible = flow::visible_steps(ct, &loaded.answers);
    if case.submitted_at.is_some() || !is_open(case, now) {
        return (visible, Screen::Done);
    }
    let waiting = loaded.pending();
    let wait = || Screen::Waiting {
        read: loaded.docs.len() - waiting,
        total: loaded.docs.len(),
    };
    let next = flow::first_open(&visible, &loaded.answers, &loaded.observations);
    let asks_fact = |s: &Step| matches!(&s.kind, StepKind::Question { fact: Some(_), .. });
    if let Some(step) = next
        && !asks_fact(step)
    {
        return (visible, Screen::Step(step));
    }
    if waiting > 0 {
        return (visible, wait());
    }
    let (mut pages, mut singles) = loaded.check_pages(ct, &visible);
    if !pages.is_empty() {
        return (visible, Screen::Document(pages.remove(0)));
    }
    if let Some(step) = next {
        return (visible, Screen::Step(step));
    }
    let screen = if singles.is_empty() {
        Screen::Summary
    } else {
        Screen::Check(singles.remove(0))
    };
    (visible, screen)
}

/// Where in the conversation a page is, for its progress.
pub enum At<'a> {
    Step(&'a str),
    /// A confirmation or follow-up, or the wait before them.
    Checks,
    Summary,
}

/// The progress of the page at `at`: the pages behind it and the pages that remain.
pub fn progress(ct: &CaseType, loaded: &Loaded, visible: &[&Step], at: &At<'_>) -> Progress {
    let shown = flow::shown_steps(visible, &loaded.answers, &loaded.observations);
    let (pages, singles) = loaded.check_pages(ct, visible);
    // A fact still missing whose question is still to come is asked there, not as a check.
    let asked_later = |c: &Check<'_>| {
        matches!(c, Check::FollowUp { gap: Gap::Missing, .. })
            && shown.iter().any(|s| {
                !loaded.answers.contains_key(&s.id)
                    && matches!(&s.kind, StepKind::Question { fact: Some(f), .. } if f == c.fact_id())
            })
    };
    let checks_left = pages.len() + singles.iter().filter(|c| !asked_later(c)).count();
    let steps_done = shown.iter().filter(|s| loaded.answers.contains_key(&s.id)).count();
    let checks_done = flow::check_pages_done(&loaded.answers);
    match at {
        At::Step(id) => {
            let pos = shown.iter().position(|s| s.id == *id).unwrap_or(steps_done);
            Progress::new(pos, shown.len() - pos + checks_left + 1)
        }
        At::Checks => Progress::new(steps_done + checks_done, (shown.len() - steps_done) + checks_left + 1),
        At::Summary => Progress::new(shown.len() + checks_done, 1),
    }
}

/// What became of an answer or a reaction.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Recorded,
    /// The step cannot be answered yet (an earlier one is open), or the check is already
    /// settled (another tab): carry on at the current screen.
    Moved,
    /// Refused; `message_id` is the Fluent id of why.
    Refused {
        message_id: String,
    },
}

/// A visible step of the case, or `not_found`.
fn visible_step<'a>(visible: &[&'a Step], step_id: &str) -> Result<&'a Step, AppError> {
    visible
        .iter()
        .copied()
        .find(|s| s.id == step_id)
        .ok_or_else(|| AppError::not_found(Code::NotFound))
}

/// Locks the case for a change; `intake_closed` when it no longer takes one.
async fn lock(tx: &mut Tx, case_id: &str, now: i64) -> Result<(), AppError> {
    if store::lock_open(tx, case_id, now).await? {
        Ok(())
    } else {
        Err(AppError::new(Kind::Authorization, Code::IntakeClosed))
    }
}

/// Answers step `step_id` with `raw`: consent (`yes`), "done with this documents step", or
/// the answer to a question. A changed answer can hide later steps; their answers stop
/// counting.
pub async fn answer_step(
    db: &Db,
    case: &CaseRow,
    ct: &CaseType,
    step_id: &str,
    raw: &str,
    now: i64,
) -> Result<Outcome, AppError> {
    let loaded = load(db, &case.id).await?;
    let visible = flow::visible_steps(ct, &loaded.answers);
    let step = visible_step(&visible, step_id)?;
    if !flow::can_open(&visible, &loaded.answers, &loaded.observations, step_id) {
        return Ok(Outcome::Moved);
    }
    let refused = |message_id: &str| {
        Ok(Outcome::Refused {
            message_id: message_id.into(),
        })
    };
    let mut tx = db.begin().await?;
    lock(&mut tx, &case.id, now).await?;
    let answers = &loaded.answers;
    match &step.kind {
        StepKind::Consent => {
            if raw != "yes" {
                return refused("intake-error-consent");
            }
            store::record_consent(&mut tx, &case.id, &ct.privacy_notice_version, now).await?;
            let value = (ct.privacy_notice_version.as_str(), "given");
            put_answer(&mut tx, &case.id, answers, &step.id, value, None, now).await?;
        }
        StepKind::Documents { required, .. } => {
            let have = loaded.on_step(&step.id).len();
            if *required && have == 0 {
                return refused("intake-upload-required");
            }
            put_answer(
                &mut tx,
                &case.id,
                answers,
                &step.id,
                (&have.to_string(), "done"),
                None,
                now,
            )
            .await?;
        }
        StepKind::Question { fact, .. } => {
            let (raw, normalized) = match validate(ct, step, raw) {
                Ok(v) => v,
                Err(message_id) => return refused(&message_id),
            };
            let fact = fact.as_deref().filter(|_| !normalized.is_empty());
            // An answer to a prefilled question confirms or corrects the insurer's value.
            let prefill = fact.and_then(|f| loaded.prefill(f));
            let reaction = prefill.map(|p| {
                if p.value_normalized == normalized {
                    Reaction::Confirms
                } else {
                    Reaction::Corrects
                }
            });
            let observation = fact.map(|f| answer_observation(f, &raw, &normalized, reaction));
            let value = (raw.as_str(), normalized.as_str());
            put_answer(&mut tx, &case.id, answers, &step.id, value, observation.as_ref(), now).await?;
            if let (Some(f), Some(o)) = (fact, &observation)
                && prefill.is_some()
            {
                // Settled against what the applicant saw: the insurer's value and their own.
                let previous = answers.get(&step.id).and_then(|a| a.observation_id.as_ref());
                let seen = loaded
                    .observations
                    .iter()
                    .filter(|x| x.fact_id == f && x.source != Source::Document)
                    .filter(|x| previous != Some(&x.id))
                    .chain(std::iter::once(o));
                let fp = flow::fingerprint(seen);
                put_answer(
                    &mut tx,
                    &case.id,
                    answers,
                    &flow::check_item(f),
                    ("settled", &fp),
                    None,
                    now,
                )
                .await?;
            }
        }
    }
    let answers = store::answers(&mut tx, &case.id).await?;
    let visible = flow::visible_steps(ct, &answers);
    for hidden in flow::hidden_answers(ct, &visible, &answers) {
        if let Some(obs) = answers.get(&hidden).and_then(|a| a.observation_id.as_deref()) {
            store::delete_observation(&mut tx, &case.id, obs).await?;
        }
        store::delete(&mut tx, &case.id, &hidden).await?;
    }
    settle_open_gaps(&mut tx, &case.id, ct, now).await?;
    tx.commit().await?;
    Ok(Outcome::Recorded)
}

/// What the applicant sent on a check's page.
#[derive(Debug, Clone, Copy)]
pub struct CheckAnswer<'a> {
    /// `yes`, `value:<normalized>`, `other` or `unknown`.
    pub choice: &'a str,
    /// What they typed (with `other`).
    pub typed: &'a str,
    /// Sent from the summary's change link: a settled check is answered again.
    pub change: bool,
}

/// The applicant's reaction to the check on `fact_id`: `choice` is `yes` (the value shown is
/// right), `value:<normalized>` (one of the values offered), `other` (then `typed` is theirs)
/// or `unknown` (a follow-up they cannot answer). With `change`, a check already settled is
/// answered again (the summary's change link).
pub async fn answer_check(
    db: &Db,
    case: &CaseRow,
    ct: &CaseType,
    fact_id: &str,
    reaction: &CheckAnswer<'_>,
    now: i64,
) -> Result<Outcome, AppError> {
    let CheckAnswer { choice, typed, change } = *reaction;
    let loaded = load(db, &case.id).await?;
    let visible = flow::visible_steps(ct, &loaded.answers);
    let checks = flow::open_checks(ct, &visible, &loaded.answers, &loaded.observations);
    let open = checks.into_iter().find(|c| c.fact_id() == fact_id);
    let was_open = open.is_some();
    // A settled check is asked again only when the applicant chose to change it.
    let check = match open {
        Some(check) => check,
        None if change => match flow::reopened(ct, &visible, &loaded.answers, &loaded.observations, fact_id) {
            Some(check) => check,
            None => return Err(AppError::not_found(Code::NotFound)),
        },
        // Already settled (a second tab, a reload): carry on.
        None => return Ok(Outcome::Moved),
    };
    let check = &check;
    let fact = ct.fact(fact_id).ok_or_else(|| AppError::not_found(Code::NotFound))?;
    let typed = typed.trim();
    let refused = |message_id: &str| {
        Ok(Outcome::Refused {
            message_id: message_id.into(),
        })
    };
    let confirms = |raw: &str, normalized: &str| answer_observation(fact_id, raw, normalized, Some(Reaction::Confirms));
    // (observation to add, what happened)
    let (observation, outcome) = match (check, choice) {
        (Check::Confirm { shown, .. }, "yes") => (Some(confirms(shown.value_raw, shown.value_normalized)), "confirmed"),
        (Check::FollowUp { values, .. }, c) if c.starts_with("value:") => {
            let picked = c.strip_prefix("value:");
            let Some(shown) = values.iter().find(|s| picked == Some(s.value_normalized)) else {
                return refused("intake-error-option");
            };
            (Some(confirms(shown.value_raw, shown.value_normalized)), "confirmed")
        }
        (_, "other") => {
            if typed.is_empty() {
                return refused("intake-error-required");
            }
            let normalized = match validate_fact(fact, typed) {
                Ok(n) => n,
                Err(message_id) => return refused(&message_id),
            };
            let missing = matches!(check, Check::FollowUp { gap: Gap::Missing, .. });
            let reaction = (!missing).then_some(Reaction::Corrects);
            let outcome = if missing { "answered" } else { "corrected" };
            (Some(answer_observation(fact_id, typed, &normalized, reaction)), outcome)
        }
        (Check::FollowUp { .. }, "unknown") => (None, "unknown"),
        _ => return refused("intake-error-option"),
    };

    let mut tx = db.begin().await?;
    lock(&mut tx, &case.id, now).await?;
    let item = flow::check_item(fact_id);
    let previous = loaded.answers.get(&item).and_then(|a| a.observation_id.as_ref());
    let mine = loaded
        .observations
        .iter()
        .filter(|o| o.fact_id == fact_id)
        .filter(|o| previous != Some(&o.id));
    let fp = flow::fingerprint(mine.chain(observation.as_ref()));
    put_answer(
        &mut tx,
        &case.id,
        &loaded.answers,
        &item,
        (outcome, &fp),
        observation.as_ref(),
        now,
    )
    .await?;
    if let Check::FollowUp { gap, .. } = check
        && was_open
    {
        let observations = fact_store::list(&mut tx, &case.id).await?;
        let resolved = facts::resolve_all(&case.id, ct, &observations);
        let decision = resolved
            .iter()
            .find(|r| r.fact_id == fact_id)
            .map_or("missing", |r| r.decision.as_str());
        let data = json!({ "fact_id": fact_id, "gap": gap.as_str(), "resolution": outcome, "decision": decision });
        case_store::append_event(&mut tx, &case.id, EventType::GapResolved, &data, now).await?;
    }
    settle_open_gaps(&mut tx, &case.id, ct, now).await?;
    tx.commit().await?;
    Ok(Outcome::Recorded)
}

/// The applicant confirms what document `doc_id` says: every value on its confirmation page
/// becomes their confirmation, in one transaction. A page already confirmed (another tab)
/// moves on.
pub async fn confirm_document(
    db: &Db,
    case: &CaseRow,
    ct: &CaseType,
    doc_id: &str,
    now: i64,
) -> Result<Outcome, AppError> {
    let loaded = load(db, &case.id).await?;
    let visible = flow::visible_steps(ct, &loaded.answers);
    let (pages, _) = loaded.check_pages(ct, &visible);
    let Some(page) = pages.into_iter().find(|p| p.doc_id == doc_id) else {
        return Ok(Outcome::Moved);
    };
    let mut tx = db.begin().await?;
    lock(&mut tx, &case.id, now).await?;
    for check in &page.checks {
        let Check::Confirm { fact_id, shown } = check else {
            continue;
        };
        let observation = answer_observation(
            fact_id,
            shown.value_raw,
            shown.value_normalized,
            Some(Reaction::Confirms),
        );
        let item = flow::check_item(fact_id);
        let previous = loaded.answers.get(&item).and_then(|a| a.observation_id.as_ref());
        let mine = loaded
            .observations
            .iter()
            .filter(|o| o.fact_id == *fact_id)
            .filter(|o| previous != Some(&o.id));
        let fp = flow::fingerprint(mine.chain(std::iter::once(&observation)));
        put_answer(
            &mut tx,
            &case.id,
            &loaded.answers,
            &item,
            ("confirmed", &fp),
            Some(&observation),
            now,
        )
        .await?;
    }
    settle_open_gaps(&mut tx, &case.id, ct, now).await?;
    tx.commit().await?;
    Ok(Outcome::Recorded)
}

/// What became of a submit.
#[derive(Debug, PartialEq, Eq)]
pub enum Submitted {
    /// Submitted now; the case is `completed` or `needs_review`.
    Now(CaseStatus),
    /// It was submitted before (a second tab, a reload).
    Before,
    /// Something changed since the summary was shown (a document, another tab).
    NotReady,
}

/// Closes the conversation and settles the case.
pub async fn submit(db: &Db, case: &CaseRow, ct: &Arc<CaseType>, now: i64) -> Result<Submitted, AppError> {
    if case.submitted_at.is_some() {
        return Ok(Submitted::Before);
    }
    if !is_open(case, now) {
        return Err(AppError::new(Kind::Authorization, Code::IntakeClosed));
    }
    let loaded = load(db, &case.id).await?;
    if !matches!(screen(case, ct, &loaded, now).1, Screen::Summary) {
        return Ok(Submitted::NotReady);
    }
    let mut tx = db.begin().await?;
    if !store::mark_submitted(&mut tx, &case.id, now).await? {
        return Ok(Submitted::Before);
    }
    let unread: Vec<&str> = loaded
        .docs
        .iter()
        .filter(|d| d.status == crate::documents::DocStatus::Failed)
        .map(|d| d.id.as_str())
        .collect();
    let data = json!({ "case_status": case.status, "answers": loaded.answers.len(), "documents": loaded.docs.len() });
    case_store::append_event(&mut tx, &case.id, EventType::Submitted, &data, now).await?;
    let status = settle(&mut tx, &case.id, ct, Change::Submitted { unread: &unread }, now).await?;
    tx.commit().await?;
    Ok(Submitted::Now(status.unwrap_or(CaseStatus::NeedsReview)))
}

/// After every change to a hosted case that is not submitted, in that change's transaction:
/// the facts whose follow-ups wait on the applicant (every step answered, every document read,
/// a gap open), for `cases::settle` to move the case to `applicant_blocked` or back to
/// `processing`.
pub async fn settle_open_gaps(tx: &mut Tx, case_id: &str, ct: &CaseType, now: i64) -> Result<(), AppError> {
    let Some(case) = case_store::find_case_by_id(&mut *tx, case_id).await? else {
        return Ok(());
    };
    if case.mode != crate::cases::Mode::Hosted || case.submitted_at.is_some() {
        return Ok(());
    }
    let loaded = load(&mut *tx, case_id).await?;
    let visible = flow::visible_steps(ct, &loaded.answers);
    if flow::first_open(&visible, &loaded.answers, &loaded.observations).is_some() || loaded.pending() > 0 {
        return Ok(());
    }
    let checks = flow::open_checks(ct, &visible, &loaded.answers, &loaded.observations);
    let gaps: Vec<&str> = checks.iter().filter(|c| c.is_gap()).map(Check::fact_id).collect();
    settle(tx, case_id, ct, Change::Conversation { open_gaps: &gaps }, now).await?;
    Ok(())
}

/// A documents step that takes uploads now, with its limits.
pub struct UploadSlot<'a> {
    pub step: &'a Step,
    pub accept: &'a [DocFormat],
    /// The most bytes one file may have.
    pub max_bytes: u64,
    /// How many more files the step takes.
    pub remaining: usize,
}

/// The documents step `step_id` as a place for uploads; `None` when it cannot be opened yet
/// (an earlier step is open), `not_found` when it is no visible documents step.
pub fn upload_slot<'a>(ct: &'a CaseType, loaded: &Loaded, step_id: &str) -> Result<Option<UploadSlot<'a>>, AppError> {
    let visible = flow::visible_steps(ct, &loaded.answers);
    let step = visible_step(&visible, step_id)?;
    let StepKind::Documents {
        accept,
        max_files,
        max_bytes,
        ..
    } = &step.kind
    else {
        return Err(AppError::not_found(Code::NotFound));
    };
    if !flow::can_open(&visible, &loaded.answers, &loaded.observations, step_id) {
        return Ok(None);
    }
    Ok(Some(UploadSlot {
        step,
        accept,
        max_bytes: *max_bytes,
        remaining: (*max_files as usize).saturating_sub(loaded.on_step(step_id).len()),
    }))
}

/// A file that arrived for a documents step, its bytes already in the blob store.
pub struct Upload<'a> {
    pub doc_id: &'a str,
    pub name: &'a str,
    pub format: DocFormat,
    pub size: u64,
    pub sha256: &'a str,
}

/// What became of an upload.
#[derive(Debug, PartialEq, Eq)]
pub enum Received {
    New,
    /// This request already has a document with these bytes.
    Duplicate,
    /// An upload on another request had these bytes: it now serves this one too.
    Reused,
    /// The step already holds its most files (a parallel upload got there first).
    Full,
    /// Submitted, or the link was revoked or expired, while the file was arriving.
    Closed,
}

/// Takes in an upload on `step`: the document (`documents::receive`), a job to read it for
/// every fact, `processing` on the first upload; a file the case already has from another
/// request is linked to this one instead. The case is locked
/// first, and the step's count and the duplicates are checked under that lock, so parallel
/// uploads cannot exceed the step's limit or land after submission.
pub async fn receive_upload(
    db: &Db,
    case: &CaseRow,
    step: &Step,
    file: &Upload<'_>,
    now: i64,
) -> Result<Received, AppError> {
    let mut tx = db.begin().await?;
    if !store::lock_open(&mut tx, &case.id, now).await? {
        return Ok(Received::Closed);
    }
    let existing = doc_store::list_for_case(&mut tx, &case.id).await?;
    let answers = store::answers(&mut tx, &case.id).await?;
    let on_step = |d: &DocumentRow| {
        d.step_id.as_deref() == Some(step.id.as_str()) || answers.contains_key(&reuse_item(&step.id, &d.id))
    };
    let max_files = match &step.kind {
        StepKind::Documents { max_files, .. } => *max_files as usize,
        _ => 0,
    };
    if let Some(same) = existing.iter().find(|d| d.sha256 == file.sha256) {
        if on_step(same) {
            return Ok(Received::Duplicate);
        }
        if existing.iter().filter(|d| on_step(d)).count() >= max_files {
            return Ok(Received::Full);
        }
        // The same file answers this request too: it is not stored or read twice.
        let link = Answer {
            item: reuse_item(&step.id, &same.id),
            // Only the ids: the file's name stays with the document (and goes when it is erased).
            value_raw: String::new(),
            value_normalized: same.id.clone(),
            observation_id: None,
            answered_at: now,
        };
        store::upsert(&mut tx, &case.id, &link).await?;
        tx.commit().await?;
        return Ok(Received::Reused);
    }
    if existing.iter().filter(|d| on_step(d)).count() >= max_files {
        return Ok(Received::Full);
    }
    let document = crate::documents::receive::Document {
        id: file.doc_id,
        case_id: &case.id,
        step_id: Some(&step.id),
        filename: Some(file.name).filter(|n| !n.is_empty()),
        format: file.format,
        byte_size: file.size,
        sha256: file.sha256,
    };
    crate::documents::receive::receive(&mut tx, &document, now).await?;
    // Every upload is read for every fact of the case type, whatever request it answered:
    // a claim form uploaded as a photo still states the damage amount.
    {
        let payload = json!({ "doc_id": file.doc_id });
        let job_id = crate::ids::sortable("job");
        crate::jobs::enqueue(
            &mut tx,
            &job_id,
            crate::jobs::KIND_PROCESS_DOCUMENT,
            Some(&case.id),
            &payload,
            now,
        )
        .await?;
    }
    let current = case_store::find_case_by_id(&mut tx, &case.id).await?;
    if current.is_some_and(|c| c.status == CaseStatus::InProgress) {
        let data = json!({ "case_status": "processing" });
        case_store::set_status(
            &mut tx,
            &case.id,
            CaseStatus::Processing,
            EventType::CaseProcessing,
            &data,
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Received::New)
}

/// The applicant removes one of their uploads from the request `on_step`: a file that only
/// served that request as a reuse is unlinked; otherwise it is erased like any document
/// (`documents::erase`), then the case's status follows. Returns the step to go back to.
pub async fn remove_document(
    db: &Db,
    blobs: &Blobs,
    case_types: &CaseTypes,
    case: &CaseRow,
    doc_id: &str,
    on_step: Option<&str>,
    now: i64,
) -> Result<Option<String>, AppError> {
    if !is_open(case, now) {
        return Err(AppError::new(Kind::Authorization, Code::IntakeClosed));
    }
    let docs = doc_store::list_for_case(db, &case.id).await?;
    let Some(doc) = docs.into_iter().find(|d| d.id == doc_id) else {
        return Err(AppError::not_found(Code::DocumentNotFound));
    };
    // Removed from a request it only served as a reused file: the link goes, the file stays.
    let ct = case_types.get(&case.case_type_id);
    let known = |s: &&str| ct.as_ref().is_some_and(|ct| ct.step(s).is_some());
    if let Some(step_id) = on_step.filter(known).filter(|s| doc.step_id.as_deref() != Some(*s)) {
        let item = reuse_item(step_id, &doc.id);
        let mut tx = db.begin().await?;
        lock(&mut tx, &case.id, now).await?;
        store::delete(&mut tx, &case.id, &item).await?;
        tx.commit().await?;
        return Ok(Some(step_id.to_string()));
    }
    let environment = case.environment;
    let by = crate::documents::erase::Eraser {
        org_id: &case.org_id,
        environment,
        actor: "applicant",
    };
    crate::documents::erase::erase(db, blobs, case_types, &by, &doc.id, now).await?;
    if let Some(ct) = ct {
        let mut tx = db.begin().await?;
        settle_open_gaps(&mut tx, &case.id, &ct, now).await?;
        tx.commit().await?;
    }
    Ok(doc.step_id)
}

/// Why an answer to a question step was refused: a Fluent id. Returns the answer as given
/// (trimmed) and normalized.
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
        Some(def) => validate_fact(def, raw).map(|n| (raw.to_string(), n)),
        None if raw.chars().count() > 4000 => Err("intake-error-too-long".into()),
        None => Ok((raw.to_string(), raw.to_string())),
    }
}

/// Normalizes and checks a value for a fact, as an answer or a prefilled value (the same rules
/// for both); the error is a Fluent id (`intake-error-…`).
pub fn validate_fact(def: &FactDef, raw: &str) -> Result<String, String> {
    let normalized = crate::extract::normalize(def.fact_type, raw).map_err(|e| format!("intake-error-{}", e.code()))?;
    let v = &def.validation;
    if v.max_length.is_some_and(|max| raw.chars().count() > max) {
        return Err("intake-error-too-long".into());
    }
    if v.not_in_future {
        let today = time::OffsetDateTime::now_utc().date();
        let parsed = time::Date::parse(&normalized, time::macros::format_description!("[year]-[month]-[day]"));
        if parsed.is_ok_and(|d| d > today) {
            return Err("intake-error-future".into());
        }
    }
    if let Ok(amount) = normalized.parse::<f64>()
        && def.fact_type == FactType::Money
        && (v.min_amount.is_some_and(|m| amount < m) || v.max_amount.is_some_and(|m| amount > m))
    {
        return Err("intake-error-amount-range".into());
    }
    Ok(normalized)
}

fn answer_observation(fact_id: &str, raw: &str, normalized: &str, reacts_to: Option<Reaction>) -> Observation {
    Observation {
        id: crate::ids::sortable("ev"),
        fact_id: fact_id.to_string(),
        value_raw: raw.to_string(),
        value_normalized: normalized.to_string(),
        confidence: ANSWER_CONFIDENCE,
        source: Source::ApplicantAnswer,
        doc_id: None,
        page_index: None,
        char_start: None,
        char_end: None,
        quote: raw.to_string(),
        method: facts::METHOD_ANSWER.to_string(),
        reacts_to,
        disputed: false,
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

/// The sniffed format of an upload's first bytes, when the step accepts it.
pub fn accepted_format(head: &[u8], accept: &[DocFormat]) -> Option<DocFormat> {
    vocab::sniff(head).filter(|f| accept.contains(f))
}
