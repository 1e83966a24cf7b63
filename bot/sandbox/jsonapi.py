"""Plumbing for the test API: JSON bodies in, JSON out, failures as HTTP statuses."""

from __future__ import annotations

import base64
import binascii
import functools
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from bot.sandbox.core import SANDBOX_KEY, Sandbox
from bot.sandbox.errors import ApiError
from bot.sandbox.inject import UnknownTarget
from bot.sandbox.validator import SpecViolation

Endpoint = Callable[[web.Request, Sandbox], Awaitable[Any]]


def endpoint(func: Endpoint) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    """Wrap a handler: its result becomes JSON, its errors 4xx/5xx with an `error` field."""

    @functools.wraps(func)
    async def handler(request: web.Request) -> web.StreamResponse:
        try:
            result = await func(request, request.app[SANDBOX_KEY])
        except UnknownTarget as error:
            return error_response(404, str(error))
        except ApiError as error:
            return error_response(error.status, error.description)
        except SpecViolation as error:
            return error_response(500, f"sandbox emitted an invalid object: {error}")
        except (ValueError, TypeError) as error:
            return error_response(400, str(error))
        if isinstance(result, web.StreamResponse):
            return result
        return web.json_response(result)

    return handler


def error_response(status: int, message: str) -> web.Response:
    """A failure as the test API reports it: a status and an `error` field."""
    return web.json_response({"error": message}, status=status)


async def json_body(request: web.Request) -> dict[str, Any]:
    """The request's JSON object (empty when there is no body)."""
    if not request.body_exists:
        return {}
    try:
        body = await request.json()
    except ValueError as error:
        raise ValueError("the body must be JSON") from error
    if not isinstance(body, dict):
        raise ValueError("the body must be a JSON object")
    return body


def need(body: dict[str, Any], name: str) -> Any:
    """A required field of a JSON body."""
    if body.get(name) in (None, ""):
        raise ValueError(f"missing field {name!r}")
    return body[name]


def int_field(body: dict[str, Any] | Any, name: str, default: int | None = None) -> int | None:
    """An optional integer field (from JSON or a query string)."""
    value = body.get(name)
    if value in (None, ""):
        return default
    try:
        return int(value)
    except (TypeError, ValueError) as error:
        raise ValueError(f"field {name!r} must be an integer") from error


def bytes_field(body: dict[str, Any], name: str = "data_base64") -> bytes | None:
    """Binary content sent as base64."""
    value = body.get(name)
    if not value:
        return None
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as error:
        raise ValueError(f"field {name!r} must be base64") from error
