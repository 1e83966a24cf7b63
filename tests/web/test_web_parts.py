"""The web channel's small parts: signing, rate limits and reading forms."""

from __future__ import annotations

from bot.engine import inputs as i
from bot.web.forms import MAX_FIELD_LENGTH, input_for, read_form
from bot.web.limits import RateLimiter
from bot.web.signing import Signer

SIGNER = Signer.from_secret("a secret")


def test_a_cookie_names_its_participant_only_with_our_signature() -> None:
    key = SIGNER.new_participant_key()
    cookie = SIGNER.cookie_for(key)
    assert SIGNER.participant_in(cookie) == key
    assert Signer.from_secret("another").participant_in(cookie) is None
    other = SIGNER.new_participant_key()
    assert SIGNER.participant_in(f"{other}.{cookie.split('.')[1]}") is None
    for broken in ("", "x", "a.b.c", f"{key}.", f"{key[:-1]}!.{cookie.split('.')[1]}"):
        assert SIGNER.participant_in(broken) is None


def test_a_form_token_is_bound_to_its_participant_and_nonce() -> None:
    key, other = SIGNER.new_participant_key(), SIGNER.new_participant_key()
    nonce = SIGNER.new_nonce()
    token = SIGNER.form_token(key, nonce)
    assert SIGNER.checked_nonce(key, str(nonce), token) == nonce
    assert SIGNER.checked_nonce(other, str(nonce), token) is None
    assert SIGNER.checked_nonce(key, str(nonce + 1), token) is None
    for bad in ("", "0", "-5", "1e9", "9" * 30, " 12"):
        assert SIGNER.checked_nonce(key, bad, token) is None


def test_the_cookie_and_form_keys_differ() -> None:
    assert SIGNER.cookie_key != SIGNER.form_key


def test_a_rate_limiter_counts_per_key_in_a_sliding_window() -> None:
    limiter = RateLimiter(limit=2, window=10)
    assert limiter.allow("a", 0) and limiter.allow("a", 1)
    assert not limiter.allow("a", 2)
    assert limiter.allow("b", 2)
    assert limiter.retry_after("a", 2) == 8
    assert limiter.allow("a", 10.5)


def test_a_form_is_read_strictly() -> None:
    posted = read_form([("do", "answer"), ("question", "visits"), ("value", "weekly")])
    assert posted is not None and input_for(posted) == i.Submit("visits", ("weekly",))
    assert read_form([("do", "drop-tables")]) is None
    assert read_form([("value", "x")] * 40) is None
    assert read_form([("value", object())]) is None
    bad_key = read_form([("question", "../../x"), ("value", "1")])
    assert bad_key is not None and input_for(bad_key) is None


def test_a_long_field_is_cut_and_marked() -> None:
    posted = read_form([("text", "x" * (MAX_FIELD_LENGTH + 1))])
    assert posted is not None and posted.too_long
    assert len(posted.one("text")) == MAX_FIELD_LENGTH


def test_a_rank_s_empty_places_are_left_out_and_newlines_are_plain() -> None:
    rank = read_form([("question", "p"), ("value", "a"), ("value", ""), ("value", "b")])
    assert rank is not None and input_for(rank) == i.Submit("p", ("a", "b"))
    text = read_form([("question", "t"), ("text", "one\r\ntwo")])
    assert text is not None and input_for(text) == i.Submit("t", ("one\ntwo",))
