//! The processing API end to end: a document URL is fetched, read in the sandbox, its facts
//! resolved with evidence; packages, erasure and the job queue's guarantees.

use klarefi::orgs::{Environment, Scope};
use serde_json::{Value, json};

use crate::fixtures::{self, complete_claim_pdf, document_server};
use crate::helpers::{TestApp, error_of};

pub const PRIVATE: &[(&str, &str)] = &[("KLAREFI_ALLOW_PRIVATE_URLS", "true")];

pub async fn process(app: &TestApp, key: &str, body: &Value) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/process"))
        .bearer_auth(key)
        .json(body)
        .send()
        .await
        .expect("request")
}

/// Polls the event feed until one of `types` appears; returns every event type seen. A slow
/// read (OCR on a loaded machine) can outlast the organization's 100 requests a minute: a 429
/// waits instead of failing the test.
pub async fn wait_for(app: &TestApp, key: &str, case_id: &str, types: &[&str]) -> Vec<String> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(90);
    while std::time::Instant::now() < deadline {
        let feed: Value = app
            .get_json(&format!("/api/v1/cases/{case_id}/events"), Some(key))
            .await;
        if feed["error"]["type"] == "rate_limit_error" {
            tokio::time::sleep(std::time::Duration::from_millis(500)).await;
            continue;
        }
        let seen: Vec<String> = feed["events"]
            .as_array()
            .unwrap_or_else(|| panic!("events: {feed}"))
            .iter()
            .filter_map(|e| e["event_type"].as_str().map(String::from))
            .collect();
        if seen.iter().any(|t| types.contains(&t.as_str())) {
            return seen;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("none of {types:?} happened on {case_id}");
}

#[tokio::test]
async fn a_fetched_claim_form_completes_the_case_with_evidence_that_quotes_the_page() {
    let app = TestApp::spawn_with(PRIVATE).await;
    let (org, key) = app.org_with_key().await;
    let pdf = complete_claim_pdf();
    let server = document_server(pdf.clone()).await;

    let response = process(
        &app,
        &key,
        &json!({
            "document_url": format!("http://{server}/moved"),
            "case_type_id": "motor_claim",
            "idempotency_key": "process_claim_12345_doc_1",
            "external_case_id": "claim_12345",
            "trace_id": "trace_claim_12345"
        }),
    )
    .await;

    assert_eq!(response.status(), 201);
    let created: Value = response.json().await.expect("json");
    let case_id = created["case_id"].as_str().expect("case_id").to_string();
    assert!(case_id.starts_with("case_"));
    assert!(created["doc_id"].as_str().is_some_and(|d| d.starts_with("doc_")));
    assert!(created["job_id"].as_str().is_some_and(|j| j.starts_with("job_")));
    assert_eq!(
        (&created["status"], &created["idempotent_replay"]),
        (&json!("queued"), &json!(false))
    );

    let seen = wait_for(
        &app,
        &key,
        &case_id,
        &["case.completed", "case.needs_review", "case.failed"],
    )
    .await;
    assert_eq!(
        seen,
        [
            "case.processing",
            "document.uploaded",
            "document.processed",
            "case.completed"
        ]
    );

    let case: Value = app.get_json(&format!("/api/v1/cases/{case_id}"), Some(&key)).await;
    assert_eq!(case["status"], "completed");
    assert_eq!(case["org_id"], org.as_str());
    assert_eq!(case["document_ids"], json!([created["doc_id"]]));
    let pages = klarefi::documents::store::pages(&app.state.db, created["doc_id"].as_str().expect("doc"))
        .await
        .expect("pages");
    let expected = [
        ("incident_date", "2023-02-03"),
        ("licence_plate", "AB-123-C"),
        ("counterparty_licence_plate", "12-XYZ-3"),
        ("damage_amount", "1234.56"),
        ("iban", "NL91ABNA0417164300"),
        ("policy_number", "AUTO-2023-44871"),
        ("claimant_email", "jan.devries@example.nl"),
        ("claimant_phone", "+31612345678"),
    ];
    for (fact, value) in expected {
        let f = &case["features"][fact];
        assert_eq!(f["decision"]["decision"], "keep", "{fact}: {f}");
        let selected = &f["decision"]["selected_candidate_id"];
        let candidate = f["candidates"]
            .as_array()
            .expect("candidates")
            .iter()
            .find(|c| &c["candidate_id"] == selected)
            .expect("selected candidate");
        assert_eq!(candidate["value_normalized"], value, "{fact}");
        for ev in f["evidence"].as_array().expect("evidence") {
            let page = &pages[usize::try_from(ev["page_index"].as_i64().expect("page")).expect("index")];
            let (s, e) = (
                ev["location"]["char_start"].as_u64().expect("start"),
                ev["location"]["char_end"].as_u64().expect("end"),
            );
            let slice: String = page.text.chars().skip(s as usize).take((e - s) as usize).collect();
            assert_eq!(
                ev["quote"].as_str(),
                Some(slice.as_str()),
                "{fact}: quote == page_text[char_start..char_end]"
            );
            assert_eq!(ev["method"], "born_digital_text");
        }
    }

    let package: Value = app
        .get_json(&format!("/api/v1/cases/{case_id}/package"), Some(&key))
        .await;
    assert_eq!(package["schema_version"], "case_package.v1");
    assert!(
        package["case_file_url"]
            .as_str()
            .is_some_and(|u| u.starts_with(&format!("{}/case-file/{case_id}?token=", app.base)))
    );
    assert_eq!(package["facts"]["incident_date"]["value"], "2023-02-03");
    assert_eq!(package["documents"][0]["sha256"], klarefi::ids::sha256_hex(&pdf));
    assert_eq!(package["documents"][0]["pages"], 1);
    assert_eq!(package["trace_id"], "trace_claim_12345");
}

#[tokio::test]
async fn the_processing_api_needs_its_scope_and_the_organizations_permission() {
    let app = TestApp::spawn_with(PRIVATE).await;
    let disabled = app.create_org(false, None).await;
    let (_, disabled_key) = app.create_key(&disabled, Environment::Test, Scope::ALL).await;
    let enabled = app.create_org(true, None).await;
    let (_, read_only) = app.create_key(&enabled, Environment::Test, &[Scope::CasesRead]).await;
    let body = json!({"document_url": "https://storage.example.com/claim-form.pdf", "case_type_id": "motor_claim", "idempotency_key": "p"});

    let (status, kind, code) = error_of(process(&app, &disabled_key, &body).await).await;
    assert_eq!(
        (status, kind.as_str(), code.as_str()),
        (428, "precondition_error", "processing_not_enabled")
    );
    let (status, kind, _) = error_of(process(&app, &read_only, &body).await).await;
    assert_eq!((status, kind.as_str()), (403, "authorization_error"));
}

#[tokio::test]
async fn bad_process_requests_are_refused() {
    let app = TestApp::spawn().await;
    let (_, key) = app.org_with_key().await;
    let with = |field: &str, value: Value| {
        let mut body = json!({"document_url": "https://storage.example.com/claim-form.pdf", "case_type_id": "motor_claim", "idempotency_key": "v"});
        body[field] = value;
        body
    };

    let missing = error_of(
        process(
            &app,
            &key,
            &json!({"case_type_id": "motor_claim", "idempotency_key": "x"}),
        )
        .await,
    )
    .await;
    assert_eq!(missing.2, "missing_document_url");
    let cases: Vec<(&str, Value, &str)> = vec![
        ("not a string", with("document_url", json!(42)), "missing_document_url"),
        (
            "plain http",
            with("document_url", json!("http://storage.example.com/a.pdf")),
            "invalid_document_url",
        ),
        (
            "file",
            with("document_url", json!("file:///etc/passwd")),
            "invalid_document_url",
        ),
        (
            "ftp",
            with("document_url", json!("ftp://example.com/a.pdf")),
            "invalid_document_url",
        ),
        (
            "loopback literal",
            with("document_url", json!("https://127.0.0.1/a.pdf")),
            "invalid_document_url",
        ),
        (
            "metadata address",
            with("document_url", json!("https://169.254.169.254/latest/meta-data")),
            "invalid_document_url",
        ),
        (
            "decimal loopback",
            with("document_url", json!("https://2130706433/a.pdf")),
            "invalid_document_url",
        ),
        (
            "IPv4-mapped IPv6",
            with("document_url", json!("https://[::ffff:10.0.0.1]/a.pdf")),
            "invalid_document_url",
        ),
        (
            "credentials",
            with("document_url", json!("https://user:pw@example.com/a.pdf")),
            "invalid_document_url",
        ),
        (
            "webhook_url",
            with("webhook_url", json!("https://hooks.example.com")),
            "unknown_field",
        ),
        (
            "unknown case type",
            with("case_type_id", json!("boat_claim")),
            "unknown_case_type",
        ),
    ];
    for (why, body, code) in cases {
        let (status, kind, got) = error_of(process(&app, &key, &body).await).await;
        assert_eq!(
            (status, kind.as_str(), got.as_str()),
            (400, "validation_error", code),
            "{why}"
        );
    }
}

#[tokio::test]
async fn a_hostname_that_resolves_to_loopback_fails_the_case_without_a_request() {
    let app = TestApp::spawn().await;
    let (_, key) = app.org_with_key().await;

    let created: Value = process(
        &app,
        &key,
        &json!({"document_url": "https://localhost/a.pdf", "case_type_id": "motor_claim", "idempotency_key": "l"}),
    )
    .await
    .json()
    .await
    .expect("json");
    let case_id = created["case_id"].as_str().expect("case");

    let seen = wait_for(&app, &key, case_id, &["case.failed"]).await;
    assert_eq!(seen, ["case.processing", "document.failed", "case.failed"]);
    let feed: Value = app
        .get_json(&format!("/api/v1/cases/{case_id}/events"), Some(&key))
        .await;
    assert_eq!(feed["events"][1]["data"]["reason"], "address_not_allowed");
}

#[tokio::test]
async fn unreadable_and_missing_documents_fail_the_case_with_a_reason() {
    let app = TestApp::spawn_with(PRIVATE).await;
    let (_, key) = app.org_with_key().await;
    let server = document_server(b"%PDF-1.7\n this is not really a pdf".to_vec()).await;

    for (path, reason) in [("/doc.pdf", "unreadable"), ("/missing.pdf", "http_status")] {
        let created: Value = process(&app, &key, &json!({"document_url": format!("http://{server}{path}"), "case_type_id": "motor_claim", "idempotency_key": path}))
            .await
            .json()
            .await
            .expect("json");
        let case_id = created["case_id"].as_str().expect("case");
        wait_for(&app, &key, case_id, &["case.failed"]).await;
        let feed: Value = app
            .get_json(&format!("/api/v1/cases/{case_id}/events"), Some(&key))
            .await;
        let failed = feed["events"]
            .as_array()
            .expect("events")
            .iter()
            .find(|e| e["event_type"] == "document.failed")
            .expect("document.failed");
        assert_eq!(failed["data"]["reason"], reason, "{path}");
    }
}

#[tokio::test]
async fn a_replayed_process_request_returns_the_same_case_and_queues_nothing_new() {
    let app = TestApp::spawn_with(PRIVATE).await;
    let (_, key) = app.org_with_key().await;
    let server = document_server(complete_claim_pdf()).await;
    let body = json!({"document_url": format!("http://{server}/doc.pdf"), "case_type_id": "motor_claim"});
    let send = || {
        app.client
            .post(app.url("/api/v1/process"))
            .bearer_auth(&key)
            .header("Idempotency-Key", "process_claim_1")
            .json(&body)
            .send()
    };

    let first: Value = send().await.expect("request").json().await.expect("json");
    let second = send().await.expect("request");

    assert_eq!(second.status(), 200);
    let second: Value = second.json().await.expect("json");
    assert_eq!(
        (&second["case_id"], &second["job_id"], &second["idempotent_replay"]),
        (&first["case_id"], &first["job_id"], &json!(true))
    );
    let jobs: i64 = klarefi::on_db!(
        &app.state.db,
        read | pool
            | sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM jobs")
                .fetch_one(pool)
                .await
    )
    .expect("count");
    assert_eq!(jobs, 1);
}

#[tokio::test]
async fn erasure_removes_the_document_and_everything_derived_from_it() {
    let app = TestApp::spawn_with(PRIVATE).await;
    let (_, key) = app.org_with_key().await;
    let (_, stranger) = app.org_with_key().await;
    let server = document_server(complete_claim_pdf()).await;
    let created: Value = process(&app, &key, &json!({"document_url": format!("http://{server}/doc.pdf"), "case_type_id": "motor_claim", "idempotency_key": "e"}))
        .await
        .json()
        .await
        .expect("json");
    let (case_id, doc_id) = (
        created["case_id"].as_str().expect("case"),
        created["doc_id"].as_str().expect("doc"),
    );
    wait_for(&app, &key, case_id, &["case.completed"]).await;
    assert!(app.state.blobs.exists(doc_id).await);

    let path = format!("/api/v1/documents/{doc_id}");
    let (status, _, _) = error_of(
        app.client
            .delete(app.url(&path))
            .bearer_auth(&stranger)
            .send()
            .await
            .expect("request"),
    )
    .await;
    assert_eq!(status, 404, "another organization's document is not found");
    let response = app
        .client
        .delete(app.url(&path))
        .bearer_auth(&key)
        .send()
        .await
        .expect("request");

    assert_eq!(response.status(), 200);
    let receipt = &response.json::<Value>().await.expect("json")["erasure_receipt"];
    assert_eq!(receipt["doc_id"], doc_id);
    assert!(receipt["audit_id"].as_str().is_some_and(|a| a.starts_with("audit_")));
    assert!(
        receipt["deleted_evidence"].as_u64().is_some_and(|n| n >= 9),
        "{receipt}"
    );
    assert!(
        receipt["deleted_candidates"].as_u64().is_some_and(|n| n >= 9),
        "{receipt}"
    );
    assert!(
        receipt["deleted_decisions"].as_u64().is_some_and(|n| n >= 9),
        "{receipt}"
    );
    assert_eq!(
        (&receipt["deleted_document"], &receipt["completed"]),
        (&json!(true), &json!(true))
    );

    assert!(!app.state.blobs.exists(doc_id).await, "the bytes are gone");
    let db = &app.state.db;
    for table in [
        "documents WHERE id = $1",
        "document_pages WHERE doc_id = $1",
        "observations WHERE doc_id = $1",
    ] {
        let sql = sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}"));
        let n: i64 = klarefi::on_db!(
            db,
            read | pool | sqlx::query_scalar::<_, i64>(sql).bind(doc_id).fetch_one(pool).await
        )
        .expect("count");
        assert_eq!(n, 0, "{table}");
    }
    let audit: String = klarefi::on_db!(
        db,
        read | pool
            | sqlx::query_scalar::<_, String>("SELECT details FROM audit_records")
                .fetch_one(pool)
                .await
    )
    .expect("audit");
    assert!(
        !audit.contains("Jan") && !audit.contains("AB-123-C"),
        "the audit record holds no personal data: {audit}"
    );

    let case: Value = app.get_json(&format!("/api/v1/cases/{case_id}"), Some(&key)).await;
    assert_eq!(case["document_ids"], json!([]));
    assert_eq!(case["features"]["incident_date"]["decision"]["decision"], "missing");
    assert_eq!(
        case["status"], "needs_review",
        "the facts it supported are resolved again"
    );
    let seen = wait_for(&app, &key, case_id, &["document.erased"]).await;
    assert!(seen.contains(&"case.needs_review".to_string()));
    let again = app
        .client
        .delete(app.url(&path))
        .bearer_auth(&key)
        .send()
        .await
        .expect("request");
    assert_eq!(again.status(), 404, "a second erasure finds nothing");
}

