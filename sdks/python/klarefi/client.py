"""Klarefi's names over the API.

``Klarefi(api_key, base_url)`` with ``sessions``, ``cases``, ``process``, ``documents`` and
``webhooks``; responses are the generated models of the OpenAPI document
(:mod:`klarefi.models`), so a case's features and a package's facts come typed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx

from . import webhooks as _webhooks
from ._http import Transport, path_id
from .models import (
    Case,
    CaseEvents,
    CaseEvent,
    CasePackage,
    Erasure,
    Me,
    ProcessAccepted,
    Session,
    SessionCreated,
    WebhookTestResult,
)


def _body(params: dict[str, Any]) -> dict[str, Any]:
    """The JSON body: parameters left as ``None`` are not sent."""
    return {k: v for k, v in params.items() if v is not None}


class EventList:
    """One page of a case's events; :meth:`auto_paging_iter` walks every event from here on."""

    def __init__(self, page: CaseEvents, fetch_page) -> None:
        self.page = page
        self._fetch_page = fetch_page

    @property
    def case_id(self) -> str:
        return self.page.case_id

    @property
    def events(self) -> list[CaseEvent]:
        return self.page.events

    @property
    def next_cursor(self) -> int:
        return self.page.next_cursor

    @property
    def has_more(self) -> bool:
        return bool(self.page.has_more)

    def __iter__(self) -> Iterator[CaseEvent]:
        """The events of this page only."""
        return iter(self.page.events)

    def auto_paging_iter(self) -> Iterator[CaseEvent]:
        """Every event from this page on, fetching further pages by cursor as needed."""
        page = self.page
        while True:
            yield from page.events
            if not page.has_more or not page.events:
                return
            page = self._fetch_page(page.next_cursor)


class Sessions:
    def __init__(self, http: Transport) -> None:
        self._http = http

    def create(
        self,
        *,
        case_type_id: str,
        idempotency_key: str | None = None,
        ttl_hours: int | None = None,
        return_url: str | None = None,
        locale: str | None = None,
        external_case_id: str | None = None,
        external_applicant_id: str | None = None,
        external_customer_id: str | None = None,
        trace_id: str | None = None,
        metadata: dict[str, str] | None = None,
        prefill: dict[str, Any] | None = None,
        timeout: float | None = None,
    ) -> SessionCreated:
        """``POST /sessions``: a hosted intake session and its signed applicant link.

        Without ``idempotency_key`` the client makes one, and its retries reuse it.
        """
        body = _body(
            {
                "case_type_id": case_type_id,
                "ttl_hours": ttl_hours,
                "return_url": return_url,
                "locale": locale,
                "external_case_id": external_case_id,
                "external_applicant_id": external_applicant_id,
                "external_customer_id": external_customer_id,
                "trace_id": trace_id,
                "metadata": metadata,
                "prefill": prefill,
            }
        )
        data = self._http.request(
            "POST", "/sessions", body=body, idempotent=True, idempotency_key=idempotency_key, timeout=timeout
        )
        return SessionCreated.from_dict(data)

    def get(self, session_id: str) -> Session:
        """``GET /sessions/{id}``."""
        return Session.from_dict(self._http.request("GET", f"/sessions/{path_id(session_id)}"))

    def expire(self, session_id: str) -> Session:
        """``POST /sessions/{id}/expire``: revoke the link at once."""
        return Session.from_dict(self._http.request("POST", f"/sessions/{path_id(session_id)}/expire"))


class Cases:
    def __init__(self, http: Transport) -> None:
        self._http = http

    def get(self, case_id: str) -> Case:
        """``GET /cases/{id}``: the case with its features (facts), candidates and evidence."""
        return Case.from_dict(self._http.request("GET", f"/cases/{path_id(case_id)}"))

    def events(self, case_id: str, *, after_cursor: int = 0, limit: int | None = None) -> EventList:
        """``GET /cases/{id}/events``: one page; ``.auto_paging_iter()`` walks them all."""
        path = f"/cases/{path_id(case_id)}/events"

        def fetch(cursor: int) -> CaseEvents:
            data = self._http.request("GET", path, query={"after_cursor": cursor, "limit": limit})
            return CaseEvents.from_dict(data)

        return EventList(fetch(after_cursor), fetch)

    def package(self, case_id: str) -> CasePackage:
        """``GET /cases/{id}/package``: ``case_package.v1`` with a fresh case-file link."""
        return CasePackage.from_dict(self._http.request("GET", f"/cases/{path_id(case_id)}/package"))


