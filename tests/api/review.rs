//! Operator review over the API and through the case file: commands with their rules and
//! audit trail, concurrency, idempotency, scopes and isolation, the queue, handler links, the
//! claimant's clarification round trip, events, webhooks and the package.

use klarefi::orgs::{Environment, Scope};
use serde_json::{Value, json};

use crate::applicant::{Applicant, create_session};
use crate::casefile::{disagreeing_claim_pdf, processed_case};
use crate::fixtures::programmable_receiver;
use crate::helpers::{TestApp, error_of};
use crate::processing::PRIVATE;

/// Posts a review command; returns (status, body).
pub async fn command(app: &TestApp, key: &str, case_id: &str, body: Value) -> (u16, Value) {
    let r = app
        .client
        .post(app.url(&format!("/api/v1/cases/{case_id}/review-commands")))
        .bearer_auth(key)
        .json(&body)
        .send()
        .await
        .expect("request");
    let status = r.status().as_u16();
    (status, r.json().await.expect("json"))
}

/// A command body with a fresh idempotency key, as handler `h_anna`.
pub fn cmd(command_type: &str, payload: Value, rationale: Option<&str>, version: i64) -> Value {
    let mut body = json!({
        "command_type": command_type,
        "handler_id": "h_anna",
        "handler_name": "Anna de Wit",
        "idempotency_key": klarefi::ids::random_hex(8),
        "expected_version": version,
    });
    body["payload"] = payload;
    if let Some(r) = rationale {
        body["rationale"] = json!(r);
    }
    body
}

async fn case_read(app: &TestApp, key: &str, id: &str) -> Value {
    app.get_json(&format!("/api/v1/cases/{id}"), Some(key)).await
}

async fn package(app: &TestApp, key: &str, id: &str) -> Value {
    app.get_json(&format!("/api/v1/cases/{id}/package"), Some(key)).await
}

async fn event_types(app: &TestApp, key: &str, id: &str) -> Vec<String> {
    let feed = app.get_json(&format!("/api/v1/cases/{id}/events"), Some(key)).await;
    feed["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| e["event_type"].as_str().expect("type").to_string())
        .collect()
}

async fn mint_link(app: &TestApp, key: &str, case_id: &str, access: &str) -> Value {
    let r = app
        .client
        .post(app.url(&format!("/api/v1/cases/{case_id}/case-file-links")))
        .bearer_auth(key)
        .json(&json!({ "handler_id": "h_bert", "handler_name": "Bert Jansen", "access": access, "ttl_hours": 2 }))
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), 201);
    r.json().await.expect("json")
}

