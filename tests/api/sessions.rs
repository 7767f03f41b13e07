//! `POST /api/v1/sessions` and friends, exactly as the seeds call them.

use klarefi::cases::cache::View;
use klarefi::orgs::{Environment, Scope};
use serde_json::{Value, json};

use crate::helpers::{TestApp, error_of, strings};

/// The body of the seeds' quickstart (000).
fn seed_body(key: &str) -> Value {
    json!({
        "case_type_id": "motor_claim",
        "idempotency_key": key,
        "external_case_id": "claim_12345",
        "external_applicant_id": "applicant_789",
        "ttl_hours": 168,
        "locale": "nl"
    })
}

async fn create(app: &TestApp, api_key: &str, body: &Value) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/sessions"))
        .bearer_auth(api_key)
        .json(body)
        .send()
        .await
        .expect("request")
}

/// Creates a session with the seeds' body under `idempotency_key`; returns its id.
async fn new_session(app: &TestApp, api_key: &str, idempotency_key: &str) -> String {
    let created: Value = create(app, api_key, &seed_body(idempotency_key))
        .await
        .json()
        .await
        .expect("json");
    created["session_id"].as_str().expect("session_id").to_string()
}

/// `POST /api/v1/sessions/{id}/expire`.
async fn expire(app: &TestApp, api_key: &str, id: &str) -> reqwest::Response {
    app.client
        .post(app.url(&format!("/api/v1/sessions/{id}/expire")))
        .bearer_auth(api_key)
        .send()
        .await
        .expect("request")
}

/// Adds a document row to `case_id` through the store, as an upload does.
async fn insert_document(app: &TestApp, case_id: &str, doc_id: &str, now: i64) {
    let mut tx = app.state.db.begin().await.expect("begin");
    let doc = klarefi::documents::store::NewDocument {
        id: doc_id,
        case_id,
        step_id: None,
        filename: Some("claim.pdf"),
        content_type: "application/pdf",
        byte_size: 1,
        sha256: "00",
        now,
    };
    klarefi::documents::store::insert(&mut tx, &doc).await.expect("insert");
    tx.commit().await.expect("commit");
}

#[tokio::test]
async fn a_session_is_created_with_a_signed_url_as_the_seeds_show() {
    let app = TestApp::spawn().await;
    let (_, key) = app.org_with_key().await;
    let before = klarefi::ids::now_ms();

    let response = create(&app, &key, &seed_body("session_claim_12345")).await;

    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.expect("json");
    let id = body["session_id"].as_str().expect("session_id");
    // A UUID that sorts by creation time (version 7), so new cases append to their indexes.
    let uuid = uuid::Uuid::parse_str(id).expect("a UUID");
    assert_eq!(uuid.get_version_num(), 7, "{id}");
    let url = body["signed_url"].as_str().expect("signed_url");
    assert!(url.starts_with(&format!("{}/s/{id}?token=", app.base)), "{url}");
    assert_eq!(
        body["snippet"],
        format!("<script>window.location.href=\"{url}\";</script>")
    );
    assert_eq!(body["idempotent_replay"], false);
    let expires = body["expires_at"].as_str().expect("expires_at");
    let parsed =
        time::OffsetDateTime::parse(expires, &time::format_description::well_known::Rfc3339).expect("RFC 3339");
    let expected = before / 1000 + 168 * 3600;
    assert!(
        (parsed.unix_timestamp() - expected).abs() < 60,
        "{expires} is 168 hours out"
    );
    assert!(
        expires.ends_with('Z') && expires.len() == 24,
        "milliseconds in UTC: {expires}"
    );
}

#[tokio::test]
async fn replayed_session_create_returns_the_same_session() {
    let app = TestApp::spawn().await;
    let (_, key) = app.org_with_key().await;
    let first: Value = create(&app, &key, &seed_body("k1")).await.json().await.expect("json");

    let replay = create(&app, &key, &seed_body("k1")).await;

    assert_eq!(replay.status(), 200);
    let replay: Value = replay.json().await.expect("json");
    assert_eq!(replay["idempotent_replay"], true);
    for field in ["session_id", "signed_url", "expires_at", "snippet"] {
        assert_eq!(replay[field], first[field], "{field}");
    }
    // The record that answers replays holds no signed link (a bearer token at rest).
    let stored: Vec<String> = klarefi::on_db!(
        &app.state.db,
        read | pool
            | sqlx::query_scalar::<_, String>("SELECT response FROM idempotency_keys")
                .fetch_all(pool)
                .await
    )
    .expect("records");
    assert_eq!(stored.len(), 1);
    assert!(!stored[0].contains("token"), "{}", stored[0]);
}

