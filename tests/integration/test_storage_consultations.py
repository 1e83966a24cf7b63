"""Importing a consultation stores its rounds, questions and options; answers freeze it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlmodel import col, select
from storage_testkit import (
    CLOSES,
    OPENS,
    Seed,
    definition_of,
    make_consultation,
    make_question,
)

from bot.engine.model import QuestionType
from storage import ConsultationHasAnswers, OptionRow, SqlUnitOfWork


def test_an_import_stores_rounds_questions_and_options(uow: SqlUnitOfWork) -> None:
    consultation = make_consultation()
    with uow:
        row = uow.consultations.save(consultation, definition_of(consultation))
        uow.commit()

    with uow:
        stored = uow.consultations.get("victoria-park")
        assert stored is not None and stored.id == row.id
        rounds = uow.consultations.rounds(row.id or 0)
        questions = uow.consultations.question_ids(rounds[0].id or 0)
        options = uow.session.exec(select(OptionRow.key).order_by(col(OptionRow.position))).all()

    assert stored.definition == definition_of(consultation)
    assert stored.default_language == "en"
    assert [(r.key, r.position, r.state) for r in rounds] == [
        ("discover", 0, "scheduled"),
        ("decide", 1, "scheduled"),
    ]
    assert (rounds[0].opens_at, rounds[0].closes_at) == (OPENS, CLOSES)
    assert set(questions) == {"visits", "barriers", "ideas"}
    assert set(options) >= {"daily", "weekly", "rarely", "dark", "dogs", "toilets"}


def test_a_new_import_updates_a_consultation_without_answers(uow: SqlUnitOfWork) -> None:
    first = make_consultation()
    with uow:
        uow.consultations.save(first, definition_of(first))
        uow.commit()
    second = make_consultation(
        questions=(
            make_question("ideas", QuestionType.TEXT),
            make_question("safety", QuestionType.SCALE),
        ),
        opens=datetime(2027, 1, 1, tzinfo=UTC),
    )

    with uow:
        row = uow.consultations.save(second, definition_of(second))
        uow.commit()

    with uow:
        discover = uow.consultations.round(row.id or 0, "discover")
        assert discover is not None
        questions = uow.consultations.question_ids(discover.id or 0)
        listed = uow.consultations.list()

    assert [c.slug for c in listed] == ["victoria-park"]
    assert set(questions) == {"ideas", "safety"}
    assert discover.opens_at == OPENS, "a stored schedule survives a re-import"


def test_reschedule_takes_the_times_from_the_file(uow: SqlUnitOfWork) -> None:
    first = make_consultation()
    later = make_consultation(opens=datetime(2027, 1, 1, tzinfo=UTC), closes=None)
    with uow:
        uow.consultations.save(first, definition_of(first))
        row = uow.consultations.save(later, definition_of(later), reschedule=True)
        discover = uow.consultations.round(row.id or 0, "discover")

    assert discover is not None
    assert (discover.opens_at, discover.closes_at) == (datetime(2027, 1, 1, tzinfo=UTC), None)


def test_a_consultation_with_answers_cannot_be_reimported(uow: SqlUnitOfWork, seed: Seed) -> None:
    with uow:
        uow.answers.put(seed.alice, seed.round_id, seed.questions["visits"], "daily")
        uow.commit()
    consultation = make_consultation()
    changed = replace(consultation, audience=("resident",))

    with uow:
        assert uow.consultations.has_answers(seed.consultation_id)
        with pytest.raises(ConsultationHasAnswers):
            uow.consultations.save(changed, definition_of(changed))


def test_round_state_and_schedule_can_be_changed(uow: SqlUnitOfWork, seed: Seed) -> None:
    with uow:
        uow.consultations.set_round_state(seed.round_id, "open")
        uow.consultations.schedule_round(seed.round_id, None, CLOSES)
        uow.commit()

    with uow:
        round_row = uow.consultations.get_round(seed.round_id)
        assert round_row is not None
        assert (round_row.state, round_row.opens_at, round_row.closes_at) == (
            "open",
            None,
            CLOSES,
        )
        with pytest.raises(ValueError):
            uow.consultations.set_round_state(seed.round_id, "paused")


def test_a_round_left_out_of_a_new_import_is_removed(uow: SqlUnitOfWork, seed: Seed) -> None:
    consultation = make_consultation()
    shorter = replace(consultation, rounds=consultation.rounds[1:])
    with uow:
        uow.sessions.save(
            seed.alice, seed.consultation_id, state="{}", status="waiting", round_id=seed.round_id
        )
        uow.consultations.save(shorter, definition_of(shorter))
        uow.commit()

    with uow:
        rounds = uow.consultations.rounds(seed.consultation_id)
        (session,) = uow.sessions.for_participant(seed.alice)

    assert [(r.key, r.position) for r in rounds] == [("decide", 0)]
    assert session.round_id is None
