"""The tagging queue: workers claim answers with free text, never the same one twice."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from storage_testkit import Seed, UowFactory

from storage import SqlUnitOfWork


def put_texts(uow: SqlUnitOfWork, seed: Seed, count: int) -> None:
    """Give `count` participants a free-text answer each."""
    with uow:
        for n in range(count):
            person = uow.participants.get_or_create(10_000 + n)
            assert person.id is not None
            uow.answers.put(person.id, seed.round_id, seed.questions["ideas"], None, f"Idea {n}")
        uow.answers.put(seed.alice, seed.round_id, seed.questions["visits"], "daily")
        uow.commit()


def test_claims_take_only_free_text_and_each_answer_once(uow: SqlUnitOfWork, seed: Seed) -> None:
    put_texts(uow, seed, 5)
    with uow:
        first = uow.answers.claim_untagged(3, "w1")
        uow.commit()
    with uow:
        second = uow.answers.claim_untagged(3, "w2")
        third = uow.answers.claim_untagged(3, "w3")
        uow.commit()

    assert [a.text for a in first] == ["Idea 0", "Idea 1", "Idea 2"]
    assert [a.text for a in second] == ["Idea 3", "Idea 4"]
    assert third == []
    assert {(a.tag_status, a.claimed_by) for a in first} == {("claimed", "w1")}


def test_saved_tags_are_kept_and_the_answer_is_done(uow: SqlUnitOfWork, seed: Seed) -> None:
    put_texts(uow, seed, 1)
    at = datetime(2026, 12, 3, tzinfo=UTC)
    with uow:
        (answer,) = uow.answers.claim_untagged(5, "w1")
        assert answer.id is not None
        saved = uow.answers.save_tags(
            answer.id,
            worker="w1",
            tagger="copro-nlp 0.1",
            themes=["parks", "safety"],
            sentiment="negative",
            evidence={"parks": ["park"]},
            redacted="Idea 0",
            pii=[],
            places=["Victoria Park"],
            key_phrases=["idea"],
            tagged_at=at,
        )
        uow.commit()

    with uow:
        tags = uow.answers.tags_for_round(seed.round_id)
        stored = uow.answers.get(answer.participant_id or 0, seed.questions["ideas"])

    assert saved
    assert stored is not None and stored.tag_status == "done"
    tag = tags[answer.id]
    assert (tag.themes, tag.sentiment, tag.evidence, tag.places, tag.tagged_at) == (
        ["parks", "safety"],
        "negative",
        {"parks": ["park"]},
        ["Victoria Park"],
        at,
    )


def test_tags_for_a_claim_that_was_lost_are_not_saved(uow: SqlUnitOfWork, seed: Seed) -> None:
    put_texts(uow, seed, 1)
    with uow:
        (answer,) = uow.answers.claim_untagged(5, "w1")
        assert answer.id is not None and answer.participant_id is not None
        # the participant rewrites the text while the worker is busy
        uow.answers.put(answer.participant_id, seed.round_id, seed.questions["ideas"], None, "New")
        assert not uow.answers.save_tags(answer.id, worker="w1", tagger="t", themes=["x"])
        assert not uow.answers.save_tags(answer.id, worker="w2", tagger="t", themes=["x"])
        assert uow.answers.tags(answer.id) is None


def test_a_stale_claim_is_handed_out_again(uow: SqlUnitOfWork, seed: Seed) -> None:
    put_texts(uow, seed, 1)
    t0 = datetime(2026, 12, 3, 9, tzinfo=UTC)
    with uow:
        assert len(uow.answers.claim_untagged(5, "w1", now=t0)) == 1
        assert uow.answers.claim_untagged(5, "w2", reclaim_before=t0) == []
        again = uow.answers.claim_untagged(5, "w2", reclaim_before=t0 + timedelta(minutes=10))

    assert [a.claimed_by for a in again] == ["w2"]


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_two_concurrent_workers_never_claim_the_same_answer(
    new_uow: UowFactory, seed: Seed, backend: str
) -> None:
    put_texts(new_uow(), seed, 40)
    barrier = threading.Barrier(4)
    claimed: list[list[int]] = []
    lock = threading.Lock()

    def work(name: str) -> None:
        with new_uow() as uow:
            mine: list[int] = []
            barrier.wait()
            while batch := uow.answers.claim_untagged(3, name):
                mine.extend(a.id for a in batch if a.id is not None)
            barrier.wait()  # every worker holds its claims (uncommitted) at the same time
            uow.commit()
        with lock:
            claimed.append(mine)

    threads = [threading.Thread(target=work, args=(f"w{n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    every = [answer_id for mine in claimed for answer_id in mine]
    assert len(every) == len(set(every)) == 40
    assert sum(1 for mine in claimed if mine) >= 2, "the workers ran side by side"