#[tokio::test]
async fn the_idempotency_key_may_come_from_the_header_and_the_body_wins() {
    let app = TestApp::spawn().await;
    let (_, key) = app.org_with_key().await;
    let mut body = seed_body("unused");
    body.as_object_mut().expect("object").remove("idempotency_key");
    let send = |body: Value, header: &'static str| {
        app.client
            .post(app.url("/api/v1/sessions"))
            .bearer_auth(&key)
            .header("Idempotency-Key", header)
            .json(&body)
            .send()
    };

    let by_header: Value = send(body.clone(), "hdr-1")
        .await
        .expect("request")
        .json()
        .await
        .expect("json");
    let replay = send(body.clone(), "hdr-1").await.expect("request");
    assert_eq!(replay.status(), 200);
    let mut with_body_key = body.clone();
    with_body_key["idempotency_key"] = json!("body-1");
    let body_wins = send(with_body_key, "hdr-1").await.expect("request");

    assert_eq!(body_wins.status(), 201, "the body's key is a new key");
    let body_wins: Value = body_wins.json().await.expect("json");
    assert_ne!(body_wins["session_id"], by_header["session_id"]);
}

#[tokio::test]
async fn a_malformed_idempotency_key_header_is_refused_even_when_the_body_has_a_key() {
    let app = TestApp::spawn().await;
    let (_, key) = app.org_with_key().await;
    let cases: &[(&[u8], &str)] = &[
        (b"", "an empty header"),
        (b"two words", "a space inside"),
        ("s\u{e9}ance".as_bytes(), "a character outside visible ASCII"),
        (&[b'k'; 256], "256 characters"),
    ];
    for (header, why) in cases {
        let response = app
            .client
            .post(app.url("/api/v1/sessions"))
            .bearer_auth(&key)
            .header(
                "Idempotency-Key",
                reqwest::header::HeaderValue::from_bytes(header).expect("header value"),
            )
            .json(&seed_body(&format!("body-key-{}", header.len())))
            .send()
            .await
            .expect("request");

        let (status, kind, code) = error_of(response).await;
        assert_eq!(
            (status, kind.as_str(), code.as_str()),
            (400, "validation_error", "invalid_field"),
            "{why}"
        );
    }
}

#[tokio::test]
async fn the_same_key_with_other_parameters_is_a_conflict() {
    let app = TestApp::spawn().await;
    let (_, key) = app.org_with_key().await;
    assert_eq!(create(&app, &key, &seed_body("k")).await.status(), 201);
    let mut other = seed_body("k");
    other["external_case_id"] = json!("claim_99999");

    let (status, kind, code) = error_of(create(&app, &key, &other).await).await;

    assert_eq!(
        (status, kind.as_str(), code.as_str()),
        (400, "validation_error", "idempotency_key_conflict")
    );
}

/// The claim and the writes it guards are one statement (or one call): a replay and a
/// conflict must write nothing, neither a case, an event, a webhook delivery, a record nor an
/// observation, on both ways of writing (without prefill: one statement; with it: a
/// transaction).
#[tokio::test]
async fn a_replay_or_a_conflict_writes_nothing() {
    let app = TestApp::spawn().await;
    let (org, key) = app.org_with_key().await;
    let hook = "https://hooks.example.com/klarefi";
    let (code, out) = app.cli(&["webhooks", "add", "--org", &org, "--url", hook]);
    assert_eq!(code, 0, "{out}");
    let mut prefilled = seed_body("with-prefill");
    prefilled["prefill"] = json!({"field_values": {"licence_plate": "ab-123-c"}});

    for body in [seed_body("plain"), prefilled] {
        assert_eq!(create(&app, &key, &body).await.status(), 201);
        assert_eq!(create(&app, &key, &body).await.status(), 200);
        let mut other = body.clone();
        other["external_case_id"] = json!("claim_other");
        assert_eq!(create(&app, &key, &other).await.status(), 400);
    }

    for (table, expected) in [
        ("cases", 2),
        ("case_events", 2),
        ("webhook_deliveries", 2),
        ("idempotency_keys", 2),
        ("observations", 1),
    ] {
        let sql = sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}"));
        let n: i64 = klarefi::on_db!(
            &app.state.db,
            read | pool | sqlx::query_scalar::<_, i64>(sql).fetch_one(pool).await
        )
        .expect("count");
        assert_eq!(n, expected, "{table}");
    }
}

