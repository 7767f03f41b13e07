//! The documents-first conversation (issue 22): documents before questions, every upload read
//! for every fact, one confirmation page per document, follow-ups that read naturally, the
//! summary in the page's language with change links, the receipt, and the defects a walk
//! found, one test each.

use serde_json::{Value, json};

use crate::applicant::{Applicant, create_session};
use crate::fixtures::{complete_claim_pdf, text_pdf};
use crate::helpers::TestApp;
use crate::intake::{reach_claim_form, wait_for_reading};

async fn case(app: &TestApp, key: &str, id: &str) -> Value {
    let r = app.get(&format!("/api/v1/cases/{id}"), Some(key)).await;
    assert_eq!(r.status(), 200);
    r.json().await.expect("json")
}

/// A claim form that states every fact of `motor_claim`, in English.
fn full_english_claim_form() -> Vec<u8> {
    text_pdf(&[
        "Motor claim form",
        "Name of insured: Jan de Vries",
        "Email address: jan.devries@example.nl",
        "Phone number: 06 12345678",
        "Policy number: AUTO-2023-44871",
        "Licence plate: AB-123-C",
        "Date of the accident: 4 July 2025",
        "Place of accident: Utrecht",
        "Type of accident: collision with another vehicle",
        "What happened: While reversing, the other party hit my rear bumper.",
        "Other party involved: no",
        "Total claimed: \u{20ac} 697.00",
        "IBAN: NL91 ABNA 0417 1643 00",
    ])
}

#[tokio::test]
async fn a_file_chosen_and_continue_pressed_is_uploaded_and_not_dropped() {
    let app = TestApp::spawn().await;
    let (_, key) = app.org_with_key().await;
    for locale in ["nl", "en"] {
        let (id, url) = create_session(&app, &key, json!({ "locale": locale })).await;
        let base = format!("/s/{id}");
        let mut a = Applicant::new(&app);
        a.get(&url).await;
        a.post(&format!("{base}/step/consent"), &[("value", "yes")]).await;
        // The primary button sits in the same form as the file input.
        assert!(a.sees("name=\"go\" value=\"continue\""), "{locale}: {}", a.last_body);
        let upload = format!("{base}/step/damage_report/upload");
        let status = a
            .upload_and_continue(&upload, &[("schade.pdf", &complete_claim_pdf())])
            .await;
        assert_eq!(status, 200, "{locale}");
        let docs = klarefi::documents::store::list_for_case(&app.state.db, &id)
            .await
            .expect("docs");
        assert_eq!(docs.len(), 1, "{locale}: the chosen file was uploaded");
        assert_eq!(docs[0].step_id.as_deref(), Some("damage_report"));
        // On to the next request: the repair quote, or, when the claim form was read before
        // this page was drawn, the photos (the form already answered what a quote would).
        let next = a.action();
        assert!(
            next.ends_with("/step/repair_quote/upload") || next.ends_with("/step/photos/upload"),
            "{locale}: on to the next request, not {next}: {}",
            a.heading()
        );
        // The transcript says what was given.
        let given = if locale == "nl" { "1 bestand" } else { "1 file" };
        assert!(
            a.sees(given) && !a.sees("Bestanden gegeven"),
            "{locale}: {}",
            a.last_body
        );
    }
}

#[tokio::test]
async fn every_document_is_read_for_every_fact_whatever_request_it_answered() {
    let app = TestApp::spawn().await;
    let (_, key) = app.org_with_key().await;
    let (id, url) = create_session(&app, &key, json!({})).await;
    let base = format!("/s/{id}");
    let mut a = Applicant::new(&app);
    reach_claim_form(&mut a, &url, &base).await;
    // The claim form states the amount; the quote request is answered with nothing.
    let form = full_english_claim_form();
    a.upload_and_continue(&format!("{base}/step/damage_report/upload"), &[("claim.pdf", &form)])
        .await;
    continue_requests(&mut a).await;
    wait_for_reading(&mut a, &base).await;
    let observations = klarefi::facts::store::list(&app.state.db, &id)
        .await
        .expect("observations");
    let amount: Vec<_> = observations.iter().filter(|o| o.fact_id == "damage_amount").collect();
    assert!(
        amount
            .iter()
            .any(|o| o.value_normalized == "697.00" && o.doc_id.is_some()),
        "the claim form's amount was read: {amount:?}"
    );
    assert!(
        a.sees("\u{20ac} 697,00"),
        "shown on the claim form's page: {}",
        a.last_body
    );
    assert!(!a.sees("niet in uw documenten gevonden"));
}

