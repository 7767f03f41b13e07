"""schemathesis hooks for sdks/schemathesis_run.py: they supply what a JSON Schema cannot say,
and leave everything the document describes to schemathesis.

- An idempotency key names one request: reused with other parameters it is refused (400
  idempotency_key_conflict), by design. A fuzzer draws the same short keys ("0") again and
  again for different bodies, so every well-formed key it sends is made unique (a malformed one
  is left as drawn, so refusals of bad keys are still tested). Replays are tested by the suites.
- On POST /process an external_case_id adds the document to the processing case that already
  has it, which must be of the same case type (else 400 case_mismatch): a drawn
  external_case_id meets the cases earlier draws stored, so a well-formed one is made unique
  like a key; a case_id taken from an earlier answer gets that case's case_type_id (read from
  the API). Joining cases and their refusals are tested by tests/api.
- Fact ids and fact values depend on the case type a server loads and on the case the request
  names (a home_damage fact is refused on a motor_claim case; a prefilled IBAN must pass its
  mod-97 check). Where a drawn request is otherwise well formed, a fact id and value that every
  shipped case type accepts are put in their place. The refusals are tested by tests/api.
"""

import json
import os
import re
import urllib.request
import uuid

import schemathesis

WELL_FORMED_KEY = re.compile(r"^[!-~]{1,255}$")
FACT_ID = "claimant_name"  # in motor_claim and home_damage
FACT_VALUE = "Jan Jansen"


def _unique_keys(case) -> None:
    body = case.body
    if isinstance(body, dict):
        key = body.get("idempotency_key")
        if isinstance(key, str) and WELL_FORMED_KEY.match(key):
            body["idempotency_key"] = f"st_{uuid.uuid4().hex}"
    headers = case.headers or {}
    for name in list(headers):
        if name.lower() == "idempotency-key" and isinstance(headers[name], str) and WELL_FORMED_KEY.match(headers[name]):
            headers[name] = f"st_{uuid.uuid4().hex}"


def _unique_external_case(case) -> None:
    body = case.body
    if case.path.endswith("/process") and isinstance(body, dict):
        external = body.get("external_case_id")
        if isinstance(external, str) and 1 <= len(external) <= 200 and external.strip():
            body["external_case_id"] = f"{external}-{uuid.uuid4().hex[:12]}"


def _case_type_of_named_case(case) -> None:
    body = case.body
    if not (case.path.endswith("/process") and isinstance(body, dict)):
        return
    case_id = body.get("case_id")
    if not (isinstance(case_id, str) and re.fullmatch(r"case_[A-Za-z0-9]{1,40}", case_id)):
        return
    request = urllib.request.Request(
        f"{os.environ['KLAREFI_ST_BASE']}/api/v1/cases/{case_id}",
        headers={"Authorization": f"Bearer {os.environ['KLAREFI_ST_KEY']}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            body["case_type_id"] = json.load(response)["case_type_id"]
    except (OSError, ValueError, KeyError):
        pass  # not a case of this organization: the server answers 404 as documented


def _known_facts(case) -> None:
    body = case.body
    if not isinstance(body, dict):
        return
    prefill = body.get("prefill")
    if isinstance(prefill, dict) and isinstance(prefill.get("field_values"), dict):
        values = prefill["field_values"]
        if all(isinstance(k, str) and isinstance(v, str) for k, v in values.items()):
            prefill["field_values"] = {FACT_ID: FACT_VALUE} if values else {}
    payload = body.get("payload")
    if isinstance(payload, dict):
        if isinstance(payload.get("fact_id"), str):
            payload["fact_id"] = FACT_ID
        if isinstance(payload.get("value"), str) and isinstance(payload.get("fact_id"), str):
            payload["value"] = FACT_VALUE


@schemathesis.hook
def before_call(context, case, kwargs):
    _unique_keys(case)
    _unique_external_case(case)
    _case_type_of_named_case(case)
    _known_facts(case)
