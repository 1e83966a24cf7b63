"""A wrong input gets a specific, polite refusal and leaves the session exactly as it was."""

from __future__ import annotations

import pytest
from engine_play import Played, answering, consultation, multi, play, rank, refusal, single, text

from bot.engine import inputs as i
from bot.engine.messages import MessageKey
from bot.engine.model import Consultation


def at_second_question(second_kind: str) -> Played:
    """`first` (a single choice) answered; `second` of the given kind on screen."""
    second = {
        "single": single("second"),
        "multi": multi("second", max_choices=2),
        "rank": rank("second", top=2),
        "text": text("second", max_length=20),
    }[second_kind]
    return answering(consultation(single("first"), second, single("last"))).then(
        i.Choose("first", "a")
    )


def assert_unchanged_after(played: Played, given: i.Input) -> MessageKey:
    """The refusal's key; the session is equal, and serialises to the same JSON."""
    step = played.then(given).last
    assert not step.changed, "a refusal is nothing to store"
    assert step.session == played.session
    assert step.session.to_json() == played.session.to_json()
    return refusal(step).key


@pytest.mark.parametrize(
    ("kind", "given", "key"),
    [
        ("text", i.Choose("second", "a"), MessageKey.TYPE_YOUR_ANSWER),
        ("single", i.Text("the blue one"), MessageKey.PICK_AN_OPTION),
        ("multi", i.Text("lots"), MessageKey.PICK_OPTIONS),
        ("rank", i.Text("first b then a"), MessageKey.RANK_OPTIONS),
        ("single", i.Choose("second", "zzz"), MessageKey.PICK_AN_OPTION),
        ("multi", i.Choose("second", "zzz"), MessageKey.PICK_OPTIONS),
        ("rank", i.Choose("second", "zzz"), MessageKey.RANK_OPTIONS),
        ("text", i.Text("x" * 21), MessageKey.TEXT_TOO_LONG),
        ("text", i.Text(" "), MessageKey.TEXT_EMPTY),
    ],
)
def test_an_answer_of_the_wrong_shape_is_refused(
    kind: str, given: i.Input, key: MessageKey
) -> None:
    assert assert_unchanged_after(at_second_question(kind), given) is key


@pytest.mark.parametrize(
    "given",
    [
        i.Choose("first", "b"),
        i.Choose("last", "a"),
        i.Choose("no_such_question", "a"),
        i.Done("first"),
        i.Clear("first"),
        i.Keep("first"),
        i.Skip("first"),
        i.Done("no_such_question"),
    ],
)
@pytest.mark.parametrize("kind", ["single", "multi", "rank", "text"])
def test_a_button_of_another_question_is_refused_as_stale(kind: str, given: i.Input) -> None:
    assert assert_unchanged_after(at_second_question(kind), given) is MessageKey.STALE_BUTTON


@pytest.mark.parametrize(
    "given", [i.Consent(True), i.Consent(False), i.PickRole("resident"), i.Done("second")]
)
def test_a_button_that_does_not_belong_to_a_single_choice_is_refused(given: i.Input) -> None:
    assert assert_unchanged_after(at_second_question("single"), given) is MessageKey.STALE_BUTTON


def test_a_stale_tap_keeps_a_half_made_choice() -> None:
    ticking = at_second_question("multi").then(i.Choose("second", "c"))

    assert assert_unchanged_after(ticking, i.Choose("first", "b")) is MessageKey.STALE_BUTTON
    assert ticking.session.draft == ("c",)


def test_a_refused_tap_keeps_a_half_made_ranking() -> None:
    ranking = at_second_question("rank").then(i.Choose("second", "d"))

    assert assert_unchanged_after(ranking, i.Choose("second", "d")) is MessageKey.ALREADY_RANKED
    assert ranking.session.draft == ("d",)


@pytest.mark.parametrize(("kind", "expected"), [("single", "tap"), ("text", "type")])
def test_a_sticker_is_refused_with_what_to_do_instead(kind: str, expected: str) -> None:
    played = at_second_question(kind)
    step = played.then(i.Unsupported("sticker")).last

    assert (
        assert_unchanged_after(played, i.Unsupported("sticker")) is MessageKey.UNSUPPORTED_MESSAGE
    )
    assert dict(refusal(step).params) == {"kind": "sticker", "expected": expected}


def test_a_photo_on_the_consent_notice_is_refused_asking_for_a_tap(park: Consultation) -> None:
    first = play(park)
    step = first.then(i.Unsupported("photo")).last

    assert dict(refusal(step).params) == {"kind": "photo", "expected": "tap"}
    assert step.session == first.session


def test_a_language_not_offered_is_refused_in_the_middle_of_the_questions(
    park: Consultation,
) -> None:
    played = answering(park)

    assert assert_unchanged_after(played, i.PickLanguage("fr")) is MessageKey.LANGUAGE_NOT_OFFERED
