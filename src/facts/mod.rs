//! Facts of a case: observations with their evidence, and the `features` projection the API
//! returns (per fact: merged candidates, evidence and one decision).
//!
//! An observation is one sighting of a value: a quote on a document page, an applicant's
//! answer or a prefilled value. Observations are what is stored; candidates (one per distinct
//! normalized value) and decisions are derived from them with `extract::resolve`, so erasing a
//! document's observations and resolving again is all erasure needs. Candidate and decision ids
//! are hashes of what they stand for, so they stay the same across recomputation.
//! No HTTP and no SQL here.

pub mod store;

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Value, json};

use crate::case_types::{CaseType, FactDef};
use crate::extract::{self, ApplicantChoice, CandidateIn, DecisionKind, FactSpec, Merged, Reason, Source, Thresholds};
use crate::pdf::TextLayer;

/// How a piece of evidence was read (documents: `pdf::ReadMethod::as_str`).
pub const METHOD_TEXT: &str = "born_digital_text";
pub const METHOD_OCR: &str = "ocr";
pub const METHOD_ANSWER: &str = "applicant_answer";
/// A value the integrator sent with the session; its quote is the value as sent.
pub const METHOD_PREFILL: &str = "prefill";
/// A case handler's value (a review command's accept or correction); its quote is the value.
pub const METHOD_REVIEWER: &str = "reviewer";

/// One sighting of a fact's value, with its evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Observation {
    /// The evidence id, `ev_…`.
    pub id: String,
    pub fact_id: String,
    pub value_raw: String,
    pub value_normalized: String,
    pub confidence: f64,
    pub source: Source,
    pub doc_id: Option<String>,
    pub page_index: Option<i64>,
    pub char_start: Option<i64>,
    pub char_end: Option<i64>,
    pub quote: String,
    pub method: String,
    /// Set on an applicant's reaction to a shown value: the evidence id it confirms
    /// (`confirmed_by_applicant`) or corrects (`corrected_by_applicant`); and on a case
    /// handler's accept or correction (`accepted_by_reviewer`, `corrected_by_reviewer`).
    pub reacts_to: Option<Reaction>,
    /// A case handler disputed this evidence: it stays on the record, shown as disputed, and
    /// no longer counts when the fact is decided.
    pub disputed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reaction {
    Confirms,
    Corrects,
    /// A case handler accepted this value (`review.fact_accepted`).
    ReviewerAccepts,
    /// A case handler set this value (`review.fact_corrected`).
    ReviewerCorrects,
}

impl Reaction {
    pub fn as_str(self) -> &'static str {
        match self {
            Reaction::Confirms => "confirms",
            Reaction::Corrects => "corrects",
            Reaction::ReviewerAccepts => "reviewer_accepts",
            Reaction::ReviewerCorrects => "reviewer_corrects",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "confirms" => Some(Reaction::Confirms),
            "corrects" => Some(Reaction::Corrects),
            "reviewer_accepts" => Some(Reaction::ReviewerAccepts),
            "reviewer_corrects" => Some(Reaction::ReviewerCorrects),
            _ => None,
        }
    }
}

pub fn source_from_str(s: &str) -> Source {
    match s {
        "applicant_answer" => Source::ApplicantAnswer,
        "prefill" => Source::Prefill,
        "reviewer" => Source::Reviewer,
        _ => Source::Document,
    }
}

/// Short stable id from the parts it stands for.
fn hashed_id(prefix: &str, parts: &[&str]) -> String {
    let joined = parts.join("\u{1f}");
    format!("{prefix}_{}", &crate::ids::sha256_hex(joined.as_bytes())[..20])
}

/// The specs `find_facts` needs for the facts a document may carry (`None`: all facts).
fn specs<'a>(facts: &[&'a FactDef], labels: &'a [(Vec<String>, Vec<String>)]) -> Vec<FactSpec<'a>> {
    facts
        .iter()
        .zip(labels)
        .map(|(f, (l, d))| FactSpec {
            id: &f.id,
            fact_type: f.fact_type,
            labels: l,
            distractors: d,
            options: &f.option_words,
        })
        .collect()
}

/// Share of a found value's confidence that OCR doubt can take away: a quote whose least
/// certain word tesseract read at confidence `c` keeps `1 - OCR_DOUBT * (1 - c)` of it, so
/// clean print barely moves and a garbled word drops the value below `keep`.
pub const OCR_DOUBT: f64 = 0.4;

/// A found value's confidence, lowered by the OCR confidence of the words its quote covers.
pub fn with_ocr_confidence(found: f64, ocr: Option<f32>) -> f64 {
    match ocr {
        Some(c) => {
            let c = f64::from(c).clamp(0.0, 1.0);
            (found * (1.0 - OCR_DOUBT * (1.0 - c)) * 100.0).round() / 100.0
        }
        None => found,
    }
}

