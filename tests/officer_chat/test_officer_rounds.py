"""Officers schedule, open and close rounds in local time, and watch the notices go out."""

from __future__ import annotations

import pytest
from officer_steps import (
    SLUG,
    TOWN_CENTRE,
    Officer,
    Person,
    buttons,
    close_round,
    round_state,
    take_part,
    text_of,
)

from bot.bootstrap import App

pytestmark = pytest.mark.e2e


async def import_town_centre(officer: Officer) -> None:
    offer = await officer.upload("town-centre.yaml", TOWN_CENTRE)
    await officer.tap("Import it", offer)
    await officer.said("Imported")
    await officer.command("open", f"{SLUG} discover")  # an import is a draft until opened
    await officer.said("is open now")


async def test_schedule_open_close_and_progress(
    officer: Officer, resident: Person, app: App
) -> None:
    await import_town_centre(officer)
    await take_part(resident, SLUG, "en", "resident", "weekly", "Cleaner streets.")

    await officer.command("schedule", f"{SLUG} discover 2026-12-10T09:00 2026-12-15T17:00")
    said = text_of(await officer.said("Scheduled"))
    assert "Thursday 10 December 2026 at 09:00" in said
    assert "Tuesday 15 December 2026 at 17:00" in said
    await officer.command("rounds")
    listed = text_of(await officer.said("town-centre"))
    assert "discover “What you think”: scheduled, opens Thursday 10 December 2026 at 09:00" \
        in listed
    assert "victoria-park" in listed

    # summer time: 09:00 in London in June is 08:00 UTC
    await officer.command("schedule", f"{SLUG} discover 2027-06-01 09:00 2027-06-02T17:00")
    await officer.said("Scheduled")
    with app.reading() as uow:
        row = uow.consultations.round(uow.consultations.get(SLUG).id, "discover")
        assert row.opens_at.hour == 8 and row.state == "scheduled"

    await officer.command("open", f"{SLUG} discover")
    opened = text_of(await officer.said("is open now"))
    assert "0 participants will be told" in opened, "the resident is already in the round"
    await officer.command("open", f"{SLUG} discover")
    assert "already open" in text_of(await officer.said())

    await officer.command("close", f"{SLUG} discover")
    asked = await officer.said("Close round “discover”")
    assert [label for label, _ in buttons(asked)] == ["Close the round", "Keep it open"]
    await officer.tap("Keep it open", asked)
    assert "stays open" in text_of(await officer.said())
    assert "is closed" in text_of(await close_round(officer, f"{SLUG} discover"))
    await officer.command("rounds")
    assert "discover “What you think”: closed (Wednesday 2 December 2026 at 10:00)" in text_of(
        await officer.said("town-centre")
    )

    await officer.command("progress", SLUG)
    assert text_of(await officer.said()).startswith(
        "Town centre: what would you change?: 0 sent, 0 waiting, 0 not sent."
    )


BAD_SCHEDULES = [
    ("town", "To schedule a round, send: /schedule SLUG ROUND OPENS CLOSES"),
    ("nowhere discover 2026-12-10T09:00 2026-12-15T17:00",
     "I cannot find a consultation called “nowhere”."),
    ("victoria-park nothing 2026-12-10T09:00 2026-12-15T17:00",
     "“victoria-park” has no round called “nothing”. Its rounds are: discover, design."),
    ("victoria-park design 10/12/2026 2026-12-15T17:00",
     "I could not read “10/12/2026” as a date and time."),
    ("victoria-park design 2027-03-28T01:30 2027-04-15T17:00",
     "I could not read “2027-03-28T01:30”"),  # the clocks go forward then
    ("victoria-park design 2026-12-15T17:00 2026-12-10T09:00",
     "The closing time must be after the opening time."),
    ("victoria-park design 2026-11-01T09:00 2026-11-15T17:00",
     "That closing time has already passed."),
]


async def test_bad_schedules_are_explained_and_change_nothing(officer: Officer,
                                                               app: App) -> None:
    for arguments, expected in BAD_SCHEDULES:
        await officer.command("schedule", arguments)
        said = text_of(await officer.said())
        assert said.startswith(expected), said
    with app.reading() as uow:
        row = uow.consultations.round(uow.consultations.get("victoria-park").id, "design")
        assert row.opens_at.year == 2027 and row.state == "scheduled", "unchanged"


async def test_item16_close_asks_first_and_keep_it_open_changes_nothing(
    officer: Officer, app: App
) -> None:
    before = round_state(app, "victoria-park", "discover")
    await officer.command("close", "victoria-park discover")
    asked = await officer.said("Nobody can answer it after that")
    assert round_state(app, "victoria-park", "discover") == before != "closed"
    await officer.tap("Keep it open", asked)
    await officer.said("stays open")
    assert round_state(app, "victoria-park", "discover") == before
    await close_round(officer, "victoria-park discover")
    assert round_state(app, "victoria-park", "discover") == "closed"