class Documents:
    def __init__(self, http: Transport) -> None:
        self._http = http

    def erase(self, doc_id: str) -> Erasure:
        """``DELETE /documents/{id}``: GDPR erasure of the document and all read from it."""
        return Erasure.from_dict(self._http.request("DELETE", f"/documents/{path_id(doc_id)}"))


class Webhooks:
    def __init__(self, http: Transport) -> None:
        self._http = http

    def test(self, *, endpoint_url: str, signing_secret: str) -> WebhookTestResult:
        """``POST /webhooks/test``: the server signs and sends a ``v1.webhook.test`` event."""
        data = self._http.request(
            "POST", "/webhooks/test", body={"endpoint_url": endpoint_url, "signing_secret": signing_secret}
        )
        return WebhookTestResult.from_dict(data)

    verify = staticmethod(_webhooks.verify)
    construct_event = staticmethod(_webhooks.construct_event)


class Klarefi:
    """The client: ``Klarefi(api_key, base_url)``.

    ``api_key`` defaults to ``KLAREFI_API_KEY``; ``base_url`` to ``KLAREFI_API_BASE_URL``, else
    ``http://127.0.0.1:8080``. ``timeout`` is per attempt, in seconds; ``max_retries`` counts
    the attempts after the first on 429, 502, 503, 504 and network errors.
    """

    def __init__(
        self,
        api_key: str | None = None,
        base_url: str | None = None,
        *,
        timeout: float = 30.0,
        max_retries: int = 2,
        max_retry_after: float = 60.0,
        http_client: httpx.Client | None = None,
    ) -> None:
        self._http = Transport(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            max_retry_after=max_retry_after,
            http_client=http_client,
        )
        self.sessions = Sessions(self._http)
        self.cases = Cases(self._http)
        self.documents = Documents(self._http)
        self.webhooks = Webhooks(self._http)

    @property
    def base_url(self) -> str:
        return self._http.base_url

    def me(self) -> Me:
        """The organization and environment of the key."""
        return Me.from_dict(self._http.request("GET", "/me"))

    def process(
        self,
        *,
        document_url: str,
        case_type_id: str,
        idempotency_key: str | None = None,
        case_id: str | None = None,
        external_case_id: str | None = None,
        external_applicant_id: str | None = None,
        external_customer_id: str | None = None,
        trace_id: str | None = None,
        metadata: dict[str, str] | None = None,
        timeout: float | None = None,
    ) -> ProcessAccepted:
        """``POST /process``: send a document URL to be read (the processing API)."""
        body = _body(
            {
                "document_url": document_url,
                "case_type_id": case_type_id,
                "case_id": case_id,
                "external_case_id": external_case_id,
                "external_applicant_id": external_applicant_id,
                "external_customer_id": external_customer_id,
                "trace_id": trace_id,
                "metadata": metadata,
            }
        )
        data = self._http.request(
            "POST", "/process", body=body, idempotent=True, idempotency_key=idempotency_key, timeout=timeout
        )
        return ProcessAccepted.from_dict(data)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Klarefi:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class KlarefiClient:
    """The Mode-1 guide's client: ``KlarefiClient(api_key=…)`` with ``create_session``.

    Its methods return the JSON as a ``dict`` (``session["signed_url"]``), as in the guide.
    """

    def __init__(self, api_key: str | None = None, base_url: str | None = None, **options: Any) -> None:
        self.klarefi = Klarefi(api_key=api_key, base_url=base_url, **options)

    def create_session(self, *, case_type_id: str, **params: Any) -> dict[str, Any]:
        """A hosted intake session: redirect the claimant to ``signed_url``, keep ``session_id``."""
        return self.klarefi.sessions.create(case_type_id=case_type_id, **params).to_dict()

    def get_case(self, case_id: str) -> dict[str, Any]:
        return self.klarefi.cases.get(case_id).to_dict()

    def get_case_package(self, case_id: str) -> dict[str, Any]:
        return self.klarefi.cases.package(case_id).to_dict()

    def close(self) -> None:
        self.klarefi.close()
