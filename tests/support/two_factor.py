"""Staff two-step verification for tests: enrol a device and compute its codes with pyotp.

The bot's clock is the test's, so codes are computed at that time, never the wall clock.
"""

from __future__ import annotations

from datetime import datetime

import pyotp

from bot.bootstrap import App


def enrol(app: App, user_id: int, now: datetime) -> str:
    """Set up a TOTP device for an officer or admin, as `/2fa` does; returns its key.

    The confirming code opens a fresh session, so the next 5 minutes need no code."""
    started = app.admins.start_enrolment(user_id, now)
    secret = started.secret.get_secret_value()
    confirmed = app.admins.confirm_enrolment(user_id, code(secret, now), now)
    assert confirmed.accepted, confirmed.check
    return secret


def code(secret: str, now: datetime) -> str:
    """The 6-digit code the person's app shows at `now`."""
    return pyotp.TOTP(secret).at(now)
