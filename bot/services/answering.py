"""Join a consultation and answer it: load the session, run the engine, store, commit."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from bot import engine
from bot.engine import events as ev
from bot.engine.inputs import Begin, Input
from bot.engine.model import Consultation, Round
from bot.engine.navigation import availability
from bot.engine.session import Session, Stage
from bot.engine.step import Availability, Step
from bot.engine.values import value_to_json
from bot.services.consultations import (
    ConsultationNotFound,
    StoredConsultation,
    load_stored,
    load_stored_by_id,
)
from bot.services.ports import UnitOfWork, UnitOfWorkFactory
from bot.services.replies import Outcome, Reply
from storage.errors import DuplicateUpdate

ENDED = frozenset({Stage.FINISHED.value, Stage.DECLINED.value})


class AnswerService:
    """The one path every answer takes; safe to call from any worker."""

    def __init__(
        self,
        unit_of_work: UnitOfWorkFactory,
        zone: tzinfo,
        reading: UnitOfWorkFactory | None = None,
    ) -> None:
        self._uow = unit_of_work
        self._read = reading or unit_of_work
        self._zone = zone

    def join(
        self,
        user_id: int,
        slug: str,
        now: datetime,
        language: str | None = None,
        update_id: int | None = None,
    ) -> Reply:
        """Start (or carry on with) the open round of a consultation."""
        try:
            with self._uow() as uow:
                if update_id is not None:
                    uow.updates.mark(update_id, at=now)
                stored = load_stored(uow, slug, now, self._zone)
                participant = uow.participants.get_or_create(user_id, language or "en", now=now)
                _reachable_again(uow, participant)
                row = uow.sessions.get_for_update(participant.id, stored.id)
                session = Session.from_json(row.state) if row is not None else None
                step = self._join_step(uow, stored, participant.id, session, now, language)
                self._store(uow, stored, participant.id, step, now, update_id)
                uow.commit()
        except DuplicateUpdate:
            return Reply(Outcome.DUPLICATE, language or "en")
        except ConsultationNotFound:
            return Reply(Outcome.NOT_FOUND, language or "en")
        return Reply(Outcome.HANDLED, step.session.language, stored.consultation, step.events)

    def handle(
        self, user_id: int, given: Input, now: datetime, update_id: int | None = None
    ) -> Reply:
        """Apply one input to the participant's latest active session."""
        try:
            with self._uow() as uow:
                if update_id is not None:
                    uow.updates.mark(update_id, at=now)
                participant = uow.participants.get(user_id)
                _reachable_again(uow, participant)
                latest = _latest_session(uow, participant)
                if latest is None:
                    uow.commit()
                    return Reply(Outcome.NO_CONSULTATION, "en")
                stored = load_stored_by_id(uow, latest.consultation_id, now, self._zone)
                row = uow.sessions.get_for_update(participant.id, stored.id)
                session = Session.from_json(row.state)
                step = engine.resume(stored.consultation, session, given, now)
                self._store(uow, stored, participant.id, step, now, update_id)
                uow.commit()
        except DuplicateUpdate:
            return Reply(Outcome.DUPLICATE, "en")
        return Reply(Outcome.HANDLED, step.session.language, stored.consultation, step.events)

    def resume(self, user_id: int, now: datetime) -> Reply:
        """Show the participant where they stopped, changing nothing."""
        with self._read() as uow:
            participant = uow.participants.get(user_id)
            latest = _latest_session(uow, participant)
            if latest is None:
                return Reply(Outcome.NO_CONSULTATION, self._language(participant))
            stored = load_stored_by_id(uow, latest.consultation_id, now, self._zone)
            session = Session.from_json(latest.state)
        step = engine.current_step(stored.consultation, session)
        return Reply(Outcome.HANDLED, session.language, stored.consultation, step.events)

    def language_of(self, user_id: int, hint: str | None = None) -> str:
        """The language to speak to someone in: theirs if known, else Welsh if Telegram says so."""
        with self._read() as uow:
            participant = uow.participants.get(user_id)
        if participant is not None:
            return self._language(participant)
        return "cy" if (hint or "").lower().startswith("cy") else "en"

    def set_language(self, user_id: int, language: str, now: datetime) -> None:
        with self._uow() as uow:
            participant = uow.participants.get_or_create(user_id, language, now=now)
            uow.participants.set_language(participant.id, language)
            uow.commit()

    @staticmethod
    def _language(participant: object | None) -> str:
        language = getattr(participant, "language", None)
        return language if language in ("en", "cy") else "en"

    def _join_step(
        self,
        uow: UnitOfWork,
        stored: StoredConsultation,
        participant_id: int,
        session: Session | None,
        now: datetime,
        language: str | None,
    ) -> Step:
        consultation = stored.consultation
        target = _round_to_join(consultation, now)
        if session is not None and _carry_on(consultation, session, target, now):
            return engine.resume(consultation, session, Begin(), now)
        enrolment = uow.participants.enrolment(participant_id, stored.id)
        profile = None
        if enrolment is not None:
            profile = engine.Profile(
                consented=enrolment.consented_at is not None,
                language=enrolment.language or None,
                role=enrolment.role or None,
            )
        return engine.start(consultation, target.key, now, language=language, profile=profile)

    def _store(
        self,
        uow: UnitOfWork,
        stored: StoredConsultation,
        participant_id: int,
        step: Step,
        now: datetime,
        update_id: int | None,
    ) -> None:
        """Write what the step decided, in the same transaction as the session."""
        session = step.session
        round_id = stored.round_ids[session.round]
        questions = uow.consultations.question_ids(round_id)
        for event in step.events:
            match event:
                case ev.AnswerRecorded(question=q, value=value):
                    text = value if isinstance(value, str) and q.type.value == "text" else None
                    uow.answers.put(
                        participant_id,
                        round_id,
                        questions[q.key],
                        None if text is not None else value_to_json(value),
                        text=text,
                        answered_at=now,
                        update_id=update_id,
                    )
                case ev.AnswerRemoved(question=q):
                    uow.answers.remove(participant_id, questions[q.key])
                case ev.ConsentRecorded(given=True) | ev.ProfileChosen():
                    uow.participants.enrol(
                        participant_id,
                        stored.id,
                        role=session.role or "",
                        language=session.language,
                        consented_at=now if isinstance(event, ev.ConsentRecorded) else None,
                        joined_at=now,
                    )
                    uow.participants.set_language(participant_id, session.language)
        if step.changed or uow.sessions.get_for_update(participant_id, stored.id) is None:
            uow.sessions.save(
                participant_id,
                stored.id,
                state=session.to_json(),
                status=session.stage.value,
                round_id=round_id,
                updated_at=now,
            )