#[tokio::test]
async fn the_same_file_serves_two_document_requests() {
    let app = TestApp::spawn().await;
    let (_, key) = app.org_with_key().await;
    let (id, url) = create_session(&app, &key, json!({})).await;
    let base = format!("/s/{id}");
    let mut a = Applicant::new(&app);
    reach_claim_form(&mut a, &url, &base).await;
    let form = complete_claim_pdf();
    a.upload_and_continue(&format!("{base}/step/damage_report/upload"), &[("schade.pdf", &form)])
        .await;
    // The claim form also holds the repair total: the same file answers the quote request.
    let quote_upload = format!("{base}/step/repair_quote/upload");
    assert_eq!(a.upload(&quote_upload, &[("schade.pdf", &form)]).await, 200);
    assert!(a.sees("we gebruiken het hier ook"), "{}", a.last_body);
    assert!(
        a.sees("schade.pdf") && !a.sees("Nog geen bestanden"),
        "listed on this request"
    );
    let docs = klarefi::documents::store::list_for_case(&app.state.db, &id)
        .await
        .expect("docs");
    assert_eq!(docs.len(), 1, "stored and read once");
    // Taken back from the quote request, it stays with the claim form.
    let doc = docs[0].id.clone();
    a.post(&format!("{base}/documents/{doc}/remove"), &[("step", "repair_quote")])
        .await;
    assert!(a.sees("Nog geen bestanden"), "{}", a.last_body);
    assert!(app.state.blobs.exists(&doc).await, "the file itself is kept");
    assert_eq!(
        a.upload_and_continue(&quote_upload, &[("schade.pdf", &form)]).await,
        200
    );
    assert!(a.action().ends_with("/step/photos/upload"), "{}", a.action());
    a.get(&format!("{base}/step/repair_quote")).await;
    assert!(a.sees("schade.pdf"));
}

#[tokio::test]
async fn a_value_read_from_a_document_is_not_asked_again() {
    let app = TestApp::spawn().await;
    let (_, key) = app.org_with_key().await;
    let (id, url) = create_session(&app, &key, json!({})).await;
    let base = format!("/s/{id}");
    let mut a = Applicant::new(&app);
    reach_claim_form(&mut a, &url, &base).await;
    a.upload_and_continue(
        &format!("{base}/step/damage_report/upload"),
        &[("schade.pdf", &complete_claim_pdf())],
    )
    .await;
    continue_requests(&mut a).await;
    wait_for_reading(&mut a, &base).await;
    let mut asked = Vec::new();
    for _ in 0..20 {
        let action = a.action();
        if action.ends_with("/submit") {
            break;
        }
        asked.push(action.clone());
        if action.contains("/read/") {
            a.post(&action, &[]).await;
        } else if action.contains("/step/incident_type") {
            a.post(&action, &[("value", "collision")]).await;
        } else if action.contains("/step/counterparty_involved") {
            a.post(&action, &[("value", "no")]).await;
        } else if action.contains("/check/") && a.sees("value=\"yes\"") {
            a.post(&action, &[("choice", "yes")]).await;
        } else {
            panic!("unexpected screen {action}: {}", a.heading());
        }
    }
    for fact in ["iban", "claimant_name", "incident_date", "licence_plate"] {
        assert!(
            !asked.iter().any(|x| x.ends_with(&format!("/step/{fact}"))),
            "{fact} was asked again: {asked:?}"
        );
    }
    a.get(&format!("{base}/step/iban")).await;
    assert!(
        a.sees("NL91 ABNA 0417 1643 00") || a.sees("NL91ABNA0417164300"),
        "a change starts from the value read"
    );
}

