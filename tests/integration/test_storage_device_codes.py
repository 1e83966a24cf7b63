"""'Continue on another device' codes in storage and the service on top: only a keyed hash
is stored, each code is taken once, before it expires, and erasing the person ends it."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from sqlmodel import select
from storage_testkit import UowFactory

from bot.security.device_codes import read_code
from bot.services.device_codes import CODE_LIFETIME, DeviceCodeService
from bot.services.people import PersonKey
from storage import SqlUnitOfWork
from storage.identity import Identity
from storage.tables import DeviceCodeRow

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)
WEB_KEY = "k" * 32
KEY = b"device-code-test-key-32-bytes..."


def web_participant(new_uow: UowFactory, key: str = WEB_KEY) -> int:
    with new_uow() as uow:
        uow.participants.ensure(Identity.web(key), now=NOW)
        uow.commit()
        row = uow.participants.find(Identity.web(key))
        assert row is not None and row.id is not None
        return row.id


def test_a_code_is_taken_once_and_only_its_hash_is_stored(new_uow: UowFactory) -> None:
    web_participant(new_uow)
    service = DeviceCodeService(new_uow, KEY)
    issued = service.issue(PersonKey.web(WEB_KEY), "victoria-park", NOW)
    assert issued is not None and issued.expires == NOW + CODE_LIFETIME

    with new_uow() as uow:
        [row] = uow.session.exec(select(DeviceCodeRow)).all()
        plain = read_code(issued.code)
        assert plain is not None and plain not in row.code_hash and row.slug == "victoria-park"

    found = service.redeem(issued.code.lower(), NOW + timedelta(minutes=1))
    assert found is not None and (found.participant_key, found.slug) == (WEB_KEY, "victoria-park")
    assert service.redeem(issued.code, NOW + timedelta(minutes=2)) is None


def test_a_code_expires_and_another_key_opens_nothing(new_uow: UowFactory) -> None:
    web_participant(new_uow)
    service = DeviceCodeService(new_uow, KEY)
    issued = service.issue(PersonKey.web(WEB_KEY), "victoria-park", NOW)
    assert issued is not None
    assert DeviceCodeService(new_uow, b"another key").redeem(issued.code, NOW) is None
    assert service.redeem(issued.code, NOW + CODE_LIFETIME) is None
    assert service.redeem("not a code", NOW) is None


def test_nobody_stored_gets_no_code(new_uow: UowFactory) -> None:
    service = DeviceCodeService(new_uow, KEY)
    assert service.issue(PersonKey.web(WEB_KEY), "victoria-park", NOW) is None
    assert not service.takes_part(PersonKey.web(WEB_KEY))


def test_a_new_code_replaces_the_old_and_sweeps_expired_ones(
    new_uow: UowFactory, uow: SqlUnitOfWork
) -> None:
    first, other = web_participant(new_uow), web_participant(new_uow, "o" * 32)
    with uow:
        uow.device_codes.replace(first, "a" * 64, "x", NOW, NOW + CODE_LIFETIME)
        uow.device_codes.replace(other, "b" * 64, "x", NOW, NOW + CODE_LIFETIME)
        uow.device_codes.replace(first, "c" * 64, "x", NOW, NOW + CODE_LIFETIME)
        uow.commit()
    with uow:
        assert uow.device_codes.take("a" * 64, NOW) is None
        assert uow.device_codes.take("c" * 64, NOW) == (first, "x")
        later = NOW + CODE_LIFETIME
        uow.device_codes.replace(first, "d" * 64, "x", later, later + CODE_LIFETIME)
        uow.commit()
    with uow:
        hashes = {row.code_hash for row in uow.session.exec(select(DeviceCodeRow)).all()}
        assert hashes == {"d" * 64}


def test_erasing_the_person_deletes_their_codes(new_uow: UowFactory, uow: SqlUnitOfWork) -> None:
    person = web_participant(new_uow)
    with uow:
        uow.device_codes.replace(person, "a" * 64, "x", NOW, NOW + CODE_LIFETIME)
        uow.participants.delete(person)
        uow.commit()
    with uow:
        assert uow.session.exec(select(DeviceCodeRow)).all() == []


def test_two_browsers_entering_one_code_at_once_carry_on_as_it_once(
    new_uow: UowFactory,
) -> None:
    web_participant(new_uow)
    service = DeviceCodeService(new_uow, KEY)
    issued = service.issue(PersonKey.web(WEB_KEY), "victoria-park", NOW)
    assert issued is not None
    barrier = threading.Barrier(2)
    got: list[object] = []

    def enter() -> None:
        barrier.wait()
        got.append(service.redeem(issued.code, NOW))

    threads = [threading.Thread(target=enter) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(x is None for x in got) == [False, True]
