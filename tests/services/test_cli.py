"""The `copro` command as an officer uses it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from service_testkit import ROOT, SHIPPED
from typer.testing import CliRunner

from bot.cli import app

runner = CliRunner()
FIVE_MISTAKES = ROOT / "tests" / "fixtures" / "consultations" / "five-mistakes.yaml"


@pytest.fixture(autouse=True)
def _database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPRO_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")


def test_validate_passes_every_shipped_consultation() -> None:
    result = runner.invoke(app, ["consultation", "validate", *map(str, SHIPPED)])
    assert result.exit_code == 0, result.output
    assert result.output.count(": OK") == len(SHIPPED)


def test_validate_lists_all_five_mistakes_with_their_paths_and_exits_1() -> None:
    result = runner.invoke(app, ["consultation", "validate", str(FIVE_MISTAKES)])
    assert result.exit_code == 1
    assert "5 problems" in result.output
    for path in (
        "rounds[0].questions[0].options:",
        "rounds[0].questions[1].scale:",
        "rounds[0].questions[2].when:",
        "rounds[0].questions[3].max_lenght:",
        "rounds[0].questions[4].text:",
    ):
        assert path in result.output
    assert "Traceback" not in result.output


def test_a_malformed_file_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("slug: [unclosed\n  title: x\n")
    result = runner.invoke(app, ["consultation", "validate", str(broken)])
    assert result.exit_code == 1
    assert "line " in result.output and "not valid YAML" in result.output


def test_import_list_and_show() -> None:
    imported = runner.invoke(app, ["consultation", "import", *map(str, SHIPPED)])
    assert imported.exit_code == 0, imported.output
    listed = runner.invoke(app, ["consultation", "list"])
    assert "victoria-park" in listed.output and "library-services" in listed.output
    assert "discover (draft)" in listed.output
    assert runner.invoke(app, ["round", "open", "victoria-park", "discover"]).exit_code == 0
    listed = runner.invoke(app, ["consultation", "list"])
    assert "discover (open now)" in listed.output
    assert "not_open" not in listed.output, "item 17: words, not a code"
    shown = runner.invoke(app, ["consultation", "show", "victoria-park"])
    assert shown.exit_code == 0 and "[rank] priorities" in shown.output
    # item 17: times in words in the council's zone, no ISO times with microseconds
    assert "not_open" not in shown.output and "+00:00" not in shown.output
    assert re.search(r"\d{2}:\d{2}:\d{2}", shown.output) is None
    day = r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    assert re.search(day + r" \d+ \w+ 20\d\d at", shown.output)
    missing = runner.invoke(app, ["consultation", "show", "nowhere"])
    assert missing.exit_code == 1


def test_db_upgrade_creates_the_database() -> None:
    result = runner.invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0 and "revision" in result.output


def test_try_runs_a_file_from_standard_input_and_stops_cleanly_at_the_end_of_input() -> None:
    result = runner.invoke(app, ["try", str(SHIPPED[-1])], input="1\n1\n1\n1\n")
    assert result.exit_code == 0, result.output
    assert "Question 1 of" in result.output
    assert "saved" in result.output


def test_item09_list_in_a_folder_with_no_database_says_so_and_makes_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    monkeypatch.setenv("COPRO_DATABASE_URL", "sqlite:///copro.db")
    listed = runner.invoke(app, ["consultation", "list"])
    assert listed.exit_code == 1
    assert f"no Copro database at {elsewhere / 'copro.db'}" in listed.output.replace("\n", " ")
    assert not (elsewhere / "copro.db").exists(), "no empty database is made"


def test_item09_list_says_which_database_it_read(tmp_path: Path) -> None:
    runner.invoke(app, ["consultation", "import", *map(str, SHIPPED)])
    listed = runner.invoke(app, ["consultation", "list"])
    assert listed.exit_code == 0
    assert f"Database: {tmp_path / 'cli.db'}" in listed.output.replace("\n", "")


def test_item17_help_names_arguments_plainly() -> None:
    result = runner.invoke(app, ["role", "grant", "--help"], terminal_width=100)
    assert result.exit_code == 0, result.output
    assert "USER_ID" in result.output and "ROLE" in result.output
    assert "{user_id}" not in result.output and "{role}" not in result.output
    assert "<bool>" not in result.output
