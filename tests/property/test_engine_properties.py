"""Any sequence of inputs through the pure engine, for the shipped consultations.

Whatever a participant (or a forged callback) sends, the engine never raises, a refusal
changes nothing, the session always survives JSON, the answers it holds are exactly the
replay of its AnswerRecorded/AnswerRemoved events, every answer fits its question and
still applies, and a finished round has every required question that applies answered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.consultations import load_file
from bot.engine import Profile, Session, Stage, Step, current_step, resume, start
from bot.engine import events as e
from bot.engine import inputs as i
from bot.engine.conditions import applies
from bot.engine.model import Consultation, QuestionType, Round
from bot.engine.values import AnswerValue, fits
from bot.i18n.catalogue import load_catalogue
from bot.rendering import Renderer

ROOT = Path(__file__).resolve().parents[2]
CONSULTATIONS = tuple(
    load_file(ROOT / "config" / "consultations" / f"{slug}.yaml").consultation
    for slug in ("victoria-park", "library-services")
)
ROUNDS = tuple((c, r) for c in CONSULTATIONS for r in c.rounds)
RENDERER = Renderer(load_catalogue(ZoneInfo("Europe/London")))
UNDATED = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
MAX_INPUTS = 50

ALL_QUESTION_KEYS = sorted({q.key for _, r in ROUNDS for q in r.questions})
ALL_VALUES = sorted(
    {o.key for _, r in ROUNDS for q in r.questions for o in q.options}
    | {str(n) for n in range(-1, 12)}
)
TYPED = [
    "1", "2", "3", "9", "0", "-1", "1, 3", "1 2 3", "3,1,2", "1 1", "2 1 3 4 5 6 7 8",
    "yes", "no", "Ie", "Na", "oes", "nac oes", "I agree", "cytuno", "No thanks",
    "English", "Cymraeg", "resident", "service user", "worker",
    "Most days", "None of these", "", "   ", "\n",
]  # fmt: skip

question_keys = st.one_of(st.sampled_from(ALL_QUESTION_KEYS), st.text(max_size=12))
option_values = st.one_of(st.sampled_from(ALL_VALUES), st.text(max_size=8))
typed_texts = st.one_of(
    st.sampled_from(TYPED),
    st.text(max_size=40),
    st.lists(st.integers(-2, 12), max_size=6).map(lambda ns: ", ".join(map(str, ns))),
    st.integers(990, 2010).map(lambda n: "x" * n),
)

any_input: st.SearchStrategy[i.Input] = st.one_of(
    st.just(i.Begin()),
    st.just(i.Resume()),
    st.builds(i.Consent, st.booleans()),
    st.builds(
        i.PickLanguage, st.one_of(st.sampled_from(["en", "cy", "fr", ""]), st.text(max_size=5))
    ),
    st.builds(
        i.PickRole,
        st.one_of(
            st.sampled_from(["resident", "service_user", "worker", "mayor"]), st.text(max_size=8)
        ),
    ),
    st.builds(i.Text, typed_texts),
    st.builds(i.Choose, question_keys, option_values),
    st.builds(i.Done, question_keys),
    st.builds(i.Clear, question_keys),
    st.builds(i.Keep, question_keys),
    st.builds(i.Skip, st.one_of(st.none(), question_keys)),
    st.just(i.Back()),
    st.builds(i.Submit, question_keys,
              st.lists(st.one_of(option_values, typed_texts), max_size=5).map(tuple)),
    st.builds(
        i.Unsupported,
        st.one_of(st.sampled_from(["sticker", "photo", "voice"]), st.text(max_size=6)),
    ),
)


def next_input(
    draw: st.DrawFn, consultation: Consultation, round_: Round, session: Session
) -> i.Input:
    """Mostly what the buttons on screen would send, so that walks get deep into a round;
    sometimes anything at all (forged, stale, nonsense)."""
    roll = draw(st.integers(0, 19))
    if roll < 3:
        return draw(any_input)
    if roll < 5:
        return draw(st.builds(i.Text, typed_texts))
    match session.stage:
        case Stage.CONSENT:
            return draw(st.sampled_from([i.Consent(True)] * 3 + [i.Consent(False)]))
        case Stage.DECLINED:
            return draw(st.sampled_from([i.Consent(True), i.Resume(), i.Text("what?")]))
        case Stage.LANGUAGE:
            return draw(st.sampled_from([i.PickLanguage(code) for code in consultation.languages]))
        case Stage.ROLE:
            return draw(st.sampled_from([i.PickRole(role) for role in consultation.audience]))
        case Stage.FINISHED:
            return draw(st.sampled_from([i.Back(), i.Text("hello"), i.Resume()]))
    question = round_.question(session.current or "")
    if question is None:
        return i.Resume()
    key = question.key
    if roll < 8:
        return draw(st.sampled_from([i.Back(), i.Back(), i.Keep(key), i.Skip(key), i.Clear(key)]))
    if roll < 10:  # a web form: the whole answer at once, well-formed or not
        keys = [o.key for o in question.options] or ["More benches, please.", "3"]
        chosen = draw(st.lists(st.sampled_from(keys), max_size=len(keys) + 1))
        return i.Submit(key, tuple(chosen))
    if question.type is QuestionType.TEXT:
        return i.Text("More benches, please.")
    if question.scale is not None:
        return draw(st.sampled_from([i.Choose(key, str(n)) for n in question.scale.points]))
    if question.type is QuestionType.MULTI and roll > 15:
        return i.Done(key)
    return draw(st.sampled_from([i.Choose(key, o.key) for o in question.options]))


@dataclass(frozen=True)
class Move:
    """One input, the session it met, the time it came, and the step it made."""

    before: Session
    given: i.Input
    now: datetime
    step: Step


@dataclass(frozen=True)
class Walk:
    """A participant's walk through one round, from `start` then input by input."""

    consultation: Consultation
    round: Round
    first: Step
    moves: tuple[Move, ...]

    @property
    def steps(self) -> list[Step]:
        return [self.first, *(move.step for move in self.moves)]


