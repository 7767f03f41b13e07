//! How sure we are of a value read from a document: a logistic model over named features,
//! its weights fitted on the labelled development corpus by `tools/fit_confidence.py` and
//! kept, reviewed, in `confidence.toml` beside this file.
//!
//! The first feature is the reader's own estimate (the log-odds of the confidence the
//! label and layout rules of `find` give: an own label right before the value is sure, an
//! unlabelled date on a letter is not); the others say what those rules cannot see on one
//! page: the kind of document, how many different values the document offers for the fact,
//! whether the same value is stated more than once, how sure OCR was of the quoted words.
//! `confidence = 1 / (1 + e^-(bias + Σ weight·feature))`. Refit after a change to the
//! reader or the corpus (`tools/fit_confidence.py --help`) and report the calibration in
//! BENCHMARKS.md.

use std::sync::OnceLock;

use serde::Deserialize;

use super::kinds::DocKind;
use super::types::{FactType, How};

/// Names of the features, in the order of [`Features::values`] and of the weights file.
pub const FEATURES: [&str; 24] = [
    "rule_logit",
    "runner_up",
    "issuer_document_contact",
    "own_words_document",
    "rivals",
    "repeated",
    "ocr_doubt",
    "later_page",
    "free_text",
    "unlabelled",
    "kind_unknown",
    "margin",
    "how_adjacent",
    "how_next_cell",
    "how_above",
    "how_near",
    "how_prose",
    "how_ticked",
    "how_signed",
    "ragged",
    "weak_shape",
    "how_addressed",
    "issuer_signature",
    "sole_bare",
];

/// Largest log-odds gap to the best rival that counts: beyond it, one value clearly
/// outranks the other.
const MAX_MARGIN: f64 = 4.0;

/// One candidate's features.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Features {
    pub values: [f64; FEATURES.len()],
}

/// What the features are computed from.
#[derive(Debug, Clone, Copy)]
pub struct Context {
    /// The confidence the page rules gave (0–1).
    pub rule: f64,
    pub fact_type: FactType,
    pub kind: DocKind,
    /// Other distinct values the document offers for the fact.
    pub rivals: usize,
    /// Another value for the fact in this document has a higher rule confidence.
    pub runner_up: bool,
    /// Times the same value is found in the document, this one included.
    pub occurrences: usize,
    /// Least OCR word confidence of the quote (0–1), `None` for born-digital text.
    pub ocr: Option<f64>,
    pub page_index: usize,
    /// The rules found it without one of the fact's labels.
    pub unlabelled: bool,
    /// The highest rule confidence of another value for the fact in the document.
    pub rival_rule: Option<f64>,
    /// How the page put it.
    pub how: How,
    /// Cut from its context: free text starting mid-sentence, a one-word name.
    pub ragged: bool,
    /// A shape that only a label makes a value.
    pub weak_shape: bool,
    /// Its label names the claimant ("Telefoon klant").
    pub claimants_label: bool,
}

fn logit(p: f64) -> f64 {
    let p = p.clamp(0.005, 0.995);
    (p / (1.0 - p)).ln()
}

