"""A web participant's e-mail address for notices: leave one (checked, with consent), see
it, remove it (from the page, or from the link in any e-mail).

The address is sealed to the participant's row before it is stored; it is never logged.
"""

from __future__ import annotations

import enum
import logging
from datetime import datetime
from typing import Protocol

from bot.mail.address import checked_address
from bot.mail.unsubscribe import participant_in
from bot.services.people import PersonKey
from bot.services.ports import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)


class Box(Protocol):
    def seal(self, address: str, participant_id: int) -> str: ...
    def open(self, sealed: str, participant_id: int) -> str | None: ...


class Saved(enum.Enum):
    SAVED = "saved"
    NOT_AN_ADDRESS = "not an address"
    NOT_TAKING_PART = "not taking part"
    """No stored web participant with this key: nothing to attach an address to."""


class MailSubscriptions:
    def __init__(self, unit_of_work: UnitOfWorkFactory, box: Box, link_key: str) -> None:
        self._uow = unit_of_work
        self._box = box
        self._link_key = link_key

    @staticmethod
    def is_address(typed: str) -> bool:
        """Whether `typed` is an address we could write to (checked, never raising)."""
        return checked_address(typed) is not None

    def address_of(self, person: PersonKey) -> str | None:
        """The address this web participant left, if any."""
        with self._uow() as uow:
            participant = _participant(uow, person)
            sealed = uow.mail.sealed_address(participant) if participant else None
        return self._box.open(sealed, participant) if sealed and participant else None

    def save(self, person: PersonKey, typed: str, now: datetime) -> Saved:
        """Keep the address they typed (they ticked the consent box); bad input changes
        nothing."""
        address = checked_address(typed)
        if address is None:
            return Saved.NOT_AN_ADDRESS
        with self._uow() as uow:
            participant = _participant(uow, person)
            if participant is None:
                return Saved.NOT_TAKING_PART
            uow.mail.set_address(participant, self._box.seal(address, participant), now)
            uow.commit()
        log.info("mail.address_saved")
        return Saved.SAVED

    def remove(self, person: PersonKey) -> bool:
        """Forget their address and the e-mails waiting for it; False if none was held."""
        with self._uow() as uow:
            participant = _participant(uow, person)
            removed = participant is not None and uow.mail.remove_address(participant)
            uow.commit()
        return removed

    def remove_by_link(self, token: str) -> bool | None:
        """The unsubscribe link: None when the link is not one we made; else as `remove`."""
        participant = participant_in(self._link_key, token)
        if participant is None:
            return None
        with self._uow() as uow:
            removed = uow.mail.remove_address(participant)
            uow.commit()
        if removed:
            log.info("mail.unsubscribed")
        return removed


def _participant(uow: UnitOfWork, person: PersonKey) -> int | None:
    if person.channel != "web":
        return None
    return uow.mail.participant_id(person.id)
