"""Data rights: everything stored about a participant (/mydata), and erasing it (/forget)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.security.pseudonyms import pseudonym
from bot.services.people import PersonKey, pseudonym_source
from bot.services.ports import UnitOfWork, UnitOfWorkFactory, id_of
from storage.identity import Identity


def participant_data(
    uow: UnitOfWork, who: Identity | int, secret_key: str
) -> dict[str, Any]:
    """A JSON-ready document of every row held about this person; empty when none.

    `who`: an Identity, or a Telegram user id."""
    participant = uow.participants.find(_identity(who))
    if participant is None:
        return {"participant": None, "consultations": []}
    source = pseudonym_source(participant.telegram_user_id, participant.web_key)
    consultations = []
    answers = uow.answers.for_participant(id_of(participant))
    for enrolment in uow.participants.enrolments(id_of(participant)):
        row = uow.consultations.get_by_id(enrolment.consultation_id)
        assert row is not None  # an enrolment goes with its consultation (ON DELETE CASCADE)
        rounds = {r.id: r for r in uow.consultations.rounds(id_of(row))}
        questions = {
            qid: (round_.key, key)
            for round_ in rounds.values()
            for key, qid in uow.consultations.question_ids(id_of(round_)).items()
        }
        own = [a for a in answers if a.round_id in rounds]
        consultations.append(
            {
                "consultation": row.slug,
                "pseudonym": pseudonym(secret_key, row.slug, source),
                "role": enrolment.role or None,
                "language": enrolment.language,
                "consented_at": _iso(enrolment.consented_at),
                "joined_at": _iso(enrolment.joined_at),
                "reminders_muted": enrolment.reminders_muted,
                "answers": [_answer(a, questions, uow) for a in own],
            }
        )
    held: dict[str, Any] = {"channel": participant.channel}
    if participant.web_key is not None:
        held["web_key"] = participant.web_key
    else:
        held["telegram_user_id"] = participant.telegram_user_id
    held.update(language=participant.language, reachable=participant.reachable,
                created_at=_iso(participant.created_at))  # fmt: skip
    if participant.email_sealed:  # kept sealed: the file says it is held, not what it is
        held["email"] = {"held": True, "agreed_at": _iso(participant.email_consented_at)}
    return {"participant": held, "consultations": consultations}


def erase_participant(
    uow: UnitOfWork, who: Identity | int, now: datetime, actor: int | None
) -> bool:
    """Remove the person's answers, tags, sessions and enrolments; audit that it happened."""
    identity = _identity(who)
    participant = uow.participants.find(identity)
    if participant is None:
        return False
    uow.participants.delete(id_of(participant))
    themselves = actor is None or actor == identity.telegram_user_id
    requested_by = "participant" if themselves else "admin"
    uow.audit.append(
        None if requested_by == "participant" else actor,
        "participant.erased",
        {"requested_by": requested_by},
        now,
    )
    return True


def _answer(answer: Any, questions: dict[int, tuple[str, str]], uow: UnitOfWork) -> dict[str, Any]:
    round_key, question_key = questions.get(answer.question_id, ("?", "?"))
    tags = uow.answers.tags(answer.id)
    return {
        "round": round_key,
        "question": question_key,
        "answer": answer.text if answer.text is not None else answer.value,
        "answered_at": _iso(answer.answered_at),
        "tags": None
        if tags is None
        else {"themes": tags.themes, "sentiment": tags.sentiment, "places": tags.places},
    }


def _identity(who: Identity | int) -> Identity:
    return who if isinstance(who, Identity) else Identity.telegram(who)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


class RightsService:
    """A person's own data rights, each in one transaction: see it all, or erase it."""

    def __init__(self, unit_of_work: UnitOfWorkFactory, secret_key: str) -> None:
        self._uow = unit_of_work
        self._secret_key = secret_key

    def data_of(self, person: PersonKey) -> dict[str, Any]:
        with self._uow() as uow:
            return participant_data(uow, person.identity, self._secret_key)

    def erase(self, person: PersonKey, now: datetime) -> bool:
        """The person asked to be forgotten (not an admin's erasure, which is audited so)."""
        with self._uow() as uow:
            erased = erase_participant(uow, person.identity, now, actor=None)
            uow.commit()
        return erased
