//! Document bytes in a local folder and in an S3-compatible bucket (`s3s-fs`, started by
//! `.ci/run`): the blob store behaves the same on both, and so does a whole case.
//!
//! The bucket leg needs `KLAREFI_TEST_S3_URL` (and the `AWS_*` credentials); without it those
//! parts are skipped with a note, and with `KLAREFI_REQUIRE_S3=1` they fail instead.

use bytes::Bytes;
use klarefi::blobs::{Blobs, MULTIPART_THRESHOLD};
use klarefi::config::{BlobUrl, Payload};
use serde_json::{Value, json};

use crate::applicant::{Applicant, create_session};
use crate::casefile::{disagreeing_claim_pdf, processed_case};
use crate::fixtures::text_pdf;
use crate::helpers::TestApp;
use crate::intake::reach_claim_form;
use crate::processing::PRIVATE;

/// The test bucket's URL with a prefix of its own, so tests never see each other's objects;
/// `None` (after a note) when no bucket is configured.
pub fn test_bucket_url() -> Option<String> {
    match std::env::var("KLAREFI_TEST_S3_URL") {
        Ok(url) if !url.trim().is_empty() => {
            let (location, query) = url.split_once('?').unwrap_or((&url, ""));
            let prefix = format!("t{}", klarefi::ids::random_hex(8));
            Some(format!("{}/{prefix}?{query}", location.trim_end_matches('/')))
        }
        _ => {
            assert_ne!(
                std::env::var("KLAREFI_REQUIRE_S3").as_deref(),
                Ok("1"),
                "KLAREFI_REQUIRE_S3=1 but KLAREFI_TEST_S3_URL is unset (.ci/run starts s3s-fs and sets it)"
            );
            eprintln!("skipping the S3 bucket leg: KLAREFI_TEST_S3_URL is unset (.ci/run starts s3s-fs and sets it)");
            None
        }
    }
}

/// The blob stores to run a test against: a folder under `dir`, and the test bucket if any,
/// once with signed payloads (SHA-256) and once unsigned (a CRC64-NVME checksum).
fn backends(dir: &std::path::Path) -> Vec<(&'static str, Blobs)> {
    let mut all = vec![("folder", Blobs::new(dir.join("blobs")))];
    for (name, query, expected) in [
        ("bucket, signed", "signed", Payload::Signed),
        ("bucket, unsigned", "unsigned", Payload::Unsigned),
    ] {
        // Each under a prefix of its own, so one never sees the other's objects.
        if let Some(url) = test_bucket_url() {
            let url = format!("{url}&payload={query}");
            let parsed = BlobUrl::parse(Some(&url), dir).expect("the test bucket's URL parses");
            assert!(
                matches!(&parsed, BlobUrl::S3 { payload, .. } if *payload == expected),
                "{url}"
            );
            all.push((name, Blobs::open(&parsed).expect("the test bucket opens")));
        }
    }
    all
}

fn is_not_found(r: &std::io::Result<Vec<u8>>) -> bool {
    matches!(r, Err(e) if e.kind() == std::io::ErrorKind::NotFound)
}

