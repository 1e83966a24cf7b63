"""Seal secrets for storage: AES-GCM under a key derived from COPRO_SECRET_KEY with HKDF.

Each sealed value is bound to a context (e.g. the admin it belongs to) as associated data,
so a ciphertext copied onto another row does not open there.
"""

from __future__ import annotations

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from pydantic import SecretStr

PREFIX = "v1:"
_NONCE_BYTES = 12
_SALT = b"copro.sealing"
_INFO = b"copro totp secrets v1"


class CannotOpen(ValueError):
    """The sealed value was made under another key, for another context, or was altered."""


class SecretBox:
    """Seal and open short secrets; the key string itself is never kept."""

    def __init__(self, secret_key: str | SecretStr) -> None:
        raw = secret_key.get_secret_value() if isinstance(secret_key, SecretStr) else secret_key
        if not raw:
            raise ValueError("an empty secret key cannot seal secrets; set COPRO_SECRET_KEY")
        derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=_SALT, info=_INFO).derive(
            raw.encode()
        )
        self._aead = AESGCM(derived)

    def __repr__(self) -> str:
        return "SecretBox(<key hidden>)"

    def seal(self, value: SecretStr, context: str) -> str:
        """`v1:` and base64 of nonce + ciphertext + tag."""
        nonce = os.urandom(_NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, value.get_secret_value().encode(), context.encode())
        return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode("ascii")

    def open(self, token: str, context: str) -> SecretStr:
        """The secret inside `token`; raises CannotOpen if the key or context is wrong."""
        if not token.startswith(PREFIX):
            raise CannotOpen("not a sealed value")
        try:
            blob = base64.urlsafe_b64decode(token[len(PREFIX) :].encode("ascii"))
            plain = self._aead.decrypt(blob[:_NONCE_BYTES], blob[_NONCE_BYTES:], context.encode())
        except (InvalidTag, ValueError) as error:
            raise CannotOpen("the sealed value does not open with this key") from error
        return SecretStr(plain.decode())
