//! Resolution: from all observations of one fact (documents, applicant answers, prefill)
//! to merged candidates and one decision.
//!
//! Rules, in order:
//! 1. Observations with equal normalized values merge. A merged candidate's confidence is
//!    `1 − Π(1 − cᵢ)` (independent pieces of support), capped at 0.99 because agreement
//!    never makes a value certain; its raw value is that of its most confident member.
//!    Merged candidates are ordered by confidence (desc), then normalized value, so the
//!    output does not depend on input order beyond ties inside a group.
//! 2. An applicant's confirmation or correction decides: `Keep` with
//!    `confirmed_by_applicant` / `corrected_by_applicant`. A choice naming an unknown key
//!    is ignored (the caller's bug must not invent a value) and the rules below apply.
//! 3. No candidates: `Missing` / `no_candidate`.
//! 4. A runner-up (a *different* value) at or above the review threshold: `Review` /
//!    `conflict`, even when the top value clears the keep threshold. Two plausible,
//!    different values for one fact is exactly what a human (or the applicant follow-up)
//!    must settle; keeping the higher-scored one silently would hide a real disagreement
//!    such as an answer contradicting the repair quote.
//! 5. Top at or above keep (and any runner-up below review, which is noise): `Keep`,
//!    `single_source` with one member, `sources_agree` with several members (several
//!    observations: other pages, documents, an answer or prefill — the extractor reports a
//!    value once per page, so members are independent observations).
//! 6. Otherwise the top is below keep: `Review` / `low_confidence`. Also when it is below
//!    the review threshold: we do have a value, and a human glance is cheaper than asking
//!    the applicant from scratch; `missing` is reserved for "nothing found at all".

/// Where an observation came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Source {
    Document,
    ApplicantAnswer,
    Prefill,
    /// A case handler's value, set by a review command (accept or correct).
    Reviewer,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Document => "document",
            Source::ApplicantAnswer => "applicant_answer",
            Source::Prefill => "prefill",
            Source::Reviewer => "reviewer",
        }
    }
}

/// One observation of a fact's value.
#[derive(Debug, Clone, PartialEq)]
pub struct CandidateIn {
    /// The caller's id for this observation (a candidate id).
    pub key: String,
    pub value_raw: String,
    pub value_normalized: String,
    pub confidence: f64,
    pub source: Source,
}

/// Decision thresholds from the case type, e.g. keep 0.8, review 0.4.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    pub keep: f64,
    pub review: f64,
}

/// Observations with one normalized value.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    pub value_normalized: String,
    pub value_raw: String,
    pub confidence: f64,
    /// Distinct sources, in the order Document, ApplicantAnswer, Prefill.
    pub sources: Vec<Source>,
    /// Keys of the merged observations, in input order.
    pub members: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DecisionKind {
    Keep,
    Review,
    Missing,
}

impl DecisionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DecisionKind::Keep => "keep",
            DecisionKind::Review => "review",
            DecisionKind::Missing => "missing",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reason {
    SingleSource,
    SourcesAgree,
    Conflict,
    LowConfidence,
    NoCandidate,
    ConfirmedByApplicant,
    CorrectedByApplicant,
    /// Decided by a case handler (`facts::resolve_fact` applies review commands).
    AcceptedByReviewer,
    CorrectedByReviewer,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::SingleSource => "single_source",
            Reason::SourcesAgree => "sources_agree",
            Reason::Conflict => "conflict",
            Reason::LowConfidence => "low_confidence",
            Reason::NoCandidate => "no_candidate",
            Reason::ConfirmedByApplicant => "confirmed_by_applicant",
            Reason::CorrectedByApplicant => "corrected_by_applicant",
            Reason::AcceptedByReviewer => "accepted_by_reviewer",
            Reason::CorrectedByReviewer => "corrected_by_reviewer",
        }
    }
}

