"""Issue 16 item 4: an officer's import is a draft until they open it, and no round opens
without a privacy notice. Both frameworks, through the sandbox."""

from __future__ import annotations

from officer_steps import (
    SLUG,
    TOWN_CENTRE,
    Officer,
    Person,
    buttons,
    round_state,
    take_part,
    text_of,
)

from bot.bootstrap import App

PRIVACY_LINE = next(line for line in TOWN_CENTRE.splitlines() if line.startswith("privacy:"))
NO_PRIVACY = TOWN_CENTRE.replace(PRIVACY_LINE + "\n", "")
DATED_NO_PRIVACY = NO_PRIVACY.replace(
    "  - key: discover\n", "  - key: discover\n    opens: 2026-12-20T09:00:00+00:00\n"
)


async def import_file(officer: Officer, text: str) -> str:
    """Upload, tap "Import it"; the offer's text and the reply's, one after the other."""
    offer = await officer.upload("town-centre.yaml", text)
    await officer.tap("Import it", offer)
    return text_of(offer) + "\n" + text_of(await officer.said("Imported"))


async def test_an_upload_is_a_draft_until_the_officer_opens_it(
    officer: Officer, resident: Person, app: App
) -> None:
    said = await import_file(officer, TOWN_CENTRE)
    assert "will be drafts" in said and f"/open {SLUG} ROUND" in said
    assert "as a draft: residents cannot join it yet" in said
    assert f"/open {SLUG} discover" in said
    assert round_state(app, SLUG, "discover") == "draft"

    await resident.command("start", SLUG)
    refused = await resident.said("not open yet")
    assert buttons(refused) == [], "no consent notice, nothing to tap"

    await officer.command("rounds")
    assert "draft, not open to residents" in text_of(await officer.said("Consultations"))
    await officer.command("open", f"{SLUG} discover")
    await officer.said("is open now")
    await take_part(resident, SLUG, "en", "resident", "weekly", "Cleaner streets.")
    assert round_state(app, SLUG, "discover") == "open"


async def test_a_file_with_no_privacy_block_is_refused_at_open_with_the_problem_listed(
    officer: Officer, resident: Person, app: App
) -> None:
    said = await import_file(officer, NO_PRIVACY)
    assert "Before it can open: privacy: there is no privacy block" in said

    await officer.command("open", f"{SLUG} discover")
    refused = text_of(await officer.said("cannot open, so nothing was changed"))
    assert "• privacy: there is no privacy block" in refused
    assert round_state(app, SLUG, "discover") == "draft"
    await officer.command("schedule", f"{SLUG} discover 2026-12-10T09:00 2026-12-15T17:00")
    await officer.said("cannot open, so nothing was changed")
    assert round_state(app, SLUG, "discover") == "draft"

    await resident.command("start", SLUG)
    await resident.said("not open yet")  # never a placeholder privacy notice


async def test_a_dated_round_without_privacy_is_a_problem_and_nothing_is_imported(
    officer: Officer, app: App
) -> None:
    refused = await officer.upload("town-centre.yaml", DATED_NO_PRIVACY)
    assert "has 1 problem, so nothing was imported" in text_of(refused)
    assert "• privacy: there is no privacy block" in text_of(refused)
    assert buttons(refused) == [], "nothing to import"
    with app.reading() as uow:
        assert uow.consultations.get(SLUG) is None


async def test_a_dated_round_with_privacy_is_scheduled_not_a_draft(
    officer: Officer, app: App
) -> None:
    dated = TOWN_CENTRE.replace(
        "  - key: discover\n", "  - key: discover\n    opens: 2026-12-20T09:00:00+00:00\n"
    )
    said = await import_file(officer, dated)
    assert "open at the times the file gives" in said and "draft" not in said
    assert round_state(app, SLUG, "discover") == "scheduled"
