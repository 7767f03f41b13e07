//! Untrusted PDFs are read by `klarefi worker pdf` in a child process with limits; whatever
//! the child does, the parent gets an answer.

use klarefi::vocab::DocFormat;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use klarefi::sandbox::{Failure, SandboxLimits, text_layer};

fn exe() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_klarefi"))
}

fn simple_pdf() -> Vec<u8> {
    let content = b"BT /F1 12 Tf 72 720 Td (Schadedatum: 3 februari 2023) Tj ET";
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_string(),
        format!("<< /Length {} >>\nstream\n{}\nendstream", content.len(), String::from_utf8_lossy(content)),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_string(),
    ];
    for (n, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", n + 1).as_bytes());
    }
    let xref = pdf.len();
    pdf.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        pdf.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

#[tokio::test]
async fn the_worker_returns_the_text_layer() {
    let layer = text_layer(exe(), &simple_pdf(), DocFormat::Pdf, &SandboxLimits::default())
        .await
        .expect("text layer");
    assert_eq!(layer.pages.len(), 1);
    assert_eq!(layer.pages[0].text, "Schadedatum: 3 februari 2023");
}

#[tokio::test]
async fn failures_of_the_child_become_reasons() {
    let tiny_memory = SandboxLimits {
        memory_bytes: 8 * 1024 * 1024,
        ..SandboxLimits::default()
    };
    let no_time = SandboxLimits {
        wall_base: Duration::from_millis(1),
        wall_per_mib: Duration::ZERO,
        wall_per_page: Duration::ZERO,
        ..SandboxLimits::default()
    };
    let pdf = simple_pdf();
    // Reading 16 MiB into memory needs more than the 8 MiB the child may have.
    let big = [simple_pdf(), vec![b'%'; 16 * 1024 * 1024]].concat();

    let oom = text_layer(exe(), &big, DocFormat::Pdf, &tiny_memory).await;
    let timeout = text_layer(exe(), &big, DocFormat::Pdf, &no_time).await;
    let crashed = text_layer(Path::new("/bin/false"), &pdf, DocFormat::Pdf, &SandboxLimits::default()).await;
    let missing = text_layer(
        Path::new("/nonexistent/klarefi"),
        &pdf,
        DocFormat::Pdf,
        &SandboxLimits::default(),
    )
    .await;
    let garbage = text_layer(
        exe(),
        b"%PDF-1.7 nothing here",
        DocFormat::Pdf,
        &SandboxLimits::default(),
    )
    .await;

    assert_eq!(
        oom.as_ref().err(),
        Some(&Failure::OutOfMemory),
        "{:?}",
        oom.as_ref().map(|_| "a text layer")
    );
    assert_eq!(timeout, Err(Failure::Timeout));
    assert_eq!(crashed, Err(Failure::Crashed));
    assert!(matches!(missing, Err(Failure::Unavailable(_))), "{missing:?}");
    assert!(matches!(garbage, Err(Failure::Malformed(_))), "{garbage:?}");
}

#[tokio::test]
async fn every_real_corpus_file_goes_through_the_worker_and_the_parent_survives() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/real");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("SKIP: {} not found; this test needs the shared corpus", dir.display());
        return;
    };
    let mut files: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    files.sort();
    // A short deadline keeps CI fast; a file that needs longer counts as a timeout, which is
    // an answer too.
    let limits = Arc::new(SandboxLimits {
        wall_base: Duration::from_secs(10),
        wall_max: Duration::from_secs(20),
        ..SandboxLimits::default()
    });
    let slots = Arc::new(tokio::sync::Semaphore::new(4));
    let started = Instant::now();
    let mut set = tokio::task::JoinSet::new();
    for path in files {
        let (limits, slots) = (limits.clone(), slots.clone());
        set.spawn(async move {
            let _slot = slots.acquire_owned().await.expect("semaphore");
            let bytes = std::fs::read(&path).expect("read corpus file");
            (path, text_layer(exe(), &bytes, DocFormat::Pdf, &limits).await)
        });
    }
    let results = set.join_all().await;

    let mut reasons = std::collections::BTreeMap::<&str, usize>::new();
    for (path, result) in &results {
        let reason = match result {
            Ok(layer) => {
                for page in &layer.pages {
                    assert_eq!(page.boxes.len(), page.text.chars().count(), "{}", path.display());
                }
                "ok"
            }
            Err(f) => f.code(),
        };
        *reasons.entry(reason).or_default() += 1;
        assert!(
            !matches!(result, Err(Failure::Unavailable(_))),
            "{}: {result:?}",
            path.display()
        );
    }
    eprintln!("{} files in {:.1?}: {reasons:?}", results.len(), started.elapsed());
    assert!(results.len() > 1000);
    let count = |reason: &str| reasons.get(reason).copied().unwrap_or(0);
    let read = if crate::support::scans::ocr_available("every_real_corpus_file_goes_through_the_worker") {
        count("ok")
    } else {
        // Without tesseract, scanned pages answer `ocr_unavailable`: an answer, not a read.
        eprintln!(
            "without OCR, {} scanned files could not be read",
            count("ocr_unavailable")
        );
        count("ok") + count("ocr_unavailable")
    };
    assert!(read > 950, "{reasons:?}");
}