/// The applicant's reaction to a value we showed them, naming an observation by key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApplicantChoice {
    /// "Yes, that is right" about the observation with this key.
    Confirmed(String),
    /// "No, it is …": the key of the applicant's own answer observation.
    Corrected(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decision {
    pub decision: DecisionKind,
    /// Index into the merged list; set only for `Keep`.
    pub selected: Option<usize>,
    pub reason: Reason,
}

const MAX_MERGED_CONFIDENCE: f64 = 0.99;

/// NaN or out-of-range confidences from a caller are clamped rather than trusted.
fn sane(c: f64) -> f64 {
    if c.is_nan() { 0.0 } else { c.clamp(0.0, 1.0) }
}

fn merge(cands: &[CandidateIn]) -> Vec<Merged> {
    // Group by normalized value, remembering each group's best member.
    struct Group {
        value: String,
        best: usize,
        miss: f64,
        sources: Vec<Source>,
        members: Vec<String>,
    }
    let mut groups: Vec<Group> = Vec::new();
    for (i, c) in cands.iter().enumerate() {
        let conf = sane(c.confidence);
        match groups.iter_mut().find(|g| g.value == c.value_normalized) {
            Some(g) => {
                g.miss *= 1.0 - conf;
                if conf > sane(cands[g.best].confidence) {
                    g.best = i;
                }
                if !g.sources.contains(&c.source) {
                    g.sources.push(c.source);
                }
                g.members.push(c.key.clone());
            }
            None => groups.push(Group {
                value: c.value_normalized.clone(),
                best: i,
                miss: 1.0 - conf,
                sources: vec![c.source],
                members: vec![c.key.clone()],
            }),
        }
    }
    let mut merged: Vec<Merged> = groups
        .into_iter()
        .map(|mut g| {
            g.sources.sort();
            Merged {
                value_normalized: g.value,
                value_raw: cands[g.best].value_raw.clone(),
                confidence: (1.0 - g.miss).min(MAX_MERGED_CONFIDENCE),
                sources: g.sources,
                members: g.members,
            }
        })
        .collect();
    merged.sort_by(|a, b| {
        b.confidence
            .total_cmp(&a.confidence)
            .then_with(|| a.value_normalized.cmp(&b.value_normalized))
    });
    merged
}

/// Merges the observations of one fact and decides it. See the module docs for the rules.
pub fn resolve(
    cands: &[CandidateIn],
    th: &Thresholds,
    applicant_choice: Option<&ApplicantChoice>,
) -> (Vec<Merged>, Decision) {
    let merged = merge(cands);
    let decision = decide(&merged, th, applicant_choice);
    (merged, decision)
}

fn decide(merged: &[Merged], th: &Thresholds, choice: Option<&ApplicantChoice>) -> Decision {
    if let Some(choice) = choice {
        let (key, reason) = match choice {
            ApplicantChoice::Confirmed(k) => (k, Reason::ConfirmedByApplicant),
            ApplicantChoice::Corrected(k) => (k, Reason::CorrectedByApplicant),
        };
        if let Some(i) = merged.iter().position(|m| m.members.contains(key)) {
            return Decision {
                decision: DecisionKind::Keep,
                selected: Some(i),
                reason,
            };
        }
    }
    let Some(top) = merged.first() else {
        return Decision {
            decision: DecisionKind::Missing,
            selected: None,
            reason: Reason::NoCandidate,
        };
    };
    let review = |reason| Decision {
        decision: DecisionKind::Review,
        selected: None,
        reason,
    };
    if merged.get(1).is_some_and(|r| r.confidence >= th.review) {
        return review(Reason::Conflict);
    }
    if top.confidence >= th.keep {
        let reason = if top.members.len() > 1 {
            Reason::SourcesAgree
        } else {
            Reason::SingleSource
        };
        return Decision {
            decision: DecisionKind::Keep,
            selected: Some(0),
            reason,
        };
    }
    review(Reason::LowConfidence)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(key: &str, norm: &str, conf: f64, source: Source) -> CandidateIn {
        CandidateIn {
            key: key.to_string(),
            value_raw: format!("raw {key}"),
            value_normalized: norm.to_string(),
            confidence: conf,
            source,
        }
    }

    const TH: Thresholds = Thresholds { keep: 0.8, review: 0.4 };
    use Source::*;

    #[test]
    fn decisions_table() {
        type Row = (
            Vec<CandidateIn>,
            Option<ApplicantChoice>,
            DecisionKind,
            Option<usize>,
            Reason,
            &'static str,
        );
        let rows: Vec<Row> = vec![
            (
                vec![],
                None,
                DecisionKind::Missing,
                None,
                Reason::NoCandidate,
                "nothing",
            ),
            (
                vec![c("a", "2023-02-03", 0.95, Document)],
                None,
                DecisionKind::Keep,
                Some(0),
                Reason::SingleSource,
                "one strong document value",
            ),
            (
                vec![
                    c("a", "2023-02-03", 0.6, Document),
                    c("b", "2023-02-03", 0.6, ApplicantAnswer),
                ],
                None,
                DecisionKind::Keep,
                Some(0),
                Reason::SourcesAgree,
                "two moderate sources agree: 1-(0.4*0.4)=0.84",
            ),
            (
                vec![
                    c("a", "2023-02-03", 0.95, Document),
                    c("b", "2023-02-04", 0.5, Document),
                ],
                None,
                DecisionKind::Review,
                None,
                Reason::Conflict,
                "runner-up above review even though top clears keep",
            ),
            (
                vec![
                    c("a", "2023-02-03", 0.95, Document),
                    c("b", "2023-02-04", 0.35, Document),
                ],
                None,
                DecisionKind::Keep,
                Some(0),
                Reason::SingleSource,
                "runner-up below review is noise",
            ),
            (
                vec![c("a", "2023-02-03", 0.5, Document)],
                None,
                DecisionKind::Review,
                None,
                Reason::LowConfidence,
                "below keep",
            ),
            (
                vec![c("a", "2023-02-03", 0.2, Document), c("b", "2023-02-01", 0.1, Document)],
                None,
                DecisionKind::Review,
                None,
                Reason::LowConfidence,
                "below review too: still low confidence, a human should look",
            ),
            (
                vec![
                    c("a", "2023-02-03", 0.5, Document),
                    c("b", "2023-02-04", 0.45, Document),
                ],
                None,
                DecisionKind::Review,
                None,
                Reason::Conflict,
                "two weak different values: conflict is the more useful reason",
            ),
            (
                vec![c("a", "2023-02-03", 0.3, Document), c("b", "2023-02-04", 0.9, Document)],
                Some(ApplicantChoice::Confirmed("a".into())),
                DecisionKind::Keep,
                Some(1),
                Reason::ConfirmedByApplicant,
                "confirmation decides even for the weaker value",
            ),
            (
                vec![
                    c("a", "2023-02-03", 0.95, Document),
                    c("ans", "2023-02-05", 0.9, ApplicantAnswer),
                ],
                Some(ApplicantChoice::Corrected("ans".into())),
                DecisionKind::Keep,
                Some(1),
                Reason::CorrectedByApplicant,
                "correction decides",
            ),
            (
                vec![c("a", "2023-02-03", 0.95, Document)],
                Some(ApplicantChoice::Confirmed("nope".into())),
                DecisionKind::Keep,
                Some(0),
                Reason::SingleSource,
                "unknown key is ignored",
            ),
        ];
        for (cands, choice, kind, selected, reason, msg) in rows {
            let (_, d) = resolve(&cands, &TH, choice.as_ref());
            assert_eq!((d.decision, d.selected, d.reason), (kind, selected, reason), "{msg}");
        }
    }

    #[test]
    fn merging() {
        let cands = vec![
            c("d1", "1234.56", 0.5, Document),
            c("p", "99.00", 0.9, Prefill),
            c("a", "1234.56", 0.7, ApplicantAnswer),
            c("d2", "1234.56", 0.99, Document),
        ];
        let (merged, d) = resolve(&cands, &TH, None);
        assert_eq!(merged.len(), 2);
        assert_eq!(merged[0].value_normalized, "1234.56");
        assert_eq!(merged[0].confidence, 0.99, "capped");
        assert_eq!(merged[0].value_raw, "raw d2", "raw from the most confident member");
        assert_eq!(merged[0].sources, vec![Document, ApplicantAnswer]);
        assert_eq!(merged[0].members, vec!["d1", "a", "d2"]);
        assert_eq!(merged[1].members, vec!["p"]);
        assert_eq!(d.reason, Reason::Conflict, "prefill 0.9 disagrees");

        let m = merge(&[c("x", "v", 0.5, Document), c("y", "v", 0.5, Document)]);
        assert!((m[0].confidence - 0.75).abs() < 1e-12);
    }

    #[test]
    fn deterministic_order_and_sanitised_input() {
        let a = vec![
            c("1", "b", 0.5, Document),
            c("2", "a", 0.5, Document),
            c("3", "c", f64::NAN, Document),
        ];
        let mut b = a.clone();
        b.reverse();
        let (ma, _) = resolve(&a, &TH, None);
        let (mb, _) = resolve(&b, &TH, None);
        let order = |m: &[Merged]| m.iter().map(|x| x.value_normalized.clone()).collect::<Vec<_>>();
        assert_eq!(order(&ma), vec!["a", "b", "c"]);
        assert_eq!(order(&ma), order(&mb));
        assert_eq!(ma[2].confidence, 0.0, "NaN treated as zero");
    }

    #[test]
    fn names_are_snake_case() {
        assert_eq!(Reason::ConfirmedByApplicant.as_str(), "confirmed_by_applicant");
        assert_eq!(Reason::NoCandidate.as_str(), "no_candidate");
        assert_eq!(DecisionKind::Missing.as_str(), "missing");
        assert_eq!(Source::ApplicantAnswer.as_str(), "applicant_answer");
    }
}