/// Rule confidence of the address on an e-mail's sender line, in the claimant's e-mail.
const SENDER: f64 = 0.9;

/// What reading one document gave: its kind, and one observation per found value with
/// the features its confidence was computed from.
#[derive(Debug, Clone)]
pub struct Reading {
    pub kind: extract::Classified,
    pub observations: Vec<Observation>,
    pub features: Vec<extract::confidence::Features>,
}

/// Reads every page of a text layer for the case type's facts (restricted to `only` when
/// given) and returns one observation per found value, quoting its exact page slice. The
/// evidence method is the page's (`born_digital_text` or `ocr`). The document is classified
/// first; each value's confidence is the confidence model's (`extract::confidence`) over
/// what the page rules said, the kind of document, the other values it offers for the fact
/// and, on OCR pages, how sure OCR was of the quoted words.
pub fn read_document(case_type: &CaseType, doc_id: &str, layer: &TextLayer, only: Option<&[String]>) -> Reading {
    let facts: Vec<&FactDef> = case_type
        .facts
        .iter()
        .filter(|f| only.is_none_or(|ids| ids.contains(&f.id)))
        .collect();
    let page_texts: Vec<&str> = layer.pages.iter().map(|p| p.text.as_str()).collect();
    let kind = extract::classify(&page_texts);
    // Labels by the kind of document: some mean a fact only on one kind.
    let labels: Vec<(Vec<String>, Vec<String>)> = facts.iter().map(|f| case_type.labels_on(f, kind.kind)).collect();
    let specs = specs(&facts, &labels);
    let lexicon = extract::Lexicon::for_specs(&specs, &case_type.synonyms, &case_type.others);
    let mut found = Vec::new();
    let mut sender_seen = false;
    for page in &layer.pages {
        for mut f in extract::find_facts_with(&page.text, &specs, &lexicon) {
            // The first sender of the claimant's own e-mail is the claimant (later ones
            // are quoted replies).
            if kind.kind == extract::DocKind::Email
                && !sender_seen
                && !f.labelled
                && facts
                    .iter()
                    .any(|d| d.id == f.fact_id && d.fact_type == crate::vocab::FactType::Email)
                && extract::on_sender_line(&page.text, f.char_start)
            {
                f.confidence = f.confidence.max(SENDER);
                f.labelled = true;
                sender_seen = true;
            }
            found.push((page, f));
        }
    }
    implied_by_kind(case_type, kind.kind, &facts, &mut found);
    let model = extract::confidence::Model::shipped();
    let mut out = Reading {
        kind,
        observations: Vec::new(),
        features: Vec::new(),
    };
    for (page, f) in &found {
        let (Ok(start), Ok(end)) = (i64::try_from(f.char_start), i64::try_from(f.char_end)) else {
            continue;
        };
        let same_fact = || found.iter().filter(|(_, o)| o.fact_id == f.fact_id);
        let mut values: Vec<&str> = same_fact().map(|(_, o)| o.value_normalized.as_str()).collect();
        values.sort_unstable();
        values.dedup();
        let fact_type = facts
            .iter()
            .find(|d| d.id == f.fact_id)
            .map_or(crate::vocab::FactType::Text, |d| d.fact_type);
        // An IBAN that passes its mod-97 check was read right whatever tesseract thought of
        // its glyphs (a misread passes one time in 97): OCR doubt would only move it to review.
        let proved = fact_type == crate::vocab::FactType::Iban && {
            let compact: Vec<char> = f.value_normalized.chars().filter(char::is_ascii_alphanumeric).collect();
            extract::parse::iban_checksum_ok(&compact)
        };
        let ocr = if proved {
            None
        } else {
            page.ocr_confidence(f.char_start, f.char_end)
        };
        let features = extract::confidence::Features::of(&extract::confidence::Context {
            rule: with_ocr_confidence(f.confidence, ocr),
            fact_type,
            kind: kind.kind,
            rivals: values.len().saturating_sub(1),
            runner_up: same_fact()
                .any(|(_, o)| o.value_normalized != f.value_normalized && o.confidence > f.confidence),
            occurrences: same_fact()
                .filter(|(_, o)| o.value_normalized == f.value_normalized)
                .count(),
            ocr: ocr.map(f64::from),
            page_index: page.index,
            unlabelled: !f.labelled,
            rival_rule: same_fact()
                .filter(|(_, o)| o.value_normalized != f.value_normalized)
                .map(|(_, o)| o.confidence)
                .reduce(f64::max),
            how: f.how,
            ragged: f.ragged,
            weak_shape: f.weak_shape,
            claimants_label: f.claimants_label,
        });
        out.observations.push(Observation {
            id: crate::ids::sortable("ev"),
            fact_id: f.fact_id.clone(),
            quote: f.value_raw.clone(),
            value_raw: f.value_raw.clone(),
            value_normalized: f.value_normalized.clone(),
            confidence: model.confidence(&features),
            source: Source::Document,
            doc_id: Some(doc_id.to_string()),
            page_index: i64::try_from(page.index).ok(),
            char_start: Some(start),
            char_end: Some(end),
            method: page.method.as_str().to_string(),
            reacts_to: None,
            disputed: false,
        });
        out.features.push(features);
    }
    out
}

