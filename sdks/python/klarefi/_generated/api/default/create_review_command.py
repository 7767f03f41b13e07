from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.accept_fact_command import AcceptFactCommand
from ...models.complete_review_command import CompleteReviewCommand
from ...models.correct_fact_command import CorrectFactCommand
from ...models.dispute_evidence_command import DisputeEvidenceCommand
from ...models.error import Error
from ...models.escalate_command import EscalateCommand
from ...models.request_clarification_command import RequestClarificationCommand
from ...models.review_command import ReviewCommand
from ...types import Response


def _get_kwargs(
    id: str,
    *,
    body: AcceptFactCommand
    | CompleteReviewCommand
    | CorrectFactCommand
    | DisputeEvidenceCommand
    | EscalateCommand
    | RequestClarificationCommand,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/cases/{id}/review-commands".format(
            id=quote(str(id), safe=""),
        ),
    }

    if (
        isinstance(body, AcceptFactCommand)
        or isinstance(body, CorrectFactCommand)
        or isinstance(body, DisputeEvidenceCommand)
        or isinstance(body, RequestClarificationCommand)
        or isinstance(body, EscalateCommand)
    ):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | ReviewCommand | None:
    if response.status_code == 200:
        response_200 = ReviewCommand.from_dict(response.json())

        return response_200

    if response.status_code == 201:
        response_201 = ReviewCommand.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = ReviewCommand.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = Error.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = Error.from_dict(response.json())

        return response_415

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = Error.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = Error.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | ReviewCommand]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    body: AcceptFactCommand
    | CompleteReviewCommand
    | CorrectFactCommand
    | DisputeEvidenceCommand
    | EscalateCommand
    | RequestClarificationCommand,
) -> Response[Error | ReviewCommand]:
    """A handler's review command (accept_fact, correct_fact, dispute_evidence, request_clarification,
    escalate, complete_review) on the review version it was decided on: 201 applied, 409 rejected with
    the reason and the fresh state (another handler acted first, the case is not in review, required
    facts are open). Idempotent by key.

     Idempotent: a retry with the same idempotency_key returns the stored response (200,
    idempotent_replay true); the same key with other parameters is 400 idempotency_key_conflict. The
    server also takes the key from an Idempotency-Key header (1 to 255 visible ASCII characters) when
    the body has none, as the quickstart's POST /process does; a malformed header is refused even when
    the body has a key.

    Args:
        id (str):
        body (AcceptFactCommand | CompleteReviewCommand | CorrectFactCommand |
            DisputeEvidenceCommand | EscalateCommand | RequestClarificationCommand): One of the six
            commands, told apart by command_type.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ReviewCommand]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    body: AcceptFactCommand
    | CompleteReviewCommand
    | CorrectFactCommand
    | DisputeEvidenceCommand
    | EscalateCommand
    | RequestClarificationCommand,
) -> Error | ReviewCommand | None:
    """A handler's review command (accept_fact, correct_fact, dispute_evidence, request_clarification,
    escalate, complete_review) on the review version it was decided on: 201 applied, 409 rejected with
    the reason and the fresh state (another handler acted first, the case is not in review, required
    facts are open). Idempotent by key.

     Idempotent: a retry with the same idempotency_key returns the stored response (200,
    idempotent_replay true); the same key with other parameters is 400 idempotency_key_conflict. The
    server also takes the key from an Idempotency-Key header (1 to 255 visible ASCII characters) when
    the body has none, as the quickstart's POST /process does; a malformed header is refused even when
    the body has a key.

    Args:
        id (str):
        body (AcceptFactCommand | CompleteReviewCommand | CorrectFactCommand |
            DisputeEvidenceCommand | EscalateCommand | RequestClarificationCommand): One of the six
            commands, told apart by command_type.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ReviewCommand
    """

    return sync_detailed(
        id=id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    body: AcceptFactCommand
    | CompleteReviewCommand
    | CorrectFactCommand
    | DisputeEvidenceCommand
    | EscalateCommand
    | RequestClarificationCommand,
) -> Response[Error | ReviewCommand]:
    """A handler's review command (accept_fact, correct_fact, dispute_evidence, request_clarification,
    escalate, complete_review) on the review version it was decided on: 201 applied, 409 rejected with
    the reason and the fresh state (another handler acted first, the case is not in review, required
    facts are open). Idempotent by key.

     Idempotent: a retry with the same idempotency_key returns the stored response (200,
    idempotent_replay true); the same key with other parameters is 400 idempotency_key_conflict. The
    server also takes the key from an Idempotency-Key header (1 to 255 visible ASCII characters) when
    the body has none, as the quickstart's POST /process does; a malformed header is refused even when
    the body has a key.

    Args:
        id (str):
        body (AcceptFactCommand | CompleteReviewCommand | CorrectFactCommand |
            DisputeEvidenceCommand | EscalateCommand | RequestClarificationCommand): One of the six
            commands, told apart by command_type.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ReviewCommand]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    body: AcceptFactCommand
    | CompleteReviewCommand
    | CorrectFactCommand
    | DisputeEvidenceCommand
    | EscalateCommand
    | RequestClarificationCommand,
) -> Error | ReviewCommand | None:
    """A handler's review command (accept_fact, correct_fact, dispute_evidence, request_clarification,
    escalate, complete_review) on the review version it was decided on: 201 applied, 409 rejected with
    the reason and the fresh state (another handler acted first, the case is not in review, required
    facts are open). Idempotent by key.

     Idempotent: a retry with the same idempotency_key returns the stored response (200,
    idempotent_replay true); the same key with other parameters is 400 idempotency_key_conflict. The
    server also takes the key from an Idempotency-Key header (1 to 255 visible ASCII characters) when
    the body has none, as the quickstart's POST /process does; a malformed header is refused even when
    the body has a key.

    Args:
        id (str):
        body (AcceptFactCommand | CompleteReviewCommand | CorrectFactCommand |
            DisputeEvidenceCommand | EscalateCommand | RequestClarificationCommand): One of the six
            commands, told apart by command_type.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ReviewCommand
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
        )
    ).parsed
