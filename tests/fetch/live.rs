//! `fetch` and `post` against local responders on 127.0.0.1 / 127.0.0.2. The policies use
//! `allow_private` (to reach loopback over http) and, where a forbidden address is needed,
//! the `deny` hook to refuse 127.0.0.2.

use std::net::IpAddr;
use std::time::{Duration, Instant};

use crate::common::{Reply, install_provider, serve};
use klarefi::fetch::{FetchError, FetchPolicy, fetch, post};

fn dev() -> FetchPolicy {
    install_provider();
    FetchPolicy {
        timeout: Duration::from_secs(10),
        ..FetchPolicy::document(true)
    }
}

fn deny_dot2(ip: IpAddr) -> bool {
    ip == IpAddr::from([127, 0, 0, 2])
}

/// `/r/N` redirects to `/r/N-1` (relative for even N, absolute for odd N); `/r/0` is the
/// document.
async fn redirect_chain_server() -> crate::common::Server {
    serve("127.0.0.1", |req, own| {
        let Some(n) = req.path.strip_prefix("/r/").and_then(|n| n.parse::<u32>().ok()) else {
            return Reply::Fixed(404, vec![], vec![]);
        };
        match n {
            0 => Reply::Fixed(
                200,
                vec![("Content-Type".into(), "text/plain".into())],
                b"done".to_vec(),
            ),
            n if n % 2 == 0 => Reply::Redirect(format!("/r/{}", n - 1)),
            n => Reply::Redirect(format!("http://{own}/r/{}", n - 1)),
        }
    })
    .await
}

#[tokio::test]
async fn fetch_ok_with_content_type() {
    let server = serve("127.0.0.1", |_, _| {
        Reply::Fixed(
            200,
            vec![("Content-Type".into(), "application/pdf".into())],
            b"%PDF-1.7 test".to_vec(),
        )
    })
    .await;
    let got = fetch(&server.url("/doc.pdf?token=abc"), &dev()).await.unwrap();
    assert_eq!(got.bytes, b"%PDF-1.7 test");
    assert_eq!(got.content_type.as_deref(), Some("application/pdf"));
    assert_eq!(got.final_url, server.url("/doc.pdf?token=abc"));
    let shown = format!("{got:?}");
    assert!(!shown.contains("token") && !shown.contains("doc.pdf"), "{shown}");
    let req = &server.requests.lock().unwrap()[0];
    assert_eq!(req.method, "GET");
    assert!(req.header("referer").is_none());
}