/// Highest rule confidence an implied value takes: no more than the reading it follows
/// from, and never as sure as a value the document states under its own label.
const IMPLIED: f64 = 0.9;

/// Adds what the document states by its kind (the case type's `[[implied]]`): when the
/// document is of the rule's kind and gives a labelled value for the rule's `when` fact,
/// each implied fact the document has no labelled value for gets the rule's value (in place
/// of unlabelled readings), quoting the `when` value as its evidence.
fn implied_by_kind(
    case_type: &CaseType,
    kind: extract::DocKind,
    facts: &[&FactDef],
    found: &mut Vec<(&crate::pdf::PageText, extract::Found)>,
) {
    for rule in case_type.implied.iter().filter(|r| r.kind == kind) {
        let Some((page, basis)) = found
            .iter()
            .filter(|(_, f)| f.fact_id == rule.when && f.labelled)
            .max_by(|a, b| a.1.confidence.total_cmp(&b.1.confidence))
            .map(|(p, f)| (*p, f.clone()))
        else {
            continue;
        };
        for (id, value) in &rule.facts {
            let Some(def) = facts.iter().find(|d| &d.id == id) else {
                continue;
            };
            // A value under the fact's own label wins; a word that only names an option
            // somewhere on the page ("stond geparkeerd" among the circumstances) says less
            // than the kind of document does.
            if found.iter().any(|(_, f)| &f.fact_id == id && f.labelled) {
                continue;
            }
            found.retain(|(_, f)| &f.fact_id != id);
            let normalized = if def.fact_type == crate::vocab::FactType::Choice {
                value.clone()
            } else {
                match extract::normalize(def.fact_type, value) {
                    Ok(v) => v,
                    Err(_) => continue,
                }
            };
            found.push((
                page,
                extract::Found {
                    fact_id: id.clone(),
                    value_normalized: normalized,
                    confidence: basis.confidence.min(IMPLIED),
                    ragged: false,
                    weak_shape: false,
                    claimants_label: false,
                    ..basis.clone()
                },
            ));
        }
    }
}

/// [`read_document`]'s observations.
pub fn observe_document(
    case_type: &CaseType,
    doc_id: &str,
    layer: &TextLayer,
    only: Option<&[String]>,
) -> Vec<Observation> {
    read_document(case_type, doc_id, layer, only).observations
}

/// One fact resolved: its merged candidates and decision.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub fact_id: String,
    pub merged: Vec<Merged>,
    pub candidate_ids: Vec<String>,
    pub decision: DecisionKind,
    pub selected: Option<usize>,
    pub reason: Reason,
    /// Whether a case handler disputed a piece of this fact's evidence.
    pub disputed: bool,
}

/// Where a fact stands in a handler's review (`review_state` in reads and packages).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewState {
    /// A handler accepted or corrected it.
    Accepted,
    /// A handler disputed a piece of its evidence and has not decided it since.
    Disputed,
    /// Nothing was found and no handler decided it.
    Missing,
    /// Values were found but none was kept: a handler has to decide.
    ReviewOnly,
}

impl ReviewState {
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewState::Accepted => "accepted",
            ReviewState::Disputed => "disputed",
            ReviewState::Missing => "missing",
            ReviewState::ReviewOnly => "review_only",
        }
    }
}

impl Resolved {
    /// The fact's review state; `None` when it was kept without a handler and nothing of it
    /// is disputed.
    pub fn review_state(&self) -> Option<ReviewState> {
        match (self.reason, self.decision) {
            (Reason::AcceptedByReviewer | Reason::CorrectedByReviewer, _) => Some(ReviewState::Accepted),
            _ if self.disputed => Some(ReviewState::Disputed),
            (_, DecisionKind::Missing) => Some(ReviewState::Missing),
            (_, DecisionKind::Review) => Some(ReviewState::ReviewOnly),
            (_, DecisionKind::Keep) => None,
        }
    }

    /// Whether a handler has to act on the fact: a piece of its evidence is disputed, or it is
    /// required and neither kept nor decided by a handler. The review queue's reasons and the
    /// case file's "needs attention" both follow it.
    pub fn needs_handler(&self, required: bool) -> bool {
        match self.review_state() {
            Some(ReviewState::Disputed) => true,
            Some(ReviewState::Accepted) | None => false,
            Some(ReviewState::Missing | ReviewState::ReviewOnly) => required,
        }
    }

