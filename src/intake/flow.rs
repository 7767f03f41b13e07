//! The conversation as a pure function of what is stored: which steps are visible, which one
//! is next, and which checks (confirmations and follow-ups) the documents call for.
//! No HTTP and no SQL here, so every rule is unit-tested.

use std::collections::BTreeSet;

use super::store::Answers;
use crate::case_types::{CaseType, Step, StepKind};
use crate::extract::Source;
use crate::facts::Observation;

/// The answer item of a check on `fact_id`.
pub fn check_item(fact_id: &str) -> String {
    format!("check:{fact_id}")
}

/// Steps whose conditions hold, in order. A condition on a hidden step never holds.
pub fn visible_steps<'a>(ct: &'a CaseType, answers: &Answers) -> Vec<&'a Step> {
    let mut visible: Vec<&Step> = Vec::new();
    for step in &ct.steps {
        let shown = match &step.when {
            None => true,
            Some(cond) => {
                visible.iter().any(|s| s.id == cond.step)
                    && answers
                        .get(&cond.step)
                        .is_some_and(|a| cond.one_of.contains(&a.value_normalized))
            }
        };
        if shown {
            visible.push(step);
        }
    }
    visible
}

/// The first visible step without an answer.
pub fn first_open<'a>(visible: &[&'a Step], answers: &Answers) -> Option<&'a Step> {
    visible.iter().copied().find(|s| !answers.contains_key(&s.id))
}

/// Whether the applicant may open `step_id` now: it is visible and every step before it is
/// answered (so "back" and "change" work, skipping ahead does not).
pub fn can_open(visible: &[&Step], answers: &Answers, step_id: &str) -> bool {
    let Some(pos) = visible.iter().position(|s| s.id == step_id) else {
        return false;
    };
    visible[..pos].iter().all(|s| answers.contains_key(&s.id))
}

/// Answers to steps that a changed answer has hidden; they no longer count.
pub fn hidden_answers(ct: &CaseType, visible: &[&Step], answers: &Answers) -> Vec<String> {
    ct.steps
        .iter()
        .filter(|s| !visible.iter().any(|v| v.id == s.id) && answers.contains_key(&s.id))
        .map(|s| s.id.clone())
        .collect()
}

/// The visible step before `step_id`, for the back link.
pub fn previous<'a>(visible: &[&'a Step], step_id: &str) -> Option<&'a Step> {
    let pos = visible.iter().position(|s| s.id == step_id)?;
    pos.checked_sub(1).and_then(|p| visible.get(p).copied())
}

/// "Step `current` of `total`": every visible step, then one for checking and sending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub current: usize,
    pub total: usize,
}

pub fn progress(visible: &[&Step], at: Option<&str>) -> Progress {
    let total = visible.len() + 1;
    let current = at
        .and_then(|id| visible.iter().position(|s| s.id == id))
        .map_or(total, |p| p + 1);
    Progress { current, total }
}

/// The fingerprint of what is known about a fact: its distinct normalized values. A check
/// answered against one fingerprint is settled until the values change.
pub fn fingerprint<'a>(observations: impl Iterator<Item = &'a Observation>) -> String {
    let values: BTreeSet<&str> = observations.map(|o| o.value_normalized.as_str()).collect();
    values.into_iter().collect::<Vec<_>>().join("\u{1f}")
}

/// Why a follow-up is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gap {
    /// A required fact nobody has given.
    Missing,
    /// Answers, prefill and documents disagree.
    Conflict,
}

impl Gap {
    pub fn as_str(self) -> &'static str {
        match self {
            Gap::Missing => "missing",
            Gap::Conflict => "conflict",
        }
    }
}

/// A value and every observation that gave it.
#[derive(Debug, Clone, PartialEq)]
pub struct Shown<'a> {
    pub value_raw: &'a str,
    pub value_normalized: &'a str,
    pub sources: Vec<&'a Observation>,
}

