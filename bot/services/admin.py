"""Staff's second factor (admins and officers): enrol a TOTP device, verify codes and
recovery codes, unlock.

pyotp only computes codes. Copro adds what it lacks: each time step is accepted once per
admin (a conditional UPDATE, so two concurrent uses give one success), a fixed drift of one
step, back-off, lockout and an hourly cap, and one reply for every failure. The chat layer
deletes messages carrying codes and sends enrolment only in a private chat.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from pydantic import SecretStr

from bot.security import recovery, totp
from bot.security.admin_sessions import AdminSession
from bot.security.log_pseudonyms import person_in_logs
from bot.security.qr import qr_png
from bot.security.sealing import SecretBox
from bot.services.admin_attempts import Check, Outcome, Verification, fail, gate, succeed
from bot.services.admin_guard import (
    STAFF,
    EnrolmentRequired,
    NotAuthorised,
    StepUpRequired,
    admin_session,
    require_admin,
    require_fresh_admin,
    require_fresh_staff,
    staff_role,
)
from bot.services.admin_ports import SecurityUnitOfWork, SecurityUnitOfWorkFactory

__all__ = [
    "ENROLMENT_TTL",
    "AdminService",
    "Check",
    "DeviceState",
    "EnrolmentRequired",
    "EnrolmentResult",
    "EnrolmentStart",
    "NotAuthorised",
    "Outcome",
    "StepUpRequired",
    "Verification",
    "require_admin",
    "require_fresh_admin",
    "secret_context",
]

ENROLMENT_TTL = timedelta(minutes=10)
logger = logging.getLogger(__name__)


class DeviceState(StrEnum):
    """Where an admin (or officer) is with their device, so `/2fa CODE` can confirm or verify."""

    NOT_ADMIN = "not_admin"
    NONE = "none"
    PENDING = "pending"  # enrolment started, not confirmed (and not expired)
    ENROLLED = "enrolled"
    LOCKED = "locked"


@dataclass(frozen=True)
class EnrolmentStart:
    """What the admin needs to add the device: a QR of the URI, or the secret typed in."""

    uri: SecretStr
    secret: SecretStr
    qr_png: bytes = field(repr=False)
    expires_at: datetime


@dataclass(frozen=True)
class EnrolmentResult:
    """A confirmed device comes with ten recovery codes, to be shown once."""

    check: Check
    recovery_codes: tuple[SecretStr, ...] = ()

    @property
    def accepted(self) -> bool:
        return self.check is Check.ACCEPTED

    @property
    def outcome(self) -> Outcome:
        return Outcome.VERIFIED if self.accepted else Outcome.REFUSED


def secret_context(user_id: int) -> str:
    """Sealed secrets are bound to their admin: a copied ciphertext opens nowhere else."""
    return f"admin-totp:{user_id}"


class AdminService:
    """2FA for admins and officers (one implementation); every method takes `now` (aware, UTC)
    and opens its own transaction. Admin-only powers (unlocking others) stay admin-only."""

    def __init__(
        self,
        unit_of_work: SecurityUnitOfWorkFactory,
        secret_key: str | SecretStr,
        *,
        new_secret: Callable[[], SecretStr] = totp.new_secret,
        new_recovery_codes: Callable[[], tuple[SecretStr, ...]] = recovery.new_recovery_codes,
    ) -> None:
        self._uow = unit_of_work
        self._box = SecretBox(secret_key)
        self._new_secret = new_secret
        self._new_recovery_codes = new_recovery_codes

    def __repr__(self) -> str:
        return "AdminService(<key hidden>)"

    def start_enrolment(self, user_id: int, now: datetime) -> EnrolmentStart:
        """A new pending device for 10 minutes; replacing a confirmed one needs a fresh code.

        Raises NotAuthorised (not staff, locked) or StepUpRequired (re-enrolment).
        """
        with self._uow() as uow:
            if not STAFF & uow.roles.roles_of(user_id):
                raise NotAuthorised("not an admin or officer")
            row = uow.credentials.create(user_id)
            if row.locked_at is not None:
                raise NotAuthorised("locked out")
            if row.confirmed_at is not None:
                require_fresh_staff(uow, user_id, now)
            secret = self._new_secret()
            sealed = self._box.seal(secret, secret_context(user_id))
            uow.credentials.start_pending(user_id, sealed, now)
            role = staff_role(uow, user_id)
            uow.audit.append(user_id, f"{role}.enrolment_started", {}, now)
            uow.commit()
        uri = totp.provisioning_uri(secret, account=f"{role} {user_id}")
        logger.info("2fa.enrolment_started", extra={"role": role, "staff": person_in_logs(user_id)})
        return EnrolmentStart(uri, secret, qr_png(uri), now + ENROLMENT_TTL)

    def confirm_enrolment(self, user_id: int, code: str, now: datetime) -> EnrolmentResult:
        """Activate the pending device with one good code; returns the recovery codes."""
        with self._uow() as uow:
            check, codes = self._confirm(uow, user_id, code, now)
            uow.commit()
        logger.info("2fa.enrolment_confirmed",
                    extra={"staff": person_in_logs(user_id), "check": str(check)})
        return EnrolmentResult(check, codes)

    def verify(self, user_id: int, code: str, now: datetime) -> Verification:
        """Check a code from the admin's device; a success opens a fresh session."""
        with self._uow() as uow:
            check = self._verify(uow, user_id, code, now)
            uow.commit()
        logger.info("2fa.code_checked",
                    extra={"staff": person_in_logs(user_id), "check": str(check)})
        return Verification(check)

    def verify_recovery_code(self, user_id: int, code: str, now: datetime) -> Verification:
        """Use a recovery code instead of a device code; each code works once."""
        with self._uow() as uow:
            check, _row = gate(uow, user_id, now)
            if check is None:
                normalised = recovery.normalise(code)
                used = normalised is not None and uow.recovery_codes.use(
                    user_id, recovery.code_hash(normalised)
                )
                if used:
                    check = Check.ACCEPTED
                    left = uow.recovery_codes.remaining(user_id)
                    role = staff_role(uow, user_id)
                    uow.audit.append(user_id, f"{role}.recovery_code_used", {"left": left}, now)
                    succeed(uow, user_id, now)
                else:
                    check = Check.WRONG if normalised is not None else Check.MALFORMED
                    fail(uow, user_id, check, now)
            uow.commit()
        logger.info("2fa.recovery_code_checked",
                    extra={"staff": person_in_logs(user_id), "check": str(check)})
        return Verification(check)

    def regenerate_recovery_codes(self, user_id: int, now: datetime) -> tuple[SecretStr, ...]:
        """A new set of ten codes replacing the old; needs a fresh code (StepUpRequired)."""
        with self._uow() as uow:
            require_fresh_staff(uow, user_id, now)
            codes = self._store_new_recovery_codes(uow, user_id, now)
            role = staff_role(uow, user_id)
            uow.audit.append(user_id, f"{role}.recovery_codes_regenerated", {}, now)
            uow.commit()
        return codes

    def device_state(self, user_id: int, now: datetime) -> DeviceState:
        """NONE/PENDING: `/2fa CODE` confirms the enrolment; ENROLLED: it verifies."""
        with self._uow() as uow:
            if not STAFF & uow.roles.roles_of(user_id):
                return DeviceState.NOT_ADMIN
            row = uow.credentials.get(user_id)
        if row is None:
            return DeviceState.NONE
        if row.locked_at is not None:
            return DeviceState.LOCKED
        if row.confirmed_at is not None and row.secret is not None:
            return DeviceState.ENROLLED
        pending = row.pending_since is not None and now - row.pending_since <= ENROLMENT_TTL
        return DeviceState.PENDING if pending else DeviceState.NONE

    def session(self, user_id: int, now: datetime) -> AdminSession:
        """The admin's session (see `AdminSession.active` and `.fresh`)."""
        with self._uow() as uow:
            return admin_session(uow, user_id)

    def end_session(self, user_id: int, now: datetime) -> None:
        """Sign the admin out: the next admin command needs a code."""
        with self._uow() as uow:
            uow.credentials.end_session(user_id)
            uow.commit()

    def unlock(self, user_id: int, now: datetime, by: int | None = None) -> bool:
        """Lift a lockout; `by` is another admin with a fresh code, None the command line."""
        with self._uow() as uow:
            if by is not None:
                if by == user_id:
                    raise NotAuthorised("an admin cannot unlock themselves")
                require_fresh_admin(uow, by, now)
            unlocked = bool(uow.credentials.unlock(user_id))
            if unlocked:
                via = "command line" if by is None else "chat"
                uow.audit.append(by, "admin.unlocked", {"user": user_id, "via": via}, now)
            uow.commit()
        return unlocked

    def _confirm(
        self, uow: SecurityUnitOfWork, user_id: int, code: str, now: datetime
    ) -> tuple[Check, tuple[SecretStr, ...]]:
        check, row = gate(uow, user_id, now, pending=True)
        if check is not None:
            return check, ()
        if now - row.pending_since > ENROLMENT_TTL:
            uow.credentials.clear_pending(user_id)
            return Check.EXPIRED, ()
        parsed = totp.parse_code(code)
        secret = self._box.open(row.pending_secret, secret_context(user_id))
        steps = totp.matching_steps(secret, parsed, now) if parsed else []
        if not steps:
            check = Check.WRONG if parsed else Check.MALFORMED
            fail(uow, user_id, check, now)
            uow.audit.append(user_id, f"{staff_role(uow, user_id)}.enrol_failed", {}, now)
            return check, ()
        # a new secret starts a new sequence of steps: this one is used up
        uow.credentials.activate_pending(user_id, min(steps), now)
        codes = self._store_new_recovery_codes(uow, user_id, now)
        uow.audit.append(user_id, f"{staff_role(uow, user_id)}.enrolled", {}, now)
        succeed(uow, user_id, now)
        return Check.ACCEPTED, codes

    def _verify(self, uow: SecurityUnitOfWork, user_id: int, code: str, now: datetime) -> Check:
        check, row = gate(uow, user_id, now)
        if check is not None:
            return check
        parsed = totp.parse_code(code)
        secret = self._box.open(row.secret, secret_context(user_id))
        steps = totp.matching_steps(secret, parsed, now) if parsed else []
        later = [step for step in steps if row.last_step is None or step > row.last_step]
        if not steps:
            check = Check.WRONG if parsed else Check.MALFORMED
        elif not later or not uow.credentials.advance_step(user_id, min(later)):
            # an earlier or the same step again, or a concurrent use won the UPDATE
            check = Check.REPLAYED
        else:
            succeed(uow, user_id, now)
            return Check.ACCEPTED
        fail(uow, user_id, check, now)
        return check

    def _store_new_recovery_codes(
        self, uow: SecurityUnitOfWork, user_id: int, now: datetime
    ) -> tuple[SecretStr, ...]:
        codes = self._new_recovery_codes()
        hashes = []
        for code in codes:
            normalised = recovery.normalise(code.get_secret_value())
            assert normalised is not None
            hashes.append(recovery.code_hash(normalised))
        uow.recovery_codes.replace(user_id, hashes, now)
        return codes
