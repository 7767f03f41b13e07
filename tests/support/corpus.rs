//! The labelled corpora under `tests/corpus/<set>/` (documents from other PDF producers,
//! described in `tests/corpus/README.md`), read the way the server reads an upload and scored.
//!
//! Each document goes through the live path: `sandbox::read` (text layer, OCR where a page
//! has no text), `facts::observe_document` with the real case type, `facts::resolve_all`.
//! A fact is predicted when its decision is `keep` (the headline numbers: a value left in
//! `review` is not read) and, in the second row, also when `review` has a top value.
//!
//! Comparison with the truth: the truth value is normalized with the fact's type (so "€
//! 1.750,-" and "1750.00" are the same); names are compared case-folded; text facts by
//! their words (case and punctuation folded), right when the token F1 is at least 0.8.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::Deserialize;

use klarefi::case_types::{self, CaseType};
use klarefi::extract::{self, DecisionKind};
use klarefi::facts;
use klarefi::ocr::tesseract::Tesseract;
use klarefi::pdf::TextLayer;
use klarefi::vocab::FactType;

#[derive(Debug, Clone, Deserialize)]
pub struct Entry {
    pub file: String,
    pub case_type: String,
    pub kind: String,
    pub producer: String,
    pub layout: String,
    pub language: String,
    pub variant: String,
    /// The born-digital document a scan or photo was made from.
    #[serde(default)]
    #[allow(
        dead_code,
        reason = "part of the format; the scores group by producer and variant instead"
    )]
    pub source: Option<String>,
    pub facts: BTreeMap<String, serde_json::Value>,
}

/// The folder of a set, or `None` when the repository does not have it.
pub fn set_dir(set: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus").join(set);
    dir.join("truth.jsonl").is_file().then_some(dir)
}

pub fn load_entries(dir: &Path) -> Result<Vec<Entry>, String> {
    let text = std::fs::read_to_string(dir.join("truth.jsonl")).map_err(|e| format!("{}: {e}", dir.display()))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| serde_json::from_str(l).map_err(|e| format!("truth.jsonl:{}: {e}", i + 1)))
        .collect()
}

/// Every case type of the repository, by id.
pub fn case_types() -> BTreeMap<String, CaseType> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("case_types");
    let mut out = BTreeMap::new();
    let Ok(read) = std::fs::read_dir(&dir) else {
        return out;
    };
    for e in read.flatten() {
        let path = e.path();
        if path.extension().is_some_and(|x| x == "toml") {
            let name = path.display().to_string();
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            match case_types::parse(&name, &text) {
                Ok(ct) => {
                    out.insert(ct.id.clone(), ct);
                }
                Err(e) => eprintln!("{name}: {e:?}"),
            }
        }
    }
    out
}

pub use super::evaluate::Outcome;

/// Counts for precision and recall.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tally {
    pub correct: usize,
    pub wrong: usize,
    pub missed: usize,
    pub spurious: usize,
}

impl Tally {
    pub fn add(&mut self, o: Outcome) {
        match o {
            Outcome::Correct => self.correct += 1,
            Outcome::Wrong => self.wrong += 1,
            Outcome::Missed => self.missed += 1,
            Outcome::Spurious => self.spurious += 1,
        }
    }
    pub fn precision(&self) -> f64 {
        let p = self.correct + self.wrong + self.spurious;
        if p == 0 { 1.0 } else { self.correct as f64 / p as f64 }
    }
    pub fn recall(&self) -> f64 {
        let t = self.correct + self.wrong + self.missed;
        if t == 0 { 1.0 } else { self.correct as f64 / t as f64 }
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }
    pub fn row(&self, name: &str) -> String {
        format!(
            "  {name:<34} P {:.3}  R {:.3}  F1 {:.3}   ({} right, {} wrong, {} missed, {} spurious)",
            self.precision(),
            self.recall(),
            self.f1(),
            self.correct,
            self.wrong,
            self.missed,
            self.spurious
        )
    }
}

