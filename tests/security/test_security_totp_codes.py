"""TOTP codes: RFC 6238 and RFC 4226 vectors, through pyotp and through Copro's verifier;
what counts as a well-formed code (req 5) and the fixed drift window (req 3)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from security_testkit import (
    ADMIN,
    RFC_KEY_ASCII,
    RFC_SECRET,
    Clock,
    Device,
    FixedSecrets,
    enrol,
)

from bot.security import totp
from bot.services.admin import AdminService, Check
from bot.services.roles import RoleService

# RFC 6238 appendix B, SHA1 rows: Unix time and the 8-digit TOTP
RFC6238_SHA1 = [
    (59, "94287082"),
    (1111111109, "07081804"),
    (1111111111, "14050471"),
    (1234567890, "89005924"),
    (2000000000, "69279037"),
    (20000000000, "65353130"),
]
# RFC 4226 appendix D: HOTP for counters 0-9
RFC4226 = [
    "755224",
    "287082",
    "359152",
    "969429",
    "338314",
    "254676",
    "287922",
    "162583",
    "399871",
    "520489",
]


def at(unix: int) -> datetime:
    return datetime.fromtimestamp(unix, UTC)


def test_the_rfc_secret_is_the_twenty_byte_ascii_key() -> None:
    assert len(RFC_KEY_ASCII) == 20
    assert pyotp.TOTP(RFC_SECRET.get_secret_value()).byte_secret() == RFC_KEY_ASCII


@pytest.mark.parametrize(("unix", "expected"), RFC6238_SHA1)
def test_rfc6238_sha1_vectors_with_eight_digits(unix: int, expected: str) -> None:
    generator = pyotp.TOTP(RFC_SECRET.get_secret_value(), digits=8)
    assert generator.at(at(unix)) == expected
    assert generator.at(unix) == expected


@pytest.mark.parametrize(("unix", "expected"), RFC6238_SHA1)
def test_rfc6238_sha1_vectors_with_six_digits(unix: int, expected: str) -> None:
    assert totp.code_at(RFC_SECRET, at(unix)) == expected[-6:]
    assert totp.matching_steps(RFC_SECRET, expected[-6:], at(unix)) == [unix // 30]


@pytest.mark.parametrize(("counter", "expected"), list(enumerate(RFC4226)))
def test_rfc4226_hotp_vectors(counter: int, expected: str) -> None:
    assert pyotp.HOTP(RFC_SECRET.get_secret_value()).at(counter) == expected


def test_copros_verifier_accepts_the_rfc6238_vectors_in_order(
    admins: AdminService, roles: RoleService, secrets: FixedSecrets
) -> None:
    """Enrol at T=59 with the RFC key, then verify each later vector at its own time."""
    secrets.queue(RFC_SECRET)
    roles.grant(ADMIN, "admin", at(59))
    started = admins.start_enrolment(ADMIN, at(59))
    assert started.secret.get_secret_value() == RFC_SECRET.get_secret_value()

    confirmed = admins.confirm_enrolment(ADMIN, "287082", at(59))

    assert confirmed.check is Check.ACCEPTED
    for unix, expected in RFC6238_SHA1[1:]:
        assert admins.verify(ADMIN, expected[-6:], at(unix)).check is Check.ACCEPTED, unix


def test_naive_times_are_refused_rather_than_read_as_local_time() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        totp.code_at(RFC_SECRET, datetime(2026, 1, 1, 12, 0))


@pytest.mark.parametrize(
    "text", ["123456", " 123456", "123456\n", "\t123456  "], ids=["plain", "lead", "nl", "ws"]
)
def test_req05_six_ascii_digits_after_trimming_are_well_formed(text: str) -> None:
    assert totp.parse_code(text) == "123456"


@pytest.mark.parametrize(
    "text",
    [
        "１２３４５６",  # full-width digits
        "12３456",
        "١٢٣٤٥٦",  # Arabic-Indic digits
        "123 456",
        "123\u00a0456",
        "12345",
        "1234567",
        "12345a",
        "abcdef",
        "",
        "+12345",
        "-12345",
        "12_456",
        "123456\x00",
    ],
)
def test_req05_codes_must_be_exactly_six_ascii_digits(text: str) -> None:
    assert totp.parse_code(text) is None


def test_req05_full_width_digits_and_inner_spaces_are_refused_by_the_verifier(
    admins: AdminService, roles: RoleService, clock: Clock
) -> None:
    device, _ = enrol(admins, roles, ADMIN, clock)
    right = device.code(clock())
    full_width = right.translate(str.maketrans("0123456789", "０１２３４５６７８９"))

    assert admins.verify(ADMIN, full_width, clock()).check is Check.MALFORMED
    clock.advance(60)
    spaced = device.code(clock())
    assert admins.verify(ADMIN, f"{spaced[:3]} {spaced[3:]}", clock()).check is Check.MALFORMED
    clock.advance(60)
    assert admins.verify(ADMIN, f"  {device.code(clock())}\n", clock()).accepted


@pytest.mark.parametrize(
    ("offset_steps", "accepted"),
    [(-2, False), (-1, True), (0, True), (1, True), (2, False)],
)
def test_req03_the_drift_window_is_exactly_one_step_either_side(
    admins: AdminService,
    roles: RoleService,
    clock: Clock,
    offset_steps: int,
    accepted: bool,
) -> None:
    device, _ = enrol(admins, roles, ADMIN, clock)
    clock.advance(totp.STEP_SECONDS * 3)
    code = device.code(clock() + timedelta(seconds=totp.STEP_SECONDS * offset_steps))

    result = admins.verify(ADMIN, code, clock())

    assert result.accepted is accepted
    assert result.check is (Check.ACCEPTED if accepted else Check.WRONG)


def test_req03_drift_window_constants() -> None:
    assert (totp.DRIFT_STEPS, totp.STEP_SECONDS, totp.DIGITS) == (1, 30, 6)


def test_req06_new_secrets_are_160_bit_base32() -> None:
    secret = totp.new_secret()
    assert len(pyotp.TOTP(secret.get_secret_value()).byte_secret()) * 8 == 160
    assert totp.new_secret().get_secret_value() != secret.get_secret_value()


def test_a_device_knows_its_code() -> None:
    device = Device(RFC_SECRET)
    assert device.code(at(59)) == "287082"
    assert device.wrong_code(at(59)) != "287082"
