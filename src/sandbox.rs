//! Parsing untrusted documents in a child process with limits.
//!
//! The parent re-executes the `klarefi` binary as `klarefi worker pdf`, writes the bytes (a
//! PDF, JPEG or PNG) to its stdin and reads one JSON answer from its stdout. The child caps its
//! own address space and CPU time before it reads anything; it reads a PDF's text layer and
//! runs OCR (`crate::ocr`, tesseract as its own child, under the same limits) on scanned pages
//! and photos. The child leads its own process group; the parent enforces a wall-clock
//! deadline that grows with the pages that may need OCR and kills the whole group when it
//! passes. A panic, abort, stack overflow, out-of-memory or timeout in the child becomes a
//! `Failure` with a reason; the parent never parses the bytes itself. Nothing here logs
//! document text.

use std::io::Write as _;
use std::path::Path;
use std::time::Duration;

use crate::ocr::{self, OcrError, image::ImageError, tesseract::Tesseract};
use crate::pdf::{self, TextError, TextLayer};
use crate::vocab::DocFormat;
use crate::worker;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_counted_without_parsing_and_the_deadline_grows_with_them() {
        let page = b"<< /Type /Page /Parent 2 0 R >> << /Type/Page >> << /Type /Pages /Count 2 >>";
        assert_eq!(estimate_pages(page), 2);
        assert_eq!(estimate_pages(b""), 0);
        assert_eq!(estimate_pages(b"/Type"), 0);
        let limits = SandboxLimits::default();
        let many: Vec<u8> = b"<< /Type /Page >>".repeat(500);
        assert_eq!(limits.deadline(b"%PDF", DocFormat::Pdf), limits.wall_base);
        assert_eq!(
            limits.deadline(&many, DocFormat::Pdf),
            limits.wall_base + Duration::from_secs(50)
        );
        let huge: Vec<u8> = b"<< /Type /Page >>".repeat(5_000);
        assert_eq!(limits.deadline(&huge, DocFormat::Pdf), limits.wall_max);
    }

    #[test]
    fn pages_that_may_need_ocr_get_their_own_budget() {
        let limits = SandboxLimits::default();
        let photo = b"\xFF\xD8\xFF\xE0 a photo";
        assert_eq!(
            limits.deadline(photo, DocFormat::Jpeg),
            limits.wall_base + limits.wall_ocr_base + limits.wall_per_ocr_page
        );
        let scan: Vec<u8> = b"%PDF-1.7 << /Type /Page >> << /Subtype /Image >> << /Type /Page >>".to_vec();
        assert_eq!(
            limits.deadline(&scan, DocFormat::Pdf),
            limits.wall_base + limits.wall_per_page * 2 + limits.wall_ocr_base + limits.wall_per_ocr_page * 2
        );
        let long_scan: Vec<u8> = [b"%PDF-1.7 /Image".as_slice(), &b"<< /Type /Page >>".repeat(500)].concat();
        assert_eq!(limits.deadline(&long_scan, DocFormat::Pdf), limits.wall_max_ocr);
    }
}

/// Limits for one parse.
#[derive(Debug, Clone)]
pub struct SandboxLimits {
    /// Address space of the child.
    pub memory_bytes: u64,
    /// CPU seconds of the child.
    pub cpu_seconds: u64,
    /// Wall-clock deadline: a base plus a share per MiB of input, capped.
    pub wall_base: Duration,
    pub wall_per_mib: Duration,
    pub wall_per_page: Duration,
    pub wall_max: Duration,
    /// Added per page that may need OCR (every page of a PDF that holds images, a photo).
    pub wall_per_ocr_page: Duration,
    /// Once for a document that may need OCR: a photo with no text on it tries all four
    /// quarter turns, each a tesseract run.
    pub wall_ocr_base: Duration,
    /// Cap of a deadline with OCR (about 150 pages); the pipeline renews the job's lease
    /// while the worker reads, so a long scan is not taken over by another worker.
    pub wall_max_ocr: Duration,
    /// Largest answer read back from the child.
    pub max_output_bytes: usize,
    /// The tesseract the child runs for OCR (`KLAREFI_TESSERACT`; `None`: the child's own
    /// environment decides, else `tesseract` on the `PATH`).
    pub tesseract: Option<std::path::PathBuf>,
}

impl Default for SandboxLimits {
    fn default() -> Self {
        Self {
            memory_bytes: 1 << 30,
            cpu_seconds: 60,
            wall_base: Duration::from_secs(10),
            wall_per_mib: Duration::from_secs(2),
            wall_per_page: Duration::from_millis(100),
            wall_max: Duration::from_secs(90),
            wall_per_ocr_page: Duration::from_secs(4),
            wall_ocr_base: Duration::from_secs(20),
            wall_max_ocr: Duration::from_secs(600),
            max_output_bytes: 256 * 1024 * 1024,
            tesseract: None,
        }
    }
}