/// One fact of one document, scored.
#[derive(Debug, Clone)]
pub struct Scored {
    pub fact: String,
    pub truth: Option<String>,
    pub predicted: Option<String>,
    pub decision: Option<DecisionKind>,
    pub confidence: f64,
    /// Outcome counting only `keep` decisions.
    pub kept: Outcome,
    /// Outcome counting `keep` and the top value of `review`.
    pub offered: Option<Outcome>,
}

#[derive(Debug, Clone)]
pub struct DocResult {
    pub entry: Entry,
    /// The kind the reader classified the document as, and its confidence.
    pub kind: (String, f64),
    /// Every observation: its fact, quote, confidence features and whether its value is right.
    pub samples: Vec<(String, String, Vec<f64>, bool)>,
    pub scored: Vec<Scored>,
    pub defects: Vec<String>,
    pub pages: Vec<String>,
    pub elapsed: Duration,
}

fn fold_words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Token F1 of two texts (case and punctuation folded).
pub fn token_f1(a: &str, b: &str) -> f64 {
    let (a, b) = (fold_words(a), fold_words(b));
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let mut pool = b.clone();
    let mut common = 0usize;
    for w in &a {
        if let Some(i) = pool.iter().position(|x| x == w) {
            pool.swap_remove(i);
            common += 1;
        }
    }
    if common == 0 {
        return 0.0;
    }
    let p = common as f64 / a.len() as f64;
    let r = common as f64 / b.len() as f64;
    2.0 * p * r / (p + r)
}

/// True when a predicted normalized value matches the truth's normalized value.
pub fn same(ty: FactType, truth: &str, predicted: &str) -> bool {
    match ty {
        FactType::Text => token_f1(truth, predicted) >= 0.8,
        FactType::PersonName => fold_words(truth) == fold_words(predicted),
        FactType::Email => truth.eq_ignore_ascii_case(predicted),
        _ => truth == predicted,
    }
}

/// The truth value in normalized form.
pub fn normalize_truth(ty: FactType, v: &serde_json::Value) -> Result<String, String> {
    let raw = match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Bool(b) => (if *b { "yes" } else { "no" }).to_string(),
        other => other.to_string(),
    };
    extract::normalize(ty, &raw).map_err(|e| format!("truth {raw:?} does not normalize as {}: {e}", ty.as_str()))
}

/// Reads one document as the server's worker would.
pub fn read_layer(bytes: &[u8], tesseract: &Tesseract) -> Result<TextLayer, String> {
    klarefi::sandbox::read(bytes, tesseract).map_err(|e| format!("{e:?}"))
}

