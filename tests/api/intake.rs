//! The hosted intake over HTTP: link exchange, the conversation, uploads, checks, submit, and
//! every refusal.

use std::time::Duration;

use serde_json::{Value, json};

use crate::applicant::{Applicant, create_session};
use crate::fixtures::{complete_claim_pdf, encrypted_pdf, text_pdf};
use crate::helpers::{TestApp, strings};

async fn case(app: &TestApp, key: &str, id: &str) -> Value {
    let r = app.get(&format!("/api/v1/cases/{id}"), Some(key)).await;
    assert_eq!(r.status(), 200);
    r.json().await.expect("json")
}

async fn event_types(app: &TestApp, key: &str, id: &str) -> Vec<String> {
    let r = app
        .get(&format!("/api/v1/cases/{id}/events?limit=100"), Some(key))
        .await;
    let body: Value = r.json().await.expect("json");
    body["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| e["event_type"].as_str().expect("type").to_string())
        .collect()
}

/// Answers the question on screen and expects to move on.
async fn answer(a: &mut Applicant, value: &str) {
    let action = a.action();
    assert!(
        action.contains("/step/"),
        "a question is on screen, got {action}: {}",
        a.heading()
    );
    let status = a.post(&action, &[("value", value)]).await;
    assert_eq!(status, 200, "answer {value:?} accepted: {}", a.heading());
}

/// Opens the link and consents: the claim form is asked for first.
pub async fn reach_claim_form(a: &mut Applicant, url: &str, base: &str) {
    a.get(url).await;
    a.post(&format!("{base}/step/consent"), &[("value", "yes")]).await;
    assert!(a.heading().contains("schadeformulier"), "{}", a.heading());
}

/// Polls the page while it says it is reading documents.
pub async fn wait_for_reading(a: &mut Applicant, base: &str) {
    for _ in 0..200 {
        if a.last_headers.get("refresh").is_none() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        a.get(base).await;
    }
    panic!("documents were never read");
}

#[tokio::test]
async fn the_whole_flow_from_link_to_completed_case_with_evidence() {
    let app = TestApp::spawn().await;
    let (_, key) = app.org_with_key().await;
    let (id, url) = create_session(
        &app,
        &key,
        json!({
            "return_url": "https://insurer.example/claims/done",
            "prefill": { "field_values": { "policy_number": "AUTO-2023-44871" } },
        }),
    )
    .await;
    let base = format!("/s/{id}");
    let mut a = Applicant::new(&app);

    // The link is exchanged for a cookie and the token leaves the address bar.
    let first = a.get_raw(&url).await;
    assert_eq!(first.status(), 303);
    assert_eq!(first.headers()["location"], base.as_str());
    let cookie = first.headers()["set-cookie"].to_str().expect("cookie").to_string();
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(attribute), "{attribute} in {cookie}");
    }
    assert!(!cookie.contains("Secure"), "plain-http public URL");
    assert_eq!(case(&app, &key, &id).await["status"], "in_progress");

    // Consent first, refused until given.
    a.get(&base).await;
    assert!(a.sees("Stap 1 van"), "progress: {}", a.last_body);
    assert_eq!(a.post(&format!("{base}/step/consent"), &[]).await, 400);
    assert!(a.sees("error-summary") && a.sees("href=\"#consent\""));
    assert_eq!(a.post(&format!("{base}/step/consent"), &[("value", "yes")]).await, 200);

    // Documents first: the claim form, then the repair quote (whose date disagrees), no photos.
    assert!(
        a.heading().contains("schadeformulier") && a.sees("(niet verplicht)"),
        "{}",
        a.heading()
    );
    let upload = |step: &str| format!("{base}/step/{step}/upload");
    let status = a
        .upload_and_continue(&upload("damage_report"), &[("schade.pdf", &complete_claim_pdf())])
        .await;
    assert_eq!(status, 200);
    // The claim form states what a quote would (it may be read already, and the quote request
    // then skipped): the claimant adds their quote anyway.
    a.get(&format!("{base}/step/repair_quote")).await;
    assert!(a.heading().contains("offerte"), "{}", a.heading());
    assert!(
        a.sees("schade.pdf") || a.sees("1 bestand"),
        "the transcript shows the upload"
    );
    assert_eq!(case(&app, &key, &id).await["status"], "processing");
    let quote = text_pdf(&[
        "Offerte herstel",
        "Kenteken: AB-123-C",
        "Schadedatum: 5 februari 2023",
        "Totaal incl. BTW: \u{20ac} 1.234,56",
    ]);
    assert_eq!(
        a.upload_and_continue(&upload("repair_quote"), &[("offerte.pdf", &quote)])
            .await,
        200
    );
    assert_eq!(a.continue_documents().await, 200, "no photos");
    wait_for_reading(&mut a, &base).await;
    // Showing a screen writes nothing.
    let before = event_types(&app, &key, &id).await;
    for _ in 0..3 {
        a.get(&base).await;
    }
    assert_eq!(event_types(&app, &key, &id).await, before, "a GET wrote an event");

    // What the claim form says, on one page, quoting it; the insurer's policy number agrees.
    assert!(
        a.heading().contains("Dit staat in uw schadeformulier"),
        "{}",
        a.heading()
    );
    for seen in [
        "Jan de Vries",
        "AUTO-2023-44871",
        "\u{20ac} 1.234,56",
        "NL91 ABNA 0417 1643 00",
        "pagina 1: „",
    ] {
        assert!(a.sees(seen), "{seen} on the claim form's page: {}", a.last_body);
    }
    assert!(!a.sees("3 februari 2023"), "the disputed date is asked on its own");
    let action = a.action();
    assert!(action.starts_with(&format!("{base}/read/doc_")), "{action}");
    assert_eq!(a.post(&action, &[]).await, 200);

    // Only what no document says is asked.
    assert!(a.heading().contains("Wat voor schade"), "{}", a.heading());
    assert_eq!(a.post(&a.action(), &[("value", "no-such-option")]).await, 400);
    answer(&mut a, "collision").await;
    answer(&mut a, "yes").await;
    // The claim form names the other party's plate: it is shown, not asked.
    assert!(
        a.heading().contains("Dit staat in uw schadeformulier"),
        "{}",
        a.heading()
    );
    assert!(a.sees("12-XYZ-3"));
    // Back and change: "no" hides the counterparty's plate again.
    a.get(&format!("{base}/step/counterparty_involved")).await;
    answer(&mut a, "no").await;

    // The dates disagree: a follow-up quoting both documents.
    assert!(a.action().ends_with("/check/incident_date"), "{}", a.action());
    assert!(a.sees("verschillende antwoorden"));
    assert!(a.sees("uw schadeformulier, pagina 1") && a.sees("uw offerte of factuur, pagina 1"));
    assert!(a.sees("3 februari 2023") && a.sees("5 februari 2023"));
    assert_eq!(case(&app, &key, &id).await["status"], "applicant_blocked");
    a.post(&a.action(), &[("choice", "value:2023-02-03")]).await;

    // The summary: values in Dutch with their source and a change link each; submit.
    assert!(a.heading().contains("Controleer"), "{}", a.heading());
    for seen in [
        "3 februari 2023",
        "\u{20ac} 1.234,56",
        "uw schadeformulier, pagina 1",
        "/check/iban?change=1",
    ] {
        assert!(a.sees(seen), "{seen} in the summary: {}", a.last_body);
    }
    assert!(
        a.sees(&format!("{base}/step/incident_type")),
        "an answered question changes at its step"
    );
    let submit = a.get_raw(&format!("{base}/submit")).await; // GET is not a route
    assert_eq!(submit.status(), 405);
    a.get(&base).await;
    assert_eq!(a.post(&format!("{base}/submit"), &[]).await, 200);
    assert!(a.heading().contains("Bedankt"));
    assert!(a.sees("CLM-SECRET-77"), "the reference: the insurer's own case id");
    assert!(a.sees("Wat gebeurt er nu?"));
    assert!(a.sees("href=\"https://insurer.example/claims/done\""));
    assert!(a.sees(&format!("href=\"{base}/receipt.pdf\"")));

    let case = case(&app, &key, &id).await;
    assert_eq!(case["status"], "completed", "{case:#}");
    let date = &case["features"]["incident_date"];
    assert_eq!(date["decision"]["decision"], "keep");
    assert_eq!(date["decision"]["reason"], "confirmed_by_applicant");
    let quotes = strings(&date["evidence"], "quote");
    assert!(quotes.contains(&"3 februari 2023"), "{quotes:?}");
    let amount = &case["features"]["damage_amount"];
    assert_eq!(amount["decision"]["reason"], "confirmed_by_applicant");
    let selected = amount["decision"]["selected_candidate_id"].as_str().expect("selected");
    let candidate = amount["candidates"]
        .as_array()
        .expect("candidates")
        .iter()
        .find(|c| c["candidate_id"] == selected)
        .expect("selected candidate");
    assert_eq!(candidate["value_normalized"], "1234.56");
    let doc_evidence = amount["evidence"]
        .as_array()
        .expect("evidence")
        .iter()
        .find(|e| e["method"] == "born_digital_text")
        .expect("document evidence kept");
    assert!(doc_evidence["doc_id"].as_str().is_some_and(|d| d.starts_with("doc_")));
    assert_eq!(
        case["features"]["policy_number"]["decision"]["reason"],
        "confirmed_by_applicant"
    );
    assert_eq!(case["features"]["licence_plate"]["decision"]["decision"], "keep");

    let events = event_types(&app, &key, &id).await;
    for expected in [
        "intake.session_created",
        "intake.opened",
        "document.uploaded",
        "case.processing",
        "document.processed",
        "case.applicant_blocked",
        "intake.gap_resolved",
        "intake.submitted",
        "case.completed",
    ] {
        assert!(events.iter().any(|e| e == expected), "{expected} in {events:?}");
    }

    // Reopening shows a read-only confirmation, without forms.
    a.get(&base).await;
    assert!(a.heading().contains("Bedankt") && !a.sees("<form"));
    assert!(a.last_headers.get("refresh").is_none(), "no redirect");
    let mut b = Applicant::new(&app);
    b.get(&url).await;
    assert!(b.heading().contains("Bedankt"));
}

