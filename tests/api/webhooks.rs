//! Webhooks: registered endpoints, signed at-least-once deliveries from the outbox, retries,
//! rotation, redelivery, acknowledgements, and the guarantees across restarts and instances.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use klarefi::orgs::{Environment, Scope};
use serde_json::{Value, json};

use crate::fixtures::{Seen, programmable_receiver};
use crate::helpers::{TestApp, error_of};

/// Fast retries: the SPEC's 10 s, 1 min, 5 min … become 10 ms, 60 ms, 300 ms …
const FAST: &[(&str, &str)] = &[
    ("KLAREFI_ALLOW_PRIVATE_URLS", "true"),
    ("KLAREFI_WEBHOOK_BACKOFF_SCALE", "0.001"),
];

fn add_endpoint(app: &TestApp, org: &str, url: &str, extra: &[&str]) -> (String, String) {
    let (code, out) = app.cli(&[&["webhooks", "add", "--org", org, "--url", url][..], extra].concat());
    assert_eq!(code, 0, "{out}");
    (
        out["endpoint_id"].as_str().expect("endpoint_id").into(),
        out["signing_secret"].as_str().expect("secret").into(),
    )
}

async fn create_session(app: &TestApp, key: &str, idempotency_key: &str) -> String {
    let body = json!({"case_type_id": "motor_claim", "idempotency_key": idempotency_key, "external_case_id": "claim_1", "trace_id": "trace_1"});
    let response = app
        .client
        .post(app.url("/api/v1/sessions"))
        .bearer_auth(key)
        .json(&body)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 201);
    response.json::<Value>().await.expect("json")["session_id"]
        .as_str()
        .expect("id")
        .to_string()
}

/// An independent check of `t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">`: the secrets whose
/// signature is in the header.
fn signed_with(header: &str, body: &[u8], secrets: &[&str]) -> Vec<String> {
    use hmac::{KeyInit, Mac};
    let mut t = "";
    let mut v1 = Vec::new();
    for part in header.split(',') {
        match part.split_once('=') {
            Some(("t", value)) => t = value,
            Some(("v1", value)) => v1.push(value.to_string()),
            _ => panic!("unexpected part {part:?} in {header:?}"),
        }
    }
    let now = klarefi::ids::now_ms() / 1000;
    assert!((now - t.parse::<i64>().expect("t")).abs() < 60, "timestamp is fresh");
    secrets
        .iter()
        .filter(|secret| {
            let mut mac = <hmac::Hmac<sha2::Sha256> as KeyInit>::new_from_slice(secret.as_bytes()).expect("key");
            mac.update(format!("{t}.").as_bytes());
            mac.update(body);
            v1.contains(&hex::encode(mac.finalize().into_bytes()))
        })
        .map(|s| (*s).to_string())
        .collect()
}

fn header(seen: &Seen, n: usize, name: &str) -> String {
    seen.requests.lock().expect("lock")[n].0[name]
        .to_str()
        .expect("ascii")
        .to_string()
}

#[tokio::test]
async fn a_case_event_is_delivered_signed_in_the_spec_envelope() {
    let app = TestApp::spawn_with(FAST).await;
    let (org, key) = app.org_with_key().await;
    let (addr, seen) = programmable_receiver(vec![]).await;
    let (_, secret) = add_endpoint(&app, &org, &format!("http://{addr}/hook"), &[]);

    let case_id = create_session(&app, &key, "s1").await;
    seen.wait_for(1, 10).await;

    let (headers, body) = seen.requests.lock().expect("lock")[0].clone();
    let signature = headers["x-klarefi-signature"].to_str().expect("ascii");
    assert_eq!(signed_with(signature, &body, &[&secret]), vec![secret.clone()]);
    let event: Value = serde_json::from_slice(&body).expect("json");
    assert!(event["event_id"].as_str().is_some_and(|e| e.starts_with("evt_")));
    // A delivery's id carries its event's millisecond, then 16 random hex digits.
    let (event_id, delivery_id) = (
        event["event_id"].as_str().expect("id"),
        event["delivery_id"].as_str().expect("id"),
    );
    assert_eq!(delivery_id.len(), 28, "{delivery_id}");
    assert_eq!(
        delivery_id.get(..12),
        Some(format!("whd_{}", &event_id[4..12]).as_str())
    );
    assert!(
        delivery_id[12..]
            .chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
    );
    assert_eq!(
        headers["x-klarefi-delivery-id"],
        event["delivery_id"].as_str().expect("id")
    );
    assert_eq!(event["event_type"], "v1.intake.session_created");
    assert_eq!(event["semantic_event_type"], "intake.session_created");
    assert_eq!(event["schema_version"], "v1");
    assert_eq!(
        (&event["org_id"], &event["case_id"], &event["session_id"]),
        (&json!(org), &json!(case_id), &json!(case_id))
    );
    assert_eq!(
        (
            &event["external_case_id"],
            &event["trace_id"],
            &event["idempotency_key"]
        ),
        (&json!("claim_1"), &json!("trace_1"), &json!("s1"))
    );
    assert_eq!(event["data"]["case_status"], "created");
    assert_eq!(seen.count(), 1);
    assert!(event["created_at"].as_str().is_some() && event["occurred_at"].as_str().is_some());
}

