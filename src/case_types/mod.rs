//! Case types: declarative TOML definitions of what an intake asks and establishes.
//!
//! A case type lists the facts to establish (type, required, the labels that announce each in
//! documents and the distractors that look alike), the steps of the conversation (consent,
//! questions, document requests, with conditions on earlier answers) and the resolution
//! thresholds. This module parses and validates definitions into `CaseType` values that are
//! valid by construction; it never touches HTTP or the database. A broken definition is
//! reported with its file, line and reason.
//!
//! Applicant-visible text is not in the TOML: it lives in Fluent under ids derived from the
//! definition, listed by [`CaseType::message_ids`]:
//! `<case>-title`, `<case>-fact-<fact>`, `<case>-step-<step>`, `<case>-step-<consent>-notice`,
//! `<case>-option-<fact or step>-<option>`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use crate::extract::DocKind;
use crate::l10n::{L10n, Locale};
use crate::vocab::{DocFormat, FactType};

/// How a question is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InputKind {
    Text,
    LongText,
    Date,
    Amount,
    YesNo,
    Choice,
    LicencePlate,
    Iban,
    Email,
    Phone,
}

impl InputKind {
    /// The question input a fact of this type is asked with unless a step says otherwise.
    pub fn for_fact(ty: FactType) -> InputKind {
        match ty {
            FactType::Date => InputKind::Date,
            FactType::Money => InputKind::Amount,
            FactType::Text | FactType::PolicyNumber | FactType::PersonName | FactType::Postcode => InputKind::Text,
            FactType::LicencePlate => InputKind::LicencePlate,
            FactType::Iban => InputKind::Iban,
            FactType::Email => InputKind::Email,
            FactType::Phone => InputKind::Phone,
            FactType::YesNo => InputKind::YesNo,
            FactType::Choice => InputKind::Choice,
        }
    }

