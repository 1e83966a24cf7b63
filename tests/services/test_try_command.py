"""`copro try`: a resident completes a round in the terminal, in English and Welsh."""

from __future__ import annotations

from pathlib import Path

import pytest
from service_testkit import SHIPPED
from sqlmodel import select

from bot.bootstrap import App
from bot.engine import inputs as i
from bot.terminal.session import TerminalRun
from storage import AnswerRow, EnrolmentRow, ParticipantRow

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


def play(app: App, slug: str, resident: Resident, user: int) -> bool:
    run = TerminalRun(app.conversation, user, read=resident.read, write=resident.write)
    resident.run = run
    return run.run(slug)


def stored_answers(app: App, user: int) -> list[AnswerRow]:
    with app.unit_of_work() as uow:
        participant = uow.session.exec(
            select(ParticipantRow).where(ParticipantRow.telegram_user_id == user)
        ).one()
        return list(
            uow.session.exec(select(AnswerRow).where(AnswerRow.participant_id == participant.id))
        )


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
@pytest.mark.parametrize("language", ["en", "cy"])
def test_a_resident_completes_the_open_round_of_every_shipped_consultation(
    app: App, path: Path, language: str
) -> None:
    resident = Resident(language)
    assert play(app, path.stem, resident, user=4242) is True
    answers = stored_answers(app, 4242)
    assert len(answers) >= 4
    assert any(a.text == TYPED_ANSWER for a in answers)
    with app.unit_of_work() as uow:
        enrolment = uow.session.exec(select(EnrolmentRow)).one()
    assert enrolment.language == language and enrolment.consented_at is not None
    thanks = "Diolch" if language == "cy" else "Thank you"
    assert any(thanks in line for line in resident.lines)


def test_an_interrupted_try_resumes_where_it_stopped(app: App) -> None:
    first = Resident("en", stop_after=3)  # one answer, then a multiple choice: tap, Done
    assert play(app, "victoria-park", first, user=7) is False
    assert any("saved" in line for line in first.lines)
    kept = len(stored_answers(app, 7))
    assert kept == 2

    second = Resident("en")
    assert play(app, "victoria-park", second, user=7) is True
    assert not any("I agree" in line for line in second.lines), "consent is not asked again"
    assert any(line.startswith("Question 3 of") for line in second.lines[:6])
    assert len(stored_answers(app, 7)) > kept


def test_item07_the_welsh_terminal_shows_and_takes_welsh_navigation_words(app: App) -> None:
    resident = Resident("cy")
    assert play(app, "victoria-park", resident, user=4243) is True
    hints = [line.strip() for line in resident.lines if line.strip().startswith("(")]
    assert hints, "no navigation hints were shown"
    assert any("gorffen" in hint for hint in hints) and any("yn ôl" in hint for hint in hints)
    assert not any(word in hint for hint in hints for word in ("done", "back", "skip"))
