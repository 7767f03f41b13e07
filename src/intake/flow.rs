//! The conversation as a pure function of what is stored: which steps are visible, which
//! ones the documents already answered (not asked), which one is next, how far along the
//! applicant is, and which checks the documents call for (confirmations, one page per
//! document; follow-ups on what is missing or disagrees).
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

/// Whether documents already gave what a step asks for, so it is not asked: a question whose
/// fact was read from a document (the value is confirmed on the document's page instead), or
/// an optional documents request whose every named fact an upload already states (the claim
/// form gave the amount a repair quote would have). A request that names no facts (photos)
/// is always asked.
pub fn covered(step: &Step, observations: &[Observation]) -> bool {
    let read = |fact: &str| {
        observations
            .iter()
            .any(|o| o.fact_id == fact && o.source == Source::Document)
    };
    match &step.kind {
        StepKind::Question { fact: Some(fact), .. } => read(fact),
        StepKind::Documents {
            required: false, facts, ..
        } => !facts.is_empty() && facts.iter().all(|f| read(f)),
        _ => false,
    }
}

/// Whether a step needs nothing more from the applicant: answered, or a question whose
/// answer a document gave.
pub fn settled(step: &Step, answers: &Answers, observations: &[Observation]) -> bool {
    answers.contains_key(&step.id) || covered(step, observations)
}

/// The steps the applicant sees as pages: every visible step but the questions a document
/// answered before they were asked.
pub fn shown_steps<'a>(visible: &[&'a Step], answers: &Answers, observations: &[Observation]) -> Vec<&'a Step> {
    visible
        .iter()
        .copied()
        .filter(|s| answers.contains_key(&s.id) || !covered(s, observations))
        .collect()
}

/// The first visible step that still needs the applicant.
pub fn first_open<'a>(visible: &[&'a Step], answers: &Answers, observations: &[Observation]) -> Option<&'a Step> {
    visible.iter().copied().find(|s| !settled(s, answers, observations))
}

/// Whether the applicant may open `step_id` now: it is visible and every step before it is
/// settled (so "back" and "change" work, skipping ahead does not).
pub fn can_open(visible: &[&Step], answers: &Answers, observations: &[Observation], step_id: &str) -> bool {
    let Some(pos) = visible.iter().position(|s| s.id == step_id) else {
        return false;
    };
    visible[..pos].iter().all(|s| settled(s, answers, observations))
}

/// Answers to steps that a changed answer has hidden; they no longer count.
pub fn hidden_answers(ct: &CaseType, visible: &[&Step], answers: &Answers) -> Vec<String> {
    ct.steps
        .iter()
        .filter(|s| !visible.iter().any(|v| v.id == s.id) && answers.contains_key(&s.id))
        .map(|s| s.id.clone())
        .collect()
}

/// The shown step before `step_id`, for the back link.
pub fn previous<'a>(shown: &[&'a Step], step_id: &str) -> Option<&'a Step> {
    let pos = shown.iter().position(|s| s.id == step_id)?;
    pos.checked_sub(1).and_then(|p| shown.get(p).copied())
}

/// "Step `current` of `total`": the pages done and the pages that remain, this one included
/// (the summary is the last). Every page of a walk gets its own number, and the total grows
/// only when the documents call for more checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub current: usize,
    pub total: usize,
}

impl Progress {
    /// `done` pages behind, `remaining` to go counting this one.
    pub fn new(done: usize, remaining: usize) -> Self {
        let remaining = remaining.max(1);
        Progress {
            current: done + 1,
            total: done + remaining,
        }
    }

    /// Pages left after this one.
    pub fn left(self) -> usize {
        self.total - self.current
    }
}

/// How many check pages the applicant has answered: one per post, and a post that settled
/// several facts at once (a document's confirmation) is one page. Check items written with a
/// step's answer (a prefilled question) were no page of their own.
pub fn check_pages_done(answers: &Answers) -> usize {
    let step_times: BTreeSet<i64> = answers
        .values()
        .filter(|a| !a.item.starts_with("check:"))
        .map(|a| a.answered_at)
        .collect();
    answers
        .values()
        .filter(|a| a.item.starts_with("check:") && !step_times.contains(&a.answered_at))
        .map(|a| a.answered_at)
        .collect::<BTreeSet<i64>>()
        .len()
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
    ct.facts
        .iter()
        .filter_map(|fact| check_on(ct, visible, answers, observations, &fact.id, false))
        .collect()
}

/// The check on `fact_id` asked again because the applicant wants to change it (a change link
/// on the summary): what the sources say, without the applicant's earlier reaction to them.
pub fn reopened<'a>(
    ct: &'a CaseType,
    visible: &[&Step],
    answers: &Answers,
    observations: &'a [Observation],
    fact_id: &str,
) -> Option<Check<'a>> {
    check_on(ct, visible, answers, observations, fact_id, true)
}

