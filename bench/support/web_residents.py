"""bench/web.py's residents: each a browser of its own (cookie jar), answering one whole round.

A resident reads every page's last form as a browser would (tests/web/webkit.py's reader),
posts it back with its hidden fields (the CSRF token among them) and follows the 303."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

import aiohttp

from tests.web.webkit import Form, forms_in

TEXT = "More benches near the pond, and lights on the main path"


@dataclass
class Tally:
    answers: int = 0
    requests: int = 0
    errors: int = 0
    latencies: list[float] = field(default_factory=list)


async def _post(http: aiohttp.ClientSession, form: Form, fields: list[tuple[str, str]],
                tally: Tally) -> str:
    started = time.perf_counter()
    async with http.post(form.action, data=[*form.hidden.items(), *fields]) as response:
        html = await response.text()
        ok = response.history and response.history[0].status == 303 and response.status == 200
    tally.latencies.append(time.perf_counter() - started)
    tally.requests += 2
    if not ok:
        tally.errors += 1
    return html


def _answer(form: Form) -> list[tuple[str, str]]:
    picked = [(name, values[0]) for name, values in form.choices.items()]
    return picked + [(name, TEXT) for name in form.textareas] + [("do", "answer")]


async def copro_resident(base: str, slug: str, tally: Tally) -> None:
    """Consent, role, then every question of the open round, as the pages ask them."""
    async with aiohttp.ClientSession(base, cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        async with http.get(f"/c/{slug}") as response:
            html = await response.text()
        tally.requests += 1
        html = await _post(http, forms_in(html)[-1], [("consent", "yes")], tally)
        form = forms_in(html)[-1]
        if form.hidden.get("do") == "role":
            html = await _post(http, form, [("role", "resident")], tally)
        for _ in range(30):
            form = forms_in(html)[-1] if forms_in(html) else None
            if form is None or "question" not in form.hidden:
                return
            html = await _post(http, form, _answer(form), tally)
            tally.answers += 1
        tally.errors += 1  # the round never ended


async def bare_resident(base: str, posts: int, tally: Tally) -> None:
    """The same shape of visit to the bare form: one page, then `posts` posts, each followed."""
    async with aiohttp.ClientSession(base, cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        async with http.get("/form") as response:
            html = await response.text()
        tally.requests += 1
        for _ in range(posts):
            form = forms_in(html)[-1]
            html = await _post(http, form, _answer(form), tally)
            tally.answers += 1


async def crowd(resident, count: int, at_once: int) -> float:  # type: ignore[no-untyped-def]
    """Run `count` residents, at most `at_once` together; the wall time in seconds."""
    gate = asyncio.Semaphore(at_once)

    async def one() -> None:
        async with gate:
            await resident()

    started = time.perf_counter()
    await asyncio.gather(*(one() for _ in range(count)))
    return time.perf_counter() - started
