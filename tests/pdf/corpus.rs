//! Tests against the shared corpus (read in place from ../shared/corpus beside the clone; skipped
//! with a message when it is absent).

// Tests may panic on broken fixtures; the no-expect rule is for library code.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "a broken fixture should fail the test loudly"
)]

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use klarefi::pdf::{Limits, PageText, extract_text_layer};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");

fn corpus_dir(sub: &str) -> Option<PathBuf> {
    let dir = Path::new(CORPUS).join(sub);
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("SKIP: {} not found; corpus tests need the shared corpus", dir.display());
        None
    }
}

fn pdfs(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    v.retain(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf")));
    v.sort();
    v
}

fn normalize(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The ground truth leaves out the rotated "KOPIE" watermark. We keep rotated text
/// (on its own lines), so lines whose glyph boxes do not share a baseline are dropped
/// before comparing: a line is rotated when its boxes' vertical centres spread more
/// than their average height.
fn horizontal_lines(p: &PageText) -> String {
    let chars: Vec<char> = p.text.chars().collect();
    let mut out = String::new();
    let mut start = 0;
    for end in (0..=chars.len()).filter(|&i| i == chars.len() || chars[i] == '\n') {
        let idx: Vec<usize> = (start..end).filter(|&i| !chars[i].is_whitespace()).collect();
        let centres: Vec<f32> = idx.iter().map(|&i| (p.boxes[i][1] + p.boxes[i][3]) / 2.0).collect();
        let heights: f32 = idx.iter().map(|&i| p.boxes[i][3] - p.boxes[i][1]).sum::<f32>() / idx.len().max(1) as f32;
        let spread =
            centres.iter().cloned().fold(f32::MIN, f32::max) - centres.iter().cloned().fold(f32::MAX, f32::min);
        if idx.len() < 2 || spread <= heights {
            out.extend(&chars[start..end]);
            out.push('\n');
        }
        start = end + 1;
    }
    out
}

#[test]
fn text_variants_match_ground_truth() {
    let Some(dir) = corpus_dir("text-variants") else {
        return;
    };
    let files = pdfs(&dir);
    assert!(!files.is_empty());
    let mut failures = Vec::new();
    for pdf in &files {
        let gt_path = pdf.with_extension("gt.txt");
        let Ok(gt) = std::fs::read_to_string(&gt_path) else {
            continue;
        };
        let bytes = std::fs::read(pdf).expect("read pdf");
        let layer = extract_text_layer(&bytes, &Limits::default()).expect("extract");
        let mut text = String::new();
        for p in &layer.pages {
            assert_eq!(p.boxes.len(), p.text.chars().count());
            text.push_str(&horizontal_lines(p));
            text.push('\n');
        }
        if normalize(&text) != normalize(&gt) {
            failures.push(pdf.display().to_string());
        }
    }
    assert!(failures.is_empty(), "text differs from ground truth: {failures:#?}");
}

/// Every real-world file: no panic, no hang (per-file budget), boxes consistent.
#[test]
fn real_corpus_never_panics_or_hangs() {
    let Some(dir) = corpus_dir("real") else {
        return;
    };
    let budget = Duration::from_secs(30);
    let files = pdfs(&dir);
    let mut panics = Vec::new();
    let mut hangs = Vec::new();
    let mut slow = Vec::new();
    let (mut ok, mut errors) = (0, 0);
    for path in files {
        let bytes = std::fs::read(&path).expect("read");
        let (tx, rx) = mpsc::channel();
        let start = Instant::now();
        let name = path.display().to_string();
        std::thread::Builder::new()
            .name(name.clone())
            .spawn(move || {
                let r = std::panic::catch_unwind(|| {
                    extract_text_layer(&bytes, &Limits::default())
                        .map(|layer| layer.pages.iter().all(|p| p.boxes.len() == p.text.chars().count()))
                });
                let _ = tx.send(r);
            })
            .expect("spawn");
        match rx.recv_timeout(budget) {
            Ok(Ok(Ok(consistent))) => {
                assert!(consistent, "{name}: boxes do not match chars");
                ok += 1;
            }
            Ok(Ok(Err(_))) => errors += 1,
            Ok(Err(_)) => panics.push(name),
            // The thread is left running; in the server a child process is killed.
            Err(_) => hangs.push(name),
        }
        if start.elapsed() > Duration::from_secs(5) {
            slow.push(format!("{} ({:.1}s)", path.display(), start.elapsed().as_secs_f64()));
        }
    }
    eprintln!(
        "real corpus: {ok} ok, {errors} errors, {} panics, {} over budget",
        panics.len(),
        hangs.len()
    );
    if !slow.is_empty() {
        eprintln!("slow files: {slow:#?}");
    }
    assert!(panics.is_empty(), "panicked: {panics:#?}");
    assert!(hangs.is_empty(), "over the {budget:?} budget: {hangs:#?}");
}