#[tokio::test]
async fn a_receiver_that_fails_three_times_sees_the_same_delivery_until_it_succeeds() {
    let app = TestApp::spawn_with(FAST).await;
    let (org, key) = app.org_with_key().await;
    let (addr, seen) = programmable_receiver(vec![(500, 0), (503, 0), (404, 0)]).await;
    let (endpoint, _) = add_endpoint(&app, &org, &format!("http://{addr}/hook"), &[]);

    create_session(&app, &key, "s1").await;
    seen.wait_for(4, 20).await;

    let bodies = seen.bodies();
    assert!(
        bodies
            .iter()
            .all(|b| b["delivery_id"] == bodies[0]["delivery_id"] && b["event_id"] == bodies[0]["event_id"])
    );
    tokio::time::sleep(Duration::from_millis(200)).await;
    let (_, log) = app.cli(&["webhooks", "deliveries", "--endpoint", &endpoint]);
    let delivery = &log["deliveries"][0];
    assert_eq!(
        (
            &delivery["status"],
            &delivery["attempts"],
            &delivery["last_status_code"]
        ),
        (&json!("delivered"), &json!(4), &json!(200))
    );
    assert_eq!(seen.count(), 4, "no attempt after success");
}

#[tokio::test]
async fn after_the_last_retry_the_delivery_fails_and_the_failure_is_an_event() {
    let app = TestApp::spawn_with(&[
        ("KLAREFI_ALLOW_PRIVATE_URLS", "true"),
        ("KLAREFI_WEBHOOK_BACKOFF_SCALE", "0.00002"),
    ])
    .await;
    let (org, key) = app.org_with_key().await;
    let (dead, dead_seen) = programmable_receiver(vec![(500, 0); 100]).await;
    let (healthy, healthy_seen) = programmable_receiver(vec![]).await;
    let (dead_id, _) = add_endpoint(&app, &org, &format!("http://{dead}/hook"), &[]);
    add_endpoint(&app, &org, &format!("http://{healthy}/hook"), &[]);

    let case_id = create_session(&app, &key, "s1").await;
    healthy_seen.wait_for(2, 30).await;

    assert_eq!(dead_seen.count(), 9, "one attempt and eight retries");
    let failure = healthy_seen
        .bodies()
        .into_iter()
        .find(|b| b["event_type"] == "v1.webhook.delivery_failed")
        .expect("failure event");
    assert_eq!(failure["case_id"], case_id.as_str());
    assert_eq!(failure["data"]["endpoint_id"], dead_id.as_str());
    let (_, log) = app.cli(&["webhooks", "deliveries", "--endpoint", &dead_id, "--failed"]);
    assert_eq!(
        log["deliveries"].as_array().map(Vec::len),
        Some(1),
        "the failure event is not sent to the failing endpoint"
    );
    assert_eq!(log["deliveries"][0]["attempts"], 9);
}

