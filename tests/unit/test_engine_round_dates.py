"""A round can only be answered between its opening and its closing time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from engine_play import (
    NOW,
    Played,
    answering,
    consultation,
    of_type,
    play,
    refusal,
    single,
    with_round_times,
)

from bot.engine import Availability, Stage, availability
from bot.engine import events as e
from bot.engine import inputs as i
from bot.engine.messages import MessageKey
from bot.engine.model import Consultation

OPENS = datetime(2027, 1, 10, 9, 0, tzinfo=UTC)
CLOSES = datetime(2027, 1, 31, 17, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)


def timed() -> Consultation:
    return with_round_times(consultation(single("first"), single("second")), "only", OPENS, CLOSES)


def test_a_round_not_open_yet_says_when_it_opens_and_asks_nothing() -> None:
    step = play(timed(), now=OPENS - SECOND).last

    assert step.events == (e.Rejected(MessageKey.ROUND_NOT_OPEN, {"opens": OPENS}),)
    assert step.session.answers == {}
    assert not step.session.consented


def test_a_round_opens_at_its_opening_time() -> None:
    step = play(timed(), now=OPENS).last

    assert of_type(step.events, e.AskConsent) == [e.AskConsent(("en",))]


def test_a_closed_round_says_when_it_closed() -> None:
    step = play(timed(), now=CLOSES).last

    assert step.events == (e.Rejected(MessageKey.ROUND_CLOSED, {"closes": CLOSES}),)


def test_an_answer_one_second_before_closing_is_recorded() -> None:
    played = answering(timed(), now=CLOSES - timedelta(minutes=5))

    step = played.then(i.Choose("first", "a"), now=CLOSES - SECOND).last

    assert step.session.answers == {"first": "a"}


@pytest.mark.parametrize(
    "given", [i.Choose("first", "a"), i.Text("1"), i.Back(), i.Resume(), i.Unsupported("sticker")]
)
def test_after_closing_any_input_is_refused_and_changes_nothing(given: i.Input) -> None:
    played = answering(timed(), now=OPENS)

    step = played.then(given, now=CLOSES).last

    assert step.events == (e.Rejected(MessageKey.ROUND_CLOSED, {"closes": CLOSES}),)
    assert step.session == played.session


def test_a_half_made_choice_is_kept_but_cannot_be_finished_after_closing() -> None:
    played = answering(timed(), now=OPENS)

    step = played.then(i.Choose("first", "b"), now=CLOSES + timedelta(days=1)).last

    assert refusal(step).key is MessageKey.ROUND_CLOSED
    assert step.session.answers == {}


def test_someone_who_declined_cannot_consent_after_the_round_closed() -> None:
    declined = play(timed(), i.Consent(False), now=OPENS)
    assert declined.session.stage is Stage.DECLINED

    step = declined.then(i.Consent(True), now=CLOSES).last

    assert step.events == (e.Rejected(MessageKey.ROUND_CLOSED, {"closes": CLOSES}),)
    assert not step.session.consented


def test_a_round_with_no_dates_is_always_open() -> None:
    always = consultation(single("first"))

    for moment in (datetime(2000, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC)):
        assert availability(always.rounds[0], moment) is Availability.OPEN


@pytest.mark.parametrize(
    ("moment", "state"),
    [
        (NOW, Availability.NOT_OPEN),
        (datetime(2027, 1, 12, 12, 0, tzinfo=UTC), Availability.OPEN),
        (datetime(2027, 2, 1, 0, 0, tzinfo=UTC), Availability.CLOSED),
    ],
)
def test_the_park_design_round_is_scheduled_for_january_2027(
    park: Consultation, moment: datetime, state: Availability
) -> None:
    design = park.round("design")
    assert design is not None

    assert availability(design, moment) is state


def test_closing_the_park_round_stops_a_participant_half_way(park: Consultation) -> None:
    half_way = answering(park).then(i.Choose("visits", "weekly"))
    closes = NOW + timedelta(hours=1)
    closed = with_round_times(park, "discover", None, closes)

    step = Played(closed, half_way.steps).then(i.Choose("activities", "walk"), now=closes).last

    assert step.events == (e.Rejected(MessageKey.ROUND_CLOSED, {"closes": closes}),)
    assert step.session == half_way.session
