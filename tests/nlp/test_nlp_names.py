"""Names: cues, titles, the gazetteer, and everyday words that stay words."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlp import Tagger
from nlp.name_lists import given_names, read_gazetteer, surnames


def names_in(tagger: Tagger, text: str) -> list[str]:
    return [text[p["start"] : p["end"]] for p in tagger.tag(text).pii if p["label"] == "NAME"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("ask for rhys at number 80", "rhys"),
        ("Cllr Taylor never replied", "Cllr Taylor"),
        ("Olusegun Taylor has the petition", "Olusegun Taylor"),
        ("my neighbour Gwenllian reported it", "Gwenllian"),
        ("my son kwame was stopped twice", "kwame"),
        ("You could speak to Zainab at the centre", "Zainab"),
        ("Prof Adebayo ran the survey", "Prof Adebayo"),
        ("Mx Reid was helpful", "Mx Reid"),
    ],
)
def test_names_after_cues_titles_and_before_surnames(tagger: Tagger, text: str, name: str) -> None:
    assert name in " ".join(names_in(tagger, text))


@pytest.mark.parametrize(
    "text",
    [
        "Will the council fix the lights?",
        "Victoria Park needs more bins",
        "Hope Park should have a toilet",
        "Bill payers deserve answers",
        "Rose Street floods every winter",
        "The BG bypass is slow and KY roads are worse",
        "Jobs are open in Warren County",
        "Ask for the data before you decide",
        "My son needs a school place",
    ],
)
def test_everyday_words_and_places_are_not_names(tagger: Tagger, text: str) -> None:
    assert names_in(tagger, text) == []


def test_the_gazetteer_marks_names_that_are_also_words() -> None:
    given = given_names()
    assert given.is_plain_name("zainab") and given.is_plain_name("rhys")
    assert "will" in given and not given.is_plain_name("will")
    assert not given.is_plain_name("april")  # a month first
    assert surnames().is_plain_name("taylor")


def test_a_gazetteer_file_is_read_with_its_marks(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "names.txt"
    path.write_text("# header\nanwen\n~rose\n", encoding="utf-8")
    gazetteer = read_gazetteer(path)
    assert gazetteer.names == {"anwen", "rose"} and gazetteer.common == {"rose"}


LOWER_WORDS = st.lists(
    st.sampled_from(["the", "bins", "park", "will", "rose", "hope", "bus", "road", "and", "is"]),
    max_size=12,
).map(" ".join)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=LOWER_WORDS)
def test_lower_case_text_without_cues_never_holds_a_name(blank_tagger: Tagger, text: str) -> None:
    assert names_in(blank_tagger, text) == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=200))
def test_the_name_finder_never_raises_and_stays_in_the_text(
    blank_tagger: Tagger, text: str
) -> None:
    for p in blank_tagger.tag(text).pii:
        assert 0 <= p["start"] < p["end"] <= len(text)