#[tokio::test]
async fn a_handler_accepts_corrects_and_disputes_over_the_api_and_completes_the_review() {
    let app = TestApp::spawn_with(PRIVATE).await;
    let (_, key) = app.org_with_key().await;
    let (case_id, _, _) = processed_case(&app, &key, disagreeing_claim_pdf()).await;
    let case = case_read(&app, &key, &case_id).await;
    assert_eq!(case["status"], "needs_review");
    let date = &case["features"]["incident_date"];
    assert_eq!(date["decision"]["reason"], "conflict");
    assert_eq!(date["review_state"], "review_only");
    assert_eq!(
        case["features"]["licence_plate"]["review_state"],
        Value::Null,
        "kept, untouched"
    );

    // Completing is refused while required facts are open: recorded, 409, the open facts named.
    let (status, refused) = command(&app, &key, &case_id, cmd("complete_review", json!({}), None, 0)).await;
    assert_eq!(status, 409, "{refused}");
    assert_eq!(refused["status"], "rejected");
    assert_eq!(refused["reason"]["code"], "required_facts_open");
    let open: Vec<&str> = refused["reason"]["open_facts"]
        .as_array()
        .expect("open facts")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(open.contains(&"incident_date"), "{open:?}");
    assert_eq!(refused["reason"]["review"]["review_version"], 0);
    let command_id = refused["command_id"].as_str().expect("id");
    let read = app
        .get_json(
            &format!("/api/v1/cases/{case_id}/review-commands/{command_id}"),
            Some(&key),
        )
        .await;
    assert_eq!(
        (&read["status"], &read["handler_id"], &read["via"]),
        (&json!("rejected"), &json!("h_anna"), &json!("api"))
    );

    // Accept the date the handler checked: the document's 3 February.
    let candidate = date["candidates"]
        .as_array()
        .expect("candidates")
        .iter()
        .find(|c| c["value_normalized"] == "2023-02-03")
        .expect("candidate")["candidate_id"]
        .clone();
    let (status, accepted) = command(
        &app,
        &key,
        &case_id,
        cmd(
            "accept_fact",
            json!({ "fact_id": "incident_date", "candidate_id": candidate }),
            None,
            0,
        ),
    )
    .await;
    assert_eq!(status, 201, "{accepted}");
    assert_eq!(accepted["status"], "applied");
    assert_eq!(accepted["result"]["reason"], "accepted_by_reviewer");
    assert_eq!(accepted["result"]["review_state"], "accepted");
    assert_eq!(accepted["review_version"], 1);
    let case = case_read(&app, &key, &case_id).await;
    let date = &case["features"]["incident_date"];
    assert_eq!(date["decision"]["decision"], "keep");
    assert_eq!(date["decision"]["reason"], "accepted_by_reviewer");
    assert_eq!(date["decision"]["selected_candidate_id"], candidate);
    assert_eq!(date["review_state"], "accepted");

    // Correct the amount: validated by the fact's type, a rationale required; the correction is
    // a reviewer candidate with reviewer evidence, beside the document's evidence.
    let (status, _) = command(
        &app,
        &key,
        &case_id,
        cmd(
            "correct_fact",
            json!({ "fact_id": "damage_amount", "value": "veel" }),
            Some("invoice"),
            1,
        ),
    )
    .await;
    assert_eq!(status, 400, "not an amount");
    let (status, corrected) = command(
        &app,
        &key,
        &case_id,
        cmd(
            "correct_fact",
            json!({ "fact_id": "damage_amount", "value": "€ 1.300,00" }),
            Some("the invoice in the mail says 1300"),
            1,
        ),
    )
    .await;
    assert_eq!(status, 201, "{corrected}");
    let amount = &case_read(&app, &key, &case_id).await["features"]["damage_amount"];
    assert_eq!(amount["decision"]["reason"], "corrected_by_reviewer");
    let chosen = amount["candidates"]
        .as_array()
        .expect("candidates")
        .iter()
        .find(|c| c["candidate_id"] == amount["decision"]["selected_candidate_id"])
        .expect("selected");
    assert_eq!(
        (&chosen["value_normalized"], &chosen["source"]),
        (&json!("1300.00"), &json!("reviewer"))
    );
    let methods: Vec<&str> = amount["evidence"]
        .as_array()
        .expect("evidence")
        .iter()
        .filter_map(|e| e["method"].as_str())
        .collect();
    assert!(
        methods.contains(&"reviewer") && methods.contains(&"born_digital_text"),
        "{methods:?}"
    );

    // Dispute the plate's document evidence: it stays, marked, and no longer counts.
    let plate_evidence = case["features"]["licence_plate"]["evidence"][0]["evidence_id"].clone();
    let (status, disputed) = command(
        &app,
        &key,
        &case_id,
        cmd(
            "dispute_evidence",
            json!({ "evidence_id": plate_evidence }),
            Some("another car"),
            2,
        ),
    )
    .await;
    assert_eq!(status, 201, "{disputed}");
    let plate = &case_read(&app, &key, &case_id).await["features"]["licence_plate"];
    assert_eq!(plate["review_state"], "disputed");
    assert_eq!(plate["evidence"][0]["disputed"], true);
    assert_eq!(plate["decision"]["decision"], "missing");
    let (status, refused) = command(&app, &key, &case_id, cmd("complete_review", json!({}), None, 3)).await;
    assert_eq!(status, 409);
    assert!(
        refused["reason"]["open_facts"].to_string().contains("licence_plate"),
        "{refused}"
    );
    // The rejected command did not move the version on.
    let (status, _) = command(
        &app,
        &key,
        &case_id,
        cmd(
            "correct_fact",
            json!({ "fact_id": "licence_plate", "value": "ab-123-c" }),
            Some("checked the registration"),
            3,
        ),
    )
    .await;
    assert_eq!(status, 201);
    let (status, escalated) = command(&app, &key, &case_id, cmd("escalate", json!({}), Some("large claim"), 4)).await;
    assert_eq!(status, 201, "{escalated}");

    // What the form does not say, the handler fills in from the claim file.
    let mut version = 5;
    for (fact, value) in [
        ("claimant_email", "jan@example.nl"),
        ("incident_location", "Utrecht"),
        ("incident_description", "Aanrijding op de kruising."),
        ("iban", "NL91 ABNA 0417 1643 00"),
    ] {
        let (status, r) = command(
            &app,
            &key,
            &case_id,
            cmd(
                "correct_fact",
                json!({ "fact_id": fact, "value": value }),
                Some("from the claim file"),
                version,
            ),
        )
        .await;
        assert_eq!(status, 201, "{fact}: {r}");
        version += 1;
    }

    // Every required fact is now kept, accepted or corrected: the review completes.
    let (status, completed) = command(&app, &key, &case_id, cmd("complete_review", json!({}), None, version)).await;
    assert_eq!(status, 201, "{completed}");
    assert_eq!(completed["result"]["case_status"], "completed");
    assert_eq!(case_read(&app, &key, &case_id).await["status"], "completed");
    let events = event_types(&app, &key, &case_id).await;
    for expected in [
        "review.fact_accepted",
        "review.fact_corrected",
        "review.evidence_disputed",
        "review.escalated",
        "review.completed",
        "case.completed",
    ] {
        assert!(events.iter().any(|e| e == expected), "{expected} in {events:?}");
    }
    let at = |t: &str| events.iter().position(|e| e == t).expect(t);
    assert!(at("review.completed") < at("case.completed"));

    // The package: each fact's review state, who did what and when.
    let p = package(&app, &key, &case_id).await;
    assert_eq!(p["facts"]["incident_date"]["review_state"], "accepted");
    assert_eq!(p["facts"]["damage_amount"]["value"], "1300.00");
    let review = &p["review"];
    assert_eq!(review["review_version"], version + 1);
    assert_eq!(review["completion"]["completed_by"], "h_anna");
    assert_eq!(review["escalation"]["note"], "large claim");
    assert_eq!(review["facts"]["licence_plate"]["review_state"], "accepted");
    let actions = review["actions"].as_array().expect("actions");
    assert!(
        actions
            .iter()
            .all(|a| a["handler_id"] == "h_anna" && a["created_at"].is_string())
    );
    assert_eq!(
        actions.iter().filter(|a| a["status"] == "rejected").count(),
        2,
        "rejected commands are on the record too: {actions:?}"
    );
    // After completion, commands are refused.
    let (status, late) = command(
        &app,
        &key,
        &case_id,
        cmd("escalate", json!({}), Some("again"), version + 1),
    )
    .await;
    assert_eq!((status, &late["reason"]["code"]), (409, &json!("case_not_in_review")));
}

