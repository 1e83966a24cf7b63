"""What every request passes through: the participant cookie, rate limits, security headers."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from aiohttp import web
from aiohttp.typedefs import Handler, Middleware

from bot.web.forwarded import TrustedProxies, address_key
from bot.web.pages import PageMaker
from bot.web.signing import Signer
from bot.web.templating import PageWriter
from bot.web.web_limits import WebLimits

log = logging.getLogger(__name__)

COOKIE = "copro_participant"
PARTICIPANT = web.RequestKey("participant_key", str)
"""The signed cookie's participant key, or a fresh one (set as the cookie on the reply)."""
FRESH = web.RequestKey("fresh_participant", bool)
"""True when the request brought no valid cookie: a visitor, or a tampered cookie."""
FORGET = web.RequestKey("forget_participant", bool)
COOKIE_DAYS = 180
FORWARDED = "X-Forwarded-For"
BODY_SECONDS = 15.0
"""A form's body (64 KB at most) must arrive within this; a slow mobile link sends it in 2."""

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


def client_key(request: web.Request, proxies: TrustedProxies) -> str:
    """The per-address rate limit key of the request's client (X-Forwarded-For believed only
    from trusted proxies; an IPv6 client by its /64)."""
    return address_key(proxies.client(request.remote, request.headers.getall(FORWARDED, [])))


def rate_limits(pages: PageMaker, writer: PageWriter, limits: WebLimits) -> Middleware:
    """Posts are counted per client address (X-Forwarded-For only from trusted proxies) and
    per person; a busy one is asked to wait. A post without a valid cookie is refused anyway,
    so it is not counted per person: a flood of fresh keys cannot crowd out real residents."""

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.method == "POST":
            counted = [(limits.per_address, client_key(request, limits.proxies))]
            if not request[FRESH]:
                counted.append((limits.per_person, f"person:{request[PARTICIPANT]}"))
            for limiter, name in counted:
                verdict = await limiter.check(name)
                if not verdict.allowed:
                    page = pages.in_both("web_too_many_heading", "web_too_many", 429)
                    response = writer.response(page, "", request[PARTICIPANT], False)
                    response.headers["Retry-After"] = str(verdict.retry_after)
                    return response
        return await handler(request)

    return middleware


def slow_bodies(pages: PageMaker, writer: PageWriter, seconds: float = BODY_SECONDS) -> Middleware:
    """A post's body must arrive within `seconds`, so a client that trickles it cannot hold a
    worker; it is read here once (aiohttp keeps it for the handler), at most MAX_BODY."""

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.method == "POST" and request.body_exists:
            try:
                async with asyncio.timeout(seconds):
                    await request.read()
            except TimeoutError:
                log.info("web form refused: too slow")
                page = pages.in_both("web_too_slow_heading", "web_too_slow", 408)
                response = writer.response(page, "", request[PARTICIPANT], False)
                response.force_close()
                return response
            except web.HTTPRequestEntityTooLarge:
                log.info("web form refused: too large")
                page = pages.in_both("web_too_large_heading", "web_too_large", 413)
                return writer.response(page, "", request[PARTICIPANT], False)
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
