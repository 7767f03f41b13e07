//! Fact precision/recall benchmark on generated claim documents.
//!
//! `cargo run --release --example facts -- [--seed N] [--docs N] [--errors N] [--case PATH]`
//!
//! Generates labelled claim PDFs (`claims::generate`), runs the live text layer, extractors
//! and resolution on them (`evaluate`), and prints overall, per-fact, per-layout, per-font,
//! per-positioning and per-language precision/recall, the worst errors with their page
//! lines, and throughput. Goal: precision ≥ 0.98, recall ≥ 0.95.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

#[path = "../tests/support/mod.rs"]
mod support;

use support::claims;
use support::evaluate::{self, CaseSpec, Outcome, Tally};

const GOAL_PRECISION: f64 = 0.98;
const GOAL_RECALL: f64 = 0.95;

fn table(title: &str, m: &BTreeMap<String, Tally>) {
    println!("\n{title}");
    for (k, t) in m {
        t.print_row(k, 28);
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let seed: u64 = evaluate::arg(&args, "--seed", 20_240_601);
    let n: usize = evaluate::arg(&args, "--docs", 240);
    let show: usize = evaluate::arg(&args, "--errors", 40);
    let case: PathBuf = evaluate::arg(
        &args,
        "--case",
        PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/case_types/motor_claim.toml")),
    );
    let spec = match CaseSpec::load(&case) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("cannot read the case type: {e}");
            std::process::exit(2);
        }
    };

    let t0 = Instant::now();
    let docs = claims::generate(seed, n);
    let gen_time = t0.elapsed();
    let bytes: usize = docs.iter().map(|d| d.pdf.len()).sum();
    let t1 = Instant::now();
    let results: Vec<_> = docs.iter().map(|d| evaluate::run_doc(d, &spec)).collect();
    let run_time = t1.elapsed();
    let report = evaluate::score(&results);

    println!(
        "fact extraction on {n} generated claim documents (seed {seed}, case type {})",
        case.display()
    );
    println!(
        "goal: precision >= {GOAL_PRECISION}, recall >= {GOAL_RECALL}; predicted = keep's value, or review's top value"
    );
    println!();
    report.overall.print_row("overall", 28);
    report.keep_only.print_row("overall, keep decisions only", 28);
    report.labelled_only.print_row("labelled truth only", 28);
    let pass = report.overall.precision() >= GOAL_PRECISION && report.overall.recall() >= GOAL_RECALL;
    println!("  goal met: {}", if pass { "yes" } else { "NO" });

    table("per fact", &report.per_fact);
    table("per layout", &report.per_layout);
    table("per font", &report.per_font);
    table("per positioning", &report.per_positioning);
    table("per language", &report.per_language);

    let mut kinds: BTreeMap<(String, &'static str), usize> = BTreeMap::new();
    for e in &report.errors {
        *kinds.entry((e.fact.clone(), e.outcome.as_str())).or_default() += 1;
    }
    println!("\nerrors by fact and kind");
    for ((fact, kind), count) in &kinds {
        println!("  {fact:<28} {kind:<9} {count}");
    }

    println!(
        "\nworst errors ({} of {})",
        show.min(report.errors.len()),
        report.errors.len()
    );
    for e in report.errors.iter().take(show) {
        let decision = e.decision.map_or("-", |d| d.as_str());
        println!(
            "  [{}] {} {}: predicted {:?} ({decision} {:.2}) truth {:?}{}\n      | {}",
            e.outcome.as_str(),
            e.doc,
            e.fact,
            e.predicted.as_deref().unwrap_or("-"),
            e.confidence,
            e.truth.as_deref().unwrap_or("-"),
            if e.unlabelled { " [stated without label]" } else { "" },
            e.line
        );
    }
    let misses = report.errors.iter().filter(|e| e.outcome == Outcome::Missed).count();
    println!("  ({misses} misses in all)");

    if !report.defects.is_empty() {
        println!("\nDEFECTS ({})", report.defects.len());
        for d in report.defects.iter().take(20) {
            println!("  {d}");
        }
    }
    let secs = run_time.as_secs_f64().max(1e-9);
    println!(
        "\ntiming: generated {n} PDFs ({:.1} KiB) in {:.2} s; text layer + extraction + resolution {:.2} s = {:.0} docs/s",
        bytes as f64 / 1024.0,
        gen_time.as_secs_f64(),
        secs,
        n as f64 / secs
    );
}