#[tokio::test]
async fn bad_review_commands_get_a_clear_validation_error_and_change_nothing() {
    let app = TestApp::spawn_with(PRIVATE).await;
    let (_, key) = app.org_with_key().await;
    let (case_id, _, _) = processed_case(&app, &key, disagreeing_claim_pdf()).await;
    let rows: Vec<(Value, &str, &str)> = vec![
        (json!({}), "missing_field", "no command_type"),
        (
            cmd("approve", json!({}), None, 0),
            "invalid_field",
            "unknown command type",
        ),
        (cmd("accept_fact", json!({}), None, 0), "missing_field", "no fact"),
        (
            cmd("accept_fact", json!({ "fact_id": "shoe_size" }), None, 0),
            "invalid_field",
            "unknown fact",
        ),
        (
            cmd(
                "correct_fact",
                json!({ "fact_id": "iban", "value": "NL00 BANK 0000 0000 00" }),
                Some("r"),
                0,
            ),
            "invalid_field",
            "bad IBAN",
        ),
        (
            cmd(
                "correct_fact",
                json!({ "fact_id": "incident_type", "value": "meteor" }),
                Some("r"),
                0,
            ),
            "invalid_field",
            "not an option",
        ),
        (
            cmd(
                "correct_fact",
                json!({ "fact_id": "iban", "value": "NL91 ABNA 0417 1643 00" }),
                None,
                0,
            ),
            "missing_field",
            "no rationale",
        ),
        (
            cmd("dispute_evidence", json!({ "evidence_id": "ev_nope" }), Some("r"), 0),
            "invalid_field",
            "unknown evidence",
        ),
        (cmd("escalate", json!({}), None, 0), "missing_field", "no note"),
        (
            cmd("request_clarification", json!({}), None, 0),
            "missing_field",
            "nothing to ask",
        ),
        (
            cmd("complete_review", json!({}), None, -1),
            "invalid_field",
            "negative version",
        ),
        (
            {
                let mut b = cmd("complete_review", json!({}), None, 0);
                b.as_object_mut().expect("object").remove("expected_version");
                b
            },
            "missing_field",
            "no version",
        ),
        (
            {
                let mut b = cmd("complete_review", json!({}), None, 0);
                b.as_object_mut().expect("object").remove("idempotency_key");
                b
            },
            "missing_idempotency_key",
            "no key",
        ),
        (
            {
                let mut b = cmd("escalate", json!({}), Some("r"), 0);
                b["handler_id"] = json!("");
                b
            },
            "invalid_field",
            "no handler",
        ),
    ];
    for (body, code, why) in rows {
        let r = app
            .client
            .post(app.url(&format!("/api/v1/cases/{case_id}/review-commands")))
            .bearer_auth(&key)
            .json(&body)
            .send()
            .await
            .expect("request");
        let (status, kind, got) = error_of(r).await;
        assert_eq!(
            (status, kind.as_str(), got.as_str()),
            (400, "validation_error", code),
            "{why}"
        );
    }
    // Nothing was recorded or changed.
    assert!(
        package(&app, &key, &case_id).await["review"]["actions"]
            .as_array()
            .expect("actions")
            .is_empty()
    );
    assert!(
        !event_types(&app, &key, &case_id)
            .await
            .iter()
            .any(|e| e.starts_with("review."))
    );
}

#[tokio::test]
async fn review_commands_are_idempotent_scoped_and_isolated_per_organization() {
    let app = TestApp::spawn_with(PRIVATE).await;
    let (org, key) = app.org_with_key().await;
    let (case_id, _, _) = processed_case(&app, &key, disagreeing_claim_pdf()).await;
    let body = cmd("escalate", json!({}), Some("check the garage"), 0);

    let (first_status, first) = command(&app, &key, &case_id, body.clone()).await;
    assert_eq!(first_status, 201);
    let (replay_status, replay) = command(&app, &key, &case_id, body.clone()).await;
    assert_eq!(replay_status, 200);
    assert_eq!(replay["command_id"], first["command_id"]);
    assert_eq!(replay["idempotent_replay"], true);
    let mut changed = body.clone();
    changed["rationale"] = json!("something else");
    let r = app
        .client
        .post(app.url(&format!("/api/v1/cases/{case_id}/review-commands")))
        .bearer_auth(&key)
        .json(&changed)
        .send()
        .await
        .expect("request");
    assert_eq!(
        error_of(r).await,
        (400, "validation_error".into(), "idempotency_key_conflict".into())
    );
    assert_eq!(
        event_types(&app, &key, &case_id)
            .await
            .iter()
            .filter(|e| *e == "review.escalated")
            .count(),
        1
    );

    // A key without cases:review is refused on every review endpoint.
    let (_, read_only) = app.create_key(&org, Environment::Test, &[Scope::CasesRead]).await;
    let (status, _) = command(&app, &read_only, &case_id, cmd("escalate", json!({}), Some("x"), 1)).await;
    assert_eq!(status, 403);
    for path in [
        format!(
            "/api/v1/cases/{case_id}/review-commands/{}",
            first["command_id"].as_str().expect("id")
        ),
        "/api/v1/review-queue".to_string(),
    ] {
        let (status, kind, code) = error_of(app.get(&path, Some(&read_only)).await).await;
        assert_eq!(
            (status, kind.as_str(), code.as_str()),
            (403, "authorization_error", "insufficient_scope"),
            "{path}"
        );
    }
    let r = app
        .client
        .post(app.url(&format!("/api/v1/cases/{case_id}/case-file-links")))
        .bearer_auth(&read_only)
        .json(&json!({ "handler_id": "h", "access": "view" }))
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), 403);

    // Another organization, and the live environment, see none of it.
    let (_, other) = app.org_with_key().await;
    let (_, live) = app.create_key(&org, Environment::Live, Scope::ALL).await;
    for k in [&other, &live] {
        let (status, _) = command(&app, k, &case_id, cmd("escalate", json!({}), Some("x"), 1)).await;
        assert_eq!(status, 404);
        let path = format!(
            "/api/v1/cases/{case_id}/review-commands/{}",
            first["command_id"].as_str().expect("id")
        );
        assert_eq!(app.get(&path, Some(k)).await.status(), 404);
        let queue = app.get_json("/api/v1/review-queue", Some(k)).await;
        assert!(queue["items"].as_array().expect("items").is_empty(), "{queue}");
        let r = app
            .client
            .post(app.url(&format!("/api/v1/cases/{case_id}/case-file-links")))
            .bearer_auth(k)
            .json(&json!({ "handler_id": "h", "access": "review" }))
            .send()
            .await
            .expect("request");
        assert_eq!(r.status(), 404);
    }
    // The same key in another organization is another command.
    let (other_case, _, _) = processed_case(&app, &other, disagreeing_claim_pdf()).await;
    let (status, _) = command(&app, &other, &other_case, body).await;
    assert_eq!(status, 201);
}

