"""The messages the scheduler queues: a round is open, a reminder; as outbox payloads."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.engine.model import Consultation, Round
from bot.i18n.catalogue import Catalogue
from bot.messaging import actions as out
from bot.messaging.buttons import JoinConsultation, MuteReminders, encode
from bot.messaging.outbox_codec import action_to_payload
from bot.services import mail_notices

OPEN_KIND = "round_open"
REMINDER_KIND = "reminder"


def open_key(round_id: int, user_id: int) -> str:
    return f"open:{round_id}:{user_id}"


def reminder_key(round_id: int, user_id: int, n: int) -> str:
    return f"remind:{round_id}:{user_id}:{n}"


def round_prefixes(round_id: int) -> tuple[str, ...]:
    """The dedupe-key prefixes of everything queued for one round (chat and e-mail)."""
    return f"open:{round_id}:", f"remind:{round_id}:", *mail_notices.round_prefixes(round_id)


def open_notice(
    catalogue: Catalogue,
    consultation: Consultation,
    round_: Round,
    closes: datetime | None,
    user_id: int,
    language: str,
) -> dict[str, Any]:
    """'A new round is open', with a button to take part."""
    text = catalogue.text(
        "round_open_notice",
        language,
        consultation=consultation.title.get(language),
        round=round_.title.get(language),
    )
    if closes is not None:
        text += "\n" + catalogue.text("round_open_closes", language, closes=closes)
    join = catalogue.text("round_open_join", language)
    keyboard = (((join, encode(JoinConsultation(consultation.slug))),),)
    return action_to_payload(out.SendText(user_id, text, keyboard))


def reminder(
    catalogue: Catalogue,
    consultation: Consultation,
    round_: Round,
    closes: datetime,
    user_id: int,
    language: str,
) -> dict[str, Any]:
    """'You have not finished yet', with buttons to carry on and to stop reminders."""
    text = catalogue.text(
        "reminder_text",
        language,
        consultation=consultation.title.get(language),
        round=round_.title.get(language),
        closes=closes,
    )
    slug = consultation.slug
    keyboard = (
        ((catalogue.text("reminder_carry_on", language), encode(JoinConsultation(slug))),),
        ((catalogue.text("reminder_stop", language), encode(MuteReminders(slug))),),
    )
    return action_to_payload(out.SendText(user_id, text, keyboard))
