//! Webhooks: the signed envelope and its signature.
//!
//! `X-Klarefi-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, keyed
//! with the endpoint's secret: the same construction as Stripe's, so any Stripe-style
//! verifier works. During a secret rotation the header carries one `v1=` per secret.

pub mod routes;
pub mod store;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// The signature header value for `body` sent at `t`, one `v1=` per secret.
pub fn signature_header(secrets: &[&str], t: i64, body: &[u8]) -> String {
    let mut header = format!("t={t}");
    for secret in secrets {
        // Any byte string is a valid HMAC key, so this cannot fail.
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_bytes()).unwrap_or_else(|_| unreachable!());
        mac.update(t.to_string().as_bytes());
        mac.update(b".");
        mac.update(body);
        header.push_str(",v1=");
        header.push_str(&hex::encode(mac.finalize().into_bytes()));
    }
    header
}

/// Retry schedule after a failed attempt (SPEC §5), before scaling and jitter.
pub const BACKOFF_SECS: [i64; 8] = [10, 60, 300, 1_800, 7_200, 21_600, 43_200, 86_400];

/// When to try again after `attempts` failed attempts, or `None` when the schedule is done.
/// `scale` shrinks the schedule for tests; jitter of ±20% spreads retries of many deliveries.
pub fn next_attempt_delay_ms(attempts: i32, scale: f64, jitter: f64) -> Option<i64> {
    let index = usize::try_from(attempts.checked_sub(1)?).ok()?;
    let base = *BACKOFF_SECS.get(index)? as f64 * 1000.0 * scale;
    #[expect(clippy::cast_possible_truncation, reason = "milliseconds of a bounded schedule")]
    Some((base * (1.0 + 0.2 * jitter.clamp(-1.0, 1.0))).max(1.0) as i64)
}

/// The subscription name of an event type: `case.completed` (a `v1.` prefix is accepted).
pub fn semantic_name(event_type: &str) -> &str {
    event_type.strip_prefix("v1.").unwrap_or(event_type)
}

/// The events whose deliveries carry the case's `data.features` (SPEC §5, the Mode-1 guide).
pub const OUTCOME_EVENTS: [&str; 3] = ["case.completed", "case.needs_review", "case.applicant_blocked"];

/// Whether deliveries of `event_type` carry `data.features`.
pub fn carries_features(event_type: &str) -> bool {
    OUTCOME_EVENTS.contains(&semantic_name(event_type))
}

/// The envelope of one delivery (SPEC §5). It is rebuilt from the stored event and case for
/// every attempt, so `delivery_id` and the event's content stay the same across retries.
///
/// For integrators who followed the Mode-1 guide it also carries `event` (the unversioned
/// type) and `timestamp`, and an outcome event's `data.features` is `features` (the case
/// read's `features`, as the case is when the attempt is made: values of an erased document
/// are gone from later attempts, as from the case read).
pub fn envelope(d: &store::DueDelivery, features: Option<serde_json::Value>) -> serde_json::Value {
    let mut data: serde_json::Value = serde_json::from_str(&d.event_data).unwrap_or_else(|_| serde_json::json!({}));
    if let (Some(features), Some(object)) = (features, data.as_object_mut()) {
        object.insert("features".into(), features);
    }
    let at = crate::ids::rfc3339_ms(d.event_created_at);
    serde_json::json!({
        "event": d.event_type,
        "timestamp": at,
        "event_id": d.event_id,
        "delivery_id": d.id,
        "event_type": format!("v1.{}", d.event_type),
        "semantic_event_type": d.event_type,
        "schema_version": "v1",
        "created_at": at,
        "occurred_at": at,
        "org_id": d.org_id,
        "environment": d.environment,
        "case_id": d.case_id,
        "session_id": (d.mode == crate::cases::Mode::Hosted).then_some(&d.case_id),
        "external_case_id": d.external_case_id,
        "external_applicant_id": d.external_applicant_id,
        "external_customer_id": d.external_customer_id,
        "idempotency_key": d.idempotency_key,
        "trace_id": d.trace_id,
        "metadata": crate::cases::Metadata::from_json(&d.metadata),
        "data": data,
    })
}