#[tokio::test]
async fn bad_links_get_a_localized_page_that_reveals_nothing() {
    let app = TestApp::spawn().await;
    let (_, key) = app.org_with_key().await;
    let (id, url) = create_session(&app, &key, json!({})).await;
    let mut a = Applicant::new(&app);

    let tampered = format!("{}x", url);
    assert_eq!(a.get(&tampered).await, 403);
    assert!(a.sees("nieuwe link") && !a.sees("CLM-SECRET-77") && !a.sees("Autoschade"));
    assert!(a.cookie.is_none(), "no session for a bad link");
    let other_case = url.replace(&id, "00000000-0000-4000-8000-000000000000");
    assert_eq!(
        a.get(&other_case).await,
        403,
        "a token for one case never opens another"
    );

    let past = klarefi::ids::now_ms() / 1000 - 60;
    let expired = app
        .state
        .config
        .signing_keys
        .sign(klarefi::links::Purpose::Intake, &id, past);
    assert_eq!(a.get(&format!("/s/{id}?token={expired}")).await, 403);
    assert!(a.sees("verlopen"));
    // English from Accept-Language, or by choice.
    let r = app
        .client
        .get(format!("{url}x"))
        .header("accept-language", "en-GB,en;q=0.9")
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), 403);
    assert!(r.text().await.expect("body").contains("new link"));

    // A case-file token does not open the intake.
    let case_file = app
        .state
        .config
        .signing_keys
        .sign(klarefi::links::Purpose::CaseFile, &id, past + 3600);
    assert_eq!(a.get(&format!("/s/{id}?token={case_file}")).await, 403);

    // Without the cookie the page asks for the link.
    assert_eq!(a.get(&format!("/s/{id}")).await, 403);
    assert!(a.sees("link die uw verzekeraar"));

    // Revoked: the link and the cookie both stop at once.
    assert_eq!(a.get(&url).await, 200);
    let r = app
        .client
        .post(app.url(&format!("/api/v1/sessions/{id}/expire")))
        .bearer_auth(&key)
        .send()
        .await
        .expect("expire");
    assert_eq!(r.status(), 200);
    assert_eq!(a.get(&format!("/s/{id}")).await, 403);
    assert_eq!(a.get(&url).await, 403);
}

