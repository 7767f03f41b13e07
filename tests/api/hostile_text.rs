//! One validation layer for text: control characters in bodies, query strings, path ids, form
//! fields and prefill are a 400 (`invalid_characters`) on both databases, ids of the wrong
//! shape a 404, and a page never answers `text/plain`.

use reqwest::Method;
use serde_json::json;

use crate::applicant::{Applicant, create_session};
use crate::helpers::{TestApp, error_of};

/// One hostile request: method, path (with its query), JSON body, and what must come back.
struct Row {
    method: Method,
    path: String,
    body: Option<serde_json::Value>,
    status: u16,
    code: &'static str,
    why: &'static str,
}

fn row(
    method: Method,
    path: &str,
    body: Option<serde_json::Value>,
    status: u16,
    code: &'static str,
    why: &'static str,
) -> Row {
    Row {
        method,
        path: path.to_string(),
        body,
        status,
        code,
        why,
    }
}

#[tokio::test]
async fn control_characters_anywhere_in_an_api_request_are_a_validation_error() {
    let app = TestApp::spawn_with(&[("KLAREFI_ALLOW_PRIVATE_URLS", "true")]).await;
    let (_, key) = app.org_with_key().await;
    let (case_id, _) = create_session(&app, &key, json!({})).await;
    let session = |extra: serde_json::Value| {
        let mut body = json!({"case_type_id": "motor_claim", "idempotency_key": klarefi::ids::random_hex(8)});
        if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
            b.extend(e.clone());
        }
        Some(body)
    };
    let (get, post, delete) = (Method::GET, Method::POST, Method::DELETE);
    let bad = "invalid_characters";
    let rows = [
        row(
            post.clone(),
            "/api/v1/sessions",
            session(json!({"idempotency_key": "k\u{0}"})),
            400,
            bad,
            "NUL in the idempotency key",
        ),
        row(
            post.clone(),
            "/api/v1/sessions",
            session(json!({"external_case_id": "a\u{1b}[31m"})),
            400,
            bad,
            "an escape in an external id",
        ),
        row(
            post.clone(),
            "/api/v1/sessions",
            session(json!({"trace_id": "t\u{7f}"})),
            400,
            bad,
            "DEL in the trace id",
        ),
        row(
            post.clone(),
            "/api/v1/sessions",
            session(json!({"return_url": "https://a.example/\u{0}"})),
            400,
            bad,
            "NUL in the return URL",
        ),
        row(
            post.clone(),
            "/api/v1/sessions",
            session(json!({"locale": "nl\u{0}"})),
            400,
            bad,
            "NUL in the locale",
        ),
        row(
            post.clone(),
            "/api/v1/sessions",
            session(json!({"prefill": {"field_values": {"claimant_name": "Jan\u{0}"}}})),
            400,
            bad,
            "NUL in prefill text",
        ),
        row(
            post.clone(),
            "/api/v1/sessions",
            session(json!({"prefill": {"field_values": {"claimant\u{0}": "Jan"}}})),
            400,
            bad,
            "NUL in a prefill key",
        ),
        row(
            post.clone(),
            "/api/v1/sessions",
            session(json!({"prefill": {"field_values": {"claimant_name": "Jan\u{85}"}}})),
            400,
            bad,
            "a C1 control in prefill",
        ),
        row(
            post.clone(),
            "/api/v1/sessions",
            session(json!({"prefill": []})),
            400,
            "invalid_field",
            "prefill that is no object",
        ),
        row(
            post.clone(),
            "/api/v1/sessions",
            session(json!({"prefill": {"field_values": {"damage_amount": "5000000"}}})),
            400,
            "invalid_field",
            "a prefilled amount above the limit an answer has",
        ),
        row(
            post.clone(),
            "/api/v1/sessions",
            session(json!({"prefill": {"field_values": {"incident_date": "1-1-2999"}}})),
            400,
            "invalid_field",
            "a prefilled date in the future",
        ),
        row(
            post.clone(),
            "/api/v1/process",
            Some(
                json!({"document_url": "https://a.example/x\u{0}.pdf", "case_type_id": "motor_claim", "idempotency_key": "p1"}),
            ),
            400,
            bad,
            "NUL in a document URL",
        ),
        row(
            post.clone(),
            "/api/v1/process",
            Some(
                json!({"document_url": "https://a.example/x.pdf", "case_type_id": "motor_claim", "idempotency_key": "p2", "external_case_id": "\u{0}"}),
            ),
            400,
            bad,
            "NUL in a processing external id",
        ),
        row(
            post.clone(),
            "/api/v1/webhooks/test",
            Some(json!({"endpoint_url": "https://a.example/\u{0}", "signing_secret": "whsec_x"})),
            400,
            bad,
            "NUL in a webhook URL",
        ),
        row(
            post.clone(),
            "/api/v1/webhooks/test",
            Some(json!({"endpoint_url": "https://a.example/", "signing_secret": "s\u{0}"})),
            400,
            bad,
            "NUL in a signing secret",
        ),
        row(
            post.clone(),
            "/api/v1/webhooks/deliveries/whd_abc/ack",
            Some(json!({"acknowledgement_id": "a\u{0}"})),
            400,
            bad,
            "NUL in an acknowledgement id",
        ),
        row(get.clone(), "/api/v1/cases/%00", None, 400, bad, "NUL as a case id"),
        row(
            get.clone(),
            "/api/v1/cases/a%00b/events",
            None,
            400,
            bad,
            "NUL in the events path",
        ),
        row(
            get.clone(),
            "/api/v1/cases/%0D%0A/package",
            None,
            400,
            bad,
            "a line break in the package path",
        ),
        row(
            get.clone(),
            "/api/v1/sessions/%00",
            None,
            400,
            bad,
            "NUL as a session id",
        ),
        row(
            post.clone(),
            "/api/v1/sessions/%00/expire",
            None,
            400,
            bad,
            "NUL in expire",
        ),
        row(
            delete.clone(),
            "/api/v1/documents/doc_%00",
            None,
            400,
            bad,
            "NUL in a document id",
        ),
        row(
            post.clone(),
            "/api/v1/webhooks/deliveries/whd_%00/ack",
            None,
            400,
            bad,
            "NUL in a delivery id",
        ),
        row(
            get.clone(),
            &format!("/api/v1/cases/{case_id}/events?after_cursor=%00"),
            None,
            400,
            bad,
            "NUL in a query parameter",
        ),
        row(
            get.clone(),
            &format!("/api/v1/cases/{case_id}/events?x=%1B"),
            None,
            400,
            bad,
            "an escape in an unknown query parameter",
        ),
        row(
            get.clone(),
            "/api/v1/me?x=a%7Fb",
            None,
            400,
            bad,
            "DEL in the query of /me",
        ),
        row(
            get.clone(),
            "/api/v1/cases/nope",
            None,
            404,
            "case_not_found",
            "a case id of the wrong shape",
        ),
        row(
            get.clone(),
            "/api/v1/cases/doc_abc",
            None,
            404,
            "case_not_found",
            "a document id as a case id",
        ),
        row(
            get.clone(),
            "/api/v1/cases/%C3%A9/events",
            None,
            404,
            "case_not_found",
            "a non-ASCII case id",
        ),
        row(
            get.clone(),
            "/api/v1/cases/case_/package",
            None,
            404,
            "case_not_found",
            "a bare prefix",
        ),
        row(
            get.clone(),
            "/api/v1/sessions/abc",
            None,
            404,
            "session_not_found",
            "a session id of the wrong shape",
        ),
        row(
            post.clone(),
            "/api/v1/sessions/abc/expire",
            None,
            404,
            "session_not_found",
            "expire with a wrong-shaped id",
        ),
        row(
            delete.clone(),
            "/api/v1/documents/abc",
            None,
            404,
            "document_not_found",
            "a document id of the wrong shape",
        ),
        row(
            delete.clone(),
            "/api/v1/documents/doc_a%20b",
            None,
            404,
            "document_not_found",
            "a space in a document id",
        ),
        row(
            post.clone(),
            "/api/v1/webhooks/deliveries/abc/ack",
            None,
            404,
            "delivery_not_found",
            "a delivery id of the wrong shape",
        ),
    ];
    for r in rows {
        let mut request = app.client.request(r.method.clone(), app.url(&r.path)).bearer_auth(&key);
        if let Some(body) = &r.body {
            request = request.json(body);
        }
        let response = request.send().await.expect("request");
        let (status, _, code) = error_of(response).await;
        assert_eq!(
            (status, code.as_str()),
            (r.status, r.code),
            "{}: {} {}",
            r.why,
            r.method,
            r.path
        );
    }

    // Line breaks and tabs are text, not controls: a prefilled free-text value keeps them.
    let ok = app
        .client
        .post(app.url("/api/v1/sessions"))
        .bearer_auth(&key)
        .json(&session(json!({"external_case_id": "CLM-1", "trace_id": "t-1"})).expect("body"))
        .send()
        .await
        .expect("request");
    assert_eq!(ok.status(), 201, "ordinary text still passes");
    // An escaped backslash before `u0000` is text, not a NUL.
    let ok = app
        .client
        .post(app.url("/api/v1/sessions"))
        .bearer_auth(&key)
        .json(&session(json!({"trace_id": "\\u0000"})).expect("body"))
        .send()
        .await
        .expect("request");
    assert_eq!(ok.status(), 201, "a backslash and the letters u0000 are text");
}

