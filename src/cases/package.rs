//! The case package (`case_package.v1`): everything a claims system needs to act on a case —
//! each fact with its decision and evidence, the documents, the answers — and a fresh signed
//! link to the handler's case file.

use std::collections::BTreeMap;

use serde::Serialize;

use super::CaseStatus;
use super::store::CaseRow;
use crate::case_types::CaseTypes;
use crate::documents::DocStatus;
use crate::documents::store::DocumentRow;
use crate::extract::Source;
use crate::facts::{self, Observation};
use crate::ids::rfc3339_ms;
use crate::links::SigningKeys;

/// How long a case-file link in a package stays valid.
pub const CASE_FILE_LINK_MS: i64 = 7 * 24 * 3_600_000;

/// `GET /api/v1/cases/{id}/package`.
#[derive(Debug, Clone, Serialize)]
pub struct Package {
    pub schema_version: &'static str,
    pub case_id: String,
    pub org_id: String,
    pub status: CaseStatus,
    pub case_type_id: String,
    pub case_file_url: String,
    pub case_file_url_expires_at: String,
    pub facts: BTreeMap<String, PackageFact>,
    pub documents: Vec<PackageDocument>,
    pub answers: BTreeMap<String, PackageAnswer>,
    pub external_case_id: Option<String>,
    pub external_applicant_id: Option<String>,
    pub external_customer_id: Option<String>,
    pub trace_id: Option<String>,
    pub metadata: super::Metadata,
    pub created_at: String,
    pub updated_at: String,
    /// The handlers' review: who did what and when, and each fact's review state.
    pub review: Option<crate::review::ReviewView>,
}

/// One fact: the kept value (if any), the decision, and the evidence of what is shown.
#[derive(Debug, Clone, Serialize)]
pub struct PackageFact {
    pub value: Option<String>,
    pub value_raw: Option<String>,
    pub decision: &'static str,
    pub reason: &'static str,
    pub confidence: Option<f64>,
    pub candidate_values: Vec<String>,
    pub evidence: Vec<PackageEvidence>,
    /// `accepted` | `disputed` | `missing` | `review_only`; null when kept without a handler.
    pub review_state: Option<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PackageEvidence {
    pub evidence_id: String,
    pub doc_id: Option<String>,
    pub page_index: Option<i64>,
    pub location: Option<Location>,
    pub quote: String,
    pub method: String,
}

/// Where in the page's text a quote is.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Location {
    pub char_start: i64,
    pub char_end: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct PackageDocument {
    pub doc_id: String,
    pub filename: Option<String>,
    /// `None` while the document is `queued` (not fetched yet); so are size and checksum.
    pub content_type: Option<String>,
    pub pages: Option<i32>,
    pub byte_size: Option<i64>,
    pub sha256: Option<String>,
    pub status: DocStatus,
    pub failure_reason: Option<String>,
    pub kind: Option<String>,
    pub kind_confidence: Option<f64>,
}

/// What the applicant answered for a fact.
#[derive(Debug, Clone, Serialize)]
pub struct PackageAnswer {
    pub value: String,
    pub value_raw: String,
}

/// Where the package's case-file link points and how it is signed.
pub struct CaseFileLink<'a> {
    pub keys: &'a SigningKeys,
    pub public_url: &'a str,
}

fn rounded(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The package of `case` at `now`, from its documents and observations.
pub fn package(
    case: &CaseRow,
    case_types: &CaseTypes,
    documents: &[DocumentRow],
    observations: &[Observation],
    link: &CaseFileLink<'_>,
    review: Option<crate::review::ReviewView>,
    now: i64,
) -> Package {
    let expires = now + CASE_FILE_LINK_MS;
    let mut facts_out = BTreeMap::new();
    let mut answers = BTreeMap::new();
    if let Some(ct) = case_types.get(&case.case_type_id) {
        for r in facts::resolve_all(&case.id, &ct, observations) {
            let shown = r.selected_value().or_else(|| r.top());
            let evidence = shown
                .map(|m| {
                    observations
                        .iter()
                        .filter(|o| m.members.contains(&o.id))
                        .map(|o| PackageEvidence {
                            evidence_id: o.id.clone(),
                            doc_id: o.doc_id.clone(),
                            page_index: o.page_index,
                            location: o
                                .char_start
                                .zip(o.char_end)
                                .map(|(char_start, char_end)| Location { char_start, char_end }),
                            quote: o.quote.clone(),
                            method: o.method.clone(),
                        })
                        .collect()
                })
                .unwrap_or_default();
            let fact = PackageFact {
                value: r.selected_value().map(|m| m.value_normalized.clone()),
                value_raw: r.selected_value().map(|m| m.value_raw.clone()),
                decision: r.decision.as_str(),
                reason: r.reason.as_str(),
                confidence: shown.map(|m| rounded(m.confidence)),
                candidate_values: r.merged.iter().map(|m| m.value_normalized.clone()).collect(),
                evidence,
                review_state: r.review_state().map(facts::ReviewState::as_str),
            };
            facts_out.insert(r.fact_id.clone(), fact);
        }
        for o in observations.iter().filter(|o| o.source == Source::ApplicantAnswer) {
            let answer = PackageAnswer {
                value: o.value_normalized.clone(),
                value_raw: o.value_raw.clone(),
            };
            answers.insert(o.fact_id.clone(), answer);
        }
    }
    let documents = documents
        .iter()
        .map(|d| {
            // A processing document that could not be fetched has no bytes: no type, size or hash.
            let fetched = d.status != DocStatus::Queued && !d.sha256.is_empty();
            PackageDocument {
                doc_id: d.id.clone(),
                filename: d.filename.clone(),
                content_type: fetched.then(|| d.content_type.clone()),
                pages: d.page_count,
                byte_size: fetched.then_some(d.byte_size),
                sha256: fetched.then(|| d.sha256.clone()),
                status: d.status,
                failure_reason: d.failure_reason.clone(),
                kind: d.kind.clone(),
                kind_confidence: d.kind_confidence.map(rounded),
            }
        })
        .collect();
    Package {
        schema_version: "case_package.v1",
        case_id: case.id.clone(),
        org_id: case.org_id.clone(),
        status: case.status,
        case_type_id: case.case_type_id.clone(),
        case_file_url: crate::links::case_file_url(link.keys, link.public_url, &case.id, expires),
        case_file_url_expires_at: rfc3339_ms(expires),
        facts: facts_out,
        documents,
        answers,
        external_case_id: case.external_case_id.clone(),
        external_applicant_id: case.external_applicant_id.clone(),
        external_customer_id: case.external_customer_id.clone(),
        trace_id: case.trace_id.clone(),
        metadata: super::Metadata::from_json(&case.metadata),
        created_at: rfc3339_ms(case.created_at),
        updated_at: rfc3339_ms(case.updated_at),
        review,
    }
}
