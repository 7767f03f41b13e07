//! The handler's case file: link rules, what it shows, downloads, isolation and erasure.

use serde_json::{Value, json};

use crate::applicant::Applicant;
use crate::fixtures::{document_server, text_pdf};
use crate::helpers::TestApp;
use crate::processing::{PRIVATE, process, wait_for};

/// A claim form whose two date lines disagree, so the case file has candidates side by side.
pub fn disagreeing_claim_pdf() -> Vec<u8> {
    text_pdf(&[
        "Schadeformulier motorrijtuigen",
        "Naam verzekeringnemer: Jan de Vries",
        "Polisnummer: AUTO-2023-44871",
        "Kenteken: AB-123-C",
        "Schadedatum: 3 februari 2023",
        "Datum ongeval: 5 februari 2023",
        "Totaal incl. BTW: \u{20ac} 1.234,56",
    ])
}

/// Processes `pdf` through the API; returns (case id, doc id, case_file_url).
pub async fn processed_case(app: &TestApp, key: &str, pdf: Vec<u8>) -> (String, String, String) {
    let server = document_server(pdf).await;
    let r = process(
        app,
        key,
        &json!({
            "document_url": format!("http://{server}/doc.pdf"),
            "case_type_id": "motor_claim",
            "idempotency_key": klarefi::ids::random_hex(8),
            // One case per call: a shared external_case_id would add the documents to one case.
            "external_case_id": format!("CLM-4711-{}", klarefi::ids::random_hex(3)),
        }),
    )
    .await;
    assert_eq!(r.status(), 201);
    let body: Value = r.json().await.expect("json");
    let case_id = body["case_id"].as_str().expect("case").to_string();
    let doc_id = body["doc_id"].as_str().expect("doc").to_string();
    wait_for(
        app,
        key,
        &case_id,
        &["case.completed", "case.needs_review", "case.failed"],
    )
    .await;
    let package: Value = app
        .get_json(&format!("/api/v1/cases/{case_id}/package"), Some(key))
        .await;
    let url = package["case_file_url"].as_str().expect("case_file_url").to_string();
    (case_id, doc_id, url)
}

