"""The Tagger: one answer, many answers in batches, results, and a question's top phrases."""

from __future__ import annotations

import dataclasses

import pytest

from nlp import Tagger, TagResult, top_phrases


def test_a_result_is_frozen_and_holds_everything(tagger: Tagger) -> None:
    result = tagger.tag("The bins in Roath Park are overflowing, call me on 07700 900123")
    assert isinstance(result, TagResult)
    assert result.themes == ["green_space", "waste"]
    assert result.evidence["waste"] == ["bins"]
    assert result.sentiment in ("positive", "neutral", "negative")
    assert result.redacted.endswith("call me on [PHONE]")
    assert result.pii == [{"label": "PHONE", "start": 51, "end": 63}]
    assert result.places == ["Roath Park"]
    assert result.key_phrases
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.sentiment = "positive"  # type: ignore[misc]


def test_tag_many_gives_the_same_results_as_tag(tagger: Tagger) -> None:
    texts = ["We need more buses", "Mae angen mwy o fysiau", "", "Litter everywhere!"]
    languages = ["en", "cy", "en", "en"]
    assert tagger.tag_many(texts, languages) == [
        tagger.tag(t, lang) for t, lang in zip(texts, languages, strict=True)
    ]


def test_tag_many_defaults_to_english_and_checks_the_languages(blank_tagger: Tagger) -> None:
    assert len(blank_tagger.tag_many(["a", "b"])) == 2
    with pytest.raises(ValueError, match="one language per text"):
        blank_tagger.tag_many(["a", "b"], ["en"])


def test_language_tags_are_normalised(blank_tagger: Tagger) -> None:
    assert blank_tagger.tag("Mae angen mwy o fysiau", "cy-GB").themes == ["transport"]


def test_key_phrases_without_the_model_are_runs_of_content_words(blank_tagger: Tagger) -> None:
    result = blank_tagger.tag("We need more affordable housing for young families")
    assert "affordable housing" in result.key_phrases


def test_key_phrases_with_the_model_are_noun_chunks(model_tagger: Tagger) -> None:
    result = model_tagger.tag("We need more affordable houses for young families")
    assert "affordable house" in result.key_phrases
    assert "young family" in result.key_phrases
    assert "we" not in result.key_phrases


def test_key_phrases_never_contain_personal_data(tagger: Tagger) -> None:
    result = tagger.tag("Ask Sarah Jones at 12 Acacia Avenue about the broken streetlights")
    assert not any("sarah" in p or "acacia" in p for p in result.key_phrases)


def test_top_phrases_counts_each_answer_once(blank_tagger: Tagger) -> None:
    results = blank_tagger.tag_many(
        ["More bus routes, bus routes!", "bus routes please", "street lighting"]
    )
    assert top_phrases(results, 1) == [("bus routes", 2)]


def test_the_model_adds_places_it_recognises(model_tagger: Tagger) -> None:
    result = model_tagger.tag("Trains from Swansea to London are too slow")
    assert {"Swansea", "London"} <= set(result.places)