/// The secrets that sign a delivery now: the current one, and the previous one during a
/// rotation's overlap.
pub fn signing_secrets(d: &store::DueDelivery, now_ms: i64) -> Vec<&str> {
    let mut secrets = vec![d.secret.as_str()];
    if let (Some(previous), Some(until)) = (&d.previous_secret, d.previous_secret_until)
        && until > now_ms
    {
        secrets.push(previous.as_str());
    }
    secrets
}

/// What the delivery loop uses: the database, the case types (for the features an event
/// carries) and how to send (timeout, private addresses, retry schedule); made by the app
/// from its settings (`AppState::sender`).
#[derive(Clone)]
pub struct Sender {
    pub db: crate::db::Db,
    pub case_types: std::sync::Arc<crate::case_types::CaseTypes>,
    /// How a delivery is sent (the webhook policy with `KLAREFI_WEBHOOK_TIMEOUT_MS`).
    pub policy: crate::fetch::FetchPolicy,
    /// Scales the retry schedule (tests shorten it).
    pub backoff_scale: f64,
    /// Counts each attempt's outcome.
    pub metrics: std::sync::Arc<crate::metrics::Metrics>,
}

/// Delivers due webhooks until `stop`: claims a batch, sends each on its own task (a slow
/// receiver holds up nobody else), records each outcome if the lease is still ours.
pub async fn run_deliveries(state: Sender, mut stop: tokio::sync::watch::Receiver<bool>) {
    let owner = crate::ids::prefixed("whworker");
    let slots = std::sync::Arc::new(tokio::sync::Semaphore::new(32));
    let lease_ms = i64::try_from(state.policy.timeout.as_millis()).unwrap_or(30_000) + 30_000;
    let mut in_flight = tokio::task::JoinSet::new();
    let queued = state.db.signal(crate::outbox::DELIVERIES_QUEUED);
    loop {
        if *stop.borrow() {
            break;
        }
        while in_flight.try_join_next().is_some() {}
        let free = i64::try_from(slots.available_permits()).unwrap_or(0);
        if free == 0 {
            // Every slot is sending: wait for one to finish, not for the clock.
            tokio::select! {
                _ = in_flight.join_next() => {},
                _ = stop.changed() => {},
            }
            continue;
        }
        let claimed = match store::claim_due(&state.db, &owner, lease_ms, free, crate::ids::now_ms()).await {
            Ok(due) => due,
            Err(err) => {
                tracing::warn!(error = %err, "claiming webhook deliveries failed");
                Vec::new()
            }
        };
        if claimed.is_empty() {
            tokio::select! {
                () = queued.notified() => {},
                () = tokio::time::sleep(std::time::Duration::from_millis(250)) => {},
                Some(_) = in_flight.join_next(), if !in_flight.is_empty() => {},
                _ = stop.changed() => {},
            }
            continue;
        }
        for delivery in claimed {
            let Ok(permit) = slots.clone().acquire_owned().await else {
                break;
            };
            let (state, owner) = (state.clone(), owner.clone());
            in_flight.spawn(async move {
                let _permit = permit;
                if let Err(err) = attempt(&state, &owner, &delivery).await {
                    tracing::warn!(delivery_id = %delivery.id, error = %err, "recording a webhook attempt failed");
                }
            });
        }
    }
    // Let attempts in flight finish and record their outcome.
    while in_flight.join_next().await.is_some() {}
}