#[tokio::test]
async fn each_store_round_trips_streams_and_refuses_names_that_are_not_document_ids() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, blobs) in backends(dir.path()) {
        blobs
            .check()
            .await
            .unwrap_or_else(|e| panic!("{name}: readiness probe: {e}"));
        blobs.put("doc_abc123", b"%PDF-1.7").await.expect("put");
        assert_eq!(blobs.get("doc_abc123").await.expect("get"), b"%PDF-1.7", "{name}");
        assert!(blobs.exists("doc_abc123").await, "{name}");
        blobs.delete("doc_abc123").await.expect("delete");
        blobs.delete("doc_abc123").await.expect("deleting twice is fine");
        assert!(!blobs.exists("doc_abc123").await, "{name}");

        let mut w = blobs.writer("doc_streamed").await.expect("writer");
        w.write(Bytes::from_static(b"%PDF")).await.expect("write");
        assert!(!blobs.exists("doc_streamed").await, "{name}: invisible until committed");
        w.write(Bytes::from_static(b"-1.7")).await.expect("write");
        w.commit().await.expect("commit");
        assert_eq!(blobs.get("doc_streamed").await.expect("get"), b"%PDF-1.7", "{name}");

        let mut w = blobs.writer("doc_dropped").await.expect("writer");
        w.write(Bytes::from_static(b"x")).await.expect("write");
        w.discard().await;
        assert!(!blobs.exists("doc_dropped").await, "{name}");
        for bad in ["../etc/passwd", "doc_../../x", "doc_a/b", "doc_", "x", "doc_ab%2F"] {
            assert!(blobs.put(bad, b"x").await.is_err(), "{name}: {bad}");
            assert!(blobs.writer(bad).await.is_err(), "{name}: {bad}");
            assert!(blobs.get(bad).await.is_err(), "{name}: {bad}");
            assert!(blobs.stream(bad).await.is_err(), "{name}: {bad}");
            assert!(blobs.delete(bad).await.is_err(), "{name}: {bad}");
        }
    }
}

#[tokio::test]
async fn a_file_past_the_multipart_threshold_streams_in_parts_and_reads_back_byte_for_byte() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Two and a half thresholds, in pieces of an odd size (so pieces straddle the parts'
    // boundaries), each piece different.
    let size = MULTIPART_THRESHOLD * 5 / 2;
    let bytes: Vec<u8> = (0..size)
        .map(|i| u8::try_from((i * 7 + i / 65_536) % 251).unwrap_or(0))
        .collect();
    for (name, blobs) in backends(dir.path()) {
        let mut w = blobs.writer("doc_large1").await.expect("writer");
        for piece in bytes.chunks(100_003) {
            w.write(Bytes::copy_from_slice(piece)).await.expect("write");
        }
        assert!(!blobs.exists("doc_large1").await, "{name}: invisible until committed");
        w.commit().await.expect("commit");
        let back = blobs.get("doc_large1").await.expect("get");
        assert_eq!(back.len(), size, "{name}");
        assert!(back == bytes, "{name}: the bytes came back changed");
        // Streamed back, chunk by chunk, none of them the whole file.
        let mut chunks = blobs.stream("doc_large1").await.expect("stream");
        let (mut streamed, mut largest) = (Vec::with_capacity(size), 0);
        while let Some(chunk) = futures_util::StreamExt::next(&mut chunks).await {
            let chunk = chunk.expect("chunk");
            largest = largest.max(chunk.len());
            streamed.extend_from_slice(&chunk);
        }
        assert!(streamed == bytes, "{name}: the streamed bytes came back changed");
        assert!(
            largest < size / 2,
            "{name}: streamed in pieces, the largest {largest} bytes"
        );
        assert_eq!(
            blobs.stream("doc_nothere").await.err().map(|e| e.kind()),
            Some(std::io::ErrorKind::NotFound),
            "{name}: a missing blob is not found before any byte"
        );

        // An upload abandoned half way leaves nothing under its id.
        let mut w = blobs.writer("doc_large2").await.expect("writer");
        for piece in bytes.chunks(64 * 1024) {
            w.write(Bytes::copy_from_slice(piece)).await.expect("write");
        }
        w.discard().await;
        assert!(!blobs.exists("doc_large2").await, "{name}");
        blobs.delete("doc_large1").await.expect("delete");
    }
}

#[tokio::test]
async fn after_erasure_a_read_is_not_found_from_the_store_itself() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, blobs) in backends(dir.path()) {
        blobs.put("doc_erased1", b"%PDF-1.7 secret").await.expect("put");
        blobs.delete("doc_erased1").await.expect("delete proves the erasure");
        let read = blobs.get("doc_erased1").await;
        assert!(is_not_found(&read), "{name}: {read:?}");
    }
}

