"""The poster's two addresses: a bot's username is read as Telegram allows it, and
COPRO_PUBLIC_URL must be an address residents can open."""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.posters.links import NotAPublicUrl, bot_username, public_base, telegram_link, web_link

NAME_CHARS = string.ascii_letters + string.digits + "_"


@given(st.text(max_size=40))
def test_any_text_gives_a_valid_username_or_none(given_text: str) -> None:
    name = bot_username(given_text)
    if name is not None:
        assert 5 <= len(name) <= 32 and name[0].isalpha() and name.lower().endswith("bot")
        assert set(name) <= set(NAME_CHARS)


@given(st.sampled_from(string.ascii_letters),
       st.text(NAME_CHARS, min_size=1, max_size=27), st.sampled_from(["bot", "Bot", "_bot"]))
def test_a_real_username_is_read_with_or_without_its_at(first: str, middle: str, end: str) -> None:
    name = first + middle + end
    assert bot_username(name) == name
    assert bot_username(f"  @{name} ") == name


@pytest.mark.parametrize("given_text", ["", "@", "bot", "abot", "1stbot", "my bot", "poster",
                                        "a" * 30 + "bot", "AberBot!"])
def test_names_telegram_would_refuse_are_refused(given_text: str) -> None:
    assert bot_username(given_text) is None


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000", "http://localhost", "http://[::1]:80",
                                 "consult.example.gov.uk", "ftp://consult.example.gov.uk", "",
                                 "https://consult.example.gov.uk/?a=1", "https://"])
def test_an_address_residents_cannot_open_is_refused_with_a_reason(url: str) -> None:
    with pytest.raises(NotAPublicUrl, match=r"\w+"):
        public_base(url)


@given(st.from_regex(r"[a-z][a-z0-9-]{0,20}\.(gov\.uk|org|cymru)", fullmatch=True),
       st.sampled_from(["", "/", "/consult", "/consult/"]))
def test_a_public_address_loses_only_its_trailing_slash(host: str, path: str) -> None:
    base = public_base(f"https://{host}{path}")
    assert base == f"https://{host}{path}".rstrip("/")
    assert web_link(base, "victoria-park") == f"{base}/c/victoria-park"


def test_the_telegram_link_is_the_start_command_the_chat_joins_with() -> None:
    assert telegram_link("AberBot", "victoria-park") == "https://t.me/AberBot?start=victoria-park"
