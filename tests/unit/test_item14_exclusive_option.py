"""Issue 16 item 14: an exclusive option ("Nothing stops me") is chosen only on its own."""

from __future__ import annotations

from engine_play import (
    Played,
    answering,
    asked,
    consultation,
    recorded,
    refusal,
    shipped,
    text,
)
from hypothesis import given
from hypothesis import strategies as st
from test_consultation_files import a_file, problems_of

from bot.consultations import load_text
from bot.engine import inputs as i
from bot.engine.messages import MessageKey
from bot.engine.model import LocalText, Option, Question, QuestionType
from bot.engine.values import fits


def barriers() -> Question:
    options = tuple(
        Option(key, LocalText({"en": key, "cy": key}, "en"), exclusive=key == "nothing")
        for key in ("nothing", "toilets", "lighting", "parking")
    )
    return Question("barriers", QuestionType.MULTI, LocalText({"en": "What stops you?"}, "en"),
                    options)


def at_barriers() -> Played:
    return answering(consultation(barriers(), text("why")))


def test_item14_tapping_the_exclusive_option_clears_the_others() -> None:
    played = at_barriers().then(i.Choose("barriers", "toilets"), i.Choose("barriers", "lighting"))
    step = played.then(i.Choose("barriers", "nothing")).last
    assert step.session.draft == ("nothing",)
    assert asked(step).question.key == "barriers"


def test_item14_tapping_another_option_clears_the_exclusive_one() -> None:
    played = at_barriers().then(i.Choose("barriers", "nothing"))
    step = played.then(i.Choose("barriers", "parking")).last
    assert step.session.draft == ("parking",)
    done = played.then(i.Choose("barriers", "parking"), i.Done("barriers")).last
    assert recorded(done) == {"barriers": ("parking",)}


def test_item14_typed_numbers_joining_it_to_others_are_refused_and_change_nothing() -> None:
    at = at_barriers()
    step = at.then(i.Text("1, 3")).last
    assert refusal(step).key is MessageKey.EXCLUSIVE_CHOICE
    assert refusal(step).params == {"number": 1}
    assert step.session == at.session


def test_item14_a_form_joining_it_to_others_is_refused() -> None:
    step = at_barriers().then(i.Submit("barriers", ("nothing", "toilets"))).last
    assert refusal(step).key is MessageKey.EXCLUSIVE_CHOICE


def test_item14_chosen_alone_it_is_an_answer() -> None:
    step = at_barriers().then(i.Text("1")).last
    assert recorded(step) == {"barriers": ("nothing",)}


@given(st.lists(st.sampled_from(["nothing", "toilets", "lighting", "parking"]), max_size=8))
def test_item14_no_sequence_of_taps_stores_it_with_another(taps: list[str]) -> None:
    played = at_barriers().then(*(i.Choose("barriers", key) for key in taps), i.Done("barriers"))
    stored = played.session.answers.get("barriers")
    if stored is not None:
        assert fits(barriers(), stored)
        assert "nothing" not in stored or stored == ("nothing",)


def test_item14_the_shipped_park_file_marks_nothing_stops_me_exclusive() -> None:
    park = shipped("victoria-park")
    question = next(q for r in park.rounds for q in r.questions if q.key == "barriers")
    assert [o.key for o in question.options if o.exclusive] == ["nothing"]


def test_item14_exclusive_loads_from_a_file_and_only_on_a_multi_question() -> None:
    multi = """\
      - key: stops
        type: multi
        text: "What stops you?"
        options:
          - {key: none, text: "Nothing", exclusive: true}
          - {key: cost, text: "Cost"}
"""
    loaded = load_text(a_file(multi)).consultation
    assert [o.exclusive for o in loaded.rounds[0].questions[0].options] == [True, False]
    single = multi.replace("type: multi", "type: single")
    assert [p.path for p in problems_of(a_file(single))] == [
        "rounds[0].questions[0].options[0].exclusive"
    ]


def test_item14_options_that_are_not_a_list_are_a_problem_not_a_crash() -> None:
    broken = """\
      - key: stops
        type: multi
        text: "What stops you?"
        options: true
"""
    assert problems_of(a_file(broken)), "listed, never a TypeError"