#[tokio::test]
async fn two_handlers_acting_at_once_never_overwrite_each_other() {
    let app = TestApp::spawn_with(PRIVATE).await;
    let (_, key) = app.org_with_key().await;
    let (case_id, _, _) = processed_case(&app, &key, disagreeing_claim_pdf()).await;
    let candidates = case_read(&app, &key, &case_id).await["features"]["incident_date"]["candidates"].clone();
    let pick = |i: usize| candidates[i]["candidate_id"].clone();
    let mut b = cmd(
        "accept_fact",
        json!({ "fact_id": "incident_date", "candidate_id": pick(1) }),
        None,
        0,
    );
    b["handler_id"] = json!("h_bert");

    // Both decided on version 0 and send at once: exactly one is applied.
    let (a, b) = tokio::join!(
        command(
            &app,
            &key,
            &case_id,
            cmd(
                "accept_fact",
                json!({ "fact_id": "incident_date", "candidate_id": pick(0) }),
                None,
                0
            )
        ),
        command(&app, &key, &case_id, b),
    );
    let mut statuses = [a.0, b.0];
    statuses.sort_unstable();
    assert_eq!(statuses, [201, 409], "{a:?} {b:?}");
    let (winner, loser) = if a.0 == 201 { (a.1, b.1) } else { (b.1, a.1) };
    assert_eq!(loser["reason"]["code"], "version_conflict");
    // The loser gets the fresh state: the winner's decision and the version to decide on.
    let fresh = &loser["reason"]["review"];
    assert_eq!(fresh["review_version"], 1);
    assert_eq!(fresh["facts"]["incident_date"]["review_state"], "accepted");
    assert_eq!(
        fresh["actions"].as_array().expect("actions")[0]["handler_id"],
        winner["handler_id"]
    );
    let date = &case_read(&app, &key, &case_id).await["features"]["incident_date"];
    assert_eq!(
        date["decision"]["selected_candidate_id"],
        if winner["handler_id"] == "h_anna" {
            pick(0)
        } else {
            pick(1)
        }
    );
    let accepted = event_types(&app, &key, &case_id)
        .await
        .iter()
        .filter(|e| *e == "review.fact_accepted")
        .count();
    assert_eq!(accepted, 1);
}

#[tokio::test]
async fn review_events_reach_webhooks_with_the_v1_prefix() {
    let app = TestApp::spawn_with(PRIVATE).await;
    let (org, key) = app.org_with_key().await;
    let (addr, seen) = programmable_receiver(vec![]).await;
    let url = format!("http://{addr}/hook");
    let (code, out) = app.cli(&[
        "webhooks",
        "add",
        "--org",
        &org,
        "--url",
        &url,
        "--event",
        "review.escalated",
        "--event",
        "review.completed",
    ]);
    assert_eq!(code, 0, "{out}");
    let (case_id, _, _) = processed_case(&app, &key, disagreeing_claim_pdf()).await;
    let (status, _) = command(&app, &key, &case_id, cmd("escalate", json!({}), Some("fraud check"), 0)).await;
    assert_eq!(status, 201);
    seen.wait_for(1, 10).await;
    let (_, body) = seen.requests.lock().expect("lock")[0].clone();
    let event: Value = serde_json::from_slice(&body).expect("json");
    assert_eq!(event["event_type"], "v1.review.escalated");
    assert_eq!(event["semantic_event_type"], "review.escalated");
    assert_eq!(event["case_id"], case_id.as_str());
    assert_eq!(event["data"]["handler_id"], "h_anna");
    assert!(
        !body.windows(11).any(|w| w == b"fraud check"),
        "the note is personal and stays out of webhooks"
    );
}

#[tokio::test]
async fn the_review_queue_lists_cases_in_review_oldest_first_with_reasons_and_a_cursor() {
    let app = TestApp::spawn_with(PRIVATE).await;
    let (_, key) = app.org_with_key().await;
    let mut ids = Vec::new();
    for _ in 0..3 {
        ids.push(processed_case(&app, &key, disagreeing_claim_pdf()).await.0);
    }
    let page = app.get_json("/api/v1/review-queue?limit=2", Some(&key)).await;
    let items = page["items"].as_array().expect("items");
    assert_eq!(items.len(), 2, "{page}");
    assert_eq!(
        (&items[0]["case_id"], &items[1]["case_id"]),
        (&json!(ids[0]), &json!(ids[1]))
    );
    assert_eq!(page["has_more"], true);
    let reasons = &items[0]["reasons"];
    assert!(
        reasons
            .as_array()
            .expect("reasons")
            .iter()
            .any(|r| r["fact_id"] == "incident_date"
                && r["reason"] == "conflict"
                && r["review_state"] == "review_only"),
        "{reasons}"
    );
    let cursor = page["next_cursor"].as_str().expect("cursor");
    let next = app
        .get_json(&format!("/api/v1/review-queue?limit=2&cursor={cursor}"), Some(&key))
        .await;
    assert_eq!(next["items"][0]["case_id"], json!(ids[2]));
    assert_eq!(next["has_more"], false);
    assert_eq!(next["next_cursor"], Value::Null);
    // Filters: case type, status, age.
    let home = app
        .get_json("/api/v1/review-queue?case_type_id=home_damage", Some(&key))
        .await;
    assert!(home["items"].as_array().expect("items").is_empty());
    let aged = app.get_json("/api/v1/review-queue?min_age_hours=1", Some(&key)).await;
    assert!(aged["items"].as_array().expect("items").is_empty());
    let blocked = app
        .get_json("/api/v1/review-queue?status=applicant_blocked", Some(&key))
        .await;
    assert!(blocked["items"].as_array().expect("items").is_empty());
    // A completed review leaves the queue.
    let (status, _) = command(&app, &key, &ids[0], cmd("escalate", json!({}), Some("x"), 0)).await;
    assert_eq!(status, 201);
    let page = app.get_json("/api/v1/review-queue", Some(&key)).await;
    assert_eq!(page["items"][0]["escalated"], true);
    assert_eq!(page["items"][0]["review_version"], 1);
    for (query, why) in [
        ("status=completed", "status"),
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("min_age_hours=-1", "age"),
        ("cursor=bm9wZQ", "cursor"),
        ("case_type_id=bikes", "case type"),
    ] {
        let (status, kind, _) = error_of(app.get(&format!("/api/v1/review-queue?{query}"), Some(&key)).await).await;
        assert_eq!((status, kind.as_str()), (400, "validation_error"), "{why}");
    }
}

