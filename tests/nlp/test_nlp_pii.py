"""Personal data: found by shape or by name, redacted with placeholders, places kept."""

from __future__ import annotations

import pytest

from nlp import Tagger
from nlp.redaction import merge_spans, redact


@pytest.mark.parametrize(
    ("text", "label", "found"),
    [
        ("email me at jo.bloggs@example.co.uk thanks", "EMAIL", "jo.bloggs@example.co.uk"),
        ("write to jo (at) example (dot) com", "EMAIL", "jo (at) example (dot) com"),
        ("call 07700 900123 any time", "PHONE", "07700 900123"),
        ("ring +44 29 2087 2087 please", "PHONE", "+44 29 2087 2087"),
        ("my landline is (029) 2087 2087", "PHONE", "(029) 2087 2087"),
        ("my postcode is CF10 1AA", "POSTCODE", "CF10 1AA"),
        ("near sw1a2aa", "POSTCODE", "sw1a2aa"),
        ("I live at 12 Acacia Avenue with my kids", "ADDRESS", "12 Acacia Avenue"),
        ("Flat 3, 41 Station Road is damp", "ADDRESS", "Flat 3, 41 Station Road"),
        ("Rwy'n byw yn 4 Heol y Castell", "ADDRESS", "4 Heol y Castell"),
        ("My name is Sarah Jones and I live here", "NAME", "Sarah Jones"),
        ("Cllr Evans never replies", "NAME", "Cllr Evans"),
        ("Ask Dr. Patel about it", "NAME", "Dr. Patel"),
        ("I'm Rhiannon, a parent at the school", "NAME", "Rhiannon"),
        ("Sarah said the bins were missed", "NAME", "Sarah"),
    ],
)
def test_personal_data_is_found_and_redacted(
    tagger: Tagger, text: str, label: str, found: str
) -> None:
    result = tagger.tag(text)
    spans = [(p["label"], text[p["start"] : p["end"]]) for p in result.pii]
    assert (label, found) in spans
    assert found not in result.redacted
    assert f"[{label}]" in result.redacted


def test_the_model_finds_names_the_rules_do_not_know(model_tagger: Tagger) -> None:
    result = model_tagger.tag("Oluwaseun Adeyemi-Okonkwo told us the road was closed")
    assert result.redacted.startswith("[NAME]")


def test_a_park_in_the_gazetteer_is_a_place_not_a_name(tagger: Tagger) -> None:
    result = tagger.tag("Victoria Park needs more bins, Mrs Victoria Jones agrees")
    assert "Victoria Park" in result.places
    assert result.redacted.startswith("Victoria Park needs more bins")
    assert "[NAME]" in result.redacted


def test_places_are_matched_whatever_the_case(tagger: Tagger) -> None:
    assert "roath park" in tagger.tag("the lake at roath park is lovely").places


def test_plain_numbers_prices_and_years_are_left_alone(tagger: Tagger) -> None:
    text = "In 2050 homes should cost under $400,000 and 3 buses an hour would help"
    assert tagger.tag(text).pii == []


def test_welsh_answers_are_redacted_the_same_way(tagger: Tagger) -> None:
    text = "Fy enw i yw Dafydd Jones, ffoniwch 07700 900123 neu dafydd@example.cymru. CF24 3AA"
    result = tagger.tag(text, language="cy")
    assert result.redacted == "Fy enw i yw [NAME], ffoniwch [PHONE] neu [EMAIL]. [POSTCODE]"


def test_a_welsh_self_introduction_before_the_verb(tagger: Tagger) -> None:
    result = tagger.tag("Siân ydw i ac rwy'n byw yn Grangetown", language="cy")
    assert result.redacted.startswith("[NAME] ydw i")
    assert "Grangetown" in result.places


def test_the_english_model_does_not_guess_names_in_welsh(model_tagger: Tagger) -> None:
    result = model_tagger.tag("Mae angen mwy o fysiau yn y dref", language="cy")
    assert result.pii == []


def test_overlapping_spans_merge_under_the_stronger_label() -> None:
    spans = [("NAME", 0, 5), ("EMAIL", 3, 10), ("PHONE", 20, 25)]
    assert merge_spans(spans) == [("EMAIL", 0, 10), ("PHONE", 20, 25)]
    assert redact("abcdefghij0123456789xxxxxyy", spans) == "[EMAIL]0123456789[PHONE]yy"
