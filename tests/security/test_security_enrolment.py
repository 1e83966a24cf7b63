"""Enrolling a TOTP device (req 7), recovery codes (req 8), secrets sealed and rotated
(req 6), and nothing secret in logs or reprs (req 11)."""

from __future__ import annotations

import logging
import math
from datetime import timedelta

import pyotp
import pytest
import segno
from security_testkit import ADMIN, OTHER_ADMIN, SECRET_KEY, Clock, Device, UowFactory, enrol
from sqlalchemy import Engine, text

from bot.security import recovery, totp
from bot.security.qr import qr_png
from bot.security.sealing import CannotOpen, SecretBox
from bot.services.admin import (
    ENROLMENT_TTL,
    AdminService,
    Check,
    DeviceState,
    NotAuthorised,
    Outcome,
    StepUpRequired,
    secret_context,
)
from bot.services.admin_keys import rotate_keys
from bot.services.roles import RoleService

NEW_KEY = "the-next-secret-key-fedcba9876543210"


def raw_rows(engine: Engine, sql: str) -> list[tuple[object, ...]]:
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(sql))]


# --- req 7: enrolment -------------------------------------------------------------


def test_req07_enrolment_gives_a_uri_a_qr_and_the_secret(
    admins: AdminService, roles: RoleService, clock: Clock
) -> None:
    roles.grant(ADMIN, "admin", clock())

    started = admins.start_enrolment(ADMIN, clock())

    uri = started.uri.get_secret_value()
    parsed = pyotp.parse_uri(uri)
    assert uri.startswith("otpauth://totp/")
    assert parsed.secret == started.secret.get_secret_value()
    assert (parsed.digits, parsed.interval, parsed.issuer) == (6, 30, "Copro")
    assert started.qr_png.startswith(b"\x89PNG\r\n\x1a\n")
    assert started.expires_at == clock() + timedelta(minutes=10)


def test_req07_the_qr_encodes_the_provisioning_uri(
    admins: AdminService, roles: RoleService, clock: Clock
) -> None:
    roles.grant(ADMIN, "admin", clock())
    started = admins.start_enrolment(ADMIN, clock())

    assert started.qr_png == qr_png(started.uri)
    matrix = segno.make(started.uri.get_secret_value(), error="m")
    assert matrix.designator.endswith("-M")  # medium error correction: prints and scans well


def test_req07_the_device_is_active_only_after_one_valid_code(
    admins: AdminService, roles: RoleService, clock: Clock
) -> None:
    roles.grant(ADMIN, "admin", clock())
    device = Device(admins.start_enrolment(ADMIN, clock()).secret)

    assert admins.verify(ADMIN, device.code(clock()), clock()).check is Check.NOT_ENROLLED
    wrong = admins.confirm_enrolment(ADMIN, device.wrong_code(clock()), clock())
    assert (wrong.check, wrong.outcome, wrong.recovery_codes) == (Check.WRONG, Outcome.REFUSED, ())

    confirmed = admins.confirm_enrolment(ADMIN, device.code(clock.advance(1)), clock())

    assert confirmed.accepted and len(confirmed.recovery_codes) == 10
    assert admins.session(ADMIN, clock()).fresh(clock())
    # the confirming code is used up
    assert admins.verify(ADMIN, device.code(clock()), clock.advance(1)).check is Check.REPLAYED
    assert admins.verify(ADMIN, device.code(clock.advance(60)), clock()).accepted


def test_req07_an_unconfirmed_enrolment_expires_after_ten_minutes(
    admins: AdminService, roles: RoleService, clock: Clock
) -> None:
    roles.grant(ADMIN, "admin", clock())
    device = Device(admins.start_enrolment(ADMIN, clock()).secret)

    late = clock.advance(ENROLMENT_TTL.total_seconds() + 1)
    expired = admins.confirm_enrolment(ADMIN, device.code(late), late)

    assert expired.check is Check.EXPIRED and expired.outcome is Outcome.REFUSED
    again = admins.confirm_enrolment(ADMIN, device.code(late), late)
    assert again.check is Check.NOT_ENROLLED  # the pending secret is gone


