"""The SDK against a real ``klarefi serve`` (see conftest.py): the Mode-1 guide's example
unchanged, typed case reads, a processed document's facts, erasure, and webhooks delivered by
the server and verified here."""

from __future__ import annotations

import json
import time
import uuid

import pytest

from klarefi import (
    Klarefi,
    KlarefiApiError,
    KlarefiClient,
    WebhookSignatureError,
    construct_event,
    verify_webhook_signature,
)
from klarefi.models import (
    Case,
    CaseEvent,
    CasePackage,
    KnownCaseStatus,
    Evidence,
    Feature,
    PackageFact,
    WebhookEvent,
)


@pytest.fixture
def klarefi(server) -> Klarefi:
    client = Klarefi(api_key=server.api_key, base_url=server.base_url)
    yield client
    client.close()


def test_the_mode1_guide_example_runs_unchanged(server, monkeypatch, capsys):
    # The guide sets the base URL in the environment (quickstart) and builds the client with
    # the key alone; the code below is the guide's Python, word for word.
    monkeypatch.setenv("KLAREFI_API_BASE_URL", server.base_url)
    sk_live_your_api_key = server.api_key

    from klarefi import KlarefiClient

    client = KlarefiClient(api_key=sk_live_your_api_key)

    session = client.create_session(
        case_type_id="motor_claim",
        ttl_hours=168,
        locale="nl",
    )

    print("Redirect claimant to:", session["signed_url"])

    assert capsys.readouterr().out.startswith(f"Redirect claimant to: {server.base_url}/s/{session['session_id']}?token=")
    assert session["idempotent_replay"] is False


def test_a_session_created_with_a_key_is_replayed_with_that_key(klarefi):
    key = f"session_claim_{uuid.uuid4().hex[:8]}"
    first = klarefi.sessions.create(case_type_id="motor_claim", idempotency_key=key, external_case_id="claim_1")
    again = klarefi.sessions.create(case_type_id="motor_claim", idempotency_key=key, external_case_id="claim_1")

    assert (first.idempotent_replay, again.idempotent_replay) == (False, True)
    assert again.session_id == first.session_id


def test_case_events_and_package_of_a_new_session_read_typed(klarefi):
    created = klarefi.sessions.create(case_type_id="motor_claim", external_case_id="claim_typed", locale="en")

    case = klarefi.cases.get(str(created.session_id))
    page = klarefi.cases.events(str(created.session_id))
    package = klarefi.cases.package(str(created.session_id))

    assert isinstance(case, Case) and case.case_id == str(created.session_id)
    assert case.status == KnownCaseStatus.CREATED
    assert [e.event_type for e in page.auto_paging_iter()] == ["intake.session_created"]
    assert all(isinstance(e, CaseEvent) for e in page.events)
    assert isinstance(package, CasePackage) and package.external_case_id == "claim_typed"
    assert package.case_file_url and package.case_file_url.startswith(klarefi.base_url)


def test_event_iteration_follows_the_cursor_across_pages(klarefi):
    created = klarefi.sessions.create(case_type_id="motor_claim")
    case_id = str(created.session_id)
    klarefi.sessions.expire(case_id)  # a second event

    pages = klarefi.cases.events(case_id, limit=1)
    every = list(pages.auto_paging_iter())

    assert pages.has_more and len(pages.events) == 1
    assert [e.cursor for e in every] == list(range(1, len(every) + 1)) and len(every) >= 2
    assert klarefi.cases.events(case_id, after_cursor=every[-1].cursor).events == []


def wait_for_settled(klarefi: Klarefi, case_id: str, timeout: float = 90.0) -> list[str]:
    deadline = time.monotonic() + timeout
    while True:
        types = [e.event_type for e in klarefi.cases.events(case_id).auto_paging_iter()]
        if any(t in types for t in ("case.completed", "case.needs_review", "case.failed")):
            return types
        assert time.monotonic() < deadline, f"the document was not read in time: {types}"
        time.sleep(0.5)