#[tokio::test]
async fn keys_are_scoped_per_organization_and_environment() {
    let app = TestApp::spawn().await;
    let org = app.create_org(false, None).await;
    let (_, test_key) = app.create_key(&org, Environment::Test, Scope::ALL).await;
    let (_, live_key) = app.create_key(&org, Environment::Live, Scope::ALL).await;
    let (_, other_key) = app.org_with_key().await;

    let mut ids = Vec::new();
    for key in [&test_key, &live_key, &other_key] {
        let response = create(&app, key, &seed_body("shared-key")).await;
        assert_eq!(response.status(), 201);
        ids.push(response.json::<Value>().await.expect("json")["session_id"].clone());
    }

    ids.dedup();
    assert_eq!(ids.len(), 3, "three distinct sessions");
}

#[tokio::test]
async fn fifty_concurrent_requests_with_one_key_create_one_session() {
    let app = TestApp::spawn().await;
    let (_, key) = app.org_with_key().await;
    let body = seed_body("burst");

    let results = create_all(&app, &key, &vec![body; 50]).await;

    let created = results.iter().filter(|(s, _)| *s == 201).count();
    let replayed = results.iter().filter(|(s, _)| *s == 200).count();
    assert_eq!(
        (created, replayed),
        (1, 49),
        "{:?}",
        results.iter().map(|r| r.0).collect::<Vec<_>>()
    );
    let first = &results[0].1["session_id"];
    assert!(results.iter().all(|(_, b)| &b["session_id"] == first));
    let cases: i64 = klarefi::on_db!(
        &app.state.db,
        read | pool | {
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM cases")
                .fetch_one(pool)
                .await
        }
    )
    .expect("count");
    assert_eq!(cases, 1);
}

/// Sends every body to `POST /api/v1/sessions` at once: each answer's status and body, in
/// the bodies' order.
async fn create_all(app: &TestApp, api_key: &str, bodies: &[Value]) -> Vec<(u16, Value)> {
    futures_util::future::join_all(bodies.iter().map(|body| async move {
        let response = create(app, api_key, body).await;
        let status = response.status().as_u16();
        (status, response.json::<Value>().await.expect("json"))
    }))
    .await
}

/// Counts rows of the test database.
async fn count(app: &TestApp, sql: &'static str) -> i64 {
    klarefi::on_db!(
        &app.state.db,
        read | pool | sqlx::query_scalar::<_, i64>(sql).fetch_one(pool).await
    )
    .expect("count")
}

