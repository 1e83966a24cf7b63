"""Continue on another device: a web resident asks for a code; another browser enters it
and becomes the same participant (same answers, same place in the round).

Codes last 30 minutes: long enough to find the other device and type the code, short
enough that one written down or seen over a shoulder is soon worthless. Each works once,
a new one replaces the last, and erasing the person ("Delete my answers") deletes them.
The first device keeps working: the participant key is who the person is (their
pseudonyms are keyed on it), so changing it would split one person into two in the
results; someone done with a shared computer can delete the cookie or their answers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import TracebackType
from typing import Protocol, Self

from bot.security.device_codes import code_hash, new_code, read_code, shown
from bot.services.people import PersonKey
from bot.services.ports import Participants

CODE_LIFETIME = timedelta(minutes=30)


class DeviceCodes(Protocol):
    def replace(self, participant_id: int, code_hash: str, slug: str, now: datetime,
                expires: datetime) -> None: ...
    def take(self, code_hash: str, now: datetime) -> tuple[int, str] | None: ...
    def clear(self, participant_id: int) -> None: ...


class DeviceCodeWork(Protocol):
    """The part of a unit of work that codes need."""

    @property
    def participants(self) -> Participants: ...
    @property
    def device_codes(self) -> DeviceCodes: ...

    def __enter__(self) -> Self: ...
    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 traceback: TracebackType | None) -> None: ...
    def commit(self) -> None: ...


@dataclass(frozen=True)
class IssuedCode:
    code: str
    """As the person reads it: ABCDE-FGHJK."""
    expires: datetime


@dataclass(frozen=True)
class Continuation:
    """Who the code was for, and the consultation to carry on in."""

    participant_key: str
    slug: str


class DeviceCodeService:
    def __init__(self, unit_of_work: Callable[[], DeviceCodeWork], key: bytes) -> None:
        """`key`: the codes' own HMAC key (never the secret key itself)."""
        self._unit_of_work = unit_of_work
        self._key = key

    def issue(self, person: PersonKey, slug: str, now: datetime) -> IssuedCode | None:
        """A new code for a stored participant (their older code stops working); None for
        someone not taking part, who has nothing to carry on."""
        code = new_code()
        expires = now + CODE_LIFETIME
        with self._unit_of_work() as uow:
            participant = uow.participants.find(person.identity)
            if participant is None or participant.id is None:
                return None
            uow.device_codes.replace(participant.id, code_hash(self._key, code), slug, now,
                                     expires)
            uow.commit()
        return IssuedCode(shown(code), expires)

    def redeem(self, typed: str, now: datetime) -> Continuation | None:
        """Use up a code: whose it was, or None when it is malformed, unknown, used or
        expired (the caller refuses all of these alike, so a guess learns nothing)."""
        code = read_code(typed)
        if code is None:
            return None
        with self._unit_of_work() as uow:
            found = uow.device_codes.take(code_hash(self._key, code), now)
            if found is None:
                return None
            participant = uow.participants.get_by_id(found[0])
            if participant is None or participant.web_key is None:
                return None
            uow.commit()
        return Continuation(participant.web_key, found[1])

    def takes_part(self, person: PersonKey) -> bool:
        """Whether this browser is a stored participant already (with answers of its own)."""
        with self._unit_of_work() as uow:
            return uow.participants.find(person.identity) is not None
