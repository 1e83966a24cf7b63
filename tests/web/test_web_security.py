"""The web channel refuses what it did not send, and changes nothing when it does."""

from __future__ import annotations

import logging

import pytest
from aiohttp.test_utils import TestClient, TestServer
from test_taking_part import agree, key_of, stored_answers, up_to_unsafe_why
from webkit import Resident

from bot.bootstrap import App
from bot.web.limits import RateLimiter
from bot.web.server import make_web_app
from storage.identity import Identity


async def test_the_cookie_is_signed_http_only_and_same_site_lax(client: TestClient) -> None:
    response = await client.get("/c/victoria-park")
    cookie = response.cookies["copro_participant"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert not cookie["secure"]  # the test server is plain http on 127.0.0.1
    key, signature = cookie.value.split(".")
    assert len(key) == 32 and len(signature) == 64


async def test_the_cookie_is_secure_when_the_public_address_is_https(app: App) -> None:
    app.settings.public_url = "https://consult.example.gov.uk"
    app.__dict__.pop("web", None)
    async with TestClient(TestServer(make_web_app(app.web))) as client:
        response = await client.get("/c/victoria-park")
        assert response.cookies["copro_participant"]["secure"]
        assert response.headers["Strict-Transport-Security"] == "max-age=31536000"


async def test_every_page_has_strict_security_headers(client: TestClient) -> None:
    response = await client.get("/c/victoria-park")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src 'self';" in csp and "unsafe" not in csp
    assert "frame-ancestors 'none'" in csp and "form-action 'self'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"
    css = await client.get("/static/web.css")
    assert css.status == 200 and "Content-Security-Policy" in css.headers


async def test_a_form_without_the_right_csrf_token_is_refused(
    client: TestClient, app: App
) -> None:
    resident = Resident(client)
    await resident.open()
    consent = resident.form()
    consent.hidden["csrf"] = "0" * 64
    assert await resident.post(consent, [("consent", "yes")]) == 403
    assert "Nothing was changed" in resident.html and "Ni newidiwyd dim" in resident.html
    with app.reading() as uow:
        assert uow.participants.find(Identity.web(key_of(client))) is None


async def test_a_token_from_another_person_s_page_is_refused(
    client: TestClient, app: App
) -> None:
    other = Resident(client)
    await other.open()
    stolen = other.form()
    client.session.cookie_jar.clear()
    await client.get("/c/victoria-park")
    assert await other.post(stolen, [("consent", "yes")]) == 403


async def test_a_forged_option_is_refused_politely_and_stores_nothing(
    client: TestClient, app: App
) -> None:
    resident = Resident(client)
    await resident.open()
    await agree(resident)
    await resident.post(resident.form(), [("value", "<script>x</script>"), ("do", "answer")])
    assert resident.status == 200 and "There is a problem" in resident.html
    assert 'aria-describedby="visits-error"' in resident.html
    assert '<a href="#q-1">Choose one of the options.</a>' in resident.html
    assert "<script>" not in resident.html
    assert stored_answers(app, key_of(client)) == []


async def test_a_field_over_4096_characters_is_refused(client: TestClient, app: App) -> None:
    resident = Resident(client)
    await up_to_unsafe_why(resident)
    await resident.post(resident.form(), [("text", "x" * 5000), ("do", "answer")])
    assert "The limit is 4096 characters" in resident.html
    assert resident.question() == "unsafe_why"
    await resident.post(resident.form(), [("text", "y" * 1001), ("do", "answer")])
    assert "The limit is 1000" in resident.html
    assert len(stored_answers(app, key_of(client))) == 4


async def test_an_oversized_request_is_refused_before_it_is_read(
    client: TestClient, app: App
) -> None:
    resident = Resident(client)
    await resident.open()
    await agree(resident)
    assert await resident.post(resident.form(), [("value", "weekly" * 20_000)]) == 413
    assert "too large" in resident.html
    assert stored_answers(app, key_of(client)) == []


async def test_a_replayed_form_stores_one_answer(client: TestClient, app: App) -> None:
    resident = Resident(client)
    await resident.open()
    await agree(resident)
    visits = resident.form()
    assert await resident.post(visits, [("value", "weekly"), ("do", "answer")]) == 303
    activities = resident.form()
    assert await resident.post(activities, [("value", "walk"), ("do", "answer")]) == 303
    await resident.post(resident.form(), [("do", "back")])
    assert resident.question() == "activities"

    # the same activities form again (back button, resubmit): a no-op, not a second answer
    assert await resident.post(activities, [("value", "dog"), ("do", "answer")]) == 303

    assert resident.question() == "activities"
    assert sorted(map(str, stored_answers(app, key_of(client)))) == ["['walk']", "weekly"]


async def test_a_tampered_cookie_gives_a_fresh_start_not_someone_s_answers(
    client: TestClient, app: App
) -> None:
    resident = Resident(client)
    await resident.open()
    await agree(resident)
    await resident.post(resident.form(), [("value", "weekly"), ("do", "answer")])
    first = key_of(client)
    other_key = "A" * 32
    forged = f"{other_key}.{'0' * 64}"
    client.session.cookie_jar.clear()
    client.session.cookie_jar.update_cookies({"copro_participant": forged})

    response = await client.get("/c/victoria-park")

    html = await response.text()
    assert "Before you start" in html and "About once a week" not in html
    fresh = response.cookies["copro_participant"].value.split(".")[0]
    assert fresh not in (first, other_key)
    assert stored_answers(app, first) == ["weekly"]  # the first person's answers are intact
    with app.reading() as uow:
        assert uow.participants.find(Identity.web(other_key)) is None


async def test_too_many_posts_are_asked_to_wait(app: App) -> None:
    tight = RateLimiter(limit=2, window=60)
    async with TestClient(TestServer(make_web_app(app.web, per_person=tight))) as client:
        resident = Resident(client)
        await resident.open()
        await agree(resident)  # two posts: consent and role
        status = await resident.post(resident.form(), [("value", "weekly"), ("do", "answer")])
        assert status == 429 and "Please slow down" in resident.html
        assert stored_answers(app, key_of(client)) == []


async def test_an_unknown_consultation_has_a_404_page_in_both_languages(
    client: TestClient,
) -> None:
    for path in ("/c/no-such-thing", "/nowhere"):
        response = await client.get(path)
        html = await response.text()
        assert response.status == 404
        assert "Page not found" in html and '<div lang="cy">' in html


async def test_a_replayed_consent_joins_once(client: TestClient, app: App) -> None:
    resident = Resident(client)
    await resident.open()
    consent = resident.form()
    assert await resident.post(consent, [("consent", "yes")]) == 303
    await resident.post(resident.form(), [("role", "resident")])

    assert await resident.post(consent, [("consent", "yes")]) == 303

    assert resident.question() == "visits"


async def test_too_many_posts_from_one_address_are_asked_to_wait(app: App) -> None:
    tight = RateLimiter(limit=1, window=60)
    async with TestClient(TestServer(make_web_app(app.web, per_address=tight))) as client:
        first, second = Resident(client), Resident(client)
        await first.open()
        await first.post(first.form(), [("consent", "no")])
        client.session.cookie_jar.clear()  # another person behind the same address
        await second.open()
        assert await second.post(second.form(), [("consent", "yes")]) == 429
        assert "Retry-After" in (await client.post("/c/victoria-park")).headers


async def test_logs_hold_no_answer_text_cookie_or_key(
    client: TestClient, app: App, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    resident = Resident(client)
    await up_to_unsafe_why(resident)
    await resident.post(resident.form(), [("text", "Secret words"), ("do", "answer")])
    await resident.post(resident.form(), [("text", "x" * 5000), ("do", "answer")])
    bad = resident.form()
    bad.hidden["csrf"] = "f" * 64
    await resident.post(bad, [("value", "yes")])

    key = key_of(client)
    assert "Secret words" not in caplog.text and key not in caplog.text
    assert "web form refused: token" in caplog.text
