"""Participants are a 64-bit user id and a language; erasing one removes all they gave."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import func, select
from storage_testkit import Seed

from storage import AnswerRow, EnrolmentRow, SessionRow, SqlUnitOfWork, TagRow


def test_a_64_bit_user_id_round_trips(uow: SqlUnitOfWork) -> None:
    user_id = 2**62
    with uow:
        created = uow.participants.get_or_create(user_id)
        uow.commit()

    with uow:
        found = uow.participants.get(user_id)

    assert found is not None
    assert found.id == created.id
    assert found.telegram_user_id == user_id
    assert found.reachable


def test_get_or_create_returns_the_same_participant(uow: SqlUnitOfWork) -> None:
    with uow:
        first = uow.participants.get_or_create(12345, "cy")
        second = uow.participants.get_or_create(12345, "en")
        uow.commit()

    assert first.id == second.id
    assert second.language == "cy"


def test_enrolling_again_updates_role_language_and_consent(uow: SqlUnitOfWork, seed: Seed) -> None:
    consented = datetime(2026, 12, 1, 10, tzinfo=UTC)
    with uow:
        uow.participants.enrol(
            seed.alice, seed.consultation_id, role="worker", language="cy", consented_at=consented
        )
        uow.participants.mute_reminders(seed.alice, seed.consultation_id, True)
        uow.commit()

    with uow:
        enrolment = uow.participants.enrolment(seed.alice, seed.consultation_id)
        everyone = uow.participants.enrolled(seed.consultation_id)

    assert enrolment is not None
    assert (enrolment.role, enrolment.language, enrolment.consented_at) == (
        "worker",
        "cy",
        consented,
    )
    assert enrolment.reminders_muted
    assert [e.participant_id for e in everyone] == [seed.alice, seed.bob]


def test_an_unreachable_participant_is_remembered(uow: SqlUnitOfWork, seed: Seed) -> None:
    with uow:
        assert uow.participants.set_reachable(seed.bob_user_id, False)
        assert not uow.participants.set_reachable(1, False)
        uow.commit()

    with uow:
        bob = uow.participants.get(seed.bob_user_id)

    assert bob is not None and not bob.reachable


def test_erasing_a_participant_removes_their_answers_tags_and_sessions(
    uow: SqlUnitOfWork, seed: Seed
) -> None:
    ideas = seed.questions["ideas"]
    with uow:
        for person in (seed.alice, seed.bob):
            uow.answers.put(person, seed.round_id, seed.questions["visits"], "daily")
            uow.answers.put(person, seed.round_id, ideas, None, text="More benches please")
            uow.sessions.save(person, seed.consultation_id, state="{}", status="waiting")
        uow.outbox.enqueue(seed.alice_user_id, "reminder", {"round": "discover"})
        for answer in uow.answers.claim_untagged(10, "w1"):
            assert answer.id is not None
            uow.answers.save_tags(answer.id, worker="w1", tagger="t", themes=["parks"])
        uow.commit()

    with uow:
        assert uow.participants.delete(seed.alice)
        uow.commit()

    with uow:

        def count(model: type) -> int:
            return int(uow.session.exec(select(func.count()).select_from(model)).one())

        assert uow.participants.get(seed.alice_user_id) is None
        assert uow.answers.for_participant(seed.alice) == []
        assert uow.sessions.for_participant(seed.alice) == []
        assert uow.participants.enrolment(seed.alice, seed.consultation_id) is None
        assert uow.outbox.counts() == {}
        assert (count(AnswerRow), count(TagRow), count(SessionRow), count(EnrolmentRow)) == (
            2,
            1,
            1,
            1,
        )
        assert not uow.participants.delete(seed.alice)
