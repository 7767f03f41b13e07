"""The MCP server driven by the official Python client, over stdio and over Streamable HTTP:
the applicant plane from a signed link to a completed claim, every refusal, the customer plane
with and without scopes, and tenant isolation."""

from __future__ import annotations

import http.cookiejar
import re
import time
import urllib.parse
import urllib.request
import uuid
from typing import Any

import pytest

from conftest import b64, full_claim_form, text_pdf

pytestmark = pytest.mark.anyio

TRANSPORTS = ["stdio", "http"]

APPLICANT_TOOLS = {
    "open_intake",
    "give_intake_consent",
    "answer_fields",
    "answer_question",
    "upload_document",
    "submit_intake",
    "wait_for_next_action",
}
CUSTOMER_TOOLS = {
    "create_intake_session",
    "get_case",
    "get_case_package",
    "get_case_workspace",
    "list_operator_queue",
    "submit_case_review",
    "get_review_command",
}


class Counted:
    """A client whose tool calls are counted, as an assistant's would be."""

    def __init__(self, client):
        self.client = client
        self.calls: list[str] = []
        self.seconds: list[float] = []

    async def call(self, name: str, args: dict[str, Any]) -> dict[str, Any]:
        self.calls.append(name)
        start = time.perf_counter()
        result = await self.client.call_tool(name, args)
        self.seconds.append(time.perf_counter() - start)
        assert not result.is_error, f"{name}: {result.structured_content}"
        return result.structured_content

    async def refused(self, name: str, args: dict[str, Any]) -> dict[str, Any]:
        result = await self.client.call_tool(name, args)
        assert result.is_error, f"{name} was not refused: {result.structured_content}"
        error = result.structured_content["error"]
        assert error["code"] and error["message"], error
        return result.structured_content


def key_for(klarefi, name: str = "Insurer A", **kwargs) -> str:
    return klarefi.org(name, **kwargs)


# ---- the tools themselves -------------------------------------------------------------------------


@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_every_tool_is_listed_with_a_description_and_an_object_schema(klarefi, transport):
    async with klarefi.client(transport) as client:
        tools = (await client.list_tools()).tools
    by_name = {t.name: t for t in tools}
    assert set(by_name) == APPLICANT_TOOLS | CUSTOMER_TOOLS
    for tool in tools:
        assert len(tool.description or "") > 80, tool.name
        schema = tool.input_schema
        assert schema["type"] == "object", tool.name
    assert set(by_name["upload_document"].input_schema["required"]) == {"content_base64", "filename"}
    assert "answers" in by_name["answer_fields"].input_schema["required"]
    assert set(by_name["submit_case_review"].input_schema["required"]) >= {
        "case_id",
        "command_type",
        "handler_id",
        "idempotency_key",
    }


# ---- the applicant plane ----------------------------------------------------------------------------