def moments(round_: Round) -> st.SearchStrategy[datetime]:
    if round_.opens is None or round_.closes is None:
        return st.just(UNDATED)
    inside = round_.opens + timedelta(days=1)
    return st.sampled_from([inside] * 8 + [round_.opens - timedelta(seconds=1), round_.closes])


@st.composite
def walks(draw: st.DrawFn) -> Walk:
    consultation, round_ = draw(st.sampled_from(ROUNDS))
    now = draw(moments(round_))
    profile = draw(
        st.none()
        | st.builds(
            Profile,
            st.booleans(),
            st.sampled_from([None, "en", "cy", "fr"]),
            st.sampled_from([None, "resident", "worker", "service_user", "mayor"]),
        )
    )
    language = draw(st.sampled_from([None, "en", "cy", "de"]))
    first = start(consultation, round_.key, now, language=language, profile=profile)
    length = draw(st.sampled_from([4, 12, 25, MAX_INPUTS, MAX_INPUTS, MAX_INPUTS]))
    # Sometimes the round closes part of the way through the walk.
    closing = draw(st.none() | st.integers(0, length)) if round_.closes else None
    moves: list[Move] = []
    session = first.session
    for index in range(length):
        if closing is not None and index >= closing:
            now = max(now, round_.closes or now)
        given_input = next_input(draw, consultation, round_, session)
        step = resume(consultation, session, given_input, now)
        moves.append(Move(session, given_input, now, step))
        session = step.session
    return Walk(consultation, round_, first, tuple(moves))


def examples(test: Callable[[Walk], None]) -> Callable[[], None]:
    return settings(max_examples=500, deadline=None)(given(walks())(test))


# --- the properties ------------------------------------------------------------------------


@examples
def test_no_sequence_of_inputs_raises_and_every_step_renders(walk: Walk) -> None:
    for step in walk.steps:
        views = RENDERER.render(walk.consultation, step.session.language, step.events)
        assert all(view.text.strip() for view in views)


@examples
def test_a_refusal_changes_nothing(walk: Walk) -> None:
    for move in walk.moves:
        events = move.step.events
        if any(isinstance(event, e.Rejected) for event in events):
            assert move.step.session == move.before, move.given
            assert not any(isinstance(x, e.AnswerRecorded | e.AnswerRemoved) for x in events)
        if not move.step.changed:
            assert move.step.session == move.before, move.given


@examples
def test_once_the_round_has_closed_no_input_changes_anything(walk: Walk) -> None:
    closes = walk.round.closes
    for move in walk.moves:
        if closes is not None and move.now >= closes:
            assert move.step.session == move.before, move.given
            assert not move.step.changed


@examples
def test_the_session_always_survives_json(walk: Walk) -> None:
    for step in walk.steps:
        text = step.session.to_json()
        assert Session.from_json(text) == step.session
        assert Session.from_json(text).to_json() == text


@examples
def test_the_answers_are_always_the_replay_of_recorded_and_removed_events(walk: Walk) -> None:
    replayed: dict[str, AnswerValue] = {}
    for step in walk.steps:
        for event in step.events:
            if isinstance(event, e.AnswerRecorded):
                replayed[event.question.key] = event.value
            elif isinstance(event, e.AnswerRemoved):
                assert event.question.key in replayed, "only a recorded answer is removed"
                del replayed[event.question.key]
        assert replayed == dict(step.session.answers)


@examples
def test_every_answer_fits_its_question_and_its_question_still_applies(walk: Walk) -> None:
    for step in walk.steps:
        answers = step.session.answers
        for key, value in answers.items():
            question = walk.round.question(key)
            assert question is not None, key
            assert fits(question, value), (key, value)
            assert applies(question, answers), key
            if question.type is QuestionType.MULTI:
                assert isinstance(value, tuple)
                low = 1 if question.min_choices is None else question.min_choices
                assert low <= len(value) <= (question.max_choices or len(question.options))


@examples
def test_a_finished_round_has_every_required_question_that_applies_answered(walk: Walk) -> None:
    for step in walk.steps:
        session = step.session
        if session.stage is not Stage.FINISHED:
            continue
        for question in walk.round.questions:
            if question.required and applies(question, session.answers):
                assert question.key in session.answers, question.key


@examples
def test_nothing_is_recorded_without_consent(walk: Walk) -> None:
    for step in walk.steps:
        if step.session.answers or any(isinstance(x, e.AnswerRecorded) for x in step.events):
            assert step.session.consented
            assert step.session.stage in (Stage.ANSWERING, Stage.FINISHED)


@examples
def test_looking_at_where_a_participant_stopped_changes_nothing(walk: Walk) -> None:
    for step in walk.steps:
        again = current_step(walk.consultation, Session.from_json(step.session.to_json()))
        assert again.session == step.session
        assert not any(isinstance(x, e.AnswerRecorded | e.AnswerRemoved) for x in again.events)