impl SandboxLimits {
    /// The wall-clock deadline for a document: a base plus a share per page and per MiB,
    /// whichever is larger, capped; plus a share per page that may need OCR, capped higher.
    pub fn deadline(&self, bytes: &[u8], format: DocFormat) -> Duration {
        let mib = u32::try_from(bytes.len() / (1024 * 1024)).unwrap_or(u32::MAX);
        let pages = estimate_pages(bytes);
        let by_size = self.wall_per_mib.saturating_mul(mib);
        let by_pages = self
            .wall_per_page
            .saturating_mul(u32::try_from(pages).unwrap_or(u32::MAX));
        let text = (self.wall_base + by_size.max(by_pages)).min(self.wall_max);
        // Without parsing: a photo is one page to read; a PDF drawing images may be all scans.
        let ocr_pages = match format {
            DocFormat::Jpeg | DocFormat::Png => 1,
            DocFormat::Pdf if bytes.windows(6).any(|w| w == b"/Image") => pages.max(1),
            DocFormat::Pdf => 0,
        };
        if ocr_pages == 0 {
            return text;
        }
        let ocr = self.wall_ocr_base
            + self
                .wall_per_ocr_page
                .saturating_mul(u32::try_from(ocr_pages).unwrap_or(u32::MAX));
        (text + ocr).min(self.wall_max_ocr)
    }
}

/// Page objects visible in the raw bytes (`/Type /Page`, not `/Pages`), without parsing: the
/// parent never parses untrusted bytes. Pages inside compressed object streams are not seen,
/// which is why the size share of the deadline stays as a floor.
pub fn estimate_pages(bytes: &[u8]) -> usize {
    let mut count = 0;
    let mut i = 0;
    while let Some(pos) = bytes[i..].windows(5).position(|w| w == b"/Type") {
        let mut j = i + pos + 5;
        while bytes.get(j).is_some_and(u8::is_ascii_whitespace) {
            j += 1;
        }
        if bytes[j.min(bytes.len())..].starts_with(b"/Page") && !bytes[(j + 5).min(bytes.len())..].starts_with(b"s") {
            count += 1;
        }
        i = j.max(i + pos + 5);
    }
    count
}

/// Why a document could not be read. `code()` is what the document's status records.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Failure {
    #[error("the PDF is encrypted with a password")]
    Encrypted,
    #[error("the file is not a PDF we can read: {0}")]
    Malformed(String),
    #[error("the document exceeds a processing limit: {0}")]
    TooComplex(String),
    #[error("reading the document took too long")]
    Timeout,
    #[error("the reader ran out of memory")]
    OutOfMemory,
    #[error("the reader crashed")]
    Crashed,
    #[error("the reader could not be started: {0}")]
    Unavailable(String),
    #[error("the document is an image and needs OCR, which is not available")]
    OcrUnavailable,
}

impl From<OcrError> for Failure {
    fn from(e: OcrError) -> Self {
        match e {
            OcrError::Unavailable(_) => Failure::OcrUnavailable,
            OcrError::Image(ImageError::TooLarge(m)) => Failure::TooComplex(m),
            OcrError::Image(ImageError::Malformed(m)) => Failure::Malformed(m),
            OcrError::Failed(m) => Failure::TooComplex(format!("OCR: {m}")),
        }
    }
}

impl Failure {
    pub fn code(&self) -> &'static str {
        match self {
            Failure::Encrypted => "encrypted",
            Failure::Malformed(_) => "unreadable",
            Failure::TooComplex(_) => "too_complex",
            Failure::Timeout => "timeout",
            Failure::OutOfMemory => "out_of_memory",
            Failure::Crashed => "crashed",
            Failure::Unavailable(_) => "reader_unavailable",
            Failure::OcrUnavailable => "ocr_unavailable",
        }
    }
}

/// The child's answer on stdout.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
enum Answer {
    Ok { layer: TextLayer },
    Encrypted,
    Malformed { message: String },
    LimitExceeded { message: String },
    OcrUnavailable,
}

impl From<Failure> for Answer {
    fn from(f: Failure) -> Self {
        match f {
            Failure::Encrypted => Answer::Encrypted,
            Failure::Malformed(message) => Answer::Malformed { message },
            Failure::OcrUnavailable => Answer::OcrUnavailable,
            other => Answer::LimitExceeded {
                message: other.to_string(),
            },
        }
    }
}

/// Exit code of a child that answered (success or a refusal it understood).
const ANSWERED: i32 = 0;
/// Exit code of a child that could not get the memory it needed.
const OUT_OF_MEMORY: i32 = 3;

