"""Reading back a 'continue on another device' code: people type what they read, with
spaces, dashes, small letters and look-alike letters, and still get their code."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.security.device_codes import (
    ALPHABET,
    LENGTH,
    code_hash,
    new_code,
    read_code,
    shown,
)

codes = st.text(alphabet=ALPHABET, min_size=LENGTH, max_size=LENGTH)
separators = st.sampled_from([" ", "-", "  ", " - ", "\t", "–", "_", "."])
LOOK_ALIKES = {"0": "Oo", "1": "IiLl"}


@st.composite
def typed_codes(draw: st.DrawFn) -> tuple[str, str]:
    """(code, how someone might type it)."""
    code = draw(codes)
    typed = []
    for char in code:
        if char in LOOK_ALIKES and draw(st.booleans()):
            char = draw(st.sampled_from(LOOK_ALIKES[char]))
        elif draw(st.booleans()):
            char = char.lower()
        typed.append(char + (draw(separators) if draw(st.integers(0, 3)) == 0 else ""))
    padding = draw(st.sampled_from(["", " ", "\n"]))
    return code, padding + "".join(typed) + padding


@given(typed_codes())
def test_case_spaces_dashes_and_look_alikes_read_as_the_same_code(pair: tuple[str, str]) -> None:
    code, typed = pair
    assert read_code(typed) == code


@given(codes)
def test_a_code_as_shown_reads_back_as_itself(code: str) -> None:
    assert read_code(shown(code)) == code
    assert len(shown(code)) == LENGTH + 1 and shown(code)[5] == "-"


@given(st.text(max_size=80))
def test_any_text_reads_as_no_code_or_a_well_formed_one(text: str) -> None:
    read = read_code(text)
    assert read is None or (len(read) == LENGTH and set(read) <= set(ALPHABET))


@given(st.text(alphabet=ALPHABET, max_size=20).filter(lambda s: len(s) != LENGTH))
def test_too_few_or_too_many_characters_are_no_code(text: str) -> None:
    assert read_code(text) is None


@given(codes, st.sampled_from("UuÜßı!*"), st.integers(0, LENGTH - 1))
def test_a_character_outside_the_alphabet_is_no_code(code: str, bad: str, at: int) -> None:
    assert read_code(code[:at] + bad + code[at + 1:]) is None


def test_new_codes_are_random_and_well_formed() -> None:
    made = {new_code() for _ in range(200)}
    assert len(made) == 200
    assert all(read_code(code) == code for code in made)


def test_a_code_s_hash_depends_on_the_key_and_never_shows_the_code() -> None:
    code = new_code()
    one, other = code_hash(b"k" * 32, code), code_hash(b"j" * 32, code)
    assert one != other and len(one) == 64 and code not in one
