"""Properties over any text: the tagger never raises and its redaction is consistent."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlp import Tagger
from nlp.pii_patterns import find_emails, find_phones

PIECES = st.sampled_from(
    [
        "jo@example.com", "a.b@c.co.uk", "07700 900123", "+44 29 2087 2087", "CF10 1AA",
        "12 Acacia Avenue", "Mr Smith", "my name is", "Victoria Park", "bins", "@", ".", "0",
        "44", "+", "(", ")", " ", "\n", "Fy enw i yw", "ŵ", "’", "😀", "n't", "not", "but",
    ]
)  # fmt: skip
TEXTS = st.one_of(st.text(max_size=300), st.lists(PIECES | st.text(max_size=8)).map("".join))
LANGUAGES = st.sampled_from(["en", "cy", "", "fr", "cy-GB"])
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(text=TEXTS, language=LANGUAGES)
def test_the_tagger_never_raises_and_spans_lie_within_the_text(
    blank_tagger: Tagger, text: str, language: str
) -> None:
    result = blank_tagger.tag(text, language)
    previous_end = 0
    for span in result.pii:
        assert previous_end <= span["start"] < span["end"] <= len(text)
        previous_end = span["end"]
    assert result.sentiment in ("positive", "neutral", "negative")


@SETTINGS
@given(text=TEXTS)
def test_redacted_text_contains_no_email_or_phone(blank_tagger: Tagger, text: str) -> None:
    redacted = blank_tagger.tag(text).redacted
    assert find_emails(redacted) == []
    assert find_phones(redacted) == []


@settings(max_examples=25, deadline=None)
@given(text=TEXTS)
def test_the_model_path_never_raises(model_tagger: Tagger, text: str) -> None:
    result = model_tagger.tag(text)
    assert all(0 <= s["start"] < s["end"] <= len(text) for s in result.pii)
