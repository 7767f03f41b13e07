//! Forgiving where it is safe: unknown fields ignored, whole numbers written as floats, a
//! locale we do not speak falling back (and saying so); and `/me` needs `cases:read`.

use klarefi::orgs::{Environment, Scope};
use serde_json::{Value, json};

use crate::helpers::{TestApp, error_of};

async fn post(app: &TestApp, key: &str, path: &str, body: &Value) -> reqwest::Response {
    app.client
        .post(app.url(path))
        .bearer_auth(key)
        .json(body)
        .send()
        .await
        .expect("request")
}

#[tokio::test]
async fn unknown_fields_are_ignored_and_float_hours_are_whole_hours() {
    let app = TestApp::spawn_with(&[("KLAREFI_ALLOW_PRIVATE_URLS", "true")]).await;
    let (_, key) = app.org_with_key().await;

    let body = json!({
        "case_type_id": "motor_claim",
        "idempotency_key": "tolerant-1",
        "ttl_hours": 168.0,
        "colour": "blue",
        "client": { "sdk": "python", "version": "1.2" },
        "prefill": { "field_values": { "licence_plate": "AB-123-C" }, "source": "crm" },
    });
    let response = post(&app, &key, "/api/v1/sessions", &body).await;
    assert_eq!(response.status(), 201, "unknown fields are ignored");
    let created: Value = response.json().await.expect("json");
    let session: Value = app
        .get_json(
            &format!("/api/v1/sessions/{}", created["session_id"].as_str().expect("id")),
            Some(&key),
        )
        .await;
    let hours = |s: &str| {
        time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
            .expect("timestamp")
            .unix_timestamp()
    };
    let ttl = hours(session["expires_at"].as_str().expect("expires"))
        - hours(session["created_at"].as_str().expect("created"));
    assert_eq!(ttl, 168 * 3600, "168.0 hours are 168 hours");

    // The same request with other unknown fields is the same request: a replay.
    let mut again = body.clone();
    again["colour"] = json!("green");
    let replay = post(&app, &key, "/api/v1/sessions", &again).await;
    assert_eq!(replay.status(), 200);

    for (ttl, why) in [
        (json!(1.5), "a fraction"),
        (json!(-168.0), "negative"),
        (json!(1e30), "huge"),
    ] {
        let mut bad = body.clone();
        bad["idempotency_key"] = json!(klarefi::ids::random_hex(6));
        bad["ttl_hours"] = ttl;
        let (status, _, code) = error_of(post(&app, &key, "/api/v1/sessions", &bad).await).await;
        assert_eq!((status, code.as_str()), (400, "invalid_field"), "{why}");
    }

    let ack = post(
        &app,
        &key,
        "/api/v1/webhooks/deliveries/whd_unknown123/ack",
        &json!({"acknowledgement_id": "a1", "note": "x"}),
    )
    .await;
    assert_eq!(ack.status(), 404, "an unknown field does not hide the real answer");
    let refused = post(
        &app,
        &key,
        "/api/v1/sessions",
        &json!({"case_type_id": "motor_claim", "idempotency_key": "wh", "webhook_url": "https://hooks.example.com"}),
    )
    .await;
    let (status, _, code) = error_of(refused).await;
    assert_eq!(
        (status, code.as_str()),
        (400, "unknown_field"),
        "webhook_url stays refused"
    );
}

#[tokio::test]
async fn an_unsupported_locale_falls_back_to_dutch_and_the_response_says_so() {
    let app = TestApp::spawn().await;
    let (_, key) = app.org_with_key().await;

    let body = json!({"case_type_id": "motor_claim", "idempotency_key": "locale-de", "locale": "de"});
    let response = post(&app, &key, "/api/v1/sessions", &body).await;
    assert_eq!(response.status(), 201);
    let created: Value = response.json().await.expect("json");
    assert_eq!(created["locale_fallback"], json!({"requested": "de", "used": "nl"}));
    let id = created["session_id"].as_str().expect("id");
    let session: Value = app.get_json(&format!("/api/v1/sessions/{id}"), Some(&key)).await;
    assert_eq!(session["locale"], "nl");

    let replay: Value = post(&app, &key, "/api/v1/sessions", &body)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        replay["locale_fallback"], created["locale_fallback"],
        "a replay says it too"
    );

    for (locale, used) in [("en-US", "en"), ("nl_BE", "nl")] {
        let body = json!({"case_type_id": "motor_claim", "idempotency_key": locale, "locale": locale});
        let created: Value = post(&app, &key, "/api/v1/sessions", &body)
            .await
            .json()
            .await
            .expect("json");
        assert!(created.get("locale_fallback").is_none(), "{locale} is supported");
        let id = created["session_id"].as_str().expect("id");
        let session: Value = app.get_json(&format!("/api/v1/sessions/{id}"), Some(&key)).await;
        assert_eq!(session["locale"], used, "{locale}");
    }
}

#[tokio::test]
async fn me_needs_the_cases_read_scope() {
    let app = TestApp::spawn().await;
    let org = app.create_org(false, None).await;
    let (_, reader) = app.create_key(&org, Environment::Test, &[Scope::CasesRead]).await;
    let (_, creator) = app.create_key(&org, Environment::Test, &[Scope::SessionsCreate]).await;

    assert_eq!(app.get("/api/v1/me", Some(&reader)).await.status(), 200);
    let (status, kind, code) = error_of(app.get("/api/v1/me", Some(&creator)).await).await;
    assert_eq!(
        (status, kind.as_str(), code.as_str()),
        (403, "authorization_error", "insufficient_scope")
    );
}

