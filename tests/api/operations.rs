//! Running it safely: what pages tell browsers to keep, what the logs never hold, and the
//! operator's command line.

use std::io::{Read as _, Write as _};

use serde_json::json;

use crate::applicant::{Applicant, create_session};
use crate::helpers::TestApp;

#[tokio::test]
async fn applicant_pages_are_never_stored_and_https_deployments_send_hsts() {
    let app = TestApp::spawn().await;
    let (_, key) = app.org_with_key().await;
    let (id, url) = create_session(&app, &key, json!({})).await;
    let mut a = Applicant::new(&app);

    let opened = a.get_raw(&url).await;
    assert_eq!(opened.status(), 303);
    assert_eq!(opened.headers()["cache-control"], "no-store", "the link exchange");
    assert_eq!(a.get(&format!("/s/{id}")).await, 200);
    assert_eq!(a.last_headers["cache-control"], "no-store", "a question page");
    let refused = app.get(&format!("/s/{id}/step/consent"), None).await;
    assert_eq!(refused.status(), 403);
    assert_eq!(refused.headers()["cache-control"], "no-store", "an error page");
    let health = app.get("/api/v1/health", None).await;
    assert!(
        health.headers().get("strict-transport-security").is_none(),
        "no HSTS over plain http"
    );

    let https = TestApp::spawn_with(&[("KLAREFI_PUBLIC_URL", "https://intake.example.com")]).await;
    for path in ["/api/v1/health", "/s/00000000-0000-4000-8000-000000000000", "/nope"] {
        let response = https.get(path, None).await;
        assert_eq!(
            response.headers()["strict-transport-security"],
            "max-age=31536000",
            "{path}"
        );
    }
}

