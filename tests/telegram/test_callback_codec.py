"""Button data: every button round-trips, and anything else decodes to nothing, never an error."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.engine import inputs as i
from bot.messaging.buttons import (
    MAX_BYTES,
    ConfirmForget,
    JoinConsultation,
    MuteReminders,
    decode,
    encode,
)

keys = st.from_regex(r"[a-z0-9_]{1,28}", fullmatch=True)
slugs = st.from_regex(r"[a-z0-9-]{3,40}", fullmatch=True)
actions = st.one_of(
    st.builds(i.Choose, keys, keys),
    st.builds(i.Done, keys),
    st.builds(i.Clear, keys),
    st.builds(i.Keep, keys),
    st.builds(i.Skip, st.one_of(st.none(), keys)),
    st.just(i.Back()),
    st.builds(i.Consent, st.booleans()),
    st.builds(i.PickLanguage, st.sampled_from(["en", "cy"])),
    st.builds(i.PickRole, keys),
    st.builds(JoinConsultation, slugs),
    st.builds(ConfirmForget, st.booleans()),
    st.builds(MuteReminders, slugs),
)


@settings(max_examples=500)
@given(actions)
def test_every_button_fits_in_64_bytes_and_decodes_to_what_it_was(action: object) -> None:
    data = encode(action)  # type: ignore[arg-type]
    assert len(data.encode()) <= MAX_BYTES
    assert decode(data) == action


@settings(max_examples=500)
@given(st.one_of(st.text(max_size=80), st.binary(max_size=80).map(lambda b: b.decode("latin-1"))))
def test_req13_any_forged_data_decodes_to_an_action_or_nothing_and_never_raises(data: str) -> None:
    decoded = decode(data)
    if decoded is not None:
        assert encode(decoded) == data


@pytest.mark.parametrize(
    "forged",
    ["", "c|", "c|visits", "c|Visits|daily", "c|visits|daily|x", "l|fr", "a|2", "j|ab",
     "c|visits|daily\n", "x" * 65, "b|", "f|yes"],
)
def test_malformed_button_data_decodes_to_nothing(forged: str) -> None:
    assert decode(forged) is None


def test_a_button_too_big_for_telegram_is_refused_when_made() -> None:
    with pytest.raises(ValueError):
        encode(i.Choose("q" * 40, "o" * 40))
