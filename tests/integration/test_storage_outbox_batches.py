"""Outbox batches by dedupe-key prefix (a round's notices, a feedback message) and the
drainer's recovery: queued once, counted, cancelled, settled after a crash, requeued."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from storage import SqlUnitOfWork
from storage.repositories.outbox_keys import CHUNK, Queued

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)


def queued(key: str, chat_id: int = 1, not_before: datetime | None = None) -> Queued:
    return Queued(chat_id, "round_open", {"key": key}, key, not_before)


def test_enqueue_many_queues_each_new_key_once_across_chunks(uow: SqlUnitOfWork) -> None:
    many = [queued(f"open:7:{n}", n) for n in range(CHUNK + 3)]
    with uow:
        assert uow.outbox.enqueue_many(many, NOW) == CHUNK + 3
        assert uow.outbox.enqueue_many([*many[:2], queued("open:7:new")], NOW) == 1
        assert uow.outbox.enqueue_many([], NOW) == 0
        uow.commit()

    with uow:
        assert uow.outbox.counts() == {"pending": CHUNK + 4}
        (first,) = uow.outbox.claim_due(1, NOW)
        assert (first.chat_id, first.kind, first.payload) == (0, "round_open", {"key": "open:7:0"})
        assert (first.dedupe_key, first.created_at) == ("open:7:0", NOW)


def test_enqueue_many_keeps_a_message_waiting_until_not_before(uow: SqlUnitOfWork) -> None:
    with uow:
        uow.outbox.enqueue_many([queued("open:1:1", not_before=NOW + timedelta(hours=8))], NOW)
        assert uow.outbox.claim_due(10, NOW) == []
        assert len(uow.outbox.claim_due(10, NOW + timedelta(hours=8))) == 1


def test_dedupe_keys_match_the_prefix_literally(uow: SqlUnitOfWork) -> None:
    with uow:
        for key in ("remind:1:10:1", "remind:1:10:2", "remind:12:10:1", "remind:1_0:1"):
            uow.outbox.enqueue(10, "reminder", {}, key)
        uow.outbox.enqueue(10, "reply", {})  # no key at all
        uow.commit()

    with uow:
        assert uow.outbox.dedupe_keys("remind:1:") == {"remind:1:10:1", "remind:1:10:2"}
        # `_` and `%` are LIKE wildcards: they must match only themselves
        assert uow.outbox.dedupe_keys("remind:1_") == {"remind:1_0:1"}
        assert uow.outbox.dedupe_keys("remind:%") == set()


def test_status_counts_group_the_prefixes_messages_by_status_and_error(
    uow: SqlUnitOfWork,
) -> None:
    with uow:
        ids = [uow.outbox.enqueue(n, "round_open", {}, key) for n, key in enumerate(
            ["open:3:1", "open:3:2", "remind:3:1:1", "remind:3:2:1", "open:4:1", "open:33:1"]
        )]
        assert all(ids)
        uow.outbox.mark_sent(ids[0] or 0, NOW)
        uow.outbox.mark_failed(ids[1] or 0, "403 Forbidden")
        uow.outbox.mark_failed(ids[2] or 0, "403 Forbidden")
        uow.commit()

    with uow:
        found = uow.outbox.status_counts(["open:3:", "remind:3:"])
        assert sorted((c.status, c.last_error, c.count) for c in found) == [
            ("failed", "403 Forbidden", 2), ("pending", None, 1), ("sent", None, 1),
        ]
        assert uow.outbox.status_counts(["open:5:"]) == []
        assert uow.outbox.count_with_status(["pending", "sending"]) == 3
        assert uow.outbox.count_with_status(["sent"]) == 1


def test_cancel_pending_fails_only_waiting_messages_under_the_prefixes(
    uow: SqlUnitOfWork,
) -> None:
    with uow:
        for key in ("open:3:1", "remind:3:1:1", "open:4:1", "remind:3:2:1"):
            uow.outbox.enqueue(1, "round_open", {}, key)
        (sending,) = uow.outbox.claim_due(1, NOW)  # open:3:1 is on its way
        uow.commit()

    with uow:
        assert uow.outbox.cancel_pending(["open:3:", "remind:3:"], "cancelled: closed") == 2
        assert uow.outbox.cancel_pending(["open:3:", "remind:3:"], "cancelled: closed") == 0
        uow.commit()

    with uow:
        assert {(c.status, c.last_error, c.count) for c in uow.outbox.status_counts(
            ["open:3:", "remind:3:"])} == {("sending", None, 1), ("failed", "cancelled: closed", 2)}
        assert uow.outbox.counts() == {"sending": 1, "failed": 2, "pending": 1}
        assert sending.dedupe_key == "open:3:1"


def test_a_claim_stamped_long_ago_is_settled_as_stuck_and_can_be_requeued(
    uow: SqlUnitOfWork,
) -> None:
    with uow:
        old = uow.outbox.enqueue(1, "reply", {}, "a", now=NOW - timedelta(hours=1))
        fresh = uow.outbox.enqueue(2, "reply", {}, "b", now=NOW - timedelta(hours=1))
        unstamped = uow.outbox.enqueue(3, "reply", {}, "c", now=NOW - timedelta(hours=1))
        assert old and fresh and unstamped
        uow.outbox.claim_due(3, NOW)
        uow.outbox.stamp_claimed([old], NOW - timedelta(minutes=30))
        uow.outbox.stamp_claimed([fresh], NOW)
        uow.outbox.stamp_claimed([], NOW)  # nothing to stamp is fine
        uow.commit()

    with uow:
        # `unstamped` was claimed but never stamped (its drainer died in between): its
        # creation time stands in for the claim time
        assert uow.outbox.settle_stuck(NOW - timedelta(minutes=10), "interrupted") == 2
        uow.commit()

    with uow:
        rows = [uow.outbox.get(m) for m in (old, fresh, unstamped)]
        assert [row.status if row else None for row in rows] == ["failed", "sending", "failed"]
        assert uow.outbox.requeue_failed("interrupted", [old]) == 1
        assert uow.outbox.requeue_failed("some other reason") == 0
        assert uow.outbox.requeue_failed("interrupted") == 1
        uow.commit()

    with uow:
        again = uow.outbox.get(old)
        assert again is not None
        assert (again.status, again.not_before, again.last_error) == ("pending", None, None)
        assert uow.outbox.counts() == {"pending": 2, "sending": 1}
