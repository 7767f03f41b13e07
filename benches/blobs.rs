//! Streaming writes into the blob store, a local folder against an S3-compatible bucket, side
//! by side: throughput (MiB/s) and the process's peak memory per file size. Files are written
//! the way an upload arrives (64 KiB pieces through `Blobs::writer`), then erased (erasure
//! proves itself; nothing is read back whole, which would count in the next peak).
//!
//! `cargo run --example blobs -- S3_URL [SIZES_MIB]` with the `AWS_*` credentials set, e.g.
//! `cargo run --release --example blobs -- 's3://bench/b?endpoint=http://127.0.0.1:9000' 1,8,32,100`

use std::time::Instant;

use klarefi::blobs::Blobs;
use klarefi::config::BlobUrl;

/// Peak resident memory since the last reset, in MiB (Linux: `VmHWM`).
fn peak_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// Starts a new peak-memory window (Linux: writing 5 to `clear_refs` resets `VmHWM`).
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// Writes `mib` MiB in 64 KiB pieces, reads it back and erases it; (write MiB/s, peak MiB).
async fn one(blobs: &Blobs, mib: usize) -> Result<(f64, f64), std::io::Error> {
    let piece: Vec<u8> = (0..64 * 1024).map(|i| u8::try_from(i % 251).unwrap_or(0)).collect();
    let doc_id = klarefi::ids::prefixed("doc");
    reset_peak();
    let started = Instant::now();
    let mut w = blobs.writer(&doc_id).await?;
    for _ in 0..mib * 16 {
        // A new buffer per piece, as the request body's chunks arrive.
        w.write(bytes::Bytes::copy_from_slice(&piece)).await?;
    }
    w.commit().await?;
    let rate = mib as f64 / started.elapsed().as_secs_f64();
    let peak = peak_mib();
    if !blobs.exists(&doc_id).await {
        return Err(std::io::Error::other("the committed blob is not there"));
    }
    blobs.delete(&doc_id).await?;
    Ok((rate, peak))
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(url) = args.get(1) else {
        eprintln!("usage: blobs S3_URL [SIZES_MIB, default 1,8,32,100]");
        std::process::exit(2);
    };
    let sizes: Vec<usize> = args
        .get(2)
        .map_or("1,8,32,100", String::as_str)
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let _ = rustls::crypto::ring::default_provider().install_default();
    let dir = std::env::temp_dir().join(format!("klarefi-blob-bench-{}", klarefi::ids::random_hex(4)));
    let folder = Blobs::new(dir.join("blobs"));
    let bucket = match BlobUrl::parse(Some(url), &dir).map(|u| Blobs::open(&u)) {
        Ok(Ok(b)) => b,
        Ok(Err(e)) => {
            eprintln!("the bucket: {e}");
            std::process::exit(1);
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    println!("| size | folder MiB/s | bucket MiB/s | bucket/folder | folder peak MiB | bucket peak MiB |");
    println!("|---:|---:|---:|---:|---:|---:|");
    for mib in sizes {
        // Best of three for each, alternating, so neither side gets the warmer machine.
        let (mut f, mut b) = ((0.0f64, 0.0f64), (0.0f64, 0.0f64));
        for _ in 0..3 {
            match (one(&folder, mib).await, one(&bucket, mib).await) {
                (Ok(x), Ok(y)) => {
                    f = (f.0.max(x.0), f.1.max(x.1));
                    b = (b.0.max(y.0), b.1.max(y.1));
                }
                (Err(e), _) | (_, Err(e)) => {
                    eprintln!("{mib} MiB: {e}");
                    std::process::exit(1);
                }
            }
        }
        println!(
            "| {mib} MiB | {:.0} | {:.0} | {:.0} % | {:.0} | {:.0} |",
            f.0,
            b.0,
            100.0 * b.0 / f.0,
            f.1,
            b.1
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