#[tokio::test]
async fn a_worker_that_dies_mid_job_is_replaced_and_the_document_is_processed_once() {
    let app = TestApp::spawn_with(&[("KLAREFI_ALLOW_PRIVATE_URLS", "true"), ("KLAREFI_WORKERS", "1")]).await;
    let (_, key) = app.org_with_key().await;
    let server = document_server(complete_claim_pdf()).await;
    // A worker elsewhere claims the job with a short lease and dies before finishing.
    let job_id = klarefi::ids::prefixed("job");
    let case_id = {
        let created: Value = process(&app, &key, &json!({"document_url": format!("http://{server}/doc.pdf"), "case_type_id": "motor_claim", "idempotency_key": "k"}))
            .await
            .json()
            .await
            .expect("json");
        let _ = job_id;
        created["case_id"].as_str().expect("case").to_string()
    };

    // Whether the app's own worker or the "dead" one got it first, the outcome must be one
    // processed document: claim whatever is still due as a dead worker with a 1 ms lease.
    let dead = klarefi::jobs::claim(&app.state.db, "dead-worker", 1, klarefi::ids::now_ms())
        .await
        .expect("claim");
    wait_for(&app, &key, &case_id, &["case.completed"]).await;
    if let Some(job) = dead {
        let mut tx = app.state.db.begin().await.expect("tx");
        let completed = klarefi::jobs::complete(&mut tx, &job.id, "dead-worker", klarefi::ids::now_ms())
            .await
            .expect("complete");
        assert!(!completed, "a worker that lost its lease cannot complete the job");
    }

    let feed: Value = app
        .get_json(&format!("/api/v1/cases/{case_id}/events"), Some(&key))
        .await;
    let processed = feed["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter(|e| e["event_type"] == "document.processed")
        .count();
    assert_eq!(processed, 1);
    let status = klarefi::jobs::status(
        &app.state.db,
        feed["events"][0]["data"]["job_id"].as_str().expect("job id"),
    )
    .await
    .expect("status")
    .expect("job");
    assert_eq!(status.status, "done");
}

#[tokio::test]
async fn webhook_tests_are_signed_and_report_the_receivers_status() {
    let app = TestApp::spawn_with(PRIVATE).await;
    let (org, key) = app.org_with_key().await;
    let (ok_addr, seen) = fixtures::receiver(axum::http::StatusCode::OK).await;
    let (bad_addr, _) = fixtures::receiver(axum::http::StatusCode::INTERNAL_SERVER_ERROR).await;
    let send = |url: String| {
        app.client
            .post(app.url("/api/v1/webhooks/test"))
            .bearer_auth(&key)
            .json(&json!({"endpoint_url": url, "signing_secret": "whsec_abc123"}))
            .send()
    };

    let ok: Value = send(format!("http://{ok_addr}/hook"))
        .await
        .expect("request")
        .json()
        .await
        .expect("json");
    let failing: Value = send(format!("http://{bad_addr}/hook"))
        .await
        .expect("request")
        .json()
        .await
        .expect("json");
    let unreachable: Value = send("http://127.0.0.1:9/hook".into())
        .await
        .expect("request")
        .json()
        .await
        .expect("json");

    assert_eq!(ok, json!({"success": true, "status_code": 200}));
    assert_eq!(failing, json!({"success": false, "status_code": 500}));
    assert_eq!(unreachable, json!({"success": false, "status_code": null}));
    let requests = seen.requests.lock().expect("lock").clone();
    let (headers, body) = &requests[0];
    let signature = headers["x-klarefi-signature"].to_str().expect("ascii");
    let (t, v1) = signature.split_once(',').expect("t=…,v1=…");
    let t = t.strip_prefix("t=").expect("t");
    let v1 = v1.strip_prefix("v1=").expect("v1");
    // An independent check of the scheme: HMAC-SHA256 of "<t>.<raw body>".
    use hmac::{KeyInit, Mac};
    let mut mac = <hmac::Hmac<sha2::Sha256> as KeyInit>::new_from_slice(b"whsec_abc123").expect("key");
    mac.update(format!("{t}.").as_bytes());
    mac.update(body);
    assert_eq!(hex::encode(mac.finalize().into_bytes()), v1);
    let event: Value = serde_json::from_slice(body).expect("json body");
    assert_eq!(
        (&event["event_type"], &event["org_id"]),
        (&json!("v1.webhook.test"), &json!(org))
    );
}

#[tokio::test]
async fn webhook_tests_obey_the_address_rules() {
    let app = TestApp::spawn().await;
    let (_, key) = app.org_with_key().await;

    for url in [
        "http://127.0.0.1:9/hook",
        "https://10.0.0.1/hook",
        "https://[::ffff:10.0.0.1]/hook",
        "ftp://example.com/",
    ] {
        let response = app
            .client
            .post(app.url("/api/v1/webhooks/test"))
            .bearer_auth(&key)
            .json(&json!({"endpoint_url": url, "signing_secret": "s"}))
            .send()
            .await
            .expect("request");
        let (status, _, code) = error_of(response).await;
        assert_eq!((status, code.as_str()), (400, "invalid_webhook_url"), "{url}");
    }
    // A name that resolves to a private address answers as one that does not resolve at all:
    // the answer never tells which internal names exist.
    let mut answers = Vec::new();
    for url in ["https://localhost/hook", "https://no-such-host.invalid/hook"] {
        let response = app
            .client
            .post(app.url("/api/v1/webhooks/test"))
            .bearer_auth(&key)
            .json(&json!({"endpoint_url": url, "signing_secret": "s"}))
            .send()
            .await
            .expect("request");
        let status = response.status().as_u16();
        let body: Value = response.json().await.expect("json");
        answers.push((status, body));
    }
    assert_eq!(answers[0], (200, json!({"success": false, "status_code": null})));
    assert_eq!(answers[0], answers[1], "refused and unreachable hosts answer alike");
}

#[tokio::test]
async fn a_worker_that_renews_its_lease_keeps_the_job_and_a_lost_lease_cannot_be_renewed() {
    let app = TestApp::spawn().await;
    let db = &app.state.db;
    // Far in the future, so the app's own workers never see this job; time is passed in.
    let t = klarefi::ids::now_ms() + 10 * 86_400_000;
    let job_id = klarefi::ids::prefixed("job");
    let mut tx = db.begin().await.expect("tx");
    klarefi::jobs::enqueue(&mut tx, &job_id, "lease_test", None, &json!({}), t)
        .await
        .expect("enqueue");
    tx.commit().await.expect("commit");

    let claimed = klarefi::jobs::claim(db, "a", 1_000, t)
        .await
        .expect("claim")
        .expect("due");
    assert_eq!(claimed.id, job_id);
    let renewed = klarefi::jobs::extend_lease(db, &job_id, "a", t + 60_000, t + 500)
        .await
        .expect("renew");
    assert!(renewed);
    // Past the first lease but inside the renewed one: nobody else gets it.
    let other = klarefi::jobs::claim(db, "b", 1_000, t + 2_000).await.expect("claim");
    assert!(other.is_none(), "a renewed lease keeps the job");
    assert!(
        !klarefi::jobs::extend_lease(db, &job_id, "b", t + 90_000, t + 2_000)
            .await
            .expect("renew")
    );
    // Once the renewed lease runs out another worker takes over, and the first cannot renew.
    let taken = klarefi::jobs::claim(db, "b", 1_000, t + 61_000).await.expect("claim");
    assert_eq!(taken.map(|j| j.id), Some(job_id.clone()));
    assert!(
        !klarefi::jobs::extend_lease(db, &job_id, "a", t + 120_000, t + 61_500)
            .await
            .expect("renew")
    );
}

#[tokio::test]
async fn a_document_whose_workers_all_die_fails_as_crashed_instead_of_forever() {
    let app = TestApp::spawn_with(PRIVATE).await;
    let (_, key) = app.org_with_key().await;
    let server = document_server(complete_claim_pdf()).await;
    let created: Value = process(&app, &key, &json!({"document_url": format!("http://{server}/doc.pdf"), "case_type_id": "motor_claim", "idempotency_key": "first"}))
        .await
        .json()
        .await
        .expect("json");
    let case_id = created["case_id"].as_str().expect("case").to_string();
    wait_for(&app, &key, &case_id, &["case.completed"]).await;

    // A second fetch for the case, due far in the future so only this test's clock reaches it.
    let db = &app.state.db;
    let t = klarefi::ids::now_ms() + 10 * 86_400_000;
    let (job_id, doc_id) = (klarefi::ids::prefixed("job"), klarefi::ids::prefixed("doc"));
    let mut tx = db.begin().await.expect("tx");
    let payload = json!({ "doc_id": doc_id, "url": format!("http://{server}/doc.pdf") });
    klarefi::jobs::enqueue(
        &mut tx,
        &job_id,
        klarefi::jobs::KIND_FETCH_DOCUMENT,
        Some(&case_id),
        &payload,
        t,
    )
    .await
    .expect("enqueue");
    tx.commit().await.expect("commit");
    // Five workers each claim it and die (their leases run out).
    for attempt in 0..5 {
        let claimed = klarefi::jobs::claim(db, "dying", 1, t + attempt * 10)
            .await
            .expect("claim");
        assert_eq!(claimed.map(|j| j.id), Some(job_id.clone()), "attempt {attempt}");
    }
    // The sixth claim gives up: the document fails as crashed; the case, whose first document
    // was read, goes to review.
    assert!(
        klarefi::pipeline::run_one_at(&app.state.workers(), "last", t + 100)
            .await
            .expect("run")
    );
    let status = klarefi::jobs::status(db, &job_id).await.expect("status").expect("job");
    assert_eq!(status.status, "done");
    let feed: Value = app
        .get_json(
            &format!("/api/v1/cases/{case_id}/events?after_cursor=0&limit=100"),
            Some(&key),
        )
        .await;
    let events = feed["events"].as_array().expect("events");
    let failed = events
        .iter()
        .find(|e| e["event_type"] == "document.failed" && e["data"]["doc_id"] == doc_id.as_str())
        .expect("document.failed");
    assert_eq!(failed["data"]["reason"], "crashed");
    let last = events.last().expect("event");
    assert_eq!(
        (&last["event_type"], &last["data"]["reason"]),
        (&json!("case.needs_review"), &json!("crashed"))
    );
}

/// Serves `body` at `/doc.pdf` after `delay`, and a 503 at `/busy.pdf`.
pub async fn slow_document_server(body: Vec<u8>, delay: std::time::Duration) -> std::net::SocketAddr {
    use axum::routing::get;
    let body = axum::body::Bytes::from(body);
    let router = axum::Router::new()
        .route(
            "/doc.pdf",
            get(move || async move {
                tokio::time::sleep(delay).await;
                (
                    axum::http::StatusCode::OK,
                    [("content-type", "application/pdf")],
                    body.clone(),
                )
            }),
        )
        .route(
            "/busy.pdf",
            get(|| async { axum::http::StatusCode::SERVICE_UNAVAILABLE }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    addr
}

fn event_types(feed: &Value) -> Vec<&str> {
    feed["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter_map(|e| e["event_type"].as_str())
        .collect()
}

/// The first half of `complete_claim_pdf`: who, which policy, which car, what happened.
fn claim_form_without_money() -> Vec<u8> {
    fixtures::text_pdf(&[
        "Schadeformulier motorrijtuigen",
        "Naam verzekeringnemer: Jan de Vries",
        "E-mailadres: jan.devries@example.nl",
        "Telefoonnummer: 06 12345678",
        "Polisnummer: AUTO-2023-44871",
        "Kenteken: AB-123-C",
        "Kenteken tegenpartij: 12-XYZ-3",
        "Schadedatum: 3 februari 2023",
        "Plaats van het ongeval: Utrecht",
        "Toedracht: Bij het achteruit rijden raakte de tegenpartij mijn achterbumper.",
    ])
}

/// The rest: what it costs and where to pay it.
fn repair_invoice() -> Vec<u8> {
    fixtures::text_pdf(&[
        "Schadeformulier motorrijtuigen, vervolg",
        "Naam verzekeringnemer: Jan de Vries",
        "Totaal incl. BTW: \u{20ac} 1.234,56",
        "IBAN: NL91 ABNA 0417 1643 00",
    ])
}

#[tokio::test]
async fn a_second_document_for_the_same_external_case_id_joins_the_case_and_facts_resolve_across_both() {
    let app = TestApp::spawn_with(PRIVATE).await;
    let (_, key) = app.org_with_key().await;
    let form = document_server(claim_form_without_money()).await;
    let invoice = document_server(repair_invoice()).await;

    let first: Value = process(&app, &key, &json!({"document_url": format!("http://{form}/doc.pdf"), "case_type_id": "motor_claim", "external_case_id": "claim_777", "idempotency_key": "claim_777_doc_1"}))
        .await
        .json()
        .await
        .expect("json");
    let case_id = first["case_id"].as_str().expect("case").to_string();
    wait_for(&app, &key, &case_id, &["case.needs_review", "case.completed"]).await;
    let case: Value = app.get_json(&format!("/api/v1/cases/{case_id}"), Some(&key)).await;
    assert_eq!(
        case["status"], "needs_review",
        "the form alone leaves the amount and IBAN open"
    );

    let second = process(&app, &key, &json!({"document_url": format!("http://{invoice}/doc.pdf"), "case_type_id": "motor_claim", "external_case_id": "claim_777", "idempotency_key": "claim_777_doc_2"})).await;
    assert_eq!(second.status(), 201);
    let second: Value = second.json().await.expect("json");
    assert_eq!(second["case_id"], case_id.as_str(), "the same case, not a new one");
    assert_ne!(second["doc_id"], first["doc_id"]);

    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(90);
    let feed = loop {
        let feed: Value = app
            .get_json(&format!("/api/v1/cases/{case_id}/events"), Some(&key))
            .await;
        if event_types(&feed)
            .iter()
            .filter(|t| **t == "document.processed")
            .count()
            == 2
            && event_types(&feed).last() == Some(&"case.completed")
        {
            break feed;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the case did not complete: {feed}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    assert_eq!(
        event_types(&feed),
        [
            "case.processing",
            "document.uploaded",
            "document.processed",
            "case.needs_review",
            "case.processing",
            "document.uploaded",
            "document.processed",
            "case.completed"
        ]
    );
    let case: Value = app.get_json(&format!("/api/v1/cases/{case_id}"), Some(&key)).await;
    assert_eq!(case["document_ids"], json!([first["doc_id"], second["doc_id"]]));
    for (fact, value, doc) in [
        ("licence_plate", "AB-123-C", &first["doc_id"]),
        ("damage_amount", "1234.56", &second["doc_id"]),
        ("iban", "NL91ABNA0417164300", &second["doc_id"]),
    ] {
        let f = &case["features"][fact];
        assert_eq!(f["decision"]["decision"], "keep", "{fact}: {f}");
        assert!(
            f["evidence"]
                .as_array()
                .expect("evidence")
                .iter()
                .any(|e| &e["doc_id"] == doc),
            "{fact} quotes the document that states it: {f}"
        );
        let package: Value = app
            .get_json(&format!("/api/v1/cases/{case_id}/package"), Some(&key))
            .await;
        assert_eq!(package["facts"][fact]["value"], value);
    }
    let plate = &case["features"]["claimant_name"]["evidence"];
    assert_eq!(
        plate.as_array().expect("evidence").len(),
        2,
        "the name stated twice has both quotes"
    );
}

#[tokio::test]
async fn a_document_is_listed_at_once_and_erased_before_it_is_fetched_it_leaves_nothing() {
    let app = TestApp::spawn_with(PRIVATE).await;
    let (_, key) = app.org_with_key().await;
    let slow = slow_document_server(complete_claim_pdf(), std::time::Duration::from_millis(1500)).await;

    let created: Value = process(&app, &key, &json!({"document_url": format!("http://{slow}/doc.pdf"), "case_type_id": "motor_claim", "idempotency_key": "slow"}))
        .await
        .json()
        .await
        .expect("json");
    let (case_id, doc_id) = (
        created["case_id"].as_str().expect("case"),
        created["doc_id"].as_str().expect("doc"),
    );
    let case: Value = app.get_json(&format!("/api/v1/cases/{case_id}"), Some(&key)).await;
    assert_eq!(case["document_ids"], json!([doc_id]), "listed before it is fetched");
    let package: Value = app
        .get_json(&format!("/api/v1/cases/{case_id}/package"), Some(&key))
        .await;
    let doc = &package["documents"][0];
    assert_eq!(
        (&doc["status"], &doc["content_type"], &doc["sha256"], &doc["byte_size"]),
        (&json!("queued"), &Value::Null, &Value::Null, &Value::Null)
    );

    let erased = app
        .client
        .delete(app.url(&format!("/api/v1/documents/{doc_id}")))
        .bearer_auth(&key)
        .send()
        .await
        .expect("delete");
    assert_eq!(erased.status(), 200);

    // The fetch in flight finishes, finds its document gone and stores nothing.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let pending: i64 = klarefi::on_db!(
            &app.state.db,
            read | pool
                | sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM jobs WHERE status <> 'done'")
                    .fetch_one(pool)
                    .await
        )
        .expect("count");
        if pending == 0 {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "the fetch job never finished");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(
        app.state.blobs.get(doc_id).await.is_err(),
        "no bytes kept for an erased document"
    );
    let feed: Value = app
        .get_json(&format!("/api/v1/cases/{case_id}/events"), Some(&key))
        .await;
    let types = event_types(&feed);
    assert!(!types.contains(&"document.uploaded"), "{types:?}");
    assert!(!types.contains(&"document.processed"), "{types:?}");
    assert!(types.contains(&"document.erased"), "{types:?}");
    let case: Value = app.get_json(&format!("/api/v1/cases/{case_id}"), Some(&key)).await;
    assert_eq!(case["document_ids"], json!([]));
}

#[tokio::test]
async fn requests_naming_a_case_that_cannot_take_the_document_are_refused() {
    let app = TestApp::spawn_with(PRIVATE).await;
    let (_, key) = app.org_with_key().await;
    let (_, other_key) = app.org_with_key().await;
    let server = document_server(complete_claim_pdf()).await;
    let url = format!("http://{server}/doc.pdf");
    let processing: Value = process(&app, &key, &json!({"document_url": url, "case_type_id": "motor_claim", "external_case_id": "claim_9", "idempotency_key": "p"}))
        .await
        .json()
        .await
        .expect("json");
    let processing_id = processing["case_id"].as_str().expect("case");
    let hosted: Value = app
        .client
        .post(app.url("/api/v1/sessions"))
        .bearer_auth(&key)
        .json(&json!({"case_type_id": "motor_claim", "idempotency_key": "h"}))
        .send()
        .await
        .expect("session")
        .json()
        .await
        .expect("json");
    let hosted_id = hosted["session_id"].as_str().expect("session id");

    let cases: Vec<(&str, Value, u16, &str)> = vec![
        (
            "an unknown case",
            json!({"case_id": "case_00000000000000000000000000"}),
            404,
            "case_not_found",
        ),
        (
            "an id of the wrong shape",
            json!({"case_id": "doc_123"}),
            404,
            "case_not_found",
        ),
        (
            "a hosted session",
            json!({"case_id": hosted_id}),
            400,
            "case_not_processing",
        ),
        (
            "another case type",
            json!({"case_id": processing_id, "case_type_id": "home_damage"}),
            400,
            "case_mismatch",
        ),
        (
            "case_id and another case's external id",
            json!({"case_id": processing_id, "external_case_id": "claim_10"}),
            400,
            "case_mismatch",
        ),
    ];
    for (n, (what, fields, status, code)) in cases.into_iter().enumerate() {
        let mut body =
            json!({"document_url": url, "case_type_id": "motor_claim", "idempotency_key": format!("refused_{n}")});
        for (k, v) in fields.as_object().expect("object") {
            body[k] = v.clone();
        }
        let (got_status, _, got_code) = error_of(process(&app, &key, &body).await).await;
        assert_eq!((got_status, got_code.as_str()), (status, code), "{what}");
    }

    // Another organization's case is not found, by id or by external id (a new case of its own).
    let body =
        json!({"document_url": url, "case_type_id": "motor_claim", "case_id": processing_id, "idempotency_key": "o"});
    let (status, _, code) = error_of(process(&app, &other_key, &body).await).await;
    assert_eq!((status, code.as_str()), (404, "case_not_found"));
    let theirs: Value = process(&app, &other_key, &json!({"document_url": url, "case_type_id": "motor_claim", "external_case_id": "claim_9", "idempotency_key": "o2"}))
        .await
        .json()
        .await
        .expect("json");
    assert_ne!(theirs["case_id"], processing["case_id"]);

    // By case_id, with the matching external id, it joins.
    let joined = process(&app, &key, &json!({"document_url": url, "case_type_id": "motor_claim", "case_id": processing_id, "external_case_id": "claim_9", "idempotency_key": "j"})).await;
    assert_eq!(joined.status(), 201);
    let joined: Value = joined.json().await.expect("json");
    assert_eq!(joined["case_id"], processing["case_id"]);
}

#[tokio::test]
async fn a_host_that_does_not_exist_fails_at_once_and_a_busy_server_is_retried() {
    // Whether this machine's resolver says "no such name" rather than "no answer" decides the
    // first half; a resolver that cannot be reached gives no verdict to test.
    let verdict = std::net::ToSocketAddrs::to_socket_addrs(&("nosuchhost.invalid", 80)).map(|_| ());
    let nxdomain = verdict.as_ref().is_err_and(|e| {
        e.to_string().contains("Name or service not known") || e.to_string().contains("No address associated")
    });
    let app = TestApp::spawn_with(PRIVATE).await;
    let (_, key) = app.org_with_key().await;

    if nxdomain {
        let created: Value = process(&app, &key, &json!({"document_url": "http://nosuchhost.invalid/claim.pdf", "case_type_id": "motor_claim", "idempotency_key": "nx"}))
            .await
            .json()
            .await
            .expect("json");
        let case_id = created["case_id"].as_str().expect("case");
        wait_for(&app, &key, case_id, &["case.failed"]).await;
        let package: Value = app
            .get_json(&format!("/api/v1/cases/{case_id}/package"), Some(&key))
            .await;
        assert_eq!(package["documents"][0]["status"], "failed");
        assert_eq!(package["documents"][0]["failure_reason"], "host_not_found");
        let job_id = created["job_id"].as_str().expect("job");
        let status = klarefi::jobs::status(&app.state.db, job_id)
            .await
            .expect("status")
            .expect("job");
        assert_eq!(status.attempts, 1, "not retried: {status:?}");
    } else {
        eprintln!("skipping the missing-host half: this resolver answered {verdict:?}");
    }

    let busy = slow_document_server(Vec::new(), std::time::Duration::ZERO).await;
    let created: Value = process(&app, &key, &json!({"document_url": format!("http://{busy}/busy.pdf"), "case_type_id": "motor_claim", "idempotency_key": "busy"}))
        .await
        .json()
        .await
        .expect("json");
    let job_id = created["job_id"].as_str().expect("job");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let status = loop {
        let status = klarefi::jobs::status(&app.state.db, job_id)
            .await
            .expect("status")
            .expect("job");
        if status.attempts >= 1 && status.status != "running" {
            break status;
        }
        assert!(std::time::Instant::now() < deadline, "the job never ran");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    assert_eq!(status.status, "queued", "a 503 is tried again later: {status:?}");
    assert!(
        status.last_error.as_deref().is_some_and(|e| e.contains("503")),
        "{status:?}"
    );
    let case: Value = app
        .get_json(
            &format!("/api/v1/cases/{}", created["case_id"].as_str().expect("case")),
            Some(&key),
        )
        .await;
    assert_eq!(case["status"], "processing");
}

#[tokio::test]
async fn a_second_document_that_cannot_be_fetched_sends_the_case_to_review_not_to_failed() {
    let app = TestApp::spawn_with(PRIVATE).await;
    let (_, key) = app.org_with_key().await;
    let server = document_server(complete_claim_pdf()).await;
    let first: Value = process(&app, &key, &json!({"document_url": format!("http://{server}/doc.pdf"), "case_type_id": "motor_claim", "external_case_id": "c2", "idempotency_key": "1"}))
        .await
        .json()
        .await
        .expect("json");
    let case_id = first["case_id"].as_str().expect("case");
    wait_for(&app, &key, case_id, &["case.completed"]).await;

    process(&app, &key, &json!({"document_url": format!("http://{server}/missing.pdf"), "case_type_id": "motor_claim", "external_case_id": "c2", "idempotency_key": "2"})).await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let feed = loop {
        let feed: Value = app
            .get_json(&format!("/api/v1/cases/{case_id}/events"), Some(&key))
            .await;
        if event_types(&feed).contains(&"document.failed") && event_types(&feed).last() != Some(&"case.processing") {
            break feed;
        }
        assert!(std::time::Instant::now() < deadline, "no outcome: {feed}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    let events = feed["events"].as_array().expect("events");
    let last = events.last().expect("event");
    assert_eq!(last["event_type"], "case.needs_review", "{feed}");
    assert_eq!(last["data"]["reason"], "http_status");
}

#[tokio::test]
async fn two_documents_sent_at_once_for_a_new_external_case_id_make_one_case() {
    let app = TestApp::spawn_with(PRIVATE).await;
    let (_, key) = app.org_with_key().await;
    let server = document_server(complete_claim_pdf()).await;
    let url = format!("http://{server}/doc.pdf");
    let bodies: Vec<Value> = (0..4)
        .map(|n| json!({"document_url": url, "case_type_id": "motor_claim", "external_case_id": "claim_race", "idempotency_key": format!("race_{n}")}))
        .collect();
    let answers = futures_util::future::join_all(bodies.iter().map(|body| process(&app, &key, body))).await;
    let mut cases = Vec::new();
    for response in answers {
        assert_eq!(response.status(), 201);
        let body: Value = response.json().await.expect("json");
        cases.push(body["case_id"].as_str().expect("case").to_string());
    }
    cases.sort();
    cases.dedup();
    assert_eq!(cases.len(), 1, "one case for one external_case_id: {cases:?}");
    let case: Value = app.get_json(&format!("/api/v1/cases/{}", cases[0]), Some(&key)).await;
    assert_eq!(case["document_ids"].as_array().expect("ids").len(), 4);
}