def test_req07_an_enrolment_can_be_confirmed_up_to_ten_minutes(
    admins: AdminService, roles: RoleService, clock: Clock
) -> None:
    roles.grant(ADMIN, "admin", clock())
    device = Device(admins.start_enrolment(ADMIN, clock()).secret)
    in_time = clock.advance(ENROLMENT_TTL.total_seconds())
    assert admins.confirm_enrolment(ADMIN, device.code(in_time), in_time).accepted


def test_req07_only_staff_can_enrol(
    admins: AdminService, roles: RoleService, clock: Clock
) -> None:
    # a participant has no role; officers enrol too since finding 12
    with pytest.raises(NotAuthorised):
        admins.start_enrolment(ADMIN, clock())


def test_req07_replacing_a_device_needs_a_fresh_code_and_keeps_the_old_one_until_confirmed(
    admins: AdminService, roles: RoleService, clock: Clock
) -> None:
    old, _ = enrol(admins, roles, ADMIN, clock)
    clock.advance(minutes=6)
    with pytest.raises(StepUpRequired):
        admins.start_enrolment(ADMIN, clock())
    assert admins.verify(ADMIN, old.code(clock()), clock()).accepted

    new = Device(admins.start_enrolment(ADMIN, clock()).secret)
    clock.advance(30)
    assert admins.verify(ADMIN, old.code(clock()), clock()).accepted  # still the old device
    assert admins.confirm_enrolment(ADMIN, new.code(clock()), clock()).accepted

    clock.advance(30)
    assert admins.verify(ADMIN, old.code(clock()), clock()).check is Check.WRONG
    assert admins.verify(ADMIN, new.code(clock.advance(1)), clock()).accepted


def test_req07_confirmation_failures_count_towards_the_throttle(
    admins: AdminService, roles: RoleService, clock: Clock
) -> None:
    roles.grant(ADMIN, "admin", clock())
    device = Device(admins.start_enrolment(ADMIN, clock()).secret)
    assert admins.confirm_enrolment(ADMIN, device.wrong_code(clock()), clock()).check is Check.WRONG
    throttled = admins.confirm_enrolment(ADMIN, device.code(clock()), clock())
    assert throttled.check is Check.THROTTLED


def test_req07_the_device_state_tells_the_chat_whether_to_confirm_or_verify(
    admins: AdminService, roles: RoleService, clock: Clock
) -> None:
    assert admins.device_state(ADMIN, clock()) is DeviceState.NOT_ADMIN
    roles.grant(ADMIN, "admin", clock())
    assert admins.device_state(ADMIN, clock()) is DeviceState.NONE
    device = Device(admins.start_enrolment(ADMIN, clock()).secret)
    assert admins.device_state(ADMIN, clock()) is DeviceState.PENDING
    assert admins.device_state(ADMIN, clock() + ENROLMENT_TTL * 2) is DeviceState.NONE
    admins.confirm_enrolment(ADMIN, device.code(clock()), clock())
    assert admins.device_state(ADMIN, clock()) is DeviceState.ENROLLED


# --- req 8: recovery codes ----------------------------------------------------------


def test_req08_ten_recovery_codes_of_at_least_112_bits(
    admins: AdminService, roles: RoleService, clock: Clock
) -> None:
    _, enrolled = enrol(admins, roles, ADMIN, clock)
    codes = [code.get_secret_value() for code in enrolled.recovery_codes]

    assert len(codes) == len(set(codes)) == 10
    for code in codes:
        plain = recovery.normalise(code)
        assert plain is not None
        assert len(plain) * math.log2(32) >= 112
    assert recovery.BITS >= 112


