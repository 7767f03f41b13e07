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
    b.click_and_wait(".evidence a").await;
    assert!(b.current_path().await.ends_with("/page.png"));
    b.screenshot("casefile-02-page-image").await;

    let Some(phone) = Browser::start_with_axe(Viewport::PHONE).await else {
        return;
    };
    phone.goto(&url).await;
    phone.screenshot("casefile-03-phone").await;
    phone.assert_no_serious_axe_violations("case file on a phone").await;
}
