"""The Bot API over HTTP: /bot{token}/{method} and /file/bot{token}/{path}, Telegram's way."""

from __future__ import annotations

import logging
from typing import Any

from aiohttp import web

from bot.sandbox.core import SANDBOX_KEY
from bot.sandbox.errors import ApiError
from bot.sandbox.params import read_request
from bot.sandbox.validator import SpecViolation

log = logging.getLogger(__name__)
_UNAUTHORIZED = ApiError(401, "Unauthorized")
_NOT_FOUND = ApiError(404, "Not Found")


async def call_method(request: web.Request) -> web.Response:
    """Any Bot API method, by GET or POST; errors keep their real HTTP status."""
    sandbox = request.app[SANDBOX_KEY]
    method = request.match_info["method"]
    if request.match_info["token"] != sandbox.token:
        return _error_response(_UNAUTHORIZED)
    raw: dict[str, Any] = {}
    try:
        raw, uploads = await read_request(request)
        result = await sandbox.call_method(method, raw, uploads)
    except ApiError as error:
        sandbox.record_call(method, raw, error.status)
        return _error_response(error)
    except SpecViolation as error:
        sandbox.record_call(method, raw, 500)
        return _error_response(ApiError(500, f"Internal Server Error: {error}"))
    sandbox.record_call(method, raw, 200)
    return web.json_response({"ok": True, "result": result})


async def download_file(request: web.Request) -> web.StreamResponse:
    """A file by the file_path getFile gave."""
    sandbox = request.app[SANDBOX_KEY]
    if request.match_info["token"] != sandbox.token:
        return _error_response(_UNAUTHORIZED)
    stored = sandbox.files.by_path(request.match_info["path"])
    if stored is None:
        return _error_response(_NOT_FOUND)
    return web.Response(body=stored.data, content_type=stored.mime_type)


def _error_response(error: ApiError) -> web.Response:
    return web.json_response(error.body(), status=error.status)


def add_routes(app: web.Application) -> None:
    """Register the Bot API routes."""
    app.router.add_route("*", "/bot{token}/{method}", call_method)
    app.router.add_get("/file/bot{token}/{path:.+}", download_file)