/// What the check phase still asks.
#[derive(Debug, Clone, PartialEq)]
pub enum Check<'a> {
    /// Only documents (or the insurer) gave this value: "your form says X — is that right?"
    Confirm { fact_id: &'a str, shown: Shown<'a> },
    /// A gap the applicant can close: pick one of the values, give another, or say they
    /// do not know.
    FollowUp {
        fact_id: &'a str,
        gap: Gap,
        values: Vec<Shown<'a>>,
    },
}

impl Check<'_> {
    pub fn fact_id(&self) -> &str {
        match self {
            Check::Confirm { fact_id, .. } | Check::FollowUp { fact_id, .. } => fact_id,
        }
    }

    pub fn is_gap(&self) -> bool {
        matches!(self, Check::FollowUp { .. })
    }
}

fn group<'a>(observations: &[&'a Observation]) -> Vec<Shown<'a>> {
    let mut out: Vec<Shown<'_>> = Vec::new();
    for o in observations {
        match out.iter_mut().find(|s| s.value_normalized == o.value_normalized) {
            Some(s) => s.sources.push(o),
            None => out.push(Shown {
                value_raw: &o.value_raw,
                value_normalized: &o.value_normalized,
                sources: vec![o],
            }),
        }
    }
    // Document wording first: it is what the applicant recognises.
    for s in &mut out {
        if let Some(doc) = s.sources.iter().find(|o| o.source == Source::Document) {
            s.value_raw = &doc.value_raw;
        }
    }
    out
}

