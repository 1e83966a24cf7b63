"""Issue 16 item 7: navigation words typed in either language navigate; they are never
stored as answers."""

from __future__ import annotations

import pytest
from engine_play import Played, answering, asked, consultation, multi, recorded, refusal, text
from hypothesis import given
from hypothesis import strategies as st

from bot.engine import events as e
from bot.engine import inputs as i
from bot.engine.messages import MessageKey


def two_text_questions(required: bool = False) -> Played:
    return answering(consultation(text("first"), text("second", required=required)))


@pytest.mark.parametrize("word", ["skip", "Skip", "hepgor", "Hepgor.", "  SKIP  "])
def test_item07_a_typed_skip_word_skips_an_optional_question(word: str) -> None:
    played = two_text_questions().then(i.Text("Cleaner paths."))
    step = played.then(i.Text(word)).last
    assert recorded(step) == {}, "the word is not stored"
    assert "second" not in step.session.answers
    assert any(isinstance(event, e.RoundFinished) for event in step.events)


@pytest.mark.parametrize("word", ["skip", "hepgor"])
def test_item07_a_typed_skip_on_a_required_question_is_refused(word: str) -> None:
    played = two_text_questions(required=True).then(i.Text("Cleaner paths."))
    step = played.then(i.Text(word)).last
    assert refusal(step).key is MessageKey.QUESTION_REQUIRED
    assert step.session == played.session


@pytest.mark.parametrize("word", ["back", "Back", "yn ôl", "Yn ol", "nôl", "’nôl"])
def test_item07_a_typed_back_word_goes_back(word: str) -> None:
    played = two_text_questions().then(i.Text("Cleaner paths."))
    step = played.then(i.Text(word)).last
    assert asked(step).question.key == "first"
    assert step.session.answers == {"first": "Cleaner paths."}


@pytest.mark.parametrize("word", ["done", "gorffen", "Gorffen!"])
def test_item07_a_typed_done_word_finishes_a_multiple_choice(word: str) -> None:
    played = answering(consultation(multi("pick"), text("why"))).then(i.Choose("pick", "b"))
    step = played.then(i.Text(word)).last
    assert recorded(step) == {"pick": ("b",)}
    assert asked(step).question.key == "why"


def test_item07_done_typed_as_a_text_answer_is_an_answer() -> None:
    step = two_text_questions().then(i.Text("done")).last
    assert recorded(step) == {"first": "done"}


@given(st.sampled_from(["skip", "hepgor", "back", "yn ôl", "nôl"]),
       st.sampled_from(["", " ", "  "]), st.sampled_from(["", ".", "!"]), st.booleans())
def test_item07_no_navigation_word_is_ever_stored_as_a_text_answer(
    word: str, pad: str, stop: str, upper: bool
) -> None:
    typed = pad + (word.upper() if upper else word) + stop + pad
    played = two_text_questions().then(i.Text("Cleaner paths."))
    step = played.then(i.Text(typed)).last
    assert step.session.answers.get("second") is None
    assert all(value != typed.strip() for value in step.session.answers.values())
