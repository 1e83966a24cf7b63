"""Sentiment is the answer's stance: requests are neutral, complaints negative, praise positive,
and praise with a complaint is mixed (nlp/data/LABELLING.md)."""

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
        ("The library is great but the parking is bad", "mixed"),
        ("The park is not good", "negative"),
        ("The service is not bad at all", "neutral"),
        ("We need more buses because the current ones are terrible", "negative"),
        ("$500,000 is not an affordable house.", "negative"),
        ("I have lived here all my life", "neutral"),
        # patient feedback: the idiom, "nothing" to "what could be better", hedged complaints
        ("Staff were lovely but the wait was 4 hours", "mixed"),
        ("Day shift fantastic, night shift not so helpful", "mixed"),
        ("Nothing, my nurses are the best.", "positive"),
        ("Can't think of anything.", "positive"),
        ("Not sure really, nothing I could think of", "positive"),
        ("The bins overflow, nothing is done about it", "negative"),
        # a hedged fault still complains; a hedged wish for more does not
        ("The clinic room was a bit cold", "negative"),
        ("Portions a little small", "negative"),
        ("A little more information before the visit", "neutral"),
        ("Could the bus come a bit earlier", "neutral"),
        ("Nothing works in this town", "negative"),
        ("Communication could be better.", "negative"),
        ("Could improve by texting the time of the visit", "neutral"),
        ("Is there a bus to the hospital on Sundays?", "neutral"),
        ("The clinic opens at nine on weekdays.", "neutral"),
        ("The receptionist was rude and the chairs uncomfortable", "negative"),
        ("Not rude at all, very kind", "positive"),
    ],
)
def test_sentiment_follows_the_labelling_rules(tagger: Tagger, text: str, sentiment: str) -> None:
    result = tagger.tag(text)
    assert result.sentiment_detail == sentiment
    # three labels for results and exports: a mixed view counts as negative
    assert result.sentiment == ("negative" if sentiment == "mixed" else sentiment)


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
