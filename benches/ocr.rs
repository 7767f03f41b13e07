//! OCR benchmark: pages a second, and fact precision/recall on scanned and photographed
//! versions of generated claim documents against the born-digital originals.
//!
//! `cargo run --release --example ocr -- [--seed N] [--docs N] [--photos N]`
//!
//! Generates labelled claim PDFs (`claims::generate`, skipping the custom-TrueType ones whose
//! glyphs do not render), makes a 200 dpi scan of each (tilted 1–2°, grain, specks; an
//! image-only PDF) and a phone photo of the first page of single-page ones (colour JPEG, on a
//! table, uneven light, half of them stored sideways with an EXIF orientation), then reads all
//! three versions with the live code (`sandbox::read`: text layer, OCR, extraction and
//! resolution as in `evaluate`) and prints the scores side by side. Needs tesseract with nld
//! and eng.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

#[path = "../tests/support/mod.rs"]
mod support;

use klarefi::ocr::tesseract::Tesseract;
use support::claims::{self, LabelledDoc, Rng};
use support::evaluate::{self, CaseSpec, DocResult, Report, Tally};
use support::scans;

/// Reads every document with the worker's code; returns the results and the reading time.
fn read_all(docs: &[(&LabelledDoc, Vec<u8>)], spec: &CaseSpec, t: &Tesseract) -> (Vec<DocResult>, Duration, usize) {
    let mut spent = Duration::ZERO;
    let mut pages = 0;
    let results = docs
        .iter()
        .map(|(doc, bytes)| {
            let started = Instant::now();
            let layer = klarefi::sandbox::read(bytes, t).map_err(|e| e.to_string());
            spent += started.elapsed();
            pages += layer.as_ref().map_or(0, |l| l.pages.len());
            evaluate::run_layer(doc, layer, spec)
        })
        .collect();
    (results, spent, pages)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let seed: u64 = evaluate::arg(&args, "--seed", 20_240_601);
    let n: usize = evaluate::arg(&args, "--docs", 30);
    let n_photos: usize = evaluate::arg(&args, "--photos", 12);
    let spec = match CaseSpec::load(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/case_types/motor_claim.toml"
    ))) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("cannot read the case type: {e}");
            std::process::exit(2);
        }
    };
    if !scans::ocr_available("benches/ocr.rs") {
        std::process::exit(2);
    }
    let t = Tesseract::from_env();
    let docs: Vec<LabelledDoc> = claims::generate(seed, 4 * n)
        .into_iter()
        .filter(|d| d.font != "truetype-tounicode")
        .take(n)
        .collect();
    let mut rng = Rng::new(seed);
    let t0 = Instant::now();
    let digital: Vec<(&LabelledDoc, Vec<u8>)> = docs.iter().map(|d| (d, d.pdf.clone())).collect();
    let scanned: Vec<(&LabelledDoc, Vec<u8>)> =
        docs.iter().map(|d| (d, scans::scanned_pdf(&d.pdf, &mut rng))).collect();
    let single: Vec<&LabelledDoc> = docs
        .iter()
        .filter(|d| lopdf::Document::load_mem(&d.pdf).is_ok_and(|p| p.get_pages().len() == 1))
        .take(n_photos)
        .collect();
    let photos: Vec<(&LabelledDoc, Vec<u8>)> = single
        .iter()
        .enumerate()
        .map(|(k, d)| (*d, scans::phone_photo(&d.pdf, &mut rng, k % 2 == 1)))
        .collect();
    let made = t0.elapsed();

    let (digital_results, digital_time, digital_pages) = read_all(&digital, &spec, &t);
    let (scan_results, scan_time, scan_pages) = read_all(&scanned, &spec, &t);
    let (photo_results, photo_time, photo_pages) = read_all(&photos, &spec, &t);
    // The born-digital scores of exactly the photographed documents, for a fair comparison.
    let photographed: Vec<DocResult> = digital_results
        .iter()
        .filter(|r| single.iter().any(|d| d.name == r.name))
        .cloned()
        .collect();

    let reports: [(&str, Report); 4] = [
        ("born-digital", evaluate::score(&digital_results)),
        ("scanned (200 dpi, tilted, noise)", evaluate::score(&scan_results)),
        ("born-digital, photographed docs", evaluate::score(&photographed)),
        ("phone photo (JPEG, half EXIF-turned)", evaluate::score(&photo_results)),
    ];
    println!(
        "OCR on {n} generated claim documents (seed {seed}); {} photos; predicted = keep's value or review's top value\n",
        photos.len()
    );
    for (name, r) in &reports {
        r.overall.print_row(name, 34);
        r.keep_only.print_row(&format!("{name}, keep only"), 34);
    }

    let per_layout = |results: &[DocResult]| -> BTreeMap<String, Tally> { evaluate::score(results).per_layout };
    let (d, s) = (per_layout(&digital_results), per_layout(&scan_results));
    println!("\nper layout: born-digital | scanned");
    for (layout, t) in &d {
        let st = s.get(layout).copied().unwrap_or_default();
        println!(
            "  {layout:<10} P {:.3} R {:.3} | P {:.3} R {:.3}",
            t.precision(),
            t.recall(),
            st.precision(),
            st.recall()
        );
    }
    let failures: Vec<String> = scan_results
        .iter()
        .chain(&photo_results)
        .flat_map(|r| r.defects.iter().map(move |e| format!("{}: {e}", r.name)))
        .collect();
    if !failures.is_empty() {
        println!("\nDEFECTS ({})", failures.len());
        for f in failures.iter().take(20) {
            println!("  {f}");
        }
    }
    if let Some(dir) = args.iter().position(|a| a == "--explain").and_then(|i| args.get(i + 1)) {
        explain(std::path::Path::new(dir), "scan", &scan_results, &digital_results);
        explain(std::path::Path::new(dir), "photo", &photo_results, &digital_results);
        for (doc, bytes) in &photos {
            let _ = std::fs::write(std::path::Path::new(dir).join(format!("{}.jpg", doc.name)), bytes);
        }
    }
    let rate = |pages: usize, time: Duration| pages as f64 / time.as_secs_f64().max(1e-9);
    println!(
        "\ntiming (one thread, tesseract OMP_THREAD_LIMIT=1): born-digital {digital_pages} pages {:.0} pages/s; \
         scanned {scan_pages} pages in {:.1} s = {:.2} pages/s; photos {photo_pages} in {:.1} s = {:.2} pages/s \
         (fixtures made in {:.1} s)",
        rate(digital_pages, digital_time),
        scan_time.as_secs_f64(),
        rate(scan_pages, scan_time),
        photo_time.as_secs_f64(),
        rate(photo_pages, photo_time),
        made.as_secs_f64()
    );
}

