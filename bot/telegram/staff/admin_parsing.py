"""What an admin typed after a command, and the data on the admin's buttons, read strictly.

Nothing here raises on what a person (or a modified client) sent: anything that does not
fit exactly is None. Whether the admin may act now is checked later, on the server.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TAP_PREFIX = "z|"
MAX_TAP_BYTES = 64
ROLES = ("officer", "admin")
EXPORT_FORMATS = ("csv", "xlsx", "jsonl")
AUDIT_DEFAULT = 10
AUDIT_MAX = 50
_MAX_USER_ID = 2**63 - 1

_USER_ID = re.compile(r"[0-9]{1,19}", re.ASCII)
_SLUG = r"[a-z0-9-]{3,40}"
_PSEUDONYM = r"P-(?:[0-9a-f]{32}|[0-9a-f]{8})"  # 128 bits; 8 digits: legacy exports
_SLUG_RE = re.compile(_SLUG, re.ASCII)
_PSEUDONYM_RE = re.compile(_PSEUDONYM, re.ASCII | re.IGNORECASE)
_COUNT = re.compile(r"[0-9]{1,3}", re.ASCII)


@dataclass(frozen=True)
class EraseTap:
    pseudonym: str
    slug: str | None = None


@dataclass(frozen=True)
class PurgeTap:
    slug: str


@dataclass(frozen=True)
class CancelTap:
    pass


Tap = EraseTap | PurgeTap | CancelTap

_ERASE_TAP = re.compile(rf"z\|erase\|({_PSEUDONYM})(?:\|({_SLUG}))?", re.ASCII)
_PURGE_TAP = re.compile(rf"z\|purge\|({_SLUG})", re.ASCII)


def encode_tap(tap: Tap) -> str:
    match tap:
        case EraseTap(pseudonym=p, slug=s):
            data = f"z|erase|{p}" + (f"|{s}" if s else "")
            if len(data.encode()) > MAX_TAP_BYTES:  # a whole pseudonym is unique anywhere
                data = f"z|erase|{p}"
        case PurgeTap(slug=s):
            data = f"z|purge|{s}"
        case CancelTap():
            data = "z|no"
    if len(data.encode()) > MAX_TAP_BYTES:
        raise ValueError("button data longer than Telegram allows")
    return data


def decode_tap(data: object) -> Tap | None:
    """The tap, or None for anything malformed, forged or too long."""
    if not isinstance(data, str) or len(data.encode("utf-8", "replace")) > MAX_TAP_BYTES:
        return None
    if data == "z|no":
        return CancelTap()
    if found := _ERASE_TAP.fullmatch(data):
        return EraseTap(found[1], found[2])
    if found := _PURGE_TAP.fullmatch(data):
        return PurgeTap(found[1])
    return None


def _words(argument: str) -> list[str]:
    return argument.split()


def user_id(text: str) -> int | None:
    """A Telegram user id: digits only (never a @username), positive, 64-bit."""
    if not _USER_ID.fullmatch(text):
        return None
    value = int(text)
    return value if 0 < value <= _MAX_USER_ID else None


def slug(text: str) -> str | None:
    lowered = text.lower()
    return lowered if _SLUG_RE.fullmatch(lowered) else None


def pseudonym(text: str) -> str | None:
    """`P-` and 32 hex digits, as exports show it, or a legacy 8 (any case typed)."""
    return f"P-{text[2:].lower()}" if _PSEUDONYM_RE.fullmatch(text) else None


def user_and_role(argument: str) -> tuple[int, str] | None:
    """`USER_ID officer|admin`."""
    words = _words(argument)
    if len(words) != 2:
        return None
    who, role = user_id(words[0]), words[1].lower()
    return (who, role) if who is not None and role in ROLES else None


def only_user(argument: str) -> int | None:
    words = _words(argument)
    return user_id(words[0]) if len(words) == 1 else None


def erase_target(argument: str) -> tuple[str, str | None] | None:
    """`PSEUDONYM [SLUG]`."""
    words = _words(argument)
    if not 1 <= len(words) <= 2:
        return None
    who = pseudonym(words[0])
    where = slug(words[1]) if len(words) == 2 else None
    if who is None or (len(words) == 2 and where is None):
        return None
    return who, where


def only_slug(argument: str) -> str | None:
    words = _words(argument)
    return slug(words[0]) if len(words) == 1 else None


def export_target(argument: str) -> tuple[str, str] | None:
    """`SLUG [csv|xlsx|jsonl]`, csv by default."""
    words = _words(argument)
    if not 1 <= len(words) <= 2:
        return None
    found = slug(words[0])
    chosen = words[1].lower() if len(words) == 2 else "csv"
    return (found, chosen) if found is not None and chosen in EXPORT_FORMATS else None


def audit_count(argument: str) -> int | None:
    """`[N]`: how many entries, 1 to 50 (10 when not given)."""
    words = _words(argument)
    if not words:
        return AUDIT_DEFAULT
    if len(words) != 1 or not _COUNT.fullmatch(words[0]):
        return None
    count = int(words[0])
    return count if 1 <= count <= AUDIT_MAX else None