#[tokio::test]
async fn the_review_queue_reads_an_index_not_a_scan() {
    let app = TestApp::spawn().await;
    let plan: Vec<String> = match &app.state.db.pools {
        klarefi::db::Pools::Sqlite { read, .. } => {
            let sql = format!("EXPLAIN QUERY PLAN {}", klarefi::review::store::QUEUE_SQL);
            sqlx::query_as::<_, (i64, i64, i64, String)>(sqlx::AssertSqlSafe(sql))
                .bind("org")
                .bind("test")
                .bind("needs_review")
                .bind(None::<String>)
                .bind(i64::MAX)
                .bind(0_i64)
                .bind("")
                .bind(50_i64)
                .fetch_all(read)
                .await
                .expect("plan")
                .into_iter()
                .map(|r| r.3)
                .collect()
        }
        klarefi::db::Pools::Postgres(pool) => {
            // With few rows PostgreSQL would rightly scan; ask it what it does without that choice.
            let mut conn = pool.acquire().await.expect("connection");
            sqlx::query("SET enable_seqscan = off")
                .execute(&mut *conn)
                .await
                .expect("set");
            let sql = format!("EXPLAIN {}", klarefi::review::store::QUEUE_SQL);
            sqlx::query_scalar::<_, String>(sqlx::AssertSqlSafe(sql))
                .bind("org")
                .bind("test")
                .bind("needs_review")
                .bind(None::<String>)
                .bind(i64::MAX)
                .bind(0_i64)
                .bind("")
                .bind(50_i64)
                .fetch_all(&mut *conn)
                .await
                .expect("plan")
        }
    };
    let plan = plan.join("\n");
    assert!(plan.contains("cases_review_queue"), "{plan}");
    assert!(
        !plan.contains("SCAN c\n") && !plan.contains("Seq Scan on cases"),
        "{plan}"
    );
}

