//! Fact precision/recall benchmark on generated claim documents.
//!
//! `cargo run --release --example facts -- [--seed N] [--docs N] [--errors N] [--case PATH] [--dense N]`
//!
//! Generates labelled claim PDFs (`claims::generate`), runs the live text layer, extractors
//! and resolution on them (`evaluate`), and prints overall, per-fact, per-layout, per-font,
//! per-positioning and per-language precision/recall, the worst errors with their page
//! lines, and throughput. Goal: precision ≥ 0.98, recall ≥ 0.95.
//!
//! `--dense N` instead times extraction on pathological pages (each of
//! `evaluate::DENSE_UNITS` repeated N and 2N times, best of 7: the machine is shared) and prints the ratio:
//! about 2 means linear. Goal: every ratio < 2.5.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

#[path = "../tests/support/mod.rs"]
mod support;

use klarefi::extract;
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
    let dense: usize = evaluate::arg(&args, "--dense", 0);
    if dense > 0 {
        dense_pages(&spec, dense);
        return;
    }

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

/// Fastest of seven runs of `find_facts` on `page`, in milliseconds: on a shared machine
/// the slower runs measure the neighbours.
fn best_ms(page: &str, spec: &CaseSpec) -> f64 {
    let specs = spec.specs();
    let lexicon = spec.lexicon();
    (0..7)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(extract::find_facts_with(std::hint::black_box(page), &specs, &lexicon));
            t.elapsed().as_secs_f64() * 1000.0
        })
        .fold(f64::INFINITY, f64::min)
}

fn dense_pages(spec: &CaseSpec, n: usize) {
    println!(
        "extraction on pathological pages: each unit repeated {n} and {} times (best of 7)",
        2 * n
    );
    println!(
        "  {:<48} {:>9} {:>9} {:>10} {:>6}",
        "unit", "chars", "ms", "ms (2x)", "ratio"
    );
    let mut worst: f64 = 0.0;
    for unit in evaluate::DENSE_UNITS {
        let (one, two) = (unit.repeat(n), unit.repeat(2 * n));
        let (a, b) = (best_ms(&one, spec), best_ms(&two, spec));
        let ratio = b / a.max(1e-6);
        worst = worst.max(ratio);
        println!(
            "  {:<48} {:>9} {a:>9.1} {b:>10.1} {ratio:>6.2}",
            format!("{unit:?}"),
            one.chars().count()
        );
    }
    println!(
        "  worst ratio {worst:.2}; goal < 2.5: {}",
        if worst < 2.5 { "met" } else { "NOT MET" }
    );
}