#[tokio::test]
async fn follow_ups_ask_plainly_confirm_one_value_and_let_the_applicant_choose_between_two() {
    let app = TestApp::spawn().await;
    let (_, key) = app.org_with_key().await;
    let (id, url) = create_session(&app, &key, json!({})).await;
    let base = format!("/s/{id}");
    let mut a = Applicant::new(&app);
    reach_claim_form(&mut a, &url, &base).await;
    // A claim form without the amount, and a quote whose plate disagrees with it.
    let form = text_pdf(&[
        "Schadeformulier motorrijtuigen",
        "Naam verzekeringnemer: Jan de Vries",
        "E-mailadres: jan.devries@example.nl",
        "Polisnummer: AUTO-2023-44871",
        "Kenteken: AB-123-C",
        "Schadedatum: 3 februari 2023",
        "Plaats van het ongeval: Utrecht",
        "Toedracht: Bij het achteruit rijden raakte de tegenpartij mijn achterbumper.",
        "IBAN: NL91 ABNA 0417 1643 00",
    ]);
    let quote = text_pdf(&["Offerte herstel", "Kenteken: XY-987-Z"]);
    a.upload_and_continue(&format!("{base}/step/damage_report/upload"), &[("schade.pdf", &form)])
        .await;
    a.upload_and_continue(&format!("{base}/step/repair_quote/upload"), &[("offerte.pdf", &quote)])
        .await;
    a.continue_documents().await;
    wait_for_reading(&mut a, &base).await;
    let mut seen_missing = false;
    let mut seen_conflict = false;
    for _ in 0..20 {
        let action = a.action();
        if action.ends_with("/submit") {
            break;
        }
        if action.contains("/read/") {
            a.post(&action, &[]).await;
        } else if action.contains("/step/") {
            // The questions no document answered: the kind of damage, the other party, the
            // (optional) phone number.
            let value = if a.sees("value=\"collision\"") {
                "collision"
            } else if a.sees("value=\"no\"") {
                "no"
            } else {
                ""
            };
            a.post(&action, &[("value", value)]).await;
        } else if action.ends_with("/check/damage_amount") {
            // Nothing found: asked plainly, with "I don't know", no options that are not there.
            seen_missing = true;
            assert!(
                a.sees("Ik weet het niet") && !a.sees("Iets anders") && !a.sees("„Nee”"),
                "{}",
                a.last_body
            );
            assert!(a.sees("<label for=\"value\">"), "the field is the question");
            assert_eq!(a.post(&action, &[("choice", "other"), ("value", "veel")]).await, 400);
            assert!(a.title().starts_with("Fout: "), "{}", a.title());
            assert!(a.sees("Vul een bedrag in"));
            a.post(&action, &[("choice", "other"), ("value", "1.234,56")]).await;
        } else if action.ends_with("/check/licence_plate") {
            // Two values disagree: each with its quote, its document and page.
            seen_conflict = true;
            assert!(a.sees("AB-123-C") && a.sees("XY-987-Z"));
            assert!(a.sees("uw schadeformulier, pagina 1") && a.sees("uw offerte of factuur, pagina 1"));
            assert!(!a.sees("„Nee”"), "the field's label names only options on the page");
            a.post(&action, &[("choice", "value:AB-123-C")]).await;
        } else if action.contains("/check/") {
            a.post(&action, &[("choice", "yes")]).await;
        } else {
            panic!("unexpected {action}");
        }
    }
    assert!(
        seen_missing && seen_conflict,
        "missing {seen_missing}, conflict {seen_conflict}"
    );
    assert!(a.sees("\u{20ac} 1.234,56"), "{}", a.last_body);
}