#[tokio::test]
async fn metadata_is_kept_as_given_and_returned_on_every_read_and_webhook() {
    let app = TestApp::spawn_with(&[("KLAREFI_ALLOW_PRIVATE_URLS", "true")]).await;
    let (org, key) = app.org_with_key().await;
    let (addr, seen) = crate::fixtures::programmable_receiver(vec![]).await;
    let (code, out) = app.cli(&[
        "webhooks",
        "add",
        "--org",
        &org,
        "--url",
        &format!("http://{addr}/hook"),
    ]);
    assert_eq!(code, 0, "{out}");
    let metadata = json!({ "policy_line": "motor", "crm_id": "CRM-7781", "note": "é ü — 🚗" });

    let body = json!({ "case_type_id": "motor_claim", "idempotency_key": "meta-1", "metadata": metadata });
    let response = post(&app, &key, "/api/v1/sessions", &body).await;
    assert_eq!(response.status(), 201);
    let created: Value = response.json().await.expect("json");
    let id = created["session_id"].as_str().expect("id");
    let session = app.get_json(&format!("/api/v1/sessions/{id}"), Some(&key)).await;
    assert_eq!(session["metadata"], metadata, "{session:#}");
    let case = app.get_json(&format!("/api/v1/cases/{id}"), Some(&key)).await;
    assert_eq!(case["metadata"], metadata, "{case:#}");
    let package = app.get_json(&format!("/api/v1/cases/{id}/package"), Some(&key)).await;
    assert_eq!(package["metadata"], metadata);
    seen.wait_for(1, 10).await;
    let (_, delivered) = seen.requests.lock().expect("lock")[0].clone();
    let event: Value = serde_json::from_slice(&delivered).expect("json");
    assert_eq!(event["metadata"], metadata, "{event:#}");

    // Other metadata is another request under the same key; none at all is `{}`.
    let mut changed = body.clone();
    changed["metadata"]["crm_id"] = json!("CRM-1");
    let (status, _, code) = error_of(post(&app, &key, "/api/v1/sessions", &changed).await).await;
    assert_eq!((status, code.as_str()), (400, "idempotency_key_conflict"));
    let bare = post(
        &app,
        &key,
        "/api/v1/sessions",
        &json!({ "case_type_id": "motor_claim", "idempotency_key": "meta-2" }),
    )
    .await;
    let bare: Value = bare.json().await.expect("json");
    let bare_case = app
        .get_json(
            &format!("/api/v1/cases/{}", bare["session_id"].as_str().expect("id")),
            Some(&key),
        )
        .await;
    assert_eq!(bare_case["metadata"], json!({}));

    // The processing API takes it too.
    let (_, pkey) = {
        let org = app.create_org(true, None).await;
        app.create_key(&org, Environment::Test, &[Scope::CasesProcess, Scope::CasesRead])
            .await
    };
    let process = json!({
        "document_url": app.url("/demo/claim-form.pdf"), "case_type_id": "motor_claim",
        "idempotency_key": "meta-p", "metadata": { "batch": "2026-12" },
    });
    let accepted = post(&app, &pkey, "/api/v1/process", &process).await;
    assert_eq!(accepted.status(), 201);
    let accepted: Value = accepted.json().await.expect("json");
    let processed = app
        .get_json(
            &format!("/api/v1/cases/{}", accepted["case_id"].as_str().expect("id")),
            Some(&pkey),
        )
        .await;
    assert_eq!(processed["metadata"], json!({ "batch": "2026-12" }));
}

#[tokio::test]
async fn metadata_that_breaks_the_bounds_is_refused_and_nothing_is_created() {
    let app = TestApp::spawn().await;
    let (_, key) = app.org_with_key().await;
    let many: serde_json::Map<String, Value> = (0..51).map(|i| (format!("k{i}"), json!("v"))).collect();
    for (metadata, why) in [
        (json!("crm"), "not an object"),
        (json!(["a"]), "an array"),
        (json!({ "n": 1 }), "a number value"),
        (json!({ "n": null }), "a null value"),
        (json!({ "n": { "deep": "x" } }), "a nested object"),
        (json!({ "": "x" }), "an empty key"),
        (json!({ "k".repeat(41): "x" }), "a key of 41 characters"),
        (json!({ "k": "v".repeat(501) }), "a value of 501 characters"),
        (json!({ "k": "a\u{0}b" }), "a NUL in a value"),
        (Value::Object(many), "51 keys"),
    ] {
        let body =
            json!({ "case_type_id": "motor_claim", "idempotency_key": format!("bad-{why}"), "metadata": metadata });
        let (status, kind, code) = error_of(post(&app, &key, "/api/v1/sessions", &body).await).await;
        assert_eq!((status, kind.as_str()), (400, "validation_error"), "{why}: {code}");
    }
    let limits = json!({ "case_type_id": "motor_claim", "idempotency_key": "edge", "metadata": {
        "k".repeat(40): "v".repeat(500),
    } });
    assert_eq!(
        post(&app, &key, "/api/v1/sessions", &limits).await.status(),
        201,
        "at the limits"
    );
}