#[tokio::test]
async fn a_cookie_opens_only_its_own_case_and_forms_need_the_csrf_token() {
    let app = TestApp::spawn().await;
    let (_, key) = app.org_with_key().await;
    let (id_a, url_a) = create_session(&app, &key, json!({})).await;
    let (id_b, _) = create_session(&app, &key, json!({})).await;
    let mut a = Applicant::new(&app);
    a.get(&url_a).await;
    assert_eq!(a.last_status, 200);
    assert_eq!(
        a.get(&format!("/s/{id_b}")).await,
        403,
        "a cookie for one case never opens another"
    );
    assert_eq!(
        a.post_without_csrf(&format!("/s/{id_b}/step/consent"), &[("value", "yes")])
            .await,
        403
    );

    a.get(&format!("/s/{id_a}")).await;
    assert_eq!(
        a.post_without_csrf(&format!("/s/{id_a}/step/consent"), &[("value", "yes")])
            .await,
        403
    );
    assert!(a.sees("te oud"));
    assert_eq!(
        a.post_without_csrf(
            &format!("/s/{id_a}/step/consent"),
            &[("value", "yes"), ("csrf", "0000")]
        )
        .await,
        403
    );
    a.get(&format!("/s/{id_a}")).await;
    assert!(a.heading().contains("Voordat we beginnen"), "nothing was recorded");
}

