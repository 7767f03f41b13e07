from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.process_accepted import ProcessAccepted
from ...models.process_request import ProcessRequest
from ...types import Response


def _get_kwargs(
    *,
    body: ProcessRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/process",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | ProcessAccepted | None:
    if response.status_code == 200:
        response_200 = ProcessAccepted.from_dict(response.json())

        return response_200

    if response.status_code == 201:
        response_201 = ProcessAccepted.from_dict(response.json())

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

    if response.status_code == 413:
        response_413 = Error.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = Error.from_dict(response.json())

        return response_415

    if response.status_code == 428:
        response_428 = Error.from_dict(response.json())

        return response_428

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
) -> Response[Error | ProcessAccepted]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: ProcessRequest,
) -> Response[Error | ProcessAccepted]:
    """Submit a document URL for processing (processing API). Idempotent by key.

     Idempotent: a retry with the same idempotency_key returns the stored response (200,
    idempotent_replay true); the same key with other parameters is 400 idempotency_key_conflict. The
    server also takes the key from an Idempotency-Key header (1 to 255 visible ASCII characters) when
    the body has none, as the quickstart's POST /process does; a malformed header is refused even when
    the body has a key.

    Args:
        body (ProcessRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ProcessAccepted]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: ProcessRequest,
) -> Error | ProcessAccepted | None:
    """Submit a document URL for processing (processing API). Idempotent by key.

     Idempotent: a retry with the same idempotency_key returns the stored response (200,
    idempotent_replay true); the same key with other parameters is 400 idempotency_key_conflict. The
    server also takes the key from an Idempotency-Key header (1 to 255 visible ASCII characters) when
    the body has none, as the quickstart's POST /process does; a malformed header is refused even when
    the body has a key.

    Args:
        body (ProcessRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ProcessAccepted
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: ProcessRequest,
) -> Response[Error | ProcessAccepted]:
    """Submit a document URL for processing (processing API). Idempotent by key.

     Idempotent: a retry with the same idempotency_key returns the stored response (200,
    idempotent_replay true); the same key with other parameters is 400 idempotency_key_conflict. The
    server also takes the key from an Idempotency-Key header (1 to 255 visible ASCII characters) when
    the body has none, as the quickstart's POST /process does; a malformed header is refused even when
    the body has a key.

    Args:
        body (ProcessRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ProcessAccepted]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: ProcessRequest,
) -> Error | ProcessAccepted | None:
    """Submit a document URL for processing (processing API). Idempotent by key.

     Idempotent: a retry with the same idempotency_key returns the stored response (200,
    idempotent_replay true); the same key with other parameters is 400 idempotency_key_conflict. The
    server also takes the key from an Idempotency-Key header (1 to 255 visible ASCII characters) when
    the body has none, as the quickstart's POST /process does; a malformed header is refused even when
    the body has a key.

    Args:
        body (ProcessRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ProcessAccepted
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