def _reachable_again(uow: UnitOfWork, participant: Any) -> None:
    """Someone who writes to the bot has not blocked it (any more): a 403 is in the past."""
    if participant is not None and not participant.reachable:
        uow.participants.set_reachable(participant.telegram_user_id, True)


def _latest_session(uow: UnitOfWork, participant: object | None) -> object | None:
    """The session still in progress, else the one touched last."""
    if participant is None:
        return None
    pid = participant.id  # type: ignore[attr-defined]
    return uow.sessions.latest_active(pid, finished=ENDED) or uow.sessions.latest_active(
        pid, finished=()
    )


def _carry_on(consultation: Consultation, session: Session, target: Round, now: datetime) -> bool:
    """Resume the stored session, rather than start the round that is open now?"""
    if session.round == target.key:
        return True
    current = consultation.round(session.round)
    in_progress = session.stage is not Stage.FINISHED
    return current is not None and in_progress and availability(current, now) is Availability.OPEN


def _round_to_join(consultation: Consultation, now: datetime) -> Round:
    """The open round; else the next to open; else the last (which has closed)."""
    rounds = consultation.rounds
    for round_ in rounds:
        if availability(round_, now) is Availability.OPEN:
            return round_
    for round_ in rounds:
        if availability(round_, now) is Availability.NOT_OPEN:
            return round_
    return rounds[-1]
