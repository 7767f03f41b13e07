//! The evidence invariant end to end: facts found in our own text layer quote exactly the
//! page-text slice their offsets name.

use klarefi::case_types::CaseTypes;
use klarefi::extract::{FactSpec, find_facts};
use klarefi::l10n::L10n;
use klarefi::pdf::{Limits, extract_text_layer};

#[test]
fn facts_from_the_text_variants_quote_their_exact_page_slice() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/text-variants");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("SKIP: {} not found; this test needs the shared corpus", dir.display());
        return;
    };
    let l10n = L10n::load(None).expect("messages");
    let types = CaseTypes::load(None, &l10n).expect("case types");
    let motor = types.get("motor_claim").expect("motor_claim");
    let labels: Vec<(Vec<String>, Vec<String>)> = motor
        .facts
        .iter()
        .map(|f| (f.all_labels(), f.all_distractors()))
        .collect();
    let specs: Vec<FactSpec<'_>> = motor
        .facts
        .iter()
        .zip(&labels)
        .map(|(f, (l, d))| FactSpec {
            id: &f.id,
            fact_type: f.fact_type,
            labels: l,
            distractors: d,
            options: &[],
        })
        .collect();

    let mut files = 0;
    let mut found = 0;
    for path in entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
    {
        let bytes = std::fs::read(&path).expect("read");
        let layer = extract_text_layer(&bytes, &Limits::default()).expect("text layer");
        files += 1;
        for page in &layer.pages {
            for fact in find_facts(&page.text, &specs) {
                assert!(fact.char_start < fact.char_end, "{}: {fact:?}", path.display());
                let slice = crate::support::evaluate::quoted(&page.text, &fact);
                assert_eq!(slice, fact.value_raw, "{}: {}", path.display(), fact.fact_id);
                assert!(page.boxes.len() >= fact.char_end, "every quoted character has a box");
                found += 1;
            }
        }
    }
    assert_eq!(files, 20);
    assert!(found >= 20 * 5, "found {found} facts in {files} claim documents");
}
