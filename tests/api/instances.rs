//! Several `klarefi serve` processes on one PostgreSQL database and one blob store, as behind a
//! load balancer (issue 26): everything here goes through the real binary and HTTP, as an
//! operator runs it. The store is the test bucket when `.ci/run` started one, else a folder
//! both processes share.
//!
//! PostgreSQL only: processes on one SQLite file are refused split roles and would not hear
//! each other's changes (see the config tests).

use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::applicant::Applicant;
use crate::blobs::test_bucket_url;
use crate::fixtures::{complete_claim_pdf, receiver};
use crate::helpers::{PgDatabase, fresh_database};
use crate::intake::{reach_claim_form, wait_for_reading};

/// What every process of one deployment shares: the database, the blob store, the link
/// secret; and the folder that holds their logs (and the blobs, without a bucket).
struct Deployment {
    database_url: String,
    blob_url: String,
    secret: String,
    dir: tempfile::TempDir,
    _pg: PgDatabase,
}

/// One `klarefi serve` process; killed (SIGKILL) when dropped.
struct Instance {
    name: &'static str,
    base: String,
    child: Child,
}

impl Deployment {
    /// `None` (after a note) off PostgreSQL.
    async fn new() -> Option<Self> {
        if !std::env::var("KLAREFI_TEST_POSTGRES_URL").is_ok_and(|v| !v.trim().is_empty()) {
            eprintln!("skipping: several instances need PostgreSQL (set KLAREFI_TEST_POSTGRES_URL)");
            return None;
        }
        crate::helpers::init();
        let dir = tempfile::tempdir().expect("tempdir");
        let (database_url, pg) = fresh_database(dir.path()).await;
        let blob_url = test_bucket_url().unwrap_or_else(|| format!("file://{}", dir.path().join("blobs").display()));
        Some(Self {
            database_url,
            blob_url,
            secret: klarefi::ids::random_hex(32),
            dir,
            _pg: pg.expect("a PostgreSQL database"),
        })
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_klarefi"));
        command
            .args(args)
            .env("KLAREFI_DATABASE_URL", &self.database_url)
            .env("KLAREFI_BLOB_URL", &self.blob_url)
            .env("KLAREFI_SIGNING_SECRET", &self.secret)
            .env("KLAREFI_DATA_DIR", self.dir.path())
            .env("KLAREFI_DEMO", "false")
            .env("KLAREFI_ALLOW_PRIVATE_URLS", "true")
            .env("KLAREFI_WEBHOOK_BACKOFF_SCALE", "0.001")
            .env("KLAREFI_WEBHOOK_TIMEOUT_MS", "5000")
            // A dead worker's job is another's after 3 s (renewed every second while alive).
            .env("KLAREFI_JOB_LEASE_MS", "3000")
            .env("KLAREFI_WORKERS", "1")
            .env("KLAREFI_LOG", "warn");
        command
    }