#[tokio::test]
async fn the_summary_shows_normalized_values_in_the_pages_language_each_with_a_change_link() {
    let app = TestApp::spawn().await;
    let (_, key) = app.org_with_key().await;
    let (id, url) = create_session(&app, &key, json!({})).await;
    let base = format!("/s/{id}");
    let mut a = Applicant::new(&app);
    reach_claim_form(&mut a, &url, &base).await;
    a.upload_and_continue(
        &format!("{base}/step/damage_report/upload"),
        &[("claim.pdf", &full_english_claim_form())],
    )
    .await;
    continue_requests(&mut a).await;
    wait_for_reading(&mut a, &base).await;
    walk_to_summary(&mut a).await;
    // The English document's date and amount, written the Dutch page's way.
    assert!(
        a.sees("4 juli 2025") && !a.sees("4 July 2025</span>"),
        "{}",
        a.last_body
    );
    assert!(a.sees("\u{20ac} 697,00"));
    assert!(a.sees("uw schadeformulier, pagina 1: „"), "each value with its source");
    let changes = a.last_body.matches("class=\"change\"").count();
    let facts = a.last_body.matches("<div class=\"fact\">").count();
    assert!(
        facts >= 8 && changes >= facts,
        "{changes} change links for {facts} facts"
    );
    // A change: the amount was misread; the applicant corrects it from the summary.
    a.get(&format!("{base}/check/damage_amount?change=1")).await;
    assert!(
        a.sees("\u{20ac} 697,00") && a.sees("name=\"change\" value=\"1\""),
        "{}",
        a.last_body
    );
    a.post(
        &format!("{base}/check/damage_amount"),
        &[("choice", "other"), ("value", "712,50"), ("change", "1")],
    )
    .await;
    walk_to_summary(&mut a).await;
    assert!(a.sees("\u{20ac} 712,50"), "{}", a.last_body);
    // In English the same values read the English way.
    a.get(&format!("{base}?lang=en")).await;
    assert!(a.sees("4 July 2025") && a.sees("\u{20ac}712.50"), "{}", a.last_body);
}

/// "Verder" on every documents request on screen, with nothing chosen.
async fn continue_requests(a: &mut Applicant) {
    while a.sees("enctype=\"multipart/form-data\"") {
        assert_eq!(a.continue_documents().await, 200);
    }
}

/// Confirms, continues and answers with what is offered until the summary.
async fn walk_to_summary(a: &mut Applicant) {
    for _ in 0..20 {
        let action = a.action();
        if action.ends_with("/submit") {
            return;
        }
        if action.contains("/read/") {
            a.post(&action, &[]).await;
        } else if action.contains("/step/") && a.sees("value=\"collision\"") {
            a.post(&action, &[("value", "collision")]).await;
        } else if action.contains("/step/") {
            a.post(&action, &[("value", "no")]).await;
        } else if a.sees("value=\"yes\"") {
            a.post(&action, &[("choice", "yes")]).await;
        } else if a.sees("value=\"value:") {
            let marker = "value=\"value:";
            let start = a.last_body.find(marker).expect("a value") + marker.len() - "value:".len();
            let end = a.last_body[start..].find('"').expect("end") + start;
            let choice = a.last_body[start..end].to_string();
            a.post(&action, &[("choice", &choice)]).await;
        } else {
            a.post(&action, &[("choice", "unknown")]).await;
        }
    }
    panic!("never reached the summary: {}", a.action());
}