    /// Whether answers given this way can stand as a fact of `ty`.
    fn fits(self, ty: FactType) -> bool {
        self == InputKind::for_fact(ty) || (self == InputKind::LongText && ty == FactType::Text)
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// A candidate at or above this confidence is kept without review.
    pub keep: f64,
    /// A competing value at or above this confidence makes a conflict.
    pub review: f64,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Validation {
    pub not_in_future: bool,
    pub min_amount: Option<f64>,
    pub max_amount: Option<f64>,
    pub max_length: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct FactDef {
    pub id: String,
    pub fact_type: FactType,
    pub required: bool,
    /// Labels that announce the fact in documents, per language.
    pub labels: BTreeMap<Locale, Vec<String>>,
    /// Look-alike labels that mean something else, per language.
    pub distractors: BTreeMap<Locale, Vec<String>>,
    pub validation: Validation,
    /// ISO 4217 code for money facts.
    pub currency: Option<String>,
    /// Allowed values for choice facts.
    pub options: Vec<String>,
    /// For a choice read from documents: option id → words that name it there.
    pub option_words: Vec<(String, Vec<String>)>,
}

impl FactDef {
    /// Labels of every language, for matching documents whatever their language.
    pub fn all_labels(&self) -> Vec<String> {
        self.labels.values().flatten().cloned().collect()
    }

    pub fn all_distractors(&self) -> Vec<String> {
        self.distractors.values().flatten().cloned().collect()
    }
}

/// Show a step only when an earlier answer has one of these values.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    pub step: String,
    pub one_of: Vec<String>,
}

#[derive(Debug, Clone)]
pub enum StepKind {
    Consent,
    Question {
        /// The fact the answer becomes a candidate for; `None` for free-standing questions.
        fact: Option<String>,
        input: InputKind,
        required: bool,
        options: Vec<String>,
    },
    Documents {
        accept: Vec<DocFormat>,
        max_files: u32,
        max_bytes: u64,
        /// Facts documents of this kind may carry.
        facts: Vec<String>,
        required: bool,
    },
}

#[derive(Debug, Clone)]
pub struct Step {
    pub id: String,
    pub kind: StepKind,
    pub when: Option<Condition>,
}

#[derive(Debug, Clone)]
pub struct CaseType {
    pub id: String,
    pub version: u32,
    /// The version of the privacy notice text, recorded with each consent.
    pub privacy_notice_version: String,
    pub thresholds: Thresholds,
    pub facts: Vec<FactDef>,
    pub steps: Vec<Step>,
    /// How labels are read (`[lexicon]`): canonical word → the words and phrases that mean
    /// the same on a document.
    pub synonyms: Synonyms,
    /// Words that name someone other than the claimant (the other party, a witness, a
    /// garage): a label with one of them is about that person.
    pub others: Vec<String>,
    /// What a kind of document states by being that kind (`[[implied]]`).
    pub implied: Vec<Implied>,
    /// Labels a fact has only on one kind of document (`[[kind_labels]]`).
    pub kind_labels: Vec<KindLabels>,
}

/// Labels a fact has only on one kind of document: on a European accident statement, box
/// 14 "Mijn opmerkingen" (my remarks) is the driver's account of the accident, while
/// "Opmerkingen" on a claim form or invoice is anything else. On that kind the labels are
/// the fact's own, and a distractor worded the same is dropped.
#[derive(Debug, Clone, PartialEq)]
pub struct KindLabels {
    pub kind: DocKind,
    pub fact: String,
    pub labels: Vec<String>,
}

impl CaseType {
    /// The labels and distractors of `fact` on a document of `kind`: its own, plus the
    /// labels `[[kind_labels]]` gives it there (and without distractors worded like them).
    pub fn labels_on(&self, fact: &FactDef, kind: DocKind) -> (Vec<String>, Vec<String>) {
        let mut labels = fact.all_labels();
        let mut distractors = fact.all_distractors();
        for k in self.kind_labels.iter().filter(|k| k.kind == kind && k.fact == fact.id) {
            labels.extend(k.labels.iter().cloned());
            distractors.retain(|d| !k.labels.iter().any(|l| l.eq_ignore_ascii_case(d)));
        }
        (labels, distractors)
    }
}

/// What a kind of document states by being that kind: a document classified as `kind` that
/// gives a value for the fact `when` states each fact of `facts` with the value listed (a
/// European accident statement that names vehicle B's plate states a collision with another
/// party). The value's evidence is the `when` value's quote. A fact the document reads a
/// value for itself is left to that reading.
#[derive(Debug, Clone, PartialEq)]
pub struct Implied {
    pub kind: DocKind,
    pub when: String,
    /// (fact id, value as a claimant would type it).
    pub facts: Vec<(String, String)>,
}

pub const DEFAULT_MAX_FILES: u32 = 10;
pub const DEFAULT_MAX_BYTES: u64 = 25 * 1024 * 1024;

impl CaseType {
    pub fn fact(&self, id: &str) -> Option<&FactDef> {
        self.facts.iter().find(|f| f.id == id)
    }

    /// The facts a documents step says its documents may carry.
    pub fn step_facts(&self, step_id: &str) -> Option<&[String]> {
        match &self.step(step_id)?.kind {
            StepKind::Documents { facts, .. } => Some(facts),
            _ => None,
        }
    }

    pub fn step(&self, id: &str) -> Option<&Step> {
        self.steps.iter().find(|s| s.id == id)
    }

    /// Every Fluent id this case type needs, in every locale.
    pub fn message_ids(&self) -> Vec<String> {
        let ct = &self.id;
        let mut ids = vec![format!("{ct}-title")];
        for fact in &self.facts {
            ids.push(format!("{ct}-fact-{}", fact.id));
            ids.extend(fact.options.iter().map(|o| format!("{ct}-option-{}-{o}", fact.id)));
        }
        for step in &self.steps {
            ids.push(format!("{ct}-step-{}", step.id));
            match &step.kind {
                StepKind::Consent => ids.push(format!("{ct}-step-{}-notice", step.id)),
                StepKind::Documents { .. } => ids.push(format!("{ct}-step-{}-document", step.id)),
                StepKind::Question {
                    fact: None, options, ..
                } => {
                    ids.extend(options.iter().map(|o| format!("{ct}-option-{}-{o}", step.id)));
                }
                _ => {}
            }
        }
        ids
    }
}

/// A definition that cannot be used: where and why.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{file}:{line}: {reason}")]
pub struct CaseTypeError {
    pub file: String,
    pub line: usize,
    pub reason: String,
}

// ---- the TOML shape -------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCaseType {
    id: Spanned<String>,
    version: u32,
    privacy_notice_version: String,
    thresholds: Spanned<RawThresholds>,
    #[serde(default)]
    facts: Vec<RawFact>,
    #[serde(default)]
    steps: Vec<RawStep>,
    #[serde(default)]
    lexicon: Option<Spanned<RawLexicon>>,
    #[serde(default)]
    implied: Vec<Spanned<RawImplied>>,
    #[serde(default)]
    kind_labels: Vec<Spanned<RawKindLabels>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKindLabels {
    kind: String,
    fact: String,
    labels: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawImplied {
    kind: String,
    when: String,
    facts: BTreeMap<String, String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawLexicon {
    #[serde(default)]
    synonyms: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    others: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawThresholds {
    keep: f64,
    review: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFact {
    id: Spanned<String>,
    #[serde(rename = "type")]
    fact_type: FactType,
    #[serde(default)]
    required: bool,
    #[serde(default)]
    labels: BTreeMap<Spanned<String>, Vec<String>>,
    #[serde(default)]
    distractors: BTreeMap<Spanned<String>, Vec<String>>,
    #[serde(default)]
    validation: RawValidation,
    currency: Option<String>,
    #[serde(default)]
    options: Vec<String>,
    #[serde(default)]
    option_words: BTreeMap<String, Vec<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawValidation {
    #[serde(default)]
    not_in_future: bool,
    min_amount: Option<f64>,
    max_amount: Option<f64>,
    max_length: Option<usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
enum RawStepKind {
    Consent,
    Question,
    Documents,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStep {
    id: Spanned<String>,
    kind: RawStepKind,
    fact: Option<Spanned<String>>,
    input: Option<InputKind>,
    required: Option<bool>,
    #[serde(default)]
    options: Vec<String>,
    when: Option<Spanned<RawCondition>>,
    accept: Option<Vec<DocFormat>>,
    max_files: Option<u32>,
    max_bytes: Option<u64>,
    #[serde(default)]
    facts: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCondition {
    step: String,
    equals: Option<String>,
    one_of: Option<Vec<String>>,
}

// ---- parsing and validation -----------------------------------------------------------------

/// Canonical word → the words and phrases that mean the same.
pub type Synonyms = Vec<(String, Vec<String>)>;

/// Checks `[lexicon]`: canonical words are single lower-case words; no variant is empty or
/// stands for two canonical words.
fn lexicon(cx: &Ctx<'_>, raw: Option<&Spanned<RawLexicon>>) -> Result<(Synonyms, Vec<String>), CaseTypeError> {
    let Some(raw) = raw else {
        return Ok((Vec::new(), Vec::new()));
    };
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    for (canon, variants) in &raw.get_ref().synonyms {
        if canon.is_empty() || canon.split_whitespace().count() != 1 || canon.chars().any(char::is_uppercase) {
            return Err(cx.at(raw, format!("lexicon.synonyms: {canon:?} must be one lower-case word")));
        }
        for v in variants {
            let key = v.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
            if key.is_empty() {
                return Err(cx.at(raw, format!("lexicon.synonyms.{canon}: an empty variant")));
            }
            if let Some(other) = seen.insert(key.clone(), canon)
                && other != canon
            {
                return Err(cx.at(
                    raw,
                    format!("lexicon.synonyms: {key:?} is listed for both {other:?} and {canon:?}"),
                ));
            }
        }
    }
    if let Some(o) = raw.get_ref().others.iter().find(|o| o.trim().is_empty()) {
        return Err(cx.at(raw, format!("lexicon.others: an empty word {o:?}")));
    }
    let synonyms = raw
        .get_ref()
        .synonyms
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    Ok((synonyms, raw.get_ref().others.clone()))
}

struct Ctx<'a> {
    file: &'a str,
    text: &'a str,
}

impl Ctx<'_> {
    fn err(&self, offset: usize, reason: impl Into<String>) -> CaseTypeError {
        let line = self.text.get(..offset).map_or(1, |head| head.matches('\n').count() + 1);
        CaseTypeError {
            file: self.file.to_string(),
            line,
            reason: reason.into(),
        }
    }

    fn at<T>(&self, spanned: &Spanned<T>, reason: impl Into<String>) -> CaseTypeError {
        self.err(spanned.span().start, reason)
    }
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && s.len() <= 64
}

/// Parses and validates one definition. `file` is only used in error messages.
pub fn parse(file: &str, text: &str) -> Result<CaseType, CaseTypeError> {
    let cx = Ctx { file, text };
    let raw: RawCaseType = toml::from_str(text).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        cx.err(offset, e.message().to_string())
    })?;

    if !is_identifier(raw.id.get_ref()) {
        return Err(cx.at(
            &raw.id,
            "case type id must be lower-case letters, digits and _, starting with a letter",
        ));
    }
    let th = raw.thresholds.get_ref();
    if !(0.0 < th.review && th.review < th.keep && th.keep <= 1.0) {
        return Err(cx.at(&raw.thresholds, "thresholds must satisfy 0 < review < keep <= 1"));
    }
    if raw.privacy_notice_version.trim().is_empty() {
        return Err(cx.err(0, "privacy_notice_version must not be empty"));
    }

    let mut facts = Vec::new();
    for f in raw.facts {
        facts.push(parse_fact(&cx, f, &facts)?);
    }
    if facts.is_empty() {
        return Err(cx.err(0, "a case type needs at least one [[facts]] entry"));
    }

    let mut steps: Vec<Step> = Vec::new();
    let mut asked: BTreeSet<String> = BTreeSet::new();
    for (n, s) in raw.steps.into_iter().enumerate() {
        let step = parse_step(&cx, s, n, &facts, &steps, &mut asked)?;
        steps.push(step);
    }
    if !matches!(steps.first().map(|s| &s.kind), Some(StepKind::Consent)) {
        return Err(cx.err(0, "the first step must be the consent step (kind = \"consent\")"));
    }

    let (synonyms, others) = lexicon(&cx, raw.lexicon.as_ref())?;
    let implied = raw
        .implied
        .iter()
        .map(|i| parse_implied(&cx, i, &facts))
        .collect::<Result<Vec<_>, _>>()?;
    let kind_labels = raw
        .kind_labels
        .iter()
        .map(|k| parse_kind_labels(&cx, k, &facts))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(CaseType {
        synonyms,
        others,
        implied,
        kind_labels,
        id: raw.id.into_inner(),
        version: raw.version,
        privacy_notice_version: raw.privacy_notice_version,
        thresholds: Thresholds {
            keep: th.keep,
            review: th.review,
        },
        facts,
        steps,
    })
}

fn parse_languages(
    cx: &Ctx<'_>,
    what: &str,
    map: BTreeMap<Spanned<String>, Vec<String>>,
) -> Result<BTreeMap<Locale, Vec<String>>, CaseTypeError> {
    let mut out = BTreeMap::new();
    for (lang, list) in map {
        let locale = Locale::parse(lang.get_ref())
            .filter(|l| l.as_str() == lang.get_ref())
            .ok_or_else(|| {
                cx.at(
                    &lang,
                    format!("{what}: unknown language {:?} (use nl or en)", lang.get_ref()),
                )
            })?;
        if list.iter().any(|l| l.trim().is_empty()) {
            return Err(cx.at(&lang, format!("{what}: labels must not be empty")));
        }
        out.insert(locale, list.into_iter().map(|l| l.trim().to_lowercase()).collect());
    }
    Ok(out)
}

/// Checks one `[[kind_labels]]` entry: a known document kind, a fact of the case type, and
/// labels that are not empty.
fn parse_kind_labels(
    cx: &Ctx<'_>,
    raw: &Spanned<RawKindLabels>,
    facts: &[FactDef],
) -> Result<KindLabels, CaseTypeError> {
    let k = raw.get_ref();
    let kind = DocKind::parse(&k.kind)
        .filter(|d| *d != DocKind::Unknown)
        .ok_or_else(|| cx.at(raw, format!("kind_labels: unknown document kind {:?}", k.kind)))?;
    if !facts.iter().any(|f| f.id == k.fact) {
        return Err(cx.at(raw, format!("kind_labels: no fact {:?}", k.fact)));
    }
    if k.labels.is_empty() || k.labels.iter().any(|l| l.trim().is_empty()) {
        return Err(cx.at(raw, "kind_labels: `labels` must list labels, none of them empty"));
    }
    Ok(KindLabels {
        kind,
        fact: k.fact.clone(),
        labels: k.labels.clone(),
    })
}

/// Checks one `[[implied]]` entry: a known document kind, facts of the case type, and
/// values their types accept.
fn parse_implied(cx: &Ctx<'_>, raw: &Spanned<RawImplied>, facts: &[FactDef]) -> Result<Implied, CaseTypeError> {
    let i = raw.get_ref();
    let kind = DocKind::parse(&i.kind)
        .filter(|k| *k != DocKind::Unknown)
        .ok_or_else(|| cx.at(raw, format!("implied: unknown document kind {:?}", i.kind)))?;
    if !facts.iter().any(|f| f.id == i.when) {
        return Err(cx.at(raw, format!("implied: `when` names no fact: {:?}", i.when)));
    }
    if i.facts.is_empty() {
        return Err(cx.at(raw, "implied: `facts` is empty"));
    }
    let mut out = Vec::new();
    for (id, value) in &i.facts {
        let Some(def) = facts.iter().find(|f| &f.id == id) else {
            return Err(cx.at(raw, format!("implied: no fact {id:?}")));
        };
        if *id == i.when {
            return Err(cx.at(raw, format!("implied: {id:?} cannot imply itself")));
        }
        let ok = if def.fact_type == FactType::Choice {
            def.options.contains(value)
        } else {
            crate::extract::normalize(def.fact_type, value).is_ok()
        };
        if !ok {
            return Err(cx.at(raw, format!("implied: {value:?} is not a value of {id:?}")));
        }
        out.push((id.clone(), value.clone()));
    }
    Ok(Implied {
        kind,
        when: i.when.clone(),
        facts: out,
    })
}

fn parse_fact(cx: &Ctx<'_>, f: RawFact, earlier: &[FactDef]) -> Result<FactDef, CaseTypeError> {
    let id = f.id.get_ref();
    if !is_identifier(id) {
        return Err(cx.at(
            &f.id,
            format!("fact id {id:?} must be lower-case letters, digits and _"),
        ));
    }
    if earlier.iter().any(|e| &e.id == id) {
        return Err(cx.at(&f.id, format!("fact {id:?} is defined twice")));
    }
    if f.fact_type == FactType::Choice {
        if f.options.is_empty() {
            return Err(cx.at(&f.id, format!("choice fact {id:?} needs options")));
        }
    } else if !f.options.is_empty() {
        return Err(cx.at(&f.id, format!("fact {id:?} has options but is not a choice")));
    }
    check_options(cx, &f.id, &f.options)?;
    let currency = match (f.fact_type, f.currency) {
        (FactType::Money, None) => Some("EUR".to_string()),
        (FactType::Money, Some(c)) if c.len() == 3 && c.chars().all(|ch| ch.is_ascii_uppercase()) => Some(c),
        (FactType::Money, Some(c)) => {
            return Err(cx.at(&f.id, format!("currency {c:?} is not an ISO 4217 code")));
        }
        (_, Some(_)) => {
            return Err(cx.at(&f.id, format!("fact {id:?} has a currency but is not money")));
        }
        (_, None) => None,
    };
    let v = f.validation;
    if v.not_in_future && f.fact_type != FactType::Date {
        return Err(cx.at(&f.id, "not_in_future applies to date facts only"));
    }
    if (v.min_amount.is_some() || v.max_amount.is_some()) && f.fact_type != FactType::Money {
        return Err(cx.at(&f.id, "min_amount and max_amount apply to money facts only"));
    }
    if let (Some(lo), Some(hi)) = (v.min_amount, v.max_amount)
        && lo > hi
    {
        return Err(cx.at(&f.id, "min_amount is above max_amount"));
    }
    Ok(FactDef {
        id: id.clone(),
        fact_type: f.fact_type,
        required: f.required,
        labels: parse_languages(cx, "labels", f.labels)?,
        distractors: parse_languages(cx, "distractors", f.distractors)?,
        validation: Validation {
            not_in_future: v.not_in_future,
            min_amount: v.min_amount,
            max_amount: v.max_amount,
            max_length: v.max_length,
        },
        currency,
        option_words: {
            if let Some(o) = f.option_words.keys().find(|o| !f.options.contains(o)) {
                return Err(cx.at(
                    &f.id,
                    format!("option_words names {o:?}, which is not one of the options"),
                ));
            }
            f.option_words.into_iter().collect()
        },
        options: f.options,
    })
}

fn check_options(cx: &Ctx<'_>, at: &Spanned<String>, options: &[String]) -> Result<(), CaseTypeError> {
    let mut seen = BTreeSet::new();
    for o in options {
        if !is_identifier(o) {
            return Err(cx.at(at, format!("option {o:?} must be lower-case letters, digits and _")));
        }
        if !seen.insert(o) {
            return Err(cx.at(at, format!("option {o:?} appears twice")));
        }
    }
    Ok(())
}

fn parse_step(
    cx: &Ctx<'_>,
    s: RawStep,
    index: usize,
    facts: &[FactDef],
    earlier: &[Step],
    asked: &mut BTreeSet<String>,
) -> Result<Step, CaseTypeError> {
    let id = s.id.get_ref().clone();
    if !is_identifier(&id) {
        return Err(cx.at(
            &s.id,
            format!("step id {id:?} must be lower-case letters, digits and _"),
        ));
    }
    if earlier.iter().any(|e| e.id == id) {
        return Err(cx.at(&s.id, format!("step {id:?} is defined twice")));
    }
    let not_here = |field: &str| {
        cx.at(
            &s.id,
            format!("step {id:?}: {field} does not apply to this kind of step"),
        )
    };

    let kind = match s.kind {
        RawStepKind::Consent => {
            if index != 0 {
                return Err(cx.at(&s.id, "the consent step must come first"));
            }
            if s.fact.is_some() || s.input.is_some() || s.accept.is_some() || !s.facts.is_empty() || s.when.is_some() {
                return Err(not_here("fact, input, accept, facts or when"));
            }
            StepKind::Consent
        }
        RawStepKind::Question => {
            if s.accept.is_some() || s.max_files.is_some() || s.max_bytes.is_some() || !s.facts.is_empty() {
                return Err(not_here("accept, max_files, max_bytes or facts"));
            }
            match &s.fact {
                Some(fact_ref) => {
                    let fact = facts
                        .iter()
                        .find(|f| &f.id == fact_ref.get_ref())
                        .ok_or_else(|| cx.at(fact_ref, format!("unknown fact {:?}", fact_ref.get_ref())))?;
                    if !asked.insert(fact.id.clone()) {
                        return Err(cx.at(fact_ref, format!("fact {:?} is asked by two steps", fact.id)));
                    }
                    let input = s.input.unwrap_or_else(|| InputKind::for_fact(fact.fact_type));
                    if !input.fits(fact.fact_type) {
                        return Err(cx.at(
                            &s.id,
                            format!("input {input:?} does not fit fact type {:?}", fact.fact_type),
                        ));
                    }
                    if !s.options.is_empty() {
                        return Err(cx.at(&s.id, "options belong on the choice fact, not the step"));
                    }
                    StepKind::Question {
                        fact: Some(fact.id.clone()),
                        input,
                        required: s.required.unwrap_or(fact.required),
                        options: fact.options.clone(),
                    }
                }
                None => {
                    let input = s
                        .input
                        .ok_or_else(|| cx.at(&s.id, format!("question {id:?} needs a fact or an input")))?;
                    check_options(cx, &s.id, &s.options)?;
                    if (input == InputKind::Choice) == s.options.is_empty() {
                        return Err(cx.at(&s.id, "a choice question needs options, and only a choice has them"));
                    }
                    StepKind::Question {
                        fact: None,
                        input,
                        required: s.required.unwrap_or(true),
                        options: s.options,
                    }
                }
            }
        }
        RawStepKind::Documents => {
            if s.fact.is_some() || s.input.is_some() || !s.options.is_empty() {
                return Err(not_here("fact, input or options"));
            }
            let accept = s
                .accept
                .unwrap_or_else(|| vec![DocFormat::Pdf, DocFormat::Jpeg, DocFormat::Png]);
            if accept.is_empty() {
                return Err(cx.at(&s.id, "accept must list at least one of pdf, jpeg, png"));
            }
            let max_files = s.max_files.unwrap_or(DEFAULT_MAX_FILES);
            if !(1..=DEFAULT_MAX_FILES).contains(&max_files) {
                return Err(cx.at(&s.id, format!("max_files must be between 1 and {DEFAULT_MAX_FILES}")));
            }
            let max_bytes = s.max_bytes.unwrap_or(DEFAULT_MAX_BYTES);
            if !(1..=DEFAULT_MAX_BYTES).contains(&max_bytes) {
                return Err(cx.at(&s.id, format!("max_bytes must be between 1 and {DEFAULT_MAX_BYTES}")));
            }
            let mut doc_facts = Vec::new();
            for f in &s.facts {
                if !facts.iter().any(|d| &d.id == f.get_ref()) {
                    return Err(cx.at(f, format!("unknown fact {:?}", f.get_ref())));
                }
                doc_facts.push(f.get_ref().clone());
            }
            StepKind::Documents {
                accept,
                max_files,
                max_bytes,
                facts: doc_facts,
                required: s.required.unwrap_or(false),
            }
        }
    };

    let when = match s.when {
        None => None,
        Some(cond) => Some(parse_condition(cx, &cond, earlier)?),
    };
    Ok(Step { id, kind, when })
}

fn parse_condition(cx: &Ctx<'_>, cond: &Spanned<RawCondition>, earlier: &[Step]) -> Result<Condition, CaseTypeError> {
    let c = cond.get_ref();
    let target = earlier
        .iter()
        .find(|s| s.id == c.step)
        .ok_or_else(|| cx.at(cond, format!("when.step {:?} is not an earlier step", c.step)))?;
    let allowed: Vec<String> = match &target.kind {
        StepKind::Question {
            input: InputKind::YesNo,
            ..
        } => vec!["yes".into(), "no".into()],
        StepKind::Question {
            input: InputKind::Choice,
            options,
            ..
        } => options.clone(),
        _ => {
            return Err(cx.at(
                cond,
                format!("when.step {:?} must be a yes/no or choice question", c.step),
            ));
        }
    };
    let one_of = match (&c.equals, &c.one_of) {
        (Some(v), None) => vec![v.clone()],
        (None, Some(list)) if !list.is_empty() => list.clone(),
        _ => return Err(cx.at(cond, "when needs exactly one of equals or one_of")),
    };
    if let Some(bad) = one_of.iter().find(|v| !allowed.contains(v)) {
        return Err(cx.at(
            cond,
            format!(
                "{bad:?} is not an answer of step {:?} (expected one of {allowed:?})",
                c.step
            ),
        ));
    }
    Ok(Condition {
        step: c.step.clone(),
        one_of,
    })
}

// ---- the registry ---------------------------------------------------------------------------

const SHIPPED: &[(&str, &str)] = &[
    (
        "case_types/home_damage.toml",
        include_str!("../../case_types/home_damage.toml"),
    ),
    (
        "case_types/motor_claim.toml",
        include_str!("../../case_types/motor_claim.toml"),
    ),
];

/// Every case type the server knows, by id.
#[derive(Debug, Clone, Default)]
pub struct CaseTypes {
    by_id: BTreeMap<String, Arc<CaseType>>,
}

impl CaseTypes {
    /// The shipped case types plus `*.toml` in `extra_dir`, each checked against `l10n`.
    pub fn load(extra_dir: Option<&Path>, l10n: &L10n) -> Result<Self, CaseTypeError> {
        let mut sources: Vec<(String, String)> = SHIPPED
            .iter()
            .map(|(f, t)| ((*f).to_string(), (*t).to_string()))
            .collect();
        if let Some(dir) = extra_dir {
            let entries = std::fs::read_dir(dir).map_err(|e| CaseTypeError {
                file: dir.display().to_string(),
                line: 0,
                reason: e.to_string(),
            })?;
            let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
            paths.sort();
            for path in paths.into_iter().filter(|p| p.extension().is_some_and(|e| e == "toml")) {
                let text = std::fs::read_to_string(&path).map_err(|e| CaseTypeError {
                    file: path.display().to_string(),
                    line: 0,
                    reason: e.to_string(),
                })?;
                sources.push((path.display().to_string(), text));
            }
        }
        let mut by_id = BTreeMap::new();
        for (file, text) in sources {
            let ct = parse(&file, &text)?;
            check_messages(&file, &ct, l10n)?;
            if by_id.contains_key(&ct.id) {
                return Err(CaseTypeError {
                    file,
                    line: 1,
                    reason: format!("case type {:?} is defined twice", ct.id),
                });
            }
            by_id.insert(ct.id.clone(), Arc::new(ct));
        }
        Ok(Self { by_id })
    }

    pub fn get(&self, id: &str) -> Option<Arc<CaseType>> {
        self.by_id.get(id).cloned()
    }

    pub fn all(&self) -> impl Iterator<Item = &Arc<CaseType>> {
        self.by_id.values()
    }
}

/// Fails when a Fluent message the case type needs is missing in any locale.
pub fn check_messages(file: &str, ct: &CaseType, l10n: &L10n) -> Result<(), CaseTypeError> {
    for locale in Locale::ALL {
        let missing: Vec<String> = ct
            .message_ids()
            .into_iter()
            .filter(|id| !l10n.has(locale, id))
            .collect();
        if !missing.is_empty() {
            return Err(CaseTypeError {
                file: file.to_string(),
                line: 1,
                reason: format!(
                    "missing Fluent messages in locales/{}: {}",
                    locale.as_str(),
                    missing.join(", ")
                ),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
