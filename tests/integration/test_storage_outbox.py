"""The outbox queues messages once, hands each to one sender, and counts them."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from storage_testkit import UowFactory

from storage import SqlUnitOfWork

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)


def test_a_duplicate_dedupe_key_is_a_no_op(uow: SqlUnitOfWork) -> None:
    with uow:
        first = uow.outbox.enqueue(2**62, "reminder", {"round": "discover"}, "remind:1:discover")
        again = uow.outbox.enqueue(2**62, "reminder", {"round": "other"}, "remind:1:discover")
        free = uow.outbox.enqueue(2**62, "reply", {"text": "hi"})
        also_free = uow.outbox.enqueue(2**62, "reply", {"text": "hi"})
        uow.commit()

    assert first is not None and free is not None and also_free is not None
    assert again is None
    with uow:
        assert uow.outbox.counts() == {"pending": 3}
        assert uow.outbox.counts("reminder") == {"pending": 1}
        message = uow.outbox.get(first)
        assert message is not None
        assert (message.chat_id, message.payload) == (2**62, {"round": "discover"})


def test_due_messages_are_claimed_and_settled(uow: SqlUnitOfWork) -> None:
    with uow:
        now_id = uow.outbox.enqueue(1, "reply", {"n": 1}, now=NOW)
        later_id = uow.outbox.enqueue(2, "reply", {"n": 2}, not_before=NOW + timedelta(hours=1))
        failing_id = uow.outbox.enqueue(3, "reply", {"n": 3}, not_before=NOW)
        uow.commit()

    with uow:
        claimed = uow.outbox.claim_due(10, NOW)
        assert [(m.id, m.status, m.attempts) for m in claimed] == [
            (now_id, "sending", 1),
            (failing_id, "sending", 1),
        ]
        assert uow.outbox.claim_due(10, NOW) == []
        assert now_id is not None and failing_id is not None and later_id is not None
        uow.outbox.mark_sent(now_id, NOW)
        uow.outbox.mark_failed(failing_id, "403 Forbidden: bot was blocked by the user")
        uow.commit()

    with uow:
        assert uow.outbox.counts() == {"sent": 1, "failed": 1, "pending": 1}
        (later,) = uow.outbox.claim_due(10, NOW + timedelta(hours=2))
        assert later.id == later_id
        uow.outbox.release(later_id, NOW + timedelta(hours=3), "429: retry after 30")
        assert uow.outbox.claim_due(10, NOW + timedelta(hours=2)) == []
        (retried,) = uow.outbox.claim_due(10, NOW + timedelta(hours=3))
        assert (retried.attempts, retried.last_error) == (2, "429: retry after 30")
        with pytest.raises(LookupError):
            uow.outbox.mark_sent(999)


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_concurrent_senders_never_claim_the_same_message(new_uow: UowFactory, backend: str) -> None:
    with new_uow() as uow:
        for n in range(30):
            uow.outbox.enqueue(n, "broadcast", {"n": n}, f"broadcast:{n}")
        uow.commit()
    barrier = threading.Barrier(3)
    claimed: list[int] = []
    lock = threading.Lock()

    def send() -> None:
        with new_uow() as uow:
            mine: list[int] = []
            barrier.wait()
            while batch := uow.outbox.claim_due(4, NOW):
                mine.extend(m.id for m in batch if m.id is not None)
            barrier.wait()
            uow.commit()
        with lock:
            claimed.extend(mine)

    threads = [threading.Thread(target=send) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(claimed) == len(set(claimed)) == 30
