"""An attacker cannot exhaust a web worker: slow bodies, bloated forms and headers, idle
connections and floods of cookies all meet a limit, and residents get a polite page."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import Any

import pytest
from aiohttp import DummyCookieJar
from aiohttp.test_utils import TestClient, TestServer
from test_taking_part import agree, key_of, stored_answers
from webkit import Resident

from bot.bootstrap import App
from bot.web import server
from bot.web.limits import RateLimiter
from bot.web.server import CONNECTION_LIMITS, make_web_app
from bot.web.web_limits import WebLimits


async def _raw(port: int, request: bytes, wait: float = 5.0) -> bytes:
    """Send `request` as it is on a fresh connection; the reply, up to the end of its page or
    of the connection."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(request)
    await writer.drain()
    reply = b""
    try:
        async with asyncio.timeout(wait):
            while b"</html>" not in reply and (chunk := await reader.read(65_536)):
                reply += chunk
    finally:
        writer.close()
    return reply


def _status(reply: bytes) -> int:
    return int(reply.split(b" ", 2)[1]) if reply.startswith(b"HTTP/1.") else 0


async def test_a_body_that_trickles_in_is_refused_within_the_time_allowed(app: App) -> None:
    test_server = TestServer(make_web_app(app.web, body_seconds=0.3))
    async with TestClient(test_server):
        head = (b"POST /c/victoria-park HTTP/1.1\r\nHost: x\r\n"
                b"Content-Type: application/x-www-form-urlencoded\r\n"
                b"Content-Length: 500\r\n\r\ndo=answer&")
        reply = await _raw(test_server.port or 0, head)  # the rest never comes
    assert _status(reply) == 408
    assert b"arrived too slowly" in reply and b"Nothing was changed" in reply
    assert "Cyrhaeddodd" in reply.decode()


async def test_a_form_of_thousands_of_fields_is_refused_politely(
    client: TestClient, app: App
) -> None:
    resident = Resident(client)
    await resident.open()
    await agree(resident)
    flood = [("v", "1")] * 5_000 + [("do", "answer")]  # 20 KB: under the size limit
    assert await resident.post(resident.form(), flood) in (400, 413)  # ours, or aiohttp's cap
    assert "Nothing was changed" in resident.html
    assert stored_answers(app, key_of(client)) == []


async def _served(app: App) -> TestServer:
    """The web app with the connection limits `copro web` serves it with."""
    test_server = TestServer(make_web_app(app.web))
    await test_server.start_server(**CONNECTION_LIMITS)
    return test_server


async def test_a_flood_of_headers_is_refused_before_any_page_is_made(app: App) -> None:
    test_server = await _served(app)
    try:
        many = b"".join(b"X-Pad-%d: y\r\n" % n for n in range(100))
        reply = await _raw(test_server.port or 0,
                           b"GET /c/victoria-park HTTP/1.1\r\nHost: x\r\n" + many + b"\r\n")
        assert _status(reply) == 400
        huge = b"Cookie: " + b"a" * 9_000 + b"\r\n"
        reply = await _raw(test_server.port or 0,
                           b"GET /c/victoria-park HTTP/1.1\r\nHost: x\r\n" + huge + b"\r\n")
        assert _status(reply) == 400
        fine = await _raw(test_server.port or 0, b"GET /c/victoria-park HTTP/1.1\r\n"
                          b"Host: x\r\nConnection: close\r\n\r\n")
        assert _status(fine) == 200
    finally:
        await test_server.close()


def test_copro_web_serves_with_the_connection_limits(
    app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    given: dict[str, Any] = {}
    monkeypatch.setattr(server.web, "run_app", lambda _app, **options: given.update(options))
    server.serve(app.web, "127.0.0.1", 8000)
    assert given["keepalive_timeout"] <= 30  # idle connections do not pile up for long
    assert given["max_headers"] == CONNECTION_LIMITS["max_headers"]
    assert given["max_field_size"] == CONNECTION_LIMITS["max_field_size"]


def test_a_flood_of_distinct_cookies_keeps_the_limiter_s_memory_bounded() -> None:
    limiter = RateLimiter(limit=1, window=60, max_tracked=100)
    for n in range(1_000):
        assert limiter.allow(f"person:{n}", 0)
    assert limiter.tracked == 100
    assert not limiter.allow("person:999", 1)  # the newest are still limited


async def test_posts_without_a_cookie_are_not_counted_per_person(app: App) -> None:
    per_person = RateLimiter(limit=1, window=60)
    limits = WebLimits(per_person=per_person)
    test_server = TestServer(make_web_app(replace(app.web, limits=limits)))
    async with TestClient(test_server, cookie_jar=DummyCookieJar()) as client:
        for _ in range(20):
            response = await client.post("/c/victoria-park")
            assert response.status == 403  # refused as a stale form, not counted
    assert per_person.tracked == 0