    pub fn decision_id(&self, case_id: &str) -> String {
        let selected = self
            .selected
            .and_then(|i| self.candidate_ids.get(i))
            .map_or("", String::as_str);
        hashed_id(
            "dec",
            &[
                case_id,
                &self.fact_id,
                self.decision.as_str(),
                selected,
                self.reason.as_str(),
            ],
        )
    }

    pub fn selected_value(&self) -> Option<&Merged> {
        self.selected.and_then(|i| self.merged.get(i))
    }

    /// The best value even when not kept (for review displays).
    pub fn top(&self) -> Option<&Merged> {
        self.merged.first()
    }
}

/// Resolves one fact from its observations. The newest reaction decides: an applicant's
/// confirmation or correction, or a case handler's accept or correction. Disputed evidence
/// does not count.
pub fn resolve_fact(case_id: &str, fact: &FactDef, observations: &[&Observation], th: Thresholds) -> Resolved {
    let inputs: Vec<CandidateIn> = observations
        .iter()
        .filter(|o| !o.disputed)
        .map(|o| CandidateIn {
            key: o.id.clone(),
            value_raw: o.value_raw.clone(),
            value_normalized: o.value_normalized.clone(),
            confidence: o.confidence,
            source: o.source,
        })
        .collect();
    let newest = observations
        .iter()
        .rev()
        .filter(|o| !o.disputed)
        .find_map(|o| Some((o.reacts_to?, o.id.clone())));
    let choice = match &newest {
        Some((Reaction::Confirms, id)) => Some(ApplicantChoice::Confirmed(id.clone())),
        Some((Reaction::Corrects, id)) => Some(ApplicantChoice::Corrected(id.clone())),
        _ => None,
    };
    let (merged, mut decision) = extract::resolve(&inputs, &th, choice.as_ref());
    // A handler's decision: the value they accepted or set is kept.
    if let Some((reaction @ (Reaction::ReviewerAccepts | Reaction::ReviewerCorrects), id)) = &newest
        && let Some(i) = merged.iter().position(|m| m.members.contains(id))
    {
        decision = extract::Decision {
            decision: DecisionKind::Keep,
            selected: Some(i),
            reason: if *reaction == Reaction::ReviewerAccepts {
                Reason::AcceptedByReviewer
            } else {
                Reason::CorrectedByReviewer
            },
        };
    }
    let candidate_ids = merged
        .iter()
        .map(|m| hashed_id("cand", &[case_id, &fact.id, &m.value_normalized]))
        .collect();
    Resolved {
        fact_id: fact.id.clone(),
        merged,
        candidate_ids,
        decision: decision.decision,
        selected: decision.selected,
        reason: decision.reason,
        disputed: observations.iter().any(|o| o.disputed),
    }
}

/// Resolves every fact of the case type.
pub fn resolve_all(case_id: &str, case_type: &CaseType, observations: &[Observation]) -> Vec<Resolved> {
    let th = Thresholds {
        keep: case_type.thresholds.keep,
        review: case_type.thresholds.review,
    };
    case_type
        .facts
        .iter()
        .map(|fact| {
            let mine: Vec<&Observation> = observations.iter().filter(|o| o.fact_id == fact.id).collect();
            resolve_fact(case_id, fact, &mine, th)
        })
        .collect()
}

/// One fact of a case read. The views below serialize straight into the response (no JSON
/// tree in between: building and dropping one was a tenth of a case read's CPU); their
/// fields are in alphabetical order, as a `serde_json` object prints its keys.
#[derive(Serialize)]
pub struct Feature<'a> {
    candidates: Vec<CandidateView>,
    decision: DecisionView,
    evidence: Vec<EvidenceView<'a>>,
    /// `accepted` | `disputed` | `missing` | `review_only`; null when kept without a handler.
    review_state: Option<&'static str>,
}

#[derive(Serialize)]
struct CandidateView {
    candidate_id: String,
    confidence: f64,
    evidence_ids: Vec<String>,
    /// The source of the most confident member; all are in `sources`.
    source: &'static str,
    sources: Vec<&'static str>,
    value_normalized: String,
    value_raw: String,
}

#[derive(Serialize)]
struct DecisionView {
    decision: &'static str,
    decision_id: String,
    reason: &'static str,
    selected_candidate_id: Option<String>,
}

#[derive(Serialize)]
struct EvidenceView<'a> {
    /// A case handler disputed it; it no longer counts.
    disputed: bool,
    doc_id: Option<&'a str>,
    evidence_id: &'a str,
    location: Option<Location>,
    method: &'a str,
    page_index: Option<i64>,
    quote: &'a str,
}

#[derive(Serialize)]
struct Location {
    char_end: i64,
    char_start: i64,
}

