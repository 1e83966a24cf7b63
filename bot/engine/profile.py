"""Before the questions: consent to the privacy notice, then language, then role."""

from __future__ import annotations

from dataclasses import dataclass

from bot.engine.events import (
    AskConsent,
    AskLanguage,
    AskRole,
    ConsentRecorded,
    ProfileChosen,
    Rejected,
    Say,
)
from bot.engine.messages import MessageKey
from bot.engine.model import Consultation, Round
from bot.engine.navigation import enter_round
from bot.engine.reading import folded
from bot.engine.session import Session, Stage
from bot.engine.step import Step

LANGUAGE_NAMES = {"en": ("english", "saesneg", "en"), "cy": ("cymraeg", "welsh", "cy")}
CONSENT_YES = frozenset({"i agree", "agree", "yes", "y", "ok", "cytuno", "rwy'n cytuno", "ie"})
CONSENT_NO = frozenset({"no", "no thanks", "n", "na", "dim diolch"})


@dataclass(frozen=True)
class Profile:
    """What a participant already told this consultation in an earlier round."""

    consented: bool
    language: str | None
    role: str | None


def ask_consent(consultation: Consultation, session: Session) -> Step:
    return Step(session.evolve(stage=Stage.CONSENT), (AskConsent(consultation.languages),))


def give_consent(consultation: Consultation, round_: Round, session: Session) -> Step:
    """Agreeing to a notice that offered the other languages is choosing the one it is in."""
    offered_switch = len(consultation.languages) > 1
    consented = session.evolve(
        consented=True, language_chosen=session.language_chosen or offered_switch
    )
    after = after_consent(consultation, round_, consented, consented.language_chosen)
    return Step(after.session, (ConsentRecorded(True), *after.events))


def decline_consent(session: Session) -> Step:
    declined = session.evolve(stage=Stage.DECLINED)
    return Step(declined, (ConsentRecorded(False), Say(MessageKey.CONSENT_DECLINED)))


def after_consent(
    consultation: Consultation, round_: Round, session: Session, language_known: bool
) -> Step:
    if len(consultation.languages) > 1 and not language_known:
        asked = session.evolve(stage=Stage.LANGUAGE)
        return Step(asked, (AskLanguage(consultation.languages),))
    return after_language(consultation, round_, session)


def after_language(consultation: Consultation, round_: Round, session: Session) -> Step:
    if session.role is None and len(consultation.audience) > 1:
        return Step(session.evolve(stage=Stage.ROLE), (AskRole(consultation.audience),))
    if session.role is None:
        only = session.evolve(role=consultation.audience[0])
        entered = enter_round(round_, only)
        chosen = ProfileChosen(None, only.role, by_person=False)
        return Step(entered.session, (chosen, *entered.events))
    return enter_round(round_, session)


def choose_language(
    consultation: Consultation, round_: Round, session: Session, language: str
) -> Step | None:
    """Set the language; None when it is not offered. In the language stage, go on."""
    if language not in consultation.languages:
        return None
    updated = session.evolve(language=language, language_chosen=True)
    chosen = ProfileChosen(language, None)
    if session.stage is Stage.LANGUAGE:
        after = after_language(consultation, round_, updated)
        return Step(after.session, (chosen, *after.events))
    return Step(updated, (chosen,))


def choose_role(consultation: Consultation, round_: Round, session: Session, role: str) -> Step:
    if role not in consultation.audience:
        refusal = Rejected(MessageKey.ROLE_NOT_OFFERED)
        return Step(session, (refusal, AskRole(consultation.audience)))
    updated = session.evolve(role=role)
    entered = enter_round(round_, updated)
    return Step(entered.session, (ProfileChosen(None, role), *entered.events))


def typed_language(consultation: Consultation, text: str, numbers: bool = True) -> str | None:
    """The language a typed word names ("Cymraeg", "welsh"; or "2" where a numbered list
    of languages was shown, when `numbers`)."""
    lowered = folded(text)
    for index, code in enumerate(consultation.languages, start=1):
        if (numbers and lowered == str(index)) or lowered in LANGUAGE_NAMES.get(code, (code,)):
            return code
    return None


def typed_role(consultation: Consultation, text: str) -> str | None:
    lowered = folded(text)
    for index, role in enumerate(consultation.audience, start=1):
        if lowered in (str(index), role, role.replace("_", " ")):
            return role
    return None


def typed_consent(text: str) -> bool | None:
    lowered = folded(text).rstrip(".!")
    if lowered in CONSENT_YES:
        return True
    if lowered in CONSENT_NO:
        return False
    return None
