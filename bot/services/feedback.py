""""You said, we did": one message to every participant of a consultation, in their language.

Queued in the outbox (the drainer sends it at the broadcast rate), one row per person, with
dedupe key `feedback:{consultation_id}:{n}:{user_id}` where n counts the consultation's
feedback messages: a repeat of the same send queues nothing twice. Audited.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.services import mail_notices
from bot.services.consultations import load_stored
from bot.services.ports import Queued, UnitOfWork

FEEDBACK_KIND = "feedback"


@dataclass(frozen=True)
class Recipient:
    user_id: int
    language: str


@dataclass(frozen=True)
class FeedbackSent:
    slug: str
    n: int
    queued: int
    by_language: dict[str, int] = field(default_factory=dict)


def feedback_prefix(consultation_id: int) -> str:
    return f"feedback:{consultation_id}:"


def feedback_key(consultation_id: int, n: int, user_id: int) -> str:
    return f"{feedback_prefix(consultation_id)}{n}:{user_id}"


def feedback_audience(
    uow: UnitOfWork, consultation_id: int, languages: Sequence[str], mail: bool = False
) -> list[Recipient]:
    """Everyone enrolled who consented and can be reached, each in a language offered:
    their own if the consultation has it, else the consultation's default. With `mail`, the
    web participants who left an e-mail address (`user_id` is then their participant id)."""
    found = []
    for contact in uow.audiences.enrolled_contacts(consultation_id, mail=mail):
        spoken = (contact.language, contact.enrolled_language)
        language = next((x for x in spoken if x is not None and x in languages), languages[0])
        found.append(Recipient(contact.user_id, language))
    return found


def _prefixes(consultation_id: int) -> tuple[str, str]:
    return feedback_prefix(consultation_id), mail_notices.feedback_prefix(consultation_id)


def next_number(uow: UnitOfWork, consultation_id: int) -> int:
    """1 + the highest n of this consultation's feedback messages so far (chat or e-mail)."""
    numbers = [0]
    for prefix in _prefixes(consultation_id):
        for key in uow.outbox.dedupe_keys(prefix):
            part = str(key)[len(prefix):].split(":", 1)[0]
            if part.isdigit():
                numbers.append(int(part))
    return max(numbers) + 1


def count_audience(
    uow: UnitOfWork, slug: str, now: datetime, zone: Any, mail: bool = False
) -> Counter[str]:
    """How many people the message would reach, per language (with `mail`, by e-mail too)."""
    stored = load_stored(uow, slug, now, zone)
    languages = stored.consultation.languages
    people = feedback_audience(uow, stored.id, languages)
    if mail:
        people += feedback_audience(uow, stored.id, languages, mail=True)
    return Counter(p.language for p in people)


def queue_feedback(
    uow: UnitOfWork,
    slug: str,
    payload_for: Callable[[Recipient], dict[str, Any]],
    now: datetime,
    zone: Any,
    actor: int | None,
    not_before: datetime | None = None,
    mail: bool = False,
) -> FeedbackSent:
    """Queue the message to everyone in `feedback_audience`, in the caller's transaction;
    with `mail` (e-mail is set up), an e-mail copy to each web participant with an address.

    Raises ConsultationNotFound."""
    stored = load_stored(uow, slug, now, zone)
    n = next_number(uow, stored.id)
    languages = stored.consultation.languages
    people = feedback_audience(uow, stored.id, languages)
    messages = [
        Queued(p.user_id, FEEDBACK_KIND, payload_for(p), feedback_key(stored.id, n, p.user_id),
               not_before)
        for p in people
    ]
    by_mail = feedback_audience(uow, stored.id, languages, mail=True) if mail else []
    messages += [
        mail_notices.email_copy(
            p.user_id, "feedback", p.language, slug, stored.consultation.title.get(p.language),
            payload_for(p), mail_notices.feedback_key(stored.id, n, p.user_id), not_before,
        )
        for p in by_mail
    ]
    queued = uow.outbox.enqueue_many(messages, now)
    by_language = dict(Counter(p.language for p in [*people, *by_mail]))
    detail = {"slug": slug, "n": n, "queued": queued, "languages": by_language}
    uow.audit.append(actor, "feedback.sent", detail, now)
    return FeedbackSent(slug, n, queued, by_language)


def feedback_counts(uow: UnitOfWork, consultation_id: int) -> tuple[int, int, int]:
    """(sent, waiting, not sent) of all the consultation's feedback messages."""
    sent = pending = failed = 0
    for found in uow.outbox.status_counts(_prefixes(consultation_id)):
        if found.status == "sent":
            sent += found.count
        elif found.status in ("pending", "sending"):
            pending += found.count
        else:
            failed += found.count
    return sent, pending, failed
