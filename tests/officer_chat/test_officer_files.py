"""An officer sends consultation files: a valid one is imported after a tap; a malformed one
gets every problem listed with its path; one that people have answered is never replaced."""

from __future__ import annotations

from pathlib import Path

import pytest
from officer_steps import SLUG, TOWN_CENTRE, Officer, Person, buttons, take_part, text_of

from bot.bootstrap import App

pytestmark = pytest.mark.e2e
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "consultations"


async def test_a_valid_file_is_imported_after_the_officer_confirms(
    officer: Officer, app: App
) -> None:
    offer = await officer.upload("town-centre.yaml", TOWN_CENTRE)
    assert "Town centre: what would you change?" in text_of(offer)
    assert "1 round, 2 questions; languages: English, Welsh" in text_of(offer)
    with app.reading() as uow:
        assert uow.consultations.get(SLUG) is None, "nothing is imported before the tap"

    tap = await officer.tap("Import it", offer)
    assert not (await officer.answer_to(tap)).get("text")
    done = await officer.said("Imported “town-centre”")
    assert "/preview town-centre" in text_of(done)
    with app.reading() as uow:
        row = uow.consultations.get(SLUG)
        assert row is not None and [r.key for r in uow.consultations.rounds(row.id)] == [
            "discover"
        ]
        assert any(e.action == "consultation.uploaded" and e.actor == officer.user_id
                   for e in uow.audit.latest(5))
    assert buttons(await _message(officer, offer["message_id"])) == [], "buttons taken off"

    again = await officer.tap_data(offer, buttons(offer)[0][1])
    answer = await officer.answer_to(again)
    assert answer.get("text") == officer.t("officer_tap_stale"), "a second tap does nothing"


async def test_a_malformed_file_gets_every_problem_with_its_path(officer: Officer,
                                                                 app: App) -> None:
    text = (FIXTURES / "five-mistakes.yaml").read_text()
    reply = await officer.upload("five-mistakes.yaml", text)
    said = text_of(reply)
    assert said.startswith("“five-mistakes.yaml” has 5 problems, so nothing was imported:")
    for path in ("rounds[0].questions[0].options", "rounds[0].questions[1].scale",
                 "rounds[0].questions[2].when", "rounds[0].questions[3].max_lenght",
                 "rounds[0].questions[4].text"):
        assert f"• {path}: " in said, path
    assert buttons(reply) == [], "nothing to confirm"

    broken = await officer.upload("broken.yaml", "slug: [town\n  title: x")
    assert "has 1 problem" in text_of(broken) and "not valid YAML" in text_of(broken)
    with app.reading() as uow:
        assert uow.consultations.get("five-mistakes") is None


async def test_finding04_an_uploaded_alias_bomb_is_a_listed_problem(officer: Officer) -> None:
    levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for before, name in zip("abcdefgh", "bcdefghi", strict=True):
        levels.append(f"{name}: &{name} [{','.join(['*' + before] * 9)}]")
    reply = await officer.upload("bomb.yaml", "\n".join(levels))

    said = text_of(reply)
    assert said.startswith("“bomb.yaml” has 1 problem, so nothing was imported:")
    assert "anchors and aliases (& and *) are not allowed" in said
    assert buttons(reply) == []


async def test_a_consultation_with_answers_is_never_replaced(
    officer: Officer, resident: Person, app: App
) -> None:
    offer = await officer.upload("town-centre.yaml", TOWN_CENTRE)
    await officer.tap("Import it", offer)
    await officer.said("Imported")
    await officer.command("open", f"{SLUG} discover")  # an import is a draft until opened
    await officer.said("is open now")
    await take_part(resident, SLUG, "en", "resident", "weekly", "More benches please.")

    changed = TOWN_CENTRE.replace("Every week", "Once a week")
    refused = await officer.upload("town-centre.yaml", changed)
    assert "already has answers, so I cannot replace it" in text_of(refused)
    assert buttons(refused) == []
    with app.reading() as uow:
        row = uow.consultations.get(SLUG)
        assert "Every week" in str(row.definition)


async def _message(person: Person, message_id: int) -> dict[str, object]:
    await person.quiet()
    for message in await person.bot_messages():
        if message["message_id"] == message_id:
            return message
    raise AssertionError(f"no message {message_id}")
