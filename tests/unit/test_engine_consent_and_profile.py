"""Before any question: consent to the privacy notice, then language, then role."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from engine_play import (
    NOW,
    answering,
    asked,
    consultation,
    of_type,
    play,
    refusal,
    single,
)

from bot.engine import Profile, Stage
from bot.engine import events as e
from bot.engine import inputs as i
from bot.engine.messages import MessageKey
from bot.engine.model import Consultation

DESIGN_OPEN = datetime(2027, 1, 12, 12, 0, tzinfo=UTC)


# --- consent -------------------------------------------------------------------------------


def test_a_newcomer_first_sees_the_consent_notice_and_nothing_is_recorded(
    park: Consultation,
) -> None:
    played = play(park)

    assert played.last.events == (e.AskConsent(("en", "cy")),)
    assert played.session.stage is Stage.CONSENT
    assert not played.session.consented
    assert played.session.answers == {}


def test_answers_given_before_consent_are_refused_and_not_recorded(park: Consultation) -> None:
    played = play(park, i.Choose("visits", "weekly"), i.Text("2"), i.Done("barriers"))

    for step in played.steps[1:]:
        assert step.events == (e.Rejected(MessageKey.CONSENT_NEEDED), e.AskConsent(("en", "cy")))
        assert step.session == played.steps[0].session
    assert of_type(played.events, e.AnswerRecorded) == []


def test_consent_is_recorded_before_the_first_answer(park: Consultation) -> None:
    played = answering(park).then(i.Choose("visits", "weekly"))

    kinds = [type(event) for event in played.events]
    assert e.ConsentRecorded(True) in played.events
    assert kinds.index(e.ConsentRecorded) < kinds.index(e.AnswerRecorded)


@pytest.mark.parametrize(
    "typed", ["I agree", "cytuno", "OK.", "yes", "Rwy'n cytuno", "Rwy\u2019n cytuno", "  AGREE "]
)
def test_typing_agreement_counts_as_consent(park: Consultation, typed: str) -> None:
    step = play(park, i.Text(typed)).last

    assert step.events[0] == e.ConsentRecorded(True)
    assert step.session.consented


def test_declining_records_the_refusal_says_so_and_asks_nothing(park: Consultation) -> None:
    step = play(park, i.Consent(False)).last

    assert step.events == (e.ConsentRecorded(False), e.Say(MessageKey.CONSENT_DECLINED))
    assert step.session.stage is Stage.DECLINED
    assert not step.session.consented


@pytest.mark.parametrize("typed", ["No thanks", "dim diolch", "na", "no"])
def test_typing_no_thanks_declines(park: Consultation, typed: str) -> None:
    step = play(park, i.Text(typed)).last

    assert step.events[0] == e.ConsentRecorded(False)
    assert step.session.stage is Stage.DECLINED


def test_after_declining_an_answer_is_still_not_recorded(park: Consultation) -> None:
    played = play(park, i.Consent(False), i.Choose("visits", "weekly"), i.Text("1"))

    assert of_type(played.events, e.AnswerRecorded) == []
    assert played.session == played.steps[1].session


def test_declining_twice_records_the_refusal_once(park: Consultation) -> None:
    played = play(park, i.Consent(False), i.Consent(False))

    assert of_type(played.events, e.ConsentRecorded) == [e.ConsentRecorded(False)]
    assert played.last.events == (e.AskConsent(("en", "cy")),)


def test_someone_who_declined_can_change_their_mind(park: Consultation) -> None:
    step = play(park, i.Consent(False), i.Consent(True)).last

    assert step.events[0] == e.ConsentRecorded(True)
    assert step.session.consented
    assert step.session.stage is Stage.ROLE


def test_text_that_is_neither_yes_nor_no_shows_the_notice_again(park: Consultation) -> None:
    first = play(park)
    step = first.then(i.Text("what is this?")).last

    assert step.events == (e.Rejected(MessageKey.CONSENT_NEEDED), e.AskConsent(("en", "cy")))
    assert step.session == first.session


# --- language ------------------------------------------------------------------------------


def test_agreeing_to_a_notice_that_offered_welsh_is_choosing_english_no_question_asked(
    park: Consultation,
) -> None:
    step = play(park, i.Consent(True)).last

    assert step.events == (e.ConsentRecorded(True), e.AskRole(("resident", "worker")))
    assert step.session.stage is Stage.ROLE
    assert step.session.language == "en" and step.session.language_chosen


@pytest.mark.parametrize("given", [i.PickLanguage("cy"), i.Text("Cymraeg"), i.Text("welsh")])
def test_choosing_welsh_at_the_notice_shows_it_in_welsh_then_goes_on_to_the_role(
    park: Consultation, given: i.Input
) -> None:
    switched = play(park, given)
    assert switched.last.events == (e.ProfileChosen("cy", None), e.AskConsent(("en", "cy")))
    step = switched.then(i.Consent(True)).last

    assert step.events == (e.ConsentRecorded(True), e.AskRole(("resident", "worker")))
    assert step.session.language == "cy"


def test_a_language_not_offered_is_refused_and_changes_nothing(park: Consultation) -> None:
    asking = play(park)
    step = asking.then(i.PickLanguage("fr")).last

    assert step.events == (e.Rejected(MessageKey.LANGUAGE_NOT_OFFERED),)
    assert step.session == asking.session


def test_switching_to_welsh_on_the_consent_notice_shows_it_again_in_welsh(
    park: Consultation,
) -> None:
    step = play(park, i.PickLanguage("cy")).last

    assert step.events == (e.ProfileChosen("cy", None), e.AskConsent(("en", "cy")))
    assert step.session.language == "cy"
    assert not step.session.consented


def test_the_language_can_be_changed_in_the_middle_of_the_questions(park: Consultation) -> None:
    at_question = answering(park)
    step = at_question.then(i.PickLanguage("cy")).last

    assert step.session.language == "cy"
    assert step.events[0] == e.ProfileChosen("cy", None)
    assert asked(step).question.key == "visits"
    assert step.session.evolve(language="en") == at_question.session


def test_a_language_hint_at_start_sets_the_language_of_the_notice(park: Consultation) -> None:
    assert play(park, language="cy").session.language == "cy"
    assert play(park, language="fr").session.language == "en"


def test_an_english_only_consultation_never_asks_the_language() -> None:
    english = consultation(single("colour"), languages=("en",), audience=("resident", "worker"))

    step = play(english, i.Consent(True)).last

    assert of_type(step.events, e.AskLanguage) == []
    assert of_type(step.events, e.AskRole) == [e.AskRole(("resident", "worker"))]


# --- role ----------------------------------------------------------------------------------


def test_the_roles_offered_are_the_consultations_audience(library: Consultation) -> None:
    step = play(library, i.Consent(True), i.PickLanguage("en")).last

    assert step.events[-1] == e.AskRole(("resident", "service_user", "worker"))
    assert step.session.stage is Stage.ROLE


@pytest.mark.parametrize("given", [i.PickRole("service_user"), i.Text("service user"), i.Text("2")])
def test_choosing_a_role_records_it_and_opens_the_round(
    library: Consultation, given: i.Input
) -> None:
    step = play(library, i.Consent(True), i.PickLanguage("en"), given).last

    assert step.events[0] == e.ProfileChosen(None, "service_user")
    assert step.events[1].key is MessageKey.ROUND_INTRO  # type: ignore[union-attr]
    assert asked(step).question.key == "works_here"
    assert step.session.role == "service_user"
    assert step.session.stage is Stage.ANSWERING


@pytest.mark.parametrize("given", [i.PickRole("officer"), i.Text("councillor"), i.Text("4")])
def test_a_role_outside_the_audience_is_refused_and_asked_again(
    library: Consultation, given: i.Input
) -> None:
    asking = play(library, i.Consent(True), i.PickLanguage("en"))
    step = asking.then(given).last

    assert step.events == (
        e.Rejected(MessageKey.ROLE_NOT_OFFERED),
        e.AskRole(("resident", "service_user", "worker")),
    )
    assert step.session == asking.session


def test_with_one_role_in_the_audience_the_role_is_not_asked_but_given() -> None:
    residents_only = consultation(single("colour"), audience=("resident",))

    step = play(residents_only, i.Consent(True)).last

    assert of_type(step.events, e.AskRole) == []
    assert e.ProfileChosen(None, "resident", by_person=False) in step.events
    assert step.session.role == "resident"
    assert asked(step).question.key == "colour"


# --- a second round ------------------------------------------------------------------------


def test_a_second_round_remembers_consent_language_and_role(park: Consultation) -> None:
    profile = Profile(consented=True, language="cy", role="worker")

    step = play(park, round_key="design", now=DESIGN_OPEN, profile=profile).last

    assert of_type(step.events, e.AskConsent) == []
    assert of_type(step.events, e.AskLanguage) == []
    assert of_type(step.events, e.AskRole) == []
    assert of_type(step.events, e.ConsentRecorded) == []
    assert asked(step).question.key == "priorities"
    assert (step.session.language, step.session.role, step.session.consented) == (
        "cy",
        "worker",
        True,
    )


def test_a_remembered_role_this_consultation_does_not_offer_is_asked_again(
    park: Consultation,
) -> None:
    profile = Profile(consented=True, language="en", role="service_user")

    step = play(park, round_key="design", now=DESIGN_OPEN, profile=profile).last

    assert step.events == (e.AskRole(("resident", "worker")),)
    assert step.session.role is None


def test_a_remembered_language_this_consultation_does_not_offer_is_asked_again(
    park: Consultation,
) -> None:
    profile = Profile(consented=True, language="fr", role="resident")

    step = play(park, round_key="design", now=DESIGN_OPEN, profile=profile).last

    assert step.events == (e.AskLanguage(("en", "cy")),)
    assert step.session.language == "en"


def test_a_profile_without_consent_asks_for_consent_again(park: Consultation) -> None:
    profile = Profile(consented=False, language="cy", role="resident")

    step = play(park, round_key="design", now=DESIGN_OPEN, profile=profile).last

    assert step.events == (e.AskConsent(("en", "cy")),)
    assert step.session.language == "cy"


def test_consent_from_an_earlier_round_still_needs_a_round_that_is_open(
    park: Consultation,
) -> None:
    profile = Profile(consented=True, language="en", role="resident")

    step = play(park, round_key="design", now=NOW, profile=profile).last

    assert refusal(step).key is MessageKey.ROUND_NOT_OPEN
