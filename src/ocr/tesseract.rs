//! The `tesseract` command line: one gray image in (PGM on stdin), recognized words with
//! their boxes and confidences out (TSV on stdout).
//!
//! It runs as a child of the sandboxed worker, so it inherits the worker's address-space and
//! CPU limits and its process group (the parent kills the whole group at its deadline); on
//! top of that each call has its own wall-clock timeout. `OMP_THREAD_LIMIT=1`: the machine's
//! cores belong to the other workers. Nothing here logs recognized text.

use std::io::{Read as _, Write as _};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::OcrError;
use super::image::Gray;

/// Where tesseract is and how it is called.
#[derive(Debug, Clone)]
pub struct Tesseract {
    /// The executable (`KLAREFI_TESSERACT`, default `tesseract` on the `PATH`).
    pub program: PathBuf,
    /// Language models, `+`-joined.
    pub languages: String,
    /// Wall-clock limit of one call.
    pub timeout: Duration,
}

impl Tesseract {
    /// Settings from the environment the worker inherited.
    pub fn from_env() -> Tesseract {
        Tesseract {
            program: std::env::var_os("KLAREFI_TESSERACT")
                .filter(|v| !v.is_empty())
                .map_or_else(|| PathBuf::from("tesseract"), PathBuf::from),
            languages: "nld+eng".into(),
            timeout: Duration::from_secs(30),
        }
    }
}

/// One recognized word, in pixels of the image it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    /// Tesseract's block, paragraph and line numbers: words sharing all three are one line.
    pub line: (u32, u32, u32),
    pub left: f64,
    pub top: f64,
    pub width: f64,
    pub height: f64,
    /// 0–100.
    pub conf: f32,
    pub text: String,
}

impl Word {
    pub fn bottom(&self) -> f64 {
        self.top + self.height
    }
}

/// Recognizes the words of `image` at `dpi` with page segmentation mode `psm`.
pub fn recognize(t: &Tesseract, image: &Gray, dpi: u32, psm: u8) -> Result<Vec<Word>, OcrError> {
    let mut child = Command::new(&t.program)
        .args(["stdin", "stdout", "-l", &t.languages, "--psm", &psm.to_string()])
        .args(["--dpi", &dpi.to_string(), "tsv"])
        .env("OMP_THREAD_LIMIT", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| OcrError::Unavailable(format!("{}: {e}", t.program.display())))?;
    let (Some(mut stdin), Some(mut stdout), Some(mut stderr)) =
        (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        let _ = child.kill();
        let _ = child.wait();
        return Err(OcrError::Failed("tesseract pipes".into()));
    };
    let pgm = image.to_pgm();
    let feed = std::thread::spawn(move || {
        // Tesseract that fails early closes the pipe; its exit status says why.
        let _ = stdin.write_all(&pgm);
    });
    let out = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = (&mut stdout).take(64 * 1024 * 1024).read_to_end(&mut buf);
        buf
    });
    let err = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = (&mut stderr).take(64 * 1024).read_to_end(&mut buf);
        buf
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() < t.timeout => std::thread::sleep(Duration::from_millis(10)),
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(OcrError::Failed("tesseract took too long".into()));
            }
            Err(e) => return Err(OcrError::Failed(e.to_string())),
        }
    };
    let _ = feed.join();
    let out = out.join().unwrap_or_default();
    let err = err.join().unwrap_or_default();
    if !status.success() {
        let err = String::from_utf8_lossy(&err);
        // Missing language data means this machine cannot do OCR, not that the page is bad.
        if err.contains("Failed loading language")
            || err.contains("Error opening data file")
            || err.contains("Could not initialize")
        {
            return Err(OcrError::Unavailable("tesseract has no nld+eng language data".into()));
        }
        return Err(OcrError::Failed(format!("tesseract exited with {status}")));
    }
    Ok(parse_tsv(&String::from_utf8_lossy(&out)))
}

/// Word rows (level 5) of tesseract's TSV; header, structure rows and blank words dropped.
pub fn parse_tsv(tsv: &str) -> Vec<Word> {
    let mut words = Vec::new();
    for row in tsv.lines() {
        let cols: Vec<&str> = row.split('\t').collect();
        let [
            level,
            _page,
            block,
            par,
            line,
            _word,
            left,
            top,
            width,
            height,
            conf,
            text,
        ] = cols[..]
        else {
            continue;
        };
        if level != "5" || text.trim().is_empty() {
            continue;
        }
        let num = |s: &str| s.trim().parse::<f64>().ok();
        let id = |s: &str| s.trim().parse::<u32>().ok();
        let (Some(left), Some(top), Some(width), Some(height), Some(conf)) =
            (num(left), num(top), num(width), num(height), num(conf))
        else {
            continue;
        };
        let (Some(block), Some(par), Some(line)) = (id(block), id(par), id(line)) else {
            continue;
        };
        words.push(Word {
            line: (block, par, line),
            left,
            top,
            width: width.max(1.0),
            height: height.max(1.0),
            conf: conf.clamp(0.0, 100.0) as f32,
            text: text.trim().to_string(),
        });
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_rows_of_the_tsv_become_words() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
                   1\t1\t0\t0\t0\t0\t0\t0\t1654\t2339\t-1\t\n\
                   4\t1\t1\t1\t1\t0\t100\t200\t400\t30\t-1\t\n\
                   5\t1\t1\t1\t1\t1\t100\t200\t180\t30\t96.5\tSchadedatum:\n\
                   5\t1\t1\t1\t1\t2\t300\t202\t20\t28\t91\t3\n\
                   5\t1\t1\t1\t1\t3\t330\t202\t20\t28\t95\t \n\
                   5\t1\t2\t1\t1\t1\t100\t260\t90\t30\tnot-a-number\tx\n";
        let words = parse_tsv(tsv);
        assert_eq!(words.len(), 2, "{words:?}");
        assert_eq!(words[0].text, "Schadedatum:");
        assert_eq!(words[0].line, (1, 1, 1));
        assert!((words[0].conf - 96.5).abs() < 1e-6);
        assert!((words[1].bottom() - 230.0).abs() < 1e-9);
        assert!(parse_tsv("").is_empty());
    }

    #[test]
    fn a_missing_program_means_ocr_is_unavailable() {
        let t = Tesseract {
            program: PathBuf::from("/nonexistent/tesseract"),
            ..Tesseract::from_env()
        };
        let got = recognize(&t, &Gray::new(10, 10, 255), 200, 3);
        assert!(matches!(got, Err(OcrError::Unavailable(_))), "{got:?}");
    }
}