@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_an_assistant_completes_the_motor_claim_in_no_more_calls_than_the_pages(klarefi, transport):
    key = key_for(klarefi)
    async with klarefi.client(transport, api_key=key) as insurer:
        session = await Counted(insurer).call(
            "create_intake_session",
            {"case_type_id": "motor_claim", "idempotency_key": f"mcp_{uuid.uuid4().hex}", "locale": "en"},
        )
    link = session["signed_url"]
    # The claimant's assistant holds only the link: no key.
    async with klarefi.client(transport) as client:
        a = Counted(client)
        step = await a.call("give_intake_consent", {"link": link, "agree": True})
        assert step["next_action"]["kind"] == "documents"
        assert step["next_action"]["step_id"] == "damage_report"
        step = await a.call(
            "upload_document",
            {
                "link": link,
                "filename": "claim.pdf",
                "content_base64": b64(full_claim_form()),
                "finish_step": True,
            },
        )
        assert step["upload"]["outcome"] == "new"
        # The claim form states the repair amount: the quote request is skipped.
        assert step["next_action"]["kind"] == "documents", step["next_action"]
        assert step["next_action"]["step_id"] == "photos"
        step = await a.call("answer_fields", {"link": link, "answers": {"photos": "done"}})
        action = step["next_action"]
        assert action["kind"] == "confirm_document", action
        read = {v["fact_id"]: v["value"] for v in action["values"]}
        assert read["licence_plate"] == "AB123C" or read["licence_plate"].replace("-", "") == "AB123C", read
        assert read["damage_amount"] == "697.00", read
        step = await a.call("answer_question", {"link": link, "document_id": action["document_id"], "choice": "yes"})
        assert step["next_action"]["kind"] == "summary", step["next_action"]
        done = await a.call("submit_intake", {"link": link})
        assert done["next_action"]["kind"] == "done" and done["next_action"]["submitted"] is True
        assert done["status"] == "completed", done
        assert done["reference"].startswith("KL-")
    # The documents-first pages from consent to submit: consent, the claim form, the photos,
    # what the claim form says, the summary (BENCHMARKS, issue 22: 4 after consent).
    pages = 5
    timings = ", ".join(f"{name} {secs * 1000:.0f} ms" for name, secs in zip(a.calls, a.seconds))
    print(f"\n{transport}: tool calls from link to submitted: {len(a.calls)}; pages: {pages}; {timings}")
    assert len(a.calls) <= pages, a.calls
    async with klarefi.client(transport, api_key=key) as insurer:
        case = await Counted(insurer).call("get_case", {"case_id": session["session_id"]})
    assert case["status"] == "completed"


async def test_the_demo_claim_form_is_answered_by_following_next_action_only(klarefi):
    """An assistant-style loop over HTTP that only reads next_action, with the server's own
    generated claim form (Dutch): it asks what the form does not say, confirms what it does."""
    key = key_for(klarefi)
    link = klarefi.create_session(key)["signed_url"]
    claim_form = klarefi.get("/demo/claim-form.pdf")
    known = {"incident_type": "collision", "counterparty_involved": "yes", "photos": "done", "repair_quote": "done"}
    async with klarefi.http() as client:
        a = Counted(client)
        state = await a.call("open_intake", {"link": link})
        for _ in range(20):
            action = state["next_action"]
            kind = action["kind"]
            if kind == "done":
                break
            if kind == "consent":
                assert action["privacy_notice"]
                state = await a.call(action["tool"], {"link": link, "agree": True})
            elif kind == "documents" and action["step_id"] == "damage_report":
                state = await a.call(
                    "upload_document",
                    {"link": link, "filename": "schade.pdf", "content_base64": b64(claim_form), "finish_step": True},
                )
            elif kind == "documents":
                state = await a.call("answer_fields", {"link": link, "answers": {action["step_id"]: "done"}})
            elif kind == "questions":
                answers = {}
                for f in action["fields"]:
                    assert f["input"] and f["question"], f
                    if f["input"] in ("yes_no", "choice"):
                        assert f["options"], f
                    if f["step_id"] in known:
                        answers[f["step_id"]] = known[f["step_id"]]
                assert answers, f"asked something the form states: {action['fields']}"
                state = await a.call("answer_fields", {"link": link, "answers": answers})
            elif kind == "wait":
                state = await a.call("wait_for_next_action", {"link": link})
            elif kind == "confirm_document":
                state = await a.call(
                    "answer_question", {"link": link, "document_id": action["document_id"], "choice": "yes"}
                )
            elif kind == "check":
                choice = "yes" if "yes" in action["choices"] else action["choices"][0]
                state = await a.call("answer_question", {"link": link, "fact_id": action["fact_id"], "choice": choice})
            elif kind == "summary":
                state = await a.call("submit_intake", {"link": link})
            else:
                pytest.fail(f"unknown next action {action}")
        assert state["next_action"]["kind"] == "done", state
        assert state["status"] in ("completed", "needs_review"), state
        print(f"\ndemo claim form: {len(a.calls)} tool calls ({', '.join(a.calls)})")