#[tokio::test]
async fn the_conversation_resumes_on_another_device_and_the_language_can_be_switched() {
    let app = TestApp::spawn().await;
    let (_, key) = app.org_with_key().await;
    let (id, url) = create_session(&app, &key, json!({ "locale": "en" })).await;
    let base = format!("/s/{id}");
    let mut phone = Applicant::new(&app);
    phone.get(&url).await;
    assert!(phone.sees("lang=\"en\"") && phone.sees("Step 1 of"));
    phone.post(&format!("{base}/step/consent"), &[("value", "yes")]).await;
    for _ in 0..3 {
        phone.continue_documents().await; // no documents at hand
    }
    answer(&mut phone, "Jan de Vries").await;

    let mut laptop = Applicant::new(&app);
    laptop.get(&url).await;
    assert_ne!(laptop.cookie, phone.cookie, "a new session id per link exchange");
    assert!(
        laptop.heading().contains("email"),
        "resumes at the next question: {}",
        laptop.heading()
    );
    assert!(laptop.sees("Jan de Vries"));

    laptop.get(&format!("{base}?lang=nl")).await;
    assert!(
        laptop.sees("lang=\"nl\"") && laptop.sees("Stap 6 van"),
        "{:?}",
        laptop.progress()
    );
    assert!(phone.cookie.is_some());
    phone.get(&base).await;
    assert!(phone.sees("Step 6 of"), "the other device keeps its own choice");
}

