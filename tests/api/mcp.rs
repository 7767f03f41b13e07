//! `/mcp` on the running server, at the HTTP level (the tools themselves are driven by the
//! official Python client in `tests/mcp`): a bad key is refused before any tool, with the API's
//! envelope; a request without a key, or with a good one, reaches the MCP layer; a foreign
//! `Host` is refused.

use serde_json::{Value, json};

use crate::helpers::TestApp;

fn initialize() -> Value {
    json!({
        "jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {
            "protocolVersion": "2025-06-18",
            "capabilities": {},
            "clientInfo": { "name": "klarefi-tests", "version": "0" }
        }
    })
}

async fn post_mcp(app: &TestApp, headers: &[(&str, &str)]) -> reqwest::Response {
    let mut request = app
        .client
        .post(app.url("/mcp"))
        .header("accept", "application/json, text/event-stream")
        .json(&initialize());
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.expect("POST /mcp")
}

#[tokio::test]
async fn a_bad_key_on_mcp_is_refused_with_the_apis_envelope_before_any_tool() {
    let app = TestApp::spawn().await;
    for (header, code, why) in [
        (
            "Bearer sk_test_unknownunknownunknownunknownunknown00",
            "invalid_api_key",
            "an unknown key",
        ),
        ("Bearer nonsense", "invalid_api_key", "not a key's shape"),
        ("Basic dXNlcjpwYXNz", "invalid_api_key", "not a bearer token"),
    ] {
        let response = post_mcp(&app, &[("authorization", header)]).await;
        assert_eq!(response.status(), 401, "{why}");
        assert_eq!(
            response
                .headers()
                .get("www-authenticate")
                .map(reqwest::header::HeaderValue::as_bytes),
            Some(&b"Bearer"[..]),
            "{why}"
        );
        let body: Value = response.json().await.expect("json");
        assert_eq!(body["error"]["code"], code, "{why}: {body}");
        assert_eq!(body["error"]["type"], "authentication_error", "{why}: {body}");
    }
}

#[tokio::test]
async fn mcp_answers_without_a_key_and_with_a_good_one() {
    let app = TestApp::spawn().await;
    let response = post_mcp(&app, &[]).await;
    assert_eq!(response.status(), 200, "the applicant tools need no key");
    let body = response.text().await.expect("body");
    assert!(body.contains("\"serverInfo\"") && body.contains("klarefi"), "{body}");
    let (_, key) = app.org_with_key().await;
    let bearer = format!("Bearer {key}");
    let response = post_mcp(&app, &[("authorization", &bearer)]).await;
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn mcp_refuses_a_host_other_than_the_public_urls() {
    let app = TestApp::spawn().await;
    let response = post_mcp(&app, &[("host", "attacker.example")]).await;
    assert_eq!(response.status(), 403, "DNS rebinding");
}
