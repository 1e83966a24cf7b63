"""'Continue on another device': a code made on browser A lets browser B carry on as the
same person; a used, expired, wrong or forged attempt is refused and changes nothing."""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

import pytest
from aiohttp.test_utils import TestClient
from test_taking_part import key_of, stored_answers, up_to_unsafe_why
from web_clock import FrozenClock
from webkit import Resident

from bot.bootstrap import App

CONTINUE = "/c/victoria-park/continue"
REFUSED = "That code did not work"


@asynccontextmanager
async def another_browser(client: TestClient) -> AsyncIterator[TestClient]:
    """A second browser (a cookie jar of its own) on the same server."""
    other = TestClient(client.server)
    await other.start_server()
    try:
        yield other
    finally:
        await other.session.close()


async def code_from(resident: Resident) -> str:
    """Ask for a code, as the footer's link leads a resident to."""
    html = await resident.open()
    assert 'href="/c/victoria-park/device"' in html
    await resident.open("/c/victoria-park/device")
    assert await resident.post(resident.form("/c/victoria-park/device"), []) == 200
    found = re.search(r'id="device-code">([0-9A-Z-]+)<', resident.html)
    assert found, resident.html
    return found.group(1)


async def code_of_someone_at_unsafe_why(client: TestClient) -> str:
    a = Resident(client)
    await up_to_unsafe_why(a)
    return await code_from(a)


async def enter(resident: Resident, code: str) -> int:
    await resident.open(CONTINUE)
    return await resident.post(resident.form(CONTINUE), [("code", code)])


def people(app: App) -> int:
    with app.reading() as uow:
        return len(uow.participants.enrolled(uow.consultations.find("victoria-park")[0]))


async def test_a_code_from_one_browser_carries_on_at_the_same_question_in_another(
    client: TestClient, app: App
) -> None:
    a = Resident(client)
    await up_to_unsafe_why(a)
    code = await code_from(a)
    assert re.fullmatch(r"[0-9A-Z]{5}-[0-9A-Z]{5}", code)
    assert "/c/victoria-park/continue" in a.html and "It works once" in a.html

    async with another_browser(client) as other:
        b = Resident(other)
        typed = f" {code[:3].lower()} {code[3:].replace('-', ' - ')} "  # as people type it
        assert await enter(b, typed) == 303
        assert b.question() == "unsafe_why"
        await b.post(b.form(), [("text", "Typed on my laptop"), ("do", "answer")])

        assert key_of(other) == key_of(client)
    assert "Typed on my laptop" in stored_answers(app, key_of(client))
    assert people(app) == 1  # one record for the person, whichever browser they use
    await a.open()
    assert a.question() == "children"  # the first browser still works, at the new place


async def test_a_code_works_once(client: TestClient) -> None:
    code = await code_of_someone_at_unsafe_why(client)
    async with another_browser(client) as other, another_browser(client) as third:
        assert await enter(Resident(other), code) == 303
        c = Resident(third)
        assert await enter(c, code) == 200
        assert REFUSED in c.html
        assert "Before you start" in await c.open()  # still a visitor of its own


async def test_a_code_stops_working_after_thirty_minutes(
    client: TestClient, clock: FrozenClock
) -> None:
    code = await code_of_someone_at_unsafe_why(client)
    clock.now += timedelta(minutes=30)
    async with another_browser(client) as other:
        b = Resident(other)
        assert await enter(b, code) == 200
        assert REFUSED in b.html
        assert key_of(other) != key_of(client)


async def test_a_new_code_replaces_the_last_one(client: TestClient) -> None:
    a = Resident(client)
    await up_to_unsafe_why(a)
    first = await code_from(a)
    second = await code_from(a)
    async with another_browser(client) as other:
        b = Resident(other)
        assert await enter(b, first) == 200 and REFUSED in b.html
        assert await enter(b, second) == 303


async def test_a_wrong_code_is_refused_politely_and_counted(client: TestClient) -> None:
    code = await code_of_someone_at_unsafe_why(client)
    async with another_browser(client) as other, another_browser(client) as third:
        b = Resident(other)
        for wrong in ("ZZZZZ-ZZZZZ", "not a code", "", "12345-67890"):
            assert await enter(b, wrong) == 200
            assert REFUSED in b.html
            assert '<a href="#code">' in b.html  # the error summary leads to the field
            assert 'aria-describedby="code-hint code-error"' in b.html
        assert await enter(b, "ZZZZZ-ZZZZY") == 200

        assert await enter(b, code) == 429  # the sixth try, even the right code, waits
        assert "Too many tries" in b.html and "Gormod o gynigion" in b.html
        assert key_of(other) != key_of(client)
        assert await enter(Resident(third), code) == 303  # the code itself still works


