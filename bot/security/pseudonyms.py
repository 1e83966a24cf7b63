"""Per-consultation pseudonyms: a keyed HMAC of the user id, never the id itself."""

from __future__ import annotations

import hashlib
import hmac


def pseudonym(secret_key: str, consultation_slug: str, telegram_user_id: int | str) -> str:
    """`P-` and 8 hex digits, stable for one person in one consultation."""
    message = f"{consultation_slug}:{telegram_user_id}".encode()
    digest = hmac.new(secret_key.encode(), message, hashlib.sha256).hexdigest()
    return f"P-{digest[:8]}"
