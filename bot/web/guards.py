"""What every request passes through: the participant cookie, rate limits, security headers."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

from aiohttp import web
from aiohttp.typedefs import Handler, Middleware

from bot.web.limits import RateLimiter
from bot.web.pages import PageMaker
from bot.web.signing import Signer
from bot.web.templating import PageWriter

COOKIE = "copro_participant"
PARTICIPANT = web.RequestKey("participant_key", str)
"""The signed cookie's participant key, or a fresh one (set as the cookie on the reply)."""
FRESH = web.RequestKey("fresh_participant", bool)
"""True when the request brought no valid cookie: a visitor, or a tampered cookie."""
FORGET = web.RequestKey("forget_participant", bool)
COOKIE_DAYS = 180

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def participant_cookie(signer: Signer, secure: bool) -> Middleware:
    """Reads the signed participant key; a missing or tampered cookie means a fresh key
    (a fresh start), never someone else's answers."""

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        key = signer.participant_in(request.cookies.get(COOKIE))
        request[FRESH] = key is None
        request[PARTICIPANT] = key or signer.new_participant_key()
        response = await handler(request)
        if request.get(FORGET):
            response.del_cookie(COOKIE, path="/")
        elif key is None and request.path.startswith("/c/"):
            remember_participant(response, signer, request[PARTICIPANT], secure)
        return response

    return middleware


def remember_participant(
    response: web.StreamResponse, signer: Signer, participant_key: str, secure: bool
) -> None:
    """Set the signed participant cookie: this browser is now that participant."""
    response.set_cookie(
        COOKIE,
        signer.cookie_for(participant_key),
        max_age=COOKIE_DAYS * 86_400,
        path="/",
        secure=secure,
        httponly=True,
        samesite="Lax",
    )


def rate_limits(
    pages: PageMaker, writer: PageWriter, per_address: RateLimiter, per_person: RateLimiter,
    clock: Callable[[], float] = time.monotonic,
) -> Middleware:
    """Posts are counted per address and per person; a busy one is asked to wait."""

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.method == "POST":
            now = clock()
            address = f"ip:{request.remote or '?'}"
            person = f"person:{request[PARTICIPANT]}"
            for limiter, name in ((per_address, address), (per_person, person)):
                if not limiter.allow(name, now):
                    page = pages.in_both("web_too_many_heading", "web_too_many", 429)
                    response = writer.response(page, "", request[PARTICIPANT], False)
                    response.headers["Retry-After"] = str(limiter.retry_after(name, now))
                    return response
        return await handler(request)

    return middleware


def not_found_page(pages: PageMaker, writer: PageWriter) -> Middleware:
    """Unknown addresses get the same bilingual page as an unknown consultation."""

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        try:
            return await handler(request)
        except web.HTTPNotFound:
            return writer.response(pages.not_found(), "", request[PARTICIPANT], False)

    return middleware


def security_headers(
    https: bool,
) -> Callable[[web.Request, web.StreamResponse], Awaitable[None]]:
    """Headers for every response; `https`: residents reach us only over TLS (HSTS)."""

    async def add(request: web.Request, response: web.StreamResponse) -> None:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if https:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        if not request.path.startswith("/static/"):
            response.headers["Cache-Control"] = "no-store"  # answers are private: never cached

    return add
