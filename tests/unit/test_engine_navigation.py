"""Back, Keep and finishing a round."""

from __future__ import annotations

from datetime import UTC, datetime

from engine_play import (
    Played,
    answering,
    asked,
    consultation,
    multi,
    of_type,
    rank,
    recorded,
    refusal,
    scale,
    single,
    text,
    with_round_times,
)

from bot.engine import Stage
from bot.engine import events as e
from bot.engine import inputs as i
from bot.engine.messages import MessageKey


def three_questions() -> Played:
    return answering(consultation(single("first"), scale("second"), single("third")))


# --- Back ----------------------------------------------------------------------------------


def test_back_on_the_first_question_is_refused_and_changes_nothing() -> None:
    at = three_questions()
    step = at.then(i.Back()).last

    assert refusal(step).key is MessageKey.NOTHING_BEFORE
    assert step.session == at.session


def test_the_first_question_offers_no_back_and_later_ones_do() -> None:
    at = three_questions()

    assert not asked(at.last).can_go_back
    assert asked(at.then(i.Choose("first", "a")).last).can_go_back


def test_back_shows_the_question_before_with_the_answer_given() -> None:
    played = three_questions().then(i.Choose("first", "b"))
    step = played.then(i.Back()).last

    shown = asked(step)
    assert shown.question.key == "first"
    assert shown.current == "b"
    assert shown.number == 1
    assert step.events == (shown,), "going back records and removes nothing"
    assert step.session.answers == {"first": "b"}


def test_a_new_answer_after_back_replaces_the_old_one() -> None:
    played = three_questions().then(i.Choose("first", "b"), i.Text("3"), i.Back(), i.Back())

    step = played.then(i.Choose("first", "c")).last

    assert recorded(step) == {"first": "c"}
    assert step.session.answers == {"first": "c", "second": 3}
    assert asked(step).question.key == "second"
    assert asked(step).current == 3


def test_keep_keeps_the_answer_and_moves_on_without_recording() -> None:
    played = three_questions().then(i.Choose("first", "b"), i.Back())

    step = played.then(i.Keep("first")).last

    assert recorded(step) == {}
    assert step.session.answers == {"first": "b"}
    assert asked(step).question.key == "second"
    assert asked(step).number == 2


def test_keep_without_an_answer_is_refused() -> None:
    at = three_questions()
    step = at.then(i.Keep("first")).last

    assert refusal(step).key is MessageKey.NOTHING_TO_KEEP
    assert step.session == at.session


def test_back_throws_away_a_half_made_choice() -> None:
    played = answering(consultation(single("first"), multi("second"))).then(
        i.Choose("first", "a"), i.Choose("second", "b")
    )
    assert played.session.draft == ("b",)

    step = played.then(i.Back()).last

    assert step.session.draft == ()
    assert step.session.current == "first"


def test_changing_a_ranking_after_back_starts_from_an_empty_order() -> None:
    played = answering(consultation(rank("order", top=2), single("last"))).then(
        i.Text("1 2"), i.Back()
    )
    assert asked(played.last).draft == ()
    assert asked(played.last).current == ("a", "b")

    step = played.then(i.Choose("order", "d"), i.Choose("order", "c")).last

    assert recorded(step) == {"order": ("d", "c")}


# --- finishing -----------------------------------------------------------------------------


def test_the_last_answer_finishes_the_round_and_says_thank_you() -> None:
    step = three_questions().then(i.Choose("first", "a"), i.Text("2"), i.Choose("third", "c")).last

    assert step.events[1:] == (
        e.RoundFinished("only", None),
        e.Say(MessageKey.ROUND_FINISHED),
    )
    assert step.session.stage is Stage.FINISHED
    assert step.session.current is None
    assert step.session.answers == {"first": "a", "second": 2, "third": "c"}


def test_finishing_a_round_with_a_closing_date_says_when_it_closes() -> None:
    closes = datetime(2027, 1, 31, 17, 0, tzinfo=UTC)
    timed = with_round_times(consultation(single("only_question")), "only", None, closes)

    step = answering(timed).then(i.Choose("only_question", "a")).last

    assert of_type(step.events, e.RoundFinished) == [e.RoundFinished("only", closes)]
    assert e.Say(MessageKey.ROUND_FINISHED, {"closes": closes}) in step.events


def finished() -> Played:
    return three_questions().then(i.Choose("first", "a"), i.Text("2"), i.Choose("third", "c"))


def test_a_message_after_finishing_says_the_round_is_finished() -> None:
    done = finished()
    step = done.then(i.Text("hello?")).last

    assert step.events == (e.Say(MessageKey.ROUND_ALREADY_FINISHED),)
    assert step.session == done.session


def test_a_tap_on_an_old_question_after_finishing_is_refused() -> None:
    done = finished()
    step = done.then(i.Choose("second", "4")).last

    assert refusal(step).key is MessageKey.STALE_BUTTON
    assert step.session == done.session


def test_back_after_finishing_reopens_the_last_question() -> None:
    step = finished().then(i.Back()).last

    assert step.session.stage is Stage.ANSWERING
    assert asked(step).question.key == "third"
    assert asked(step).current == "c"


def test_a_changed_answer_after_finishing_finishes_the_round_again() -> None:
    step = finished().then(i.Back(), i.Choose("third", "b")).last

    assert recorded(step) == {"third": "b"}
    assert step.session.stage is Stage.FINISHED
    assert of_type(step.events, e.RoundFinished) == [e.RoundFinished("only", None)]


def test_a_skipped_last_question_is_reopened_by_back() -> None:
    done = answering(consultation(single("first"), text("idea", required=False))).then(
        i.Choose("first", "a"), i.Skip("idea")
    )
    assert done.session.stage is Stage.FINISHED

    step = done.then(i.Back()).last

    assert asked(step).question.key == "idea"
    assert asked(step).current is None