async def test_many_browsers_at_one_address_are_limited_too(client: TestClient) -> None:
    statuses = []
    for _ in range(5):
        async with another_browser(client) as other:
            b = Resident(other)
            statuses += [await enter(b, "ZZZZZ-ZZZZZ") for _ in range(4)]
            last = b
    async with another_browser(client) as other:
        statuses.append(await enter(Resident(other), "ZZZZZ-ZZZZZ"))
    assert statuses[:20] == [200] * 20 and statuses[20] == 429
    assert REFUSED in last.html


async def test_a_forged_form_is_refused_and_uses_nothing(client: TestClient) -> None:
    code = await code_of_someone_at_unsafe_why(client)
    async with another_browser(client) as other:
        b = Resident(other)
        await b.open(CONTINUE)
        forged = {**b.form(CONTINUE).hidden, "csrf": "0" * 64, "code": code}
        response = await other.post(CONTINUE, data=forged, allow_redirects=False)
        assert response.status == 403
        assert key_of(other) != key_of(client)
        assert await enter(b, code) == 303  # the code was not used up


async def test_deleting_my_answers_ends_my_codes(client: TestClient, app: App) -> None:
    code = await code_of_someone_at_unsafe_why(client)
    a = Resident(client)
    await a.open("/c/victoria-park/delete")
    await client.post("/c/victoria-park/delete", data=a.form().hidden)
    async with another_browser(client) as other:
        b = Resident(other)
        assert await enter(b, code) == 200 and REFUSED in b.html
    assert people(app) == 0


async def test_a_browser_with_answers_of_its_own_is_not_switched(client: TestClient) -> None:
    code = await code_of_someone_at_unsafe_why(client)
    async with another_browser(client) as other:
        b = Resident(other)
        await up_to_unsafe_why(b)
        own = key_of(other)
        html = await b.open(CONTINUE)
        assert "This browser already has answers" in html and 'name="code"' not in html
        response = await other.post(
            CONTINUE, data={**b.form().hidden, "code": code}, allow_redirects=False
        )
        assert response.status == 200 and key_of(other) == own
    async with another_browser(client) as third:
        assert await enter(Resident(third), code) == 303  # the code was not used up


async def test_someone_not_taking_part_gets_no_code(client: TestClient) -> None:
    response = await client.get("/c/victoria-park/device", allow_redirects=False)
    assert response.status == 303
    resident = Resident(client)
    await resident.open(CONTINUE)  # has a cookie, has not agreed to take part
    response = await client.post("/c/victoria-park/device", data=resident.form(CONTINUE).hidden,
                                 allow_redirects=False)
    assert response.status == 303 and response.headers["Location"] == "/c/victoria-park"


async def test_the_code_form_is_in_welsh_when_asked(client: TestClient) -> None:
    b = Resident(client)
    html = await b.open(f"{CONTINUE}?lang=cy")
    assert '<html lang="cy">' in html and "Teipiwch eich cod" in html
    assert html.count("<h1") == 1 and '<label for="code">' in html
    assert f'href="{CONTINUE}?lang=en"' in html  # the language switch stays on this page
    assert await b.post(b.form(CONTINUE), [("code", "nonsense")]) == 200
    assert "Ni weithiodd y cod hwnnw" in b.html and '<html lang="cy">' in b.html


async def test_an_unknown_consultation_has_no_code_form(client: TestClient) -> None:
    response = await client.get("/c/no-such-place/continue")
    assert response.status == 404


async def test_codes_never_reach_the_logs(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    code = await code_of_someone_at_unsafe_why(client)
    async with another_browser(client) as other:
        b = Resident(other)
        await enter(b, "ZZZZZ-ZZZZZ")
        assert await enter(b, code) == 303
    logged = caplog.text
    assert "web device code issued" in logged and "web device code used" in logged
    assert "web device code refused" in logged
    for secret in (code, code.replace("-", ""), "ZZZZZ", key_of(client)):
        assert secret not in logged