fn check_on<'a>(
    ct: &'a CaseType,
    visible: &[&Step],
    answers: &Answers,
    observations: &'a [Observation],
    fact_id: &str,
    reopen: bool,
) -> Option<Check<'a>> {
    let fact = ct.fact(fact_id)?;
    let hidden_question = ct.steps.iter().any(|s| {
        matches!(&s.kind, StepKind::Question { fact: Some(f), .. } if *f == fact.id)
            && !visible.iter().any(|v| v.id == s.id)
    });
    if hidden_question {
        return None;
    }
    let item = answers.get(&check_item(&fact.id));
    let mine: Vec<&Observation> = observations.iter().filter(|o| o.fact_id == fact.id).collect();
    if reopen {
        let reaction = item.and_then(|a| a.observation_id.as_deref());
        let sources: Vec<&Observation> = mine.into_iter().filter(|o| Some(o.id.as_str()) != reaction).collect();
        let mut values = group(&sources);
        return Some(match values.len() {
            0 => Check::FollowUp {
                fact_id: &fact.id,
                gap: Gap::Missing,
                values,
            },
            1 => Check::Confirm {
                fact_id: &fact.id,
                shown: values.remove(0),
            },
            _ => Check::FollowUp {
                fact_id: &fact.id,
                gap: Gap::Conflict,
                values,
            },
        });
    }
    if item.is_some_and(|a| a.value_normalized == fingerprint(mine.iter().copied())) {
        return None;
    }
    let mut values = group(&mine);
    match values.len() {
        0 if fact.required => Some(Check::FollowUp {
            fact_id: &fact.id,
            gap: Gap::Missing,
            values,
        }),
        0 => None,
        1 => {
            let answered = values[0].sources.iter().any(|o| o.source == Source::ApplicantAnswer);
            (!answered).then(|| Check::Confirm {
                fact_id: &fact.id,
                shown: values.remove(0),
            })
        }
        _ => Some(Check::FollowUp {
            fact_id: &fact.id,
            gap: Gap::Conflict,
            values,
        }),
    }
}

/// The confirmations one document's reading calls for, shown together on one page.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentChecks<'a> {
    pub doc_id: &'a str,
    pub checks: Vec<Check<'a>>,
}

