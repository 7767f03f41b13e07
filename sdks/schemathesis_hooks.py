"""schemathesis hooks for sdks/schemathesis_run.py.

An idempotency key names one request: reused with other parameters it is refused (400
idempotency_key_conflict), by design. A fuzzer draws the same short keys ("0") again and again
for different bodies, so every well-formed key it sends is made unique here (a malformed one is
left as drawn, so refusals of bad keys are still tested). Replays are tested by the suites.
"""

import re
import uuid

import schemathesis

WELL_FORMED = re.compile(r"^[!-~]{1,255}$")


@schemathesis.hook
def before_call(context, case, kwargs):
    body = case.body
    if isinstance(body, dict) and isinstance(body.get("idempotency_key"), str) and WELL_FORMED.match(body["idempotency_key"]):
        body["idempotency_key"] = f"st_{uuid.uuid4().hex}"
    headers = case.headers or {}
    for name in list(headers):
        if name.lower() == "idempotency-key" and isinstance(headers[name], str) and WELL_FORMED.match(headers[name]):
            headers[name] = f"st_{uuid.uuid4().hex}"
