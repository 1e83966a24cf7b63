"""Issue 16 item 4 on the command line: `copro consultation import` makes drafts, says so and
how to open them; a round without a privacy notice cannot open."""

from __future__ import annotations

from pathlib import Path

import pytest
from service_testkit import SHIPPED
from typer.testing import CliRunner

from bot.cli import app

runner = CliRunner()
PARK = next(path for path in SHIPPED if path.name == "victoria-park.yaml")


@pytest.fixture(autouse=True)
def _database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPRO_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")


def without_privacy(tmp_path: Path, dated: bool = False) -> Path:
    """The shipped park file with its privacy block and opening times taken out (if
    `dated`, its first round given one again)."""
    lines = [line for line in PARK.read_text(encoding="utf-8").splitlines(keepends=True)
             if not line.startswith("    opens:")]
    start = next(n for n, line in enumerate(lines) if line.startswith("privacy:"))
    end = next(n for n in range(start + 1, len(lines)) if not lines[n].startswith((" ", "\n")))
    text = "".join(lines[:start] + lines[end:])
    if dated:
        text = text.replace("  - key: discover\n",
                            "  - key: discover\n    opens: 2026-12-20T09:00:00+00:00\n")
    path = tmp_path / "park.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def words(output: str) -> str:
    """The output with the terminal's line wrapping undone."""
    return " ".join(output.split())


def test_an_import_says_it_is_a_draft_and_how_to_open_it() -> None:
    imported = runner.invoke(app, ["consultation", "import", str(PARK)])
    assert imported.exit_code == 0, imported.output
    assert "It is a draft: residents cannot join 1 round (discover)" in imported.output
    assert "copro round open victoria-park discover" in imported.output
    shown = runner.invoke(app, ["consultation", "show", "victoria-park"])
    assert "Round discover" in shown.output and "(draft;" in shown.output
    assert "Round design" in shown.output and "(not open yet;" in shown.output, "dated: scheduled"


def test_a_file_without_privacy_imports_as_a_draft_with_a_warning_and_cannot_open(
    tmp_path: Path,
) -> None:
    path = without_privacy(tmp_path)
    checked = runner.invoke(app, ["consultation", "validate", str(path)])
    assert checked.exit_code == 0 and "Warning privacy: there is no privacy block" in checked.output
    imported = runner.invoke(app, ["consultation", "import", str(path)])
    assert imported.exit_code == 0, imported.output
    assert "It is a draft: residents cannot join 2 rounds (discover, design)" in words(
        imported.output)
    assert "Warning privacy:" in imported.output

    opened = runner.invoke(app, ["round", "open", "victoria-park", "discover"])
    assert opened.exit_code == 1
    assert "cannot open, so nothing was changed" in opened.output
    assert "privacy: there is no privacy block" in opened.output
    listed = runner.invoke(app, ["consultation", "list"])
    assert "discover (draft)" in listed.output


def test_a_dated_round_without_privacy_is_a_problem_and_is_not_imported(tmp_path: Path) -> None:
    path = without_privacy(tmp_path, dated=True)
    checked = runner.invoke(app, ["consultation", "validate", str(path)])
    assert checked.exit_code == 1 and "privacy: there is no privacy block" in checked.output
    imported = runner.invoke(app, ["consultation", "import", str(path)])
    assert imported.exit_code == 1 and "not imported, 1 problem" in words(imported.output)
    listed = runner.invoke(app, ["consultation", "list"])
    assert "victoria-park" not in listed.output
