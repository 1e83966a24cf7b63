"""Who hears about a round, each in a language the bot speaks (from the audience repository)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from bot.services.ports import Contact, UnitOfWork


@dataclass(frozen=True)
class Recipient:
    participant_id: int
    user_id: int
    language: str


def open_notice_audience(
    uow: UnitOfWork, consultation_id: int, round_id: int, mail: bool = False
) -> list[Recipient]:
    """Enrolled, consented and reachable people not already in this round (with `mail`: web
    participants with an e-mail address, `user_id` being their participant id)."""
    found = uow.audiences.not_in_round(consultation_id, round_id, mail=mail)
    return [_recipient(c) for c in found]


def reminder_audience(
    uow: UnitOfWork, consultation_id: int, round_id: int, before: datetime, mail: bool = False
) -> list[Recipient]:
    """People in this round who consented, have not finished, are reachable, did not mute
    reminders, and have not touched their session since `before` (the reminder's time)."""
    found = uow.audiences.to_remind(consultation_id, round_id, before, mail=mail)
    return [_recipient(c) for c in found]


def reminders_per_user(keys: set[str]) -> Counter[int]:
    """How many reminders each user has had, from keys `remind:{round}:{user}:{n}`."""
    return Counter(int(key.split(":")[2]) for key in keys)


def _recipient(contact: Contact) -> Recipient:
    language = contact.language if contact.language in ("en", "cy") else "en"
    return Recipient(contact.participant_id, contact.user_id, language)