/// The checks still open, in the case type's fact order. Facts whose question a condition
/// hides are left alone; documents in steps that are not visible do not count.
pub fn open_checks<'a>(
    ct: &'a CaseType,
    visible: &[&Step],
    answers: &Answers,
    observations: &'a [Observation],
) -> Vec<Check<'a>> {
    let hidden_question = |fact_id: &str| {
        ct.steps.iter().any(|s| {
            matches!(&s.kind, StepKind::Question { fact: Some(f), .. } if f == fact_id)
                && !visible.iter().any(|v| v.id == s.id)
        })
    };
    let mut out = Vec::new();
    for fact in &ct.facts {
        if hidden_question(&fact.id) {
            continue;
        }
        let mine: Vec<&Observation> = observations.iter().filter(|o| o.fact_id == fact.id).collect();
        let settled = answers
            .get(&check_item(&fact.id))
            .is_some_and(|a| a.value_normalized == fingerprint(mine.iter().copied()));
        if settled {
            continue;
        }
        let values = group(&mine);
        match values.len() {
            0 if fact.required => out.push(Check::FollowUp {
                fact_id: &fact.id,
                gap: Gap::Missing,
                values,
            }),
            0 => {}
            1 => {
                let answered = values[0].sources.iter().any(|o| o.source == Source::ApplicantAnswer);
                if !answered && let Some(shown) = values.into_iter().next() {
                    out.push(Check::Confirm {
                        fact_id: &fact.id,
                        shown,
                    });
                }
            }
            _ => out.push(Check::FollowUp {
                fact_id: &fact.id,
                gap: Gap::Conflict,
                values,
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case_types::CaseType;
    use crate::intake::store::Answer;

    fn ct() -> CaseType {
        crate::case_types::parse(
            "t.toml",
            r#"
id = "t"
version = 1
privacy_notice_version = "1"
[thresholds]
keep = 0.8
review = 0.4
[[facts]]
id = "date"
type = "date"
required = true
[[facts]]
id = "other"
type = "yes_no"
[[facts]]
id = "plate"
type = "licence_plate"
[[facts]]
id = "amount"
type = "money"
required = true
[[steps]]
id = "consent"
kind = "consent"
[[steps]]
id = "date"
kind = "question"
fact = "date"
[[steps]]
id = "other"
kind = "question"
fact = "other"
required = true
[[steps]]
id = "plate"
kind = "question"
fact = "plate"
when = { step = "other", equals = "yes" }
[[steps]]
id = "docs"
kind = "documents"
facts = ["amount", "date"]
"#,
        )
        .expect("parses")
    }

    fn answer(item: &str, value: &str) -> (String, Answer) {
        (
            item.to_string(),
            Answer {
                item: item.to_string(),
                value_raw: value.to_string(),
                value_normalized: value.to_string(),
                observation_id: None,
                answered_at: 0,
            },
        )
    }

    fn obs(fact: &str, value: &str, source: Source) -> Observation {
        Observation {
            id: format!("ev_{fact}_{value}_{}", source.as_str()),
            fact_id: fact.to_string(),
            value_raw: value.to_string(),
            value_normalized: value.to_string(),
            confidence: 0.9,
            source,
            doc_id: (source == Source::Document).then(|| "doc_1".to_string()),
            page_index: None,
            char_start: None,
            char_end: None,
            quote: value.to_string(),
            method: "x".into(),
            reacts_to: None,
            disputed: false,
        }
    }

    #[test]
    fn conditions_show_and_hide_steps_and_progress_counts_visible_ones() {
        let ct = ct();
        let mut answers: Answers = [answer("consent", "given"), answer("date", "2024-01-02")].into();
        let ids = |a: &Answers| visible_steps(&ct, a).iter().map(|s| s.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&answers), ["consent", "date", "other", "docs"]);
        let visible = visible_steps(&ct, &answers);
        assert_eq!(first_open(&visible, &answers).map(|s| s.id.as_str()), Some("other"));
        assert_eq!(progress(&visible, Some("other")), Progress { current: 3, total: 5 });
        assert!(can_open(&visible, &answers, "date"), "back works");
        assert!(!can_open(&visible, &answers, "docs"), "skipping ahead does not");
        assert!(!can_open(&visible, &answers, "plate"), "hidden");

        answers.extend([answer("other", "yes"), answer("plate", "AB-123-C")]);
        assert_eq!(ids(&answers), ["consent", "date", "other", "plate", "docs"]);
        answers.extend([answer("other", "no")]);
        let visible = visible_steps(&ct, &answers);
        assert_eq!(hidden_answers(&ct, &visible, &answers), ["plate"]);
        assert_eq!(previous(&visible, "docs").map(|s| s.id.as_str()), Some("other"));
        assert_eq!(progress(&visible, None), Progress { current: 5, total: 5 });
    }

    #[test]
    fn checks_confirm_document_values_and_follow_up_gaps_until_settled() {
        let ct = ct();
        let mut answers: Answers = [answer("other", "no")].into();
        let visible = visible_steps(&ct, &answers);
        let observations = vec![
            obs("date", "2024-01-02", Source::ApplicantAnswer),
            obs("date", "2024-01-03", Source::Document),
            obs("plate", "AB-123-C", Source::Document),
            obs("other", "no", Source::ApplicantAnswer),
        ];
        let checks = open_checks(&ct, &visible, &answers, &observations);
        let summary: Vec<(&str, bool)> = checks.iter().map(|c| (c.fact_id(), c.is_gap())).collect();
        // date disagrees, plate's question is hidden, amount is required and missing.
        assert_eq!(summary, [("date", true), ("amount", true)]);
        match &checks[0] {
            Check::FollowUp { gap, values, .. } => {
                assert_eq!(*gap, Gap::Conflict);
                assert_eq!(values.len(), 2);
            }
            other => panic!("{other:?}"),
        }

        let date_fp = fingerprint(observations.iter().filter(|o| o.fact_id == "date"));
        answers.insert(check_item("date"), answer(&check_item("date"), &date_fp).1);
        answers.insert(check_item("amount"), answer(&check_item("amount"), "").1);
        assert!(open_checks(&ct, &visible, &answers, &observations).is_empty());

        // A new value reopens a settled check; a document-only value asks for confirmation.
        let mut more = observations.clone();
        more.push(obs("date", "2024-01-04", Source::Document));
        more.push(obs("amount", "1234.56", Source::Document));
        let checks = open_checks(&ct, &visible, &answers, &more);
        assert_eq!(checks.len(), 2);
        assert!(
            matches!(&checks[1], Check::Confirm { fact_id: "amount", shown } if shown.value_normalized == "1234.56")
        );
    }
}
