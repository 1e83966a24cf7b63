"""E-mail copies of a round's notices and reminders, for web participants with an address.

Queued beside the chat messages, in the same transaction, only when e-mail is set up
(COPRO_SMTP_URL); each person gets the words their chat counterpart would, in their language.
"""

from __future__ import annotations

from datetime import datetime

from bot.engine.model import Consultation, Round
from bot.i18n.catalogue import Catalogue
from bot.scheduling import audience, notices
from bot.scheduling.times import ReminderSlot
from bot.services import mail_notices
from bot.services.ports import Queued, UnitOfWork


def open_copies(
    uow: UnitOfWork,
    catalogue: Catalogue,
    consultation: Consultation,
    consultation_id: int,
    round_: Round,
    round_id: int,
    closes: datetime | None,
    not_before: datetime | None,
) -> list[Queued]:
    """'A new round is open' to each web participant with an address not in the round yet."""
    people = audience.open_notice_audience(uow, consultation_id, round_id, mail=True)
    return [
        mail_notices.email_copy(
            person.user_id, "round_open", person.language, consultation.slug,
            consultation.title.get(person.language),
            notices.open_notice(catalogue, consultation, round_, closes, person.user_id,
                                person.language),
            mail_notices.open_key(round_id, person.user_id), not_before,
        )
        for person in people
    ]


def reminder_copies(
    uow: UnitOfWork,
    catalogue: Catalogue,
    consultation: Consultation,
    consultation_id: int,
    round_: Round,
    round_id: int,
    closes: datetime,
    slot: ReminderSlot,
    per_round: int,
) -> list[Queued]:
    """The reminder due in `slot`, to web participants with an address who should have it
    (at most `per_round` a round each, never the same slot twice)."""
    prefix = mail_notices.round_prefixes(round_id)[1]
    queued_before = uow.outbox.dedupe_keys(prefix)
    counts = audience.reminders_per_user(queued_before)
    copies = []
    for person in audience.reminder_audience(uow, consultation_id, round_id, slot.at, mail=True):
        key = mail_notices.reminder_key(round_id, person.user_id, slot.n)
        if key in queued_before or counts[person.user_id] >= per_round:
            continue
        chat = notices.reminder(catalogue, consultation, round_, closes, person.user_id,
                                person.language)  # fmt: skip
        copies.append(mail_notices.email_copy(
            person.user_id, "reminder", person.language, consultation.slug,
            consultation.title.get(person.language), chat, key,
        ))
    return copies
