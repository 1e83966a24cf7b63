"""Copro's keys: one per purpose, from COPRO_SECRET_KEY, and the checks a key must pass.

The webhook secret and the audit head's signature each get a key derived with HKDF under
a label of its own, so neither can be worked out from the other or from a pseudonym.
Sealing (admins' TOTP secrets) derives its AES key with HKDF from COPRO_SEALING_KEY when
that is set, else from COPRO_SECRET_KEY exactly as before (`SecretBox`), so secrets
sealed by earlier versions still open and `copro keys rotate` moves sealing to a key of
its own. Pseudonyms stay keyed by COPRO_SECRET_KEY itself, as they always were: an HMAC
output reveals nothing of the key, and keeping it means every pseudonym in earlier exports
still names the same person (the short legacy ones too, as prefixes), across this upgrade
and across any rotation of the sealing key.
"""

from __future__ import annotations

import math
import string
from dataclasses import dataclass, field

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

# Public (it is in this file): only `copro sandbox` and `copro try` may fall back to it.
DEVELOPMENT_KEY = "copro-development-key-not-for-production"
MIN_ENTROPY_BYTES = 32
NEW_KEY_HINT = "python3 -c 'import secrets; print(secrets.token_urlsafe(48))'"
_SALT = b"copro.keys"
_BASE64 = frozenset(string.ascii_letters + string.digits + "+/-_=")


class WeakSecretKey(ValueError):
    """A key no server may run with: missing, guessable, or the development key."""


def entropy_bytes(key: str) -> float:
    """A generous estimate of the random bytes in `key`: its length times the bits each
    character of its alphabet can carry, less when few distinct characters repeat."""
    if not key:
        return 0.0
    chars = set(key)
    if chars <= set(string.hexdigits):
        per_char = 4.0
    elif chars <= _BASE64:
        per_char = 6.0
    else:
        per_char = math.log2(95)  # printable ASCII; a passphrase counts as its characters
    if len(chars) < min(len(key), 2**per_char) / 3:  # "aaaa...", "abab...": repetition
        per_char = math.log2(len(chars)) if len(chars) > 1 else 0.0
    return len(key) * per_char / 8


def key_problem(key: str, name: str = "COPRO_SECRET_KEY") -> str | None:
    """Why `key` must not protect real data, or None when it may."""
    if not key:
        return f"{name} is not set"
    if key == DEVELOPMENT_KEY:
        return f"{name} is the public development key"
    estimate = entropy_bytes(key)
    if estimate < MIN_ENTROPY_BYTES:
        return (f"{name} has about {estimate:.0f} bytes of entropy ({len(key)} characters), "
                f"fewer than {MIN_ENTROPY_BYTES}")
    return None


def require_strong(key: str, name: str = "COPRO_SECRET_KEY") -> None:
    """Raise WeakSecretKey (with the reason and how to make a key) unless `key` is sound."""
    problem = key_problem(key, name)
    if problem is not None:
        raise WeakSecretKey(f"{problem}. Make one with: {NEW_KEY_HINT}")


def _derive(secret_key: str, label: str) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=_SALT, info=label.encode())
    return hkdf.derive(secret_key.encode())


@dataclass(frozen=True)
class KeyRing:
    """The keys of one deployment; printing it shows none of them."""

    pseudonyms: str = field(repr=False)  # HMAC key of every pseudonym (exports, logs): the root
    sealing: str = field(repr=False)  # what `SecretBox` derives its AES-GCM key from
    webhook: str = field(repr=False)  # the webhook secret when COPRO_WEBHOOK_SECRET is unset
    audit: bytes = field(repr=False)  # signs the audit log's head
    web: str = field(repr=False, default="")  # the web channel's cookie and form keys' root

    @classmethod
    def derive(cls, secret_key: str, sealing_key: str = "") -> KeyRing:
        """Every key from COPRO_SECRET_KEY (and COPRO_SEALING_KEY, if set)."""
        if not secret_key:
            raise WeakSecretKey("COPRO_SECRET_KEY is not set")
        return cls(
            pseudonyms=secret_key,  # unchanged since the first version: see the module's note
            sealing=sealing_key or secret_key,
            webhook=_derive(secret_key, "copro webhook secret v1").hex(),
            audit=_derive(secret_key, "copro audit head v1"),
            web=_derive(secret_key, "copro web channel v1").hex(),
        )
