"""A repeated update (same update_id) stores one answer, even with two workers racing."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime

import pytest
from storage_testkit import Seed, UowFactory

from storage import DuplicateUpdate, SqlUnitOfWork


def test_a_repeated_update_raises_and_stores_nothing_more(uow: SqlUnitOfWork, seed: Seed) -> None:
    with uow:
        uow.updates.mark(1001)
        uow.answers.put(seed.alice, seed.round_id, seed.questions["visits"], "daily")
        uow.commit()

    with uow, pytest.raises(DuplicateUpdate):
        uow.answers.put(seed.bob, seed.round_id, seed.questions["visits"], "weekly")
        uow.updates.mark(1001)

    with uow:
        assert uow.updates.seen(1001)
        assert not uow.updates.seen(1002)
        assert uow.answers.count() == 1


def test_commit_after_a_duplicate_raises_too(uow: SqlUnitOfWork, seed: Seed) -> None:
    with uow:
        uow.updates.mark(7)
        uow.commit()

    with uow:
        uow.answers.put(seed.alice, seed.round_id, seed.questions["visits"], "daily")
        with pytest.raises(DuplicateUpdate):
            uow.updates.mark(7)
        with pytest.raises(DuplicateUpdate):
            uow.commit()

    with uow:
        assert uow.answers.count() == 0


def test_two_workers_marking_one_update_give_exactly_one_success(
    new_uow: UowFactory, seed: Seed
) -> None:
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def handle(value: str) -> None:
        with new_uow() as uow:
            barrier.wait()
            try:
                uow.updates.mark(555)
                uow.answers.put(seed.alice, seed.round_id, seed.questions["visits"], value)
                time.sleep(0.2)  # hold the transaction open while the other worker tries
                uow.commit()
                outcomes.append("stored")
            except DuplicateUpdate:
                outcomes.append("duplicate")

    threads = [threading.Thread(target=handle, args=(v,)) for v in ("daily", "weekly")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["duplicate", "stored"]
    with new_uow() as uow:
        assert uow.answers.count() == 1


def test_old_updates_can_be_pruned(uow: SqlUnitOfWork) -> None:
    with uow:
        uow.updates.mark(1, at=datetime(2026, 1, 1, tzinfo=UTC))
        uow.updates.mark(2, at=datetime(2026, 3, 1, tzinfo=UTC))
        assert uow.updates.prune(datetime(2026, 2, 1, tzinfo=UTC)) == 1
        uow.commit()

    with uow:
        assert (uow.updates.seen(1), uow.updates.seen(2)) == (False, True)