/// Reads a page error: status, content type and body.
async fn page(app: &TestApp, path: &str, lang: &str) -> (u16, String, String) {
    let response = app
        .client
        .get(app.url(path))
        .header("accept-language", lang)
        .send()
        .await
        .expect("request");
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    (status, content_type, response.text().await.expect("body"))
}

#[tokio::test]
async fn hostile_page_requests_get_a_localized_page_never_text_plain() {
    let app = TestApp::spawn().await;
    let (_, key) = app.org_with_key().await;
    let (id, _) = create_session(&app, &key, json!({})).await;
    let nl_bad = "stuurteken";
    let en_bad = "control character";
    let rows: Vec<(String, &str, u16, &str, &str)> = vec![
        (
            "/s/%0D%0Ax?lang=en".into(),
            "en",
            400,
            en_bad,
            "a line break in the id, with a language switch",
        ),
        (
            "/s/a%7Fb/step/consent?lang=nl".into(),
            "nl",
            400,
            nl_bad,
            "DEL in the id of a step",
        ),
        (
            "/case-file/%0A?lang=en".into(),
            "en",
            400,
            en_bad,
            "a line break in a case-file id",
        ),
        ("/s/%00".into(), "nl", 400, nl_bad, "NUL as an applicant id"),
        (
            format!("/s/{id}/step/con%00sent?lang=nl"),
            "nl",
            400,
            nl_bad,
            "NUL in a step id",
        ),
        (format!("/s/{id}?lang=%00"), "en", 400, en_bad, "NUL in the language"),
        (format!("/s/{id}?token=%00"), "nl", 400, nl_bad, "NUL in a token"),
        (
            format!("/case-file/{id}/evidence/ev_%00/page.png"),
            "en",
            400,
            en_bad,
            "NUL in an evidence id",
        ),
        (
            format!("/s/{id}?token=a&token=b"),
            "nl",
            400,
            "Een veld",
            "a token given twice",
        ),
        (
            format!("/s/{id}?token=a&token=b"),
            "en",
            400,
            "A field",
            "a token given twice, in English",
        ),
        (
            "/s/not-a-case?lang=en".into(),
            "en",
            404,
            "no such page",
            "an applicant id of the wrong shape",
        ),
        (
            format!("/s/{id}/step/a%C3%A9?lang=en"),
            "en",
            404,
            "not found",
            "a step id of the wrong shape",
        ),
        (
            "/case-file/xyz?lang=nl".into(),
            "en",
            404,
            "no such page",
            "a case-file id of the wrong shape",
        ),
    ];
    for (path, lang, status, text, why) in rows {
        let (got, content_type, body) = page(&app, &path, lang).await;
        assert_eq!(got, status, "{why}: {path}: {body}");
        assert!(
            content_type.starts_with("text/html"),
            "{why}: {path} answered {content_type}"
        );
        assert!(body.contains(text), "{why}: {path} does not say {text:?}: {body}");
    }
}

