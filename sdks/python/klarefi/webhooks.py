"""Webhook signatures.

``X-Klarefi-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`` keyed with the
endpoint's ``whsec_…`` secret; during a secret rotation the header carries one ``v1=`` per
secret and any of them may match. The construction is Stripe's, so Stripe-style verifiers
accept it; Standard Webhooks libraries do not (they read other headers).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import time
from typing import Any

from .errors import WebhookSignatureError

SIGNATURE_HEADER = "X-Klarefi-Signature"
"""The header Klarefi signs deliveries with."""

DEFAULT_TOLERANCE_SECONDS = 300
"""How far the signature's timestamp may be from now, in seconds (replay protection)."""

_HEX64 = re.compile(r"^[0-9a-fA-F]{64}$")
_SECONDS = re.compile(r"^\d{1,12}$")


def _bytes(payload: bytes | str) -> bytes:
    return payload.encode("utf-8") if isinstance(payload, str) else bytes(payload)


def _mac(payload: bytes, secret: str, t: int) -> bytes:
    return hmac.new(secret.encode("utf-8"), f"{t}.".encode() + payload, hashlib.sha256).digest()


def sign_payload(payload: bytes | str, secret: str, t: int) -> str:
    """The header value Klarefi would send for ``payload`` at ``t`` (unix seconds); for tests."""
    return f"t={t},v1={_mac(_bytes(payload), secret, t).hex()}"


def _parse(header: str) -> tuple[int, list[bytes]]:
    t: int | None = None
    signatures: list[bytes] = []
    for part in header.split(","):
        key, sep, value = part.partition("=")
        if not sep:
            continue
        key, value = key.strip(), value.strip()
        if key == "t":
            if not _SECONDS.match(value):
                raise WebhookSignatureError("malformed_signature", "the signature's timestamp is not a number")
            t = int(value)
        elif key == "v1" and _HEX64.match(value):
            signatures.append(bytes.fromhex(value))
    if t is None:
        raise WebhookSignatureError("malformed_signature", "the signature header has no t=")
    if not signatures:
        raise WebhookSignatureError("malformed_signature", "the signature header has no v1= signature")
    return t, signatures


def verify(
    payload: bytes | str,
    header: str | None,
    secret: str,
    tolerance: int = DEFAULT_TOLERANCE_SECONDS,
    now: int | None = None,
) -> None:
    """Check a delivery's signature against the raw body (the bytes as received).

    Raises :class:`WebhookSignatureError` saying why when it does not hold. ``tolerance`` is in
    seconds; 0 or less turns the timestamp check off. ``now`` (unix seconds) is for tests.
    """
    if not header:
        raise WebhookSignatureError("missing_signature", "no X-Klarefi-Signature header")
    t, signatures = _parse(header)
    current = int(time.time()) if now is None else now
    if tolerance > 0 and abs(current - t) > tolerance:
        raise WebhookSignatureError(
            "timestamp_outside_tolerance",
            f"the signature is {abs(current - t)} s old, more than the tolerance of {tolerance} s",
        )
    expected = _mac(_bytes(payload), secret, t)
    # Every candidate is compared in constant time, so timing tells nothing about which matched.
    matched = False
    for signature in signatures:
        if hmac.compare_digest(signature, expected):
            matched = True
    if not matched:
        raise WebhookSignatureError("signature_mismatch", "no signature matches the payload and secret")


def construct_event(
    payload: bytes | str,
    header: str | None,
    secret: str,
    tolerance: int = DEFAULT_TOLERANCE_SECONDS,
    now: int | None = None,
) -> Any:
    """Verify the signature, then parse the payload into a typed :class:`WebhookEvent`."""
    from .models import WebhookEvent

    verify(payload, header, secret, tolerance=tolerance, now=now)
    try:
        parsed = json.loads(_bytes(payload))
    except ValueError as e:
        raise WebhookSignatureError("invalid_payload", "the payload is not JSON") from e
    if not isinstance(parsed, dict):
        raise WebhookSignatureError("invalid_payload", "the payload is not a JSON object")
    try:
        return WebhookEvent.from_dict(parsed)
    except (KeyError, TypeError, ValueError) as e:
        raise WebhookSignatureError("invalid_payload", f"the payload is not a Klarefi event ({e})") from e


def verify_webhook_signature(
    payload: bytes | str,
    signature_header: str | None,
    secret: str,
    tolerance: int = DEFAULT_TOLERANCE_SECONDS,
) -> bool:
    """The Mode-1 guide's check: ``True`` when the signature holds (within the tolerance)."""
    try:
        verify(payload, signature_header, secret, tolerance=tolerance)
    except WebhookSignatureError:
        return False
    return True
