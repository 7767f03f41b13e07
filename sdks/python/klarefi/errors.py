"""Errors the client raises.

An API error carries the envelope's ``type``, ``code`` and ``request_id`` (quote the request id
when asking for support); a connection error means no answer came.
"""

from __future__ import annotations


class KlarefiError(Exception):
    """Base class of every error this package raises (except :class:`WebhookSignatureError`)."""


class KlarefiApiError(KlarefiError):
    """The API answered with an error envelope: ``{"error": {type, code, message, request_id}}``."""

    def __init__(
        self,
        status: int,
        type: str,  # noqa: A002 - the envelope's field name
        code: str,
        message: str,
        request_id: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        suffix = f" (request {request_id})" if request_id else ""
        super().__init__(f"{status} {code}: {message}{suffix}")
        self.status = status
        self.type = type
        self.code = code
        self.message = message
        self.request_id = request_id
        self.retry_after = retry_after


class KlarefiConnectionError(KlarefiError):
    """No answer: the connection failed or the request timed out (after the retries)."""


class WebhookSignatureError(Exception):
    """A webhook delivery was refused; ``code`` says which check failed.

    ``missing_signature``, ``malformed_signature``, ``timestamp_outside_tolerance``,
    ``signature_mismatch`` or ``invalid_payload``.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