/// Waits until `klarefi serve` on `port` answers its health check.
fn wait_for_health(port: u16) {
    let answers = || {
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
        stream.set_read_timeout(Some(std::time::Duration::from_secs(2))).ok()?;
        stream
            .write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            .ok()?;
        let mut head = [0u8; 12];
        stream.read_exact(&mut head).ok()?;
        (&head == b"HTTP/1.1 200").then_some(())
    };
    let started = std::time::Instant::now();
    while answers().is_none() {
        assert!(started.elapsed().as_secs() < 30, "klarefi serve did not start");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[test]
fn link_tokens_and_api_keys_are_not_logged_even_at_debug() {
    let dir = tempfile::tempdir().expect("tempdir");
    let log_path = dir.path().join("stderr.log");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_klarefi"))
        .arg("serve")
        .env("KLAREFI_DATA_DIR", dir.path())
        .env_remove("KLAREFI_DATABASE_URL")
        .env("KLAREFI_BIND", format!("127.0.0.1:{port}"))
        .env("KLAREFI_DEMO", "true")
        .env("KLAREFI_LOG", "trace,sqlx=debug")
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(&log_path).expect("log file"))
        .spawn()
        .expect("start klarefi serve");
    wait_for_health(port);

    let token = "tokenMARKER7c1e9d";
    let key = "sk_test_keyMARKER0123456789abcdefghijklmnopqrstu";
    for request in [
        format!(
            "GET /s/00000000-0000-4000-8000-000000000000?token={token}&lang=en HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        ),
        format!(
            "GET /case-file/00000000-0000-4000-8000-000000000000?token={token} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        ),
        format!(
            "GET /api/v1/me HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {key}\r\nConnection: close\r\n\r\n"
        ),
    ] {
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
        stream.write_all(request.as_bytes()).expect("send");
        let mut answer = String::new();
        let _ = stream.read_to_string(&mut answer);
        assert!(answer.starts_with("HTTP/1.1 4"), "{answer}");
    }
    let _ = child.kill();
    let _ = child.wait();

    let log = std::fs::read_to_string(&log_path).expect("log");
    assert!(log.contains("/case-file/"), "debug request lines were logged: {log}");
    assert!(!log.contains("MARKER"), "a token or key reached the log:\n{log}");
}

#[tokio::test]
async fn orgs_are_listed_and_the_cli_is_quiet_on_a_closed_pipe() {
    let app = TestApp::spawn().await;
    let first = app.create_org(false, None).await;
    let second = app.create_org(true, Some(250)).await;

    let (code, listed) = app.cli(&["orgs", "list"]);
    assert_eq!(code, 0);
    let orgs = listed["orgs"].as_array().expect("orgs");
    let ids: Vec<&str> = orgs.iter().filter_map(|o| o["org_id"].as_str()).collect();
    assert_eq!(ids, [first.as_str(), second.as_str()], "oldest first");
    assert_eq!(orgs[1]["processing_enabled"], true);
    assert_eq!(orgs[1]["rate_limit"], 250);
    assert_eq!(orgs[0]["rate_limit"], 100, "the default limit is shown");

    // `klarefi … | head -c 0`: the reader is gone before the JSON is written.
    let stderr = app.data_dir.path().join("pipe.err");
    let output = std::process::Command::new("bash")
        .arg("-c")
        .arg(r#""$0" orgs list 2>"$1" | head -c 0; echo "${PIPESTATUS[0]}""#)
        .arg(env!("CARGO_BIN_EXE_klarefi"))
        .arg(&stderr)
        .env("KLAREFI_DATABASE_URL", &app.database_url)
        .env("KLAREFI_DATA_DIR", app.data_dir.path())
        .env("KLAREFI_DEMO", "false")
        .env("KLAREFI_LOG", "error")
        .output()
        .expect("run bash");
    let status = String::from_utf8_lossy(&output.stdout);
    let err = std::fs::read_to_string(&stderr).unwrap_or_default();
    assert_eq!(status.trim(), "0", "exit status on a closed pipe; stderr: {err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[tokio::test]
async fn the_readmes_processing_example_runs_as_written_against_a_demo_server() {
    let app = TestApp::spawn_with(&[("KLAREFI_DEMO", "true"), ("KLAREFI_ALLOW_PRIVATE_URLS", "true")]).await;
    let (_, key) = app.org_with_key().await;
    let readme = include_str!("../../README.md");
    assert!(
        readme.contains(r#""document_url": "'"$KLAREFI_API_BASE_URL"'/demo/claim-form.pdf""#),
        "the README's example is the one tested here"
    );

    let response = crate::processing::process(
        &app,
        &key,
        &json!({
            "document_url": format!("{}/demo/claim-form.pdf", app.base),
            "case_type_id": "motor_claim",
            "external_case_id": "claim_12345",
            "trace_id": "trace_claim_12345",
            "idempotency_key": "process_claim_12345_doc_1",
        }),
    )
    .await;
    assert_eq!(response.status(), 201);
    let created: serde_json::Value = response.json().await.expect("json");
    let case_id = created["case_id"].as_str().expect("case_id");
    let seen = crate::processing::wait_for(
        &app,
        &key,
        case_id,
        &["case.completed", "case.needs_review", "case.failed"],
    )
    .await;
    assert_eq!(seen.last().map(String::as_str), Some("case.completed"), "{seen:?}");

    // The second example: another document for the same claim joins the case.
    assert!(readme.contains("Idempotency-Key: process_claim_12345_doc_2"));
    let second = crate::processing::process(
        &app,
        &key,
        &json!({
            "document_url": format!("{}/demo/claim-form.pdf", app.base),
            "case_type_id": "motor_claim",
            "external_case_id": "claim_12345",
            "idempotency_key": "process_claim_12345_doc_2",
        }),
    )
    .await;
    assert_eq!(second.status(), 201);
    let second: serde_json::Value = second.json().await.expect("json");
    assert_eq!(second["case_id"], case_id);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let case = app.get_json(&format!("/api/v1/cases/{case_id}"), Some(&key)).await;
        if case["status"] == "completed" && case["document_ids"].as_array().is_some_and(|d| d.len() == 2) {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the second document was not read: {case}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }

    // Both reads are on the metrics, under their outcome.
    let metrics = app.get("/metrics", None).await.text().await.expect("text");
    let reads = metrics
        .lines()
        .find(|l| l.starts_with(r#"klarefi_sandbox_read_duration_seconds_count{outcome="ok"}"#))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|n| n.parse::<u64>().ok());
    assert_eq!(reads, Some(2), "{metrics}");
}

/// The value of the first line of `metrics` that starts with `series`.
fn sample(metrics: &str, series: &str) -> Option<f64> {
    metrics
        .lines()
        .find(|l| l.starts_with(series) && l[series.len()..].starts_with(' '))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|n| n.parse().ok())
}

#[tokio::test]
async fn metrics_count_requests_by_route_pattern_and_read_the_queues_from_the_database() {
    let app = TestApp::spawn().await;
    let (_, key) = app.org_with_key().await;
    for _ in 0..3 {
        assert_eq!(app.get("/api/v1/health", None).await.status(), 200);
    }
    let missing = app.get("/api/v1/cases/case_nosuchcase", Some(&key)).await;
    assert_eq!(missing.status(), 404);

    let response = app.get("/metrics", None).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "text/plain; version=0.0.4; charset=utf-8"
    );
    let metrics = response.text().await.expect("text");
    assert_eq!(
        sample(
            &metrics,
            r#"klarefi_http_request_duration_seconds_count{route="/api/v1/health",method="GET",status="200"}"#
        ),
        Some(3.0),
        "{metrics}"
    );
    assert_eq!(
        sample(
            &metrics,
            r#"klarefi_http_request_duration_seconds_count{route="/api/v1/cases/{id}",method="GET",status="404"}"#
        ),
        Some(1.0),
        "{metrics}"
    );
    assert!(!metrics.contains("case_nosuchcase"), "ids never become labels");
    for series in [
        r#"klarefi_jobs{status="queued"}"#,
        r#"klarefi_jobs{status="failed"}"#,
        "klarefi_jobs_oldest_due_seconds",
        r#"klarefi_webhook_deliveries{status="pending"}"#,
        "klarefi_webhook_delivery_lag_seconds",
        "klarefi_ocr_pages_total",
    ] {
        assert_eq!(sample(&metrics, series), Some(0.0), "{series} in {metrics}");
    }
    assert!(metrics.contains("klarefi_db_pool_connections{pool="), "{metrics}");
}

#[tokio::test]
async fn metrics_ask_for_the_configured_token() {
    let app = TestApp::spawn_with(&[("KLAREFI_METRICS_TOKEN", "a-long-metrics-token-1234")]).await;
    let bare = app.get("/metrics", None).await;
    assert_eq!(bare.status(), 401);
    let wrong = app.get("/metrics", Some("a-long-metrics-token-9999")).await;
    assert_eq!(wrong.status(), 401);
    let right = app.get("/metrics", Some("a-long-metrics-token-1234")).await;
    assert_eq!(right.status(), 200);
}

#[tokio::test]
async fn readiness_checks_the_database_and_the_blob_store() {
    let app = TestApp::spawn().await;
    let ready = app.get("/api/v1/ready", None).await;
    assert_eq!(ready.status(), 200);
    assert_eq!(ready.headers()["cache-control"], "no-store");
    let body: serde_json::Value = ready.json().await.expect("json");
    assert_eq!(
        body,
        json!({"status": "ready", "checks": {"database": "ok", "blob_store": "ok"}})
    );

    // A blob store that cannot be written: its folder is a file.
    let blobs = app.state.config.data_dir.join("blobs");
    let _ = std::fs::remove_dir_all(&blobs);
    std::fs::write(&blobs, b"not a folder").expect("write");
    let not_ready = app.get("/api/v1/ready", None).await;
    assert_eq!(not_ready.status(), 503);
    let body: serde_json::Value = not_ready.json().await.expect("json");
    assert_eq!(
        body,
        json!({"status": "not_ready", "checks": {"database": "ok", "blob_store": "failed"}})
    );
    // Liveness is not readiness: the process still answers.
    assert_eq!(app.get("/api/v1/health", None).await.status(), 200);
}

#[tokio::test]
async fn the_operations_address_answers_probes_while_the_public_one_is_full() {
    let app = TestApp::spawn_with(&[("KLAREFI_OPS_BIND", "127.0.0.1:0"), ("KLAREFI_MAX_CONNECTIONS", "2")]).await;
    let ops = app.ops_base.clone().expect("an operations address");
    let (_, key) = app.org_with_key().await;
    let client = reqwest::Client::new();
    // Health, readiness and metrics there; nothing of the API or the pages.
    for path in ["/api/v1/health", "/api/v1/ready", "/metrics"] {
        let r = client.get(format!("{ops}{path}")).send().await.expect("request");
        assert_eq!(r.status(), 200, "{path}");
    }
    for path in ["/api/v1/me", "/api/v1/openapi.json", "/s/cas_nothere"] {
        let r = client
            .get(format!("{ops}{path}"))
            .bearer_auth(&key)
            .send()
            .await
            .expect("request");
        assert_eq!(r.status(), 404, "{path}");
    }
    assert_eq!(
        app.get("/api/v1/me", Some(&key)).await.status(),
        200,
        "the public address serves the API"
    );

    // Two idle connections fill the public address; a third is closed at once there, while the
    // operations address, with its own accept queue and slots, still answers.
    let public = app.base.trim_start_matches("http://").to_string();
    let _held: Vec<tokio::net::TcpStream> =
        futures_util::future::join_all((0..2).map(|_| tokio::net::TcpStream::connect(public.clone())))
            .await
            .into_iter()
            .map(|c| c.expect("connect"))
            .collect();
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let full = reqwest::Client::new()
        .get(app.url("/api/v1/health"))
        .timeout(std::time::Duration::from_secs(5))
        .send()
        .await;
    assert!(full.is_err(), "the public address is full: {full:?}");
    let probe = client
        .get(format!("{ops}/api/v1/health"))
        .timeout(std::time::Duration::from_secs(5))
        .send()
        .await
        .expect("the operations address answers");
    assert_eq!(probe.status(), 200);
}

#[tokio::test]
async fn health_on_the_operations_address_answers_while_the_main_runtime_is_busy() {
    let app = TestApp::spawn_with(&[("KLAREFI_OPS_BIND", "127.0.0.1:0")]).await;
    let ops = app.ops_base.clone().expect("an operations address");
    let client = reqwest::Client::new();
    // The server starts serving once the test's runtime has run its task: wait for that.
    let first = client
        .get(format!("{ops}/api/v1/health"))
        .send()
        .await
        .expect("request");
    assert_eq!(first.status(), 200);
    let addr = ops.trim_start_matches("http://").to_string();
    // A probe from a thread of its own, with a plain blocking socket.
    let (answered, answer) = std::sync::mpsc::channel();
    let probe = std::thread::spawn(move || {
        use std::io::{Read as _, Write as _};
        let mut stream = std::net::TcpStream::connect(&addr).expect("connect");
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(10)))
            .expect("timeout");
        stream
            .write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: ops\r\nConnection: close\r\n\r\n")
            .expect("write");
        let mut response = String::new();
        let _ = stream.read_to_string(&mut response);
        let _ = answered.send(response);
    });
    // The test's runtime also runs the server's main runtime tasks: block it outright. Before the
    // operations address had a thread of its own, the probe waited until this ended.
    std::thread::sleep(std::time::Duration::from_secs(3));
    let response = answer
        .try_recv()
        .expect("health answered while the main runtime was blocked");
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    probe.join().expect("probe thread");
    // Readiness and metrics hop to the main runtime, and answer again now that it runs.
    for path in ["/api/v1/ready", "/metrics"] {
        let r = client.get(format!("{ops}{path}")).send().await.expect("request");
        assert_eq!(r.status(), 200, "{path}");
    }
}
