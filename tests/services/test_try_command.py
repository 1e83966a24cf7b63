"""`copro try`: a true preview in the terminal, in English and Welsh; nothing is stored."""

from __future__ import annotations

from pathlib import Path

import pytest
from service_testkit import SHIPPED
from sqlmodel import select
from typer.testing import CliRunner

from bot.bootstrap import App
from bot.cli.main import app as copro
from bot.consultations import load_file
from bot.engine import inputs as i
from bot.rendering import Renderer
from bot.terminal.session import TerminalRun
from storage import AnswerRow, ConsultationRow, EnrolmentRow, ParticipantRow

SHIPPED_DIR = SHIPPED[0].parent
TYPED_ANSWER = "More lights by the pond please, and a bench near the gate."


class Resident:
    """Reads the screen the way a person would, and answers every question."""

    def __init__(self, language: str, stop_after: int | None = None) -> None:
        self.language = language
        self.stop_after = stop_after
        self.answered = 0
        self.lines: list[str] = []
        self.run: TerminalRun | None = None

    def write(self, text: str) -> None:
        self.lines.extend(text.splitlines())

    def read(self, _prompt: str) -> str | None:
        assert self.run is not None
        actions = [a for _, a in self.run._buttons]
        if self.stop_after is not None and self.answered >= self.stop_after:
            return None
        if any(isinstance(a, i.Consent) for a in actions):
            switch = [n for n, a in enumerate(actions, start=1)
                      if isinstance(a, i.PickLanguage) and a.language == self.language]
            return str(switch[0]) if switch else "1"  # the notice in my language, then agree
        languages = [a for a in actions if isinstance(a, i.PickLanguage)]
        if languages and not any(isinstance(a, i.Choose) for a in actions):
            return str([a.language for a in languages].index(self.language) + 1)
        if any(isinstance(a, i.PickRole) for a in actions):
            return "1"
        self.answered += 1
        chosen = any(isinstance(a, i.Clear) for a in actions)
        if any(isinstance(a, i.Done) for a in actions):
            return "done" if chosen else "1"
        options = [a for a in actions if isinstance(a, i.Choose)]
        if not options:
            return TYPED_ANSWER
        if not self.run._numbered:
            return options[-1].value
        return "1"


def play(app: App, slug: str, resident: Resident, round_key: str | None = None) -> bool:
    consultation = load_file(SHIPPED_DIR / f"{slug}.yaml", app.settings.zone).consultation
    typed = Renderer(app.catalogue, wording="typed")
    run = TerminalRun(consultation, typed, app.catalogue, app.clock,
                      read=resident.read, write=resident.write)
    resident.run = run
    return run.run(round_key)


def rows_of(app: App, table: type) -> list[object]:
    with app.unit_of_work() as uow:
        return list(uow.session.exec(select(table)))


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
@pytest.mark.parametrize("language", ["en", "cy"])
def test_a_resident_previews_the_open_round_of_every_shipped_consultation(
    app: App, path: Path, language: str
) -> None:
    resident = Resident(language)
    assert play(app, path.stem, resident) is True
    assert resident.answered >= 4
    thanks = "Ni chafodd dim ei gadw" if language == "cy" else "Nothing was saved"
    assert any(thanks in line for line in resident.lines)
    saved = "wedi'u cadw" if language == "cy" else "answers are saved"
    assert not any(saved in line for line in resident.lines), "a preview saves nothing"


def test_item01_a_preview_stores_nothing_and_counts_nothing(app: App) -> None:
    tables = (ConsultationRow, ParticipantRow, EnrolmentRow, AnswerRow)
    before = {table: rows_of(app, table) for table in tables}
    assert play(app, "victoria-park", Resident("en")) is True
    for table in tables:
        assert rows_of(app, table) == before[table], f"a preview wrote {table.__name__}"
    assert before[AnswerRow] == []


def test_item01_stopping_says_nothing_was_saved(app: App) -> None:
    resident = Resident("en", stop_after=3)
    assert play(app, "victoria-park", resident) is False
    assert resident.lines[-1] == "Stopped. This was a preview, so nothing was saved."
    assert rows_of(app, AnswerRow) == []


def test_item01_the_command_reads_a_file_without_making_a_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = tmp_path / "copro.db"
    monkeypatch.setenv("COPRO_DATABASE_URL", f"sqlite:///{database}")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(copro, ["try", str(SHIPPED_DIR / "victoria-park.yaml")],
                                input="1\n1\nquit\n")
    assert result.exit_code == 0, result.output
    assert "Which of these describes you best?" in result.output
    assert "nothing was saved" in result.output
    assert not database.exists(), "the preview made a database"


def test_item01_an_unknown_slug_is_named_and_nothing_is_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COPRO_DATABASE_URL", f"sqlite:///{tmp_path / 'copro.db'}")
    result = CliRunner().invoke(copro, ["try", "no-such-thing"])
    assert result.exit_code == 1
    assert "No consultation called 'no-such-thing'" in result.output


def test_item07_the_welsh_terminal_shows_and_takes_welsh_navigation_words(app: App) -> None:
    resident = Resident("cy")
    assert play(app, "victoria-park", resident) is True
    hints = [line.strip() for line in resident.lines if line.strip().startswith("(")]
    assert hints, "no navigation hints were shown"
    assert any("gorffen" in hint for hint in hints) and any("yn ôl" in hint for hint in hints)
    assert not any(word in hint for hint in hints for word in ("done", "back", "skip"))


@pytest.mark.parametrize(("language", "tap"), [("en", "tap"), ("cy", "tapiwch")])
def test_item13_the_terminal_never_asks_anyone_to_tap(app: App, language: str, tap: str) -> None:
    resident = Resident(language)
    assert play(app, "victoria-park", resident) is True
    tapped = [line for line in resident.lines if tap in line.casefold()]
    assert tapped == []
