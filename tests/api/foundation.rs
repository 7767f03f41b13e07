//! Plumbing every endpoint shares: health, auth, scopes, errors, rate limits, headers.

use klarefi::orgs::{Environment, Scope};
use serde_json::{Value, json};

use crate::helpers::{TestApp, error_of};

#[tokio::test]
async fn health_answers_ok_without_a_key() {
    let app = TestApp::spawn().await;

    let response = app.get("/api/v1/health", None).await;

    assert_eq!(response.status(), 200);
    assert!(response.headers().contains_key("x-request-id"));
    assert_eq!(response.json::<Value>().await.expect("json"), json!({"status": "ok"}));
}

#[tokio::test]
async fn me_names_the_organization_and_environment_of_the_key() {
    let app = TestApp::spawn().await;
    let org = app.create_org(false, None).await;
    let (_, test_key) = app.create_key(&org, Environment::Test, &[Scope::CasesRead]).await;
    let (_, live_key) = app.create_key(&org, Environment::Live, &[Scope::CasesRead]).await;

    for (key, env) in [(test_key, "test"), (live_key, "live")] {
        let response = app.get("/api/v1/me", Some(&key)).await;
        assert_eq!(response.status(), 200);
        let body: Value = response.json().await.expect("json");
        assert_eq!(body, json!({"org_id": org, "environment": env}));
    }
}

#[tokio::test]
async fn a_revoked_key_stops_working_once_its_cache_entry_expires() {
    // (KLAREFI_KEY_CACHE_MS, how long to wait after revoking): with the cache off, revocation
    // is seen by the very next request.
    for (cache_ms, wait_ms) in [("200", 250), ("0", 0)] {
        let app = TestApp::spawn_with(&[("KLAREFI_KEY_CACHE_MS", cache_ms)]).await;
        let org = app.create_org(false, None).await;
        let (key_id, key) = app.create_key(&org, Environment::Test, Scope::ALL).await;
        assert_eq!(app.get("/api/v1/me", Some(&key)).await.status(), 200);
        // As `klarefi keys revoke` does, from outside this instance.
        klarefi::orgs::store::revoke_key(&app.state.db, &key_id, klarefi::ids::now_ms())
            .await
            .expect("revoke");
        tokio::time::sleep(std::time::Duration::from_millis(wait_ms)).await;
        let (status, _, code) = error_of(app.get("/api/v1/me", Some(&key)).await).await;
        assert_eq!((status, code.as_str()), (401, "revoked_api_key"), "cache {cache_ms} ms");
    }
}

#[tokio::test]
async fn requests_without_a_valid_key_are_refused_with_401() {
    let app = TestApp::spawn().await;
    let org = app.create_org(false, None).await;
    let (revoked_id, revoked) = app.create_key(&org, Environment::Test, Scope::ALL).await;
    klarefi::orgs::store::revoke_key(&app.state.db, &revoked_id, klarefi::ids::now_ms())
        .await
        .expect("revoke");
    let (_, good) = app.create_key(&org, Environment::Test, Scope::ALL).await;
    let unknown = klarefi::orgs::generate_key(Environment::Live).secret;
    let wrong_env = good.replacen("sk_test_", "sk_live_", 1);

    let cases: Vec<(&str, Option<String>, &str)> = vec![
        ("no header", None, "missing_api_key"),
        ("basic auth", Some(format!("Basic {good}")), "invalid_api_key"),
        ("no scheme", Some(good.clone()), "invalid_api_key"),
        ("empty bearer", Some("Bearer ".into()), "invalid_api_key"),
        ("unknown prefix", Some("Bearer pk_test_abc".into()), "invalid_api_key"),
        ("unknown key", Some(format!("Bearer {unknown}")), "invalid_api_key"),
        (
            "test key claiming live",
            Some(format!("Bearer {wrong_env}")),
            "invalid_api_key",
        ),
        ("revoked key", Some(format!("Bearer {revoked}")), "revoked_api_key"),
    ];
    for (why, header, code) in cases {
        let mut req = app.client.get(app.url("/api/v1/me"));
        if let Some(h) = header {
            req = req.header("authorization", h);
        }
        let response = req.send().await.expect("request");
        assert!(
            !response.headers().contains_key("x-ratelimit-limit"),
            "{why}: not counted"
        );
        let (status, kind, got) = error_of(response).await;
        assert_eq!(
            (status, kind.as_str(), got.as_str()),
            (401, "authentication_error", code),
            "{why}"
        );
    }
}

