//! Runs the live pipeline on labelled documents and scores it: text layer → `find_facts`
//! per page with the case type's specs (labels and distractors of all languages merged, as
//! the server does) → `resolve` per fact with the case type's thresholds → one predicted
//! value per fact: the selected value when the decision is `keep`, the top merged
//! candidate when it is `review`, nothing when it is `missing`.
//!
//! Precision = correct predictions / predictions; recall = correct predictions / truth
//! entries. A wrong value counts against both.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use serde::Deserialize;

use super::claims::LabelledDoc;
use klarefi::extract::{self, CandidateIn, DecisionKind, FactSpec, Found, Source, Thresholds};
use klarefi::pdf;
use klarefi::vocab::FactType;

/// The parts of a case type the extraction needs.
#[derive(Debug, Clone)]
pub struct CaseSpec {
    pub facts: Vec<FactDef>,
    pub thresholds: Thresholds,
    /// `[lexicon]` of the case type: synonyms and words for other parties.
    pub synonyms: Vec<(String, Vec<String>)>,
    pub others: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct FactDef {
    pub id: String,
    pub fact_type: FactType,
    /// All languages merged, first occurrence kept.
    pub labels: Vec<String>,
    pub distractors: Vec<String>,
}

#[derive(Deserialize)]
struct RawCase {
    thresholds: RawThresholds,
    facts: Vec<RawFact>,
    #[serde(default)]
    lexicon: RawLexicon,
}

#[derive(Deserialize, Default)]
struct RawLexicon {
    #[serde(default)]
    synonyms: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    others: Vec<String>,
}

#[derive(Deserialize)]
struct RawThresholds {
    keep: f64,
    review: f64,
}

#[derive(Deserialize)]
struct RawFact {
    id: String,
    #[serde(rename = "type")]
    fact_type: FactType,
    #[serde(default)]
    labels: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    distractors: BTreeMap<String, Vec<String>>,
}

fn merged(by_lang: &BTreeMap<String, Vec<String>>) -> Vec<String> {
    // nl first, then en, then any other language, as the case type lists them.
    let mut out: Vec<String> = Vec::new();
    let order = ["nl", "en"];
    let mut langs: Vec<&String> = by_lang.keys().collect();
    langs.sort_by_key(|l| order.iter().position(|o| o == l).unwrap_or(order.len()));
    for l in langs {
        for label in &by_lang[l] {
            if !out.contains(label) {
                out.push(label.clone());
            }
        }
    }
    out
}

impl CaseSpec {
    /// Reads the facts, labels, distractors and thresholds of a case-type TOML file.
    pub fn load(path: &Path) -> Result<CaseSpec, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let raw: RawCase = toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(CaseSpec {
            synonyms: raw.lexicon.synonyms.clone().into_iter().collect(),
            others: raw.lexicon.others.clone(),
            thresholds: Thresholds {
                keep: raw.thresholds.keep,
                review: raw.thresholds.review,
            },
            facts: raw
                .facts
                .iter()
                .map(|f| FactDef {
                    id: f.id.clone(),
                    fact_type: f.fact_type,
                    labels: merged(&f.labels),
                    distractors: merged(&f.distractors),
                })
                .collect(),
        })
    }

    pub fn specs(&self) -> Vec<FactSpec<'_>> {
        self.facts
            .iter()
            .map(|f| FactSpec {
                id: &f.id,
                fact_type: f.fact_type,
                labels: &f.labels,
                distractors: &f.distractors,
                options: &[],
            })
            .collect()
    }

    /// The lexicon the server builds for this case type.
    pub fn lexicon(&self) -> extract::Lexicon {
        extract::Lexicon::for_specs(&self.specs(), &self.synonyms, &self.others)
    }

    pub fn fact_type(&self, id: &str) -> Option<FactType> {
        self.facts.iter().find(|f| f.id == id).map(|f| f.fact_type)
    }
}

/// The predicted value of one fact and where it came from.
#[derive(Debug, Clone)]
pub struct Prediction {
    pub value: String,
    pub raw: String,
    pub decision: DecisionKind,
    /// Merged confidence of the predicted value.
    pub confidence: f64,
    /// Page and char offset of the most confident observation of the value.
    pub page: usize,
    pub char_start: usize,
    /// Other merged values (value, confidence), for error reports.
    pub others: Vec<(String, f64)>,
}

