"""What the bot waits for a person to type or tap: taken once, by the right kind and token."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from storage_testkit import UowFactory

from storage import SqlUnitOfWork

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)
TTL = timedelta(minutes=30)
USER = 2**62 + 7


def test_a_prompt_is_taken_once_with_its_kind_and_token(uow: SqlUnitOfWork) -> None:
    with uow:
        uow.prompts.put(USER, "officer_import", {"token": "t1", "text": "slug: x"}, NOW, TTL)
        uow.commit()

    with uow:
        assert uow.prompts.take(USER, NOW, "officer_import", "other") is None
        assert uow.prompts.take(USER, NOW, "officer_preview", "t1") is None
        assert uow.prompts.take(USER + 1, NOW, "officer_import", "t1") is None
        taken = uow.prompts.take(USER, NOW, "officer_import", "t1")
        assert taken == {"token": "t1", "text": "slug: x"}
        assert uow.prompts.take(USER, NOW, "officer_import", "t1") is None
        uow.commit()

    with uow:
        assert uow.prompts.get(USER, NOW) is None


def test_an_expired_prompt_cannot_be_taken(uow: SqlUnitOfWork) -> None:
    with uow:
        uow.prompts.put(USER, "officer_import", {"token": "t1"}, NOW, TTL)
        assert uow.prompts.take(USER, NOW + TTL, "officer_import", "t1") is None
        assert uow.prompts.take(USER, NOW + TTL - timedelta(seconds=1), "officer_import",
                                "t1") == {"token": "t1"}


def test_two_takes_at_once_give_the_payload_to_one(new_uow: UowFactory) -> None:
    with new_uow() as uow:
        uow.prompts.put(USER, "officer_import", {"token": "t1"}, NOW, TTL)
        uow.commit()
    barrier = threading.Barrier(2)
    got: list[object] = []

    def tap() -> None:
        with new_uow() as uow:
            barrier.wait()
            got.append(uow.prompts.take(USER, NOW, "officer_import", "t1"))
            uow.commit()

    threads = [threading.Thread(target=tap) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(got, key=str) == [None, {"token": "t1"}]


def test_clear_kinds_ends_only_a_prompt_of_those_kinds(uow: SqlUnitOfWork) -> None:
    with uow:
        uow.prompts.put(USER, "admin_code", {"n": 1}, NOW, TTL)
        uow.prompts.put(USER + 1, "officer_feedback_text", {"n": 2}, NOW, TTL)
        uow.prompts.clear_kinds(USER, frozenset({"officer_import", "officer_feedback_text"}))
        uow.prompts.clear_kinds(USER + 1, frozenset({"officer_import", "officer_feedback_text"}))
        assert uow.prompts.get(USER, NOW) == ("admin_code", {"n": 1})
        assert uow.prompts.get(USER + 1, NOW) is None
