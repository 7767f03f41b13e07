//! Scans through the processing API: a scanned claim form is read by OCR in the worker and its
//! evidence says `ocr`; without tesseract the case waits for review with `ocr_unavailable`.

use serde_json::{Value, json};

use crate::fixtures::{complete_claim_pdf, document_server};
use crate::helpers::TestApp;
use crate::processing::{process, wait_for};
use crate::support::claims::Rng;
use crate::support::scans;

fn scanned_claim() -> Vec<u8> {
    scans::scanned_pdf(&complete_claim_pdf(), &mut Rng::new(5))
}

async fn process_scan(settings: &[(&str, &str)], key_suffix: &str, scan: Vec<u8>) -> (TestApp, String, String, Value) {
    let app = TestApp::spawn_with(settings).await;
    let (_, key) = app.org_with_key().await;
    let server = document_server(scan).await;
    let response = process(
        &app,
        &key,
        &json!({
            "document_url": format!("http://{server}/doc.pdf"),
            "case_type_id": "motor_claim",
            "idempotency_key": format!("process_scan_{key_suffix}"),
        }),
    )
    .await;
    assert_eq!(response.status(), 201);
    let created: Value = response.json().await.expect("json");
    let case_id = created["case_id"].as_str().expect("case_id").to_string();
    wait_for(
        &app,
        &key,
        &case_id,
        &["case.completed", "case.needs_review", "case.failed"],
    )
    .await;
    let case: Value = app.get_json(&format!("/api/v1/cases/{case_id}"), Some(&key)).await;
    (app, key, created["doc_id"].as_str().expect("doc").to_string(), case)
}

#[tokio::test]
async fn a_scanned_claim_form_is_read_by_ocr_and_its_evidence_says_so() {
    if !scans::ocr_available("a_scanned_claim_form_is_read_by_ocr") {
        return;
    }
    let private = [("KLAREFI_ALLOW_PRIVATE_URLS", "true")];
    let (app, _, doc_id, case) = process_scan(&private, "ok", scanned_claim()).await;

    let pages = klarefi::documents::store::pages(&app.state.db, &doc_id)
        .await
        .expect("pages");
    assert_eq!(pages.len(), 1);
    assert_eq!(pages[0].method, "ocr");
    for (fact, value) in [
        ("incident_date", "2023-02-03"),
        ("licence_plate", "AB-123-C"),
        ("policy_number", "AUTO-2023-44871"),
    ] {
        let f = &case["features"][fact];
        let top = &f["candidates"][0];
        assert_eq!(top["value_normalized"], value, "{fact}: {f}");
        let evidence = f["evidence"].as_array().expect("evidence");
        assert!(!evidence.is_empty(), "{fact}");
        for ev in evidence {
            assert_eq!(ev["method"], "ocr", "{fact}");
            let (s, e) = (
                ev["location"]["char_start"].as_u64().expect("start") as usize,
                ev["location"]["char_end"].as_u64().expect("end") as usize,
            );
            let slice: String = pages[0].text.chars().skip(s).take(e - s).collect();
            assert_eq!(ev["quote"].as_str(), Some(slice.as_str()), "{fact}");
        }
    }
}

#[tokio::test]
async fn without_tesseract_a_scan_waits_for_review_as_ocr_unavailable() {
    let settings = [
        ("KLAREFI_ALLOW_PRIVATE_URLS", "true"),
        ("KLAREFI_TESSERACT", "/nonexistent/tesseract"),
    ];
    let (app, key, _, case) = process_scan(&settings, "unavailable", scanned_claim()).await;

    assert_eq!(case["status"], "needs_review", "{case}");
    let case_id = case["case_id"].as_str().expect("case_id");
    let package: Value = app
        .get_json(&format!("/api/v1/cases/{case_id}/package"), Some(&key))
        .await;
    assert_eq!(package["documents"][0]["status"], "failed");
    assert_eq!(package["documents"][0]["failure_reason"], "ocr_unavailable");
}

#[tokio::test]
async fn without_tesseract_a_text_page_is_read_and_the_unread_scan_sends_the_case_to_review() {
    let settings = [
        ("KLAREFI_ALLOW_PRIVATE_URLS", "true"),
        ("KLAREFI_TESSERACT", "/nonexistent/tesseract"),
    ];
    let picture = scans::rasterize(&complete_claim_pdf(), 0, 100.0);
    let mixed = scans::cover_then_scan_pdf("Kenteken: AB-123-C, zie de scan hierna", &picture, 595.0, 842.0);
    let (app, key, doc_id, case) = process_scan(&settings, "mixed", mixed).await;

    assert_eq!(case["status"], "needs_review", "{case}");
    let pages = klarefi::documents::store::pages(&app.state.db, &doc_id)
        .await
        .expect("pages");
    let methods: Vec<&str> = pages.iter().map(|p| p.method.as_str()).collect();
    assert_eq!(methods, ["born_digital_text", "ocr_unavailable"]);
    let case_id = case["case_id"].as_str().expect("case_id");
    let events: Value = app
        .get_json(&format!("/api/v1/cases/{case_id}/events"), Some(&key))
        .await;
    let events = events["events"].as_array().expect("events");
    let processed = events
        .iter()
        .find(|e| e["event_type"] == "document.processed")
        .expect("processed");
    assert_eq!(processed["data"]["pages_unread"], 1, "{processed}");
    let review = events
        .iter()
        .find(|e| e["event_type"] == "case.needs_review")
        .expect("review");
    assert_eq!(review["data"]["reason"], "ocr_unavailable", "{review}");

    // The handler sees it on the document too.
    let package: Value = app
        .get_json(&format!("/api/v1/cases/{case_id}/package"), Some(&key))
        .await;
    let mut handler = crate::applicant::Applicant::new(&app);
    handler
        .get(package["case_file_url"].as_str().expect("case_file_url"))
        .await;
    assert!(
        handler.sees("Gelezen (OCR ontbrak voor 1 gescande pagina"),
        "{}",
        handler.last_body
    );
}
