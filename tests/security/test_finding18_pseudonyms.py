"""Issue 12, finding 18: pseudonyms are 128 bits, so exports never merge two people and
/erase removes the one person named. Two people whose 32-bit pseudonyms of before were the
same (a birthday search finds a pair in about 50,000 ids) stay two people."""

from __future__ import annotations

import itertools
import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from security_testkit import ADMIN, SECRET_KEY, Clock, UowFactory, enrol

from bot.exports.rows import ExportScope, iter_rows
from bot.security.pseudonyms import pseudonym, shortened
from bot.services.admin import AdminService
from bot.services.admin_data import PseudonymAmbiguous, erase_by_pseudonym
from bot.services.consultations import load_stored
from bot.services.people import pseudonym_source
from bot.services.roles import RoleService
from storage.identity import Identity

SLUG = "victoria-park"
LEGACY = len("P-") + 8
WEB_KEYS = ("web-key-one-0000000000000000", "web-key-two-0000000000000000")


def colliding_ids() -> tuple[int, int]:
    """Two Telegram ids whose first 8 pseudonym digits (all there was before) are equal."""
    seen: dict[str, int] = {}
    for user_id in itertools.count(6_000_000_000):
        legacy = pseudonym(SECRET_KEY, SLUG, user_id)[:LEGACY]
        if legacy in seen:
            return seen[legacy], user_id
        seen[legacy] = user_id
    raise AssertionError("unreachable")


PAIR = colliding_ids()


@pytest.fixture
def people(consultations: dict[str, int], new_uow: UowFactory, clock: Clock) -> list[int]:
    """The colliding pair and two web people, each with one answer to `visits`."""
    consultation_id = consultations[SLUG]
    with new_uow() as uow:
        [first, *_] = uow.consultations.rounds(consultation_id)
        visits = uow.consultations.question_ids(first.id)["visits"]
        identities = [Identity.telegram(u) for u in PAIR] + [Identity.web(k) for k in WEB_KEYS]
        ids = []
        for identity in identities:
            uow.participants.ensure(identity, now=clock())
            person = uow.participants.find(identity)
            assert person is not None
            uow.participants.enrol(person.id, consultation_id, role="resident", language="en",
                                   consented_at=clock())  # fmt: skip
            uow.answers.put(person.id, first.id, visits, "weekly")
            ids.append(person.id)
        uow.commit()
    return ids


def exported_participants(new_uow: UowFactory, clock: Clock) -> list[str]:
    with new_uow() as uow:
        stored = load_stored(uow, SLUG, clock(), ZoneInfo("Europe/London"))
        rows = iter_rows(uow, ExportScope(stored, question_key="visits"), SECRET_KEY,
                         ZoneInfo("Europe/London"), tagger=lambda: None)  # type: ignore[arg-type,return-value]
        return [row.participant for row in rows]


def test_finding18_pseudonyms_are_128_bits_and_shown_shortened() -> None:
    alias = pseudonym(SECRET_KEY, SLUG, PAIR[0])

    assert re.fullmatch(r"P-[0-9a-f]{32}", alias)
    assert shortened(alias) == alias[:LEGACY] + "…"
    assert pseudonym(SECRET_KEY, SLUG, PAIR[0]) != pseudonym(SECRET_KEY, SLUG, PAIR[1])


def test_finding18_an_export_never_merges_two_people(
    people: list[int], new_uow: UowFactory, clock: Clock
) -> None:
    found = exported_participants(new_uow, clock)

    assert len(found) == 4 and len(set(found)) == 4, "one row per person, four people"
    web = {pseudonym(SECRET_KEY, SLUG, pseudonym_source(None, k)) for k in WEB_KEYS}
    assert web <= set(found), "web people have pseudonyms of their own, not an empty cell"


def test_finding18_erase_removes_exactly_the_person_named(
    people: list[int], admins: AdminService, roles: RoleService, new_uow: UowFactory,
    clock: Clock,
) -> None:
    enrol(admins, roles, ADMIN, clock)
    second = pseudonym(SECRET_KEY, SLUG, PAIR[1])
    with new_uow() as uow, pytest.raises(PseudonymAmbiguous):
        erase_by_pseudonym(uow, SLUG, second[:LEGACY], actor=ADMIN, secret_key=SECRET_KEY,
                           now=clock())  # fmt: skip
    with new_uow() as uow:
        assert erase_by_pseudonym(uow, None, second, actor=ADMIN, secret_key=SECRET_KEY,
                                  now=clock() + timedelta(seconds=1))  # fmt: skip
        uow.commit()

    with new_uow() as uow:
        assert uow.participants.get(PAIR[0]) is not None, "the other person is kept"
        assert uow.participants.get(PAIR[1]) is None
    assert len(exported_participants(new_uow, clock)) == 3
