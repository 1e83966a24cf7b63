"""Words that only look like theme evidence tag nothing: idioms ("in nature", "the current
climate") and one weak word alone (the guide's positive cases are in test_nlp_themes.py)."""

from __future__ import annotations

import pytest

from nlp import Tagger


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
