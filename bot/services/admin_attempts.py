"""One 2FA attempt's bookkeeping: who may try, the throttle before the check, failures after.

Every kind of failure has its own `Check` for logs and tests; users only ever see
`Outcome.REFUSED` for all of them (ASVS 5 6.3.8).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from bot.security import throttling, totp
from bot.security.log_pseudonyms import person_in_logs
from bot.services.admin_guard import STAFF, staff_role
from bot.services.admin_ports import SecurityUnitOfWork

logger = logging.getLogger(__name__)


class Check(StrEnum):
    """What happened to an attempt (internal: never shown to the user as such)."""

    ACCEPTED = "accepted"
    MALFORMED = "malformed"
    UNKNOWN_USER = "unknown_user"
    NOT_ADMIN = "not_admin"
    NOT_ENROLLED = "not_enrolled"
    EXPIRED = "expired"
    WRONG = "wrong"
    REPLAYED = "replayed"
    THROTTLED = "throttled"
    LOCKED = "locked"
    RATE_LIMITED = "rate_limited"


class Outcome(StrEnum):
    """The only thing the user is told: verified, or refused (one reply for every failure)."""

    VERIFIED = "verified"
    REFUSED = "refused"


@dataclass(frozen=True)
class Verification:
    """The result of a code or recovery code; `alert` asks the caller to warn the admin."""

    check: Check

    @property
    def accepted(self) -> bool:
        return self.check is Check.ACCEPTED

    @property
    def outcome(self) -> Outcome:
        return Outcome.VERIFIED if self.accepted else Outcome.REFUSED

    @property
    def alert(self) -> bool:
        """A replayed code: someone else may have the admin's code (ASVS 4 2.8.5)."""
        return self.check is Check.REPLAYED


_REFUSALS = {
    throttling.Refusal.LOCKED: Check.LOCKED,
    throttling.Refusal.RATE_LIMITED: Check.RATE_LIMITED,
    throttling.Refusal.THROTTLED: Check.THROTTLED,
}
_THROWAWAY = totp.new_secret()


def gate(
    uow: SecurityUnitOfWork, user_id: int, now: datetime, *, pending: bool = False
) -> tuple[Check | None, Any]:
    """(refusal, None) if the attempt must not be checked, else (None, the locked row).

    `pending`: the attempt confirms a new enrolment rather than using the active device.
    """
    roles = uow.roles.roles_of(user_id)
    if not roles & STAFF:
        _spend_like_a_check(now)
        return (Check.NOT_ADMIN if roles else Check.UNKNOWN_USER), None
    row = uow.credentials.get(user_id, lock=True)
    if row is None or (row.pending_secret if pending else row.secret) is None:
        _spend_like_a_check(now)
        return Check.NOT_ENROLLED, None
    refusal = throttling.refusal(
        failures=row.failures,
        last_failure_at=row.last_failure_at,
        locked=row.locked_at is not None,
        failures_last_hour=uow.credentials.failures_since(user_id, now - throttling.HOUR),
        now=now,
    )
    if refusal is not None:
        return _REFUSALS[refusal], None
    return None, row


def fail(uow: SecurityUnitOfWork, user_id: int, check: Check, now: datetime) -> None:
    """Count a failed check; lock after 10 in a row; audit replays and locks."""
    role = staff_role(uow, user_id)
    failures = uow.credentials.record_failure(user_id, now)
    uow.credentials.forget_failures_before(user_id, now - throttling.HOUR)
    if check is Check.REPLAYED:
        # a security event: never the code itself
        uow.audit.append(user_id, f"{role}.code_replayed", {}, now)
        logger.warning("2fa.code_replayed", extra={"role": role, "staff": person_in_logs(user_id)})
    if failures >= throttling.LOCK_AFTER:
        uow.credentials.lock(user_id, now)
        uow.audit.append(user_id, f"{role}.locked", {"failures": failures}, now)
        logger.warning("2fa.locked", extra={"role": role, "staff": person_in_logs(user_id),
                                            "failures": failures})


def succeed(uow: SecurityUnitOfWork, user_id: int, now: datetime) -> None:
    """A good code: forget failures, start a fresh session, audit the sign-in."""
    role = staff_role(uow, user_id)
    uow.credentials.record_success(user_id, now)
    uow.audit.append(user_id, f"{role}.verified", {}, now)
    logger.info("2fa.verified", extra={"role": role, "staff": person_in_logs(user_id)})


def _spend_like_a_check(now: datetime) -> None:
    # Roughly the work of a real check, so refusals of non-admins take as long.
    totp.matching_steps(_THROWAWAY, "000000", now)
