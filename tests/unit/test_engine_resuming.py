"""Stopping and coming back: the session is plain JSON and resumes exactly where it stopped."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from engine_play import (
    Played,
    answering,
    asked,
    consultation,
    multi,
    of_type,
    play,
    rank,
    recorded,
    single,
)

from bot.engine import Session, Stage, current_step
from bot.engine import events as e
from bot.engine import inputs as i
from bot.engine.messages import MessageKey
from bot.engine.model import Consultation


def stored_and_loaded(session: Session) -> Session:
    """What a restart does: the session goes to the database as JSON and comes back."""
    return Session.from_json(session.to_json())


def whole_park_round(park: Consultation) -> Played:
    return answering(park, language="cy", role="worker").then(
        i.Choose("visits", "most_days"),
        i.Choose("activities", "dog"),
        i.Choose("activities", "walk"),
        i.Done("activities"),
        i.Text("2, 5"),
        i.Choose("safety_dark", "1"),
        i.Text("Dim goleuadau."),
        i.Back(),
        i.Keep("unsafe_why"),
        i.Text("ie"),
        i.Choose("play_needs", "shade"),
        i.Done("play_needs"),
        i.Skip("change_one"),
    )


def test_the_session_survives_json_at_every_step_of_a_whole_round(park: Consultation) -> None:
    played = whole_park_round(park)
    assert played.session.stage is Stage.FINISHED

    for step in played.steps:
        assert stored_and_loaded(step.session) == step.session


def test_the_stored_json_holds_plain_values(park: Consultation) -> None:
    data = json.loads(whole_park_round(park).session.to_json())

    assert data["answers"] == {
        "visits": "most_days",
        "activities": ["walk", "dog"],
        "barriers": ["toilets", "litter"],
        "safety_dark": 1,
        "unsafe_why": "Dim goleuadau.",
        "children": "yes",
        "play_needs": ["shade"],
    }
    assert (data["language"], data["role"], data["stage"]) == ("cy", "worker", "finished")


def test_resuming_shows_exactly_the_question_that_was_on_screen(park: Consultation) -> None:
    played = whole_park_round(park)
    on_screen: e.AskQuestion | None = None

    for step in played.steps:
        on_screen = next(iter(of_type(step.events, e.AskQuestion)[-1:]), on_screen)
        if step.session.stage is not Stage.ANSWERING:
            continue
        again = current_step(park, stored_and_loaded(step.session))

        assert on_screen is not None
        assert again.session == step.session, "looking changes nothing"
        assert again.events == (replace(on_screen, refresh=False),)


def test_a_half_made_multiple_choice_is_still_ticked_after_a_restart() -> None:
    ticking = answering(consultation(multi("uses", "a", "b", "c", "d"))).then(
        i.Choose("uses", "d"), i.Choose("uses", "b")
    )
    loaded = stored_and_loaded(ticking.session)

    assert asked(current_step(ticking.consultation, loaded)).draft == ("d", "b")
    played = Played(ticking.consultation, (current_step(ticking.consultation, loaded),))
    assert recorded(played.then(i.Choose("uses", "a"), i.Done("uses")).last) == {
        "uses": ("a", "b", "d")
    }


def test_a_half_made_ranking_carries_on_after_a_restart() -> None:
    ranking = answering(consultation(rank("order", "a", "b", "c", "d", top=3))).then(
        i.Choose("order", "c")
    )
    loaded = stored_and_loaded(ranking.session)

    resumed = Played(ranking.consultation, (current_step(ranking.consultation, loaded),))
    assert asked(resumed.last).draft == ("c",)
    assert recorded(resumed.then(i.Choose("order", "a"), i.Choose("order", "d")).last) == {
        "order": ("c", "a", "d")
    }


def test_resuming_before_any_question_shows_the_prompt_again(library: Consultation) -> None:
    at_consent = play(library)
    at_role = at_consent.then(i.PickLanguage("cy")).then(i.Consent(True))

    assert current_step(library, stored_and_loaded(at_consent.session)).events == (
        e.AskConsent(("en", "cy")),
    )
    assert current_step(library, stored_and_loaded(at_role.session)).events == (
        e.AskRole(("resident", "service_user", "worker")),
    )


def test_resuming_a_finished_round_says_it_is_finished(park: Consultation) -> None:
    done = whole_park_round(park).session

    assert current_step(park, stored_and_loaded(done)).events == (
        e.Say(MessageKey.ROUND_ALREADY_FINISHED),
    )


def test_a_session_from_an_unknown_version_is_not_loaded() -> None:
    session = answering(consultation(single("first"))).session
    data = json.loads(session.to_json())
    data["v"] = 99

    with pytest.raises(ValueError, match="version"):
        Session.from_json(json.dumps(data))


@pytest.mark.parametrize("bad", [True, None, 1.5, {"a": 1}, ["a", 2]])
def test_a_stored_answer_that_is_no_answer_value_is_not_loaded(bad: object) -> None:
    session = answering(consultation(single("first"))).then(i.Choose("first", "a")).session
    data = json.loads(session.to_json())
    data["answers"]["first"] = bad

    with pytest.raises(ValueError):
        Session.from_json(json.dumps(data))