/// Splits open checks into one confirmation page per document, in upload order (a value
/// two documents state is confirmed with the first), and the checks asked one at a time:
/// follow-ups, and values only the insurer gave.
pub fn per_document<'a>(checks: Vec<Check<'a>>, doc_order: &[&'a str]) -> (Vec<DocumentChecks<'a>>, Vec<Check<'a>>) {
    let mut pages: Vec<DocumentChecks<'a>> = Vec::new();
    let mut singles = Vec::new();
    for check in checks {
        let home = match &check {
            Check::Confirm { shown, .. } => shown
                .sources
                .iter()
                .filter(|o| o.source == Source::Document)
                .filter_map(|o| o.doc_id.as_deref())
                .filter_map(|d| doc_order.iter().position(|x| *x == d))
                .min(),
            Check::FollowUp { .. } => None,
        };
        match home {
            Some(pos) => {
                let doc_id = doc_order[pos];
                match pages.iter_mut().find(|p| p.doc_id == doc_id) {
                    Some(page) => page.checks.push(check),
                    None => pages.push(DocumentChecks {
                        doc_id,
                        checks: vec![check],
                    }),
                }
            }
            None => singles.push(check),
        }
    }
    pages.sort_by_key(|p| doc_order.iter().position(|d| *d == p.doc_id));
    (pages, singles)
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
        assert_eq!(
            first_open(&visible, &answers, &[]).map(|s| s.id.as_str()),
            Some("other")
        );
        assert!(can_open(&visible, &answers, &[], "date"), "back works");
        assert!(!can_open(&visible, &answers, &[], "docs"), "skipping ahead does not");
        assert!(!can_open(&visible, &answers, &[], "plate"), "hidden");

        answers.extend([answer("other", "yes"), answer("plate", "AB-123-C")]);
        assert_eq!(ids(&answers), ["consent", "date", "other", "plate", "docs"]);
        answers.extend([answer("other", "no")]);
        let visible = visible_steps(&ct, &answers);
        assert_eq!(hidden_answers(&ct, &visible, &answers), ["plate"]);
        assert_eq!(previous(&visible, "docs").map(|s| s.id.as_str()), Some("other"));
    }

    #[test]
    fn a_question_a_document_answered_is_not_asked_and_does_not_block_the_next_step() {
        let ct = ct();
        let answers: Answers = [answer("consent", "given")].into();
        let visible = visible_steps(&ct, &answers);
        let read = vec![obs("date", "2024-01-03", Source::Document)];
        // The document's date answers the date question: the next open step is "other".
        assert_eq!(
            first_open(&visible, &answers, &read).map(|s| s.id.as_str()),
            Some("other")
        );
        assert!(can_open(&visible, &answers, &read, "other"));
        let shown: Vec<&str> = shown_steps(&visible, &answers, &read)
            .iter()
            .map(|s| s.id.as_str())
            .collect();
        assert_eq!(shown, ["consent", "other", "docs"], "the covered question is no page");
        assert_eq!(previous(&visible, "other").map(|s| s.id.as_str()), Some("date"));
        // An optional request whose facts the documents already state is not asked either.
        let docs = ct.steps.iter().find(|s| s.id == "docs").expect("docs step");
        assert!(!covered(docs, &read), "the amount is still missing");
        let both = vec![read[0].clone(), obs("amount", "697.00", Source::Document)];
        assert!(covered(docs, &both));
        // A prefilled or answered value does not cover a question; only a document does.
        let prefilled = vec![obs("date", "2024-01-03", Source::Prefill)];
        assert_eq!(
            first_open(&visible, &answers, &prefilled).map(|s| s.id.as_str()),
            Some("date")
        );
    }

    #[test]
    fn confirmations_are_grouped_one_page_per_document_and_follow_ups_stay_single() {
        let ct = ct();
        let answers: Answers = [answer("other", "no")].into();
        let visible = visible_steps(&ct, &answers);
        let mut quote = obs("amount", "697.00", Source::Document);
        quote.doc_id = Some("doc_2".into());
        let observations = vec![
            obs("date", "2024-01-03", Source::Document),
            quote,
            obs("amount", "697.00", Source::Document),
            obs("plate", "AB-123-C", Source::Document),
        ];
        let checks = open_checks(&ct, &visible, &answers, &observations);
        let (pages, singles) = per_document(checks, &["doc_1", "doc_2"]);
        assert_eq!(
            pages.len(),
            1,
            "the amount both state is confirmed with the first document"
        );
        assert_eq!(pages[0].doc_id, "doc_1");
        let facts: Vec<&str> = pages[0].checks.iter().map(Check::fact_id).collect();
        assert_eq!(facts, ["date", "amount"]);
        assert!(singles.is_empty(), "{singles:?}");

        let conflicting = vec![
            obs("amount", "1.00", Source::Document),
            obs("amount", "2.00", Source::Prefill),
        ];
        let checks = open_checks(&ct, &visible, &answers, &conflicting);
        let (pages, singles) = per_document(checks, &["doc_1"]);
        assert!(pages.is_empty());
        let gaps: Vec<(&str, bool)> = singles.iter().map(|c| (c.fact_id(), c.is_gap())).collect();
        assert_eq!(gaps, [("date", true), ("amount", true)]);
    }

    #[test]
    fn a_settled_check_reopens_for_a_change_without_the_applicants_own_reaction() {
        let ct = ct();
        let mut answers: Answers = [answer("other", "no")].into();
        let visible = visible_steps(&ct, &answers);
        let mut mine = obs("amount", "697.00", Source::ApplicantAnswer);
        mine.id = "ev_reaction".into();
        let observations = vec![obs("amount", "697.00", Source::Document), mine];
        let mut item = answer(&check_item("amount"), &fingerprint(observations.iter())).1;
        item.observation_id = Some("ev_reaction".into());
        answers.insert(check_item("amount"), item);
        assert!(
            open_checks(&ct, &visible, &answers, &observations)
                .iter()
                .all(|c| c.fact_id() != "amount")
        );
        match reopened(&ct, &visible, &answers, &observations, "amount") {
            Some(Check::Confirm { shown, .. }) => {
                assert_eq!(shown.sources.len(), 1, "only the document");
                assert_eq!(shown.sources[0].source, Source::Document);
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            reopened(&ct, &visible, &answers, &observations, "date"),
            Some(Check::FollowUp { gap: Gap::Missing, .. })
        ));
    }

    #[test]
    fn progress_counts_the_pages_behind_and_those_that_remain() {
        let p = Progress::new(3, 4);
        assert_eq!((p.current, p.total, p.left()), (4, 7, 3));
        assert_eq!(
            Progress::new(5, 0),
            Progress { current: 6, total: 6 },
            "never past the end"
        );
        let mut answers: Answers = [answer("consent", "given"), answer("date", "x")].into();
        for (item, at) in [("check:a", 7), ("check:b", 7), ("check:c", 9)] {
            let mut a = answer(item, "v").1;
            a.answered_at = at;
            answers.insert(item.into(), a);
        }
        // Two posts: one confirmed a and b together, one c.
        assert_eq!(check_pages_done(&answers), 2);
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