#[tokio::test]
async fn handler_links_open_the_workspace_and_record_every_action_with_the_handler() {
    let app = TestApp::spawn_with(PRIVATE).await;
    let (_, key) = app.org_with_key().await;
    let (case_id, _, package_url) = processed_case(&app, &key, disagreeing_claim_pdf()).await;
    // Bad link requests.
    for (body, why) in [
        (json!({ "handler_id": "h", "access": "admin" }), "access"),
        (json!({ "handler_id": "h", "access": "view", "ttl_hours": 0 }), "ttl"),
        (json!({ "handler_id": "h", "access": "view", "ttl_hours": 721 }), "ttl"),
        (json!({ "handler_id": "", "access": "view" }), "handler"),
        (json!({ "access": "view" }), "no handler"),
    ] {
        let r = app
            .client
            .post(app.url(&format!("/api/v1/cases/{case_id}/case-file-links")))
            .bearer_auth(&key)
            .json(&body)
            .send()
            .await
            .expect("request");
        assert_eq!(error_of(r).await.0, 400, "{why}");
    }
    let link = mint_link(&app, &key, &case_id, "review").await;
    assert_eq!(
        (&link["access"], &link["handler_id"]),
        (&json!("review"), &json!("h_bert"))
    );
    let url = link["url"].as_str().expect("url");
    assert!(url.contains("link=cfl_") && url.contains("token="));

    // The workspace: what needs attention first, the overview, the forms.
    let mut h = Applicant::new(&app);
    assert_eq!(h.get(url).await, 200);
    let body = h.last_body.clone();
    let attention = body.find("id=\"attention\"").expect("attention");
    let overview = body.find("id=\"overview\"").expect("overview");
    let details = body.find("id=\"fact-incident_date\"").expect("details");
    assert!(attention < overview && overview < details);
    assert!(h.sees("U beoordeelt als Bert Jansen"));
    assert!(h.sees("Schadedatum") && h.sees("te beslissen") && h.sees("bronnen spreken elkaar tegen"));
    assert!(
        h.sees("Kenteken verzekerd voertuig"),
        "the handler's label, not the claimant's"
    );
    assert!(
        h.sees("tekst van de pdf") && !h.sees(">born_digital_text<"),
        "methods in words"
    );
    assert!(h.sees("CET") || h.sees("CEST"), "local times");
    assert!(h.sees("title=\"20") && h.sees(" UTC\""), "UTC on hover");
    assert!(h.sees("action=\"/case-file/") && h.sees("name=\"expected_version\" value=\"0\""));
    assert!(
        h.sees(&format!("/case-file/{case_id}/evidence/")) && h.sees("<img"),
        "the page image beside the fact"
    );
    assert!(body.len() < 100_000, "{} bytes", body.len());
    // Facts that need nothing have their forms one click away.
    assert!(h.sees(&format!(
        "href=\"/case-file/{case_id}?fact=claimant_name#fact-claimant_name\""
    )));
    assert!(!h.sees("value=\"p-accept-claimant_name\"") && !h.sees("-accept-claimant_name\""));
    assert_eq!(h.get(&format!("/case-file/{case_id}?fact=claimant_name")).await, 200);
    assert!(h.sees("-accept-claimant_name\""), "the opened fact has its forms");

    // Without the CSRF token nothing happens.
    let candidate = {
        let marker = "name=\"candidate_id\" value=\"";
        let at = body.find(marker).expect("a candidate radio") + marker.len();
        body[at..at + body[at..].find('"').expect("end")].to_string()
    };
    let form = [
        ("command_type", "accept_fact"),
        ("fact_id", "incident_date"),
        ("candidate_id", candidate.as_str()),
        ("expected_version", "0"),
        ("key", "form-1"),
    ];
    assert_eq!(
        h.post_without_csrf(&format!("/case-file/{case_id}/review"), &form)
            .await,
        403
    );
    h.get(&format!("/case-file/{case_id}")).await;
    // Accept through the form: applied as Bert, through his link.
    assert_eq!(h.post(&format!("/case-file/{case_id}/review"), &form).await, 200);
    assert!(h.sees("De waarde is geaccepteerd."), "{}", h.last_body);
    assert!(h.sees("name=\"expected_version\" value=\"1\""));
    let review = &package(&app, &key, &case_id).await["review"];
    let action = &review["actions"][0];
    assert_eq!(
        (&action["handler_id"], &action["handler_name"], &action["via"]),
        (&json!("h_bert"), &json!("Bert Jansen"), &json!("case_file"))
    );
    assert_eq!(review["facts"]["incident_date"]["review_state"], "accepted");
    // The same form again (a reload): a replay, not a second command.
    assert_eq!(h.post(&format!("/case-file/{case_id}/review"), &form).await, 200);
    assert_eq!(
        package(&app, &key, &case_id).await["review"]["actions"]
            .as_array()
            .expect("a")
            .len(),
        1
    );
    // A form from before: the stale version is a conflict with the fresh state.
    let stale = [
        ("command_type", "escalate"),
        ("rationale", "waarom niet"),
        ("expected_version", "0"),
        ("key", "form-2"),
    ];
    assert_eq!(h.post(&format!("/case-file/{case_id}/review"), &stale).await, 409);
    assert!(h.sees("Een andere behandelaar wijzigde dit dossier"));
    // A bad value is shown, not applied.
    let bad = [
        ("command_type", "correct_fact"),
        ("fact_id", "damage_amount"),
        ("value", "veel"),
        ("rationale", "factuur"),
        ("expected_version", "1"),
        ("key", "form-3"),
    ];
    assert_eq!(h.post(&format!("/case-file/{case_id}/review"), &bad).await, 400);
    assert!(h.sees("flash-error") && h.sees("payload.value"));
    // The opening and the action are on the timeline with the handler.
    let feed = app
        .get_json(&format!("/api/v1/cases/{case_id}/events"), Some(&key))
        .await;
    let opened = feed["events"]
        .as_array()
        .expect("events")
        .iter()
        .find(|e| e["event_type"] == "case_file.opened")
        .expect("opened");
    assert_eq!(opened["data"]["handler_id"], "h_bert");

    // The package's link and a view link show, and refuse every action, also with the
    // session's CSRF token (the browser opened the review link before).
    let csrf = h.csrf();
    let view_link = mint_link(&app, &key, &case_id, "view").await["url"]
        .as_str()
        .expect("url")
        .to_string();
    for view_url in [package_url.clone(), view_link] {
        assert_eq!(h.get(&view_url).await, 200);
        assert!(h.sees("Alleen lezen") && !h.sees("name=\"command_type\""));
        let escalate = [
            ("csrf", csrf.as_str()),
            ("command_type", "escalate"),
            ("rationale", "x"),
            ("expected_version", "1"),
            ("key", "form-4"),
        ];
        assert_eq!(
            h.post_without_csrf(&format!("/case-file/{case_id}/review"), &escalate)
                .await,
            403
        );
        assert!(h.sees("niet beoordelen"), "{}", h.last_body);
    }

    // An expired review link: the page opens read-only and actions are refused.
    assert_eq!(h.get(url).await, 200);
    klarefi::on_db!(
        app.state.db,
        write | pool | {
            sqlx::query("UPDATE case_file_links SET expires_at = 1 WHERE access = 'review'")
                .execute(pool)
                .await
                .map(|r| r.rows_affected())
        }
    )
    .expect("expire the link");
    h.get(&format!("/case-file/{case_id}")).await;
    assert!(h.sees("beoordelingslink is verlopen") && !h.sees("name=\"command_type\""));
    let escalate = [
        ("csrf", csrf.as_str()),
        ("command_type", "escalate"),
        ("rationale", "x"),
        ("expected_version", "1"),
        ("key", "form-5"),
    ];
    assert_eq!(
        h.post_without_csrf(&format!("/case-file/{case_id}/review"), &escalate)
            .await,
        403
    );
    // And an expired link no longer opens.
    let mut fresh = Applicant::new(&app);
    assert_eq!(fresh.get(url).await, 403);
    assert!(
        !event_types(&app, &key, &case_id)
            .await
            .iter()
            .any(|e| e == "review.escalated")
    );
}

/// A hosted case whose claimant answered every question, sent no documents and submitted:
/// the amount of the damage is missing, so it waits for review. Returns (case id, link, the
/// claimant's browser).
pub async fn submitted_without_documents(app: &TestApp, key: &str) -> (String, String, Applicant) {
    let (id, url) = create_session(app, key, json!({})).await;
    let base = format!("/s/{id}");
    let mut a = Applicant::new(app);
    a.get(&url).await;
    a.post(&format!("{base}/step/consent"), &[("value", "yes")]).await;
    // Documents first: the claimant has none.
    for _ in 0..3 {
        a.continue_documents().await;
    }
    for value in [
        "Jan de Vries",
        "jan@example.nl",
        "",
        "AUTO-1",
        "AB-123-C",
        "3-2-2023",
        "Utrecht",
        "collision",
        "Achteruit tegen een paal.",
        "no",
    ] {
        let action = a.action();
        assert_eq!(
            a.post(&action, &[("value", value)]).await,
            200,
            "{value}: {}",
            a.heading()
        );
    }
    for _ in 0..20 {
        let action = a.action();
        if action.ends_with("/submit") {
            assert_eq!(a.post(&action, &[]).await, 200);
            break;
        }
        let fields: Vec<(&str, &str)> = if action.contains("/check/") {
            vec![("choice", "unknown")]
        } else if action.ends_with("/step/iban") {
            vec![("value", "NL91 ABNA 0417 1643 00")]
        } else {
            vec![]
        };
        assert_eq!(a.post(&action, &fields).await, 200, "{action}: {}", a.heading());
    }
    assert!(a.heading().contains("Bedankt"), "{}", a.heading());
    (id, url, a)
}

