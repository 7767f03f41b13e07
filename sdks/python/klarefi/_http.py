"""The one place requests are made.

The bearer key, JSON in and out, timeouts, and retries on 429 (honouring ``Retry-After``),
502/503/504 and network errors. A POST that creates something always carries an
``Idempotency-Key`` (generated when the caller gives none), and every retry of it sends the same
key, so a retried create never makes two.
"""

from __future__ import annotations

import email.utils
import os
import random
import re
import time
import uuid
from typing import Any

import httpx

from .errors import KlarefiApiError, KlarefiConnectionError

VERSION = "0.1.0"
DEFAULT_BASE_URL = "http://127.0.0.1:8080"
"""What the server runs on by default; override with ``base_url`` or ``KLAREFI_API_BASE_URL``."""

_RETRY_STATUSES = frozenset({429, 502, 503, 504})
_ID = re.compile(r"^[A-Za-z0-9_-]{1,80}$")


def new_idempotency_key() -> str:
    return f"sdk_{uuid.uuid4()}"


def path_id(value: str) -> str:
    """Ids go into paths: refuse what is not an id rather than send a different path."""
    if not isinstance(value, str) or not _ID.match(value):
        raise ValueError(f"not a Klarefi id: {value!r}")
    return value


def _retry_after_seconds(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        at = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, at.timestamp() - time.time())


def _backoff(attempt: int) -> float:
    base = 0.5 * 2**attempt
    return base / 2 + random.random() * base / 2  # noqa: S311 - jitter, not security


class Transport:
    def __init__(
        self,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: float = 30.0,
        max_retries: int = 2,
        max_retry_after: float = 60.0,
        http_client: httpx.Client | None = None,
    ) -> None:
        key = api_key or os.environ.get("KLAREFI_API_KEY")
        if not key:
            raise ValueError("an API key is required (api_key or KLAREFI_API_KEY)")
        self._api_key = key
        self.base_url = (base_url or os.environ.get("KLAREFI_API_BASE_URL") or DEFAULT_BASE_URL).rstrip("/")
        self._max_retries = max_retries
        self._max_retry_after = max_retry_after
        self._client = http_client or httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            follow_redirects=False,
        )

    def close(self) -> None:
        self._client.close()

    def request(
        self,
        method: str,
        path: str,
        *,
        query: dict[str, Any] | None = None,
        body: dict[str, Any] | None = None,
        idempotent: bool = False,
        idempotency_key: str | None = None,
        timeout: float | None = None,
    ) -> Any:
        """One API call; returns the parsed JSON of a 2xx answer."""
        headers = {
            "Authorization": f"Bearer {self._api_key}",
            "Accept": "application/json",
            "User-Agent": f"klarefi-python/{VERSION}",
        }
        if idempotent:
            # In the body, where the API document requires it; the caller's key wins.
            body = {**(body or {}), "idempotency_key": idempotency_key or new_idempotency_key()}
        params = {k: v for k, v in (query or {}).items() if v is not None}
        url = f"{self.base_url}/api/v1{path}"
        extra: dict[str, Any] = {}
        if timeout is not None:
            extra["timeout"] = timeout
        attempt = 0
        while True:
            try:
                response = self._client.request(method, url, params=params, json=body, headers=headers, **extra)
            except httpx.TransportError as e:
                if attempt < self._max_retries:
                    time.sleep(_backoff(attempt))
                    attempt += 1
                    continue
                what = "timed out" if isinstance(e, httpx.TimeoutException) else "failed"
                raise KlarefiConnectionError(f"{method} {path} {what}: {type(e).__name__}") from e
            if response.is_success:
                return response.json()
            retry_after = _retry_after_seconds(response.headers.get("retry-after"))
            if (
                response.status_code in _RETRY_STATUSES
                and attempt < self._max_retries
                and (retry_after is None or retry_after <= self._max_retry_after)
            ):
                time.sleep(retry_after if retry_after is not None else _backoff(attempt))
                attempt += 1
                continue
            raise _api_error(response, retry_after)


def _api_error(response: httpx.Response, retry_after: float | None) -> KlarefiApiError:
    try:
        parsed = response.json()
    except ValueError:
        parsed = None
    error = parsed.get("error") if isinstance(parsed, dict) else None
    error = error if isinstance(error, dict) else {}

    def text(value: Any, fallback: str) -> str:
        return value if isinstance(value, str) else fallback

    return KlarefiApiError(
        status=response.status_code,
        type=text(error.get("type"), "api_error"),
        code=text(error.get("code"), f"http_{response.status_code}"),
        message=text(error.get("message"), response.reason_phrase or "the API answered with an error"),
        request_id=text(error.get("request_id"), response.headers.get("x-request-id", "")) or None,
        retry_after=retry_after,
    )