def test_a_processed_document_gives_typed_facts_with_evidence_and_can_be_erased(klarefi, server):
    accepted = klarefi.process(
        document_url=f"{server.base_url}/demo/claim-form.pdf",
        case_type_id="motor_claim",
        external_case_id=f"claim_{uuid.uuid4().hex[:8]}",
        trace_id="trace_sdk_python",
    )
    assert accepted.status == "queued" and accepted.case_id.startswith("case_")

    types = wait_for_settled(klarefi, accepted.case_id)
    package = klarefi.cases.package(accepted.case_id)
    case = klarefi.cases.get(accepted.case_id)

    assert "document.processed" in types
    facts = package.facts.additional_properties
    assert facts, "the package has facts"
    kept = {fact_id: f for fact_id, f in facts.items() if f.decision == "keep"}
    assert "incident_date" in kept, sorted(facts)
    incident = kept["incident_date"]
    assert isinstance(incident, PackageFact)
    assert isinstance(incident.value, str) and len(incident.value) == 10  # YYYY-MM-DD
    assert incident.evidence and incident.evidence[0].quote and incident.evidence[0].doc_id == accepted.doc_id
    feature = case.features["incident_date"]
    assert isinstance(feature, Feature) and isinstance(feature.evidence[0], Evidence)
    assert feature.decision.selected_candidate_id in {c.candidate_id for c in feature.candidates}
    assert package.documents[0].doc_id == accepted.doc_id and package.documents[0].status == "processed"

    receipt = klarefi.documents.erase(accepted.doc_id).erasure_receipt
    assert receipt.doc_id == accepted.doc_id and receipt.deleted_document and receipt.deleted_evidence > 0
    with pytest.raises(KlarefiApiError) as again:
        klarefi.documents.erase(accepted.doc_id)
    assert (again.value.status, again.value.type) == (404, "not_found")
    after = klarefi.cases.package(accepted.case_id)
    assert all(not f.evidence or all(e.doc_id != accepted.doc_id for e in f.evidence) for f in after.facts.additional_properties.values())


def test_a_webhook_delivered_by_the_server_verifies_and_a_tampered_one_is_refused(klarefi, server):
    created = klarefi.sessions.create(case_type_id="motor_claim", external_case_id="claim_hook")
    case_id = str(created.session_id)

    delivery = server.hooks.next_where(lambda d: json.loads(d.body).get("case_id") == case_id)

    event = klarefi.webhooks.construct_event(delivery.body, delivery.signature, server.webhook_secret)
    assert isinstance(event, WebhookEvent)
    assert (event.event_type, event.event, event.case_id) == ("v1.intake.session_created", "intake.session_created", case_id)
    assert verify_webhook_signature(delivery.body, delivery.signature, server.webhook_secret)
    tampered = delivery.body.replace(case_id.encode(), str(uuid.uuid4()).encode())
    assert not verify_webhook_signature(tampered, delivery.signature, server.webhook_secret)
    with pytest.raises(WebhookSignatureError) as caught:
        construct_event(tampered, delivery.signature, server.webhook_secret)
    assert caught.value.code == "signature_mismatch"
    with pytest.raises(WebhookSignatureError):
        klarefi.webhooks.verify(delivery.body, delivery.signature, "whsec_not_the_secret")


def test_the_test_webhook_is_signed_with_the_given_secret(klarefi, server):
    secret = f"whsec_sdk_{uuid.uuid4().hex}"

    result = klarefi.webhooks.test(endpoint_url=server.hooks.url, signing_secret=secret)

    assert (result.success, result.status_code) == (True, 200)
    delivery = server.hooks.next_where(lambda d: json.loads(d.body).get("event_type") == "v1.webhook.test")
    klarefi.webhooks.verify(delivery.body, delivery.signature, secret)
    assert not verify_webhook_signature(delivery.body, delivery.signature, server.webhook_secret)


def test_api_errors_arrive_typed(klarefi, server):
    with pytest.raises(KlarefiApiError) as unknown:
        klarefi.cases.get("case_nope")
    with pytest.raises(KlarefiApiError) as unauthenticated:
        Klarefi(api_key="sk_test_wrong", base_url=server.base_url, max_retries=0).me()
    with pytest.raises(KlarefiApiError) as invalid:
        klarefi.sessions.create(case_type_id="no_such_case_type")

    assert (unknown.value.status, unknown.value.type) == (404, "not_found")
    assert (unauthenticated.value.status, unauthenticated.value.type) == (401, "authentication_error")
    assert (invalid.value.status, invalid.value.type) == (400, "validation_error")
    assert unknown.value.request_id and unknown.value.request_id.startswith("req_")


def test_the_mode1_client_reads_cases_as_dicts(server):
    client = KlarefiClient(api_key=server.api_key, base_url=server.base_url)
    session = client.create_session(case_type_id="motor_claim")

    case = client.get_case(session["session_id"])

    assert case["case_id"] == session["session_id"] and case["status"] == "created"


