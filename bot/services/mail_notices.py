"""E-mail copies of the notices chat participants get, for web participants with an address.

A copy is an outbox row of kind EMAIL_KIND queued in the same transaction as the chat
notices, with a dedupe key of its own (`mail-open:{round}:{participant}`,
`mail-remind:{round}:{participant}:{n}`, `mail-feedback:{consultation}:{n}:{participant}`)
so a repeat queues nothing twice. Its payload holds the words, never the address: the mail
drainer opens the sealed address only when it sends.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.messaging import actions as out
from bot.messaging.outbox_codec import payload_to_action
from bot.services.ports import EMAIL_KIND, Queued

OPEN_PREFIX = "mail-open"
REMIND_PREFIX = "mail-remind"
FEEDBACK_PREFIX = "mail-feedback"
NOTICES = frozenset({"round_open", "reminder", "feedback"})


def open_key(round_id: int, participant_id: int) -> str:
    return f"{OPEN_PREFIX}:{round_id}:{participant_id}"


def reminder_key(round_id: int, participant_id: int, n: int) -> str:
    return f"{REMIND_PREFIX}:{round_id}:{participant_id}:{n}"


def feedback_prefix(consultation_id: int) -> str:
    return f"{FEEDBACK_PREFIX}:{consultation_id}:"


def feedback_key(consultation_id: int, n: int, participant_id: int) -> str:
    return f"{feedback_prefix(consultation_id)}{n}:{participant_id}"


def round_prefixes(round_id: int) -> tuple[str, str]:
    """The dedupe-key prefixes of every e-mail queued for one round."""
    return f"{OPEN_PREFIX}:{round_id}:", f"{REMIND_PREFIX}:{round_id}:"


def text_of(chat_payload: dict[str, Any]) -> str:
    """The words of a chat notice (its buttons become links in the e-mail)."""
    action = payload_to_action(chat_payload)
    if not isinstance(action, out.SendText):
        raise ValueError("only a text message has an e-mail copy")
    return action.text


def email_payload(
    participant_id: int, notice: str, language: str, slug: str, title: str, text: str
) -> dict[str, Any]:
    """What the mail drainer needs to write the e-mail (and nothing that names the person)."""
    if notice not in NOTICES:
        raise ValueError(f"no e-mail notice called {notice!r}")
    return {"participant": participant_id, "notice": notice, "language": language,
            "slug": slug, "title": title, "text": text}  # fmt: skip


def email_copy(
    participant_id: int,
    notice: str,
    language: str,
    slug: str,
    title: str,
    chat_payload: dict[str, Any],
    dedupe_key: str,
    not_before: datetime | None = None,
) -> Queued:
    """The outbox row of one e-mail copy of a chat notice."""
    payload = email_payload(participant_id, notice, language, slug, title,
                            text_of(chat_payload))  # fmt: skip
    return Queued(participant_id, EMAIL_KIND, payload, dedupe_key, not_before)

