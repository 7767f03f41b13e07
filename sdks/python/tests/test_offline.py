"""What the client does on its own: retries that reuse the idempotency key, Retry-After,
timeouts, typed errors, and signature checks. Against a scripted local server, not Klarefi."""

from __future__ import annotations

import json
import time

import pytest
from fakes import Fake

from klarefi import (
    Klarefi,
    KlarefiApiError,
    KlarefiConnectionError,
    WebhookSignatureError,
    construct_event,
    sign_payload,
    verify,
    verify_webhook_signature,
)

CREATED = {
    "session_id": "550e8400-e29b-41d4-a716-446655440000",
    "signed_url": "https://app.example/s/550e8400-e29b-41d4-a716-446655440000?token=t",
    "expires_at": "2026-01-22T10:30:00.000Z",
    "snippet": "<script></script>",
    "idempotent_replay": False,
}
RATE_LIMITED = {"error": {"type": "rate_limit_error", "code": "rate_limited", "message": "slow down", "request_id": "req_1"}}


def test_a_create_retried_after_429_sends_the_same_generated_idempotency_key_and_waits_retry_after():
    with Fake([(429, {"retry-after": "1"}, RATE_LIMITED), (201, {}, CREATED)]) as fake:
        klarefi = Klarefi(api_key="sk_test_x", base_url=fake.url)
        started = time.monotonic()

        session = klarefi.sessions.create(case_type_id="motor_claim")

        assert time.monotonic() - started >= 0.95, "Retry-After: 1 was honoured"
    assert str(session.session_id) == CREATED["session_id"]
    keys = [json.loads(s.body)["idempotency_key"] for s in fake.seen]
    assert len(keys) == 2 and keys[0] == keys[1] and keys[0].startswith("sdk_"), keys
    assert all(s.headers["authorization"] == "Bearer sk_test_x" for s in fake.seen)
    assert set(json.loads(fake.seen[0].body)) == {"case_type_id", "idempotency_key"}, "None parameters are not sent"


def test_a_dropped_connection_is_retried_with_the_callers_key():
    with Fake(["drop", (201, {}, {**CREATED})]) as fake:
        klarefi = Klarefi(api_key="sk_test_x", base_url=fake.url)

        klarefi.sessions.create(case_type_id="motor_claim", idempotency_key="session_claim_1")

    assert [json.loads(s.body)["idempotency_key"] for s in fake.seen] == ["session_claim_1", "session_claim_1"]


def test_a_key_for_each_create_and_no_body_on_reads():
    with Fake([(201, {}, CREATED), (201, {}, CREATED), (200, {}, {"org_id": "org_1", "environment": "test"})]) as fake:
        klarefi = Klarefi(api_key="sk_test_x", base_url=fake.url)
        klarefi.sessions.create(case_type_id="motor_claim")
        klarefi.sessions.create(case_type_id="motor_claim")
        klarefi.me()
    first, second = (json.loads(s.body)["idempotency_key"] for s in fake.seen[:2])
    assert first != second, "two calls are two sessions"
    assert fake.seen[2].body == b"", "a read has no body"


def test_retries_stop_and_the_last_error_is_raised_typed():
    with Fake([(429, {"retry-after": "0"}, RATE_LIMITED)] * 3) as fake:
        klarefi = Klarefi(api_key="sk_test_x", base_url=fake.url, max_retries=2)
        with pytest.raises(KlarefiApiError) as caught:
            klarefi.me()
    assert len(fake.seen) == 3
    e = caught.value
    assert (e.status, e.type, e.code, e.request_id, e.retry_after) == (429, "rate_limit_error", "rate_limited", "req_1", 0)


def test_a_retry_after_longer_than_allowed_is_raised_at_once():
    with Fake([(429, {"retry-after": "3600"}, RATE_LIMITED)]) as fake:
        klarefi = Klarefi(api_key="sk_test_x", base_url=fake.url, max_retry_after=60)
        with pytest.raises(KlarefiApiError) as caught:
            klarefi.me()
    assert len(fake.seen) == 1 and caught.value.retry_after == 3600


def test_a_client_error_is_not_retried():
    error = {"error": {"type": "validation_error", "code": "invalid_field", "message": "no", "request_id": "req_2"}}
    with Fake([(400, {}, error)]) as fake:
        klarefi = Klarefi(api_key="sk_test_x", base_url=fake.url)
        with pytest.raises(KlarefiApiError) as caught:
            klarefi.sessions.create(case_type_id="motor_claim")
    assert len(fake.seen) == 1 and caught.value.code == "invalid_field"


def test_a_slow_answer_times_out_as_a_connection_error():
    with Fake([("sleep", 2.0)]) as fake:
        klarefi = Klarefi(api_key="sk_test_x", base_url=fake.url, timeout=0.3, max_retries=0)
        with pytest.raises(KlarefiConnectionError, match="timed out"):
            klarefi.me()


def test_ids_that_would_change_the_path_are_refused_before_any_request():
    klarefi = Klarefi(api_key="sk_test_x", base_url="http://127.0.0.1:9")
    for bad in ["../me", "a/b", "", "x?y=1", "a" * 81]:
        with pytest.raises(ValueError, match="not a Klarefi id"):
            klarefi.cases.get(bad)


def test_the_signature_matches_the_servers_known_vector():
    # The same vector as src/webhooks/mod.rs.
    assert sign_payload(b"{}", "whsec_test", 1_700_000_000) == (
        "t=1700000000,v1=35495024f4ef3f94e5a93e22221544c4b75e9a42300cd965ab81cb85cd994e91"
    )


@pytest.mark.parametrize(
    ("header", "payload", "secret", "now", "code"),
    [
        (None, b"{}", "whsec_a", 100, "missing_signature"),
        ("", b"{}", "whsec_a", 100, "missing_signature"),
        ("v1=" + "0" * 64, b"{}", "whsec_a", 100, "malformed_signature"),
        ("t=abc,v1=" + "0" * 64, b"{}", "whsec_a", 100, "malformed_signature"),
        ("t=100", b"{}", "whsec_a", 100, "malformed_signature"),
        (sign_payload(b"{}", "whsec_a", 100), b'{"x":1}', "whsec_a", 100, "signature_mismatch"),
        (sign_payload(b"{}", "whsec_a", 100), b"{}", "whsec_b", 100, "signature_mismatch"),
        (sign_payload(b"{}", "whsec_a", 100), b"{}", "whsec_a", 100 + 301, "timestamp_outside_tolerance"),
        (sign_payload(b"{}", "whsec_a", 1000), b"{}", "whsec_a", 1000 - 301, "timestamp_outside_tolerance"),
    ],
)
def test_bad_signatures_are_refused_with_the_reason(header, payload, secret, now, code):
    with pytest.raises(WebhookSignatureError) as caught:
        verify(payload, header, secret, now=now)
    assert caught.value.code == code


def test_a_rotation_header_with_two_signatures_verifies_with_either_secret():
    old = sign_payload(b"{}", "whsec_old", 100)
    new = sign_payload(b"{}", "whsec_new", 100)
    header = f"{old},{new.split(',')[1]}"
    verify(b"{}", header, "whsec_old", now=100)
    verify(b"{}", header, "whsec_new", now=100)
    assert not verify_webhook_signature(b"{}", header, "whsec_other")


def test_construct_event_refuses_a_signed_payload_that_is_not_an_object():
    now = int(time.time())
    with pytest.raises(WebhookSignatureError) as caught:
        construct_event(b"[1]", sign_payload(b"[1]", "whsec_a", now), "whsec_a")
    assert caught.value.code == "invalid_payload"