#[tokio::test]
async fn every_authenticated_response_carries_rate_limit_headers_and_the_limit_answers_429() {
    let app = TestApp::spawn().await;
    let org = app.create_org(false, Some(3)).await;
    let (_, key) = app.create_key(&org, Environment::Test, Scope::ALL).await;
    let (_, other) = app.org_with_key().await;

    let mut remaining = Vec::new();
    for _ in 0..3 {
        let response = app.get("/api/v1/me", Some(&key)).await;
        assert_eq!(response.status(), 200);
        let h = response.headers();
        assert_eq!(h["x-ratelimit-limit"], "3");
        let reset: i64 = h["x-ratelimit-reset"]
            .to_str()
            .expect("ascii")
            .parse()
            .expect("epoch seconds");
        let now = klarefi::ids::now_ms() / 1000;
        assert!(
            reset > now && reset <= now + 60,
            "reset {reset} is the end of this minute"
        );
        remaining.push(h["x-ratelimit-remaining"].to_str().expect("ascii").to_string());
    }
    assert_eq!(remaining, ["2", "1", "0"]);

    let limited = app.get("/api/v1/me", Some(&key)).await;
    let retry_after: u64 = limited.headers()["retry-after"]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("seconds");
    assert!((1..=60).contains(&retry_after), "Retry-After {retry_after}");
    assert_eq!(limited.headers()["x-ratelimit-remaining"], "0");
    let (status, kind, code) = error_of(limited).await;
    assert_eq!(
        (status, kind.as_str(), code.as_str()),
        (429, "rate_limit_error", "rate_limited")
    );

    // Unknown routes behind auth count too, and another organization is not affected.
    assert_eq!(app.get("/api/v1/me", Some(&other)).await.status(), 200);
}

#[tokio::test]
async fn two_instances_on_one_database_share_the_rate_limit() {
    let first = TestApp::spawn().await;
    let second = TestApp::spawn_sharing(&first).await;
    let org = first.create_org(false, Some(4)).await;
    let (_, key) = first.create_key(&org, Environment::Test, Scope::ALL).await;

    let mut statuses = Vec::new();
    for n in 0..6 {
        let app = if n % 2 == 0 { &first } else { &second };
        statuses.push(app.get("/api/v1/me", Some(&key)).await.status().as_u16());
    }

    assert_eq!(statuses, [200, 200, 200, 200, 429, 429]);
}

#[tokio::test]
async fn unknown_routes_and_wrong_methods_get_the_error_envelope() {
    let app = TestApp::spawn().await;
    let (_, key) = app.org_with_key().await;

    let cases: Vec<(reqwest::RequestBuilder, u16, &str, &str)> = vec![
        (
            app.client.get(app.url("/api/v1/nothing-here")),
            404,
            "not_found",
            "route_not_found",
        ),
        (
            app.client.get(app.url("/api/v2/me")).bearer_auth(&key),
            404,
            "not_found",
            "route_not_found",
        ),
        (app.client.get(app.url("/api")), 404, "not_found", "route_not_found"),
        (
            app.client.post(app.url("/api/v1/health")),
            405,
            "validation_error",
            "method_not_allowed",
        ),
        (
            app.client.delete(app.url("/api/v1/me")).bearer_auth(&key),
            405,
            "validation_error",
            "method_not_allowed",
        ),
    ];
    for (request, status, kind, code) in cases {
        let got = error_of(request.send().await.expect("request")).await;
        assert_eq!((got.0, got.1.as_str(), got.2.as_str()), (status, kind, code));
    }
}