#[tokio::test]
async fn a_burst_of_session_creates_answers_every_request_as_if_it_came_alone() {
    // On SQLite the creates that arrive together are written together (`cases::batch`):
    // new keys, prefilled values, replays, a contested key and webhook deliveries all share
    // a transaction, and each request must still get its own answer.
    let app = TestApp::spawn().await;
    let (org, key) = app.org_with_key().await;
    let (code, out) = app.cli(&[
        "webhooks",
        "add",
        "--org",
        &org,
        "--url",
        "https://hooks.example.com/klarefi",
    ]);
    assert_eq!(code, 0, "{out}");
    let mut requests = Vec::new();
    for n in 0..30 {
        let mut body = seed_body(&format!("new-{n}"));
        if n % 3 == 0 {
            body["prefill"] = json!({"field_values": {"licence_plate": "ab-123-c"}});
        }
        requests.push(("new", body));
    }
    for n in 0..10 {
        for _ in 0..3 {
            requests.push(("same", seed_body(&format!("same-{n}"))));
        }
    }
    for n in 0..10 {
        let mut body = seed_body("contested");
        body["external_case_id"] = json!(format!("claim_{n}"));
        requests.push(("contested", body));
    }

    let bodies: Vec<Value> = requests.iter().map(|(_, body)| body.clone()).collect();
    let answers = create_all(&app, &key, &bodies).await;

    let mut new_ids = std::collections::HashSet::new();
    let mut per_key: std::collections::HashMap<String, Vec<(u16, Value)>> = Default::default();
    for ((kind, body), (status, answer)) in requests.iter().zip(answers) {
        let idempotency_key = body["idempotency_key"].as_str().unwrap_or_default().to_string();
        if *kind == "new" {
            assert_eq!(status, 201, "{answer}");
            assert!(new_ids.insert(answer["session_id"].to_string()), "{answer}");
        } else {
            per_key.entry(idempotency_key).or_default().push((status, answer));
        }
    }
    assert_eq!(new_ids.len(), 30);
    for (idempotency_key, answers) in &per_key {
        let created: Vec<_> = answers.iter().filter(|(status, _)| *status == 201).collect();
        assert_eq!(created.len(), 1, "{idempotency_key}: {answers:?}");
        let session_id = &created[0].1["session_id"];
        for (status, answer) in answers.iter().filter(|(status, _)| *status != 201) {
            if idempotency_key == "contested" {
                assert_eq!(*status, 400, "{answer}");
                assert_eq!(answer["error"]["code"], "idempotency_key_conflict", "{answer}");
            } else {
                assert_eq!(*status, 200, "{answer}");
                assert_eq!(&answer["session_id"], session_id);
                assert_eq!(answer["idempotent_replay"], true);
            }
        }
    }

    assert_eq!(count(&app, "SELECT COUNT(*) FROM cases").await, 41);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM case_events WHERE cursor = 1").await,
        41
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM case_events").await, 41);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM idempotency_keys").await, 41);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM webhook_deliveries").await, 41);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM observations WHERE method = 'prefill'").await,
        10
    );
}

#[tokio::test]
async fn a_new_case_the_database_refuses_costs_the_others_written_with_it_nothing() {
    use klarefi::cases::batch::create_case;
    use klarefi::cases::store::NewCase;
    use klarefi::cases::{CaseStatus, EventType};
    use klarefi::idempotency::{Claim, Claiming, Scope as KeyScope};

    let app = TestApp::spawn().await;
    let (org, _) = app.org_with_key().await;
    let now = klarefi::ids::now_ms();
    // Long return URLs make a PostgreSQL group of these cases several statements sharing a
    // transaction, which case 7 then fails as a whole.
    let return_url = format!("https://example.com/{}", "r".repeat(4000));
    let mut set = tokio::task::JoinSet::new();
    for n in 0..20 {
        // Case 7 names an organization that does not exist: its row breaks a foreign key.
        let org_id = if n == 7 { "org_missing".to_string() } else { org.clone() };
        let key = format!("direct-{n}");
        let case = NewCase {
            id: format!("case_direct_{n}"),
            org_id: org_id.clone(),
            environment: Environment::Test,
            mode: klarefi::cases::Mode::Hosted,
            case_type_id: "motor_claim".into(),
            status: CaseStatus::Created,
            locale: None,
            return_url: Some(return_url.clone()),
            external_case_id: None,
            external_applicant_id: None,
            external_customer_id: None,
            trace_id: None,
            idempotency_key: Some(key.clone()),
            prefill: "{}".into(),
            metadata: "{}".into(),
            link_expires_at: Some(now + 3_600_000),
            now,
        };
        let claim = Claiming {
            scope: KeyScope {
                org_id,
                environment: Environment::Test,
                endpoint: "sessions.create",
                key,
            },
            fingerprint: "direct".into(),
            response: json!({}),
        };
        let db = app.state.db.clone();
        let batch = app.state.new_cases.clone();
        set.spawn(async move {
            let created = create_case(
                &db,
                batch.as_ref(),
                case,
                EventType::SessionCreated,
                json!({}),
                claim,
                Vec::new(),
            )
            .await;
            (n, created)
        });
    }
    for (n, created) in set.join_all().await {
        match created {
            Ok(Claim::Fresh) => assert_ne!(n, 7),
            Ok(Claim::Replay(stored)) => panic!("case {n} replayed {stored}"),
            Err(err) => assert_eq!(n, 7, "{err}"),
        }
    }
    assert_eq!(count(&app, "SELECT COUNT(*) FROM cases").await, 19);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM case_events").await, 19);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM idempotency_keys").await, 19);
}

