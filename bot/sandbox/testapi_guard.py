"""The test API answers only this machine's own clients: JSON posts, to a loopback Host.

A web page on any site can make the browser post `text/plain` or a form to
http://127.0.0.1:8080/_sandbox/... with no preflight, and a DNS-rebinding page can reach it
under a name of its own. Requiring `application/json` (which needs a CORS preflight this
server never grants) and a Host that names the loopback stops both.
"""

from __future__ import annotations

import ipaddress

from aiohttp import web

from bot.sandbox.jsonapi import error_response

PREFIX = "/_sandbox/"
_WITH_BODY = frozenset({"POST", "PUT", "PATCH"})
_LOOPBACK_NAMES = frozenset({"localhost", "localhost."})


def is_loopback(host: str | None) -> bool:
    """Whether a Host header's name (no port) is the loopback: localhost, 127.x, ::1."""
    if not host:
        return False
    name = host.strip("[]").lower()
    if name in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


@web.middleware
async def guard_test_api(request: web.Request, handler: web.Handler) -> web.StreamResponse:
    """Refuse test API calls with a foreign Host (403) or a body that is not JSON (415)."""
    if not request.path.startswith(PREFIX):
        return await handler(request)
    if not is_loopback(request.url.host):
        return error_response(403, "the test API answers only a loopback Host")
    if request.method in _WITH_BODY and request.content_type != "application/json":
        return error_response(415, "the test API takes only application/json")
    return await handler(request)
