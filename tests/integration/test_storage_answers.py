"""One answer per participant and question: saving again replaces it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from storage_testkit import Seed

from storage import SqlUnitOfWork

T0 = datetime(2026, 12, 2, 9, tzinfo=UTC)


def test_saving_an_answer_twice_keeps_one_the_later(uow: SqlUnitOfWork, seed: Seed) -> None:
    visits = seed.questions["visits"]
    with uow:
        uow.answers.put(seed.alice, seed.round_id, visits, "daily", answered_at=T0, update_id=1)
        uow.commit()
    with uow:
        later = T0 + timedelta(minutes=5)
        uow.answers.put(seed.alice, seed.round_id, visits, "weekly", answered_at=later, update_id=2)
        uow.commit()

    with uow:
        answers = uow.answers.for_participant(seed.alice)

    assert [(a.value, a.answered_at, a.update_id) for a in answers] == [
        ("weekly", T0 + timedelta(minutes=5), 2)
    ]


def test_values_of_every_shape_round_trip(uow: SqlUnitOfWork, seed: Seed) -> None:
    values = {"visits": "daily", "barriers": ["dark", "dogs"], "ideas": None}
    with uow:
        for key, value in values.items():
            uow.answers.put(seed.alice, seed.round_id, seed.questions[key], value)
        uow.answers.put(seed.bob, seed.round_id, seed.questions["visits"], 4)
        uow.commit()

    with uow:
        stored = {
            a.question_id: a.value
            for a in uow.answers.for_round(seed.round_id)
            if a.participant_id == seed.alice
        }
        bob = uow.answers.get(seed.bob, seed.questions["visits"])

    assert stored == {seed.questions[key]: value for key, value in values.items()}
    assert bob is not None and bob.value == 4


def test_free_text_waits_for_tags_and_a_new_text_drops_old_tags(
    uow: SqlUnitOfWork, seed: Seed
) -> None:
    ideas = seed.questions["ideas"]
    with uow:
        uow.answers.put(seed.alice, seed.round_id, ideas, None, text="More bins")
        answer = uow.answers.get(seed.alice, ideas)
        assert answer is not None and answer.tag_status == "pending"
        (claimed,) = uow.answers.claim_untagged(5, "w1")
        assert claimed.id is not None
        uow.answers.save_tags(claimed.id, worker="w1", tagger="t", themes=["waste"])
        uow.commit()

    with uow:
        uow.answers.put(seed.alice, seed.round_id, ideas, None, text="More bins")
        same = uow.answers.get(seed.alice, ideas)
        assert same is not None and same.tag_status == "done", "the same text keeps its tags"
        uow.answers.put(seed.alice, seed.round_id, ideas, None, text="Lights")
        uow.commit()

    with uow:
        changed = uow.answers.get(seed.alice, ideas)
        assert changed is not None and changed.id is not None
        assert (changed.tag_status, changed.text) == ("pending", "Lights")
        assert uow.answers.tags(changed.id) is None


def test_an_answer_can_be_removed(uow: SqlUnitOfWork, seed: Seed) -> None:
    with uow:
        uow.answers.put(seed.alice, seed.round_id, seed.questions["visits"], "daily")
        uow.answers.put(seed.bob, seed.round_id, seed.questions["visits"], "rarely")
        uow.answers.put(seed.bob, seed.round_id, seed.questions["barriers"], ["dark"])
        uow.commit()

    with uow:
        assert uow.answers.remove(seed.alice, seed.questions["visits"])
        assert not uow.answers.remove(seed.alice, seed.questions["visits"])
        uow.commit()

    with uow:
        assert uow.answers.count(round_id=seed.round_id) == 2
        assert uow.answers.count(question_id=seed.questions["visits"]) == 1
        assert uow.answers.count(participant_id=seed.alice) == 0
        assert uow.answers.respondents(seed.round_id) == 1


def test_retention_cuts_the_link_to_the_person_and_keeps_the_tags(
    uow: SqlUnitOfWork, seed: Seed
) -> None:
    ideas = seed.questions["ideas"]
    with uow:
        uow.answers.put(seed.alice, seed.round_id, ideas, None, text="Old", answered_at=T0)
        recent = T0 + timedelta(days=30)
        uow.answers.put(seed.bob, seed.round_id, ideas, None, text="New", answered_at=recent)
        for answer in uow.answers.claim_untagged(5, "w1"):
            assert answer.id is not None
            uow.answers.save_tags(answer.id, worker="w1", tagger="t", themes=["parks"])
        uow.commit()

    with uow:
        assert uow.answers.anonymise([seed.round_id], T0 + timedelta(days=1)) == 1
        uow.commit()

    with uow:
        answers = uow.answers.for_round(seed.round_id)
        tags = uow.answers.tags_for_round(seed.round_id)

    assert [(a.participant_id, a.text) for a in answers] == [(None, None), (seed.bob, "New")]
    assert len(tags) == 2
