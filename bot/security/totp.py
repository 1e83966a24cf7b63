"""Time-based one-time codes: pyotp computes them; which steps a code matches is decided here.

Copro keeps the state pyotp does not (the last step accepted, failures): see
`bot.services.admin`. Times reach pyotp as aware UTC datetimes, never naive ones.
"""

from __future__ import annotations

import hmac
import re
from datetime import UTC, datetime

import pyotp
from pydantic import SecretStr

STEP_SECONDS = 30
DIGITS = 6
DRIFT_STEPS = 1  # one step either side (RFC 6238 5.2)
ISSUER = "Copro"
_CODE = re.compile(r"[0-9]{6}", re.ASCII)


def new_secret() -> SecretStr:
    """A fresh base32 secret of 160 bits."""
    return SecretStr(pyotp.random_base32())


def parse_code(text: str) -> str | None:
    """Exactly six ASCII digits after trimming, else None (no full-width digits, no spaces)."""
    trimmed = text.strip()
    return trimmed if _CODE.fullmatch(trimmed) else None


def matching_steps(secret: SecretStr, code: str, now: datetime) -> list[int]:
    """The steps within the drift window whose code equals `code` (compared in constant time)."""
    totp = _totp(secret)
    current = totp.timecode(_aware_utc(now))
    found = []
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        # no early exit: every step in the window costs the same
        if step >= 0 and hmac.compare_digest(totp.generate_otp(step), code):
            found.append(step)
    return found


def code_at(secret: SecretStr, now: datetime) -> str:
    """The code for `now` (for tests and the sandbox's pretend authenticator)."""
    return _totp(secret).at(_aware_utc(now))


def provisioning_uri(secret: SecretStr, account: str) -> SecretStr:
    """The `otpauth://` URI an authenticator app scans; it contains the secret."""
    return SecretStr(_totp(secret).provisioning_uri(name=account, issuer_name=ISSUER))


def _totp(secret: SecretStr) -> pyotp.TOTP:
    return pyotp.TOTP(secret.get_secret_value(), digits=DIGITS, interval=STEP_SECONDS)


def _aware_utc(now: datetime) -> datetime:
    if now.tzinfo is None:
        raise ValueError("TOTP needs a timezone-aware time; naive times read as local time")
    return now.astimezone(UTC)
