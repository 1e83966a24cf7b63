"""What a resident types as an address, a mail server URL, an unsubscribe token: read
strictly, never raising, and a sealed address opens only where it was sealed."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.mail.address import MAX_LENGTH, AddressBox, checked_address
from bot.mail.smtp import SmtpServer
from bot.mail.unsubscribe import participant_in, unsubscribe_token

KEY = "a-test-key-for-links"


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("ann@example.org", "ann@example.org"),
        ("  Ann.Smith@Example.ORG ", "Ann.Smith@example.org"),
        ("ann@münchen.de", "ann@xn--mnchen-3ya.de"),  # the domain as a mail server needs it
    ],
)
def test_an_address_is_kept_normalised(typed: str, kept: str) -> None:
    assert checked_address(typed) == kept


@pytest.mark.parametrize("typed", ["", "ann", "ann@", "@example.org", "ann@example",
                                   "ann@@example.org", "ann@localhost", "ann smith@example.org",
                                   "ann@example.org\r\nBcc: all@example.org", "ännä@example.org",
                                   "Ann <ann@example.org>"])
def test_what_is_not_an_address_is_refused(typed: str) -> None:
    assert checked_address(typed) is None


@given(st.text(max_size=300))
def test_any_text_gives_an_address_to_write_to_or_none(typed: str) -> None:
    kept = checked_address(typed)
    if kept is not None:
        assert kept.isascii() and len(kept) <= MAX_LENGTH and "\n" not in kept
        assert checked_address(kept) == kept  # normalising twice changes nothing


@given(st.from_regex(r"[a-z0-9._-]{1,20}@[a-z0-9-]{1,20}\.(org|uk|cymru)", fullmatch=True))
def test_plain_addresses_are_accepted(typed: str) -> None:
    local = typed.split("@")[0]
    if local.startswith(".") or local.endswith(".") or ".." in local:
        return  # not valid in RFC 5322's dot-atom
    domain = typed.split("@")[1].split(".")[0]
    if domain.startswith("-") or domain.endswith("-"):
        return
    assert checked_address(typed) == typed


def test_a_sealed_address_opens_only_on_its_own_row() -> None:
    box = AddressBox("a-sealing-key")
    sealed = box.seal("ann@example.org", 7)

    assert "ann" not in sealed
    assert box.open(sealed, 7) == "ann@example.org"
    assert box.open(sealed, 8) is None
    assert AddressBox("another-key").open(sealed, 7) is None


@given(st.integers(min_value=1, max_value=2**62))
def test_an_unsubscribe_token_names_its_participant(participant: int) -> None:
    assert participant_in(KEY, unsubscribe_token(KEY, participant)) == participant
    assert participant_in("another-key", unsubscribe_token(KEY, participant)) is None


@given(st.text(max_size=80))
def test_any_other_token_names_nobody(token: str) -> None:
    assert participant_in(KEY, token) is None


@pytest.mark.parametrize(
    ("url", "host", "port", "tls", "user", "password"),
    [
        ("smtp://127.0.0.1:2525", "127.0.0.1", 2525, False, None, None),
        ("smtp://mail.council.example", "mail.council.example", 25, False, None, None),
        ("smtps://bot%40council.example:p%2Fss@smtp.example:465", "smtp.example", 465, True,
         "bot@council.example", "p/ss"),
    ],
)
def test_the_smtp_url_is_read(
    url: str, host: str, port: int, tls: bool, user: str | None, password: str | None
) -> None:
    server = SmtpServer.from_url(url)
    assert (server.host, server.port, server.implicit_tls, server.user, server.password) == (
        host, port, tls, user, password)
    assert "p/ss" not in repr(server)


@pytest.mark.parametrize("url", ["", "http://mail.example", "smtp://", "mail.example:25"])
def test_a_url_that_is_not_smtp_is_refused(url: str) -> None:
    with pytest.raises(ValueError, match="COPRO_SMTP_URL"):
        SmtpServer.from_url(url)
