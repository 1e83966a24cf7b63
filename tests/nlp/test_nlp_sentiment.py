"""Sentiment is the answer's stance: requests are neutral, complaints negative, praise positive."""

from __future__ import annotations

import pytest

from nlp import Tagger


@pytest.mark.parametrize(
    ("text", "sentiment"),
    [
        ("The new library is brilliant, thank you", "positive"),
        ("Keep up the good work with the parks", "positive"),
        ("Please continue the summer events in the park", "positive"),
        ("The buses are always late and far too expensive", "negative"),
        ("The pavements are dirty and dangerous", "negative"),
        ("Why are the bins never collected on time?", "negative"),
        ("We need more buses", "neutral"),
        ("More affordable housing options", "neutral"),
        ("A new skate park would be great", "neutral"),
        ("The library is great but the parking is bad", "neutral"),
        ("The park is not good", "negative"),
        ("The service is not bad at all", "neutral"),
        ("We need more buses because the current ones are terrible", "negative"),
        ("$500,000 is not an affordable house.", "negative"),
        ("I have lived here all my life", "neutral"),
    ],
)
def test_sentiment_follows_the_labelling_rules(tagger: Tagger, text: str, sentiment: str) -> None:
    assert tagger.tag(text).sentiment == sentiment


@pytest.mark.parametrize(
    ("text", "sentiment"),
    [
        ("Mae'r parc yn hyfryd, diolch", "positive"),
        ("Mae'r ffyrdd yn ofnadwy ac mae'r bysiau yn rhy ddrud", "negative"),
        ("Mae angen mwy o fysiau", "neutral"),
        ("Dydy'r gwasanaeth ddim yn dda", "negative"),
    ],
)
def test_welsh_sentiment(tagger: Tagger, text: str, sentiment: str) -> None:
    assert tagger.tag(text, language="cy").sentiment == sentiment
