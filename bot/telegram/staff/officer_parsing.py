"""What officers type and tap, read strictly: slugs, keys, times, and the data on buttons.

Nothing here raises on what a person (or a modified client) sent: anything that does not
fit exactly is None. Long texts are cut to fit Telegram's limits.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

TAP_PREFIX = "o|"
MAX_TAP_BYTES = 64
MAX_TEXT = 4000
"""Below Telegram's 4096 characters, with room to spare."""
MAX_CAPTION = 1024

_SLUG = re.compile(r"[a-z0-9-]{3,40}", re.ASCII)
_KEY = re.compile(r"[a-z0-9_]{1,40}", re.ASCII)
_TAP = re.compile(r"o\|([vipfc])\|([0-9a-f]{6})\|([a-z0-9]{1,8})", re.ASCII)


@dataclass(frozen=True)
class Tap:
    """An officer's button: which feature (v, i, p, f), the draft it belongs to, the choice."""

    area: str
    token: str
    choice: str


def encode_tap(area: str, token: str, choice: str) -> str:
    data = f"{TAP_PREFIX}{area}|{token}|{choice}"
    if _TAP.fullmatch(data) is None or len(data.encode()) > MAX_TAP_BYTES:
        raise ValueError(f"not an officer button: {data!r}")
    return data


def decode_tap(data: object) -> Tap | None:
    if not isinstance(data, str) or len(data) > MAX_TAP_BYTES:
        return None
    found = _TAP.fullmatch(data)
    return Tap(*found.groups()) if found else None


def new_token() -> str:
    return secrets.token_hex(3)


def slug_of(text: str) -> str | None:
    slug = text.strip().lower()
    return slug if _SLUG.fullmatch(slug) else None


def key_of(text: str) -> str | None:
    key = text.strip().lower()
    return key if _KEY.fullmatch(key) else None


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_CLOCK = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?", re.ASCII)


def time_words(words: list[str]) -> list[str]:
    """Dates and times as typed, a date and a time written with a space made one word:
    ['2026-12-01', '09:00', '2026-12-15T17:00'] -> ['2026-12-01 09:00', '2026-12-15T17:00']."""
    joined: list[str] = []
    for word in words:
        if joined and _CLOCK.fullmatch(word) and _DATE.fullmatch(joined[-1]):
            joined[-1] = f"{joined[-1]} {word}"
        else:
            joined.append(word)
    return joined


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Long text as several messages, cut between lines where it can be."""
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            if current:
                parts.append(current)
                current = ""
            parts.append(line[:limit])
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            parts.append(current)
            current = line
        else:
            current = candidate
    if current or not parts:
        parts.append(current)
    return parts


def caption(text: str) -> str:
    """A photo caption within Telegram's limit, cut at a word with an ellipsis."""
    if len(text) <= MAX_CAPTION:
        return text
    cut = text[: MAX_CAPTION - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > MAX_CAPTION // 2 else cut) + "…"