#[tokio::test]
async fn bad_session_requests_are_refused_with_a_validation_error() {
    let app = TestApp::spawn().await;
    let (_, key) = app.org_with_key().await;
    let with = |field: &str, value: Value| {
        let mut body = seed_body("v");
        body[field] = value;
        body
    };
    let without = |field: &str| {
        let mut body = seed_body("v");
        body.as_object_mut().expect("object").remove(field);
        body
    };

    let cases: Vec<(&str, Value, &str)> = vec![
        ("no case type", without("case_type_id"), "missing_field"),
        (
            "unknown case type",
            with("case_type_id", json!("boat_claim")),
            "unknown_case_type",
        ),
        (
            "no idempotency key",
            without("idempotency_key"),
            "missing_idempotency_key",
        ),
        (
            "blank idempotency key",
            with("idempotency_key", json!("  ")),
            "missing_idempotency_key",
        ),
        ("ttl zero", with("ttl_hours", json!(0)), "invalid_field"),
        ("ttl fraction", with("ttl_hours", json!(1.5)), "invalid_field"),
        ("ttl too long", with("ttl_hours", json!(10_000)), "invalid_field"),
        (
            "http return_url",
            with("return_url", json!("http://claims.example.com")),
            "invalid_field",
        ),
        (
            "relative return_url",
            with("return_url", json!("/back")),
            "invalid_field",
        ),
        ("not a language tag", with("locale", json!("fr!")), "unsupported_locale"),
        (
            "numeric external id",
            with("external_case_id", json!(12345)),
            "invalid_field",
        ),
        (
            "overlong trace id",
            with("trace_id", json!("x".repeat(300))),
            "invalid_field",
        ),
        (
            "webhook_url",
            with("webhook_url", json!("https://hooks.example.com")),
            "unknown_field",
        ),
        (
            "prefill of an unknown fact",
            with("prefill", json!({"field_values": {"shoe_size": "44"}})),
            "invalid_field",
        ),
        (
            "empty prefill value",
            with("prefill", json!({"field_values": {"licence_plate": " "}})),
            "invalid_field",
        ),
    ];
    for (why, body, code) in cases {
        let (status, kind, got) = error_of(create(&app, &key, &body).await).await;
        assert_eq!(
            (status, kind.as_str(), got.as_str()),
            (400, "validation_error", code),
            "{why}"
        );
    }
}

#[tokio::test]
async fn malformed_bodies_get_the_envelope_with_their_own_status() {
    let app = TestApp::spawn().await;
    let (_, key) = app.org_with_key().await;
    let post = || app.client.post(app.url("/api/v1/sessions")).bearer_auth(&key);
    let huge = format!(
        "{{\"case_type_id\": \"motor_claim\", \"trace_id\": \"{}\"}}",
        "x".repeat(2 * 1024 * 1024)
    );

    let cases: Vec<(&str, reqwest::RequestBuilder, u16, &str)> = vec![
        (
            "broken JSON",
            post()
                .header("content-type", "application/json")
                .body("{\"case_type_id\":"),
            400,
            "invalid_json",
        ),
        (
            "not an object",
            post().header("content-type", "application/json").body("[1,2]"),
            400,
            "invalid_field",
        ),
        (
            "form body",
            post()
                .header("content-type", "application/x-www-form-urlencoded")
                .body("a=b"),
            415,
            "unsupported_media_type",
        ),
        ("no content type", post().body("{}"), 415, "unsupported_media_type"),
        (
            "over 1 MiB",
            post().header("content-type", "application/json").body(huge),
            413,
            "body_too_large",
        ),
    ];
    for (why, request, status, code) in cases {
        let got = error_of(request.send().await.expect("request")).await;
        assert_eq!(
            (got.0, got.1.as_str(), got.2.as_str()),
            (status, "validation_error", code),
            "{why}"
        );
    }
}