/// Runs `exe worker pdf` on `bytes` (a PDF, JPEG or PNG) and returns its text layer.
pub async fn text_layer(
    exe: &Path,
    bytes: &[u8],
    format: DocFormat,
    limits: &SandboxLimits,
) -> Result<TextLayer, Failure> {
    let deadline = limits.deadline(bytes, format);
    let spawn = worker::Spawn {
        args: ["worker", "pdf", "--format", format.as_str()]
            .map(String::from)
            .to_vec(),
        memory_bytes: limits.memory_bytes,
        // The worker's own CPU (decoding, straightening) may use as much as the wall deadline
        // allows a long scan; each tesseract it runs has its own limit.
        cpu_seconds: limits.cpu_seconds.max(deadline.as_secs() + 1),
        tesseract: limits.tesseract.as_deref(),
        deadline,
        max_output: limits.max_output_bytes,
    };
    let exit = worker::run(exe, &spawn, bytes).await?;
    if exit.out.len() > limits.max_output_bytes {
        return Err(Failure::TooComplex("the text layer is too large".into()));
    }
    if exit.status.code() != Some(ANSWERED) {
        return Err(classify_death(exit.status, &exit.err));
    }
    match serde_json::from_slice::<Answer>(&exit.out) {
        Ok(Answer::Ok { layer }) => Ok(layer),
        Ok(Answer::Encrypted) => Err(Failure::Encrypted),
        Ok(Answer::Malformed { message }) => Err(Failure::Malformed(message)),
        Ok(Answer::LimitExceeded { message }) => Err(Failure::TooComplex(message)),
        Ok(Answer::OcrUnavailable) => Err(Failure::OcrUnavailable),
        Err(_) => Err(Failure::Crashed),
    }
}

impl From<worker::RunError> for Failure {
    fn from(e: worker::RunError) -> Self {
        match e {
            worker::RunError::Unavailable(message) => Failure::Unavailable(message),
            worker::RunError::Timeout => Failure::Timeout,
        }
    }
}

fn classify_death(status: std::process::ExitStatus, stderr: &[u8]) -> Failure {
    if status.code() == Some(OUT_OF_MEMORY) {
        return Failure::OutOfMemory;
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt as _;
        // SIGXCPU: the CPU-time limit.
        if status.signal() == Some(24) {
            return Failure::Timeout;
        }
    }
    let text = String::from_utf8_lossy(stderr);
    if text.contains("memory allocation") || text.contains("out of memory") || text.contains("capacity overflow") {
        Failure::OutOfMemory
    } else {
        Failure::Crashed
    }
}

/// The text layer of a document whose format is told from its bytes (anything but a JPEG or
/// PNG is read as a PDF). Runs in the child.
pub fn read(bytes: &[u8], tesseract: &Tesseract) -> Result<TextLayer, Failure> {
    read_as(bytes, crate::vocab::sniff(bytes).unwrap_or(DocFormat::Pdf), tesseract)
}

/// The text layer of a document of `format` (sniffed where its bytes arrived), with OCR where
/// it has no text of its own. Runs in the child.
pub fn read_as(bytes: &[u8], format: DocFormat, tesseract: &Tesseract) -> Result<TextLayer, Failure> {
    let limits = pdf::Limits::default();
    match format {
        DocFormat::Jpeg | DocFormat::Png => Ok(ocr::read_image(bytes, format, tesseract)?),
        DocFormat::Pdf => {
            let mut ex = pdf::extract(bytes, &limits).map_err(|e| match e {
                TextError::Encrypted => Failure::Encrypted,
                TextError::Malformed(m) => Failure::Malformed(m),
                TextError::LimitExceeded(m) => Failure::TooComplex(m),
            })?;
            ocr::read_scanned_pages(&mut ex, bytes, tesseract, &limits)?;
            Ok(ex.layer)
        }
    }
}

/// The child side: `klarefi worker pdf`. Caps itself, reads stdin, answers on stdout.
/// Returns the process exit code.
pub fn worker_main(format: Option<DocFormat>) -> i32 {
    let defaults = SandboxLimits::default();
    // Limits first: nothing untrusted is touched before they hold.
    if !worker::cap_self(defaults.memory_bytes, defaults.cpu_seconds) {
        eprintln!("klarefi worker: cannot set resource limits");
        return 2;
    }
    let bytes = match worker::read_input(crate::vocab::MAX_DOCUMENT_BYTES) {
        Ok(bytes) => bytes,
        // Growing the buffer past the address-space limit is reported, not aborted.
        Err(e) if e.kind() == std::io::ErrorKind::OutOfMemory => return OUT_OF_MEMORY,
        Err(_) => return 2,
    };
    let answer = if bytes.len() as u64 > crate::vocab::MAX_DOCUMENT_BYTES {
        Answer::LimitExceeded {
            message: "document larger than 25 MiB".into(),
        }
    } else {
        let tesseract = Tesseract::from_env();
        let read = match format {
            Some(format) => read_as(&bytes, format, &tesseract),
            None => read(&bytes, &tesseract),
        };
        match read {
            Ok(layer) => Answer::Ok { layer },
            Err(failure) => failure.into(),
        }
    };
    let mut stdout = std::io::stdout().lock();
    if serde_json::to_writer(&mut stdout, &answer).is_err() || stdout.flush().is_err() {
        return 2;
    }
    ANSWERED
}
