//! The claims generator's contract: deterministic, varied, truthful, and every fact our
//! extraction finds in its PDFs quotes its exact page slice. The precision/recall goal is
//! measured by `cargo run --release --example facts` (BENCHMARKS.md), not asserted here.

use std::path::Path;

use crate::support::claims::{self, FONTS, LAYOUTS};
use crate::support::evaluate::{self, CaseSpec};
use klarefi::extract;

const SEED: u64 = 20_240_601;
const DOCS: usize = 240;

fn spec() -> CaseSpec {
    CaseSpec::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("case_types/motor_claim.toml")).expect("case type")
}

#[test]
fn deterministic_and_varied() {
    let a = claims::generate(7, 24);
    let b = claims::generate(7, 24);
    assert_eq!(a.len(), 24);
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x.name, y.name);
        assert_eq!(x.pdf, y.pdf, "{}: same seed, same bytes", x.name);
        assert_eq!(x.truth, y.truth);
    }
    let c = claims::generate(8, 24);
    assert!(
        a.iter().zip(&c).any(|(x, y)| x.pdf != y.pdf),
        "another seed, other documents"
    );
    assert_eq!(
        claims::generate_one(7, 5).pdf,
        a[5].pdf,
        "generate_one is generate's i-th document"
    );

    let docs = claims::generate(SEED, DOCS);
    for layout in LAYOUTS {
        assert!(docs.iter().any(|d| d.layout == layout), "layout {layout} generated");
    }
    for font in FONTS {
        assert!(docs.iter().any(|d| d.font == font), "font {font} generated");
    }
    for pos in ["runs", "words", "glyphs"] {
        assert!(docs.iter().any(|d| d.positioning == pos), "positioning {pos} generated");
    }
    for lang in ["nl", "en"] {
        assert!(docs.iter().any(|d| d.language == lang), "language {lang} generated");
    }
    let names: std::collections::BTreeSet<&str> = docs.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names.len(), docs.len(), "names are unique");
}

#[test]
fn truth_is_what_the_normalizers_make_of_the_printed_spellings() {
    let spec = spec();
    for d in claims::generate(SEED, DOCS) {
        assert!(
            d.truth.contains_key("licence_plate") || d.layout == "invoice",
            "{}",
            d.name
        );
        for (fact, raw) in &d.spellings {
            let ty = spec.fact_type(fact).expect("a motor_claim fact");
            let want = &d.truth[fact];
            let got = extract::normalize(ty, raw).unwrap_or_else(|e| panic!("{}: {fact} {raw:?}: {e}", d.name));
            assert_eq!(&got, want, "{}: {fact} spelled {raw:?}", d.name);
        }
        for fact in d.truth.keys() {
            assert!(
                d.spellings.iter().any(|(f, _)| f == fact),
                "{}: {fact} has a spelling",
                d.name
            );
        }
        assert!(d.unlabelled.iter().all(|f| d.truth.contains_key(f)));
    }
}

#[test]
fn every_pdf_parses_and_every_found_quotes_its_page_slice() {
    let spec = spec();
    let docs = claims::generate(SEED, DOCS);
    let mut defects = Vec::new();
    for d in &docs {
        let r = evaluate::run_doc(d, &spec);
        assert!(
            !r.pages.is_empty() && r.pages.iter().any(|p| !p.is_empty()),
            "{}: no text",
            d.name
        );
        defects.extend(r.defects.iter().map(|x| format!("{}: {x}", d.name)));
        // Every printed spelling is in the text layer as printed (whitespace aside): the
        // generator's encodings and widths are right, so misses are the extractors'.
        let flat: String = r.pages.join(" ").split_whitespace().collect::<Vec<_>>().join(" ");
        for (fact, raw) in &d.spellings {
            let want = raw
                .replace('\u{a0}', " ")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            assert!(
                flat.contains(&want),
                "{}: {fact} {raw:?} not in the text layer:\n{}",
                d.name,
                r.pages.join("\n")
            );
        }
    }
    assert!(defects.is_empty(), "{defects:#?}");
}

/// Pathological pages still give a bounded answer whose offsets hold. How fast they go
/// is measured by the `facts` bench (`--dense`), which shows that doubling a page doubles
/// the time.
#[test]
fn dense_pages_give_bounded_answers() {
    let spec = spec();
    let specs = spec.specs();
    for unit in evaluate::DENSE_UNITS {
        let page = unit.repeat(2_000);
        let found = extract::find_facts(&page, &specs);
        assert!(found.len() <= 3 * specs.len(), "{unit:?}: {}", found.len());
        for f in &found {
            assert!(f.char_start < f.char_end, "{unit:?}: {f:?}");
            assert_eq!(evaluate::quoted(&page, f), f.value_raw, "{unit:?}");
        }
    }
}
