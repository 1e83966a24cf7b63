"""The unsubscribe link in every e-mail: a token naming the participant, signed, so that it
works from any device (no cookie needed) and cannot be made up for someone else."""

from __future__ import annotations

import hashlib
import hmac
import re

_TOKEN = re.compile(r"([1-9][0-9]{0,18})\.([0-9a-f]{32})")


def _mac(key: str, participant_id: int) -> str:
    label = f"copro unsubscribe v1:{participant_id}".encode()
    return hmac.new(key.encode("utf-8"), label, hashlib.sha256).hexdigest()[:32]


def unsubscribe_token(key: str, participant_id: int) -> str:
    """`{participant id}.{signature}` under `key` (the web channel's key)."""
    return f"{participant_id}.{_mac(key, participant_id)}"


def participant_in(key: str, token: str) -> int | None:
    """The participant id in a token we signed; None for anything else."""
    found = _TOKEN.fullmatch(token)
    if found is None:
        return None
    participant_id = int(found.group(1))
    if not hmac.compare_digest(found.group(2), _mac(key, participant_id)):
        return None
    return participant_id
