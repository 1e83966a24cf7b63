"""`when` skip logic, optional questions and Skip: which questions a participant is asked."""

from __future__ import annotations

import pytest
from engine_play import (
    Played,
    answering,
    asked,
    consultation,
    multi,
    recorded,
    refusal,
    removed,
    scale,
    single,
    text,
    yesno,
)

from bot.engine import Stage
from bot.engine import inputs as i
from bot.engine.messages import MessageKey
from bot.engine.model import Condition, Consultation, Question


def round_of(*questions: Question) -> Played:
    return answering(consultation(*questions, single("last")))


def next_key(played: Played) -> str:
    return asked(played.last).question.key


# --- any_of --------------------------------------------------------------------------------

FOLLOW_UP_ON_A = Condition("first", any_of=("a",))


@pytest.mark.parametrize(("answer", "then"), [("a", "follow_up"), ("b", "last"), ("c", "last")])
def test_a_follow_up_is_asked_only_after_one_of_its_options(answer: str, then: str) -> None:
    played = round_of(single("first"), text("follow_up", when=FOLLOW_UP_ON_A))

    assert next_key(played.then(i.Choose("first", answer))) == then


@pytest.mark.parametrize(("ticked", "then"), [(("b", "a"), "follow_up"), (("b", "c"), "last")])
def test_a_follow_up_on_a_multiple_choice_needs_any_one_of_its_options(
    ticked: tuple[str, ...], then: str
) -> None:
    played = round_of(multi("first"), text("follow_up", when=FOLLOW_UP_ON_A))
    taps = [i.Choose("first", key) for key in ticked]

    assert next_key(played.then(*taps, i.Done("first"))) == then


@pytest.mark.parametrize(("answer", "then"), [("yes", "follow_up"), ("no", "last")])
def test_a_follow_up_on_yes(answer: str, then: str) -> None:
    when = Condition("first", any_of=("yes",))
    played = round_of(yesno("first"), text("follow_up", when=when))

    assert next_key(played.then(i.Choose("first", answer))) == then


# --- min and max ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("condition", "score", "then"),
    [
        (Condition("first", min=4), 4, "follow_up"),
        (Condition("first", min=4), 5, "follow_up"),
        (Condition("first", min=4), 3, "last"),
        (Condition("first", max=2), 1, "follow_up"),
        (Condition("first", max=2), 2, "follow_up"),
        (Condition("first", max=2), 3, "last"),
        (Condition("first", min=2, max=3), 2, "follow_up"),
        (Condition("first", min=2, max=3), 4, "last"),
        (Condition("first", min=2, max=3), 1, "last"),
    ],
)
def test_a_follow_up_on_a_scale_is_asked_only_inside_its_bounds(
    condition: Condition, score: int, then: str
) -> None:
    played = round_of(scale("first", 1, 5), text("follow_up", when=condition))

    assert next_key(played.then(i.Text(str(score)))) == then


# --- answered ------------------------------------------------------------------------------

AFTER_AN_IDEA = Condition("idea", answered=True)
WITHOUT_AN_IDEA = Condition("idea", answered=False)


def test_a_question_about_an_answer_is_asked_once_that_answer_is_given() -> None:
    played = round_of(text("idea", required=False), yesno("quote_ok", when=AFTER_AN_IDEA))

    assert next_key(played.then(i.Text("Benches"))) == "quote_ok"
    assert next_key(played.then(i.Skip("idea"))) == "last"


def test_answered_false_asks_only_those_who_skipped() -> None:
    played = round_of(text("idea", required=False), text("why_not", when=WITHOUT_AN_IDEA))

    assert next_key(played.then(i.Text("Benches"))) == "last"
    assert next_key(played.then(i.Skip("idea"))) == "why_not"


def test_a_follow_up_of_a_skipped_follow_up_is_skipped_too() -> None:
    played = round_of(
        single("first"),
        text("follow_up", required=False, when=FOLLOW_UP_ON_A),
        yesno("quote_ok", when=Condition("follow_up", answered=True)),
    )

    assert next_key(played.then(i.Choose("first", "b"))) == "last"


# --- what the count says -------------------------------------------------------------------


def test_the_question_count_counts_an_undecided_follow_up_and_never_grows() -> None:
    played = round_of(single("first"), text("follow_up", when=FOLLOW_UP_ON_A))
    shown = asked(played.last)
    assert (shown.number, shown.total) == (1, 3)

    follow_up = asked(played.then(i.Choose("first", "a")).last)
    assert (follow_up.number, follow_up.total) == (2, 3)

    without = asked(played.then(i.Choose("first", "b")).last)
    assert (without.number, without.total) == (2, 2)


