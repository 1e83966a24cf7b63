"""Shared by the security tests: a hand-moved clock, RFC secrets, and an admin being enrolled."""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pydantic import SecretStr

from bot.security import totp
from bot.services.admin import AdminService, EnrolmentResult
from bot.services.roles import RoleService
from storage import SqlUnitOfWork

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted((ROOT / "config" / "consultations").glob("*.yaml"))
SECRET_KEY = "security-test-key-0123456789abcdef"
T0 = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)

# RFC 6238 appendix B / RFC 4226 appendix D: the 20-byte ASCII key "12345678901234567890"
RFC_KEY_ASCII = b"12345678901234567890"
RFC_SECRET = SecretStr(base64.b32encode(RFC_KEY_ASCII).decode())
ADMIN = 7_000_000_001  # above 2**32: Telegram ids are 64-bit
OTHER_ADMIN = 7_000_000_002
OFFICER = 7_000_000_003
STRANGER = 7_000_000_004

UowFactory = Callable[[], SqlUnitOfWork]


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime = T0) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float = 0, **delta: float) -> datetime:
        self.now += timedelta(seconds=seconds, **delta)
        return self.now


@dataclass
class Device:
    """The admin's authenticator app: knows the secret, shows the code for a time."""

    secret: SecretStr

    def code(self, now: datetime) -> str:
        return totp.code_at(self.secret, now)

    def wrong_code(self, now: datetime) -> str:
        """A well-formed code that matches no step in the drift window."""
        candidate = int(self.code(now))
        while True:
            candidate = (candidate + 1) % 1_000_000
            code = f"{candidate:06d}"
            if not totp.matching_steps(self.secret, code, now):
                return code


class FixedSecrets:
    """A `new_secret` for AdminService that hands out known secrets, in order."""

    def __init__(self, *secrets: SecretStr) -> None:
        self._secrets = list(secrets)
        self.issued: list[SecretStr] = []

    def queue(self, secret: SecretStr) -> None:
        self._secrets.append(secret)

    def __call__(self) -> SecretStr:
        secret = self._secrets.pop(0) if self._secrets else totp.new_secret()
        self.issued.append(secret)
        return secret


def enrol(
    admins: AdminService, roles: RoleService, user_id: int, clock: Clock, role: str = "admin"
) -> tuple[Device, EnrolmentResult]:
    """Make `user_id` an admin (or officer) with a confirmed device; the clock ends one
    step later."""
    roles.grant(user_id, role, clock())
    started = admins.start_enrolment(user_id, clock())
    device = Device(started.secret)
    result = admins.confirm_enrolment(user_id, device.code(clock()), clock())
    assert result.accepted, result
    clock.advance(totp.STEP_SECONDS)
    return device, result