impl<'a> EvidenceView<'a> {
    fn of(o: &'a Observation) -> Self {
        EvidenceView {
            disputed: o.disputed,
            doc_id: o.doc_id.as_deref(),
            evidence_id: &o.id,
            location: match (o.char_start, o.char_end) {
                (Some(char_start), Some(char_end)) => Some(Location { char_start, char_end }),
                _ => None,
            },
            method: &o.method,
            page_index: o.page_index,
            quote: &o.quote,
        }
    }
}

/// The `features` object of a case read: every fact of the case type, by fact id.
pub fn features<'a>(
    case_id: &str,
    case_type: &CaseType,
    observations: &'a [Observation],
) -> BTreeMap<String, Feature<'a>> {
    let by_id: BTreeMap<&str, &Observation> = observations.iter().map(|o| (o.id.as_str(), o)).collect();
    let mut out = BTreeMap::new();
    for resolved in resolve_all(case_id, case_type, observations) {
        let review_state = resolved.review_state().map(ReviewState::as_str);
        let decision = DecisionView {
            decision: resolved.decision.as_str(),
            decision_id: resolved.decision_id(case_id),
            reason: resolved.reason.as_str(),
            selected_candidate_id: resolved.selected.and_then(|i| resolved.candidate_ids.get(i)).cloned(),
        };
        let evidence = observations
            .iter()
            .filter(|o| o.fact_id == resolved.fact_id)
            .map(EvidenceView::of)
            .collect();
        let candidates = resolved
            .merged
            .into_iter()
            .zip(resolved.candidate_ids)
            .map(|(m, candidate_id)| {
                let lead = m
                    .members
                    .iter()
                    .filter_map(|k| by_id.get(k.as_str()))
                    .max_by(|a, b| a.confidence.total_cmp(&b.confidence))
                    .map_or(Source::Document, |o| o.source);
                CandidateView {
                    candidate_id,
                    confidence: (m.confidence * 1000.0).round() / 1000.0,
                    source: lead.as_str(),
                    sources: m.sources.iter().map(|s| s.as_str()).collect(),
                    evidence_ids: m.members,
                    value_normalized: m.value_normalized,
                    value_raw: m.value_raw,
                }
            })
            .collect();
        out.insert(
            resolved.fact_id,
            Feature {
                candidates,
                decision,
                evidence,
                review_state,
            },
        );
    }
    out
}

