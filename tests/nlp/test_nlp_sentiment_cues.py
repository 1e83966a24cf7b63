"""Sentiment cues added for issue 15: a suggestion after a dash or colon, "don't like", and
the regret words "pity" and "spoil" (nlp/data/LABELLING.md's rules, on new wordings)."""

from __future__ import annotations

import pytest

from nlp import Tagger


@pytest.mark.parametrize(
    ("text", "sentiment"),
    [
        # an imperative opening a clause after a dash or colon proposes, it does not praise
        ("First - ensure that young people feel safe and comfortable", "neutral"),
        ("Two things: make sure every visitor feels welcome and happy", "neutral"),
        # a dislike complains, and beside praise it makes a mixed view
        ("They don't like it when we ask questions", "negative"),
        ("The nurses are kind and helpful but a few don't like you asking", "mixed"),
        # regret words complain
        ("Pity about the parking at the clinic", "negative"),
        ("Staff turnover spoils the ward", "negative"),
    ],
)
def test_new_cues_follow_the_labelling_rules(tagger: Tagger, text: str, sentiment: str) -> None:
    """Each case was labelled otherwise by the rules before issue 15's round."""
    assert tagger.tag(text).sentiment_detail == sentiment
