"""Retention (req 20), erasing by pseudonym and purging (req 19, 21), personal exports behind
step-up (req 9), all in the audit log with counts only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from security_testkit import ADMIN, SECRET_KEY, Clock, UowFactory, enrol

from bot.security.pseudonyms import pseudonym
from bot.services.admin import AdminService
from bot.services.admin_data import (
    ConsultationMissing,
    RetentionNotOver,
    authorise_personal_export,
    erase_by_pseudonym,
    purge_consultation,
)
from bot.services.admin_guard import StepUpRequired
from bot.services.retention import apply_retention, retention_ends
from bot.services.roles import RoleService

SLUG = "victoria-park"
ALICE, BOB = 5_000_000_001, 5_000_000_002
SECRET_TEXT = "The gate by Elm Road is broken"


@dataclass
class Park:
    consultation_id: int
    round_ids: list[int]
    closes: datetime


@pytest.fixture
def park(consultations: dict[str, int], new_uow: UowFactory, clock: Clock) -> Park:
    """Victoria Park with both rounds closed today, two residents and their answers."""
    consultation_id = consultations[SLUG]
    closes = clock()
    with new_uow() as uow:
        rounds = list(uow.consultations.rounds(consultation_id))
        for round_ in rounds:
            uow.consultations.schedule_round(round_.id, closes - timedelta(days=30), closes)
            uow.consultations.set_round_state(round_.id, "closed")
        questions = uow.consultations.question_ids(rounds[0].id)
        for user_id, text in ((ALICE, SECRET_TEXT), (BOB, "More benches")):
            person = uow.participants.get_or_create(user_id)
            uow.participants.enrol(
                person.id, consultation_id, role="resident", language="en", consented_at=closes
            )
            uow.answers.put(person.id, rounds[0].id, questions["visits"], "weekly")
            uow.answers.put(person.id, rounds[0].id, questions["unsafe_why"], None, text=text)
            uow.sessions.save(person.id, consultation_id, state='{"a": 1}', status="completed")
        for answer in uow.answers.claim_untagged(10, "w"):
            assert uow.answers.save_tags(answer.id, worker="w", tagger="t", themes=["safety"])
        uow.commit()
    return Park(consultation_id, [r.id for r in rounds], closes)


def answers_of(new_uow: UowFactory, park: Park) -> list[tuple[object, ...]]:
    with new_uow() as uow:
        rows = [a for round_id in park.round_ids for a in uow.answers.for_round(round_id)]
        return [(a.participant_id is not None, a.text, a.value) for a in rows]


# --- req 20: retention --------------------------------------------------------------


def test_req20_retention_ends_retention_days_after_the_last_round_closes(
    park: Park, new_uow: UowFactory
) -> None:
    with new_uow() as uow:
        row = uow.consultations.get(SLUG)
        ends = retention_ends(uow, row, park.closes + timedelta(days=1))
    assert row.definition["retention_days"] == 365
    assert ends == park.closes + timedelta(days=365)


def test_req20_nothing_is_removed_before_retention_ends(park: Park, new_uow: UowFactory) -> None:
    before = answers_of(new_uow, park)
    with new_uow() as uow:
        assert apply_retention(uow, park.closes + timedelta(days=364)) == []
        uow.commit()
    assert answers_of(new_uow, park) == before


def test_req20_an_open_consultation_is_never_removed(
    consultations: dict[str, int], new_uow: UowFactory, clock: Clock
) -> None:
    with new_uow() as uow:
        row = uow.consultations.get(SLUG)
        assert retention_ends(uow, row, clock() + timedelta(days=3650)) is None
        assert apply_retention(uow, clock() + timedelta(days=3650)) == []


def test_req20_retention_removes_text_and_the_link_keeping_tags_and_counts(
    park: Park, new_uow: UowFactory
) -> None:
    later = park.closes + timedelta(days=366)
    with new_uow() as uow:
        applied = apply_retention(uow, later)
        uow.commit()

    assert [(a.consultation, a.answers, a.sessions, a.enrolments) for a in applied] == [
        (SLUG, 4, 2, 2)
    ]
    assert sorted(answers_of(new_uow, park), key=repr) == sorted(
        [
            (False, None, "weekly"),
            (False, None, "weekly"),
            (False, None, None),
            (False, None, None),
        ],
        key=repr,
    )
    with new_uow() as uow:
        tags = uow.answers.tags_for_round(park.round_ids[0])
        assert uow.answers.count(round_id=park.round_ids[0]) == 4
        entry = uow.audit.latest(1)[0]
        assert uow.audit.verify() is None
    assert [t.themes for t in tags.values()] == [["safety"], ["safety"]]
    assert entry.action == "retention.applied"
    assert entry.detail == {"consultation": SLUG, "answers": 4, "sessions": 2, "enrolments": 2}
    assert SECRET_TEXT not in str(entry.detail)


def test_req20_retention_runs_again_without_new_entries(park: Park, new_uow: UowFactory) -> None:
    later = park.closes + timedelta(days=366)
    for _ in range(2):
        with new_uow() as uow:
            apply_retention(uow, later)
            uow.commit()
    with new_uow() as uow:
        actions = [e.action for e in uow.audit.latest(50)]
    assert actions.count("retention.applied") == 1


def test_req20_a_round_closed_by_hand_counts_from_its_last_answer(
    park: Park, new_uow: UowFactory
) -> None:
    with new_uow() as uow:
        for round_id in park.round_ids:
            uow.consultations.schedule_round(round_id, None, None)  # closed early, no date
        row = uow.consultations.get(SLUG)
        last = uow.personal_data.last_answer_at(park.round_ids)
        ends = retention_ends(uow, row, park.closes + timedelta(days=400))
    assert last is not None and last.tzinfo is not None
    assert ends == last + timedelta(days=365)


# --- erase by pseudonym, purge, personal export -------------------------------------


@pytest.fixture
def admin(admins: AdminService, roles: RoleService, clock: Clock) -> int:
    enrol(admins, roles, ADMIN, clock)
    return ADMIN


def test_req21_an_admin_erases_a_participant_by_pseudonym(
    park: Park, admin: int, new_uow: UowFactory, clock: Clock
) -> None:
    alias = pseudonym(SECRET_KEY, SLUG, ALICE)
    with new_uow() as uow:
        erased = erase_by_pseudonym(
            uow, SLUG, f" {alias} ", actor=admin, secret_key=SECRET_KEY, now=clock()
        )
        uow.commit()

    assert erased
    with new_uow() as uow:
        assert uow.participants.get(ALICE) is None
        assert uow.participants.get(BOB) is not None
        entry = uow.audit.latest(1)[0]
    assert (entry.action, entry.actor) == ("participant.erased", admin)
    assert alias not in str(entry.detail)
    texts = [text for _, text, _ in answers_of(new_uow, park)]
    assert SECRET_TEXT not in texts and "More benches" in texts


def test_req19_an_unknown_pseudonym_erases_no_one(
    park: Park, admin: int, new_uow: UowFactory, clock: Clock
) -> None:
    with new_uow() as uow:
        assert not erase_by_pseudonym(
            uow, SLUG, "P-00000000", actor=admin, secret_key=SECRET_KEY, now=clock()
        )
        with pytest.raises(ConsultationMissing):
            erase_by_pseudonym(
                uow, "nowhere", "P-00000000", actor=admin, secret_key=SECRET_KEY, now=clock()
            )


def test_req09_erasing_needs_a_fresh_code(
    park: Park, admin: int, new_uow: UowFactory, clock: Clock
) -> None:
    clock.advance(minutes=6)
    alias = pseudonym(SECRET_KEY, SLUG, ALICE)
    with new_uow() as uow, pytest.raises(StepUpRequired):
        erase_by_pseudonym(uow, SLUG, alias, actor=admin, secret_key=SECRET_KEY, now=clock())
    with new_uow() as uow:
        assert uow.participants.get(ALICE) is not None


def test_req09_purging_needs_a_fresh_code_and_the_end_of_retention(
    park: Park, admins: AdminService, admin: int, new_uow: UowFactory, clock: Clock
) -> None:
    with new_uow() as uow, pytest.raises(RetentionNotOver):
        purge_consultation(uow, SLUG, actor=admin, now=clock())

    later = park.closes + timedelta(days=366)
    with new_uow() as uow, pytest.raises(StepUpRequired):
        purge_consultation(uow, SLUG, actor=admin, now=later)


def test_purging_deletes_every_answer_after_retention(
    park: Park, admins: AdminService, roles: RoleService, new_uow: UowFactory, clock: Clock
) -> None:
    clock.now = park.closes + timedelta(days=366)
    enrol(admins, roles, ADMIN, clock)

    with new_uow() as uow:
        assert purge_consultation(uow, SLUG, actor=ADMIN, now=clock()) == 4
        uow.commit()

    assert answers_of(new_uow, park) == []
    with new_uow() as uow:
        entry = uow.audit.latest(1)[0]
    assert entry.action == "consultation.purged"
    assert entry.detail == {
        "consultation": SLUG,
        "answers": 4,
        "tags": 2,
        "sessions": 2,
        "enrolments": 2,
    }


def test_req09_a_personal_export_needs_a_fresh_code_and_is_audited(
    park: Park, admin: int, new_uow: UowFactory, clock: Clock
) -> None:
    with new_uow() as uow:
        authorise_personal_export(uow, SLUG, actor=admin, now=clock())
        uow.commit()
    with new_uow() as uow:
        assert uow.audit.latest(1)[0].action == "export.personal_data"

    clock.advance(minutes=5, seconds=1)
    with new_uow() as uow, pytest.raises(StepUpRequired):
        authorise_personal_export(uow, SLUG, actor=admin, now=clock())