def browser_consents(klarefi, link: str) -> None:
    """The claimant opens the link in a browser and agrees on the consent page."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(link, timeout=30).read().decode()
    csrf = re.search(r'name="csrf" value="([^"]+)"', page)
    assert csrf, page[:500]
    case_id = urllib.parse.urlparse(link).path.rsplit("/", 1)[1]
    form = urllib.parse.urlencode({"csrf": csrf.group(1), "value": "yes"}).encode()
    opener.open(f"{klarefi.base_url}/s/{case_id}/step/consent", data=form, timeout=30).read()


@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_a_claim_started_in_the_browser_is_finished_by_the_assistant(klarefi, transport):
    key = key_for(klarefi)
    link = klarefi.create_session(key, locale="en")["signed_url"]
    browser_consents(klarefi, link)
    async with klarefi.client(transport) as client:
        a = Counted(client)
        state = await a.call("open_intake", {"link": link})
        assert state["status"] == "in_progress"
        assert state["next_action"]["kind"] == "documents", "the browser's consent counts"
        assert state["next_action"]["step_id"] == "damage_report"


async def test_over_stdio_the_link_given_at_start_is_used_when_a_tool_leaves_it_out(klarefi):
    key = key_for(klarefi)
    link = klarefi.create_session(key)["signed_url"]
    async with klarefi.stdio(link=link) as client:
        a = Counted(client)
        state = await a.call("open_intake", {})
        assert state["next_action"]["kind"] == "consent"
        state = await a.call("give_intake_consent", {"agree": True})
        assert state["next_action"]["kind"] == "documents"


# ---- refusals ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_a_tampered_or_unknown_link_is_refused_as_invalid(klarefi, transport):
    key = key_for(klarefi)
    link = klarefi.create_session(key)["signed_url"]
    tampered = link[:-3] + ("AAA" if not link.endswith("AAA") else "BBB")
    other_case = re.sub(r"/s/[^/?]+", f"/s/{uuid.uuid4()}", link)
    assert other_case != link
    async with klarefi.client(transport) as client:
        a = Counted(client)
        for bad, why in [
            (tampered, "a changed token"),
            (other_case, "another case's id with this token"),
            ("https://example.com/claim", "not a claim link"),
        ]:
            refused = await a.refused("open_intake", {"link": bad})
            assert refused["error"]["code"] == "link_invalid", (why, refused)
        refused = await a.refused("open_intake", {})
        assert refused["error"]["code"] in ("missing_link", "link_invalid"), refused


@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_an_expired_link_is_refused_as_expired(klarefi, transport):
    key = key_for(klarefi)
    session = klarefi.create_session(key)
    status, _ = klarefi.api("POST", f"/api/v1/sessions/{session['session_id']}/expire", key)
    assert status == 200
    async with klarefi.client(transport) as client:
        refused = await Counted(client).refused("open_intake", {"link": session["signed_url"]})
    assert refused["error"]["code"] == "link_expired", refused


@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_out_of_turn_answers_and_bad_uploads_are_refused_with_the_next_action(klarefi, transport):
    key = key_for(klarefi)
    link = klarefi.create_session(key, locale="en")["signed_url"]
    async with klarefi.client(transport) as client:
        a = Counted(client)
        cases = [
            ("give_intake_consent", {"link": link, "agree": False}, "consent_required"),
            ("answer_fields", {"link": link, "answers": {"iban": "NL91ABNA0417164300"}}, "wrong_step"),
            ("answer_fields", {"link": link, "answers": {"no_such_step": "x"}}, "wrong_step"),
            (
                "upload_document",
                {"link": link, "step_id": "damage_report", "filename": "a.pdf", "content_base64": b64(full_claim_form())},
                "wrong_step",
            ),
            ("answer_question", {"link": link, "fact_id": "iban", "choice": "yes"}, "wrong_step"),
            ("submit_intake", {"link": link}, "not_ready"),
        ]
        for tool, args, code in cases:
            refused = await a.refused(tool, args)
            assert refused["error"]["code"] == code, (tool, refused)
            assert refused["intake"]["next_action"]["kind"] == "consent", (tool, refused)
        await a.call("give_intake_consent", {"link": link, "agree": True})
        upload = {"link": link, "step_id": "damage_report", "filename": "notes.txt"}
        refused = await a.refused("upload_document", {**upload, "content_base64": b64(b"just some text, not a PDF")})
        assert refused["error"]["code"] == "unsupported_type", refused
        refused = await a.refused("upload_document", {**upload, "content_base64": "%%% not base64 %%%"})
        assert refused["error"]["code"] == "bad_input", refused
        # One byte over the largest file a step takes (25 MiB): refused before it is decoded.
        oversized = b"%PDF-1.7\n" + b"0" * (25 * 1024 * 1024 + 1 - 9)
        refused = await a.refused("upload_document", {**upload, "filename": "big.pdf", "content_base64": b64(oversized)})
        assert refused["error"]["code"] == "too_big", refused
        state = await a.call("open_intake", {"link": link})
        assert state["next_action"]["uploaded"] == [], "nothing refused was kept"
        # No documents at all: every question is asked; a bad answer stops the call there.
        await a.call(
            "answer_fields", {"link": link, "answers": {"damage_report": "done", "repair_quote": "done", "photos": "done"}}
        )
        refused = await a.refused(
            "answer_fields", {"link": link, "answers": {"claimant_name": "Jan de Vries", "claimant_email": "not an address"}}
        )
        assert refused["error"]["code"] == "answer_refused", refused
        assert "claimant_email" in refused["error"]["message"], refused
        fields = refused["intake"]["next_action"]["fields"]
        assert fields[0]["step_id"] == "claimant_email", "the answer before the refused one was kept"
        assert fields[0]["input"] == "email" and fields[0]["hint"], fields[0]


@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_a_submitted_claim_takes_no_more_changes(klarefi, transport):
    key = key_for(klarefi)
    link = klarefi.create_session(key, locale="en")["signed_url"]
    async with klarefi.client(transport) as client:
        a = Counted(client)
        await a.call("give_intake_consent", {"link": link, "agree": True})
        await a.call(
            "upload_document",
            {"link": link, "filename": "claim.pdf", "content_base64": b64(full_claim_form()), "finish_step": True},
        )
        state = await a.call("answer_fields", {"link": link, "answers": {"photos": "done"}})
        doc = state["next_action"]["document_id"]
        await a.call("answer_question", {"link": link, "document_id": doc, "choice": "yes"})
        await a.call("submit_intake", {"link": link})
        refused = await a.refused("answer_fields", {"link": link, "answers": {"incident_type": "vandalism"}})
        assert refused["error"]["code"] == "intake_closed", refused
        again = await a.call("submit_intake", {"link": link})
        assert again["next_action"]["kind"] == "done", "submitting twice is harmless"


# ---- the customer plane -------------------------------------------------------------------------------


@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_customer_tools_need_a_key_and_its_scopes(klarefi, transport):
    full = key_for(klarefi)
    read_only = key_for(klarefi, scopes=("cases:read",))
    session = klarefi.create_session(full)
    case_id = session["session_id"]
    async with klarefi.client(transport) as client:
        refused = await Counted(client).refused("get_case", {"case_id": case_id})
        assert refused["error"]["code"] == "missing_api_key", refused
    async with klarefi.client(transport, api_key=read_only) as client:
        a = Counted(client)
        case = await a.call("get_case", {"case_id": case_id})
        assert case["case_id"] == case_id and case["status"] in ("created", "in_progress")
        package = await a.call("get_case_package", {"case_id": case_id})
        assert package["schema_version"] and package["case_id"] == case_id
        for tool, args in [
            ("create_intake_session", {"case_type_id": "motor_claim", "idempotency_key": "k1"}),
            ("get_case_workspace", {"case_id": case_id}),
            ("list_operator_queue", {}),
            (
                "submit_case_review",
                {
                    "case_id": case_id,
                    "command_type": "escalate",
                    "rationale": "why",
                    "expected_version": 0,
                    "handler_id": "h1",
                    "idempotency_key": "k2",
                },
            ),
            ("get_review_command", {"case_id": case_id, "command_id": "rcmd_x"}),
        ]:
            refused = await a.refused(tool, args)
            assert refused["error"]["code"] == "insufficient_scope", (tool, refused)
            assert "scope" in refused["error"]["message"], refused
    async with klarefi.client(transport, api_key=full) as client:
        a = Counted(client)
        workspace = await a.call("get_case_workspace", {"case_id": case_id})
        assert "needs_attention" in workspace and workspace["review"]["review_version"] >= 0
        queue = await a.call("list_operator_queue", {"limit": 10})
        assert "items" in queue and "has_more" in queue
        refused = await a.refused("list_operator_queue", {"limit": 0})
        assert refused["error"]["code"] == "invalid_field", refused
        ran = await a.call(
            "submit_case_review",
            {
                "case_id": case_id,
                "command_type": "escalate",
                "payload": {},
                "rationale": "the claimant's plate looks odd",
                "expected_version": workspace["review"]["review_version"],
                "handler_id": "handler-1",
                "idempotency_key": f"esc_{uuid.uuid4().hex}",
            },
        )
        assert ran["outcome"] in ("applied", "rejected"), ran
        command = await a.call(
            "get_review_command", {"case_id": case_id, "command_id": ran["command"]["command_id"]}
        )
        assert command["command_id"] == ran["command"]["command_id"]
        assert command["handler_id"] == "handler-1"


async def test_a_bad_key_is_refused_over_http_before_any_tool_and_as_a_tool_error_over_stdio(klarefi):
    with pytest.raises(Exception):
        async with klarefi.http(api_key="sk_test_not_a_real_key_0000000000000000000000") as client:
            await client.list_tools()
    async with klarefi.stdio(api_key="sk_test_not_a_real_key_0000000000000000000000") as client:
        refused = await Counted(client).refused("get_case", {"case_id": str(uuid.uuid4())})
    assert refused["error"]["code"] == "invalid_api_key", refused


@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_another_organizations_or_environments_case_is_not_found(klarefi, transport):
    mine = key_for(klarefi, "Insurer A")
    theirs = key_for(klarefi, "Insurer B")
    my_live = key_for(klarefi, "Insurer A", env="live")
    case_id = klarefi.create_session(mine)["session_id"]
    for key in (theirs, my_live):
        async with klarefi.client(transport, api_key=key) as client:
            a = Counted(client)
            for tool in ("get_case", "get_case_package", "get_case_workspace"):
                refused = await a.refused(tool, {"case_id": case_id})
                assert refused["error"]["code"] == "case_not_found", (tool, refused)
            refused = await a.refused(
                "submit_case_review",
                {
                    "case_id": case_id,
                    "command_type": "escalate",
                    "rationale": "why",
                    "expected_version": 0,
                    "handler_id": "h",
                    "idempotency_key": "x1",
                },
            )
            assert refused["error"]["code"] == "case_not_found", refused


@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_a_handler_asks_the_claimant_through_review_tools_and_the_assistant_answers(klarefi, transport):
    key = key_for(klarefi)
    session = klarefi.create_session(key, locale="en")
    link, case_id = session["signed_url"], session["session_id"]
    # A claim form without the amount, and no repair quote: the claimant does not know it.
    form = text_pdf(
        [
            "Motor claim form",
            "Name of insured: Jan de Vries",
            "Email address: jan.devries@example.nl",
            "Phone number: 06 12345678",
            "Policy number: AUTO-2023-44871",
            "Licence plate: AB-123-C",
            "Date of the accident: 4 July 2025",
            "Place of accident: Utrecht",
            "Type of accident: collision with another vehicle",
            "What happened: While reversing, the other party hit my rear bumper.",
            "Other party involved: no",
            "IBAN: NL91 ABNA 0417 1643 00",
        ]
    )
    async with klarefi.client(transport) as client:
        a = Counted(client)
        await a.call("give_intake_consent", {"link": link, "agree": True})
        state = await a.call(
            "upload_document", {"link": link, "filename": "claim.pdf", "content_base64": b64(form), "finish_step": True}
        )
        assert state["next_action"]["step_id"] == "repair_quote", "the amount is not on the form"
        state = await a.call("answer_fields", {"link": link, "answers": {"repair_quote": "done", "photos": "done"}})
        for _ in range(10):
            action = state["next_action"]
            if action["kind"] == "summary":
                break
            if action["kind"] == "confirm_document":
                state = await a.call("answer_question", {"link": link, "document_id": action["document_id"], "choice": "yes"})
            elif action["kind"] == "check" and action["reason"] == "missing":
                assert "unknown" in action["choices"], action
                state = await a.call("answer_question", {"link": link, "fact_id": action["fact_id"], "choice": "unknown"})
            elif action["kind"] == "check":
                state = await a.call("answer_question", {"link": link, "fact_id": action["fact_id"], "choice": "yes"})
            else:
                pytest.fail(f"unexpected {action}")
        done = await a.call("submit_intake", {"link": link})
        assert done["status"] == "needs_review", done
    async with klarefi.client(transport, api_key=key) as client:
        insurer = Counted(client)
        queue = await insurer.call("list_operator_queue", {"limit": 100})
        assert case_id in [item["case_id"] for item in queue["items"]], queue
        workspace = await insurer.call("get_case_workspace", {"case_id": case_id})
        assert "damage_amount" in workspace["needs_attention"], workspace["needs_attention"]
        ran = await insurer.call(
            "submit_case_review",
            {
                "case_id": case_id,
                "command_type": "request_clarification",
                "payload": {"fact_id": "damage_amount", "question": "What did the repair cost?"},
                "handler_id": "handler-7",
                "idempotency_key": f"clar_{uuid.uuid4().hex}",
                "expected_version": workspace["review"]["review_version"],
            },
        )
        assert ran["outcome"] == "applied", ran
        stale = await insurer.call(
            "submit_case_review",
            {
                "case_id": case_id,
                "command_type": "escalate",
                "rationale": "decided on an old version",
                "handler_id": "handler-8",
                "idempotency_key": f"esc_{uuid.uuid4().hex}",
                "expected_version": workspace["review"]["review_version"],
            },
        )
        assert stale["outcome"] == "rejected", stale
        command = await insurer.call("get_review_command", {"case_id": case_id, "command_id": ran["command"]["command_id"]})
        assert command["status"] == "applied" and command["handler_id"] == "handler-7"
    async with klarefi.client(transport) as client:
        a = Counted(client)
        state = await a.call("open_intake", {"link": link})
        action = state["next_action"]
        assert action["kind"] == "clarification", action
        assert action["question"] == "What did the repair cost?" and action["fact_id"] == "damage_amount"
        refused = await a.refused(
            "answer_question",
            {"link": link, "clarification_id": action["clarification_id"], "choice": "other", "value": "a lot"},
        )
        assert refused["error"]["code"] == "answer_refused", refused
        state = await a.call(
            "answer_question",
            {"link": link, "clarification_id": action["clarification_id"], "choice": "other", "value": "697.00"},
        )
        assert state["next_action"]["kind"] == "done", state
        assert state["status"] == "needs_review", "back with the handler"