# --- a changed answer drops the answers that no longer apply -------------------------------


def test_changing_an_earlier_answer_drops_a_later_answer_that_no_longer_applies() -> None:
    played = round_of(single("first"), text("follow_up", when=FOLLOW_UP_ON_A)).then(
        i.Choose("first", "a"), i.Text("Because."), i.Back(), i.Back()
    )
    assert next_key(played) == "first"
    assert played.session.answers == {"first": "a", "follow_up": "Because."}

    step = played.then(i.Choose("first", "b")).last

    assert recorded(step) == {"first": "b"}
    assert removed(step) == ["follow_up"]
    assert step.session.answers == {"first": "b"}
    assert asked(step).question.key == "last"


def test_dropping_an_answer_also_drops_the_answers_that_depend_on_it() -> None:
    played = round_of(
        single("first"),
        text("follow_up", required=False, when=FOLLOW_UP_ON_A),
        yesno("quote_ok", when=Condition("follow_up", answered=True)),
    ).then(i.Choose("first", "a"), i.Text("Because."), i.Choose("quote_ok", "yes"))
    assert next_key(played) == "last"

    step = played.then(i.Back(), i.Back(), i.Back(), i.Choose("first", "c")).last

    assert removed(step) == ["follow_up", "quote_ok"]
    assert step.session.answers == {"first": "c"}


def test_changing_an_earlier_answer_within_the_condition_keeps_the_later_answer() -> None:
    when = Condition("first", any_of=("a", "b"))
    played = round_of(single("first"), text("follow_up", when=when)).then(
        i.Choose("first", "a"), i.Text("Because."), i.Back(), i.Back()
    )

    step = played.then(i.Choose("first", "b")).last

    assert removed(step) == []
    assert step.session.answers == {"first": "b", "follow_up": "Because."}
    assert asked(step).current == "Because.", "the kept answer is shown with the question"


def test_changing_a_score_out_of_bounds_drops_the_follow_up(park: Consultation) -> None:
    played = answering(park).then(
        i.Choose("visits", "rarely"),
        i.Text("3"),  # barriers: poor lighting
        i.Text("1"),  # safety after dark: very unsafe
        i.Text("It is very dark."),  # unsafe_why
    )
    assert next_key(played) == "children"

    step = played.then(i.Back(), i.Back(), i.Text("4")).last

    assert removed(step) == ["unsafe_why"]
    assert "unsafe_why" not in step.session.answers
    assert asked(step).question.key == "children"


# --- the shipped consultations -------------------------------------------------------------


def test_only_staff_are_asked_where_they_work(library: Consultation) -> None:
    at = answering(library)

    assert next_key(at.then(i.Choose("works_here", "yes"))) == "staff_area"
    assert next_key(at.then(i.Choose("works_here", "no"))) == "uses"


def test_only_visitors_are_asked_why_they_go_to_the_park(park: Consultation) -> None:
    at = answering(park)

    assert next_key(at.then(i.Choose("visits", "monthly"))) == "activities"
    assert next_key(at.then(i.Choose("visits", "rarely"))) == "barriers"


# --- optional questions and Skip -----------------------------------------------------------


def test_skipping_an_optional_question_records_nothing_and_moves_on() -> None:
    played = round_of(text("idea", required=False))

    step = played.then(i.Skip("idea")).last

    assert recorded(step) == {} and removed(step) == []
    assert step.session.answers == {}
    assert asked(step).question.key == "last"


def test_a_typed_skip_skips_the_question_on_screen() -> None:
    played = round_of(text("idea", required=False))

    assert next_key(played.then(i.Skip())) == "last"


def test_a_required_question_cannot_be_skipped() -> None:
    played = round_of(single("first"))
    step = played.then(i.Skip("first")).last

    assert refusal(step).key is MessageKey.QUESTION_REQUIRED
    assert step.session == played.session


def test_skipping_an_answered_optional_question_removes_its_answer() -> None:
    played = round_of(text("idea", required=False), yesno("quote_ok", when=AFTER_AN_IDEA)).then(
        i.Text("Benches"), i.Choose("quote_ok", "yes"), i.Back(), i.Back()
    )

    step = played.then(i.Skip("idea")).last

    assert removed(step) == ["idea", "quote_ok"]
    assert step.session.answers == {}
    assert asked(step).question.key == "last"


def test_a_round_of_optional_questions_can_be_finished_by_skipping_them_all() -> None:
    played = answering(consultation(text("one", required=False), text("two", required=False)))

    step = played.then(i.Skip("one"), i.Skip("two")).last

    assert step.session.stage is Stage.FINISHED
    assert step.session.answers == {}