#[tokio::test]
async fn a_key_without_the_scope_gets_403() {
    let app = TestApp::spawn().await;
    let org = app.create_org(false, None).await;
    let (_, read_only) = app.create_key(&org, Environment::Test, &[Scope::CasesRead]).await;
    let (_, create_only) = app.create_key(&org, Environment::Test, &[Scope::SessionsCreate]).await;
    let id = new_session(&app, &create_only, "s").await;

    let denied = [
        create(&app, &read_only, &seed_body("t")).await,
        app.get(&format!("/api/v1/cases/{id}"), Some(&create_only)).await,
        app.get(&format!("/api/v1/cases/{id}/events"), Some(&create_only)).await,
        app.get(&format!("/api/v1/sessions/{id}"), Some(&create_only)).await,
    ];
    for response in denied {
        assert!(response.headers().contains_key("x-ratelimit-remaining"));
        let (status, kind, code) = error_of(response).await;
        assert_eq!(
            (status, kind.as_str(), code.as_str()),
            (403, "authorization_error", "insufficient_scope")
        );
    }
}

#[tokio::test]
async fn a_case_is_read_in_the_seeds_shape_and_its_events_are_a_gap_free_feed() {
    let app = TestApp::spawn().await;
    let (org, key) = app.org_with_key().await;
    let mut body = seed_body("c");
    body["prefill"] = json!({"field_values": {"licence_plate": "ab-123-c", "iban": "NL91 ABNA 0417 1643 00"}});
    body["trace_id"] = json!("trace_claim_12345");
    body["external_customer_id"] = json!("cust_1");
    let created: Value = create(&app, &key, &body).await.json().await.expect("json");
    let id = created["session_id"].as_str().expect("id").to_string();

    let case: Value = app.get_json(&format!("/api/v1/cases/{id}"), Some(&key)).await;
    assert_eq!(case["case_id"], id.as_str());
    assert_eq!(case["org_id"], org.as_str());
    assert_eq!(case["status"], "created");
    assert_eq!(case["case_type_id"], "motor_claim");
    assert_eq!(case["document_ids"], json!([]));
    let plate = &case["features"]["licence_plate"];
    assert_eq!(
        plate["candidates"][0]["value_normalized"], "AB-123-C",
        "prefill becomes a candidate: {plate}"
    );
    assert_eq!(plate["candidates"][0]["source"], "prefill");
    assert_eq!(plate["evidence"][0]["method"], "prefill");
    assert_eq!(
        plate["decision"]["decision"], "review",
        "a prefilled value alone waits for confirmation"
    );
    assert_eq!(
        case["features"]["iban"]["candidates"][0]["value_normalized"],
        "NL91ABNA0417164300"
    );
    assert_eq!(case["features"]["incident_date"]["decision"]["decision"], "missing");
    assert_eq!(case["external_case_id"], "claim_12345");
    assert_eq!(case["external_applicant_id"], "applicant_789");
    assert_eq!(case["external_customer_id"], "cust_1");
    assert_eq!(case["trace_id"], "trace_claim_12345");

    assert_eq!(expire(&app, &key, &id).await.status(), 200);

    let feed: Value = app
        .get_json(&format!("/api/v1/cases/{id}/events?after_cursor=0"), Some(&key))
        .await;
    let events = feed["events"].as_array().expect("events");
    let types: Vec<&str> = events.iter().filter_map(|e| e["event_type"].as_str()).collect();
    let cursors: Vec<i64> = events.iter().filter_map(|e| e["cursor"].as_i64()).collect();
    assert_eq!(types, ["intake.session_created", "session.expired"]);
    assert_eq!(cursors, [1, 2]);
    assert_eq!(feed["next_cursor"], 2);
    assert!(
        events
            .iter()
            .all(|e| e["event_id"].as_str().is_some_and(|s| s.starts_with("evt_")))
    );

    let rest: Value = app
        .get_json(&format!("/api/v1/cases/{id}/events?after_cursor=1"), Some(&key))
        .await;
    assert_eq!(rest["events"].as_array().map(Vec::len), Some(1));
    let none: Value = app
        .get_json(&format!("/api/v1/cases/{id}/events?after_cursor=2"), Some(&key))
        .await;
    assert_eq!(
        (none["events"].as_array().map(Vec::len), &none["next_cursor"]),
        (Some(0), &json!(2))
    );
    let page: Value = app
        .get_json(&format!("/api/v1/cases/{id}/events?limit=1"), Some(&key))
        .await;
    assert_eq!(
        (page["next_cursor"].as_i64(), &page["has_more"]),
        (Some(1), &json!(true))
    );

    for bad in ["after_cursor=-1", "limit=0", "limit=101", "after_cursor=abc"] {
        let response = app.get(&format!("/api/v1/cases/{id}/events?{bad}"), Some(&key)).await;
        let (status, _, _) = error_of(response).await;
        assert_eq!(status, 400, "{bad}");
    }
    // An unknown parameter is ignored, like an unknown body field.
    let response = app
        .get(&format!("/api/v1/cases/{id}/events?cursor=1"), Some(&key))
        .await;
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn expiring_a_session_revokes_its_link_at_once_and_only_once() {
    let app = TestApp::spawn().await;
    let (_, key) = app.org_with_key().await;
    let created: Value = create(&app, &key, &seed_body("e")).await.json().await.expect("json");
    let id = created["session_id"].as_str().expect("id");
    let read: Value = app.get_json(&format!("/api/v1/sessions/{id}"), Some(&key)).await;
    assert_eq!(read["link_active"], true);
    assert_eq!(
        read["signed_url"], created["signed_url"],
        "the same link can be read back"
    );

    let first: Value = expire(&app, &key, id).await.json().await.expect("json");
    let second: Value = expire(&app, &key, id).await.json().await.expect("json");

    assert_eq!(first["status"], "expired");
    assert_eq!(first["link_active"], false);
    assert_eq!(first["signed_url"], Value::Null);
    assert_eq!(second["revoked_at"], first["revoked_at"]);
    let feed: Value = app.get_json(&format!("/api/v1/cases/{id}/events"), Some(&key)).await;
    assert_eq!(
        feed["events"].as_array().map(Vec::len),
        Some(2),
        "one session.expired event"
    );
}

#[tokio::test]
async fn another_organizations_or_environments_session_is_not_found() {
    let app = TestApp::spawn().await;
    let org = app.create_org(false, None).await;
    let (_, test_key) = app.create_key(&org, Environment::Test, Scope::ALL).await;
    let (_, live_key) = app.create_key(&org, Environment::Live, Scope::ALL).await;
    let (_, stranger) = app.org_with_key().await;
    let id = new_session(&app, &test_key, "mine").await;

    for key in [&live_key, &stranger] {
        for path in [
            format!("/api/v1/sessions/{id}"),
            format!("/api/v1/cases/{id}"),
            format!("/api/v1/cases/{id}/events"),
        ] {
            let (status, kind, _) = error_of(app.get(&path, Some(key)).await).await;
            assert_eq!((status, kind.as_str()), (404, "not_found"), "{path}");
        }
        assert_eq!(expire(&app, key, &id).await.status(), 404);
    }
    let still: Value = app.get_json(&format!("/api/v1/sessions/{id}"), Some(&test_key)).await;
    assert_eq!(still["link_active"], true, "nobody else could expire it");
}

#[tokio::test]
async fn a_case_read_lists_its_documents_oldest_first_as_the_package_does() {
    let app = TestApp::spawn().await;
    let (_, key) = app.org_with_key().await;
    let id = new_session(&app, &key, "d").await;
    for (doc, at) in [("doc_m", 3_000), ("doc_z", 1_000), ("doc_a", 2_000)] {
        insert_document(&app, &id, doc, at).await;
    }

    let case = app.get_json(&format!("/api/v1/cases/{id}"), Some(&key)).await;
    assert_eq!(case["document_ids"], json!(["doc_z", "doc_a", "doc_m"]));
    let package = app.get_json(&format!("/api/v1/cases/{id}/package"), Some(&key)).await;
    assert_eq!(strings(&package["documents"], "doc_id"), ["doc_z", "doc_a", "doc_m"]);
}

/// Reads the case through `app` until `app`'s case cache holds it (on PostgreSQL the cache is
/// used once the instance listens for changes, a moment after it starts; and a read that
/// raced any change is not stored).
async fn read_until_cached(app: &TestApp, key: &str, org: &str, id: &str) -> Value {
    read_view_until_cached(app, key, org, id, View::Case, &format!("/api/v1/cases/{id}")).await
}

async fn read_view_until_cached(app: &TestApp, key: &str, org: &str, id: &str, view: View, path: &str) -> Value {
    for _ in 0..100 {
        let body = app.get_json(path, Some(key)).await;
        if app.state.cases.get(id, view, org, Environment::Test).is_some() {
            return body;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("{view:?} of {id} was never cached");
}

#[tokio::test]
async fn a_cached_case_view_changes_with_the_case_and_is_served_to_its_organization_only() {
    let app = TestApp::spawn_with(&[("KLAREFI_CASE_CACHE_MS", "60000")]).await;
    let org = app.create_org(false, None).await;
    let (_, key) = app.create_key(&org, Environment::Test, Scope::ALL).await;
    let (_, live_key) = app.create_key(&org, Environment::Live, Scope::ALL).await;
    let (_, stranger) = app.org_with_key().await;
    let id = new_session(&app, &key, "cached").await;
    let path = format!("/api/v1/cases/{id}");

    let first = read_until_cached(&app, &key, &org, &id).await;
    assert_eq!(app.get_json(&path, Some(&key)).await, first, "a hit is the same body");
    let hit = app.get(&path, Some(&key)).await;
    assert_eq!(
        hit.headers().get("content-type").and_then(|v| v.to_str().ok()),
        Some("application/json")
    );
    for other in [&live_key, &stranger] {
        let (status, kind, _) = error_of(app.get(&path, Some(other)).await).await;
        assert_eq!((status, kind.as_str()), (404, "not_found"));
    }

    // The event feed is cached per page, beside the case.
    let feed_path = format!("/api/v1/cases/{id}/events?after_cursor=0&limit=10");
    let page = View::Events { after: 0, limit: 10 };
    let feed = read_view_until_cached(&app, &key, &org, &id, page, &feed_path).await;
    assert_eq!(app.get_json(&feed_path, Some(&key)).await, feed);
    assert_eq!(feed["events"].as_array().map(Vec::len), Some(1));
    for other in [&live_key, &stranger] {
        let (status, kind, _) = error_of(app.get(&feed_path, Some(other)).await).await;
        assert_eq!((status, kind.as_str()), (404, "not_found"));
    }

    // A state change through the API: the next reads show it.
    assert_eq!(expire(&app, &key, &id).await.status(), 200);
    let after = app.get_json(&path, Some(&key)).await;
    assert_eq!(after["status"], "expired");
    assert_ne!(after["updated_at"], first["updated_at"]);
    let feed = app.get_json(&feed_path, Some(&key)).await;
    assert_eq!(
        strings(&feed["events"], "event_type"),
        ["intake.session_created", "session.expired"]
    );
    assert_eq!(feed["next_cursor"], 2);

    // A write through the store, as the applicant's upload makes it.
    read_until_cached(&app, &key, &org, &id).await;
    insert_document(&app, &id, "doc_cached", klarefi::ids::now_ms()).await;
    let after = app.get_json(&path, Some(&key)).await;
    assert_eq!(after["document_ids"], json!(["doc_cached"]));
}

#[tokio::test]
async fn a_zero_case_cache_age_reads_the_database_every_time() {
    let app = TestApp::spawn_with(&[("KLAREFI_CASE_CACHE_MS", "0")]).await;
    let (org, key) = app.org_with_key().await;
    let id = new_session(&app, &key, "uncached").await;
    for _ in 0..3 {
        let view = app.get_json(&format!("/api/v1/cases/{id}"), Some(&key)).await;
        assert_eq!(view["case_id"], id);
    }
    assert_eq!(app.state.cases.get(&id, View::Case, &org, Environment::Test), None);
}

#[tokio::test]
async fn another_instance_on_postgresql_hears_a_case_change_at_once() {
    let first = TestApp::spawn_with(&[("KLAREFI_CASE_CACHE_MS", "60000")]).await;
    if first.state.db.backend() != klarefi::db::Backend::Postgres {
        eprintln!(
            "skipped: instances hear each other's case changes on PostgreSQL only (set KLAREFI_TEST_POSTGRES_URL)"
        );
        return;
    }
    let second = TestApp::spawn_sharing(&first).await;
    let (org, key) = first.org_with_key().await;
    let id = new_session(&first, &key, "shared").await;
    assert_eq!(read_until_cached(&second, &key, &org, &id).await["status"], "created");

    assert_eq!(expire(&first, &key, &id).await.status(), 200);

    // The second instance cached the view for a minute; only the notification explains a
    // prompt change.
    let started = std::time::Instant::now();
    loop {
        let view = second.get_json(&format!("/api/v1/cases/{id}"), Some(&key)).await;
        if view["status"] == "expired" {
            break;
        }
        assert!(
            started.elapsed().as_secs() < 5,
            "the second instance still serves the old view"
        );
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
}
