"""Per-consultation pseudonyms: a keyed HMAC of the user id, never the id itself.

A pseudonym is 128 bits (32 hex digits), so that two people never share one: exports join
answers on it and `/erase` finds the person by it. Where people read it (chat replies) it
is shown shortened. Pseudonyms of before were the first 8 of these digits, so a legacy one
is accepted as a prefix only where it names exactly one person (see `matches`).
"""

from __future__ import annotations

import hashlib
import hmac

HEX_DIGITS = 32
LEGACY_HEX_DIGITS = 8
SHOWN_HEX_DIGITS = 8


def pseudonym(secret_key: str, consultation_slug: str, telegram_user_id: int | str) -> str:
    """`P-` and 32 hex digits, stable for one person in one consultation."""
    message = f"{consultation_slug}:{telegram_user_id}".encode()
    digest = hmac.new(secret_key.encode(), message, hashlib.sha256).hexdigest()
    return f"P-{digest[:HEX_DIGITS]}"


def shortened(given: str) -> str:
    """How a pseudonym is shown to a person: `P-1a2b3c4d…` (the full one is in exports)."""
    head = given[: 2 + SHOWN_HEX_DIGITS]
    return head + "…" if len(given) > len(head) else given


def matches(full: str, given: str) -> bool:
    """Whether `given` (a whole pseudonym, or a legacy 8-digit one) names `full`."""
    given = given.strip()
    wanted = given[:2].upper() + given[2:].lower()
    if len(wanted) == len(full):
        return hmac.compare_digest(full.encode(), wanted.encode())
    return len(wanted) == 2 + LEGACY_HEX_DIGITS and hmac.compare_digest(
        full[: len(wanted)].encode(), wanted.encode()
    )