def test_real_responses_and_deliveries_conform_to_the_openapi_document(klarefi, server):
    # The document the generators read is checked against what the server really sends,
    # beyond what schemathesis reaches: a processed case, its package, an erasure, deliveries.
    jsonschema_rs = pytest.importorskip("jsonschema_rs", reason="jsonschema_rs comes with schemathesis (sdks/check)")
    import httpx

    doc = httpx.get(f"{server.base_url}/api/v1/openapi.json", timeout=10).json()

    def check(name: str, value) -> None:
        schema = {"$ref": f"#/components/schemas/{name}", "components": doc["components"]}
        errors = [str(e) for e in jsonschema_rs.validator_for(schema).iter_errors(value)]
        assert not errors, f"{name}: {errors[:3]}"

    headers = {"Authorization": f"Bearer {server.api_key}"}

    def get(path: str):
        response = httpx.get(f"{server.base_url}/api/v1{path}", headers=headers, timeout=10)
        assert response.status_code == 200, response.text
        return response.json()

    accepted = klarefi.process(document_url=f"{server.base_url}/demo/claim-form.pdf", case_type_id="motor_claim")
    wait_for_settled(klarefi, accepted.case_id)
    created = klarefi.sessions.create(case_type_id="motor_claim", locale="de")  # a locale fallback

    check("Case", get(f"/cases/{accepted.case_id}"))
    check("CasePackage", get(f"/cases/{accepted.case_id}/package"))
    check("CaseEvents", get(f"/cases/{accepted.case_id}/events?limit=2"))
    check("Session", get(f"/sessions/{created.session_id}"))
    check("Case", get(f"/cases/{created.session_id}"))
    check("CasePackage", get(f"/cases/{created.session_id}/package"))
    check("Me", get("/me"))
    check("SessionCreated", created.to_dict())
    erased = httpx.delete(f"{server.base_url}/api/v1/documents/{accepted.doc_id}", headers=headers, timeout=10)
    check("Erasure", erased.json())
    check("CasePackage", get(f"/cases/{accepted.case_id}/package"))
    missing = httpx.get(f"{server.base_url}/api/v1/cases/case_nope", headers=headers, timeout=10)
    check("Error", missing.json())
    delivery = server.hooks.next_where(lambda d: json.loads(d.body).get("case_id") == accepted.case_id
                                       and json.loads(d.body)["event"] == "case.completed")
    check("WebhookEvent", json.loads(delivery.body))
    assert json.loads(delivery.body)["data"]["features"], "an outcome event carries the features"


def test_stripes_verifier_accepts_every_delivery_and_standard_webhooks_cannot(klarefi, server):
    # The README's claim, measured: every delivery this server sent during the suite.
    stripe = pytest.importorskip("stripe", reason="stripe is pinned in requirements-dev.txt (sdks/check)")
    standardwebhooks = pytest.importorskip("standardwebhooks", reason="pinned in requirements-dev.txt")
    created = klarefi.sessions.create(case_type_id="motor_claim")
    server.hooks.next_where(lambda d: json.loads(d.body).get("case_id") == str(created.session_id))
    # Deliveries to the registered endpoint (v1.webhook.test ones are signed with secrets the
    # tests chose).
    deliveries = [d for d in server.hooks.every if json.loads(d.body)["event_type"] != "v1.webhook.test"]

    accepted = 0
    for d in deliveries:
        stripe.WebhookSignature.verify_header(d.body.decode(), d.signature, server.webhook_secret, tolerance=300)
        accepted += 1
    with pytest.raises(stripe.SignatureVerificationError):
        tampered = deliveries[-1].body.decode().replace('"case_id":"', '"case_id":"x')
        stripe.WebhookSignature.verify_header(tampered, deliveries[-1].signature, server.webhook_secret, 300)
    refused = 0
    for d in deliveries:
        try:
            standardwebhooks.Webhook(server.webhook_secret).verify(d.body, dict(d.headers))
        except Exception:  # noqa: BLE001 - any refusal counts: the headers it reads are not there
            refused += 1

    print(f"stripe accepted {accepted} of {len(deliveries)}; standardwebhooks refused {refused} of {len(deliveries)}")
    assert accepted == len(deliveries) >= 1 and refused == len(deliveries)