impl Features {
    pub fn of(c: &Context) -> Features {
        let contact = matches!(c.fact_type, FactType::Email | FactType::Phone | FactType::Iban);
        let flag = |b: bool| if b { 1.0 } else { 0.0 };
        Features {
            values: [
                logit(c.rule),
                flag(c.runner_up),
                // A garage's or expert's document: its contact details are the issuer's,
                // unless the label says they are the customer's ("Telefoon klant").
                flag(c.kind.issued_by_business() && contact && !c.claimants_label),
                flag(c.kind.in_own_words()),
                (c.rivals.min(3)) as f64,
                flag(c.occurrences > 1),
                c.ocr.map_or(0.0, |o| 1.0 - o.clamp(0.0, 1.0)),
                flag(c.page_index > 0),
                flag(c.fact_type == FactType::Text),
                flag(c.unlabelled),
                flag(c.kind == DocKind::Unknown),
                // How far the rules put this value above (or below) its best rival: a
                // labelled total beside a bare number is not a real disagreement.
                c.rival_rule
                    .map_or(0.0, |r| (logit(c.rule) - logit(r)).clamp(-MAX_MARGIN, MAX_MARGIN)),
                flag(c.how == How::Adjacent),
                flag(c.how == How::NextCell),
                flag(c.how == How::Above),
                flag(c.how == How::Near),
                flag(c.how == How::Prose),
                flag(c.how == How::Ticked),
                flag(c.how == How::Signed),
                flag(c.ragged),
                flag(c.weak_shape),
                flag(c.how == How::Addressed),
                // The name signed under a garage's or expert's letter is theirs.
                flag(c.kind.issued_by_business() && c.how == How::Signed),
                // Read by its shape alone, and the only such value the document has (the one
                // amount in a letter).
                flag(c.unlabelled && c.rivals == 0),
            ],
        }
    }
}

/// The fitted weights.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Model {
    pub bias: f64,
    /// Feature name → weight; a feature without a weight counts 0.
    pub weights: std::collections::BTreeMap<String, f64>,
    /// How the weights were made (script, corpus, date), for the reader of the file.
    #[serde(default)]
    pub fitted_on: String,
}

impl Model {
    /// The weights shipped in `confidence.toml`.
    pub fn shipped() -> &'static Model {
        static MODEL: OnceLock<Model> = OnceLock::new();
        MODEL.get_or_init(|| {
            Model::parse(include_str!("confidence.toml")).unwrap_or_else(|e| {
                // A test checks the shipped file parses; should it ever not, the page
                // rules' own confidence is used unchanged.
                tracing::error!(error = %e, "extract/confidence.toml does not parse; using rule confidences");
                Model::identity()
            })
        })
    }

    pub fn parse(text: &str) -> Result<Model, String> {
        let m: Model = toml::from_str(text).map_err(|e| e.to_string())?;
        if let Some(unknown) = m.weights.keys().find(|k| !FEATURES.contains(&k.as_str())) {
            return Err(format!("unknown feature {unknown:?}"));
        }
        Ok(m)
    }

    /// Weights that return the rule confidence unchanged.
    pub fn identity() -> Model {
        Model {
            bias: 0.0,
            weights: [("rule_logit".to_string(), 1.0)].into_iter().collect(),
            fitted_on: String::new(),
        }
    }

    /// The confidence for these features, rounded to hundredths.
    pub fn confidence(&self, f: &Features) -> f64 {
        let z = self.bias
            + FEATURES
                .iter()
                .zip(f.values)
                .map(|(name, v)| self.weights.get(*name).copied().unwrap_or(0.0) * v)
                .sum::<f64>();
        let p = 1.0 / (1.0 + (-z).exp());
        (p * 100.0).round() / 100.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_weights_parse_and_name_known_features() {
        let m = Model::parse(include_str!("confidence.toml")).expect("confidence.toml");
        assert!(m.weights.contains_key("rule_logit"));
    }

    #[test]
    fn identity_keeps_the_rule_confidence() {
        let m = Model::identity();
        for rule in [0.35, 0.5, 0.8, 0.92, 0.95] {
            let f = Features::of(&Context {
                rule,
                fact_type: FactType::Date,
                kind: DocKind::ClaimForm,
                rivals: 0,
                runner_up: false,
                occurrences: 1,
                ocr: None,
                page_index: 0,
                unlabelled: false,
                rival_rule: None,
                how: How::Adjacent,
                ragged: false,
                weak_shape: false,
                claimants_label: false,
            });
            assert!((m.confidence(&f) - rule).abs() < 0.006, "{rule}");
        }
    }

    #[test]
    fn unknown_features_are_refused() {
        assert!(Model::parse("bias = 0.0\n[weights]\nnonsense = 1.0\n").is_err());
    }
}