#[tokio::test]
async fn a_question_to_the_claimant_reopens_their_link_and_the_answer_returns_for_review() {
    let app = TestApp::spawn().await;
    let (_, key) = app.org_with_key().await;
    let (id, url, mut claimant) = submitted_without_documents(&app, &key).await;
    let case = case_read(&app, &key, &id).await;
    assert_eq!(case["status"], "needs_review", "{case:#}");
    assert_eq!(case["features"]["damage_amount"]["review_state"], "missing");
    // Before anything is asked, the claimant sees their confirmation.
    claimant.get(&format!("/s/{id}")).await;
    assert!(claimant.heading().contains("Bedankt"));

    let (status, asked) = command(
        &app,
        &key,
        &id,
        cmd(
            "request_clarification",
            json!({ "fact_id": "damage_amount", "question": "Welk bedrag staat er op de offerte van de garage?" }),
            None,
            0,
        ),
    )
    .await;
    assert_eq!(status, 201, "{asked}");
    assert_eq!(asked["result"]["case_status"], "applicant_blocked");
    let session = app.get_json(&format!("/api/v1/sessions/{id}"), Some(&key)).await;
    assert_eq!(
        (&session["status"], &session["link_active"]),
        (&json!("applicant_blocked"), &json!(true))
    );
    assert!(
        session["signed_url"].is_string(),
        "the integrator can send the link again"
    );
    let events = event_types(&app, &key, &id).await;
    let at = |t: &str| {
        events
            .iter()
            .rposition(|e| e == t)
            .unwrap_or_else(|| panic!("{t} in {events:?}"))
    };
    assert!(at("review.clarification_requested") < at("case.applicant_blocked"));
    // While the claimant is asked, the handler's commands wait.
    let (status, waiting) = command(&app, &key, &id, cmd("escalate", json!({}), Some("x"), 1)).await;
    assert_eq!(
        (status, &waiting["reason"]["code"]),
        (409, &json!("case_not_in_review"))
    );

    // The claimant's link (a new device) shows the question first.
    let mut phone = Applicant::new(&app);
    assert_eq!(phone.get(&url).await, 200);
    assert!(
        phone.sees("Welk bedrag staat er op de offerte van de garage?"),
        "{}",
        phone.last_body
    );
    assert!(phone.heading().contains("Een vraag over uw melding"));
    // The form needs the CSRF token, and the answer must be an amount.
    let path = format!("/s/{id}/clarification");
    let clarification = {
        let marker = "name=\"clarification\" value=\"";
        let at = phone.last_body.find(marker).expect("the clarification id") + marker.len();
        phone.last_body[at..at + phone.last_body[at..].find('"').expect("end")].to_string()
    };
    assert_eq!(
        phone
            .post_without_csrf(&path, &[("clarification", &clarification), ("value", "1250")])
            .await,
        403
    );
    phone.get(&path).await;
    assert_eq!(
        phone
            .post(&path, &[("clarification", &clarification), ("value", "veel")])
            .await,
        400
    );
    assert!(phone.sees("Geef een bedrag") && phone.sees("aria-invalid=\"true\""));
    assert_eq!(
        phone
            .post(&path, &[("clarification", &clarification), ("value", "€ 1.250,00")])
            .await,
        200
    );
    assert!(
        phone.heading().contains("Bedankt"),
        "back to the confirmation: {}",
        phone.heading()
    );
    // The first browser also sees only the confirmation now.
    claimant.get(&format!("/s/{id}")).await;
    assert!(claimant.heading().contains("Bedankt"));

    // The answer is evidence of the fact, and the case is back for review.
    let case = case_read(&app, &key, &id).await;
    assert_eq!(case["status"], "needs_review");
    let amount = &case["features"]["damage_amount"];
    let evidence = amount["evidence"].as_array().expect("evidence");
    assert!(
        evidence
            .iter()
            .any(|e| e["method"] == "applicant_answer" && e["quote"] == "€ 1.250,00"),
        "{amount}"
    );
    let review = &package(&app, &key, &id).await["review"];
    let c = &review["clarifications"][0];
    assert_eq!(c["answer"], "€ 1.250,00");
    assert!(c["answered_at"].is_string() && c["evidence_id"].is_string());
    let events = event_types(&app, &key, &id).await;
    assert_eq!(
        events.last().map(String::as_str),
        Some("case.needs_review"),
        "{events:?}"
    );

    // The handler accepts the answer and completes the review.
    let version = review["review_version"].as_i64().expect("version");
    let (status, _) = command(
        &app,
        &key,
        &id,
        cmd("accept_fact", json!({ "fact_id": "damage_amount" }), None, version),
    )
    .await;
    assert_eq!(status, 201);
    let (status, done) = command(&app, &key, &id, cmd("complete_review", json!({}), None, version + 1)).await;
    assert_eq!(status, 201, "{done}");
    assert_eq!(case_read(&app, &key, &id).await["status"], "completed");
}

