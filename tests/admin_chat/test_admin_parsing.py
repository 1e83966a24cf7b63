"""The admin's arguments and button data are read strictly and never raise (item 13)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.telegram.staff import admin_parsing as parse


@given(st.text(max_size=80) | st.binary(max_size=80).map(lambda b: b.decode("latin-1")))
def test_decoding_any_button_data_never_raises(data: str) -> None:
    decoded = parse.decode_tap(data)
    if decoded is not None:
        assert parse.encode_tap(decoded) == data


@given(st.text(max_size=120))
def test_reading_any_argument_never_raises(argument: str) -> None:
    for read in (
        parse.user_and_role,
        parse.only_user,
        parse.erase_target,
        parse.only_slug,
        parse.export_target,
        parse.audit_count,
    ):
        read(argument)


def test_buttons_round_trip_within_telegrams_64_bytes() -> None:
    longest = "a" * 40
    for tap in (
        parse.EraseTap("P-0123abcd", longest),
        parse.EraseTap("P-0123abcd"),
        parse.PurgeTap(longest),
        parse.CancelTap(),
    ):
        data = parse.encode_tap(tap)
        assert len(data.encode()) <= 64 and parse.decode_tap(data) == tap
    for forged in (None, 7, b"z|no", "z|no ", "Z|no", "z|purge|" + "a" * 41, "z|erase|p-0123abcd"):
        assert parse.decode_tap(forged) is None


def test_finding18_a_whole_pseudonym_fits_a_button_and_is_read_in_any_case() -> None:
    whole = "P-" + "0123456789abcdef" * 2
    short = parse.decode_tap(parse.encode_tap(parse.EraseTap(whole, "victoria-park")))
    assert short == parse.EraseTap(whole, "victoria-park")
    # 128 bits name one person anywhere: a slug too long for the button is left off
    assert parse.decode_tap(parse.encode_tap(parse.EraseTap(whole, "a" * 40))) == (
        parse.EraseTap(whole))
    assert parse.erase_target(whole.upper() + " victoria-park") == (whole, "victoria-park")
    assert parse.erase_target(whole[:-1]) is None, "a pseudonym is whole, or the legacy 8"


def test_arguments() -> None:
    assert parse.user_and_role("  42   Officer ") == (42, "officer")
    assert parse.user_and_role("@name officer") is None
    assert parse.user_and_role("０１ officer") is None  # full-width digits
    assert parse.user_and_role("0 officer") is None
    assert parse.user_and_role(f"{2**63} admin") is None
    assert parse.user_and_role(f"{2**63 - 1} admin") == (2**63 - 1, "admin")
    assert parse.erase_target("p-0123ABCD") == ("P-0123abcd", None)
    assert parse.erase_target("P-0123abcd Victoria-Park") == ("P-0123abcd", "victoria-park")
    assert parse.erase_target("P-0123abcd a b") is None
    assert parse.export_target("victoria-park") == ("victoria-park", "csv")
    assert parse.export_target("victoria-park XLSX") == ("victoria-park", "xlsx")
    assert parse.export_target("victoria-park pdf") is None
    assert parse.audit_count("") == 10
    assert parse.audit_count("50") == 50
    assert [parse.audit_count(n) for n in ("0", "51", "-1", "1e3", "٣")] == [None] * 5
