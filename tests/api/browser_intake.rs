//! The hosted intake in real Chromium, in Dutch: every screen gets a screenshot under the
//! target directory and an axe-core check with zero serious or critical violations, on a
//! desktop and on a 320 px phone. Skips (saying why) without chromium, chromedriver and
//! axe-core, unless `KLAREFI_REQUIRE_BROWSER=1`.

use std::time::Duration;

use serde_json::json;

use crate::applicant::create_session;
use crate::browser::{Browser, Viewport};
use crate::fixtures::text_pdf;
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

/// Chooses `path` in the file input `#id`; the page's script uploads it at once, and the page
/// comes back listing it, read.
async fn choose_file(b: &Browser, id: &str, path: &std::path::Path, read: &str) {
    b.client()
        .find(fantoccini::Locator::Id(id))
        .await
        .expect("file input")
        .send_keys(&path.display().to_string())
        .await
        .expect("choose file");
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_string();
    for _ in 0..150 {
        if b.has_text(&name).await && b.has_text(read).await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{name} was not uploaded and read: {}", b.source().await);
}

fn claim_form_without_amount() -> Vec<u8> {
    text_pdf(&[
        "Schadeformulier motorrijtuigen",
        "Naam verzekeringnemer: Jan de Vries",
        "E-mailadres: jan.devries@example.nl",
        "Telefoonnummer: 06 12345678",
        "Polisnummer: AUTO-2023-44871",
        "Kenteken: AB-123-C",
        "Schadedatum: 3 februari 2023",
        "Plaats van het ongeval: Utrecht",
        "Toedracht: Bij het achteruit rijden raakte de tegenpartij mijn achterbumper.",
        "IBAN: NL91 ABNA 0417 1643 00",
    ])
}

/// The page's title, and whether focus is on the error summary.
async fn title_and_focus(b: &Browser) -> (String, bool) {
    let title = b.js("return document.title;", vec![]).await;
    let focused = b
        .js(
            "return !!document.activeElement && document.activeElement.hasAttribute('data-error-summary');",
            vec![],
        )
        .await;
    (
        title.as_str().unwrap_or_default().to_string(),
        focused.as_bool().unwrap_or(false),
    )
}

struct Words {
    lang: &'static str,
    error_prefix: &'static str,
    read: &'static str,
    claim_form_page: &'static str,
    summary: &'static str,
    done: &'static str,
    date: &'static str,
}

const DUTCH: Words = Words {
    lang: "nl",
    error_prefix: "Fout: ",
    read: "Gelezen",
    claim_form_page: "Dit staat in uw schadeformulier",
    summary: "Controleer en verstuur",
    done: "Bedankt, uw melding is verstuurd",
    date: "3 februari 2023",
};

const ENGLISH: Words = Words {
    lang: "en",
    error_prefix: "Error: ",
    read: "Read",
    claim_form_page: "This is what your claim form says",
    summary: "Check and send",
    done: "Thank you, your report has been sent",
    date: "3 February 2023",
};

/// The documents-first walk a claimant with a claim form and a quote makes, every screen
/// photographed and checked with axe-core: consent (and its error), the claim form chosen
/// and uploaded by the page's script, the quote, no photos, one page confirming the claim
/// form, the questions no document answered, the follow-up on the date the documents
/// disagree on, the summary, the confirmation.
async fn documents_first_walk(viewport: Viewport, words: &Words, prefix: &str) {
    let Some(b) = Browser::start_with_axe(viewport).await else {
        return;
    };
    let app = TestApp::spawn().await;
    let (org, key) = app.org_with_key().await;
    let (code, out) = app.cli(&[
        "orgs",
        "brand",
        "--org",
        &org,
        "--display-name",
        "Acme Verzekeringen",
        "--color",
        "#1d5e3a",
        "--support",
        "088 123 45 67",
    ]);
    assert_eq!(code, 0, "{out}");
    let (id, url) = create_session(
        &app,
        &key,
        json!({ "locale": words.lang, "return_url": "https://insurer.example/done", "prefill": { "field_values": { "policy_number": "AUTO-2023-44871" } } }),
    )
    .await;
    let look = |name: &str| format!("{prefix}-{name}");

    b.goto(&url).await;
    assert_eq!(
        b.current_path().await,
        format!("/s/{id}"),
        "the token left the address bar"
    );
    look_at(&b, &look("01-consent")).await;
    b.submit("form[action$='/step/consent']").await;
    let (title, focused) = title_and_focus(&b).await;
    assert!(
        title.starts_with(words.error_prefix) && title.ends_with("Acme Verzekeringen"),
        "{title}"
    );
    assert!(focused, "focus moved to the error summary");
    look_at(&b, &look("02-consent-error")).await;
    b.click("#consent").await;
    b.submit("form[action$='/step/consent']").await;

    let dir = tempfile::tempdir().expect("tempdir");
    let form = dir.path().join("schadeformulier.pdf");
    // The claim form leaves the amount to the repair quote, so the quote is asked for.
    std::fs::write(&form, claim_form_without_amount()).expect("write fixture");
    look_at(&b, &look("03-claim-form")).await;
    choose_file(&b, "files", &form, words.read).await;
    look_at(&b, &look("04-claim-form-uploaded")).await;
    b.click_and_wait("button[value='continue']").await;
    let quote = dir.path().join("offerte.pdf");
    std::fs::write(
        &quote,
        text_pdf(&[
            "Offerte",
            "Schadedatum: 5 februari 2023",
            "Totaal incl. BTW: \u{20ac} 1.234,56",
        ]),
    )
    .expect("write fixture");
    choose_file(&b, "files", &quote, words.read).await;
    b.click_and_wait("button[value='continue']").await;
    look_at(&b, &look("05-photos")).await;
    b.click_and_wait("button[value='continue']").await;

    for _ in 0..100 {
        if b.has_text(words.claim_form_page).await {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(b.has_text("Jan de Vries").await && b.has_text("AUTO-2023-44871").await);
    look_at(&b, &look("06-claim-form-says")).await;
    b.click_and_wait("form[action*='/read/'] button").await;
    // The quote's own value (the amount), on its own page.
    let mut n = 0;
    while b.source().await.contains("/read/") && n < 3 {
        n += 1;
        look_at(&b, &look(&format!("06-document-says-{n}"))).await;
        b.click_and_wait("form[action*='/read/'] button").await;
    }
    look_at(&b, &look("07-question")).await;
    answer_radio(&b, "incident_type", "collision").await;
    answer_radio(&b, "counterparty_involved", "no").await;

    // The two documents disagree on the date: choose, each with its quote.
    assert!(b.source().await.contains("/check/incident_date"));
    look_at(&b, &look("08-follow-up")).await;
    b.click("input[name='choice'][value='value:2023-02-03']").await;
    b.submit("form[action*='/check/']").await;

    assert!(b.has_text(words.summary).await);
    assert!(b.has_text(words.date).await, "the date in the page's language");
    look_at(&b, &look("09-summary")).await;
    b.submit("form[action$='/submit']").await;
    assert!(b.has_text(words.done).await);
    assert!(b.has_text("CLM-SECRET-77").await, "the reference");
    look_at(&b, &look("10-done")).await;

    let case: serde_json::Value = app.get_json(&format!("/api/v1/cases/{id}"), Some(&key)).await;
    assert_eq!(case["status"], "completed", "{case:#}");
}

async fn look_at(b: &Browser, name: &str) {
    look(b, name).await;
}

/// A phone 360 px wide.
const PHONE_360: Viewport = Viewport {
    width: 360,
    height: 800,
    mobile: true,
};

#[tokio::test]
async fn an_applicant_completes_the_dutch_intake_documents_first_in_chromium() {
    documents_first_walk(Viewport::DESKTOP, &DUTCH, "intake-nl-1280").await;
}

#[tokio::test]
async fn an_applicant_completes_the_english_intake_documents_first_in_chromium() {
    documents_first_walk(Viewport::DESKTOP, &ENGLISH, "intake-en-1280").await;
}

#[tokio::test]
async fn the_documents_first_intake_works_on_a_360_px_phone_in_dutch() {
    documents_first_walk(PHONE_360, &DUTCH, "intake-nl-360").await;
}

#[tokio::test]
async fn the_documents_first_intake_works_on_a_360_px_phone_in_english() {
    documents_first_walk(PHONE_360, &ENGLISH, "intake-en-360").await;
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
    for _ in 0..3 {
        b.click_and_wait("button[value='continue']").await; // no documents at hand
    }
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
    assert!(b.has_text("Step 6 of").await);
    look(&b, "phone-02-english").await;
    b.goto(&format!("{}/s/{id}?token=tampered", app.base)).await;
    look(&b, "phone-03-bad-link").await;
}
