"""Each type of question: what a tap or a typed answer records, and what is refused."""

from __future__ import annotations

import pytest
from engine_play import (
    Played,
    answering,
    asked,
    consultation,
    multi,
    rank,
    recorded,
    refusal,
    scale,
    single,
    text,
    yesno,
)

from bot.engine import Stage, reading
from bot.engine import inputs as i
from bot.engine.messages import MessageKey
from bot.engine.model import Consultation, LocalText, Option, Question, QuestionType, Scale


def first_of(*questions: Question) -> Played:
    """A one-round consultation with the first question on screen (then a last one)."""
    return answering(consultation(*questions, single("last")))


def assert_refused(played: Played, given: i.Input, key: MessageKey, **params: object) -> None:
    """The input is refused with `key` and changes nothing at all."""
    step = played.then(given).last
    assert refusal(step).key is key
    assert dict(refusal(step).params) == params
    assert step.session == played.session


# --- single choice -------------------------------------------------------------------------


def test_tapping_an_option_records_it_and_asks_the_next_question() -> None:
    step = first_of(single("colour", "red", "blue")).then(i.Choose("colour", "blue")).last

    assert recorded(step) == {"colour": "blue"}
    assert step.session.answers == {"colour": "blue"}
    assert asked(step).question.key == "last"


@pytest.mark.parametrize("typed", ["2", " 2 ", "Option blue", "option BLUE", "blue"])
def test_an_option_can_be_typed_by_number_text_or_key(typed: str) -> None:
    step = first_of(single("colour", "red", "blue")).then(i.Text(typed)).last

    assert recorded(step) == {"colour": "blue"}


def test_an_option_typed_with_a_curly_apostrophe_is_recognised(park: Consultation) -> None:
    step = answering(park).then(i.Choose("visits", "weekly"), i.Text("Children\u2019s play")).last

    assert recorded(step) == {"activities": ("play",)}


@pytest.mark.parametrize("typed", ["0", "3", "1, 2", "purple", "-1"])
def test_a_typed_choice_that_names_no_single_option_is_refused(typed: str) -> None:
    at = first_of(single("colour", "red", "blue"))

    assert_refused(at, i.Text(typed), MessageKey.PICK_AN_OPTION, count=2)


def test_a_tap_with_an_unknown_option_key_is_refused() -> None:
    at = first_of(single("colour", "red", "blue"))

    assert_refused(at, i.Choose("colour", "green"), MessageKey.PICK_AN_OPTION, count=2)


# --- multiple choice -----------------------------------------------------------------------


def test_tapping_options_of_a_multiple_choice_ticks_them_without_recording() -> None:
    played = first_of(multi("uses", "a", "b", "c")).then(
        i.Choose("uses", "c"), i.Choose("uses", "a")
    )

    shown = asked(played.last)
    assert shown.draft == ("c", "a")
    assert shown.refresh, "the same message is updated, not a new one sent"
    assert recorded(played.last) == {}
    assert played.session.answers == {}


def test_tapping_a_ticked_option_again_unticks_it() -> None:
    played = first_of(multi("uses")).then(i.Choose("uses", "a"), i.Choose("uses", "b"))
    step = played.then(i.Choose("uses", "a")).last

    assert step.session.draft == ("b",)


def test_done_records_the_ticked_options_in_the_order_of_the_question() -> None:
    played = first_of(multi("uses", "a", "b", "c"))
    step = played.then(i.Choose("uses", "c"), i.Choose("uses", "a"), i.Done("uses")).last

    assert recorded(step) == {"uses": ("a", "c")}
    assert step.session.draft == ()
    assert asked(step).question.key == "last"


def test_done_with_nothing_ticked_asks_for_at_least_one() -> None:
    assert_refused(first_of(multi("uses")), i.Done("uses"), MessageKey.TOO_FEW_CHOICES, min=1)


def test_done_with_fewer_than_the_minimum_is_refused() -> None:
    played = first_of(multi("uses", min_choices=2)).then(i.Choose("uses", "a"))

    assert_refused(played, i.Done("uses"), MessageKey.TOO_FEW_CHOICES, min=2)


def test_a_multiple_choice_with_a_minimum_of_none_may_be_done_empty() -> None:
    step = first_of(multi("uses", min_choices=0)).then(i.Done("uses")).last

    assert recorded(step) == {"uses": ()}


def test_ticking_more_than_the_maximum_is_refused_and_keeps_the_ticks() -> None:
    played = first_of(multi("uses", max_choices=2)).then(
        i.Choose("uses", "a"), i.Choose("uses", "b")
    )

    assert_refused(played, i.Choose("uses", "c"), MessageKey.TOO_MANY_CHOICES, max=2)
    assert played.session.draft == ("a", "b")


def test_typed_numbers_answer_a_multiple_choice_at_once() -> None:
    step = first_of(multi("uses", "a", "b", "c")).then(i.Text("3, 1")).last

    assert recorded(step) == {"uses": ("a", "c")}


def test_typing_more_numbers_than_the_maximum_is_refused() -> None:
    at = first_of(multi("uses", max_choices=2))

    assert_refused(at, i.Text("1 2 3"), MessageKey.TOO_MANY_CHOICES, max=2)