#[tokio::test]
async fn fetch_by_hostname_uses_the_pinned_addresses() {
    // Every client carries a resolver that refuses all names; only the pin installed with
    // `resolve_to_addrs` after checking can make `localhost` connect. Success here proves the
    // pin is what the connection uses.
    let server = serve("127.0.0.1", |_, _| Reply::Fixed(200, vec![], b"ok".to_vec())).await;
    let url = format!("http://localhost:{}/doc", server.addr.port());
    let got = fetch(&url, &dev()).await.unwrap();
    assert_eq!(got.bytes, b"ok");
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn fetch_ipv6_literal() {
    // IP literals bypass the resolver entirely; the address rule is applied in check_url.
    let server = serve("::1", |_, _| Reply::Fixed(200, vec![], b"v6".to_vec())).await;
    let url = format!("http://[::1]:{}/doc", server.addr.port());
    assert_eq!(fetch(&url, &dev()).await.unwrap().bytes, b"v6");
    let deny_v6 = FetchPolicy {
        deny: Some(|ip: IpAddr| ip.is_ipv6()),
        ..dev()
    };
    assert_eq!(fetch(&url, &deny_v6).await.unwrap_err().code(), "address_not_allowed");
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn hostname_resolving_to_denied_address_is_refused_before_connecting() {
    let server = serve("127.0.0.1", |_, _| Reply::Fixed(200, vec![], b"ok".to_vec())).await;
    let policy = FetchPolicy {
        deny: Some(|ip: IpAddr| ip.is_loopback()),
        ..dev()
    };
    let url = format!("http://localhost:{}/doc", server.addr.port());
    let err = fetch(&url, &policy).await.unwrap_err();
    assert_eq!(err.code(), "address_not_allowed");
    assert_eq!(server.hits(), 0);
}

#[tokio::test]
async fn strict_policy_never_connects_to_loopback() {
    install_provider();
    let server = serve("127.0.0.1", |_, _| Reply::Fixed(200, vec![], b"ok".to_vec())).await;
    let strict = FetchPolicy::document(false);
    let port = server.addr.port();
    let cases = [
        (format!("http://127.0.0.1:{port}/"), "scheme_not_allowed"),
        (format!("https://127.0.0.1:{port}/"), "address_not_allowed"),
        (format!("https://2130706433:{port}/"), "address_not_allowed"),
        (format!("https://localhost:{port}/"), "address_not_allowed"),
        (format!("https://[::ffff:127.0.0.1]:{port}/"), "address_not_allowed"),
    ];
    for (url, code) in cases {
        assert_eq!(fetch(&url, &strict).await.unwrap_err().code(), code, "{url}");
        assert_eq!(
            post(&url, vec![], &[], &FetchPolicy::webhook(false))
                .await
                .unwrap_err()
                .code(),
            code,
            "{url}"
        );
    }
    assert_eq!(server.hits(), 0);
}

#[tokio::test]
async fn redirect_chain_of_three_is_followed() {
    let server = redirect_chain_server().await;
    let got = fetch(&server.url("/r/3"), &dev()).await.unwrap();
    assert_eq!(got.bytes, b"done");
    assert_eq!(got.final_url, server.url("/r/0"));
    assert_eq!(server.paths(), ["/r/3", "/r/2", "/r/1", "/r/0"]);
}

#[tokio::test]
async fn redirect_chain_of_four_is_refused() {
    let server = redirect_chain_server().await;
    let err = fetch(&server.url("/r/4"), &dev()).await.unwrap_err();
    assert!(matches!(err, FetchError::TooManyRedirects(3)), "{err:?}");
    assert_eq!(err.code(), "too_many_redirects");
    // The fourth Location is never requested.
    assert_eq!(server.paths(), ["/r/4", "/r/3", "/r/2", "/r/1"]);
}

#[tokio::test]
async fn zero_redirects_allowed_refuses_the_first() {
    let server = redirect_chain_server().await;
    let policy = FetchPolicy {
        max_redirects: 0,
        ..dev()
    };
    assert_eq!(
        fetch(&server.url("/r/1"), &policy).await.unwrap_err().code(),
        "too_many_redirects"
    );
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn redirect_to_denied_address_is_refused() {
    // 127.0.0.2 is loopback on Linux, so a second server can live there.
    let forbidden = serve("127.0.0.2", |_, _| Reply::Fixed(200, vec![], b"secret".to_vec())).await;
    let target = forbidden.url("/internal");
    let entry = serve("127.0.0.1", move |_, _| Reply::Redirect(target.clone())).await;

    // Control: without the hook the chain works, so the refusal below is the rule's doing.
    let got = fetch(&entry.url("/start"), &dev()).await.unwrap();
    assert_eq!(got.bytes, b"secret");
    assert_eq!(forbidden.hits(), 1);

    let policy = FetchPolicy {
        deny: Some(deny_dot2),
        ..dev()
    };
    let err = fetch(&entry.url("/start"), &policy).await.unwrap_err();
    assert_eq!(err.code(), "redirect_not_allowed");
    assert!(
        matches!(&err, FetchError::RedirectNotAllowed(inner) if inner.code() == "address_not_allowed"),
        "{err:?}"
    );
    assert_eq!(forbidden.hits(), 1, "the forbidden server must not be contacted again");
    // And directly, without a redirect:
    assert_eq!(
        fetch(&forbidden.url("/"), &policy).await.unwrap_err().code(),
        "address_not_allowed"
    );
    assert_eq!(forbidden.hits(), 1);
}

#[tokio::test]
async fn redirect_to_other_schemes_or_credentials_is_refused() {
    for (location, inner) in [
        ("file:///etc/passwd", "scheme_not_allowed"),
        ("ftp://127.0.0.1/x", "scheme_not_allowed"),
        ("http://user:pw@127.0.0.1/x", "invalid_url"),
        ("http://[::1", "invalid_url"),
    ] {
        let server = serve("127.0.0.1", move |_, _| Reply::Redirect(location.to_owned())).await;
        let err = fetch(&server.url("/"), &dev()).await.unwrap_err();
        assert!(
            matches!(&err, FetchError::RedirectNotAllowed(e) if e.code() == inner),
            "{location}: {err:?}"
        );
    }
}

#[tokio::test]
async fn too_large_with_content_length_is_refused_before_the_body() {
    // Declares 100 GiB, sends 3 bytes, then stalls: only an early refusal returns quickly.
    let server = serve("127.0.0.1", |_, _| Reply::DeclaredThenHang(100 << 30)).await;
    let start = Instant::now();
    let err = fetch(&server.url("/big"), &dev()).await.unwrap_err();
    assert!(matches!(err, FetchError::TooLarge { .. }), "{err:?}");
    assert!(start.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn too_large_chunked_stops_reading() {
    // An endless chunked body: returning at all proves the reader stopped at the limit.
    let server = serve("127.0.0.1", |_, _| Reply::ChunkedForever).await;
    let policy = FetchPolicy {
        max_bytes: 1024 * 1024,
        ..dev()
    };
    let start = Instant::now();
    let err = fetch(&server.url("/endless"), &policy).await.unwrap_err();
    assert_eq!(err.code(), "too_large");
    assert!(start.elapsed() < Duration::from_secs(5));
    // The server could only push what the socket buffers absorbed beyond our 1 MiB.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let sent = server.streamed.load(std::sync::atomic::Ordering::SeqCst);
    assert!(sent < 64 * 1024 * 1024, "server streamed {sent} bytes");
}

#[tokio::test]
async fn body_exactly_at_limit_is_accepted() {
    let server = serve("127.0.0.1", |_, _| Reply::Fixed(200, vec![], vec![7u8; 1000])).await;
    let at = FetchPolicy {
        max_bytes: 1000,
        ..dev()
    };
    assert_eq!(fetch(&server.url("/"), &at).await.unwrap().bytes.len(), 1000);
    let under = FetchPolicy {
        max_bytes: 999,
        ..dev()
    };
    assert_eq!(fetch(&server.url("/"), &under).await.unwrap_err().code(), "too_large");
}

#[tokio::test]
async fn silent_server_times_out_within_the_deadline() {
    let server = serve("127.0.0.1", |_, _| Reply::Hang).await;
    let policy = FetchPolicy {
        timeout: Duration::from_secs(1),
        ..dev()
    };
    let start = Instant::now();
    let err = fetch(&server.url("/"), &policy).await.unwrap_err();
    assert_eq!(err.code(), "timeout");
    let elapsed = start.elapsed();
    assert!(
        elapsed >= Duration::from_millis(900) && elapsed < Duration::from_secs(2),
        "{elapsed:?}"
    );

    let start = Instant::now();
    let err = post(&server.url("/hook"), b"{}".to_vec(), &[], &policy)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "timeout");
    assert!(start.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn stalled_body_times_out() {
    // Headers arrive, the body never completes: the deadline covers the body too.
    let server = serve("127.0.0.1", |_, _| Reply::DeclaredThenHang(10)).await;
    let policy = FetchPolicy {
        timeout: Duration::from_secs(1),
        ..dev()
    };
    let start = Instant::now();
    assert_eq!(fetch(&server.url("/"), &policy).await.unwrap_err().code(), "timeout");
    assert!(start.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn deadline_covers_the_whole_redirect_chain() {
    // Each hop is fast but the last one hangs: the one deadline still ends the fetch.
    let server = serve("127.0.0.1", |req, _| match req.path.as_str() {
        "/a" => Reply::Redirect("/b".into()),
        "/b" => Reply::Redirect("/c".into()),
        _ => Reply::Hang,
    })
    .await;
    let policy = FetchPolicy {
        timeout: Duration::from_secs(1),
        ..dev()
    };
    let start = Instant::now();
    assert_eq!(fetch(&server.url("/a"), &policy).await.unwrap_err().code(), "timeout");
    assert!(start.elapsed() < Duration::from_secs(2));
    assert_eq!(server.paths(), ["/a", "/b", "/c"]);
}

#[tokio::test]
async fn non_success_status_is_http_status() {
    let server = serve("127.0.0.1", |req, _| match req.path.as_str() {
        "/missing" => Reply::Fixed(404, vec![], b"not found".to_vec()),
        "/broken" => Reply::Fixed(500, vec![], vec![]),
        _ => Reply::Fixed(304, vec![], vec![]),
    })
    .await;
    let err = fetch(&server.url("/missing"), &dev()).await.unwrap_err();
    assert!(matches!(err, FetchError::HttpStatus(404)), "{err:?}");
    assert_eq!(err.code(), "http_status");
    assert!(matches!(
        fetch(&server.url("/broken"), &dev()).await,
        Err(FetchError::HttpStatus(500))
    ));
    // A 3xx that is not a followable redirect is a plain status, not a redirect.
    assert!(matches!(
        fetch(&server.url("/other"), &dev()).await,
        Err(FetchError::HttpStatus(304))
    ));
}

#[tokio::test]
async fn refused_connection_is_connect_failed_without_the_url() {
    install_provider();
    // Bind then drop to get a port nobody listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let err = fetch(&format!("http://127.0.0.1:{port}/doc?token=SECRET"), &dev())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "connect_failed");
    let text = err.to_string();
    assert!(!text.contains("SECRET") && !text.contains("/doc"), "{text}");
}

#[tokio::test]
async fn post_returns_statuses_as_is() {
    let server = serve("127.0.0.1", |req, _| match req.path.as_str() {
        "/ok" => Reply::Fixed(200, vec![], b"thanks".to_vec()),
        "/fail" => Reply::Fixed(500, vec![], b"oops".to_vec()),
        "/moved" => Reply::Redirect("/ok".into()),
        "/chatty" => Reply::Fixed(200, vec![], vec![b'z'; 4 * 1024 * 1024]),
        _ => Reply::Fixed(404, vec![], vec![]),
    })
    .await;
    let policy = FetchPolicy::webhook(true);
    let headers = vec![
        ("Content-Type".to_owned(), "application/json".to_owned()),
        ("X-Klarefi-Signature".to_owned(), "t=1,v1=abc".to_owned()),
    ];
    let body = br#"{"event_type":"v1.case.completed"}"#.to_vec();

    assert_eq!(
        post(&server.url("/ok"), body.clone(), &headers, &policy).await.unwrap(),
        200
    );
    {
        let reqs = server.requests.lock().unwrap();
        assert_eq!(reqs[0].method, "POST");
        assert_eq!(reqs[0].body, body);
        assert_eq!(reqs[0].header("x-klarefi-signature"), Some("t=1,v1=abc"));
        assert_eq!(reqs[0].header("content-type"), Some("application/json"));
    }
    assert_eq!(
        post(&server.url("/fail"), body.clone(), &headers, &policy)
            .await
            .unwrap(),
        500
    );

    // A redirect is returned as its status and not followed.
    assert_eq!(
        post(&server.url("/moved"), body.clone(), &headers, &policy)
            .await
            .unwrap(),
        302
    );
    assert_eq!(server.paths(), ["/ok", "/fail", "/moved"]);

    // A large response body is not read beyond the cap and does not delay the result.
    let start = Instant::now();
    assert_eq!(
        post(&server.url("/chatty"), body, &headers, &policy).await.unwrap(),
        200
    );
    assert!(start.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn post_refuses_reserved_or_malformed_headers() {
    let server = serve("127.0.0.1", |_, _| Reply::Fixed(200, vec![], vec![])).await;
    let policy = FetchPolicy::webhook(true);
    for (name, value) in [
        ("Host", "internal.example"),
        ("Content-Length", "0"),
        ("Transfer-Encoding", "chunked"),
        ("Bad Header", "x"),
        ("X-Ok", "line\r\nbreak"),
    ] {
        let err = post(
            &server.url("/"),
            vec![],
            &[(name.to_owned(), value.to_owned())],
            &policy,
        )
        .await
        .unwrap_err();
        assert_eq!(err.code(), "invalid_header", "{name}");
    }
    assert_eq!(server.hits(), 0);
}

#[tokio::test]
async fn post_to_denied_address_is_refused() {
    let forbidden = serve("127.0.0.2", |_, _| Reply::Fixed(200, vec![], vec![])).await;
    let policy = FetchPolicy {
        deny: Some(deny_dot2),
        ..FetchPolicy::webhook(true)
    };
    let err = post(&forbidden.url("/hook"), vec![], &[], &policy).await.unwrap_err();
    assert_eq!(err.code(), "address_not_allowed");
    assert_eq!(forbidden.hits(), 0);
}

#[tokio::test]
async fn huge_timeout_does_not_panic() {
    let server = serve("127.0.0.1", |_, _| Reply::Fixed(200, vec![], b"ok".to_vec())).await;
    let policy = FetchPolicy {
        timeout: Duration::MAX,
        ..dev()
    };
    assert_eq!(fetch(&server.url("/"), &policy).await.unwrap().bytes, b"ok");
    assert_eq!(post(&server.url("/"), vec![], &[], &policy).await.unwrap(), 200);
}
