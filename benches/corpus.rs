//! Fact precision/recall on the labelled corpora of other producers (`tests/corpus/`).
//!
//! `cargo run --release --example corpus -- [SET…] [--variant born_digital|scan|photo] [--errors N] [--only FILE] [--dump-features FILE] [--text]`
//!
//! SET is `dev` (the development set: the reader is tuned on it) or `aside` (held out:
//! never tuned on); default both, each reported on its own. Every document is read as the
//! server reads an upload (text layer, OCR where needed, the real case types, resolution),
//! and scored as `tests/support/corpus.rs` says: the headline counts `keep` decisions only.
//! Prints overall, per fact, producer, kind, layout, language and variant, the calibration of
//! kept facts per confidence band, the errors, and the time per document of each variant.
//! Scans and photos need `tesseract` with `nld` and `eng`. `--dump-features FILE` writes
//! every observation's confidence features and whether it was right, one JSON line each,
//! for `tools/fit_confidence.py` (only ever fitted on the `dev` set). `--text` prints the page
//! texts as the reader sees them, and every observation with its rule confidence, instead of
//! scores (refused on the held-out `aside` set).
//!
//! Goals (issue 20): born-digital F1 ≥ 0.95 with precision ≥ 0.97; scans and photos F1 ≥
//! 0.85; of facts kept with confidence ≥ 0.9 at least 97 % right.

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::Duration;

use klarefi::ocr::tesseract::Tesseract;
use support::corpus::{self, DocResult, Outcome};

fn arg<'a>(args: &'a [String], name: &str) -> Option<&'a str> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .map(String::as_str)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let variant = arg(&args, "--variant").map(str::to_string);
    let only = arg(&args, "--only").map(str::to_string);
    let errors: usize = arg(&args, "--errors").and_then(|v| v.parse().ok()).unwrap_or(30);
    let mut sets: Vec<String> = Vec::new();
    let mut skip = false;
    for a in &args {
        if a == "--text" {
            continue;
        }
        if skip {
            skip = false;
        } else if a.starts_with("--") {
            skip = true;
        } else {
            sets.push(a.clone());
        }
    }
    if sets.is_empty() {
        sets = vec!["dev".into(), "aside".into()];
    }
    let dump = arg(&args, "--dump-features").map(str::to_string);
    let mut dumped = String::new();
    let case_types = corpus::case_types();
    let tesseract = Tesseract::from_env();
    for set in &sets {
        let Some(dir) = corpus::set_dir(set) else {
            println!("set {set}: not in this checkout (tests/corpus/{set}/truth.jsonl)");
            continue;
        };
        let entries = match corpus::load_entries(&dir) {
            Ok(e) => e,
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(2);
            }
        };
        let mut results: Vec<DocResult> = Vec::new();
        for e in &entries {
            if variant.as_ref().is_some_and(|v| *v != e.variant) || only.as_ref().is_some_and(|o| !e.file.contains(o)) {
                continue;
            }
            let Some(ct) = case_types.get(&e.case_type) else {
                println!("  {}: unknown case type {}", e.file, e.case_type);
                continue;
            };
            results.push(corpus::run_doc(&dir, e, ct, &tesseract));
        }
        if args.iter().any(|a| a == "--text") {
            // The page texts as the reader sees them, for studying the development set only.
            if set == "aside" {
                eprintln!("--text is refused on the aside set: it is held out");
                std::process::exit(2);
            }
            for d in &results {
                for (i, p) in d.pages.iter().enumerate() {
                    println!("----- {} page {i}\n{p}", d.entry.file);
                }
                // Every observation with the rule's confidence (the first feature is its
                // log-odds) and whether it is right.
                println!("----- {} observations", d.entry.file);
                for (fact, quote, values, right) in &d.samples {
                    let rule = values.first().map_or(0.0, |l| 1.0 / (1.0 + (-l).exp()));
                    let mark = if *right { "+" } else { "-" };
                    println!("  {mark} {fact:<28} rule {rule:.2}  {quote:?}");
                }
            }
            continue;
        }
        report(set, &results, errors);
        for d in &results {
            for (fact, quote, values, right) in &d.samples {
                // Quotes of the held-out set stay out of the dump: only its scores are looked at.
                let quote = if set == "aside" { "" } else { quote.as_str() };
                let line = serde_json::json!({"set": set, "file": d.entry.file, "variant": d.entry.variant, "fact": fact, "quote": quote, "features": values, "right": right});
                dumped.push_str(&line.to_string());
                dumped.push('\n');
            }
        }
    }
    if let Some(path) = dump
        && let Err(e) = std::fs::write(&path, dumped)
    {
        eprintln!("{path}: {e}");
        std::process::exit(2);
    }
}

