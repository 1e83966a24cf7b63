"""Rounds beyond an import: the scheduler's list of rounds to watch, a round locked while it
changes, and a check-back round appended to a consultation that already has answers."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime

from sqlmodel import col, select, update
from storage_testkit import Seed, UowFactory, definition_of, make_consultation, make_question

from bot.engine.model import QuestionType, Round
from storage import OptionRow, RoundRow, SqlUnitOfWork

NOW = datetime(2026, 12, 20, 9, tzinfo=UTC)


def test_rounds_not_closed_lists_every_consultation_s_open_and_scheduled_rounds(
    uow: SqlUnitOfWork, seed: Seed
) -> None:
    other = make_consultation("library-hours")
    with uow:
        row = uow.consultations.save(other, definition_of(other))
        assert row.id is not None
        decide = uow.consultations.round(seed.consultation_id, "decide")
        assert decide is not None and decide.id is not None
        uow.consultations.set_round_state(seed.round_id, "open")
        uow.consultations.set_round_state(decide.id, "closed")
        uow.commit()

    with uow:
        found = uow.consultations.rounds_not_closed()
        assert [(r.consultation_id, r.key, r.state) for r in found] == [
            (seed.consultation_id, "discover", "open"),
            (row.id, "discover", "scheduled"),
            (row.id, "decide", "scheduled"),
        ]
        assert [r.id for r in found] == sorted(r.id for r in found if r.id is not None)


def test_a_round_for_update_is_read_afresh(uow: SqlUnitOfWork, seed: Seed) -> None:
    with uow:
        before = uow.consultations.get_round(seed.round_id)
        assert before is not None and before.state == "scheduled"
        # changed in the database behind the session's back (as another writer would)
        uow.session.exec(
            update(RoundRow).where(col(RoundRow.id) == seed.round_id).values(state="open")
            .execution_options(synchronize_session=False)
        )
        assert before.state == "scheduled"
        locked = uow.consultations.round_for_update(seed.round_id)
        assert locked is before and locked.state == "open"
        assert uow.consultations.round_for_update(seed.round_id + 1000) is None


def test_a_locked_round_makes_the_second_writer_wait(new_uow: UowFactory, seed: Seed) -> None:
    first_holds_lock = threading.Event()
    order: list[str] = []

    def change(mark: str, hold: bool) -> None:
        with new_uow() as uow:
            if not hold:
                first_holds_lock.wait()
            row = uow.consultations.round_for_update(seed.round_id)
            assert row is not None
            order.append(f"{mark} saw {row.state}")
            if hold:
                first_holds_lock.set()
                time.sleep(0.3)
            uow.consultations.set_round_state(seed.round_id, "open" if hold else "closed")
            uow.commit()

    threads = [threading.Thread(target=change, args=("A", True)),
               threading.Thread(target=change, args=("B", False))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert order == ["A saw scheduled", "B saw open"]


def test_a_question_is_found_by_id(uow: SqlUnitOfWork, seed: Seed) -> None:
    with uow:
        question = uow.consultations.question(seed.questions["ideas"])
        assert question is not None
        assert (question.key, question.type, question.round_id) == ("ideas", "text", seed.round_id)
        assert uow.consultations.question(max(seed.questions.values()) + 1000) is None


def test_a_round_is_appended_to_a_consultation_with_answers(
    uow: SqlUnitOfWork, seed: Seed
) -> None:
    check_back = Round("check", make_consultation().rounds[0].title, (
        make_question("s1", QuestionType.SINGLE, ("agree", "disagree", "unsure")),
        make_question("comment", QuestionType.TEXT),
    ))
    with uow:
        uow.answers.put(seed.alice, seed.round_id, seed.questions["visits"], "daily")
        consultation = uow.consultations.get_by_id(seed.consultation_id)
        assert consultation is not None
        definition = {**consultation.definition, "rounds": [
            *consultation.definition["rounds"], {"key": "check"}]}
        added = uow.consultations.append_round(
            seed.consultation_id, definition, check_back, opens_at=None, closes_at=NOW, now=NOW
        )
        uow.commit()

    with uow:
        rounds = uow.consultations.rounds(seed.consultation_id)
        assert [(r.key, r.position, r.state) for r in rounds] == [
            ("discover", 0, "scheduled"), ("decide", 1, "scheduled"), ("check", 2, "draft"),
        ]
        assert (added.opens_at, added.closes_at) == (None, NOW)
        assert added.id is not None
        questions = uow.consultations.question_ids(added.id)
        assert set(questions) == {"s1", "comment"}
        question = uow.consultations.question(questions["s1"])
        assert question is not None and (question.position, question.type) == (0, "single")
        options = select(OptionRow.key).where(OptionRow.question_id == questions["s1"])
        keys = uow.session.exec(options.order_by(col(OptionRow.position))).all()
        assert keys == ["agree", "disagree", "unsure"]
        stored = uow.consultations.get_by_id(seed.consultation_id)
        assert stored is not None and stored.updated_at == NOW
        assert stored.definition["rounds"][-1] == {"key": "check"}
        assert uow.answers.count(round_id=seed.round_id) == 1  # untouched