async fn attempt(state: &Sender, owner: &str, d: &store::DueDelivery) -> Result<(), crate::error::AppError> {
    let features = if carries_features(&d.event_type) {
        match state.case_types.get(&d.case_type_id) {
            Some(case_type) => {
                let observations = crate::facts::store::list(&state.db, &d.case_id).await?;
                Some(crate::facts::features_json(&d.case_id, &case_type, &observations))
            }
            None => Some(serde_json::json!({})),
        }
    } else {
        None
    };
    let now = crate::ids::now_ms();
    let body = envelope(d, features).to_string().into_bytes();
    let header = signature_header(&signing_secrets(d, now), now / 1000, &body);
    let headers = vec![
        ("content-type".to_string(), "application/json".to_string()),
        ("x-klarefi-signature".to_string(), header),
        ("x-klarefi-delivery-id".to_string(), d.id.clone()),
        ("x-klarefi-event-type".to_string(), format!("v1.{}", d.event_type)),
    ];
    let outcome = crate::fetch::post(&d.url, body, &headers, &state.policy).await;
    let now = crate::ids::now_ms();
    let (code, error) = match &outcome {
        Ok(status) if (200..300).contains(status) => {
            state.metrics.webhook_attempt("delivered");
            store::record_attempt(&state.db, &d.id, owner, "delivered", Some(*status), None, now, now).await?;
            return Ok(());
        }
        Ok(status) => (Some(*status), format!("HTTP status {status}")),
        Err(e) => (None, e.to_string()),
    };
    let attempts = d.attempts + 1;
    tracing::warn!(delivery_id = %d.id, endpoint_id = %d.endpoint_id, attempts, error = %error, "webhook attempt failed");
    let jitter = (rand::random::<f64>() * 2.0) - 1.0;
    match next_attempt_delay_ms(attempts, state.backoff_scale, jitter) {
        Some(delay) => {
            state.metrics.webhook_attempt("retrying");
            store::record_attempt(&state.db, &d.id, owner, "pending", code, Some(&error), now + delay, now).await?;
        }
        None => {
            state.metrics.webhook_attempt("failed");
            if store::record_attempt(&state.db, &d.id, owner, "failed", code, Some(&error), now, now).await? {
                let mut tx = state.db.begin().await?;
                let data = serde_json::json!({ "delivery_id": d.id, "endpoint_id": d.endpoint_id, "failed_event_id": d.event_id, "attempts": attempts });
                crate::cases::store::append_event_except(
                    &mut tx,
                    &d.case_id,
                    crate::cases::EventType::WebhookDeliveryFailed,
                    &data,
                    Some(&d.endpoint_id),
                    now,
                )
                .await?;
                tx.commit().await?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod mode_1_tests {
    #[test]
    fn only_case_outcomes_carry_the_features() {
        for event in [
            "case.completed",
            "case.needs_review",
            "case.applicant_blocked",
            "v1.case.completed",
        ] {
            assert!(super::carries_features(event), "{event}");
        }
        for event in [
            "case.processing",
            "case.failed",
            "document.processed",
            "intake.session_created",
        ] {
            assert!(!super::carries_features(event), "{event}");
        }
    }
}

#[cfg(test)]
mod schedule_tests {
    #[test]
    fn the_retry_schedule_follows_the_spec_and_ends() {
        let plain: Vec<Option<i64>> = (1..=9).map(|n| super::next_attempt_delay_ms(n, 1.0, 0.0)).collect();
        assert_eq!(
            plain,
            [
                Some(10_000),
                Some(60_000),
                Some(300_000),
                Some(1_800_000),
                Some(7_200_000),
                Some(21_600_000),
                Some(43_200_000),
                Some(86_400_000),
                None
            ]
        );
        let jittered = super::next_attempt_delay_ms(1, 1.0, 1.0).expect("delay");
        assert_eq!(jittered, 12_000);
        assert_eq!(super::next_attempt_delay_ms(1, 0.001, 0.0), Some(10));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_matches_a_known_vector() {
        // HMAC-SHA256("whsec_test", "1700000000.{}") computed independently with Python's hmac.
        let header = signature_header(&["whsec_test"], 1_700_000_000, b"{}");
        assert_eq!(
            header,
            "t=1700000000,v1=35495024f4ef3f94e5a93e22221544c4b75e9a42300cd965ab81cb85cd994e91"
        );
    }

    #[test]
    fn rotation_signs_with_every_secret() {
        let header = signature_header(&["a", "b"], 1, b"x");
        assert_eq!(header.matches(",v1=").count(), 2);
    }
}

/// The body of `POST /api/v1/webhooks/test`.
#[derive(Debug, serde::Deserialize)]
pub struct TestRequest {
    pub endpoint_url: Option<String>,
    pub signing_secret: Option<String>,
}

/// A test delivery, checked: where to send it and the secret to sign it with.
pub struct TestDelivery {
    pub url: String,
    pub secret: String,
}

impl TestRequest {
    /// Checks the request: both fields present, a secret of at most 256 characters, a URL of a
    /// form `policy` allows (scheme, literal address; DNS is checked when it is sent).
    pub fn parse(self, policy: &crate::fetch::FetchPolicy) -> Result<TestDelivery, crate::error::AppError> {
        use crate::error::{AppError, Code};
        let url = self
            .endpoint_url
            .filter(|u| !u.trim().is_empty())
            .ok_or_else(|| AppError::validation(Code::MissingField, "endpoint_url is required and must be a string"))?;
        let secret = self.signing_secret.filter(|s| !s.is_empty()).ok_or_else(|| {
            AppError::validation(Code::MissingField, "signing_secret is required and must be a string")
        })?;
        if secret.len() > 256 {
            return Err(AppError::validation(
                Code::InvalidField,
                "signing_secret must be at most 256 characters",
            ));
        }
        crate::fetch::check_url(&url, policy)
            .map_err(|e| AppError::validation(Code::InvalidWebhookUrl, format!("endpoint_url: {e}")))?;
        Ok(TestDelivery { url, secret })
    }
}

/// What became of a test delivery.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TestResult {
    pub success: bool,
    /// The receiver's HTTP status, if it answered.
    pub status_code: Option<u16>,
}

/// Sends a signed `v1.webhook.test` event (SPEC §5) for `org_id` in `environment`.
pub async fn send_test(
    test: &TestDelivery,
    org_id: &str,
    environment: crate::orgs::Environment,
    policy: &crate::fetch::FetchPolicy,
    now: i64,
) -> TestResult {
    let body = serde_json::json!({
        "event": "webhook.test",
        "timestamp": crate::ids::rfc3339_ms(now),
        "event_id": crate::ids::sortable("evt"),
        "delivery_id": crate::ids::prefixed("whd"),
        "event_type": "v1.webhook.test",
        "semantic_event_type": "webhook.test",
        "schema_version": "v1",
        "created_at": crate::ids::rfc3339_ms(now),
        "occurred_at": crate::ids::rfc3339_ms(now),
        "org_id": org_id,
        "environment": environment,
        "case_id": serde_json::Value::Null,
        "session_id": serde_json::Value::Null,
        "data": { "message": "This is a test event from Klarefi." },
    });
    let raw = body.to_string().into_bytes();
    let header = signature_header(&[&test.secret], now / 1000, &raw);
    let headers = vec![
        ("content-type".to_string(), "application/json".to_string()),
        ("x-klarefi-signature".to_string(), header),
    ];
    let outcome = crate::fetch::post(&test.url, raw, &headers, policy).await;
    // A host refused by the address rules after DNS answers exactly as one that cannot be
    // reached: telling them apart would let a caller map which internal names resolve to
    // private addresses. The URL's own form (scheme, literal address) was checked before.
    match outcome {
        Ok(status) => TestResult {
            success: (200..300).contains(&status),
            status_code: Some(status),
        },
        Err(e) => {
            let refused = matches!(e, crate::fetch::FetchError::AddressNotAllowed { .. });
            tracing::info!(refused, error = %e, "webhook test not delivered");
            TestResult {
                success: false,
                status_code: None,
            }
        }
    }
}