#[tokio::test]
async fn optional_requests_say_so_progress_numbers_never_repeat_and_errors_are_announced() {
    let app = TestApp::spawn().await;
    let (_, key) = app.org_with_key().await;
    let (id, url) = create_session(&app, &key, json!({})).await;
    let base = format!("/s/{id}");
    let mut a = Applicant::new(&app);
    a.get(&url).await;
    // The consent error: title prefix, focus, and the message above its checkbox.
    assert_eq!(a.post(&format!("{base}/step/consent"), &[]).await, 400);
    assert!(a.title().starts_with("Fout: "), "{}", a.title());
    assert!(
        a.sees("autofocus data-error-summary"),
        "focus moves to the error summary"
    );
    let error = a.last_body.find("id=\"consent-error\"").expect("error");
    let checkbox = a.last_body.find("type=\"checkbox\"").expect("checkbox");
    assert!(error < checkbox, "the error sits above its field");
    // The page's script is served, never inline (the CSP allows none).
    assert!(a.sees("<script src=\"/static/intake.js\" defer></script>") && !a.sees("<script>"));
    let script = app.get("/static/intake.js", None).await;
    assert_eq!(script.status(), 200);
    let kind = script.headers()["content-type"]
        .to_str()
        .unwrap_or_default()
        .to_string();
    assert!(kind.starts_with("text/javascript"), "{kind}");
    a.post(&format!("{base}/step/consent"), &[("value", "yes")]).await;
    assert!(!a.title().starts_with("Fout"), "{}", a.title());

    let mut seen = Vec::new();
    seen.push(a.progress().expect("progress"));
    for _ in 0..3 {
        assert!(a.sees("(niet verplicht)"), "optional request: {}", a.heading());
        a.upload_and_continue(&a.action(), &[]).await;
        seen.push(a.progress().expect("progress"));
    }
    let step = "/step/claimant_name";
    assert!(a.action().ends_with(step), "{}", a.action());
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), seen.len(), "every page its own number: {seen:?}");
    let total = |p: &str| p.rsplit(' ').next().unwrap_or_default().to_string();
    assert!(seen.iter().all(|p| total(p) == total(&seen[0])), "{seen:?}");
}