fn report(set: &str, results: &[DocResult], errors: usize) {
    println!("\n=== set {set}: {} documents ===", results.len());
    for variant in ["born_digital", "scan", "photo"] {
        let part: Vec<DocResult> = results.iter().filter(|d| d.entry.variant == variant).cloned().collect();
        if part.is_empty() {
            continue;
        }
        let r = corpus::score(&part);
        println!("{}", r.kept.row(&format!("{variant} ({} docs), kept", part.len())));
        println!("{}", r.offered.row(&format!("{variant}, kept or review's top")));
    }
    let r = corpus::score(results);
    println!("{}", r.kept.row("all, kept"));
    let mut group = "";
    for ((g, key), t) in &r.by {
        if *g != group {
            println!("\nper {g}");
            group = g;
        }
        println!("{}", t.row(key));
    }
    let mut kinds: std::collections::BTreeMap<String, (usize, usize)> = std::collections::BTreeMap::new();
    for d in results {
        let e = kinds.entry(d.entry.kind.clone()).or_default();
        e.1 += 1;
        if d.kind.0 == d.entry.kind {
            e.0 += 1;
        }
    }
    println!("\ndocument kind classified right (per true kind)");
    for (k, (right, all)) in &kinds {
        println!("  {k:<22} {right} / {all}");
    }
    let wrong: Vec<String> = results
        .iter()
        .filter(|d| d.kind.0 != d.entry.kind)
        .map(|d| format!("{} as {} ({:.2})", d.entry.file, d.kind.0, d.kind.1))
        .collect();
    for w in wrong.iter().take(errors) {
        println!("    {w}");
    }
    println!("\ncalibration of kept facts (confidence band: right / kept)");
    for (floor, right, all) in &r.bands {
        if *all > 0 {
            println!("  ≥ {floor:.2}: {right} / {all} = {:.3}", *right as f64 / *all as f64);
        }
    }
    let (hi_right, hi_all) = r
        .bands
        .iter()
        .filter(|b| b.0 >= 0.9)
        .fold((0, 0), |(a, b), x| (a + x.1, b + x.2));
    if hi_all > 0 {
        println!(
            "  ≥ 0.90 in all: {hi_right} / {hi_all} = {:.3}",
            hi_right as f64 / hi_all as f64
        );
    }
    let defects: Vec<String> = results
        .iter()
        .flat_map(|d| d.defects.iter().map(move |x| format!("{}: {x}", d.entry.file)))
        .collect();
    if !defects.is_empty() {
        println!("\nDEFECTS ({})", defects.len());
        for d in defects.iter().take(20) {
            println!("  {d}");
        }
    }
    let mut shown = 0;
    println!("\nerrors (kept decisions)");
    for d in results {
        for s in &d.scored {
            if s.kept == Outcome::Correct || shown >= errors {
                continue;
            }
            shown += 1;
            let truth_line = s
                .truth
                .as_ref()
                .and_then(|_| d.entry.facts.get(&s.fact))
                .and_then(|v| v.as_str())
                .and_then(|raw| corpus::find_line(&d.pages, raw))
                .unwrap_or_default();
            println!(
                "  [{}] {} {}: predicted {:?} ({} {:.2}) truth {:?}\n      | {}",
                s.kept.as_str(),
                d.entry.file,
                s.fact,
                s.predicted.as_deref().unwrap_or("-"),
                s.decision.map_or("-", |k| k.as_str()),
                s.confidence,
                s.truth.as_deref().unwrap_or("-"),
                truth_line
            );
        }
    }
    for (variant, what) in [
        ("born_digital", "born-digital document (text layer + extraction)"),
        ("scan", "scan (OCR + extraction)"),
        ("photo", "photo (OCR + extraction)"),
    ] {
        let mut v: Vec<Duration> = results
            .iter()
            .filter(|d| d.entry.variant == variant)
            .map(|d| d.elapsed)
            .collect();
        if v.is_empty() {
            continue;
        }
        v.sort();
        println!(
            "{}time per {what}: median {:.2} ms, max {:.2} ms",
            if variant == "born_digital" { "\n" } else { "" },
            v[v.len() / 2].as_secs_f64() * 1000.0,
            v[v.len() - 1].as_secs_f64() * 1000.0
        );
    }
}
