//! Fact extraction: finding facts in page text, normalizing values and resolving candidates
//! into decisions. Pure functions, no I/O.
//!
//! * [`find_facts`] reads one page of text (a PDF text layer) and proposes candidates for
//!   each requested fact, anchored on the labels the case type declares.
//! * [`normalize`] turns applicant answers and prefill values into the same normalized
//!   forms the extractors produce (SPEC §2).
//! * [`resolve`] merges candidates from documents, answers and prefill and decides
//!   `keep` / `review` / `missing` (SPEC §7).
//!
//! All offsets are Unicode-scalar offsets (what `str::chars` yields), never byte offsets,
//! because the evidence contract is defined that way.
//!
//! # Confidence scale of extracted candidates
//!
//! | situation | confidence |
//! |---|---|
//! | own label, only separators before the value (`Schadedatum: 3 feb 2023`) | 0.95 |
//! | own label in the previous cell (`Kenteken   AB-123-C`) | 0.92 |
//! | own label alone on the line above, in the value's column | 0.90 |
//! | own label, a few words between (`Totaal (zie bijlage) € …` for "totaal"), or a compound label cell | 0.80 |
//! | weak shape carried by a label (amount without currency, undashed plate) | × 0.9 |
//! | another value of the same type between label and value | × 0.4 |
//! | no label: IBAN 0.5, email 0.45, dashed plate 0.4, date/amount/phone 0.35, postcode 0.3, undashed plate 0.2 | ≤ 0.5 |
//! | nearest label announces another type of fact | bare × 0.5 |
//! | nearest label is a distractor, or another fact's own label of the same type | not a candidate |
//! | own label inside running prose ("… de auto met kenteken 36-ZR-SR gaf …") | as no label (bare) |
//! | … the same, with "mijn"/"my" before it in the sentence | 0.80 |
//! | weak shape after a label word in prose (undashed plate) | 0.2 |
//! | unlabelled date on a letter's dateline ("Amsterdam, 16 mei 2025") | bare × 0.5 |
//! | name under a letter's closing formula ("Met vriendelijke groet,") | 0.70 |
//! | email/phone/IBAN/postcode on a company letterhead or footer line | not a candidate |
//! | claimant's label in an accident statement's vehicle-B column or section | not a candidate; counts as the B-side fact's own label |
//! | equal confidence for different values on one page | later/farther ones −0.01 each |
//!
//! Policy numbers, names, free text, yes/no and choices are only read after an own label
//! (or, for the claimant's name, a letter's closing formula). Readers stop at the next
//! field on the line (a label in upper case or with a colon, a capitalised `Word:`), and
//! free text continues onto following lines while its sentence is unfinished and the next
//! line is no label line. When a fact has any labelled candidate on a page, its unlabelled
//! ones are dropped.

pub mod confidence;
mod find;
mod kinds;
mod labels;
mod lexicon;
mod normalize;
pub(crate) mod parse;
mod resolve;
mod scan;
mod text;
mod types;

#[cfg(test)]
mod page_tests;

pub use find::{find_facts, find_facts_with};
pub use kinds::{Classified, DocKind, classify, on_sender_line};
pub use lexicon::Lexicon;
pub use normalize::{NormalizeError, normalize};
pub use resolve::{ApplicantChoice, CandidateIn, Decision, DecisionKind, Merged, Reason, Source, Thresholds, resolve};
pub use types::{FactSpec, Found, How};