def test_req08_a_recovery_code_works_once(
    admins: AdminService, roles: RoleService, clock: Clock, new_uow: UowFactory
) -> None:
    _, enrolled = enrol(admins, roles, ADMIN, clock)
    code = enrolled.recovery_codes[0].get_secret_value()

    first = admins.verify_recovery_code(ADMIN, code, clock())
    second = admins.verify_recovery_code(ADMIN, code, clock.advance(5))

    assert first.check is Check.ACCEPTED
    assert second.check is Check.WRONG and second.outcome is Outcome.REFUSED
    with new_uow() as uow:
        assert uow.recovery_codes.remaining(ADMIN) == 9


def test_req08_recovery_codes_are_read_leniently_but_strictly_shaped(
    admins: AdminService, roles: RoleService, clock: Clock
) -> None:
    _, enrolled = enrol(admins, roles, ADMIN, clock)
    code = enrolled.recovery_codes[1].get_secret_value()
    assert admins.verify_recovery_code(ADMIN, "not-a-code", clock()).check is Check.MALFORMED
    spaced = code.lower().replace("-", " ")
    assert admins.verify_recovery_code(ADMIN, spaced, clock.advance(2)).accepted


def test_req08_recovery_codes_are_stored_hashed(
    admins: AdminService, roles: RoleService, clock: Clock, engine: Engine
) -> None:
    _, enrolled = enrol(admins, roles, ADMIN, clock)
    stored = raw_rows(engine, "SELECT code_hash FROM recovery_code")
    dump = repr(stored)

    assert len(stored) == 10
    for code in enrolled.recovery_codes:
        plain = code.get_secret_value()
        assert plain not in dump and plain.replace("-", "") not in dump


def test_req08_regenerating_replaces_the_whole_set(
    admins: AdminService, roles: RoleService, clock: Clock, new_uow: UowFactory
) -> None:
    device, enrolled = enrol(admins, roles, ADMIN, clock)
    clock.advance(minutes=6)
    with pytest.raises(StepUpRequired):
        admins.regenerate_recovery_codes(ADMIN, clock())
    assert admins.verify(ADMIN, device.code(clock()), clock()).accepted

    fresh = admins.regenerate_recovery_codes(ADMIN, clock())

    assert len(fresh) == 10
    old = enrolled.recovery_codes[0].get_secret_value()
    assert admins.verify_recovery_code(ADMIN, old, clock()).check is Check.WRONG
    new = fresh[0].get_secret_value()
    assert admins.verify_recovery_code(ADMIN, new, clock.advance(1)).accepted
    with new_uow() as uow:
        assert uow.recovery_codes.remaining(ADMIN) == 9


# --- req 6: secrets sealed, key rotation --------------------------------------------


def test_req06_secrets_are_never_stored_in_clear(
    admins: AdminService, roles: RoleService, clock: Clock, engine: Engine
) -> None:
    device, _ = enrol(admins, roles, ADMIN, clock)
    pending = Device(admins.start_enrolment(ADMIN, clock()).secret)  # fresh: allowed
    dump = repr(raw_rows(engine, "SELECT * FROM admin_credential"))
    dump += repr(raw_rows(engine, "SELECT * FROM audit_log"))

    for secret in (device.secret, pending.secret):
        plain = secret.get_secret_value()
        assert plain not in dump and plain.lower() not in dump
    sealed = raw_rows(engine, "SELECT secret, pending_secret FROM admin_credential")[0]
    assert all(str(value).startswith("v1:") for value in sealed)


def test_req06_a_sealed_secret_opens_only_for_its_own_admin() -> None:
    box = SecretBox(SECRET_KEY)
    secret = totp.new_secret()
    sealed = box.seal(secret, secret_context(ADMIN))
    assert box.open(sealed, secret_context(ADMIN)).get_secret_value() == secret.get_secret_value()
    with pytest.raises(CannotOpen):
        box.open(sealed, secret_context(OTHER_ADMIN))
    assert box.seal(secret, secret_context(ADMIN)) != sealed  # a fresh nonce each time


