//! Proxy variables in the environment must be ignored. Setting environment variables inside
//! a test process needs `unsafe` (edition 2024) and would leak into parallel tests, so the
//! parent test re-runs this binary as a child with the variables set, pointing at a trap
//! listener that counts connections.

#![expect(clippy::expect_used, reason = "a test server that cannot start should fail loudly")]

#[path = "fetch/common.rs"]
mod common;

use std::net::TcpListener as StdListener;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use common::{Reply, install_provider, serve};
use klarefi::fetch::{FetchPolicy, fetch, post};

const CHILD_MARKER: &str = "FETCHER_PROXY_CHILD";
const PROXY_VARS: &[&str] = &[
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "http_proxy",
    "https_proxy",
    "all_proxy",
];

#[test]
fn proxy_environment_is_ignored() {
    // The trap: a "proxy" that accepts and counts connections but never answers.
    let trap = StdListener::bind("127.0.0.1:0").unwrap();
    let trap_addr = trap.local_addr().unwrap();
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in trap.incoming().flatten() {
            counter.fetch_add(1, Ordering::SeqCst);
            held.push(stream); // keep it open and silent
        }
    });

    let mut child = Command::new(std::env::current_exe().unwrap());
    child
        .args(["child_requests_with_proxy_env", "--exact", "--ignored", "--nocapture"])
        .env(CHILD_MARKER, "1")
        .env_remove("NO_PROXY")
        .env_remove("no_proxy")
        .env_remove("REQUEST_METHOD");
    for var in PROXY_VARS {
        child.env(var, format!("http://{trap_addr}"));
    }
    let out = child.output().unwrap();
    let log = format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "child failed:\n{log}");
    assert!(log.contains("1 passed"), "child test did not run:\n{log}");
    // Exactly one connection: the child's control client, which honours the environment.
    // The fetcher's own requests never touched the proxy.
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(hits.load(Ordering::SeqCst), 1, "{log}");
}

/// Runs only as the child of `proxy_environment_is_ignored`.
#[tokio::test]
#[ignore = "run by proxy_environment_is_ignored with proxy variables set"]
async fn child_requests_with_proxy_env() {
    assert_eq!(
        std::env::var(CHILD_MARKER).as_deref(),
        Ok("1"),
        "run via proxy_environment_is_ignored"
    );
    install_provider();
    let origin = serve("127.0.0.1", |_, _| Reply::Fixed(200, vec![], b"direct".to_vec())).await;
    let policy = FetchPolicy {
        timeout: Duration::from_secs(5),
        ..FetchPolicy::document(true)
    };

    let got = fetch(&origin.url("/doc"), &policy).await.unwrap();
    assert_eq!(got.bytes, b"direct");
    let by_name = format!("http://localhost:{}/doc", origin.addr.port());
    assert_eq!(fetch(&by_name, &policy).await.unwrap().bytes, b"direct");
    assert_eq!(post(&origin.url("/hook"), vec![], &[], &policy).await.unwrap(), 200);
    assert_eq!(origin.hits(), 3);

    // Control: a default reqwest client does pick the variables up, so the test really ran
    // with a live proxy configuration. It goes to the trap and hangs until our timeout.
    let control = reqwest::Client::builder()
        .timeout(Duration::from_millis(500))
        .build()
        .unwrap();
    assert!(control.get(origin.url("/control")).send().await.is_err());
    assert_eq!(origin.hits(), 3, "control request must have gone through the proxy");
}