#[tokio::test]
async fn after_submit_the_applicant_gets_a_reference_a_receipt_and_the_way_back() {
    let app = TestApp::spawn().await;
    let (_, key) = app.org_with_key().await;
    let (id, url) = create_session(
        &app,
        &key,
        json!({ "external_case_id": null, "return_url": "https://insurer.example/back" }),
    )
    .await;
    let base = format!("/s/{id}");
    let mut a = Applicant::new(&app);
    reach_claim_form(&mut a, &url, &base).await;
    a.upload_and_continue(
        &format!("{base}/step/damage_report/upload"),
        &[("claim.pdf", &full_english_claim_form())],
    )
    .await;
    continue_requests(&mut a).await;
    wait_for_reading(&mut a, &base).await;
    walk_to_summary(&mut a).await;
    // No receipt before submitting.
    let early = a.get_raw(&format!("{base}/receipt.pdf")).await;
    assert_eq!(early.status(), 303);
    a.post(&format!("{base}/submit"), &[]).await;
    assert!(a.heading().contains("Bedankt"));
    let marker = "class=\"reference-number\"><strong>";
    let start = a.last_body.find(marker).expect("a reference") + marker.len();
    let reference = a.last_body[start..start + 12].to_string();
    assert!(reference.starts_with("KL-") && reference.len() == 12, "{reference}");
    assert!(a.sees("Wat gebeurt er nu?") && a.sees("href=\"https://insurer.example/back\""));
    let receipt = a.get_raw(&format!("{base}/receipt.pdf")).await;
    assert_eq!(receipt.status(), 200);
    assert_eq!(receipt.headers()["content-type"], "application/pdf");
    let bytes = receipt.bytes().await.expect("pdf");
    let layer = klarefi::pdf::extract_text_layer(&bytes, &klarefi::pdf::Limits::default()).expect("our own PDF reads");
    let text: String = layer
        .pages
        .iter()
        .map(|p| p.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    for expected in [reference.as_str(), "4 juli 2025", "Jan de Vries", "697,00", "claim.pdf"] {
        assert!(text.contains(expected), "{expected} in the receipt: {text}");
    }
    // Another browser without the cookie gets no receipt.
    let mut other = Applicant::new(&app);
    assert_eq!(other.get(&format!("{base}/receipt.pdf")).await, 403);
    assert_eq!(case(&app, &key, &id).await["status"], "completed");
}

#[tokio::test]
async fn with_a_claim_form_that_states_everything_the_claimant_types_nothing() {
    let app = TestApp::spawn().await;
    let (_, key) = app.org_with_key().await;
    let (id, url) = create_session(&app, &key, json!({})).await;
    let base = format!("/s/{id}");
    let mut a = Applicant::new(&app);
    reach_claim_form(&mut a, &url, &base).await;
    let mut pages = 1; // the claim form request
    // As the page's script does: the file is uploaded when chosen, and read while the
    // claimant looks at the list; then "Verder".
    let upload = format!("{base}/step/damage_report/upload");
    a.upload(&upload, &[("claim.pdf", &full_english_claim_form())]).await;
    for _ in 0..100 {
        if a.sees("Gelezen") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        a.get(&format!("{base}/step/damage_report")).await;
    }
    a.upload_and_continue(&upload, &[]).await;
    let mut typed = Vec::new();
    for _ in 0..30 {
        if a.last_headers.get("refresh").is_some() {
            wait_for_reading(&mut a, &base).await;
            continue;
        }
        let action = a.action();
        if action.ends_with("/submit") {
            break;
        }
        pages += 1;
        if action.ends_with("/upload") {
            a.continue_documents().await;
        } else if action.contains("/read/") {
            a.post(&action, &[]).await;
        } else if action.contains("/check/") && a.sees("value=\"yes\"") {
            a.post(&action, &[("choice", "yes")]).await;
        } else {
            typed.push(action.clone());
            break;
        }
    }
    assert!(
        typed.is_empty(),
        "the claimant had to type: {typed:?} ({})",
        a.heading()
    );
    pages += 1; // the summary
    println!("documents-first pages from consent to submit: {pages}");
    // The claim form, the photos (the quote request is skipped: the claim form states its
    // amount), the claim form's page, the summary.
    assert!(pages <= 4, "{pages} pages");
    a.post(&format!("{base}/submit"), &[]).await;
    assert_eq!(case(&app, &key, &id).await["status"], "completed");
}

#[tokio::test]
async fn a_claimant_without_documents_is_asked_every_question() {
    let app = TestApp::spawn().await;
    let (_, key) = app.org_with_key().await;
    let (id, url) = create_session(&app, &key, json!({ "locale": "en" })).await;
    let base = format!("/s/{id}");
    let mut a = Applicant::new(&app);
    a.get(&url).await;
    a.post(&format!("{base}/step/consent"), &[("value", "yes")]).await;
    for _ in 0..3 {
        a.continue_documents().await;
    }
    for value in ["Jan de Vries", "jan@example.nl", "", "AUTO-1", "AB-123-C", "31-12-2099"] {
        let action = a.action();
        a.post(&action, &[("value", value)]).await;
    }
    assert_eq!(a.last_status, 400, "a date in the future");
    assert!(a.title().starts_with("Error: "), "{}", a.title());
    for value in [
        "3-2-2023",
        "Utrecht",
        "other",
        "Something happened.",
        "no",
        "NL91 ABNA 0417 1643 00",
    ] {
        let action = a.action();
        assert!(action.contains("/step/"), "{action}");
        assert_eq!(a.post(&action, &[("value", value)]).await, 200, "{value}");
    }
    // The amount has no question of its own: asked plainly.
    assert!(a.action().ends_with("/check/damage_amount"), "{}", a.action());
    assert!(
        !a.sees("We did not find this in your documents"),
        "there were no documents"
    );
    a.post(&a.action(), &[("choice", "other"), ("value", "1,234.56")]).await;
    assert!(
        a.heading().contains("Check and send") || a.action().ends_with("/submit"),
        "{}",
        a.heading()
    );
    assert!(
        a.sees("3 February 2023") && a.sees("\u{20ac}1,234.56"),
        "{}",
        a.last_body
    );
    a.post(&format!("{base}/submit"), &[]).await;
    assert_eq!(case(&app, &key, &id).await["status"], "completed");
}