#[tokio::test]
async fn disabled_unsubscribed_and_other_environment_endpoints_get_nothing() {
    let app = TestApp::spawn_with(FAST).await;
    let (org, key) = app.org_with_key().await;
    let (all, all_seen) = programmable_receiver(vec![]).await;
    let (quiet, quiet_seen) = programmable_receiver(vec![]).await;
    add_endpoint(&app, &org, &format!("http://{all}/hook"), &[]);
    let (disabled, _) = add_endpoint(&app, &org, &format!("http://{quiet}/hook"), &[]);
    assert_eq!(app.cli(&["webhooks", "disable", &disabled]).0, 0);
    add_endpoint(
        &app,
        &org,
        &format!("http://{quiet}/hook"),
        &["--event", "case.completed", "--event", "v1.case.needs_review"],
    );
    add_endpoint(&app, &org, &format!("http://{quiet}/hook"), &["--env", "live"]);

    create_session(&app, &key, "s1").await;
    all_seen.wait_for(1, 10).await;
    tokio::time::sleep(Duration::from_millis(600)).await;

    assert_eq!(quiet_seen.count(), 0);
    let (code, out) = app.cli(&[
        "webhooks",
        "add",
        "--org",
        &org,
        "--url",
        &format!("http://{all}/hook"),
        "--event",
        "case.exploded",
    ]);
    assert_eq!(code, 1);
    assert!(
        out["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("unknown event"),
        "{out}"
    );
    let (_, list) = app.cli(&["webhooks", "list", "--org", &org]);
    assert_eq!(list["endpoints"].as_array().map(Vec::len), Some(4));
    assert!(!list.to_string().contains("whsec_"), "a listing never shows a secret");
}

#[tokio::test]
async fn endpoint_urls_obey_the_address_rules() {
    let app = TestApp::spawn().await;
    let (org, _) = app.org_with_key().await;

    for url in [
        "http://127.0.0.1:9/hook",
        "https://10.0.0.1/hook",
        "https://169.254.169.254/",
        "ftp://example.com/",
    ] {
        let (code, out) = app.cli(&["webhooks", "add", "--org", &org, "--url", url]);
        assert_eq!(code, 1, "{url}: {out}");
    }
}

#[tokio::test]
async fn during_a_rotation_both_secrets_sign_and_redelivery_keeps_the_delivery_id() {
    let app = TestApp::spawn_with(FAST).await;
    let (org, key) = app.org_with_key().await;
    let (addr, seen) = programmable_receiver(vec![]).await;
    let (endpoint, old_secret) = add_endpoint(&app, &org, &format!("http://{addr}/hook"), &[]);
    let (code, rotated) = app.cli(&["webhooks", "rotate-secret", &endpoint]);
    assert_eq!(code, 0);
    let new_secret = rotated["signing_secret"].as_str().expect("secret").to_string();

    create_session(&app, &key, "s1").await;
    seen.wait_for(1, 10).await;
    let body = seen.requests.lock().expect("lock")[0].1.clone();
    let mut both = signed_with(
        &header(&seen, 0, "x-klarefi-signature"),
        &body,
        &[&old_secret, &new_secret],
    );
    both.sort();
    let mut expected = vec![old_secret.clone(), new_secret.clone()];
    expected.sort();
    assert_eq!(both, expected);

    let delivery_id = seen.bodies()[0]["delivery_id"].as_str().expect("id").to_string();
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(app.cli(&["webhooks", "redeliver", &delivery_id]).0, 0);
    seen.wait_for(2, 10).await;
    assert_eq!(seen.bodies()[1]["delivery_id"], delivery_id.as_str());
}

#[tokio::test]
async fn deliveries_are_acknowledged_once_and_only_by_their_organization() {
    let app = TestApp::spawn_with(FAST).await;
    let (org, key) = app.org_with_key().await;
    let (_, stranger) = app.org_with_key().await;
    let (_, no_scope) = app.create_key(&org, Environment::Test, &[Scope::CasesRead]).await;
    let (addr, seen) = programmable_receiver(vec![]).await;
    add_endpoint(&app, &org, &format!("http://{addr}/hook"), &[]);
    create_session(&app, &key, "s1").await;
    seen.wait_for(1, 10).await;
    let delivery_id = seen.bodies()[0]["delivery_id"].as_str().expect("id").to_string();
    let path = format!("/api/v1/webhooks/deliveries/{delivery_id}/ack");
    let ack = |key: String, body: Value| app.client.post(app.url(&path)).bearer_auth(key).json(&body).send();

    let first: Value = ack(key.clone(), json!({"acknowledgement_id": "ack-1"}))
        .await
        .expect("request")
        .json()
        .await
        .expect("json");
    let again: Value = ack(key.clone(), json!({"acknowledgement_id": "ack-2"}))
        .await
        .expect("request")
        .json()
        .await
        .expect("json");
    let bare = app
        .client
        .post(app.url(&path))
        .bearer_auth(&key)
        .send()
        .await
        .expect("request");

    assert_eq!(
        (&first["acknowledged"], &first["acknowledgement_id"]),
        (&json!(true), &json!("ack-1"))
    );
    assert_eq!(
        (&again["acknowledgement_id"], &again["acknowledged_at"]),
        (&json!("ack-1"), &first["acknowledged_at"])
    );
    assert_eq!(bare.status(), 200, "the body is optional");
    let (status, _, _) = error_of(ack(stranger, json!({})).await.expect("request")).await;
    assert_eq!(status, 404);
    let (status, _, _) = error_of(ack(no_scope, json!({})).await.expect("request")).await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn a_slow_receiver_fails_by_timeout_without_holding_up_another_endpoint() {
    let app = TestApp::spawn_with(&[
        ("KLAREFI_ALLOW_PRIVATE_URLS", "true"),
        ("KLAREFI_WEBHOOK_TIMEOUT_MS", "500"),
        ("KLAREFI_WEBHOOK_BACKOFF_SCALE", "10"),
    ])
    .await;
    let (org, key) = app.org_with_key().await;
    let (slow, slow_seen) = programmable_receiver(vec![(200, 3_000); 10]).await;
    let (fast, fast_seen) = programmable_receiver(vec![]).await;
    let (slow_id, _) = add_endpoint(&app, &org, &format!("http://{slow}/hook"), &[]);
    add_endpoint(&app, &org, &format!("http://{fast}/hook"), &[]);

    let started = Instant::now();
    for n in 0..3 {
        create_session(&app, &key, &format!("s{n}")).await;
    }
    fast_seen.wait_for(3, 10).await;

    assert!(
        started.elapsed() < Duration::from_millis(1_500),
        "the fast endpoint waited: {:?}",
        started.elapsed()
    );
    slow_seen.wait_for(3, 10).await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    let (_, log) = app.cli(&["webhooks", "deliveries", "--endpoint", &slow_id]);
    for d in log["deliveries"].as_array().expect("deliveries") {
        assert_eq!(d["status"], "pending", "{d}");
        assert!(d["last_error"].as_str().is_some_and(|e| e.contains("timed out")), "{d}");
    }
}

#[tokio::test]
async fn a_restart_in_the_middle_of_a_retry_schedule_still_delivers() {
    let mut first = TestApp::spawn_with(&[
        ("KLAREFI_ALLOW_PRIVATE_URLS", "true"),
        ("KLAREFI_WEBHOOK_BACKOFF_SCALE", "0.1"),
    ])
    .await;
    let (org, key) = first.org_with_key().await;
    let (addr, seen) = programmable_receiver(vec![(500, 0)]).await;
    add_endpoint(&first, &org, &format!("http://{addr}/hook"), &[]);
    create_session(&first, &key, "s1").await;
    seen.wait_for(1, 10).await;

    first.stop().await;
    let second = TestApp::spawn_sharing(&first).await;
    seen.wait_for(2, 15).await;

    let bodies = seen.bodies();
    assert_eq!(bodies[0]["delivery_id"], bodies[1]["delivery_id"]);
    drop(second);
}

#[tokio::test]
async fn two_instances_on_one_database_make_each_attempt_once() {
    let first = TestApp::spawn_with(FAST).await;
    let second = TestApp::spawn_sharing(&first).await;
    let (org, key) = first.org_with_key().await;
    let (addr, seen) = programmable_receiver(vec![]).await;
    add_endpoint(&first, &org, &format!("http://{addr}/hook"), &[]);

    for n in 0..20 {
        let app = if n % 2 == 0 { &first } else { &second };
        create_session(app, &key, &format!("s{n}")).await;
    }
    seen.wait_for(20, 20).await;
    tokio::time::sleep(Duration::from_millis(800)).await;

    let mut per_delivery: BTreeMap<String, usize> = BTreeMap::new();
    for body in seen.bodies() {
        *per_delivery
            .entry(body["delivery_id"].as_str().expect("id").to_string())
            .or_default() += 1;
    }
    assert_eq!(per_delivery.len(), 20);
    assert!(per_delivery.values().all(|n| *n == 1), "{per_delivery:?}");
}

#[tokio::test]
async fn a_commit_wakes_the_delivery_loop_when_it_queued_deliveries_and_only_then() {
    let app = TestApp::spawn_with(FAST).await;
    let (org, key) = app.org_with_key().await;
    let (_, quiet_key) = app.org_with_key().await;
    add_endpoint(&app, &org, "http://127.0.0.1:9/hook", &[]);
    let with_endpoint = create_session(&app, &key, "wake").await;
    let without = create_session(&app, &quiet_key, "no-wake").await;
    // A second handle on the same database: no delivery loop waits on its signal.
    let db = klarefi::db::Db::connect(&app.database_url).await.expect("connect");
    let queued = db.signal(klarefi::outbox::DELIVERIES_QUEUED);

    for (case_id, wakes) in [(&without, false), (&with_endpoint, true)] {
        let mut tx = db.begin().await.expect("begin");
        let event = klarefi::cases::EventType::Opened;
        klarefi::cases::store::append_event(&mut tx, case_id, event, &json!({}), klarefi::ids::now_ms())
            .await
            .expect("event");
        tx.commit().await.expect("commit");
        let woken = tokio::time::timeout(Duration::from_millis(300), queued.notified()).await;
        assert_eq!(woken.is_ok(), wakes, "case with endpoint: {wakes}");
    }
    db.close().await;
}

/// The webhook in the Mode-1 guide (`../shared/seeds/`, "Step 4: Receive Results via
/// Webhook"), as printed there.
const MODE_1_EXAMPLE: &str = r#"{
  "event": "case.completed",
  "case_id": "case_abc123",
  "org_id": "org_xyz",
  "timestamp": "2026-01-15T10:30:00Z",
  "data": {
    "features": {
      "incident_date": {
        "decision": { "decision": "keep" },
        "candidates": [{ "value_normalized": "2023-02-03" }]
      }
    }
  }
}"#;

/// Every key of `example` is in `actual` with a value of the same JSON type (arrays compared
/// by their first item): what a handler written from the example reads is there.
fn has_the_shape_of(example: &Value, actual: &Value, at: &str) {
    match (example, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (key, value) in e {
                let inner = a.get(key).unwrap_or_else(|| panic!("{at}.{key} is missing"));
                has_the_shape_of(value, inner, &format!("{at}.{key}"));
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            if let Some(first) = e.first() {
                has_the_shape_of(
                    first,
                    a.first().unwrap_or_else(|| panic!("{at} is empty")),
                    &format!("{at}[0]"),
                );
            }
        }
        (Value::String(_), Value::String(_))
        | (Value::Number(_), Value::Number(_))
        | (Value::Bool(_), Value::Bool(_)) => {}
        (e, a) => panic!("{at}: the example has {e}, the delivery {a}"),
    }
}

#[tokio::test]
async fn a_completed_case_is_delivered_as_the_mode_1_guide_shows() {
    let app = TestApp::spawn_with(FAST).await;
    let (org, key) = app.org_with_key().await;
    let (addr, seen) = programmable_receiver(vec![]).await;
    add_endpoint(&app, &org, &format!("http://{addr}/hook"), &[]);
    let server = crate::fixtures::document_server(crate::fixtures::complete_claim_pdf()).await;

    let response = crate::processing::process(
        &app,
        &key,
        &json!({
            "document_url": format!("http://{server}/doc.pdf"),
            "case_type_id": "motor_claim",
            "idempotency_key": "mode_1",
        }),
    )
    .await;
    assert_eq!(response.status(), 201);
    let case_id = response.json::<Value>().await.expect("json")["case_id"]
        .as_str()
        .expect("case_id")
        .to_string();
    crate::processing::wait_for(&app, &key, &case_id, &["case.completed"]).await;
    let deadline = Instant::now() + Duration::from_secs(20);
    let completed = loop {
        if let Some(body) = seen.bodies().into_iter().find(|b| b["event"] == "case.completed") {
            break body;
        }
        assert!(
            Instant::now() < deadline,
            "no case.completed delivery: {:?}",
            seen.bodies()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    };

    // A handler written from the guide: `switch (body.event)`, `body.data.features`.
    let example: Value = serde_json::from_str(MODE_1_EXAMPLE).expect("the guide's example is JSON");
    has_the_shape_of(&example, &completed, "body");
    assert_eq!(completed["event"], "case.completed");
    assert_eq!(
        (&completed["case_id"], &completed["org_id"]),
        (&json!(case_id), &json!(org))
    );
    assert_eq!(completed["timestamp"], completed["occurred_at"]);
    assert_eq!(
        completed["data"]["features"]["incident_date"]["decision"]["decision"],
        "keep"
    );
    assert_eq!(
        completed["data"]["features"]["incident_date"]["candidates"][0]["value_normalized"], "2023-02-03",
        "the guide's own example value, read from the claim form"
    );
    // The versioned envelope is still all there, and the features are the case read's.
    assert_eq!(completed["event_type"], "v1.case.completed");
    assert_eq!(completed["semantic_event_type"], "case.completed");
    assert_eq!(completed["data"]["case_status"], "completed");
    let case: Value = app.get_json(&format!("/api/v1/cases/{case_id}"), Some(&key)).await;
    assert_eq!(completed["data"]["features"], case["features"]);

    // Every delivery carries `event` and `timestamp`; only outcomes carry the features.
    for body in seen.bodies() {
        let event = body["event"].as_str().expect("event");
        assert_eq!(body["semantic_event_type"], event);
        assert!(body["timestamp"].as_str().is_some_and(|t| t.ends_with('Z')), "{body}");
        let outcome = ["case.completed", "case.needs_review", "case.applicant_blocked"].contains(&event);
        assert_eq!(body["data"].get("features").is_some(), outcome, "{event}: {body}");
    }
}
