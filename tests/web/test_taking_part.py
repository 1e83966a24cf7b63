"""A resident takes part on the web: consent, language, role, one question a page, thanks;
answers land in the same tables as Telegram's, with the channel recorded."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from aiohttp.test_utils import TestClient
from web_clock import FrozenClock
from webkit import Resident

from bot.bootstrap import App
from bot.consultations import load_file
from bot.services.consultations import import_consultation
from bot.services.people import PersonKey
from storage.identity import Identity

DISCOVER = {
    "visits": [("value", "weekly")],
    "activities": [("value", "walk"), ("value", "dog")],
    "barriers": [("value", "toilets")],
    "safety_dark": [("value", "2")],
    "unsafe_why": [("text", "The paths are dark <b>at night</b>")],
    "children": [("value", "yes")],
    "play_needs": [("value", "shade")],
    "change_one": [("text", "Lights on the main path")],
}


async def agree(resident: Resident, language: str = "en") -> None:
    consent = resident.form()
    assert ("consent", "yes") in consent.buttons
    assert await resident.post(consent, [("consent", "yes")]) == 303
    if resident.form().hidden.get("do") == "role":
        await resident.post(resident.form(), [("role", "resident")])


async def up_to_unsafe_why(resident: Resident) -> None:
    """Agree, then answer until the free-text question for people who feel unsafe."""
    await resident.open()
    await agree(resident)
    for key in ("visits", "activities", "barriers"):
        await resident.post(resident.form(), [*DISCOVER[key], ("do", "answer")])
    await resident.post(resident.form(), [("value", "1"), ("do", "answer")])
    assert resident.question() == "unsafe_why"


async def answer_round(resident: Resident, answers: dict[str, list[tuple[str, str]]]) -> list[str]:
    asked = []
    while (key := resident.question()) is not None:
        asked.append(key)
        assert await resident.post(resident.form(), [*answers[key], ("do", "answer")]) == 303
        assert len(asked) <= len(answers), "the round never ended"
    return asked


def stored_answers(app: App, key: str) -> list[object]:
    with app.reading() as uow:
        person = uow.participants.find(Identity.web(key))
        assert person is not None
        assert person.channel == "web"
        return [a.text or a.value for a in uow.answers.for_participant(person.id or 0)]


def key_of(client: TestClient) -> str:
    cookie = next(c for c in client.session.cookie_jar if c.key == "copro_participant")
    return cookie.value.split(".")[0]


async def test_a_resident_completes_victoria_park_s_open_round_in_english(
    client: TestClient, app: App
) -> None:
    resident = Resident(client)
    html = await resident.open()
    assert 'lang="en"' in html and "Aberhafren County Council" in html
    assert "dpo@aberhafren.gov.uk" in html and "365 days" in html
    await agree(resident)

    assert await answer_round(resident, DISCOVER) == list(DISCOVER)

    assert "Thank you" in resident.html and "Your answers are saved" in resident.html
    answers = stored_answers(app, key_of(client))
    assert len(answers) == len(DISCOVER)
    assert "The paths are dark <b>at night</b>" in answers
    assert ["walk", "dog"] in answers


async def test_a_resident_completes_the_round_in_welsh(client: TestClient, app: App) -> None:
    resident = Resident(client)
    html = await resident.open("/c/victoria-park?lang=cy")
    assert '<html lang="cy">' in html and "Cyngor Sir Aberhafren" in html
    await agree(resident, "cy")
    assert '<html lang="cy">' in resident.html

    await answer_round(resident, DISCOVER)

    assert "Diolch" in resident.html
    assert len(stored_answers(app, key_of(client))) == len(DISCOVER)
    held = app.conversation.rights.data_of(PersonKey.web(key_of(client)))
    assert held["consultations"][0]["language"] == "cy"


async def test_a_resident_who_returns_carries_on_where_they_stopped(client: TestClient) -> None:
    resident = Resident(client)
    await resident.open()
    await agree(resident)
    await resident.post(resident.form(), [("value", "weekly"), ("do", "answer")])

    await resident.open()

    assert resident.question() == "activities"


async def test_back_and_skip(client: TestClient, app: App) -> None:
    resident = Resident(client)
    await resident.open()
    await agree(resident)
    await resident.post(resident.form(), [("value", "rarely"), ("do", "answer")])
    assert resident.question() == "barriers"
    await resident.post(resident.form(), [("do", "back")])
    assert resident.question() == "visits"
    assert 'value="rarely" checked' in resident.html
    for given in (DISCOVER["visits"], DISCOVER["activities"], DISCOVER["barriers"],
                  [("value", "4")], DISCOVER["children"], DISCOVER["play_needs"]):
        await resident.post(resident.form(), [*given, ("do", "answer")])
    assert resident.question() == "change_one"
    await resident.post(resident.form(), [("do", "skip")])
    assert "Thank you" in resident.html
    assert len(stored_answers(app, key_of(client))) == 6


async def test_saying_no_thanks_stores_nothing(client: TestClient, app: App) -> None:
    resident = Resident(client)
    await resident.open()
    await resident.post(resident.form(), [("consent", "no")])
    assert "We have not stored anything" in resident.html
    with app.reading() as uow:
        assert uow.participants.find(Identity.web(key_of(client))) is None


def import_ranking_test(app: App) -> None:
    loaded = load_file(Path(__file__).with_name("ranking.yaml"), app.settings.zone)
    with app.unit_of_work() as uow:
        import_consultation(uow, loaded, app.clock(), open_now=True)
        uow.commit()


async def test_a_ranking_is_given_with_select_boxes(client: TestClient, app: App) -> None:
    import_ranking_test(app)
    resident = Resident(client, "ranking-test")
    await resident.open()
    await agree(resident)
    assert resident.question() == "priorities"
    assert resident.form().selects == ["rank-1", "rank-2"]
    twice = [("value", "toilets"), ("value", "toilets"), ("do", "answer")]
    await resident.post(resident.form(), twice)
    assert resident.question() == "priorities" and "There is a problem" in resident.html
    await resident.post(resident.form(), [("value", "cafe"), ("value", "toilets"),
                                          ("do", "answer")])
    assert resident.question() is None
    assert stored_answers(app, key_of(client)) == [["cafe", "toilets"]]


async def test_a_round_that_closes_says_so_and_takes_no_more_answers(
    client: TestClient, app: App, clock: FrozenClock
) -> None:
    import_ranking_test(app)
    resident = Resident(client, "ranking-test")
    await resident.open()
    await agree(resident)
    form = resident.form()
    clock.now = datetime(2026, 12, 11, 9, 0, tzinfo=UTC)

    await resident.post(form, [("value", "cafe"), ("value", "toilets"), ("do", "answer")])

    assert "<h1>This round has closed</h1>" in resident.html
    assert stored_answers(app, key_of(client)) == []
    client.session.cookie_jar.clear()
    assert "<h1>This round has closed</h1>" in await resident.open()  # and to a newcomer