#[tokio::test]
async fn uploads_are_refused_clearly_and_files_can_be_removed() {
    let app = TestApp::spawn().await;
    let (_, key) = app.org_with_key().await;
    let (id, url) = create_session(&app, &key, json!({})).await;
    let base = format!("/s/{id}");
    let mut a = Applicant::new(&app);
    reach_claim_form(&mut a, &url, &base).await;
    let upload = format!("{base}/step/damage_report/upload");
    // Uploading to a step not reached yet goes nowhere.
    a.upload(&format!("{base}/step/photos/upload"), &[("a.pdf", &text_pdf(&["x"]))])
        .await;
    assert!(a.heading().contains("schadeformulier"));

    assert_eq!(a.upload(&upload, &[("notes.txt", b"just some text")]).await, 415);
    assert!(a.sees("notes.txt is geen PDF, JPG of PNG"));
    assert_eq!(a.upload(&upload, &[]).await, 400);
    assert!(a.sees("Kies eerst een bestand"));

    let big = [b"%PDF-1.7\n".as_slice(), &vec![b' '; 25 * 1024 * 1024 + 10]].concat();
    assert_eq!(a.upload(&upload, &[("big.pdf", &big)]).await, 413);
    assert!(a.sees("big.pdf is te groot"));

    let files: Vec<Vec<u8>> = (0..4).map(|i| text_pdf(&[&format!("Bestand {i}")])).collect();
    let named: Vec<(&str, &[u8])> = ["1.pdf", "2.pdf", "3.pdf", "4.pdf"]
        .into_iter()
        .zip(files.iter().map(Vec::as_slice))
        .collect();
    assert_eq!(a.upload(&upload, &named).await, 413);
    assert!(a.sees("nog 3 bestand(en)"), "{}", a.last_body);
    let docs = klarefi::documents::store::list_for_case(&app.state.db, &id)
        .await
        .expect("docs");
    assert_eq!(docs.len(), 3, "the files within the limit are kept, the fourth is not");
    assert!(!a.sees("type=\"file\""), "no file input at the limit");

    // Remove one, then the same bytes again: a duplicate of a kept file is refused.
    let first = docs[0].id.clone();
    a.post(&format!("{base}/documents/{first}/remove"), &[]).await;
    assert!(!app.state.blobs.exists(&first).await, "the bytes are gone");
    assert_eq!(a.upload(&upload, &[("again.pdf", &files[1])]).await, 200);
    assert!(a.sees("again.pdf: dit bestand had u al geüpload"));
    let docs = klarefi::documents::store::list_for_case(&app.state.db, &id)
        .await
        .expect("docs");
    assert_eq!(docs.len(), 2);
    let events = event_types(&app, &key, &id).await;
    assert_eq!(events.iter().filter(|e| *e == "document.uploaded").count(), 3);
    assert!(events.iter().any(|e| e == "document.erased"));

    // An encrypted or broken PDF is stored, then shown as unreadable with what to do.
    let broken = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 9 0 R >>\n%%EOF".to_vec();
    a.upload(&upload, &[("kapot.pdf", &broken)]).await;
    for _ in 0..100 {
        if a.sees("kapot.pdf") && !a.sees("Wordt gelezen") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        a.get(&format!("{base}/step/damage_report")).await;
    }
    assert!(a.sees("beschadigd of geen echte PDF"), "{}", a.last_body);

    // A password-protected PDF: stored, then refused with what to do about it.
    let docs = klarefi::documents::store::list_for_case(&app.state.db, &id)
        .await
        .expect("docs");
    let broken_id = docs
        .iter()
        .find(|d| d.filename.as_deref() == Some("kapot.pdf"))
        .expect("kapot")
        .id
        .clone();
    a.post(&format!("{base}/documents/{broken_id}/remove"), &[]).await;
    a.upload(&upload, &[("geheim.pdf", &encrypted_pdf())]).await;
    for _ in 0..100 {
        if a.sees("Beveiligd met een wachtwoord") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        a.get(&format!("{base}/step/damage_report")).await;
    }
    assert!(
        a.sees("Beveiligd met een wachtwoord: upload een versie zonder wachtwoord"),
        "{}",
        a.last_body
    );
}

#[tokio::test]
async fn an_active_applicant_keeps_the_session_and_it_is_saved_at_most_hourly() {
    let app = TestApp::spawn().await;
    let (_, key) = app.org_with_key().await;
    let (id, url) = create_session(&app, &key, json!({})).await;
    let mut a = Applicant::new(&app);
    a.get(&url).await;
    let db = &app.state.db;
    let expiry = || async {
        klarefi::on_db!(
            db,
            read | pool
                | sqlx::query_scalar::<_, i64>("SELECT MAX(expires_at) FROM web_sessions")
                    .fetch_one(pool)
                    .await
        )
        .expect("expiry")
    };
    let soon = klarefi::ids::now_ms() + 60_000;
    // Within the hour another page view writes nothing.
    klarefi::on_db!(
        db,
        write
            | pool
            | sqlx::query("UPDATE web_sessions SET expires_at = $1")
                .bind(soon)
                .execute(pool)
                .await
                .map(|r| r.rows_affected())
    )
    .expect("update");
    a.get(&format!("/s/{id}")).await;
    assert_eq!(expiry().await, soon, "no save within the hour");
    // In a new hour the view moves the inactivity expiry a day ahead again.
    klarefi::on_db!(
        db,
        write
            | pool
            | sqlx::query("UPDATE web_sessions SET data = REPLACE(data, '\"seen_hour\"', '\"seen_before\"')")
                .execute(pool)
                .await
                .map(|r| r.rows_affected())
    )
    .expect("update");
    a.get(&format!("/s/{id}")).await;
    assert!(a.sees("Stap 1 van"), "{}", a.last_body);
    assert!(
        expiry().await > klarefi::ids::now_ms() + 23 * 3_600_000,
        "saved with a new expiry"
    );
}

