from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.list_review_queue_case_type_id import ListReviewQueueCaseTypeId
from ...models.list_review_queue_status import ListReviewQueueStatus
from ...models.review_queue import ReviewQueue
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    status: ListReviewQueueStatus | Unset = UNSET,
    case_type_id: ListReviewQueueCaseTypeId | Unset = UNSET,
    min_age_hours: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    limit: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    json_case_type_id: str | Unset = UNSET
    if not isinstance(case_type_id, Unset):
        json_case_type_id = case_type_id.value

    params["case_type_id"] = json_case_type_id

    params["min_age_hours"] = min_age_hours

    params["cursor"] = cursor

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/review-queue",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | ReviewQueue | None:
    if response.status_code == 200:
        response_200 = ReviewQueue.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | ReviewQueue]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    status: ListReviewQueueStatus | Unset = UNSET,
    case_type_id: ListReviewQueueCaseTypeId | Unset = UNSET,
    min_age_hours: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    limit: int | Unset = UNSET,
) -> Response[Error | ReviewQueue]:
    """Cases that need a handler, oldest first, with the reasons per fact; paginated by cursor.

    Args:
        status (ListReviewQueueStatus | Unset):
        case_type_id (ListReviewQueueCaseTypeId | Unset):
        min_age_hours (int | Unset):
        cursor (str | Unset):
        limit (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ReviewQueue]
    """

    kwargs = _get_kwargs(
        status=status,
        case_type_id=case_type_id,
        min_age_hours=min_age_hours,
        cursor=cursor,
        limit=limit,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    status: ListReviewQueueStatus | Unset = UNSET,
    case_type_id: ListReviewQueueCaseTypeId | Unset = UNSET,
    min_age_hours: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    limit: int | Unset = UNSET,
) -> Error | ReviewQueue | None:
    """Cases that need a handler, oldest first, with the reasons per fact; paginated by cursor.

    Args:
        status (ListReviewQueueStatus | Unset):
        case_type_id (ListReviewQueueCaseTypeId | Unset):
        min_age_hours (int | Unset):
        cursor (str | Unset):
        limit (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ReviewQueue
    """

    return sync_detailed(
        client=client,
        status=status,
        case_type_id=case_type_id,
        min_age_hours=min_age_hours,
        cursor=cursor,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    status: ListReviewQueueStatus | Unset = UNSET,
    case_type_id: ListReviewQueueCaseTypeId | Unset = UNSET,
    min_age_hours: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    limit: int | Unset = UNSET,
) -> Response[Error | ReviewQueue]:
    """Cases that need a handler, oldest first, with the reasons per fact; paginated by cursor.

    Args:
        status (ListReviewQueueStatus | Unset):
        case_type_id (ListReviewQueueCaseTypeId | Unset):
        min_age_hours (int | Unset):
        cursor (str | Unset):
        limit (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ReviewQueue]
    """

    kwargs = _get_kwargs(
        status=status,
        case_type_id=case_type_id,
        min_age_hours=min_age_hours,
        cursor=cursor,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    status: ListReviewQueueStatus | Unset = UNSET,
    case_type_id: ListReviewQueueCaseTypeId | Unset = UNSET,
    min_age_hours: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    limit: int | Unset = UNSET,
) -> Error | ReviewQueue | None:
    """Cases that need a handler, oldest first, with the reasons per fact; paginated by cursor.

    Args:
        status (ListReviewQueueStatus | Unset):
        case_type_id (ListReviewQueueCaseTypeId | Unset):
        min_age_hours (int | Unset):
        cursor (str | Unset):
        limit (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ReviewQueue
    """

    return (
        await asyncio_detailed(
            client=client,
            status=status,
            case_type_id=case_type_id,
            min_age_hours=min_age_hours,
            cursor=cursor,
            limit=limit,
        )
    ).parsed