/// The pipeline's output for one document.
#[derive(Debug, Clone)]
pub struct DocResult {
    pub name: String,
    pub language: &'static str,
    pub layout: &'static str,
    pub font: &'static str,
    pub positioning: &'static str,
    pub truth: BTreeMap<String, String>,
    pub unlabelled: Vec<String>,
    pub spellings: Vec<(String, String)>,
    pub pages: Vec<String>,
    pub found: Vec<(usize, Found)>,
    pub predictions: BTreeMap<String, Prediction>,
    /// Problems that are bugs rather than misses: a PDF that does not parse, a `Found`
    /// whose raw value is not its page slice.
    pub defects: Vec<String>,
    pub elapsed: Duration,
}

/// Runs text layer, extraction and resolution on one document.
pub fn run_doc(doc: &LabelledDoc, spec: &CaseSpec) -> DocResult {
    let started = Instant::now();
    let layer = pdf::extract_text_layer(&doc.pdf, &pdf::Limits::default()).map_err(|e| e.to_string());
    let mut result = run_layer(doc, layer, spec);
    result.elapsed = started.elapsed();
    result
}

/// [`run_doc`] on a text layer read some other way (OCR of a scanned version of `doc`).
pub fn run_layer(doc: &LabelledDoc, layer: Result<pdf::TextLayer, String>, spec: &CaseSpec) -> DocResult {
    let started = Instant::now();
    let specs = spec.specs();
    let lexicon = spec.lexicon();
    let mut defects = Vec::new();
    let mut pages = Vec::new();
    let mut found: Vec<(usize, Found)> = Vec::new();
    match layer {
        Ok(layer) => {
            for page in layer.pages {
                if page.boxes.len() != page.text.chars().count() {
                    defects.push(format!(
                        "page {}: {} boxes for {} chars",
                        page.index,
                        page.boxes.len(),
                        page.text.chars().count()
                    ));
                }
                for mut f in extract::find_facts_with(&page.text, &specs, &lexicon) {
                    // As the server does: OCR doubt about the quoted words lowers confidence.
                    let ocr = page.ocr_confidence(f.char_start, f.char_end);
                    f.confidence = klarefi::facts::with_ocr_confidence(f.confidence, ocr);
                    let slice = quoted(&page.text, &f);
                    if slice != f.value_raw {
                        defects.push(format!(
                            "page {} {}: value_raw {:?} but the page slice {}..{} is {:?}",
                            page.index, f.fact_id, f.value_raw, f.char_start, f.char_end, slice
                        ));
                    }
                    found.push((page.index, f));
                }
                pages.push(page.text);
            }
        }
        Err(e) => defects.push(format!("text layer: {e}")),
    }
    let mut predictions = BTreeMap::new();
    for fact in &spec.facts {
        let cands: Vec<CandidateIn> = found
            .iter()
            .enumerate()
            .filter(|(_, (_, f))| f.fact_id == fact.id)
            .map(|(k, (_, f))| CandidateIn {
                key: k.to_string(),
                value_raw: f.value_raw.clone(),
                value_normalized: f.value_normalized.clone(),
                confidence: f.confidence,
                source: Source::Document,
            })
            .collect();
        let (merged, decision) = extract::resolve(&cands, &spec.thresholds, None);
        let chosen = match decision.decision {
            DecisionKind::Keep => decision.selected.and_then(|i| merged.get(i)),
            DecisionKind::Review => merged.first(),
            DecisionKind::Missing => None,
        };
        let Some(m) = chosen else { continue };
        // The member observation with the highest confidence locates the evidence.
        let best = m
            .members
            .iter()
            .filter_map(|k| k.parse::<usize>().ok())
            .filter_map(|k| found.get(k))
            .max_by(|a, b| a.1.confidence.total_cmp(&b.1.confidence));
        let (page, char_start) = best.map_or((0, 0), |(p, f)| (*p, f.char_start));
        predictions.insert(
            fact.id.clone(),
            Prediction {
                value: m.value_normalized.clone(),
                raw: m.value_raw.clone(),
                decision: decision.decision,
                confidence: m.confidence,
                page,
                char_start,
                others: merged
                    .iter()
                    .filter(|o| o.value_normalized != m.value_normalized)
                    .map(|o| (o.value_normalized.clone(), o.confidence))
                    .collect(),
            },
        );
    }
    DocResult {
        name: doc.name.clone(),
        language: doc.language,
        layout: doc.layout,
        font: doc.font,
        positioning: doc.positioning,
        truth: doc.truth.clone(),
        unlabelled: doc.unlabelled.iter().cloned().collect(),
        spellings: doc.spellings.clone(),
        pages,
        found,
        predictions,
        defects,
        elapsed: started.elapsed(),
    }
}