#[tokio::test]
async fn the_case_file_shows_facts_with_evidence_in_context_and_records_each_opening() {
    let app = TestApp::spawn_with(PRIVATE).await;
    let (_, key) = app.org_with_key().await;
    let (case_id, doc_id, url) = processed_case(&app, &key, disagreeing_claim_pdf()).await;
    let mut h = Applicant::new(&app);

    let first = h.get_raw(&url).await;
    assert_eq!(first.status(), 303);
    assert_eq!(first.headers()["location"], format!("/case-file/{case_id}").as_str());
    let cookie = first.headers()["set-cookie"].to_str().expect("cookie").to_string();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"));
    assert_eq!(h.get(&format!("/case-file/{case_id}")).await, 200);
    assert_eq!(h.last_headers["cache-control"], "private, no-store");

    // Identity, status and the facts with their decisions.
    for text in [
        "CLM-4711",
        &case_id,
        "Beoordeling nodig",
        "Schadedatum",
        "Beoordelen",
        "bronnen spreken elkaar tegen",
    ] {
        assert!(h.sees(text), "{text} on the page");
    }
    // The two dates side by side, and each quote marked inside its line.
    assert!(h.sees("Kandidaten naast elkaar"));
    assert!(h.sees("Schadedatum: <mark>3 februari 2023</mark>"), "{}", h.last_body);
    assert!(h.sees("Datum ongeval: <mark>5 februari 2023</mark>"));
    assert!(h.sees("<mark>AB-123-C</mark>") && h.sees("data-method=\"born_digital_text\"") && h.sees("pagina 1"));
    // The highlight offsets are the evidence's, and match the stored page text.
    let case: Value = app.get_json(&format!("/api/v1/cases/{case_id}"), Some(&key)).await;
    let ev = &case["features"]["licence_plate"]["evidence"][0];
    let (s, e) = (
        ev["location"]["char_start"].as_i64().expect("s"),
        ev["location"]["char_end"].as_i64().expect("e"),
    );
    assert!(h.sees(&format!("data-char-start=\"{s}\" data-char-end=\"{e}\"")));
    let pages = klarefi::documents::store::pages(&app.state.db, &doc_id)
        .await
        .expect("pages");
    let text: String = pages[0]
        .text
        .chars()
        .skip(usize::try_from(s).expect("s"))
        .take(usize::try_from(e - s).expect("len"))
        .collect();
    assert_eq!(text, "AB-123-C");
    // The document with its hash, and the timeline.
    assert!(h.sees(&doc_id) || h.sees("doc.pdf"));
    assert!(h.sees("SHA-256") && h.sees("document.processed") && h.sees("case.needs_review"));

    // English by choice; every view is a case_file.opened event.
    h.get(&format!("/case-file/{case_id}?lang=en")).await;
    assert!(h.sees("Case file") && h.sees("sources disagree") && h.sees("lang=\"en\""));
    // Values are written the page's way (the quotes keep the document's words).
    assert!(h.sees("3 February 2023") && h.sees("€1,234.56"), "{}", h.last_body);
    assert!(h.sees("3 februari 2023"), "the quote as the document wrote it");
    // A missing fact says so once, not "Missing missing".
    assert!(
        h.sees("decision-missing\">Missing</span>"),
        "a missing fact on the page"
    );
    assert!(!h.sees("Missing</span> <span class=\"state state-missing\""));
    let events: Value = app
        .get_json(&format!("/api/v1/cases/{case_id}/events"), Some(&key))
        .await;
    let opened = events["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter(|e| e["event_type"] == "case_file.opened")
        .count();
    assert_eq!(opened, 2);

    // The page image with the quote highlighted, rendered in the sandbox.
    let ev_id = ev["evidence_id"].as_str().expect("id");
    let png = h
        .get_raw(&format!("/case-file/{case_id}/evidence/{ev_id}/page.png"))
        .await;
    assert_eq!(png.status(), 200);
    assert_eq!(png.headers()["content-type"], "image/png");
    let bytes = png.bytes().await.expect("png");
    assert!(bytes.starts_with(b"\x89PNG"));
    std::fs::create_dir_all(env!("CARGO_TARGET_TMPDIR")).expect("dir");
    std::fs::write(format!("{}/casefile-evidence.png", env!("CARGO_TARGET_TMPDIR")), &bytes).expect("write");
}

#[tokio::test]
async fn downloads_are_attachments_and_erased_documents_disappear_at_once() {
    let app = TestApp::spawn_with(PRIVATE).await;
    let (_, key) = app.org_with_key().await;
    let pdf = disagreeing_claim_pdf();
    let (case_id, doc_id, url) = processed_case(&app, &key, pdf.clone()).await;
    let mut h = Applicant::new(&app);
    h.get(&url).await;
    let r = h.get_raw(&format!("/case-file/{case_id}/documents/{doc_id}")).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    let disposition = r.headers()["content-disposition"].to_str().expect("header").to_string();
    assert!(disposition.starts_with("attachment; filename=\""), "{disposition}");
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    assert_eq!(r.bytes().await.expect("bytes").as_ref(), pdf.as_slice());

    let r = app
        .client
        .delete(app.url(&format!("/api/v1/documents/{doc_id}")))
        .bearer_auth(&key)
        .send()
        .await
        .expect("erase");
    assert_eq!(r.status(), 200);
    h.get(&format!("/case-file/{case_id}")).await;
    // Gone from the documents and the evidence; only the timeline remembers the erasure.
    assert!(!h.sees(&format!("id=\"doc-{doc_id}\"")) && !h.sees("<mark>AB-123-C</mark>") && !h.sees("3 februari 2023"));
    assert!(h.sees("document.erased"));
    assert_eq!(
        h.get_raw(&format!("/case-file/{case_id}/documents/{doc_id}"))
            .await
            .status(),
        404
    );
}

#[tokio::test]
async fn case_file_links_follow_their_own_rules() {
    let app = TestApp::spawn_with(PRIVATE).await;
    let (_, key) = app.org_with_key().await;
    let (case_id, _, url) = processed_case(&app, &key, disagreeing_claim_pdf()).await;
    let mut h = Applicant::new(&app);
    // Tampered and expired links get the localized page without case data.
    assert_eq!(h.get(&format!("{url}x")).await, 403);
    assert!(h.sees("nieuwe link") && !h.sees("CLM-4711"));
    let past = klarefi::ids::now_ms() / 1000 - 1;
    let expired = app
        .state
        .config
        .signing_keys
        .sign(klarefi::links::Purpose::CaseFile, &case_id, past);
    assert_eq!(h.get(&format!("/case-file/{case_id}?token={expired}")).await, 403);
    // An applicant token never opens the case file, nor the other way round.
    let future = past + 3600;
    let intake = app
        .state
        .config
        .signing_keys
        .sign(klarefi::links::Purpose::Intake, &case_id, future);
    assert_eq!(h.get(&format!("/case-file/{case_id}?token={intake}")).await, 403);
    let token = url.split("token=").nth(1).expect("token");
    assert_eq!(h.get(&format!("/s/{case_id}?token={token}")).await, 403);
    // Without the cookie, and with a cookie for another organization's case, nothing opens.
    assert_eq!(h.get(&format!("/case-file/{case_id}")).await, 403);
    let (_, other_key) = app.org_with_key().await;
    let (other_case, other_doc, other_url) = processed_case(&app, &other_key, disagreeing_claim_pdf()).await;
    h.get(&url).await;
    assert_eq!(h.last_status, 200);
    assert_eq!(h.get(&format!("/case-file/{other_case}")).await, 403);
    assert_eq!(
        h.get_raw(&format!("/case-file/{other_case}/documents/{other_doc}"))
            .await
            .status(),
        403
    );
    assert_eq!(
        h.get_raw(&format!("/case-file/{case_id}/documents/{other_doc}"))
            .await
            .status(),
        404
    );
    // One browser may hold several case files.
    h.get(&other_url).await;
    assert_eq!(h.get(&format!("/case-file/{case_id}")).await, 200);
    assert_eq!(h.get(&format!("/case-file/{other_case}")).await, 200);
}

#[tokio::test]
async fn ocr_evidence_is_quoted_and_highlighted_on_the_scanned_page() {
    if !crate::support::scans::ocr_available("ocr_evidence_is_quoted_and_highlighted") {
        return;
    }
    let app = TestApp::spawn_with(PRIVATE).await;
    let (_, key) = app.org_with_key().await;
    let mut rng = crate::support::claims::Rng::new(5);
    let scan = crate::support::scans::scanned_pdf(&crate::fixtures::complete_claim_pdf(), &mut rng);
    let (case_id, _, url) = processed_case(&app, &key, scan).await;
    let mut h = Applicant::new(&app);
    h.get(&url).await;
    assert_eq!(h.get(&format!("/case-file/{case_id}")).await, 200);
    assert!(h.sees("data-method=\"ocr\""), "evidence read by OCR says so");

    let case: Value = app.get_json(&format!("/api/v1/cases/{case_id}"), Some(&key)).await;
    let plate = &case["features"]["licence_plate"];
    let ev = plate["evidence"]
        .as_array()
        .and_then(|e| e.iter().find(|e| e["method"] == "ocr"))
        .unwrap_or_else(|| panic!("OCR evidence for the plate: {plate}"));
    assert!(
        h.sees(ev["quote"].as_str().expect("quote")),
        "the quote is in the case file"
    );
    let ev_id = ev["evidence_id"].as_str().expect("id");
    let png = h
        .get_raw(&format!("/case-file/{case_id}/evidence/{ev_id}/page.png"))
        .await;
    assert_eq!(png.status(), 200);
    let bytes = png.bytes().await.expect("png");
    assert!(bytes.starts_with(b"\x89PNG"));
    std::fs::create_dir_all(env!("CARGO_TARGET_TMPDIR")).expect("dir");
    std::fs::write(
        format!("{}/casefile-ocr-evidence.png", env!("CARGO_TARGET_TMPDIR")),
        &bytes,
    )
    .expect("write");
}

#[tokio::test]
async fn the_case_file_reads_times_in_the_organizations_time_zone() {
    let app = TestApp::spawn_with(PRIVATE).await;
    let (org, key) = app.org_with_key().await;
    let (case_id, _, url) = processed_case(&app, &key, disagreeing_claim_pdf()).await;
    let mut h = Applicant::new(&app);
    assert_eq!(h.get(&url).await, 200);
    // Europe/Amsterdam until the organization chooses: CET in winter, CEST in summer.
    assert!(h.sees(" CET<") || h.sees(" CEST<"), "Amsterdam time by default");

    let (code, out) = app.cli(&["orgs", "brand", "--org", &org, "--time-zone", "Mars/Olympus_Mons"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.to_string().contains("IANA"), "{out}");
    let (code, out) = app.cli(&["orgs", "brand", "--org", &org, "--time-zone", "america/new_york"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(out["time_zone"], "America/New_York", "stored as the database spells it");

    assert_eq!(h.get(&format!("/case-file/{case_id}")).await, 200);
    assert!(h.sees(" EST<") || h.sees(" EDT<"), "New York time");
    assert!(!h.sees(" CET<") && !h.sees(" CEST<"), "no Amsterdam time left");
    // The hover still says UTC, and the local time is the UTC time moved by New York's offset.
    let created = h.last_body.find(" UTC\"").expect("a UTC hover");
    let utc = &h.last_body[created - 16..created];
    let utc = jiff::civil::DateTime::strptime("%Y-%m-%d %H:%M", utc).expect("a UTC time");
    let local = utc
        .to_zoned(jiff::tz::TimeZone::UTC)
        .expect("zoned")
        .in_tz("America/New_York")
        .expect("New York")
        .strftime("%Y-%m-%d %H:%M")
        .to_string();
    assert!(h.sees(&local), "{local} shown beside its UTC hover");
}
