"""The README's "first ten minutes" names the presets, ids and start lines the sandbox has."""

from __future__ import annotations

from pathlib import Path

from bot.bootstrap import App
from bot.cli.sandbox_setup import grant_preset_roles
from bot.sandbox import PRESET_USERS
from config.settings import Settings

README = Path(__file__).resolve().parents[2] / "README.md"


def first_ten_minutes() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("## Your first ten minutes")
    return text[start : text.index("\n## ", start + 1)]


def test_readme_first_ten_minutes_lists_every_preset_with_its_id_and_role() -> None:
    section = first_ten_minutes()
    for preset in PRESET_USERS:
        name = f"{preset['first_name']} {preset['last_name']}"
        row = f"| {preset['label']} | {name} | {preset['id']} | {preset.get('role', 'none')}"
        assert row in section, row
    for step in ("**1. Start.**", "**2. Resident", "**3. Officer", "**4. Admin"):
        assert step in section


def test_readme_first_ten_minutes_shows_what_the_sandbox_prints_at_start(
    tmp_path: Path,
) -> None:
    app = App(Settings(database_url=f"sqlite:///{tmp_path / 'copro.db'}"))
    app.migrate()
    try:
        lines = grant_preset_roles(app, new_database=True)
    finally:
        app.database.dispose()
    section = first_ten_minutes()
    for line in [*lines, "People and chats are kept in copro.sandbox.json."]:
        assert line in section, line
