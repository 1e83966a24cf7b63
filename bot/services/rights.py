"""Data rights: everything stored about a participant (/mydata), and erasing it (/forget)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from bot.security.pseudonyms import pseudonym
from bot.services.people import PersonKey, pseudonym_source
from bot.services.ports import UnitOfWork, UnitOfWorkFactory, id_of
from storage.identity import Identity

AddressOpener = Callable[[str, int], str | None]
"""Opens a sealed e-mail address, given the participant id it was sealed to."""


def participant_data(
    uow: UnitOfWork, who: Identity | int, secret_key: str, open_address: AddressOpener | None = None
) -> dict[str, Any]:
    """A JSON-ready document of every row held about this person; empty when none.

    `who`: an Identity, or a Telegram user id. With `open_address`, the e-mail address they
    left is shown; without, only that one is held."""
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
    if participant.email_sealed:
        address = open_address(participant.email_sealed, id_of(participant)) if (
            open_address is not None) else None
        held["email"] = {"held": True, "agreed_at": _iso(participant.email_consented_at)}
        if address is not None:
            held["email"]["address"] = address
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

    def __init__(
        self, unit_of_work: UnitOfWorkFactory, secret_key: str,
        open_address: AddressOpener | None = None,
    ) -> None:
        self._uow = unit_of_work
        self._secret_key = secret_key
        self._open_address = open_address

    def data_of(self, person: PersonKey) -> dict[str, Any]:
        """Everything held, the e-mail address (opened for them alone) included."""
        with self._uow() as uow:
            return participant_data(uow, person.identity, self._secret_key, self._open_address)

    def erase(self, person: PersonKey, now: datetime) -> bool:
        """The person asked to be forgotten (not an admin's erasure, which is audited so)."""
        with self._uow() as uow:
            erased = erase_participant(uow, person.identity, now, actor=None)
            uow.commit()
        return erased