def test_a_number_typed_twice_counts_once() -> None:
    at = first_of(multi("uses", min_choices=2))

    assert_refused(at, i.Text("1, 1"), MessageKey.TOO_FEW_CHOICES, min=2)


def test_a_typed_number_off_the_list_of_a_multiple_choice_is_refused() -> None:
    assert_refused(first_of(multi("uses")), i.Text("1, 9"), MessageKey.PICK_OPTIONS, count=4)


def test_start_again_unticks_everything() -> None:
    played = first_of(multi("uses")).then(i.Choose("uses", "a"), i.Choose("uses", "b"))
    step = played.then(i.Clear("uses")).last

    assert step.session.draft == ()
    assert asked(step).draft == ()
    assert asked(step).refresh


# --- scale ---------------------------------------------------------------------------------


def test_tapping_a_point_of_the_scale_records_the_number() -> None:
    step = first_of(scale("safety", 1, 5)).then(i.Choose("safety", "4")).last

    assert recorded(step) == {"safety": 4}


@pytest.mark.parametrize(("typed", "number"), [("5", 5), (" 1 ", 1), ("+3", 3)])
def test_a_typed_number_on_the_scale_is_recorded(typed: str, number: int) -> None:
    step = first_of(scale("safety", 1, 5)).then(i.Text(typed)).last

    assert recorded(step) == {"safety": number}


@pytest.mark.parametrize(
    "given",
    [
        i.Text("6"),
        i.Text("0"),
        i.Text("-2"),
        i.Text("four"),
        i.Text("4.5"),
        i.Choose("safety", "6"),
        i.Choose("safety", "x"),
    ],
)
def test_a_number_off_the_scale_is_refused_and_changes_nothing(given: i.Input) -> None:
    at = first_of(scale("safety", 1, 5))

    assert_refused(at, given, MessageKey.NUMBER_OUT_OF_RANGE, min=1, max=5)


def test_a_scale_may_start_at_zero() -> None:
    step = first_of(scale("score", 0, 10)).then(i.Text("0")).last

    assert recorded(step) == {"score": 0}


# --- ranking -------------------------------------------------------------------------------


def test_taps_on_a_ranking_build_the_order_so_far() -> None:
    played = first_of(rank("order", "a", "b", "c", "d")).then(
        i.Choose("order", "c"), i.Choose("order", "a")
    )

    shown = asked(played.last)
    assert shown.draft == ("c", "a")
    assert shown.refresh
    assert played.session.answers == {}


def test_a_top_n_ranking_is_recorded_when_n_are_ranked() -> None:
    played = first_of(rank("order", "a", "b", "c", "d", top=2))
    step = played.then(i.Choose("order", "d"), i.Choose("order", "b")).last

    assert recorded(step) == {"order": ("d", "b")}
    assert asked(step).question.key == "last"


def test_ranking_every_option_puts_the_last_one_in_by_itself() -> None:
    played = first_of(rank("order", "a", "b", "c", "d"))
    step = played.then(i.Choose("order", "b"), i.Choose("order", "d"), i.Choose("order", "a")).last

    assert recorded(step) == {"order": ("b", "d", "a", "c")}


def test_an_option_already_ranked_is_refused() -> None:
    played = first_of(rank("order")).then(i.Choose("order", "b"))

    assert_refused(played, i.Choose("order", "b"), MessageKey.ALREADY_RANKED)


def test_a_typed_order_is_recorded_at_once() -> None:
    step = first_of(rank("order", "a", "b", "c", "d", top=3)).then(i.Text("3 1 2")).last

    assert recorded(step) == {"order": ("c", "a", "b")}


def test_a_typed_order_carries_on_from_the_taps_so_far() -> None:
    played = first_of(rank("order", "a", "b", "c", "d", top=3)).then(i.Choose("order", "d"))
    step = played.then(i.Text("2, 1")).last

    assert recorded(step) == {"order": ("d", "b", "a")}


def test_a_short_typed_order_is_kept_as_the_order_so_far() -> None:
    step = first_of(rank("order", "a", "b", "c", "d", top=3)).then(i.Text("2")).last

    assert step.session.draft == ("b",)
    assert step.session.answers == {}


def test_a_typed_order_naming_an_option_twice_is_refused() -> None:
    at = first_of(rank("order", top=3))

    assert_refused(at, i.Text("1 1 2"), MessageKey.ALREADY_RANKED)


def test_a_typed_order_with_a_number_off_the_list_is_refused() -> None:
    at = first_of(rank("order", "a", "b", "c", "d", top=3))

    assert_refused(at, i.Text("1 5 2"), MessageKey.RANK_OPTIONS, count=3)


def test_start_again_empties_the_order_so_far() -> None:
    played = first_of(rank("order")).then(i.Choose("order", "a"))

    assert played.then(i.Clear("order")).session.draft == ()


# --- free text -----------------------------------------------------------------------------


