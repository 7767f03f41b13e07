//! Slow and hostile clients: unfinished heads, idle connections, stalled bodies and floods are
//! closed within their timeouts; forms are refused before their body is read. Short timeouts
//! here; `benches/slow_clients.py` measures the same at scale.

use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use serde_json::json;

use crate::applicant::create_session;
use crate::helpers::TestApp;

const SHORT: &[(&str, &str)] = &[("KLAREFI_HEADER_TIMEOUT_MS", "300"), ("KLAREFI_BODY_TIMEOUT_MS", "300")];

fn connect(app: &TestApp) -> TcpStream {
    let addr = app.base.trim_start_matches("http://");
    let stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .expect("read timeout");
    stream
}

/// Reads until the server closes the connection; returns what it sent and how long it took.
/// Runs on a blocking thread: the server shares this test's runtime.
async fn until_closed(mut stream: TcpStream) -> (String, Duration) {
    tokio::task::spawn_blocking(move || {
        let started = Instant::now();
        let mut received = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            match stream.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => received.extend_from_slice(&buf[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => break,
                Err(e) => panic!("the server did not close the connection: {e}"),
            }
        }
        (String::from_utf8_lossy(&received).into_owned(), started.elapsed())
    })
    .await
    .expect("reader")
}

#[tokio::test]
async fn unfinished_heads_and_idle_connections_are_closed_after_the_header_timeout() {
    let app = TestApp::spawn_with(SHORT).await;

    let silent = connect(&app);
    let mut half_head = connect(&app);
    half_head
        .write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
        .expect("send");
    let mut kept_alive = connect(&app);
    kept_alive
        .write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .expect("send");

    for (stream, what) in [
        (silent, "a connection that sends nothing"),
        (half_head, "a half-sent head"),
    ] {
        let (sent, took) = until_closed(stream).await;
        assert!(took < Duration::from_secs(3), "{what} stayed open {took:?}");
        assert!(!sent.contains("200 OK"), "{what}: {sent}");
    }
    let (sent, took) = until_closed(kept_alive).await;
    assert!(sent.starts_with("HTTP/1.1 200"), "the request was answered: {sent}");
    assert!(
        took < Duration::from_secs(3),
        "an idle kept-alive connection stayed open {took:?}"
    );

    // The server still answers.
    assert_eq!(app.get("/api/v1/health", None).await.status(), 200);
}

#[tokio::test]
async fn a_body_that_stops_arriving_is_answered_and_closed() {
    let app = TestApp::spawn_with(SHORT).await;
    let (_, key) = app.org_with_key().await;

    let mut stream = connect(&app);
    let head = format!(
        "POST /api/v1/sessions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {key}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{{\"case"
    );
    stream.write_all(head.as_bytes()).expect("send");
    let (sent, took) = until_closed(stream).await;

    assert!(took < Duration::from_secs(3), "a stalled body stayed open {took:?}");
    assert!(sent.starts_with("HTTP/1.1 400"), "{sent}");
    assert!(sent.contains("\"code\":\"timeout\""), "{sent}");
}

#[tokio::test]
async fn cookieless_form_posts_are_refused_before_their_body_is_read() {
    let app = TestApp::spawn_with(&[
        ("KLAREFI_HEADER_TIMEOUT_MS", "5000"),
        ("KLAREFI_BODY_TIMEOUT_MS", "5000"),
    ])
    .await;
    let (_, key) = app.org_with_key().await;
    let (id, _) = create_session(&app, &key, json!({})).await;

    for path in [
        format!("/s/{id}/step/consent"),
        format!("/s/{id}/step/claim_form/upload"),
    ] {
        let mut stream = connect(&app);
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 64000\r\n\r\ncsrf=abc&value="
        );
        stream.write_all(head.as_bytes()).expect("send");
        // The answer comes at once, long before the body timeout, with 63 KiB still unsent.
        let (sent, took) = until_closed(stream).await;
        assert!(sent.starts_with("HTTP/1.1 403"), "{path}: {sent}");
        assert!(sent.contains("text/html"), "{path}: the localized page");
        assert!(took < Duration::from_secs(2), "{path}: answered after {took:?}");
    }
}

#[tokio::test]
async fn connections_over_the_cap_are_closed_and_the_others_still_served() {
    let app = TestApp::spawn_with(&[("KLAREFI_MAX_CONNECTIONS", "3"), ("KLAREFI_HEADER_TIMEOUT_MS", "5000")]).await;
    let held: Vec<TcpStream> = (0..3).map(|_| connect(&app)).collect();
    // Let the server accept the three before the fourth arrives.
    tokio::time::sleep(Duration::from_millis(200)).await;

    let mut fourth = connect(&app);
    let _ = fourth.write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\n\r\n");
    let (sent, took) = until_closed(fourth).await;
    assert!(sent.is_empty(), "over the cap nothing is served: {sent}");
    assert!(took < Duration::from_secs(2), "closed at once, not after {took:?}");

    let mut first = held.into_iter().next().expect("a held connection");
    first
        .write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .expect("send");
    let (sent, _) = until_closed(first).await;
    assert!(
        sent.starts_with("HTTP/1.1 200"),
        "a connection within the cap is served: {sent}"
    );
}