#[tokio::test]
async fn the_blob_setting_takes_a_folder_or_a_bucket_and_refuses_anything_else() {
    let data = std::path::Path::new("/var/lib/klarefi");
    assert_eq!(
        BlobUrl::parse(None, data).expect("default"),
        BlobUrl::Folder(data.join("blobs"))
    );
    assert_eq!(
        BlobUrl::parse(Some("file:///srv/blobs"), data).expect("file"),
        BlobUrl::Folder("/srv/blobs".into())
    );
    assert_eq!(
        BlobUrl::parse(
            Some("s3://klarefi-docs/prod/eu?endpoint=http://127.0.0.1:9000&region=eu-west-1"),
            data
        )
        .expect("s3"),
        BlobUrl::S3 {
            bucket: "klarefi-docs".into(),
            prefix: "prod/eu".into(),
            endpoint: Some("http://127.0.0.1:9000".into()),
            region: Some("eu-west-1".into()),
            // Plain HTTP: the signature covers the bytes.
            payload: Payload::Signed,
        }
    );
    assert_eq!(
        BlobUrl::parse(
            Some("s3://docs/p?endpoint=http://127.0.0.1:9000&payload=unsigned"),
            data
        )
        .expect("s3, unsigned over http when asked"),
        BlobUrl::S3 {
            bucket: "docs".into(),
            prefix: "p".into(),
            endpoint: Some("http://127.0.0.1:9000".into()),
            region: None,
            payload: Payload::Unsigned,
        }
    );
    assert_eq!(
        BlobUrl::parse(Some("s3://docs?endpoint=https://minio.internal&payload=signed"), data)
            .expect("s3, signed over https when asked"),
        BlobUrl::S3 {
            bucket: "docs".into(),
            prefix: String::new(),
            endpoint: Some("https://minio.internal".into()),
            region: None,
            payload: Payload::Signed,
        }
    );
    assert_eq!(
        BlobUrl::parse(Some("s3://docs"), data).expect("bare bucket"),
        BlobUrl::S3 {
            bucket: "docs".into(),
            prefix: String::new(),
            endpoint: None,
            region: None,
            // AWS itself, over TLS.
            payload: Payload::Unsigned,
        }
    );
    for bad in [
        "/srv/blobs",
        "file://relative",
        "gs://bucket",
        "s3://",
        "s3://Bad_Bucket",
        "s3://docs/../other",
        "s3://docs/a b",
        "s3://docs?endpoint=ftp://x",
        "s3://docs?secret=x",
        "s3://docs?payload=streaming",
        "s3://docs?payload=",
    ] {
        let e = BlobUrl::parse(Some(bad), data).expect_err(bad);
        assert_eq!(e.name, "KLAREFI_BLOB_URL", "{bad}");
    }
    let e = klarefi::config::Config::from_lookup(|k| (k == "KLAREFI_BLOB_URL").then(|| "gs://x".to_string()))
        .expect_err("a bad blob URL stops the start");
    assert!(e.to_string().starts_with("KLAREFI_BLOB_URL: expected s3://"), "{e}");
}

#[tokio::test]
async fn readiness_fails_when_the_bucket_does_not_answer() {
    // A port that was free a moment ago: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let url = format!("s3://klarefi-test/x?endpoint=http://127.0.0.1:{port}&region=us-east-1");
    let app = TestApp::spawn_with(&[("KLAREFI_BLOB_URL", &url)]).await;
    let r = app.get("/api/v1/ready", None).await;
    assert_eq!(r.status(), 503);
    let body: Value = r.json().await.expect("json");
    assert_eq!(body["checks"]["blob_store"], "failed", "{body}");
    assert_eq!(body["checks"]["database"], "ok", "{body}");
}