#[tokio::test]
async fn parallel_uploads_cannot_exceed_the_steps_limit() {
    let app = TestApp::spawn().await;
    let (_, key) = app.org_with_key().await;
    let (id, url) = create_session(&app, &key, json!({})).await;
    let base = format!("/s/{id}");
    let mut a = Applicant::new(&app);
    reach_claim_form(&mut a, &url, &base).await;
    // Three tabs each send two different files to a step that takes three.
    let upload = format!("{base}/step/damage_report/upload");
    let pdfs: Vec<Vec<u8>> = (0..6).map(|i| text_pdf(&[&format!("bijlage {i}")])).collect();
    let sends = (0..3).map(|tab| {
        let mut browser = a.clone();
        let upload = upload.clone();
        let files = [
            (format!("tab{tab}-a.pdf"), pdfs[2 * tab].clone()),
            (format!("tab{tab}-b.pdf"), pdfs[2 * tab + 1].clone()),
        ];
        async move {
            let files: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
            browser.upload(&upload, &files).await
        }
    });
    let statuses = futures_util::future::join_all(sends).await;
    let docs = klarefi::documents::store::list_for_case(&app.state.db, &id)
        .await
        .expect("docs");
    let in_step = docs
        .iter()
        .filter(|d| d.step_id.as_deref() == Some("damage_report"))
        .count();
    assert_eq!(in_step, 3, "{statuses:?}");
    assert!(statuses.contains(&413), "a tab is told the step is full: {statuses:?}");
    // The refused files' bytes are gone too: only recorded documents have blobs.
    let shards = std::fs::read_dir(app.state.config.data_dir.join("blobs")).expect("blob dir");
    let blobs: usize = shards
        .filter_map(Result::ok)
        .filter_map(|shard| std::fs::read_dir(shard.path()).ok())
        .map(Iterator::count)
        .sum();
    assert!(blobs <= docs.len(), "{blobs} blobs for {} documents", docs.len());
}

#[tokio::test]
async fn a_photographed_claim_form_is_read_by_ocr_and_its_facts_are_checked_with_the_applicant() {
    if !crate::support::scans::ocr_available("a_photographed_claim_form_is_read_by_ocr") {
        return;
    }
    let app = TestApp::spawn().await;
    let (_, key) = app.org_with_key().await;
    let (id, url) = create_session(&app, &key, json!({})).await;
    let base = format!("/s/{id}");
    let mut a = Applicant::new(&app);
    reach_claim_form(&mut a, &url, &base).await;
    // A phone photo of the claim form, stored sideways with its EXIF orientation.
    let mut rng = crate::support::claims::Rng::new(11);
    let photo = crate::support::scans::phone_photo(&complete_claim_pdf(), &mut rng, true);
    let upload = format!("{base}/step/damage_report/upload");
    assert_eq!(
        a.upload_and_continue(&upload, &[("schadeformulier.jpg", &photo)]).await,
        200
    );
    a.continue_documents().await; // no repair quote
    a.continue_documents().await; // no photos
    for _ in 0..600 {
        if a.last_headers.get("refresh").is_none() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        a.get(&base).await;
    }
    assert!(a.last_headers.get("refresh").is_none(), "the photo was never read");

    let observations = klarefi::facts::store::list(&app.state.db, &id)
        .await
        .expect("observations");
    let read: Vec<_> = observations.iter().filter(|o| o.method == "ocr").collect();
    assert!(read.len() >= 5, "facts read from the photo: {}", read.len());
    assert!(read.iter().all(|o| !o.quote.is_empty() && o.char_start.is_some()));
    // The conversation checks what the photo says, quoting the claim form.
    assert!(a.action().starts_with(&format!("{base}/read/")), "{}", a.action());
    assert!(a.sees("schadeformulier"), "{}", a.last_body);
}