pub fn run_doc(dir: &Path, entry: &Entry, ct: &CaseType, tesseract: &Tesseract) -> DocResult {
    let started = Instant::now();
    let mut defects = Vec::new();
    let bytes = std::fs::read(dir.join(&entry.file)).unwrap_or_default();
    let layer = read_layer(&bytes, tesseract);
    let mut kind = ("unread".to_string(), 0.0);
    let mut samples = Vec::new();
    let (observations, pages) = match layer {
        Ok(layer) => {
            let reading = facts::read_document(ct, "doc_eval", &layer, None);
            kind = (reading.kind.kind.as_str().to_string(), reading.kind.confidence);
            let obs = reading.observations;
            for (o, f) in obs.iter().zip(&reading.features) {
                let right = match (ct.fact(&o.fact_id), entry.facts.get(&o.fact_id)) {
                    (Some(def), Some(v)) => {
                        normalize_truth(def.fact_type, v).is_ok_and(|t| same(def.fact_type, &t, &o.value_normalized))
                    }
                    _ => false,
                };
                samples.push((o.fact_id.clone(), o.quote.clone(), f.values.to_vec(), right));
            }
            for o in &obs {
                if let (Some(p), Some(s), Some(e)) = (o.page_index, o.char_start, o.char_end) {
                    let text = layer.pages.get(p as usize).map(|pg| pg.text.as_str()).unwrap_or("");
                    let slice: String = text.chars().skip(s as usize).take((e - s) as usize).collect();
                    if slice != o.quote {
                        defects.push(format!(
                            "{}: quote {:?} is not the page slice {:?}",
                            o.fact_id, o.quote, slice
                        ));
                    }
                }
            }
            (obs, layer.pages.into_iter().map(|p| p.text).collect())
        }
        Err(e) => {
            defects.push(format!("read: {e}"));
            (Vec::new(), Vec::new())
        }
    };
    let elapsed = started.elapsed();
    let resolved = facts::resolve_all("case_eval", ct, &observations);
    let mut scored = Vec::new();
    for (fact, r) in ct.facts.iter().zip(&resolved) {
        let truth = match entry.facts.get(&fact.id) {
            Some(v) => match normalize_truth(fact.fact_type, v) {
                Ok(t) => Some(t),
                Err(e) => {
                    defects.push(format!("{}: {e}", fact.id));
                    continue;
                }
            },
            None => None,
        };
        let kept = r.selected_value().filter(|_| r.decision == DecisionKind::Keep);
        let top = match r.decision {
            DecisionKind::Keep => kept,
            DecisionKind::Review => r.top(),
            _ => None,
        };
        let outcome = |pred: Option<&str>| match (&truth, pred) {
            (Some(t), Some(p)) if same(fact.fact_type, t, p) => Outcome::Correct,
            (Some(_), Some(_)) => Outcome::Wrong,
            (Some(_), None) => Outcome::Missed,
            (None, Some(_)) => Outcome::Spurious,
            (None, None) => Outcome::Correct,
        };
        if truth.is_none() && top.is_none() {
            continue;
        }
        let kept_outcome = outcome(kept.map(|m| m.value_normalized.as_str()));
        let offered = outcome(top.map(|m| m.value_normalized.as_str()));
        scored.push(Scored {
            fact: fact.id.clone(),
            truth: truth.clone(),
            predicted: top.map(|m| m.value_normalized.clone()),
            decision: Some(r.decision),
            confidence: top.map_or(0.0, |m| m.confidence),
            kept: if truth.is_none() && kept.is_none() {
                Outcome::Correct
            } else {
                kept_outcome
            },
            offered: Some(offered),
        });
    }
    DocResult {
        entry: entry.clone(),
        kind,
        samples,
        scored,
        defects,
        pages,
        elapsed,
    }
}

/// Scores of a set of documents, overall and by group.
#[derive(Debug, Default)]
pub struct Report {
    pub kept: Tally,
    pub offered: Tally,
    pub by: BTreeMap<(&'static str, String), Tally>,
    /// Kept facts per confidence band: (band floor, right, all).
    pub bands: Vec<(f64, usize, usize)>,
}

pub const BANDS: [f64; 5] = [0.8, 0.85, 0.9, 0.95, 0.99];

pub fn score(results: &[DocResult]) -> Report {
    let mut r = Report {
        bands: BANDS.iter().map(|&b| (b, 0, 0)).collect(),
        ..Report::default()
    };
    for d in results {
        for s in &d.scored {
            // A fact the document does not state and the reader left alone is not counted.
            let counted = !(s.truth.is_none() && s.kept == Outcome::Correct);
            if counted {
                r.kept.add(s.kept);
                for (group, key) in [
                    ("fact", &s.fact),
                    ("producer", &d.entry.producer),
                    ("kind", &d.entry.kind),
                    ("layout", &d.entry.layout),
                    ("language", &d.entry.language),
                    ("variant", &d.entry.variant),
                    ("case type", &d.entry.case_type),
                ] {
                    r.by.entry((group, key.clone())).or_default().add(s.kept);
                }
            }
            if let Some(o) = s.offered
                && !(s.truth.is_none() && s.predicted.is_none())
            {
                r.offered.add(o);
            }
            if s.decision == Some(DecisionKind::Keep) {
                for band in r.bands.iter_mut().rev() {
                    if s.confidence >= band.0 - 1e-9 {
                        band.2 += 1;
                        if s.kept == Outcome::Correct {
                            band.1 += 1;
                        }
                        break;
                    }
                }
            }
        }
    }
    r
}

/// The line of the document that holds `needle` (case- and space-insensitive), if any.
pub fn find_line(pages: &[String], needle: &str) -> Option<String> {
    let fold = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    let n = fold(needle);
    if n.is_empty() {
        return None;
    }
    pages
        .iter()
        .flat_map(|p| p.lines())
        .find(|l| fold(l).contains(&n))
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
}