def test_req06_key_rotation_reseals_and_the_old_key_no_longer_opens(
    admins: AdminService, roles: RoleService, clock: Clock, new_uow: UowFactory, engine: Engine
) -> None:
    device, _ = enrol(admins, roles, ADMIN, clock)
    before = raw_rows(engine, "SELECT secret FROM admin_credential")[0][0]

    with new_uow() as uow:
        assert rotate_keys(uow, SECRET_KEY, NEW_KEY, clock()) == 1
        uow.commit()

    after = raw_rows(engine, "SELECT secret FROM admin_credential")[0][0]
    assert isinstance(after, str) and after != before
    with pytest.raises(CannotOpen):
        SecretBox(SECRET_KEY).open(after, secret_context(ADMIN))
    opened = SecretBox(NEW_KEY).open(after, secret_context(ADMIN))
    assert opened.get_secret_value() == device.secret.get_secret_value()
    rotated = AdminService(new_uow, NEW_KEY)
    assert rotated.verify(ADMIN, device.code(clock()), clock()).accepted
    with new_uow() as uow:
        assert uow.audit.latest(2)[1].action == "keys.rotated"


def test_req06_rotation_with_the_wrong_old_key_changes_nothing(
    admins: AdminService, roles: RoleService, clock: Clock, new_uow: UowFactory, engine: Engine
) -> None:
    enrol(admins, roles, ADMIN, clock)
    before = raw_rows(engine, "SELECT secret FROM admin_credential")

    with new_uow() as uow, pytest.raises(CannotOpen):
        rotate_keys(uow, "not-the-key", NEW_KEY, clock())

    assert raw_rows(engine, "SELECT secret FROM admin_credential") == before


def test_req06_an_empty_key_cannot_seal() -> None:
    with pytest.raises(ValueError, match="COPRO_SECRET_KEY"):
        SecretBox("")


# --- req 11: nothing secret in logs or reprs ----------------------------------------


def test_req11_logs_and_reprs_carry_no_secret_code_or_uri(
    admins: AdminService,
    roles: RoleService,
    clock: Clock,
    new_uow: UowFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    # SQLAlchemy's own statement log too: it must show no secret either
    logging.getLogger("sqlalchemy.engine").setLevel(logging.DEBUG)
    try:
        roles.grant(ADMIN, "admin", clock())
        started = admins.start_enrolment(ADMIN, clock())
        device = Device(started.secret)
        codes = [device.code(clock())]
        enrolled = admins.confirm_enrolment(ADMIN, codes[0], clock())
        codes.append(device.code(clock.advance(30)))
        verified = admins.verify(ADMIN, codes[1], clock())
        replayed = admins.verify(ADMIN, codes[1], clock())
        codes.append(device.wrong_code(clock.advance(30)))
        admins.verify(ADMIN, codes[2], clock())
        recovery_code = enrolled.recovery_codes[0].get_secret_value()
        admins.verify_recovery_code(ADMIN, recovery_code, clock.advance(5))
        with new_uow() as uow:
            rotate_keys(uow, SECRET_KEY, NEW_KEY, clock())
            uow.commit()
    finally:
        logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)

    reprs = " ".join(repr(x) for x in (started, enrolled, verified, replayed, admins))
    reprs += str(started) + str(enrolled)
    forbidden = [
        device.secret.get_secret_value(),
        started.uri.get_secret_value(),
        "otpauth://",
        SECRET_KEY,
        NEW_KEY,
        *codes,
        *(code.get_secret_value() for code in enrolled.recovery_codes),
        *(recovery.normalise(c.get_secret_value()) or "" for c in enrolled.recovery_codes),
    ]
    assert caplog.records, "the services log what happened"
    for text_ in (caplog.text, reprs):
        for secret in forbidden:
            assert secret not in text_