#[tokio::test]
async fn a_processing_case_has_no_claimant_to_ask() {
    let app = TestApp::spawn_with(PRIVATE).await;
    let (_, key) = app.org_with_key().await;
    let (case_id, _, _) = processed_case(&app, &key, disagreeing_claim_pdf()).await;
    let (status, refused) = command(
        &app,
        &key,
        &case_id,
        cmd(
            "request_clarification",
            json!({ "question": "Welke datum klopt?" }),
            None,
            0,
        ),
    )
    .await;
    assert_eq!((status, &refused["reason"]["code"]), (409, &json!("no_applicant_link")));
    assert_eq!(case_read(&app, &key, &case_id).await["status"], "needs_review");
}

/// The review version the workspace's forms carry.
fn page_version(h: &Applicant) -> String {
    let marker = "name=\"expected_version\" value=\"";
    let at = h.last_body.find(marker).expect("a review form") + marker.len();
    h.last_body[at..at + h.last_body[at..].find('"').expect("end")].to_string()
}

#[tokio::test]
async fn every_review_command_works_through_the_workspace_forms() {
    let app = TestApp::spawn().await;
    let (_, key) = app.org_with_key().await;
    let (id, _, _) = submitted_without_documents(&app, &key).await;
    let link = mint_link(&app, &key, &id, "review").await;
    let mut h = Applicant::new(&app);
    assert_eq!(h.get(link["url"].as_str().expect("url")).await, 200);
    let path = format!("/case-file/{id}/review");
    // The documents steps say what was given: nothing.
    assert!(h.sees("Geen bestanden") && !h.sees("Bestanden gegeven"));
    assert!(h.sees("Schadebedrag") && h.sees("ontbreekt"));

    // Dispute the claimant's plate, correct it, escalate.
    let case = case_read(&app, &key, &id).await;
    let plate_evidence = case["features"]["licence_plate"]["evidence"][0]["evidence_id"]
        .as_str()
        .expect("evidence")
        .to_string();
    let v = page_version(&h);
    let fields = [
        ("command_type", "dispute_evidence"),
        ("evidence_id", plate_evidence.as_str()),
        ("rationale", "kenteken hoort bij een andere auto"),
        ("expected_version", v.as_str()),
        ("key", "p1"),
    ];
    assert_eq!(h.post(&path, &fields).await, 200);
    assert!(h.sees("Het bewijs is als betwist gemarkeerd"), "{}", h.last_body);
    assert!(h.sees("betwist"));
    let v = page_version(&h);
    let fields = [
        ("command_type", "correct_fact"),
        ("fact_id", "licence_plate"),
        ("value", "XY-987-Z"),
        ("rationale", "volgens het RDW-register"),
        ("expected_version", v.as_str()),
        ("key", "p2"),
    ];
    assert_eq!(h.post(&path, &fields).await, 200);
    assert!(h.sees("De waarde is gecorrigeerd") && h.sees("XY-987-Z"));
    let v = page_version(&h);
    let fields = [
        ("command_type", "escalate"),
        ("rationale", "hoog bedrag verwacht"),
        ("expected_version", v.as_str()),
        ("key", "p3"),
    ];
    assert_eq!(h.post(&path, &fields).await, 200);
    assert!(
        h.sees("Geëscaleerd door h_bert: hoog bedrag verwacht"),
        "{}",
        h.last_body
    );
    // Completing is refused while the amount is missing; the page says why.
    let v = page_version(&h);
    let fields = [
        ("command_type", "complete_review"),
        ("expected_version", v.as_str()),
        ("key", "p4"),
    ];
    assert_eq!(h.post(&path, &fields).await, 409);
    assert!(h.sees("verplichte feiten een besluit nodig hebben"));

    // Ask the claimant for the amount again (an empty question re-asks the fact).
    let v = page_version(&h);
    let fields = [
        ("command_type", "request_clarification"),
        ("fact_id", "damage_amount"),
        ("question", ""),
        ("expected_version", v.as_str()),
        ("key", "p5"),
    ];
    assert_eq!(h.post(&path, &fields).await, 200);
    assert!(h.sees("De vraag is verstuurd") && h.sees("Wacht op het antwoord van de melder"));
    assert!(!h.sees("name=\"command_type\""), "no forms while the claimant is asked");
    let session = app.get_json(&format!("/api/v1/sessions/{id}"), Some(&key)).await;
    let mut claimant = Applicant::new(&app);
    assert_eq!(claimant.get(session["signed_url"].as_str().expect("url")).await, 200);
    assert!(claimant.sees("Geef opnieuw op: Schadebedrag"), "{}", claimant.last_body);
    let clarification = {
        let marker = "name=\"clarification\" value=\"";
        let at = claimant.last_body.find(marker).expect("id") + marker.len();
        claimant.last_body[at..at + claimant.last_body[at..].find('"').expect("end")].to_string()
    };
    assert_eq!(
        claimant
            .post(
                &format!("/s/{id}/clarification"),
                &[("clarification", &clarification), ("value", "980")]
            )
            .await,
        200
    );

    // Back in review: accept the answer and complete, all through the page.
    h.get(&format!("/case-file/{id}")).await;
    assert!(h.sees("Antwoord: 980"), "{}", h.last_body);
    let v = page_version(&h);
    let fields = [
        ("command_type", "accept_fact"),
        ("fact_id", "damage_amount"),
        ("expected_version", v.as_str()),
        ("key", "p6"),
    ];
    assert_eq!(h.post(&path, &fields).await, 200);
    let v = page_version(&h);
    let fields = [
        ("command_type", "complete_review"),
        ("expected_version", v.as_str()),
        ("key", "p7"),
    ];
    assert_eq!(h.post(&path, &fields).await, 200);
    assert!(h.sees("De beoordeling is afgerond") && !h.sees("name=\"command_type\""));
    let review = &package(&app, &key, &id).await["review"];
    assert_eq!(review["completion"]["completed_by"], "h_bert");
    let via: Vec<&str> = review["actions"]
        .as_array()
        .expect("actions")
        .iter()
        .filter_map(|a| a["via"].as_str())
        .collect();
    assert!(via.iter().all(|v| *v == "case_file") && via.len() == 7, "{via:?}");
    assert_eq!(case_read(&app, &key, &id).await["status"], "completed");
}