    /// Runs an admin command and returns its JSON.
    fn cli(&self, args: &[&str]) -> Value {
        let output = self.command(args).output().expect("run klarefi");
        assert!(
            output.status.success(),
            "klarefi {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).expect("one JSON object")
    }

    /// An organization with the processing API and a test key with every scope.
    fn org_with_key(&self) -> (String, String) {
        let org = self.cli(&["orgs", "create", "--name", "Two Instances", "--enable-processing"]);
        let org_id = org["org_id"].as_str().expect("org").to_string();
        let key = self.cli(&["keys", "create", "--org", &org_id, "--env", "test"]);
        (org_id, key["api_key"].as_str().expect("key").to_string())
    }

    /// Starts `klarefi serve --role role` and waits until it is ready.
    async fn start(&self, name: &'static str, role: &str) -> Instance {
        let port = {
            let socket = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
            socket.local_addr().expect("addr").port()
        };
        let base = format!("http://127.0.0.1:{port}");
        let log = std::fs::File::create(self.dir.path().join(format!("{name}.log"))).expect("log file");
        let child = self
            .command(&["serve", "--role", role])
            .env("KLAREFI_BIND", format!("127.0.0.1:{port}"))
            .env("KLAREFI_PUBLIC_URL", &base)
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("start klarefi serve");
        let instance = Instance { name, base, child };
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Ok(r) = reqwest::get(instance.url("/api/v1/ready")).await
                && r.status() == 200
            {
                return instance;
            }
            assert!(
                Instant::now() < deadline,
                "{name} never became ready: {}",
                self.log(name)
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    fn log(&self, name: &str) -> String {
        std::fs::read_to_string(self.dir.path().join(format!("{name}.log"))).unwrap_or_default()
    }
}

impl Instance {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// SIGKILL: no shutdown, no lease handed back.
    fn kill_9(&mut self) {
        self.child.kill().expect("kill -9");
        let _ = self.child.wait();
    }

    async fn get(&self, path: &str, key: &str) -> Value {
        reqwest::Client::new()
            .get(self.url(path))
            .bearer_auth(key)
            .send()
            .await
            .expect("request")
            .json()
            .await
            .expect("json")
    }

    /// Polls the case's package on this instance until `done` holds (or panics after 60 s).
    async fn package_until(&self, key: &str, case_id: &str, done: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let case = self.get(&format!("/api/v1/cases/{case_id}/package"), key).await;
            if done(&case) {
                return case;
            }
            assert!(
                Instant::now() < deadline,
                "{}: the case never got there: {case}",
                self.name
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

/// Every event of `case_id` from the feed, oldest first.
async fn events(instance: &Instance, key: &str, case_id: &str) -> Vec<Value> {
    let feed = instance
        .get(&format!("/api/v1/cases/{case_id}/events?limit=100"), key)
        .await;
    feed["events"]
        .as_array()
        .unwrap_or_else(|| panic!("events: {feed}"))
        .clone()
}

/// Each event of the feed was delivered to the receiver exactly once, and nothing else was.
async fn delivered_once(seen: &crate::fixtures::Seen, feed: &[Value]) {
    // A delivery an instance had claimed when it was killed goes out again once its lease
    // has run out: the webhook timeout (5 s here) plus 30 s. Waiting only 30 s failed on a
    // loaded machine when the kill caught a delivery in flight.
    seen.wait_for(feed.len(), 75).await;
    // Anything more would come within a delivery loop's turn.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let mut delivered: Vec<String> = seen
        .bodies()
        .iter()
        .map(|b| b["event_id"].as_str().expect("event_id").to_string())
        .collect();
    delivered.sort();
    let mut expected: Vec<String> = feed
        .iter()
        .map(|e| e["event_id"].as_str().expect("event_id").to_string())
        .collect();
    expected.sort();
    assert_eq!(delivered, expected, "every event once, and only the feed's");
}

#[tokio::test]
async fn an_upload_to_one_instance_is_read_by_anothers_worker_and_served_by_it() {
    let Some(deployment) = Deployment::new().await else {
        return;
    };
    // A serves pages and the API only; B also runs the document workers and webhook deliveries.
    let a = deployment.start("a", "web").await;
    let b = deployment.start("b", "all").await;
    let (org, key) = deployment.org_with_key();
    let (hook, seen) = receiver(reqwest::StatusCode::OK).await;
    deployment.cli(&[
        "webhooks",
        "add",
        "--org",
        &org,
        "--url",
        &format!("http://{hook}/hook"),
    ]);

    // The session is made on A and its link walked on A.
    let created: Value = client()
        .post(a.url("/api/v1/sessions"))
        .bearer_auth(&key)
        .json(&json!({"case_type_id": "motor_claim", "idempotency_key": "two-instances", "locale": "nl"}))
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json");
    let case_id = created["session_id"].as_str().expect("session").to_string();
    let link = created["signed_url"].as_str().expect("signed_url").to_string();
    assert!(link.starts_with(&a.base), "{link}");
    // Both have the case in their caches before anything happens to it.
    for instance in [&a, &b] {
        let before = instance.get(&format!("/api/v1/cases/{case_id}"), &key).await;
        assert_eq!(before["document_ids"], json!([]), "{before}");
    }

    let pdf = complete_claim_pdf();
    let page = format!("/s/{case_id}");
    let mut applicant = Applicant::at(&a.base, client());
    reach_claim_form(&mut applicant, &link, &page).await;
    applicant
        .upload_and_continue(&format!("{page}/step/damage_report/upload"), &[("schade.pdf", &pdf)])
        .await;
    // A has no worker: the page waits until B's has read the document.
    wait_for_reading(&mut applicant, &page).await;

    // The read document, as B wrote it and as A was told (its cached case dropped).
    let read = |p: &Value| p["documents"][0]["status"] == "processed";
    let package = b.package_until(&key, &case_id, read).await;
    let on_a = a.package_until(&key, &case_id, read).await;
    assert_eq!(on_a["documents"], package["documents"]);
    assert_eq!(on_a["facts"], package["facts"]);
    assert!(
        package["facts"]["licence_plate"]["evidence"][0]["doc_id"].is_string(),
        "facts with evidence from the upload: {package}"
    );
    let case_path = format!("/api/v1/cases/{case_id}");
    let (view_a, view_b) = (a.get(&case_path, &key).await, b.get(&case_path, &key).await);
    assert_eq!(view_a, view_b, "one case on both instances");
    assert_eq!(view_a["document_ids"].as_array().map(Vec::len), Some(1), "{view_a}");
    let doc_id = package["documents"][0]["doc_id"].as_str().expect("doc_id").to_string();

    // The case file from B shows the document and downloads the bytes uploaded to A.
    let case_file_url = package["case_file_url"].as_str().expect("case_file_url");
    let on_b_url = format!(
        "{}{}",
        b.base,
        &case_file_url[case_file_url.find("/case-file/").expect("path")..]
    );
    let mut handler = Applicant::at(&b.base, client());
    assert_eq!(handler.get(&on_b_url).await, 200);
    assert!(handler.sees("schade.pdf"), "the case file lists the upload");
    let download = handler
        .get_raw(&format!("/case-file/{case_id}/documents/{doc_id}"))
        .await;
    assert_eq!(download.status(), 200);
    assert_eq!(download.bytes().await.expect("bytes").as_ref(), pdf.as_slice());

    // Webhooks: each event once, though two instances run.
    let feed = events(&a, &key, &case_id).await;
    delivered_once(&seen, &feed).await;
    for name in ["a", "b"] {
        assert!(!deployment.log(name).contains("panicked"), "{}", deployment.log(name));
    }
}

/// Serves `body` after `delay` and counts the requests it has started to answer.
async fn counting_slow_server(body: Vec<u8>, delay: Duration) -> (std::net::SocketAddr, Arc<AtomicUsize>) {
    let started = Arc::new(AtomicUsize::new(0));
    let count = started.clone();
    let body = axum::body::Bytes::from(body);
    let router = axum::Router::new().route(
        "/doc.pdf",
        axum::routing::get(move || {
            let (count, body) = (count.clone(), body.clone());
            async move {
                count.fetch_add(1, Ordering::SeqCst);
                tokio::time::sleep(delay).await;
                (axum::http::StatusCode::OK, [("content-type", "application/pdf")], body)
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    (addr, started)
}

async fn until(what: &str, secs: u64, done: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(secs);
    while !done() {
        assert!(Instant::now() < deadline, "never: {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_kill_9_of_either_instance_during_processing_loses_nothing() {
    let Some(deployment) = Deployment::new().await else {
        return;
    };
    let mut a = deployment.start("a", "web").await;
    let mut b = deployment.start("b", "worker").await;
    let (org, key) = deployment.org_with_key();
    let (hook, seen) = receiver(reqwest::StatusCode::OK).await;
    deployment.cli(&[
        "webhooks",
        "add",
        "--org",
        &org,
        "--url",
        &format!("http://{hook}/hook"),
    ]);
    let (server, fetches) = counting_slow_server(complete_claim_pdf(), Duration::from_secs(2)).await;

    let accepted = client()
        .post(a.url("/api/v1/process"))
        .bearer_auth(&key)
        .json(&json!({"document_url": format!("http://{server}/doc.pdf"), "case_type_id": "motor_claim", "idempotency_key": "kill-9"}))
        .send()
        .await
        .expect("request");
    assert_eq!(accepted.status(), 201);
    let accepted: Value = accepted.json().await.expect("json");
    let case_id = accepted["case_id"].as_str().expect("case").to_string();

    // The web instance dies right after accepting: the job is in the database, not in A.
    a.kill_9();
    // B's worker is fetching the document when it dies.
    until("B fetches", 30, || fetches.load(Ordering::SeqCst) == 1).await;
    b.kill_9();

    // A new pair: C takes the job over once B's lease has run out, and fetches again.
    let c = deployment.start("c", "all").await;
    let taken_over = Instant::now();
    let done = c.package_until(&key, &case_id, |p| p["status"] != "processing").await;
    assert_eq!(done["status"], "completed", "{done}\n{}", deployment.log("c"));
    assert_eq!(fetches.load(Ordering::SeqCst), 2, "fetched again after the kill, once");
    assert!(
        taken_over.elapsed() < Duration::from_secs(30),
        "taken over after the 3 s lease, not the default two minutes"
    );
    assert_eq!(
        done["documents"].as_array().map(Vec::len),
        Some(1),
        "one document: {done}"
    );
    assert_eq!(done["documents"][0]["status"], "processed");

    // Nothing was lost or doubled: one case.completed, every event delivered once.
    let feed = events(&c, &key, &case_id).await;
    let completed = feed.iter().filter(|e| e["event_type"] == "case.completed").count();
    assert_eq!(completed, 1, "{feed:?}");
    delivered_once(&seen, &feed).await;
}
