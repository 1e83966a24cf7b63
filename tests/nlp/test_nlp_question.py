"""The question an answer replies to is a prior for its themes (nlp/question.py)."""

from __future__ import annotations

import pytest

from nlp import Tagger

CRIME = "What would reduce crime in your street?"
POLICING = "What is the best way to engage more young people in local scrutiny of policing?"


def test_a_question_names_its_subjects_with_strong_words_only(tagger: Tagger) -> None:
    # "engage" and "scrutiny" are two weak council words: not what the question is about
    assert tagger.question_themes(POLICING) == {
        "safety": ["policing"],
        "children_education": ["young people"],
    }
    assert tagger.question_themes("Anything else you want to tell us?") == {}
    assert tagger.question_themes(None) == {}


@pytest.mark.parametrize(
    "answer",
    [
        "Put more lights up along the alley",  # a suggestion
        "To offer the neighbours some training",  # "To <verb>": the best way to ...
        "Nobody ever answers the phone and it is a disgrace",  # a complaint
        "Cheaper bus fares for the late shift",  # a subject of its own
    ],
)
def test_a_reply_in_the_questions_frame_gets_its_subjects(tagger: Tagger, answer: str) -> None:
    assert "safety" not in tagger.tag(answer).themes
    result = tagger.tag(answer, context=CRIME)
    assert "safety" in result.themes
    assert result.evidence["safety"] == ["question: crime"]


def test_partial_evidence_for_a_subject_is_enough(tagger: Tagger) -> None:
    # about the person, so not a reply in the frame; but "afraid" is a weak safety word
    assert tagger.tag("I am often afraid there").themes == []
    result = tagger.tag("I am often afraid there", context=CRIME)
    assert result.themes == ["safety"]
    assert result.evidence["safety"] == ["afraid", "question: crime"]


@pytest.mark.parametrize(
    "answer",
    [
        "I am between 25 and 29 years old.",  # about the person
        "My household income is less than $50,000",
        "I live in emergency housing",  # about the person, with a subject of its own
        "These questions are too badly worded to be meaningful.",  # about the consultation
        "Yes",
    ],
)
def test_an_answer_outside_the_frame_gets_no_subjects(tagger: Tagger, answer: str) -> None:
    assert "safety" not in tagger.tag(answer, context=CRIME).themes


def test_themes_the_answer_finds_itself_keep_their_own_evidence(tagger: Tagger) -> None:
    result = tagger.tag("More police patrols at night please", context=CRIME)
    assert result.themes == ["safety"]
    assert "question: crime" not in result.evidence["safety"]


def test_without_a_context_nothing_changes(tagger: Tagger) -> None:
    for text in ("Put more lights up along the alley", "I am often afraid there"):
        assert tagger.tag(text) == tagger.tag(text, context=None) == tagger.tag(text, context="")


def test_a_welsh_question_gives_its_subjects_to_a_welsh_reply(tagger: Tagger) -> None:
    question = "Sut allwn ni leihau troseddu yn eich stryd?"
    assert tagger.question_themes(question, "cy") == {"safety": ["troseddu"]}
    result = tagger.tag("Mae angen mwy o oleuadau", "cy", context=question)
    assert result.themes == ["safety"]
    assert result.evidence["safety"] == ["question: troseddu"]


def test_tag_many_takes_one_context_per_text(blank_tagger: Tagger) -> None:
    texts = ["Put more lights up along the alley", "Put more lights up along the alley"]
    results = blank_tagger.tag_many(texts, None, [CRIME, None])
    assert results == [blank_tagger.tag(texts[0], context=CRIME), blank_tagger.tag(texts[1])]
    with pytest.raises(ValueError, match="one context per text"):
        blank_tagger.tag_many(texts, None, [CRIME])