/// What a case looks like from outside after its documents went through one blob store; the
/// same for every store.
#[derive(Debug, PartialEq)]
struct Outcome {
    ready: u16,
    case_status: Value,
    page_texts: Vec<String>,
    download: (u16, String),
    uploaded_sha256: String,
    stored_after_upload: bool,
    erased: (u16, bool, bool, u16),
    removed_upload_gone: bool,
}

async fn whole_flow(settings: &[(&str, &str)]) -> Outcome {
    let app = TestApp::spawn_with(settings).await;
    let ready = app.get("/api/v1/ready", None).await.status().as_u16();
    let (_, key) = app.org_with_key().await;

    // Through /process: fetched, stored, read back by the worker.
    let pdf = disagreeing_claim_pdf();
    let (case_id, doc_id, url) = processed_case(&app, &key, pdf.clone()).await;
    let case: Value = app.get_json(&format!("/api/v1/cases/{case_id}"), Some(&key)).await;
    let page_texts = klarefi::documents::store::pages(&app.state.db, &doc_id)
        .await
        .expect("pages")
        .into_iter()
        .map(|p| p.text)
        .collect();
    let mut h = Applicant::new(&app);
    h.get(&url).await;
    let r = h.get_raw(&format!("/case-file/{case_id}/documents/{doc_id}")).await;
    let status = r.status().as_u16();
    let body = r.bytes().await.expect("bytes");
    let download = (status, klarefi::ids::sha256_hex(&body));
    assert_eq!(body.as_ref(), pdf.as_slice());

    // Erasure: the API's receipt, then the store itself has nothing, and the download is a 404.
    let r = app
        .client
        .delete(app.url(&format!("/api/v1/documents/{doc_id}")))
        .bearer_auth(&key)
        .send()
        .await
        .expect("erase");
    let erase_status = r.status().as_u16();
    let read = app.state.blobs.get(&doc_id).await;
    let erased = (
        erase_status,
        is_not_found(&read),
        app.state.blobs.exists(&doc_id).await,
        h.get_raw(&format!("/case-file/{case_id}/documents/{doc_id}"))
            .await
            .status()
            .as_u16(),
    );

    // Through the applicant pages: streamed upload, stored, then removed by the applicant.
    let (id, link) = create_session(&app, &key, json!({})).await;
    let base = format!("/s/{id}");
    let mut a = Applicant::new(&app);
    reach_claim_form(&mut a, &link, &base).await;
    let file = text_pdf(&["Schadeformulier", "Kenteken: AB-123-C"]);
    assert_eq!(
        a.upload(&format!("{base}/step/damage_report/upload"), &[("claim.pdf", &file)])
            .await,
        200
    );
    let docs = klarefi::documents::store::list_for_case(&app.state.db, &id)
        .await
        .expect("docs");
    let uploaded = docs.first().expect("the upload is recorded");
    let stored_after_upload = app.state.blobs.get(&uploaded.id).await.ok() == Some(file.clone());
    a.post(&format!("{base}/documents/{}/remove", uploaded.id), &[]).await;
    let removed_upload_gone = is_not_found(&app.state.blobs.get(&uploaded.id).await);
    Outcome {
        ready,
        case_status: case["status"].clone(),
        page_texts,
        download,
        uploaded_sha256: uploaded.sha256.clone(),
        stored_after_upload,
        erased,
        removed_upload_gone,
    }
}

#[tokio::test]
async fn a_folder_and_a_bucket_give_identical_results_for_the_whole_flow() {
    let folder = whole_flow(PRIVATE).await;
    assert_eq!(folder.ready, 200);
    assert_eq!(folder.download.0, 200);
    assert_eq!(folder.erased, (200, true, false, 404));
    assert!(folder.stored_after_upload && folder.removed_upload_gone, "{folder:?}");
    assert!(!folder.page_texts.is_empty());
    let Some(url) = test_bucket_url() else { return };
    let settings = [PRIVATE, &[("KLAREFI_BLOB_URL", url.as_str())]].concat();
    let bucket = whole_flow(&settings).await;
    assert_eq!(folder, bucket);
}
