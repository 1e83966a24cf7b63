"""The engine's two entry points: `start` a round and `resume` it with one input."""

from __future__ import annotations

from datetime import datetime

from bot.engine import inputs as i
from bot.engine import profile as p
from bot.engine.answering import answer
from bot.engine.events import AskConsent, AskLanguage, AskRole, Rejected, Say
from bot.engine.messages import MessageKey
from bot.engine.model import Consultation, Round
from bot.engine.navigation import ask_current, availability
from bot.engine.session import Session, Stage
from bot.engine.step import Availability, Step


def start(
    consultation: Consultation,
    round_key: str,
    now: datetime,
    language: str | None = None,
    profile: p.Profile | None = None,
) -> Step:
    """Begin a round for a participant; `profile` carries what an earlier round learnt."""
    round_ = _round(consultation, round_key)
    offered = profile.language if profile else None
    known = offered if offered in consultation.languages else None
    chosen = known or language
    session = Session(
        consultation=consultation.slug,
        round=round_.key,
        stage=Stage.CONSENT,
        language=chosen if chosen in consultation.languages else consultation.default_language,
        role=profile.role if profile and profile.role in consultation.audience else None,
        consented=bool(profile and profile.consented),
        language_chosen=known is not None,
    )
    refusal = _closed_refusal(round_, now)
    if refusal is not None:
        return Step(session, (refusal,))
    if not session.consented:
        return p.ask_consent(consultation, session)
    return p.after_consent(consultation, round_, session, session.language_chosen)


def resume(consultation: Consultation, session: Session, given: i.Input, now: datetime) -> Step:
    """Apply one input to a session; a refusal leaves the session exactly as it was."""
    round_ = _round(consultation, session.round)
    refusal = _closed_refusal(round_, now)
    if refusal is not None:
        return Step(session, (refusal,))
    return _apply(consultation, round_, session, given)


def current_step(consultation: Consultation, session: Session) -> Step:
    """What the participant should see now (used by /resume and after a restart)."""
    return _apply(consultation, _round(consultation, session.round), session, i.Resume())


def _apply(consultation: Consultation, round_: Round, session: Session, given: i.Input) -> Step:
    if isinstance(given, i.PickLanguage) and session.stage is not Stage.LANGUAGE:
        return _change_language(consultation, round_, session, given.language)
    if isinstance(given, i.Unsupported):
        return Step(session, (_unsupported(consultation, session, given.kind),))
    match session.stage:
        case Stage.CONSENT | Stage.DECLINED:
            return _consent_stage(consultation, round_, session, given)
        case Stage.LANGUAGE:
            return _language_stage(consultation, round_, session, given)
        case Stage.ROLE:
            return _role_stage(consultation, round_, session, given)
        case Stage.ANSWERING:
            return answer(round_, session, given)
        case Stage.FINISHED:
            return _finished_stage(round_, session, given)


def _consent_stage(c: Consultation, r: Round, s: Session, given: i.Input) -> Step:
    decision: bool | None = None
    if isinstance(given, i.Consent):
        decision = given.given
    elif isinstance(given, i.Text):
        decision = p.typed_consent(given.text)
        named = decision is None
        language = p.typed_language(c, given.text, numbers=False) if named else None
        if language is not None:  # "Cymraeg" typed at the notice: show it in Welsh
            return _change_language(c, r, s, language)
    if decision is True:
        return p.give_consent(c, r, s)
    if decision is False and s.stage is Stage.CONSENT:
        return p.decline_consent(s)
    if isinstance(given, i.Begin | i.Resume) or decision is False:
        return Step(s, (AskConsent(c.languages),))
    return Step(s, (Rejected(MessageKey.CONSENT_NEEDED), AskConsent(c.languages)))


def _language_stage(c: Consultation, r: Round, s: Session, given: i.Input) -> Step:
    language: str | None = None
    if isinstance(given, i.PickLanguage):
        language = given.language
    elif isinstance(given, i.Text):
        language = p.typed_language(c, given.text)
    if language is not None:
        chosen = p.choose_language(c, r, s, language)
        if chosen is not None:
            return chosen
    if isinstance(given, i.Begin | i.Resume):
        return Step(s, (AskLanguage(c.languages),))
    return Step(s, (Rejected(MessageKey.LANGUAGE_NOT_OFFERED), AskLanguage(c.languages)))


def _role_stage(c: Consultation, r: Round, s: Session, given: i.Input) -> Step:
    role: str | None = None
    if isinstance(given, i.PickRole):
        role = given.role
    elif isinstance(given, i.Text):
        role = p.typed_role(c, given.text)
    if role is not None:
        return p.choose_role(c, r, s, role)
    if isinstance(given, i.Begin | i.Resume):
        return Step(s, (AskRole(c.audience),))
    return Step(s, (Rejected(MessageKey.ROLE_NOT_OFFERED), AskRole(c.audience)))


def _finished_stage(r: Round, s: Session, given: i.Input) -> Step:
    if isinstance(given, i.Back) and s.path:
        reopened = s.evolve(stage=Stage.ANSWERING, current=s.path[-1], draft=())
        return Step(reopened, (ask_current(r, reopened),))
    if isinstance(given, i.Choose | i.Done | i.Clear | i.Keep) or (
        isinstance(given, i.Skip) and given.question is not None
    ):
        return Step(s, (Rejected(MessageKey.STALE_BUTTON),))
    return Step(s, (Say(MessageKey.ROUND_ALREADY_FINISHED),))


def _change_language(c: Consultation, r: Round, s: Session, language: str) -> Step:
    changed = p.choose_language(c, r, s, language)
    if changed is None:
        return Step(s, (Rejected(MessageKey.LANGUAGE_NOT_OFFERED),))
    again = _apply(c, r, changed.session, i.Resume())
    return Step(again.session, (*changed.events, *again.events))


def _unsupported(c: Consultation, s: Session, kind: str) -> Rejected:
    expected = "type"
    if s.stage is Stage.FINISHED:
        expected = "none"
    elif s.stage is Stage.ANSWERING and s.current is not None:
        question = _round(c, s.round).question(s.current)
        if question is not None and question.type.value != "text":
            expected = "tap"
    elif s.stage in (Stage.CONSENT, Stage.LANGUAGE, Stage.ROLE, Stage.DECLINED):
        expected = "tap"
    return Rejected(MessageKey.UNSUPPORTED_MESSAGE, {"kind": kind, "expected": expected})


def _closed_refusal(round_: Round, now: datetime) -> Rejected | None:
    state = availability(round_, now)
    if state is Availability.NOT_OPEN:
        if round_.opens is None or round_.draft:  # a draft has no date to promise
            return Rejected(MessageKey.ROUND_NOT_OPEN_UNDATED)
        return Rejected(MessageKey.ROUND_NOT_OPEN, {"opens": round_.opens})
    if state is Availability.CLOSED:
        assert round_.closes is not None
        return Rejected(MessageKey.ROUND_CLOSED, {"closes": round_.closes})
    return None


def _round(consultation: Consultation, key: str) -> Round:
    found = consultation.round(key)
    if found is None:
        raise KeyError(f"{consultation.slug} has no round {key!r}")
    return found

