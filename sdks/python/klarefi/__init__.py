"""Klarefi API client: hosted intake sessions, cases, events, packages, processing, erasure
and webhook verification.

    from klarefi import Klarefi
    klarefi = Klarefi(api_key="sk_test_…", base_url="http://127.0.0.1:8080")
    session = klarefi.sessions.create(case_type_id="motor_claim", locale="nl")
"""

from . import models
from ._http import DEFAULT_BASE_URL, VERSION, new_idempotency_key
from .client import EventList, Klarefi, KlarefiClient
from .errors import KlarefiApiError, KlarefiConnectionError, KlarefiError, WebhookSignatureError
from .webhooks import (
    DEFAULT_TOLERANCE_SECONDS,
    SIGNATURE_HEADER,
    construct_event,
    sign_payload,
    verify,
    verify_webhook_signature,
)

__version__ = VERSION

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_TOLERANCE_SECONDS",
    "SIGNATURE_HEADER",
    "VERSION",
    "EventList",
    "Klarefi",
    "KlarefiApiError",
    "KlarefiClient",
    "KlarefiConnectionError",
    "KlarefiError",
    "WebhookSignatureError",
    "construct_event",
    "models",
    "new_idempotency_key",
    "sign_payload",
    "verify",
    "verify_webhook_signature",
]
