//! Running more than one process: `web` and `worker` roles on one PostgreSQL database, and a
//! shutdown that hands a job in hand back to the queue for another instance.

use klarefi::config::Role;
use klarefi::orgs::Environment;
use serde_json::{Value, json};

use crate::fixtures::{complete_claim_pdf, document_server};
use crate::helpers::TestApp;
use crate::processing::{process, wait_for};

fn on_postgres() -> bool {
    std::env::var("KLAREFI_TEST_POSTGRES_URL").is_ok_and(|v| !v.trim().is_empty())
}

#[tokio::test]
async fn a_web_process_leaves_documents_to_a_worker_process_on_the_same_database() {
    if !on_postgres() {
        eprintln!(
            "skipping: split roles need PostgreSQL (set KLAREFI_TEST_POSTGRES_URL); SQLite refuses them, see config tests"
        );
        return;
    }
    let web = TestApp::spawn_with(&[("KLAREFI_ALLOW_PRIVATE_URLS", "true"), ("KLAREFI_ROLE", "web")]).await;
    let worker = TestApp::spawn_sharing_as(&web, Role::Worker).await;
    let (_, key) = web.org_with_key().await;
    let server = document_server(complete_claim_pdf()).await;

    let created: Value = process(&web, &key, &json!({"document_url": format!("http://{server}/doc.pdf"), "case_type_id": "motor_claim", "idempotency_key": "split"}))
        .await
        .json()
        .await
        .expect("json");
    let case_id = created["case_id"].as_str().expect("case");
    let seen = wait_for(&web, &key, case_id, &["case.completed", "case.failed"]).await;
    assert_eq!(seen.last().map(String::as_str), Some("case.completed"), "{seen:?}");

    // The worker serves health, readiness and metrics, and nothing of the API or the pages.
    assert_eq!(worker.get("/api/v1/health", None).await.status(), 200);
    assert_eq!(worker.get("/api/v1/ready", None).await.status(), 200);
    assert_eq!(worker.get("/api/v1/me", Some(&key)).await.status(), 404);
    assert_eq!(worker.get(&format!("/s/{case_id}"), None).await.status(), 404);
    let read_on = |metrics: &str| {
        metrics
            .lines()
            .any(|l| l.starts_with(r#"klarefi_sandbox_read_duration_seconds_count{outcome="ok"} 1"#))
    };
    let worker_metrics = worker.get("/metrics", None).await.text().await.expect("text");
    let web_metrics = web.get("/metrics", None).await.text().await.expect("text");
    assert!(read_on(&worker_metrics), "the worker read it: {worker_metrics}");
    assert!(!read_on(&web_metrics), "the web process read nothing: {web_metrics}");
}

#[tokio::test]
async fn a_job_in_hand_at_shutdown_is_handed_back_and_another_instance_finishes_it() {
    let mut first = TestApp::spawn_with(&[
        ("KLAREFI_ALLOW_PRIVATE_URLS", "true"),
        ("KLAREFI_SHUTDOWN_GRACE_MS", "200"),
    ])
    .await;
    let (org, key) = first.org_with_key().await;
    // The document takes 2 s to arrive: longer than the grace.
    let slow = crate::processing::slow_document_server(complete_claim_pdf(), std::time::Duration::from_secs(2)).await;
    let created: Value = process(&first, &key, &json!({"document_url": format!("http://{slow}/doc.pdf"), "case_type_id": "motor_claim", "idempotency_key": "handover"}))
        .await
        .json()
        .await
        .expect("json");
    let (case_id, job_id) = (
        created["case_id"].as_str().expect("case").to_string(),
        created["job_id"].as_str().expect("job").to_string(),
    );
    let db = first.state.db.clone();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while klarefi::jobs::status(&db, &job_id)
        .await
        .expect("status")
        .expect("job")
        .status
        != "running"
    {
        assert!(std::time::Instant::now() < deadline, "the job never started");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }

    let stopping = std::time::Instant::now();
    first.stop().await;
    let stopped_in = stopping.elapsed();
    assert!(
        stopped_in < std::time::Duration::from_millis(1800),
        "stopped after the grace, not after the job: {stopped_in:?}"
    );
    // The first instance closed its pool; look with a connection of our own.
    let db = klarefi::db::Db::connect(&first.database_url).await.expect("connect");
    let handed_back = klarefi::jobs::status(&db, &job_id).await.expect("status").expect("job");
    assert_eq!(
        (handed_back.status.as_str(), handed_back.attempts),
        ("queued", 0),
        "handed back due, its attempt not counted: {handed_back:?}"
    );

    let second = TestApp::spawn_sharing(&first).await;
    let (_, key2) = second
        .create_key(&org, Environment::Test, klarefi::orgs::Scope::ALL)
        .await;
    let seen = wait_for(&second, &key2, &case_id, &["case.completed", "case.failed"]).await;
    assert_eq!(seen.last().map(String::as_str), Some("case.completed"), "{seen:?}");
    let processed = seen.iter().filter(|t| *t == "document.processed").count();
    assert_eq!(processed, 1, "read once: {seen:?}");
}
