"""Who hears about a round or a feedback message: enrolled people who consented and can be
reached, in the order they joined (or entered the round)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from storage_testkit import Seed

from bot.engine.session import Stage
from storage import SqlUnitOfWork

NOW = datetime(2026, 12, 5, 12, tzinfo=UTC)


def person(uow: SqlUnitOfWork, seed: Seed, user_id: int, *, consented: bool = True,
           language: str = "en", enrolled_language: str = "en") -> int:
    row = uow.participants.get_or_create(user_id, language)
    assert row.id is not None
    uow.participants.enrol(row.id, seed.consultation_id, role="resident",
                           language=enrolled_language, consented_at=NOW if consented else None)
    return row.id


def in_round(uow: SqlUnitOfWork, seed: Seed, participant_id: int, *, status: str = "answering",
             touched: datetime = NOW - timedelta(days=1)) -> None:
    uow.sessions.save(participant_id, seed.consultation_id, state="{}", status=status,
                      round_id=seed.round_id, updated_at=touched)


def test_the_open_notice_goes_to_consenting_reachable_people_not_in_the_round(
    uow: SqlUnitOfWork, seed: Seed
) -> None:
    with uow:
        # the seed's alice and bob are enrolled without consent
        cara = person(uow, seed, 301, language="cy")
        dev = person(uow, seed, 302)
        person(uow, seed, 303, consented=False)
        gone = person(uow, seed, 304)
        uow.participants.set_reachable(304, False)
        started = person(uow, seed, 305)
        in_round(uow, seed, started)
        uow.commit()

    with uow:
        found = uow.audiences.not_in_round(seed.consultation_id, seed.round_id)
        assert [(c.participant_id, c.user_id, c.language) for c in found] == [
            (cara, 301, "cy"), (dev, 302, "en"),
        ]
        assert gone not in {c.participant_id for c in found}
        assert uow.audiences.not_in_round(seed.consultation_id + 1, seed.round_id) == []


def test_a_reminder_goes_to_people_in_the_round_who_stopped_before_it(
    uow: SqlUnitOfWork, seed: Seed
) -> None:
    reminder_at = NOW
    with uow:
        waiting = person(uow, seed, 401)
        in_round(uow, seed, waiting)
        lately = person(uow, seed, 402)
        in_round(uow, seed, lately, touched=reminder_at + timedelta(minutes=1))
        for user_id, ended in ((403, Stage.FINISHED), (404, Stage.DECLINED)):
            in_round(uow, seed, person(uow, seed, user_id), status=ended.value)
        muted = person(uow, seed, 405)
        in_round(uow, seed, muted)
        uow.participants.mute_reminders(muted, seed.consultation_id, True)
        blocked = person(uow, seed, 406)
        in_round(uow, seed, blocked)
        uow.participants.set_reachable(406, False)
        no_consent = person(uow, seed, 407, consented=False)
        in_round(uow, seed, no_consent)
        second = person(uow, seed, 408, language="cy")
        in_round(uow, seed, second)
        not_started = person(uow, seed, 409)
        assert not_started
        uow.commit()

    with uow:
        found = uow.audiences.to_remind(seed.consultation_id, seed.round_id, reminder_at)
        assert [(c.participant_id, c.user_id, c.language) for c in found] == [
            (waiting, 401, "en"), (second, 408, "cy"),
        ]


@pytest.mark.parametrize(("own", "enrolled"), [("cy", "en"), ("fr", "cy")])
def test_feedback_contacts_carry_both_languages(
    uow: SqlUnitOfWork, seed: Seed, own: str, enrolled: str
) -> None:
    with uow:
        first = person(uow, seed, 501, language=own, enrolled_language=enrolled)
        person(uow, seed, 502, consented=False)
        unreachable = person(uow, seed, 503)
        uow.participants.set_reachable(503, False)
        last = person(uow, seed, 504)
        uow.commit()

    with uow:
        found = uow.audiences.enrolled_contacts(seed.consultation_id)
        assert [(c.participant_id, c.user_id, c.language, c.enrolled_language) for c in found] == [
            (first, 501, own, enrolled), (last, 504, "en", "en"),
        ]
        assert unreachable not in {c.participant_id for c in found}