#[tokio::test]
async fn control_characters_in_an_applicants_form_are_refused_and_line_breaks_are_kept() {
    let app = TestApp::spawn().await;
    let (_, key) = app.org_with_key().await;
    let (id, url) = create_session(&app, &key, json!({})).await;
    let mut a = Applicant::new(&app);
    assert_eq!(a.get(&url).await, 200);
    let consent = format!("/s/{id}/step/consent");

    for (fields, why) in [
        (vec![("value", "yes\u{0}")], "NUL in a value"),
        (vec![("value\u{0}", "yes")], "NUL in a field name"),
        (vec![("value", "yes"), ("x", "\u{1b}[2J")], "an escape in another field"),
    ] {
        assert_eq!(a.get(&format!("/s/{id}")).await, 200);
        assert_eq!(a.post(&consent, &fields).await, 400, "{why}");
        assert!(a.sees("stuurteken"), "{why}: the Dutch page says why");
        assert!(
            a.last_headers
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.starts_with("text/html")),
            "{why}"
        );
    }
    // Nothing was stored: the consent step is still on screen and accepts a clean answer.
    assert_eq!(a.get(&format!("/s/{id}")).await, 200);
    assert_eq!(a.post(&consent, &[("value", "yes")]).await, 200);
    for _ in 0..3 {
        a.continue_documents().await; // documents first; none at hand
    }
    let name_step = a.action();
    assert_eq!(a.post(&name_step, &[("value", "Jan\u{0}de Vries")]).await, 400);
    assert!(a.sees("stuurteken"));
    assert_eq!(a.get(&format!("/s/{id}")).await, 200);
    assert_eq!(a.action(), name_step, "the refused answer was not stored");
}
