"""Signed values for the web channel: the participant cookie and each form's CSRF token.

Both use HMAC-SHA256 under keys derived from the settings' secret key, one key per use, so
that a cookie's signature can never pass as a form token or the other way round.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

_KEY = re.compile(r"[A-Za-z0-9_-]{32}")
_NONCE = re.compile(r"[1-9][0-9]{0,18}")
NONCE_LIMIT = 2**62
"""Nonces are 1..2**62; negated they are update ids that no Telegram update can have."""


def derive_key(secret: str, purpose: str) -> bytes:
    """A key for one purpose, derived from the secret key (never the secret key itself)."""
    return hmac.new(secret.encode("utf-8"), f"copro web {purpose} v1".encode(), "sha256").digest()


def _mac(key: bytes, message: str) -> str:
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Signer:
    """Makes and checks the participant cookie and the per-form tokens."""

    cookie_key: bytes
    form_key: bytes

    @classmethod
    def from_secret(cls, secret: str) -> Signer:
        return cls(derive_key(secret, "cookie"), derive_key(secret, "form"))

    @staticmethod
    def new_participant_key() -> str:
        """A random key (192 bits): the only link between a browser and its answers."""
        return secrets.token_urlsafe(24)

    def cookie_for(self, participant_key: str) -> str:
        return f"{participant_key}.{_mac(self.cookie_key, participant_key)}"

    def participant_in(self, cookie: str | None) -> str | None:
        """The key in a cookie, if the cookie is well formed and its signature is ours."""
        if not cookie or cookie.count(".") != 1:
            return None
        key, signature = cookie.split(".")
        if not _KEY.fullmatch(key):
            return None
        if not hmac.compare_digest(signature, _mac(self.cookie_key, key)):
            return None
        return key

    @staticmethod
    def new_nonce() -> int:
        return secrets.randbelow(NONCE_LIMIT) + 1

    def form_token(self, participant_key: str, nonce: int) -> str:
        """The CSRF token of one form: bound to this participant and this form's nonce."""
        return _mac(self.form_key, f"{participant_key}:{nonce}")

    def checked_nonce(self, participant_key: str, nonce: str, token: str) -> int | None:
        """The form's nonce if its token is right for this participant; else None."""
        if not _NONCE.fullmatch(nonce) or int(nonce) > NONCE_LIMIT:
            return None
        expected = self.form_token(participant_key, int(nonce))
        if not hmac.compare_digest(token.encode("utf-8", "replace"), expected.encode()):
            return None
        return int(nonce)
