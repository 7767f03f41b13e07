//! Word-level F1 benchmark against poppler's `pdftotext FILE -` on the real corpus.
//!
//! Usage: `cargo run --release --example wordf1 -- [CORPUS_DIR] [--worst N]`
//! Method (as in the corpus README): each file is extracted in its own child process
//! with a 10 s limit; files where pdftotext finds at least 20 words are scored with the
//! multiset F1 of whitespace tokens; our failures (error, panic, timeout) count as 0.
//! pdftotext output is cached under `$CARGO_TARGET_DIR/pdftotext-cache`.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(10);

fn run_with_timeout(mut cmd: Command) -> Option<(Vec<u8>, bool, Duration)> {
    let start = Instant::now();
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::null()).spawn().ok()?;
    let mut stdout = child.stdout.take()?;
    let reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = stdout.read_to_end(&mut buf);
        buf
    });
    loop {
        if let Ok(Some(status)) = child.try_wait() {
            let out = reader.join().unwrap_or_default();
            return Some((out, status.success(), start.elapsed()));
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn tokens(s: &str) -> HashMap<&str, usize> {
    let mut m = HashMap::new();
    for t in s.split_whitespace() {
        *m.entry(t).or_insert(0) += 1;
    }
    m
}

fn f1(ours: &str, reference: &str) -> f64 {
    let a = tokens(ours);
    let b = tokens(reference);
    let na: usize = a.values().sum();
    let nb: usize = b.values().sum();
    if na == 0 || nb == 0 {
        return 0.0;
    }
    let overlap: usize = a.iter().map(|(k, v)| (*v).min(*b.get(k).unwrap_or(&0))).sum();
    let p = overlap as f64 / na as f64;
    let r = overlap as f64 / nb as f64;
    if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
}

/// Child mode: extract one file, print "secs pages" on the first line, then the text.
fn one(path: &str) {
    let bytes = std::fs::read(path).unwrap_or_default();
    let start = Instant::now();
    match klarefi::pdf::extract_text_layer(&bytes, &klarefi::pdf::Limits::default()) {
        Ok(layer) => {
            let secs = start.elapsed().as_secs_f64();
            println!("{secs} {}", layer.pages.len());
            for p in &layer.pages {
                println!("{}", p.text);
            }
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--one") {
        one(args.get(2).map(String::as_str).unwrap_or(""));
        return;
    }
    let mut dir = String::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/real"));
    let mut i = 1;
    while let Some(a) = args.get(i) {
        if a == "--worst" {
            i += 2;
            continue;
        }
        dir = a.clone();
        i += 1;
    }
    let worst: usize = args
        .iter()
        .position(|a| a == "--worst")
        .and_then(|i| args.get(i + 1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(25);
    let exe = std::env::current_exe().unwrap_or_default();
    let target =
        std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/target").into());
    let cache = PathBuf::from(target).join("pdftotext-cache");
    let _ = std::fs::create_dir_all(&cache);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf")));
    files.sort();

    let mut scores: Vec<(f64, String, &'static str)> = Vec::new();
    let (mut failures, mut timeouts, mut ours_pages, mut ref_time) = (0, 0, 0usize, 0.0);
    let mut ours_secs = 0.0;
    let mut ours_wall = Duration::ZERO;
    for path in &files {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let cached = cache.join(format!("{name}.txt"));
        let reference = match std::fs::read_to_string(&cached) {
            Ok(s) => s,
            Err(_) => {
                let mut cmd = Command::new("pdftotext");
                cmd.arg(path).arg("-");
                let text = match run_with_timeout(cmd) {
                    Some((out, true, t)) => {
                        ref_time += t.as_secs_f64();
                        String::from_utf8_lossy(&out).into_owned()
                    }
                    _ => String::new(),
                };
                let _ = std::fs::write(&cached, &text);
                text
            }
        };
        let scored = reference.split_whitespace().count() >= 20;
        let mut cmd = Command::new(&exe);
        cmd.arg("--one").arg(path);
        let result = run_with_timeout(cmd);
        let (score, status) = match result {
            Some((out, true, wall)) => {
                ours_wall += wall;
                let text = String::from_utf8_lossy(&out);
                let (head, body) = text.split_once('\n').unwrap_or((&text, ""));
                let mut it = head.split_whitespace();
                ours_secs += it.next().and_then(|s| s.parse::<f64>().ok()).unwrap_or(0.0);
                ours_pages += it.next().and_then(|s| s.parse::<usize>().ok()).unwrap_or(0);
                (f1(body, &reference), "ok")
            }
            Some((_, false, wall)) => {
                ours_wall += wall;
                failures += 1;
                (0.0, "error")
            }
            None => {
                timeouts += 1;
                (0.0, "timeout")
            }
        };
        if scored {
            scores.push((score, name, status));
        }
    }
    let n = scores.len();
    let mean = scores.iter().map(|s| s.0).sum::<f64>() / n.max(1) as f64;
    scores.sort_by(|a, b| a.0.total_cmp(&b.0));
    println!("worst files:");
    for (s, name, st) in scores.iter().take(worst) {
        println!("  {s:.3} {st:7} {name}");
    }
    let scored_fail = scores.iter().filter(|s| s.2 != "ok").count();
    println!("files: {} total, {} scored (pdftotext >= 20 words)", files.len(), n);
    println!("our errors: {failures} (of which scored: {scored_fail}), timeouts: {timeouts}");
    println!("mean word-F1: {mean:.4}");
    println!(
        "our extraction time: {ours_secs:.1} s in-process for {ours_pages} pages ({:.0} pages/s); wall incl. process start {:.1} s",
        ours_pages as f64 / ours_secs.max(1e-9),
        ours_wall.as_secs_f64()
    );
    if ref_time > 0.0 {
        println!("pdftotext time this run (uncached files only): {ref_time:.1} s");
    }
    let _ = Path::new(&dir);
}