/// Counts for precision and recall.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Tally {
    pub correct: usize,
    pub predicted: usize,
    pub truth: usize,
}

impl Tally {
    pub fn precision(&self) -> f64 {
        if self.predicted == 0 {
            1.0
        } else {
            self.correct as f64 / self.predicted as f64
        }
    }

    pub fn recall(&self) -> f64 {
        if self.truth == 0 {
            1.0
        } else {
            self.correct as f64 / self.truth as f64
        }
    }

    /// One line of a bench report: the name padded to `width`, then P, R and the counts.
    pub fn print_row(&self, name: &str, width: usize) {
        println!(
            "  {name:<width$} P {:.3}  R {:.3}   ({} correct / {} predicted / {} truth)",
            self.precision(),
            self.recall(),
            self.correct,
            self.predicted,
            self.truth
        );
    }

    fn add(&mut self, o: Outcome) {
        match o {
            Outcome::Correct => {
                self.correct += 1;
                self.predicted += 1;
                self.truth += 1;
            }
            Outcome::Wrong => {
                self.predicted += 1;
                self.truth += 1;
            }
            Outcome::Missed => self.truth += 1,
            Outcome::Spurious => self.predicted += 1,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    Correct,
    /// A prediction with another value than the truth.
    Wrong,
    /// Truth without a prediction.
    Missed,
    /// A prediction for a fact the document does not state.
    Spurious,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Correct => "correct",
            Outcome::Wrong => "wrong",
            Outcome::Missed => "missed",
            Outcome::Spurious => "spurious",
        }
    }
}

/// One scored (document, fact) pair that was not correct.
#[derive(Debug, Clone)]
pub struct ErrorCase {
    pub doc: String,
    pub layout: &'static str,
    pub font: &'static str,
    pub fact: String,
    pub outcome: Outcome,
    pub predicted: Option<String>,
    pub decision: Option<DecisionKind>,
    pub confidence: f64,
    pub truth: Option<String>,
    /// The truth is stated only without a label.
    pub unlabelled: bool,
    /// The page line of the prediction (or, for a miss, of the truth's spelling).
    pub line: String,
}

/// Scores of a set of documents.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub docs: usize,
    /// The brief's rule: `keep` and `review` both predict.
    pub overall: Tally,
    /// Only `keep` decisions predict: what the server would set without a human.
    pub keep_only: Tally,
    /// Truth stated without labels left out (their predictions too).
    pub labelled_only: Tally,
    pub per_fact: BTreeMap<String, Tally>,
    pub per_layout: BTreeMap<String, Tally>,
    pub per_font: BTreeMap<String, Tally>,
    pub per_positioning: BTreeMap<String, Tally>,
    pub per_language: BTreeMap<String, Tally>,
    pub errors: Vec<ErrorCase>,
    pub defects: Vec<String>,
    pub elapsed: Duration,
}

/// The line of `text` containing char offset `pos`.
pub fn line_at(text: &str, pos: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    let pos = pos.min(chars.len());
    let start = chars[..pos].iter().rposition(|&c| c == '\n').map_or(0, |i| i + 1);
    let end = chars[pos..]
        .iter()
        .position(|&c| c == '\n')
        .map_or(chars.len(), |i| pos + i);
    chars[start..end].iter().collect()
}

fn find_line(pages: &[String], needle: &str) -> String {
    for p in pages {
        if let Some(b) = p.find(needle) {
            return line_at(p, p[..b].chars().count());
        }
    }
    format!("(\"{needle}\" not found as such in the text layer)")
}

