"""The labelling guide's rules as theme evidence: patient-care words are health and social
care, utilities are planning, neighbour noise and courts are safety, conservation and water
quality are parks and environment (nlp/data/LABELLING.md, rules 4 and 5); idioms that only
look like a theme word tag nothing."""

from __future__ import annotations

import pytest

from nlp import Tagger


@pytest.mark.parametrize(
    ("text", "theme", "evidence"),
    [
        ("My follow-up appointment was cancelled twice", "health_care", "appointment"),
        ("The treatment I had was quick", "health_care", "treatment"),
        ("Discharged late in the evening with no lift home", "health_care", "Discharged"),
        ("The waiting room had nowhere to sit", "health_care", "waiting room"),
        ("The receptionist could not find my letter", "health_care", "receptionist"),
        ("The night staff were kind and the beds were clean", "health_care", "night staff"),
        ("Broadband in the village is too slow to work from home", "planning", "Broadband"),
        ("Put the power lines underground", "planning", "power lines"),
        ("Our noisy neighbours play music until 3am", "safety", "noisy neighbours"),
        ("The courts let repeat offenders off lightly", "safety", "courts"),
        ("Introduce term limits for the mayor", "council", "term limits"),
        ("Trap the predators that kill native birds", "green_space", "predators"),
        ("Water quality in the stream is getting worse", "green_space", "Water quality"),
    ],
)  # fmt: skip
def test_a_guide_rule_finds_its_theme(tagger: Tagger, text: str, theme: str, evidence: str) -> None:
    result = tagger.tag(text)
    assert theme in result.themes, result.themes
    assert evidence in result.evidence[theme]


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("The questions were vague in nature", "green_space"),
        ("In the current climate nobody can plan ahead", "green_space"),
        ("Staff at the theatre box office sold me the wrong tickets", "health_care"),
    ],
)
def test_a_look_alike_word_tags_nothing(tagger: Tagger, text: str, theme: str) -> None:
    assert theme not in tagger.tag(text).themes


def test_one_staff_word_alone_is_not_enough_for_health(tagger: Tagger) -> None:
    # "staff" is weak evidence: a council answer about its own staff is not about care
    assert "health_care" not in tagger.tag("The staff at the library were helpful").themes