/// [`features`] as a JSON value, for callers that edit or embed it.
pub fn features_json(case_id: &str, case_type: &CaseType, observations: &[Observation]) -> Value {
    serde_json::to_value(features(case_id, case_type, observations)).unwrap_or_else(|_| json!({}))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case_types::CaseTypes;
    use crate::l10n::L10n;
    use crate::pdf::PageText;

    fn motor() -> std::sync::Arc<CaseType> {
        let l10n = L10n::load(None).expect("messages");
        CaseTypes::load(None, &l10n)
            .expect("case types")
            .get("motor_claim")
            .expect("motor_claim")
    }

    fn layer(text: &str) -> TextLayer {
        TextLayer {
            assembler_version: crate::pdf::ASSEMBLER_VERSION,
            pages: vec![PageText {
                index: 0,
                width: 595.0,
                height: 842.0,
                text: text.to_string(),
                boxes: vec![[0.0; 4]; text.chars().count()],
                ..PageText::default()
            }],
        }
    }

    fn shipped(id: &str) -> std::sync::Arc<CaseType> {
        let l10n = L10n::load(None).expect("messages");
        CaseTypes::load(None, &l10n).expect("case types").get(id).expect(id)
    }

    /// The kept value of each fact the page states.
    fn kept(ct: &CaseType, text: &str) -> BTreeMap<String, String> {
        let obs = observe_document(ct, "doc_1", &layer(text), None);
        resolve_all("case_1", ct, &obs)
            .into_iter()
            .filter(|r| r.decision == DecisionKind::Keep)
            .filter_map(|r| {
                r.selected_value()
                    .map(|m| (r.fact_id.clone(), m.value_normalized.clone()))
            })
            .collect()
    }

    /// A European accident statement with the two vehicles side by side, as a text layer
    /// gives it when labels wrap inside their column: each column's values go to their party,
    /// box 14 is the driver's account, and naming vehicle B states a collision with another
    /// party.
    #[test]
    fn side_by_side_accident_statement_reads_each_column_for_its_party() {
        let ct = motor();
        let page = "Europees schadeformulier\n\
            1. Datum van het ongeval\n12-03-2025\n2. Plaats\nKerkstraat 4, Zeist\n\
            VOERTUIG A\tVOERTUIG B\n\
            6. Verzekeringnemer (zie\nverzekeringsbewijs)\n6. Verzekeringnemer (zie\nverzekeringsbewijs)\n\
            Naam en voorletters\tP. de Wit\tNaam en voorletters\tK. Smits\n\
            Adres\tLaan 3, 3701 AB\nZeist\nAdres\tDorpsweg 8, 3512 CD\nUtrecht\n\
            Tel. of e-mail\t06-12345678\tTel. of e-mail\t030-7654321\n\
            7. Motorrijtuig\t7. Motorrijtuig\n\
            Inschrijvingsnummer\n(kenteken)\nTS-HF-82\tInschrijvingsnummer\n(kenteken)\n71-GNB-4\n\
            Polisnummer\tPL-55501\tPolisnummer\t77.001.002\n\
            14. Mijn opmerkingen (A)\n\
            Ik stond stil voor het stoplicht toen de auto achter mij tegen mijn bumper reed.\n\
            15. Handtekening A\n";
        let kept = kept(&ct, page);
        let get = |id: &str| kept.get(id).map(String::as_str);
        assert_eq!(get("claimant_name"), Some("P. de Wit"), "{kept:?}");
        assert_eq!(get("claimant_phone"), Some("+31612345678"), "{kept:?}");
        assert_eq!(get("licence_plate"), Some("TS-HF-82"), "{kept:?}");
        assert_eq!(get("counterparty_licence_plate"), Some("71-GNB-4"), "{kept:?}");
        assert_eq!(get("policy_number"), Some("PL-55501"), "{kept:?}");
        assert_eq!(get("counterparty_involved"), Some("yes"), "{kept:?}");
        assert_eq!(get("incident_type"), Some("collision"), "{kept:?}");
        assert_eq!(
            get("incident_description"),
            Some("Ik stond stil voor het stoplicht toen de auto achter mij tegen mijn bumper reed."),
            "{kept:?}"
        );
    }

    #[test]
    fn an_implied_fact_quotes_the_value_it_follows_from() {
        let ct = motor();
        let page = "Europees schadeformulier\nVoertuig A\tVoertuig B\nKenteken: TS-HF-82\tKenteken: 71-GNB-4\n";
        let obs = observe_document(&ct, "doc_1", &layer(page), None);
        let involved = obs
            .iter()
            .find(|o| o.fact_id == "counterparty_involved")
            .expect("implied by the B plate");
        assert_eq!(involved.value_normalized, "yes");
        assert_eq!(involved.quote, "71-GNB-4");
        let (s, e) = (involved.char_start.unwrap_or(0), involved.char_end.unwrap_or(0));
        let slice: String = page.chars().skip(s as usize).take((e - s) as usize).collect();
        assert_eq!(slice, involved.quote, "evidence is the exact page slice");
        // A letter naming the other party's plate states another party, but no accident
        // statement's collision.
        let letter = "P. de Wit\nKerkstraat 1\n1234 AB Utrecht\n\nUtrecht, 3 mei 2025\n\nBetreft: schademelding\n\n\
                      Geachte heer, mevrouw,\n\nHierbij meld ik schade aan mijn auto. De auto van de tegenpartij had \
                      kenteken 71-GNB-4.\n\nMet vriendelijke groet,\nP. de Wit";
        let obs = observe_document(&ct, "doc_2", &layer(letter), None);
        assert!(obs.iter().all(|o| o.fact_id != "incident_type"), "{obs:?}");
        let involved = obs.iter().find(|o| o.fact_id == "counterparty_involved");
        assert_eq!(involved.map(|o| o.value_normalized.as_str()), Some("yes"), "{obs:?}");
    }

    #[test]
    fn questions_and_shared_labels_announce_their_facts() {
        let ct = motor();
        let rows: &[(&str, &str, &str)] = &[
            (
                "Op welk nummer bent u bereikbaar?\t06-12345678",
                "claimant_phone",
                "+31612345678",
            ),
            (
                "On which number can we reach you?\t06-12345678",
                "claimant_phone",
                "+31612345678",
            ),
            ("Mob. 06-12345678", "claimant_phone", "+31612345678"),
            ("Tel. of e-mail\t06-12345678", "claimant_phone", "+31612345678"),
            (
                "Tel. or e-mail\tp.dewit@example.nl",
                "claimant_email",
                "p.dewit@example.nl",
            ),
            ("How much is the damage?\t€ 1.436,00", "damage_amount", "1436.00"),
            (
                "Hoe hoog is de schade ongeveer?\t1.436,00 euro",
                "damage_amount",
                "1436.00",
            ),
        ];
        for (text, fact, want) in rows {
            let kept = kept(&ct, text);
            assert_eq!(kept.get(*fact).map(String::as_str), Some(*want), "{text:?}: {kept:?}");
        }
    }

    #[test]
    fn labels_are_read_by_meaning_whatever_their_wording() {
        let ct = motor();
        let rows: &[(&str, &str, &str)] = &[
            ("Polis nr.: AB-123456", "policy_number", "AB-123456"),
            ("POLISNUMMER   P-7788-2231", "policy_number", "P-7788-2231"),
            ("2. Uw polisnummer: 2023/0042-X", "policy_number", "2023/0042-X"),
            ("Kenteken van uw auto: GX-904-K", "licence_plate", "GX-904-K"),
            ("Reg. no.: 12-ABC-3", "licence_plate", "12-ABC-3"),
            ("Date of the accident: 3 February 2023", "incident_date", "2023-02-03"),
            ("Ongevalsdatum: 03-02-2023", "incident_date", "2023-02-03"),
            ("Datum schadevoorval: 08-03-24", "incident_date", "2024-03-08"),
            (
                "Wanneer is de schade ontstaan?   3 februari 2023",
                "incident_date",
                "2023-02-03",
            ),
            (
                "Op welk rekeningnummer wilt u de uitkering ontvangen?  NL91 ABNA 0417 1643 00",
                "iban",
                "NL91ABNA0417164300",
            ),
            ("Herstelkosten incl. BTW: € 1.750,-", "damage_amount", "1750.00"),
            ("Hoogte van de schade: € 980,00", "damage_amount", "980.00"),
            ("Geschatte schade € 2.100,00", "damage_amount", "2100.00"),
        ];
        for (text, fact, want) in rows {
            let got = kept(&ct, text);
            assert_eq!(got.get(*fact).map(String::as_str), Some(*want), "{text:?}: {got:?}");
        }
    }

    #[test]
    fn whose_value_it_is_follows_the_words_for_other_parties() {
        let ct = motor();
        let text = "Kenteken wederpartij: 12-ABC-3\nTelefoon getuige: 06-12345678\nE-mail garage: info@garage.nl";
        let got = kept(&ct, text);
        assert_eq!(
            got.get("counterparty_licence_plate").map(String::as_str),
            Some("12-ABC-3"),
            "{got:?}"
        );
        for fact in ["licence_plate", "claimant_phone", "claimant_email"] {
            assert!(!got.contains_key(fact), "{fact} is someone else's: {got:?}");
        }
    }

    #[test]
    fn facts_stated_in_a_letter_are_read_from_their_sentences() {
        let ct = motor();
        let text = "Geachte heer, mevrouw,\n\nHet ongeval gebeurde op 7 jul. 2022 op de kruising in Utrecht. \
                    Ik verzoek u het bedrag over te maken op rekeningnummer NL91 ABNA 0417 1643 00.\n\n\
                    Met vriendelijke groet,\nJan de Vries";
        let obs = observe_document(&ct, "doc_1", &layer(text), None);
        let pick = |fact: &str| {
            obs.iter()
                .find(|o| o.fact_id == fact)
                .map(|o| (o.value_normalized.clone(), o.confidence))
        };
        assert_eq!(
            pick("incident_date").map(|p| p.0),
            Some("2022-07-07".to_string()),
            "{obs:#?}"
        );
        assert_eq!(pick("iban").map(|p| p.0), Some("NL91ABNA0417164300".to_string()));
        // A sentence is less explicit than a form's label: found, with a confidence the
        // model gives statements in words (calibrated on the development corpus).
        assert!(pick("incident_date").is_some_and(|p| p.1 > 0.2), "{obs:#?}");
    }

    #[test]
    fn home_damage_is_read_by_the_same_code() {
        let ct = shipped("home_damage");
        let text = "Schademelding woonhuis\nPolisnummer: WH-778812\nOorzaak van de schade: lekkage door een gesprongen leiding\n\
                    Schadedatum: 12-11-2024\nTotaal incl. BTW: € 3.412,50";
        let got = kept(&ct, text);
        assert_eq!(
            got.get("policy_number").map(String::as_str),
            Some("WH-778812"),
            "{got:?}"
        );
        assert_eq!(got.get("damage_cause").map(String::as_str), Some("water"), "{got:?}");
        assert_eq!(
            got.get("incident_date").map(String::as_str),
            Some("2024-11-12"),
            "{got:?}"
        );
        assert_eq!(got.get("damage_amount").map(String::as_str), Some("3412.50"), "{got:?}");
    }

    #[test]
    fn a_document_is_classified_when_read() {
        let ct = motor();
        let text = "FACTUUR\nFactuurnummer: 2024-118\nFactuurdatum: 3-8-2024\nTotaal incl. BTW € 1.750,00";
        let r = read_document(&ct, "doc_1", &layer(text), None);
        assert_eq!(r.kind.kind, extract::DocKind::Invoice);
        assert_eq!(r.features.len(), r.observations.len());
    }

    #[test]
    fn a_labelled_value_becomes_a_kept_fact_whose_evidence_quotes_the_page() {
        let ct = motor();
        let text = "Schadeformulier\nSchadedatum: 3 februari 2023\nGeboortedatum: 12-05-1980";
        let obs = observe_document(&ct, "doc_1", &layer(text), None);

        let features = features_json("case_1", &ct, &obs);

        let date = &features["incident_date"];
        assert_eq!(date["decision"]["decision"], "keep", "{date}");
        assert_eq!(date["candidates"][0]["value_normalized"], "2023-02-03");
        let ev = &date["evidence"][0];
        let (s, e) = (
            ev["location"]["char_start"].as_u64().expect("start"),
            ev["location"]["char_end"].as_u64().expect("end"),
        );
        let slice: String = text.chars().skip(s as usize).take((e - s) as usize).collect();
        assert_eq!(ev["quote"], slice.as_str());
        assert_eq!(ev["method"], "born_digital_text");
        assert_eq!(
            date["decision"]["selected_candidate_id"],
            date["candidates"][0]["candidate_id"]
        );
        assert_eq!(features["damage_amount"]["decision"]["decision"], "missing");
        assert_eq!(
            features["damage_amount"]["decision"]["selected_candidate_id"],
            Value::Null
        );
    }

    #[test]
    fn evidence_from_an_ocr_page_says_ocr_and_weighs_the_word_confidences() {
        let ct = motor();
        let text = "Kenteken: AB-123-C\nSchadedatum: 3 februari 2023";
        let mut ocr = layer(text);
        ocr.pages[0].method = crate::pdf::ReadMethod::Ocr;
        let n = text.chars().count();
        // The plate read with confidence 0.95, the date's month with 0.30.
        ocr.pages[0].confidences = (0..n)
            .map(|i| if (33..41).contains(&i) { 0.30 } else { 0.95 })
            .collect();
        let digital = observe_document(&ct, "doc_1", &layer(text), None);
        let scanned = observe_document(&ct, "doc_1", &ocr, None);

        let pick = |obs: &[Observation], fact: &str| obs.iter().find(|o| o.fact_id == fact).cloned().expect(fact);
        for fact in ["licence_plate", "incident_date"] {
            assert_eq!(pick(&scanned, fact).method, METHOD_OCR);
            assert_eq!(pick(&scanned, fact).char_start, pick(&digital, fact).char_start);
        }
        let plate = (
            pick(&digital, "licence_plate").confidence,
            pick(&scanned, "licence_plate").confidence,
        );
        // The fitted model (dev scans included) trusts OCR a little less than text, so clean
        // print lowers a value a few hundredths; it stays kept.
        assert!(
            plate.1 < plate.0 && plate.1 >= plate.0 * 0.93 && plate.1 >= ct.thresholds.keep,
            "clean print barely moves: {plate:?}"
        );
        let date = (
            pick(&digital, "incident_date").confidence,
            pick(&scanned, "incident_date").confidence,
        );
        assert!(
            date.1 < ct.thresholds.keep && date.1 < date.0,
            "a doubtful word lowers it below keep: {date:?}"
        );
        assert!((with_ocr_confidence(0.9, None) - 0.9).abs() < 1e-9);
    }

    #[test]
    fn candidate_and_decision_ids_are_stable_across_recomputation() {
        let ct = motor();
        let obs = observe_document(&ct, "doc_1", &layer("Kenteken: AB-123-C"), None);
        let a = features_json("case_1", &ct, &obs);
        let b = features_json("case_1", &ct, &obs);
        assert_eq!(a, b);
        assert_ne!(a, features_json("case_2", &ct, &obs), "ids are per case");
    }

    #[test]
    fn an_applicant_correction_decides_the_fact() {
        let ct = motor();
        let mut obs = observe_document(&ct, "doc_1", &layer("Kenteken: AB-123-C"), None);
        obs.push(Observation {
            id: "ev_answer".into(),
            fact_id: "licence_plate".into(),
            value_raw: "XY-987-Z".into(),
            value_normalized: "XY-987-Z".into(),
            confidence: 1.0,
            source: Source::ApplicantAnswer,
            doc_id: None,
            page_index: None,
            char_start: None,
            char_end: None,
            quote: "XY-987-Z".into(),
            method: METHOD_ANSWER.into(),
            reacts_to: Some(Reaction::Corrects),
            disputed: false,
        });

        let features = features_json("case_1", &ct, &obs);

        let plate = &features["licence_plate"];
        assert_eq!(plate["decision"]["reason"], "corrected_by_applicant");
        let selected = plate["decision"]["selected_candidate_id"].clone();
        let chosen = plate["candidates"]
            .as_array()
            .expect("candidates")
            .iter()
            .find(|c| c["candidate_id"] == selected)
            .expect("selected");
        assert_eq!(chosen["value_normalized"], "XY-987-Z");
        assert_eq!(chosen["source"], "applicant_answer");
    }
}