/// Scores results against their truth.
pub fn score(results: &[DocResult]) -> Report {
    let mut r = Report {
        docs: results.len(),
        ..Report::default()
    };
    for d in results {
        r.elapsed += d.elapsed;
        r.defects.extend(d.defects.iter().map(|x| format!("{}: {x}", d.name)));
        let mut facts: Vec<&String> = d.truth.keys().chain(d.predictions.keys()).collect();
        facts.sort();
        facts.dedup();
        for fact in facts {
            let truth = d.truth.get(fact);
            let pred = d.predictions.get(fact);
            let outcome = match (truth, pred) {
                (Some(t), Some(p)) if *t == p.value => Outcome::Correct,
                (Some(_), Some(_)) => Outcome::Wrong,
                (Some(_), None) => Outcome::Missed,
                (None, Some(_)) => Outcome::Spurious,
                (None, None) => continue,
            };
            r.overall.add(outcome);
            let keep_pred = pred.filter(|p| p.decision == DecisionKind::Keep);
            let keep_outcome = match (truth, keep_pred) {
                (Some(t), Some(p)) if *t == p.value => Outcome::Correct,
                (Some(_), Some(_)) => Outcome::Wrong,
                (Some(_), None) => Outcome::Missed,
                (None, Some(_)) => Outcome::Spurious,
                (None, None) => Outcome::Correct,
            };
            if !(truth.is_none() && keep_pred.is_none()) {
                r.keep_only.add(keep_outcome);
            }
            let unlabelled = d.unlabelled.contains(fact);
            if !unlabelled {
                r.labelled_only.add(outcome);
            }
            r.per_fact.entry(fact.clone()).or_default().add(outcome);
            r.per_layout.entry(d.layout.to_string()).or_default().add(outcome);
            r.per_font.entry(d.font.to_string()).or_default().add(outcome);
            r.per_positioning
                .entry(d.positioning.to_string())
                .or_default()
                .add(outcome);
            r.per_language.entry(d.language.to_string()).or_default().add(outcome);
            if outcome == Outcome::Correct {
                continue;
            }
            let line = match pred {
                Some(p) => d
                    .pages
                    .get(p.page)
                    .map(|t| line_at(t, p.char_start))
                    .unwrap_or_default(),
                None => d
                    .spellings
                    .iter()
                    .find(|(f, _)| f == fact)
                    .map(|(_, raw)| find_line(&d.pages, raw))
                    .unwrap_or_default(),
            };
            r.errors.push(ErrorCase {
                doc: d.name.clone(),
                layout: d.layout,
                font: d.font,
                fact: fact.clone(),
                outcome,
                predicted: pred.map(|p| p.value.clone()),
                decision: pred.map(|p| p.decision),
                confidence: pred.map_or(0.0, |p| p.confidence),
                truth: truth.cloned(),
                unlabelled,
                line,
            });
        }
    }
    // Worst first: confident wrong values, then confident spurious ones, then misses.
    r.errors.sort_by(|a, b| {
        let rank = |e: &ErrorCase| match e.outcome {
            Outcome::Wrong => 0,
            Outcome::Spurious => 1,
            _ => 2,
        };
        rank(a)
            .cmp(&rank(b))
            .then(b.confidence.total_cmp(&a.confidence))
            .then(a.doc.cmp(&b.doc))
            .then(a.fact.cmp(&b.fact))
    });
    r
}

/// A bench's `--name value` option, or `default` when it is absent or does not parse.
pub fn arg<T: std::str::FromStr>(args: &[String], name: &str, default: T) -> T {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The page text at a found value's offsets (chars, not bytes): what its `value_raw` must be.
pub fn quoted(page: &str, f: &Found) -> String {
    page.chars()
        .skip(f.char_start)
        .take(f.char_end.saturating_sub(f.char_start))
        .collect()
}

/// Units that the dense-page test and the `facts` bench repeat into pathological pages:
/// one long line of values or of labels, thousands of lines of the same field.
pub const DENSE_UNITS: &[&str] = &[
    "1,2.3,4 ",
    "a@b.c@",
    "03-02-2023 ",
    "Schadedatum ",
    "€ 1.234,56 Totaal incl. BTW ",
    "NL91 ",
    "Kenteken   AB-123-C   ",
    "Naam   Jan Jansen   Polisnummer   AB12345   ",
    "Amsterdam, 3 februari 2023\n",
    "Schadedatum: 03-02-2023\n",
    "de auto met kenteken AB-12-CD ",
    "Met vriendelijke groet,\nJan Jansen\n",
    "Kenteken: AB-12-CD\tKenteken: 12-ABC-3\n",
    "polisnummer ",
    "omschrijving ",
];