#[tokio::test]
async fn a_failing_database_is_an_internal_error_that_reveals_nothing() {
    let app = TestApp::spawn().await;
    let (_, key) = app.org_with_key().await;
    app.state.db.close().await;

    let response = app.get("/api/v1/me", Some(&key)).await;
    let status = response.status().as_u16();
    let text = response.text().await.expect("body");

    assert!(status == 500 || status == 503, "{status}");
    let body: Value = serde_json::from_str(&text).expect("json envelope");
    assert_eq!(body["error"]["type"], "internal_error");
    assert!(
        !text.to_lowercase().contains("pool") && !text.contains("sqlx"),
        "no internals: {text}"
    );
}

#[tokio::test]
async fn pages_outside_the_api_get_a_localized_error_page() {
    let app = TestApp::spawn().await;

    for (accept, expected) in [
        ("nl-NL,nl;q=0.9", "Deze pagina bestaat niet."),
        ("en-GB", "There is no such page or endpoint."),
        ("de", "Deze pagina bestaat niet."),
    ] {
        let response = app
            .client
            .get(app.url("/no/such/page"))
            .header("accept-language", accept)
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), 404);
        assert!(
            response.headers()["content-type"]
                .to_str()
                .expect("ascii")
                .starts_with("text/html")
        );
        let request_id = response.headers()["x-request-id"].to_str().expect("ascii").to_string();
        let html = response.text().await.expect("body");
        assert!(html.contains(expected), "{accept}: {html}");
        assert!(html.contains(&request_id), "the page shows the reference");
    }
}

#[tokio::test]
async fn every_response_carries_strict_security_headers() {
    let app = TestApp::spawn().await;

    for path in ["/api/v1/health", "/api/v1/me", "/nowhere", "/static/app.css"] {
        let response = app.get(path, None).await;
        let h = response.headers();
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["referrer-policy"], "no-referrer", "{path}");
        let csp = h["content-security-policy"].to_str().expect("ascii");
        assert!(
            csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"),
            "{path}: {csp}"
        );
    }
}

#[tokio::test]
async fn the_openapi_document_describes_every_route_and_every_described_route_exists() {
    let app = TestApp::spawn().await;
    let (_, key) = app.org_with_key().await;

    let doc: Value = app.get_json("/api/v1/openapi.json", None).await;

    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().expect("paths");
    assert!(paths.len() >= 11, "{}", paths.len());
    for (path, item) in paths {
        for method in item.as_object().expect("path item").keys() {
            let concrete = path
                .replace("{id}", "nope")
                .replace("{doc_id}", "nope")
                .replace("{delivery_id}", "nope");
            let request = app
                .client
                .request(method.to_uppercase().parse().expect("method"), app.url(&concrete))
                .bearer_auth(&key)
                .header("content-type", "application/json")
                .body("{}");
            let response = request.send().await.expect("request");
            let status = response.status().as_u16();
            let body: Value = response.json().await.unwrap_or(Value::Null);
            let code = body["error"]["code"].as_str().unwrap_or_default().to_string();
            assert!(
                status != 405 && code != "route_not_found",
                "{method} {path} is documented but not routed ({status} {code})"
            );
        }
    }
}

