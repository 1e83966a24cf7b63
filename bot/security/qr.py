"""A QR code of a provisioning URI, as PNG bytes for the bot to send (and then delete)."""

from __future__ import annotations

import io

import segno
from pydantic import SecretStr


def qr_png(uri: SecretStr, scale: int = 6) -> bytes:
    """The PNG of `uri`; the bytes carry the secret, so never log or keep them."""
    buffer = io.BytesIO()
    segno.make(uri.get_secret_value(), error="m").save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()
