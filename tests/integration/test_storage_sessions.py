"""Engine sessions: one per participant and consultation, replaced on save."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from storage_testkit import Seed, UowFactory, definition_of, make_consultation

from bot.engine.session import Stage
from storage import FINISHED_STATUSES, SqlUnitOfWork

T0 = datetime(2026, 12, 1, 9, tzinfo=UTC)


def test_saving_a_session_again_replaces_it(uow: SqlUnitOfWork, seed: Seed) -> None:
    with uow:
        uow.sessions.save(
            seed.alice, seed.consultation_id, state='{"at": 1}', status="waiting", updated_at=T0
        )
        uow.commit()
    with uow:
        locked = uow.sessions.get_for_update(seed.alice, seed.consultation_id)
        assert locked is not None and locked.round_id is None
        uow.sessions.save(
            seed.alice,
            seed.consultation_id,
            state='{"at": 2}',
            status="waiting",
            round_id=seed.round_id,
            updated_at=T0 + timedelta(minutes=1),
        )
        uow.commit()

    with uow:
        sessions = uow.sessions.for_participant(seed.alice)

    assert [(s.state, s.round_id, s.updated_at) for s in sessions] == [
        ('{"at": 2}', seed.round_id, T0 + timedelta(minutes=1))
    ]


def test_the_latest_unfinished_session_is_the_one_to_resume(uow: SqlUnitOfWork, seed: Seed) -> None:
    other = make_consultation("library-hours")
    with uow:
        row = uow.consultations.save(other, definition_of(other))
        assert row.id is not None
        uow.sessions.save(
            seed.alice, seed.consultation_id, state="{}", status="waiting", updated_at=T0
        )
        uow.sessions.save(
            seed.alice, row.id, state="{}", status="finished", updated_at=T0 + timedelta(hours=1)
        )
        uow.commit()

    with uow:
        latest = uow.sessions.latest_active(seed.alice)
        assert latest is not None and latest.consultation_id == seed.consultation_id
        assert uow.sessions.latest_active(seed.bob) is None
        touched_last = uow.sessions.latest_active(seed.alice, finished=())
        assert touched_last is not None and touched_last.consultation_id == row.id
        assert uow.sessions.delete_for(seed.alice) == 2
        assert uow.sessions.latest_active(seed.alice) is None


def test_the_finished_statuses_are_the_stages_the_engine_ends_in() -> None:
    assert {Stage.FINISHED.value, Stage.DECLINED.value} == FINISHED_STATUSES
    assert {stage.value for stage in Stage} >= FINISHED_STATUSES


@pytest.mark.parametrize("ended", [Stage.FINISHED, Stage.DECLINED])
def test_a_finished_or_declined_session_is_not_resumed(
    uow: SqlUnitOfWork, seed: Seed, ended: Stage
) -> None:
    with uow:
        uow.sessions.save(seed.alice, seed.consultation_id, state="{}", status=ended.value)
        uow.sessions.save(seed.bob, seed.consultation_id, state="{}", status=Stage.ANSWERING.value)
        uow.commit()

    with uow:
        assert uow.sessions.latest_active(seed.alice) is None
        resumed = uow.sessions.latest_active(seed.bob)
        assert resumed is not None and resumed.status == Stage.ANSWERING.value


def test_a_locked_session_makes_the_second_worker_wait(new_uow: UowFactory, seed: Seed) -> None:
    with new_uow() as uow:
        uow.sessions.save(seed.alice, seed.consultation_id, state="", status="waiting")
        uow.commit()
    first_holds_lock = threading.Event()

    def step(mark: str, hold: bool) -> None:
        with new_uow() as uow:
            if not hold:
                first_holds_lock.wait()
            row = uow.sessions.get_for_update(seed.alice, seed.consultation_id)
            assert row is not None
            if hold:
                first_holds_lock.set()
                time.sleep(0.3)
            uow.sessions.save(
                seed.alice, seed.consultation_id, state=row.state + mark, status="waiting"
            )
            uow.commit()

    threads = [
        threading.Thread(target=step, args=("A", True)),
        threading.Thread(target=step, args=("B", False)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    with new_uow() as uow:
        (session,) = uow.sessions.for_participant(seed.alice)
    assert session.state == "AB"