/// Every place in the document where a generator would have to guess: an array without
/// `items`, an object with neither `properties` nor `additionalProperties` (typed as
/// `Record<string, never>` by TypeScript generators), an object response field left out of
/// `required`.
fn guesses_in(schema: &Value, at: &str, out: &mut Vec<String>) {
    match schema {
        Value::Object(map) => {
            let types: Vec<&str> = match map.get("type") {
                Some(Value::String(t)) => vec![t.as_str()],
                Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
                _ => vec![],
            };
            if types.contains(&"array") && !map.contains_key("items") {
                out.push(format!("{at}: an array without items"));
            }
            if types.contains(&"object") && !map.contains_key("properties") && !map.contains_key("additionalProperties")
            {
                out.push(format!("{at}: an object without properties or additionalProperties"));
            }
            for (key, value) in map {
                guesses_in(value, &format!("{at}/{key}"), out);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                guesses_in(item, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[tokio::test]
async fn the_openapi_document_leaves_generators_nothing_to_guess() {
    let app = TestApp::spawn().await;

    let doc: Value = app.get_json("/api/v1/openapi.json", None).await;

    let mut guesses = Vec::new();
    guesses_in(&doc["components"], "#/components", &mut guesses);
    guesses_in(&doc["paths"], "#/paths", &mut guesses);
    assert!(guesses.is_empty(), "{guesses:#?}");
    let schemas = &doc["components"]["schemas"];
    assert_eq!(
        schemas["CasePackage"]["properties"]["facts"]["additionalProperties"]["$ref"],
        "#/components/schemas/PackageFact",
        "a package's facts are typed"
    );
    assert_eq!(
        schemas["Case"]["properties"]["features"]["additionalProperties"]["$ref"],
        "#/components/schemas/Feature"
    );
    for (name, schema) in schemas.as_object().expect("schemas") {
        let (Some(properties), Some(required)) = (schema["properties"].as_object(), schema["required"].as_array())
        else {
            continue;
        };
        for field in required {
            let field = field.as_str().expect("a name");
            assert!(
                properties.contains_key(field),
                "{name} requires {field}, which it does not describe"
            );
        }
    }
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("path item") {
            let responses = op["responses"].as_object().expect("responses");
            for status in ["400", "500"] {
                assert!(responses.contains_key(status), "{method} {path} documents {status}");
            }
            if op.get("security") != Some(&json!([])) {
                for status in ["401", "429"] {
                    assert!(responses.contains_key(status), "{method} {path} documents {status}");
                }
            }
        }
    }
}

#[tokio::test]
async fn batched_counting_far_from_the_limit_loses_no_requests() {
    let app = TestApp::spawn().await;
    let org = app.create_org(false, Some(10_000)).await;
    let (_, key) = app.create_key(&org, Environment::Test, Scope::ALL).await;

    let mut remaining = Vec::new();
    for _ in 0..30 {
        let response = app.get("/api/v1/me", Some(&key)).await;
        remaining.push(
            response.headers()["x-ratelimit-remaining"]
                .to_str()
                .expect("ascii")
                .parse::<i64>()
                .expect("number"),
        );
    }
    tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    assert_eq!(app.get("/api/v1/me", Some(&key)).await.status(), 200);

    assert!(
        remaining.windows(2).all(|w| w[1] < w[0]),
        "remaining counts down: {remaining:?}"
    );
    let stored: i64 = klarefi::on_db!(
        &app.state.db,
        read | pool | {
            sqlx::query_scalar::<_, i64>("SELECT CAST(SUM(hits) AS BIGINT) FROM rate_limit_windows WHERE org_id = $1")
                .bind(&org)
                .fetch_one(pool)
                .await
        }
    )
    .expect("sum");
    assert_eq!(stored, 31, "every request reached the shared window");
}

#[tokio::test]
async fn on_postgresql_the_whole_pool_is_open_before_the_first_request() {
    // Opened on demand, a burst's connections were opened during it (~90 ms each over TLS).
    let app = TestApp::spawn().await;
    let klarefi::db::Pools::Postgres(pool) = &app.state.db.pools else {
        return; // SQLite opens its few connections at start anyway.
    };
    let open: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()")
        .fetch_one(pool)
        .await
        .expect("count");
    assert_eq!(open, i64::from(klarefi::db::PG_CONNECTIONS));
}