/// `--explain DIR`: every missed or wrong fact with the truth and what was read, and each
/// OCR page's text beside the born-digital one in DIR.
fn explain(dir: &std::path::Path, kind: &str, results: &[DocResult], digital: &[DocResult]) {
    let _ = std::fs::create_dir_all(dir);
    for r in results {
        for (fact, truth) in &r.truth {
            let got = r.predictions.get(fact);
            if got.is_some_and(|p| &p.value == truth) {
                continue;
            }
            let raws: Vec<&str> = r
                .found
                .iter()
                .filter(|(_, f)| &f.fact_id == fact)
                .map(|(_, f)| f.value_raw.as_str())
                .collect();
            println!(
                "{kind} {} [{}] {fact}: truth {truth:?} got {:?} raw candidates {raws:?}",
                r.name,
                r.layout,
                got.map(|p| (&p.value, p.decision))
            );
        }
        let born = digital
            .iter()
            .find(|d| d.name == r.name)
            .map(|d| d.pages.join("\n\x0c\n"))
            .unwrap_or_default();
        let _ = std::fs::write(dir.join(format!("{kind}-{}.ocr.txt", r.name)), r.pages.join("\n\x0c\n"));
        let _ = std::fs::write(dir.join(format!("{kind}-{}.born.txt", r.name)), born);
    }
}