def test_a_typed_answer_is_recorded_without_surrounding_spaces() -> None:
    step = first_of(text("idea")).then(i.Text("  More benches, please. \n")).last

    assert recorded(step) == {"idea": "More benches, please."}


def test_an_answer_of_exactly_the_maximum_length_is_recorded() -> None:
    step = first_of(text("idea", max_length=10)).then(i.Text("x" * 10)).last

    assert recorded(step) == {"idea": "x" * 10}


def test_an_answer_over_the_maximum_length_is_refused_with_both_lengths() -> None:
    at = first_of(text("idea", max_length=10))

    assert_refused(at, i.Text("x" * 11), MessageKey.TEXT_TOO_LONG, max=10, length=11)


@pytest.mark.parametrize("typed", ["", "   ", "\n\t"])
def test_an_empty_answer_is_refused(typed: str) -> None:
    assert_refused(first_of(text("idea")), i.Text(typed), MessageKey.TEXT_EMPTY)


def test_a_tap_on_a_text_question_asks_for_typing() -> None:
    assert_refused(first_of(text("idea")), i.Choose("idea", "a"), MessageKey.TYPE_YOUR_ANSWER)


def test_a_text_question_does_not_read_numbers_as_choices() -> None:
    step = first_of(text("idea")).then(i.Text("2")).last

    assert recorded(step) == {"idea": "2"}


# --- yes or no -----------------------------------------------------------------------------


@pytest.mark.parametrize("tapped", ["yes", "no"])
def test_tapping_yes_or_no_records_it(tapped: str) -> None:
    step = first_of(yesno("children")).then(i.Choose("children", tapped)).last

    assert recorded(step) == {"children": tapped}


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("yes", "yes"),
        ("Yes.", "yes"),
        ("Y", "yes"),
        ("ie", "yes"),
        ("Ie!", "yes"),
        ("oes", "yes"),
        ("ydw", "yes"),
        ("1", "yes"),
        ("no", "no"),
        ("N", "no"),
        ("na", "no"),
        ("Nac oes", "no"),
        ("naddo", "no"),
        ("2", "no"),
    ],
)
def test_yes_or_no_can_be_typed_in_english_or_welsh(typed: str, value: str) -> None:
    step = first_of(yesno("children")).then(i.Text(typed)).last

    assert recorded(step) == {"children": value}


@pytest.mark.parametrize("typed", ["maybe", "3", "yes no"])
def test_a_typed_answer_that_is_not_yes_or_no_is_refused(typed: str) -> None:
    at = first_of(yesno("children"))

    assert_refused(at, i.Text(typed), MessageKey.PICK_AN_OPTION, count=2)


def test_answering_the_last_question_finishes_the_round() -> None:
    step = first_of(yesno("children")).then(i.Text("yes"), i.Choose("last", "a")).last

    assert step.session.stage is Stage.FINISHED
    assert step.session.answers == {"children": "yes", "last": "a"}



# --- a whole answer at once (a web form) ---------------------------------------------------


def _text(words: str) -> LocalText:
    return LocalText({"en": words})


def _question(kind: QuestionType, **extra: object) -> Question:
    options = tuple(Option(k, _text(k)) for k in ("a", "b", "c"))
    return Question("q", kind, _text("Q"), options, **extra)  # type: ignore[arg-type]


def test_a_form_answers_a_multiple_choice_whole_within_its_limits() -> None:
    multi = _question(QuestionType.MULTI, max_choices=2)
    assert reading.read_submit(multi, ("c", "a")) == reading.Accept(("a", "c")), "option order"
    for refused in (("a", "b", "c"), ("a", "a"), (), ("a", "zz")):
        assert isinstance(reading.read_submit(multi, refused), reading.Refuse), refused


def test_a_form_ranks_in_the_order_given_and_the_last_option_fills_itself_in() -> None:
    rank = _question(QuestionType.RANK)
    assert reading.read_submit(rank, ("c", "a")) == reading.Accept(("c", "a", "b"))
    assert reading.read_submit(rank, ("b", "c", "a")) == reading.Accept(("b", "c", "a"))
    for refused in (("c",), ("a", "a"), ("a", "x")):
        assert isinstance(reading.read_submit(rank, refused), reading.Refuse), refused


def test_a_form_chooses_one_option_a_scale_point_or_a_text() -> None:
    single = _question(QuestionType.SINGLE)
    assert reading.read_submit(single, ("b",)) == reading.Accept("b")
    for refused in (("b", "c"), ("z",), ()):
        assert isinstance(reading.read_submit(single, refused), reading.Refuse), refused
    scale = Question("s", QuestionType.SCALE, _text("S"), scale=Scale(1, 5))
    assert reading.read_submit(scale, ("4",)) == reading.Accept(4)
    assert isinstance(reading.read_submit(scale, ("6",)), reading.Refuse)
    text = Question("t", QuestionType.TEXT, _text("T"), max_length=10)
    assert reading.read_submit(text, ("  short  ",)) == reading.Accept("short")
    assert isinstance(reading.read_submit(text, ("x" * 11,)), reading.Refuse)
    assert isinstance(reading.read_submit(text, ("   ",)), reading.Refuse)
