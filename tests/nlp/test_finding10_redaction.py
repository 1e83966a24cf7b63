"""Issue 12, finding 10: redaction covers National Insurance numbers, number plates, dates
of birth, @handles, flats, Welsh street names, social-media links, and phone numbers and
e-mail addresses spelled out in words, in English and Welsh. The examples are our own."""

from __future__ import annotations

import time

import pytest

from nlp import Tagger
from nlp.pii_patterns import find_patterned

CASES = [
    # (language, text, what must go, its placeholder)
    ("en", "My NI number is QQ123456C if you need it", "QQ123456C", "NI_NUMBER"),
    ("en", "national insurance no: qq 12 34 56 c", "qq 12 34 56 c", "NI_NUMBER"),
    ("cy", "Fy rhif yswiriant gwladol yw AB 12 34 56 D", "AB 12 34 56 D", "NI_NUMBER"),
    ("en", "A van, reg AB12 CDE, parks on the verge every night", "AB12 CDE", "VEHICLE"),
    ("en", "the old Land Rover T123 ABC blocks the gate", "T123 ABC", "VEHICLE"),
    ("cy", "Mae car ab12cde yn parcio ar y palmant", "ab12cde", "VEHICLE"),
    ("en", "I was born on 3rd March 1985 and have lived here since", "3rd March 1985",
     "DATE_OF_BIRTH"),
    ("en", "DOB 14/07/1962, disabled, need step-free access", "14/07/1962", "DATE_OF_BIRTH"),
    ("cy", "Ganwyd fi ar y 3ydd o Fawrth 1985 yn y dref", "3ydd o Fawrth 1985",
     "DATE_OF_BIRTH"),
    ("cy", "dyddiad geni: 02.11.1949", "02.11.1949", "DATE_OF_BIRTH"),
    ("en", "message me @tomos_jones99 on insta", "@tomos_jones99", "HANDLE"),
    ("cy", "dilynwch @CyfeillionParc am y newyddion", "@CyfeillionParc", "HANDLE"),
    ("en", "see my post https://www.facebook.com/tomos.jones.123/posts/9 about it",
     "https://www.facebook.com/tomos.jones.123/posts/9", "URL"),
    ("cy", "fideo ar tiktok.com/@nia.caerdydd o'r sbwriel", "tiktok.com/@nia.caerdydd", "URL"),
    ("en", "I live in Flat 3b, Station House, the lift is broken", "Flat 3b, Station House",
     "ADDRESS"),
    ("en", "flat 12 has damp", "flat 12", "ADDRESS"),
    ("cy", "Rwy'n byw yn Fflat 2, Tŷ Gwyn ers deng mlynedd", "Fflat 2, Tŷ Gwyn", "ADDRESS"),
    ("cy", "Rwy'n byw ar Heol y Bont ger yr ysgol", "Heol y Bont", "ADDRESS"),
    ("cy", "mae'r traffig ar Ffordd Caerdydd yn ofnadwy", "Ffordd Caerdydd", "ADDRESS"),
    ("en", "the shops on Stryd Fawr near me", "Stryd Fawr", "ADDRESS"),
    ("en", "ring me on oh seven seven double oh nine oh oh one two three",
     "oh seven seven double oh nine oh oh one two three", "PHONE"),
    ("cy", "ffoniwch dim saith saith dim dim naw dim dim un dau tri",
     "dim saith saith dim dim naw dim dim un dau tri", "PHONE"),
    ("en", "write to tomos at example dot com about it", "tomos at example dot com", "EMAIL"),
    ("en", "or nia dot evans at council dot gov dot uk", "nia dot evans at council dot gov dot uk",
     "EMAIL"),
    ("cy", "e-bostiwch gwen yn enghraifft dot cymru", "gwen yn enghraifft dot cymru", "EMAIL"),
]


@pytest.mark.parametrize(("language", "text", "found", "label"), CASES,
                         ids=[f"{c[0]}-{c[3]}-{i}" for i, c in enumerate(CASES)])
def test_finding10_redaction_covers_more_personal_data(
    tagger: Tagger, language: str, text: str, found: str, label: str
) -> None:
    redacted = tagger.tag(text, language=language).redacted

    assert redacted == text.replace(found, f"[{label}]")


def test_finding10_invisible_characters_do_not_hide_a_phone_number(tagger: Tagger) -> None:
    text = "call 07700\u200b900123 or 07700\u2060900\u200d124"

    assert tagger.tag(text).redacted == "call [PHONE] or [PHONE]"


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "In 2019, 2020, 2021 and 2022 the bins were missed"),
        ("en", "the A48 and the M4 are both too busy"),
        ("en", "meet @5pm by the gate, one two three of us"),
        ("en", "the cost is 123456 a year"),
        ("en", "the park closed on 12/03/2024 for a week"),
        ("cy", "mae'r heol yn brysur bob bore"),
        ("en", "the flat roof of the café leaks"),
    ],
)
def test_finding10_ordinary_text_is_left_alone(tagger: Tagger, language: str, text: str) -> None:
    assert tagger.tag(text, language=language).redacted == text


@pytest.mark.parametrize(
    "text",
    ["a" * 10_000, "x dot " * 2_000, "@" + "a." * 2_000, "facebook.com/" + "a" * 10_000,
     "oh " * 4_000, "born " * 3_000, "a at b dot " * 1_000, "flat 1 " * 2_000],
    ids=["letters", "dots", "handle", "link", "digits", "births", "emails", "flats"],
)
def test_finding10_finding_personal_data_in_a_long_answer_takes_bounded_time(text: str) -> None:
    started = time.process_time()
    find_patterned(text)

    assert time.process_time() - started < 1.0, "each pattern is tried from word starts only"
