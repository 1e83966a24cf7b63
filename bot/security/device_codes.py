"""Codes that let a web resident carry on from another device: made, read back, hashed.

A code is 10 characters from Crockford's base32 alphabet (no I, L, O or U, so nothing
reads as another character), shown as two groups of five: 50 random bits. With the limits
on tries (a few per browser and per address) and a 30-minute life, guessing any one of
even a million live codes is hopeless. People type what they read, so reading a code back
forgives case, spaces, dashes and the look-alikes (O for 0, I and L for 1).

Only a keyed hash of a code is stored (HMAC-SHA256 under a key of its own), so a copy of
the database gives no working code.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 10
GROUP = 5
_LOOK_ALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_IGNORED = re.compile(r"[\s\-‐‑‒–—_.]+")
MAX_TYPED = 64
"""Longer input is refused unread: no code, however it is spaced, is that long."""


def new_code() -> str:
    """A fresh random code, in its canonical form (10 characters, no separators)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def shown(code: str) -> str:
    """The code as a person reads it: ABCDE-FGHJK."""
    return "-".join(code[n:n + GROUP] for n in range(0, len(code), GROUP))


def read_code(typed: str) -> str | None:
    """The canonical code a person meant, or None when what they typed cannot be one."""
    if len(typed) > MAX_TYPED:
        return None
    bare = _IGNORED.sub("", typed)
    if not bare.isascii():  # upper() would turn "ß" into "SS", and "ı" into "I"
        return None
    code = bare.upper().translate(_LOOK_ALIKES)
    if len(code) != LENGTH or any(c not in ALPHABET for c in code):
        return None
    return code


def code_hash(key: bytes, code: str) -> str:
    """What is stored for a code: its HMAC under the codes' own key (hex, 64 characters)."""
    return hmac.new(key, code.encode("ascii"), hashlib.sha256).hexdigest()
