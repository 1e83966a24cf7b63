"""Issue 16 item 4 on the web channel: a draft is "not open yet" until an officer opens it."""

from __future__ import annotations

from pathlib import Path

from aiohttp.test_utils import TestClient
from webkit import Resident

from bot.bootstrap import App
from bot.consultations import load_text
from bot.services.consultations import import_consultation

LIBRARY = Path(__file__).resolve().parents[2] / "config" / "consultations" / "library-services.yaml"
SLUG = "library-draft"


def import_draft(app: App) -> None:
    """The shipped library file under another slug, imported as an officer would."""
    text = LIBRARY.read_text(encoding="utf-8").replace("slug: library-services", f"slug: {SLUG}")
    with app.unit_of_work() as uow:
        import_consultation(uow, load_text(text, app.settings.zone), app.clock())
        uow.commit()


async def test_a_draft_link_says_not_open_yet_and_offers_no_consent(
    client: TestClient, app: App
) -> None:
    import_draft(app)
    resident = Resident(client, SLUG)
    await resident.open()
    assert "Not open yet" in resident.html
    assert "try this link again later" in resident.html
    assert 'name="consent"' not in resident.html, "no notice to agree to"


async def test_after_the_officer_opens_it_the_same_link_asks_for_consent(
    client: TestClient, app: App
) -> None:
    import_draft(app)
    app.rounds.open_round(SLUG, "discover", app.clock(), by="cli")
    resident = Resident(client, SLUG)
    await resident.open()
    assert "Not open yet" not in resident.html
    assert "Aberhafren County Council" in resident.html, "the council's own privacy notice"
