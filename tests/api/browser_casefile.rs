//! The case file in real Chromium: a case with disagreeing facts, a screenshot, axe-core.

use crate::browser::{Browser, Viewport};
use crate::casefile::{disagreeing_claim_pdf, processed_case};
use crate::helpers::TestApp;
use crate::processing::PRIVATE;

#[tokio::test]
async fn a_handler_reads_a_case_with_disagreeing_facts_in_chromium() {
    let Some(b) = Browser::start_with_axe(Viewport::DESKTOP).await else {
        return;
    };
    let app = TestApp::spawn_with(PRIVATE).await;
    let (_, key) = app.org_with_key().await;
    let (case_id, _, url) = processed_case(&app, &key, disagreeing_claim_pdf()).await;
    b.goto(&url).await;
    assert_eq!(b.current_path().await, format!("/case-file/{case_id}"));
    // Chromium asks for English; the handler switches to Dutch.
    assert!(b.has_text("Candidates side by side").await);
    b.click_and_wait("a[hreflang='nl']").await;
    assert!(b.has_text("Kandidaten naast elkaar").await);
    b.screenshot("casefile-01-disagreeing").await;
    b.assert_no_serious_axe_violations("case file").await;
    // The page image opens from the evidence link.
    b.click_and_wait("details[open] .evidence a").await;
    assert!(b.current_path().await.ends_with("/page.png"));
    b.screenshot("casefile-02-page-image").await;

    let Some(phone) = Browser::start_with_axe(Viewport::PHONE).await else {
        return;
    };
    phone.goto(&url).await;
    phone.screenshot("casefile-03-phone").await;
    phone.assert_no_serious_axe_violations("case file on a phone").await;
}

/// A claim form that states every required fact but two dates: the case waits for review of
/// the date alone.
fn one_conflict_pdf() -> Vec<u8> {
    crate::fixtures::text_pdf(&[
        "Schadeformulier motorrijtuigen",
        "Naam verzekeringnemer: Jan de Vries",
        "E-mailadres: jan.devries@example.nl",
        "Polisnummer: AUTO-2023-44871",
        "Kenteken: AB-123-C",
        "Schadedatum: 3 februari 2023",
        "Datum ongeval: 5 februari 2023",
        "Plaats van het ongeval: Utrecht",
        "Toedracht: Bij het achteruit rijden raakte de tegenpartij mijn achterbumper.",
        "Totaal incl. BTW: \u{20ac} 1.234,56",
        "IBAN: NL91 ABNA 0417 1643 00",
    ])
}

/// A handler walks one case from `needs_review` to `completed` in the workspace at `viewport`.
async fn walk_to_completed(viewport: Viewport, name: &str) {
    let Some(b) = Browser::start_with_axe(viewport).await else {
        return;
    };
    let app = TestApp::spawn_with(PRIVATE).await;
    let (_, key) = app.org_with_key().await;
    let (case_id, _, _) = processed_case(&app, &key, one_conflict_pdf()).await;
    let case = app.get_json(&format!("/api/v1/cases/{case_id}"), Some(&key)).await;
    assert_eq!(case["status"], "needs_review", "{case:#}");
    let link: serde_json::Value = app
        .client
        .post(app.url(&format!("/api/v1/cases/{case_id}/case-file-links")))
        .bearer_auth(&key)
        .json(&serde_json::json!({ "handler_id": "h_chromium", "handler_name": "Chris", "access": "review" }))
        .send()
        .await
        .expect("mint")
        .json()
        .await
        .expect("json");
    b.goto(link["url"].as_str().expect("url")).await;
    assert_eq!(b.current_path().await, format!("/case-file/{case_id}"));
    // What needs attention comes first, in the handler's words.
    assert!(b.has_text("Needs attention").await && b.has_text("Date of the damage").await);
    assert!(b.has_text("You are reviewing as Chris").await);
    b.screenshot(&format!("review-{name}-01-workspace")).await;
    b.assert_no_serious_axe_violations(&format!("the workspace ({name})"))
        .await;
    // The fact under review, its evidence beside the page image.
    b.js(
        "document.getElementById('fact-incident_date').scrollIntoView(); return null;",
        vec![],
    )
    .await;
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    b.screenshot(&format!("review-{name}-01b-fact")).await;

    // Accept the date the handler picks (the first, 3 February, is preselected).
    b.click_and_wait("#fact-incident_date .fact-actions form button.primary")
        .await;
    assert!(b.has_text("The value was accepted.").await);
    b.screenshot(&format!("review-{name}-02-accepted")).await;
    // Then complete the review.
    b.click_and_wait(".case-actions form button.primary").await;
    assert!(b.has_text("The review is complete.").await);
    assert!(b.has_text("Complete").await);
    b.screenshot(&format!("review-{name}-03-completed")).await;
    b.assert_no_serious_axe_violations(&format!("the completed review ({name})"))
        .await;
    let case = app.get_json(&format!("/api/v1/cases/{case_id}"), Some(&key)).await;
    assert_eq!(case["status"], "completed");
    assert_eq!(
        case["features"]["incident_date"]["decision"]["reason"],
        "accepted_by_reviewer"
    );
    b.close().await;
}

#[tokio::test]
async fn a_handler_walks_a_case_in_review_to_completed_in_chromium_at_1280_px() {
    walk_to_completed(Viewport::DESKTOP, "desktop").await;
}

#[tokio::test]
async fn a_handler_walks_a_case_in_review_to_completed_in_chromium_at_360_px() {
    let phone = Viewport {
        width: 360,
        height: 800,
        mobile: true,
    };
    walk_to_completed(phone, "phone").await;
}
