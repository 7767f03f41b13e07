//! The hosted intake in real Chromium, in Dutch: every screen gets a screenshot under the
//! target directory and an axe-core check with zero serious or critical violations, on a
//! desktop and on a 320 px phone. Skips (saying why) without chromium, chromedriver and
//! axe-core, unless `KLAREFI_REQUIRE_BROWSER=1`.

use std::time::Duration;

use serde_json::json;

use crate::applicant::create_session;
use crate::browser::{Browser, Viewport};
use crate::fixtures::{complete_claim_pdf, text_pdf};
use crate::helpers::TestApp;

/// Screenshot and accessibility check of the current page.
async fn look(b: &Browser, name: &str) {
    b.screenshot(name).await;
    b.assert_no_serious_axe_violations(name).await;
}

async fn answer_text(b: &Browser, step: &str, value: &str) {
    b.fill("#value", value).await;
    b.submit(&format!("form[action$='/step/{step}']")).await;
}

async fn answer_radio(b: &Browser, step: &str, value: &str) {
    b.click(&format!("input[name='value'][value='{value}']")).await;
    b.submit(&format!("form[action$='/step/{step}']")).await;
}

#[tokio::test]
async fn an_applicant_completes_the_dutch_intake_in_chromium() {
    let Some(b) = Browser::start_with_axe(Viewport::DESKTOP).await else {
        return;
    };
    let app = TestApp::spawn().await;
    let (_, key) = app.org_with_key().await;
    let (id, url) = create_session(
        &app,
        &key,
        json!({ "return_url": "https://insurer.example/done", "prefill": { "field_values": { "policy_number": "AUTO-2023-44871" } } }),
    )
    .await;

    b.goto(&url).await;
    assert_eq!(
        b.current_path().await,
        format!("/s/{id}"),
        "the token left the address bar"
    );
    assert!(!b.current_url().await.contains("token="));
    look(&b, "intake-01-consent").await;
    // Submitting without consent shows the error summary, which is itself accessible.
    b.submit("form[action$='/step/consent']").await;
    assert!(b.has_text("Er is een probleem").await);
    look(&b, "intake-02-consent-error").await;
    b.click("#consent").await;
    b.submit("form[action$='/step/consent']").await;

    look(&b, "intake-03-question").await;
    answer_text(&b, "claimant_name", "Jan de Vries").await;
    answer_text(&b, "claimant_email", "jan.devries@example.nl").await;
    answer_text(&b, "claimant_phone", "06 12345678").await;
    assert!(b.has_text("van uw verzekeraar gekregen").await);
    look(&b, "intake-04-prefilled").await;
    b.submit("form[action$='/step/policy_number']").await;
    answer_text(&b, "licence_plate", "AB-123-C").await;
    answer_text(&b, "incident_date", "31-12-2099").await;
    assert!(b.has_text("in de toekomst").await);
    look(&b, "intake-05-validation-error").await;
    answer_text(&b, "incident_date", "5-2-2023").await;
    answer_text(&b, "incident_location", "Utrecht").await;
    look(&b, "intake-06-choice").await;
    answer_radio(&b, "incident_type", "collision").await;
    answer_text(
        &b,
        "incident_description",
        "Bij het achteruit rijden raakte de tegenpartij mijn achterbumper.",
    )
    .await;
    answer_radio(&b, "counterparty_involved", "no").await;

    // Upload through the real file input.
    look(&b, "intake-07-documents").await;
    let dir = tempfile::tempdir().expect("tempdir");
    let form = dir.path().join("schadeformulier.pdf");
    std::fs::write(&form, complete_claim_pdf()).expect("write fixture");
    b.client()
        .find(fantoccini::Locator::Id("files"))
        .await
        .expect("file input")
        .send_keys(&form.display().to_string())
        .await
        .expect("choose file");
    b.submit("form.upload").await;
    assert!(b.has_text("schadeformulier.pdf").await);
    look(&b, "intake-08-uploaded").await;
    b.submit("form[action$='/step/damage_report']").await;
    let quote = dir.path().join("offerte.pdf");
    std::fs::write(&quote, text_pdf(&["Offerte", "Totaal incl. BTW: \u{20ac} 1.234,56"])).expect("write fixture");
    b.client()
        .find(fantoccini::Locator::Id("files"))
        .await
        .expect("file input")
        .send_keys(&quote.display().to_string())
        .await
        .expect("choose file");
    b.submit("form.upload").await;
    b.submit("form[action$='/step/repair_quote']").await;
    b.submit("form[action$='/step/photos']").await;
    answer_text(&b, "iban", "NL91 ABNA 0417 1643 00").await;

    // The waiting page refreshes itself (no script); then the checks.
    for _ in 0..100 {
        if !b.has_text("We lezen uw documenten").await {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let mut n = 0;
    while b.source().await.contains("/check/") && n < 10 {
        n += 1;
        look(&b, &format!("intake-09-check-{n}")).await;
        if b.source().await.contains("value=\"yes\"") {
            b.click("input[name='choice'][value='yes']").await;
        } else {
            b.click("input[name='choice']").await;
        }
        b.submit("form[action*='/check/']").await;
    }
    assert!(n >= 2, "a follow-up and a confirmation were asked");
    assert!(b.has_text("Controleer en verstuur").await);
    look(&b, "intake-10-summary").await;
    b.submit("form[action$='/submit']").await;
    assert!(b.has_text("Bedankt, uw melding is verstuurd").await);
    look(&b, "intake-11-done").await;

    let case: serde_json::Value = app.get_json(&format!("/api/v1/cases/{id}"), Some(&key)).await;
    assert_eq!(case["status"], "completed", "{case:#}");
}

#[tokio::test]
async fn the_intake_works_on_a_320_px_phone_and_in_english() {
    let Some(b) = Browser::start_with_axe(Viewport::PHONE).await else {
        return;
    };
    let app = TestApp::spawn().await;
    let (_, key) = app.org_with_key().await;
    let (id, url) = create_session(&app, &key, json!({})).await;
    b.goto(&url).await;
    b.click("#consent").await;
    b.submit("form[action$='/step/consent']").await;
    answer_text(&b, "claimant_name", "Jan de Vries").await;
    // Nothing scrolls sideways at 320 px.
    let overflow = b
        .js(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
            vec![],
        )
        .await;
    assert!(
        overflow.as_i64().is_some_and(|o| o <= 0),
        "horizontal overflow {overflow}"
    );
    look(&b, "phone-01-question").await;
    b.click_and_wait("a[hreflang='en']").await;
    assert!(b.has_text("Step 3 of").await);
    look(&b, "phone-02-english").await;
    b.goto(&format!("{}/s/{id}?token=tampered", app.base)).await;
    look(&b, "phone-03-bad-link").await;
}
