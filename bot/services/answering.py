"""Join a consultation and answer it: one transaction per input, read once, write once.

Each input reads the person (locked on PostgreSQL, so one person's inputs queue up), their
session and the version of its consultation, runs the engine, writes the answer and the
session, and commits; the consultation's definition comes from a per-process cache that the
version keeps fresh. A repeated update id stores nothing (`DUPLICATE`).
"""

from __future__ import annotations

from datetime import datetime

from bot import engine
from bot.engine import events as ev
from bot.engine.inputs import Begin, Input
from bot.engine.model import Consultation, QuestionType, Round
from bot.engine.navigation import availability
from bot.engine.session import Session, Stage
from bot.engine.step import Availability, Step
from bot.engine.values import value_to_json
from bot.services.consultations import ConsultationNotFound, StoredConsultation
from bot.services.definitions import DefinitionCache
from bot.services.people import PersonKey
from bot.services.ports import UnitOfWork, UnitOfWorkFactory, id_of
from bot.services.replies import Outcome, Reply
from storage.errors import DuplicateUpdate
from storage.identity import Identity
from storage.repositories.turns import PersonState


class AnswerService:
    """The one path every answer takes; safe to call from any worker."""

    def __init__(
        self,
        unit_of_work: UnitOfWorkFactory,
        definitions: DefinitionCache,
        reading: UnitOfWorkFactory | None = None,
    ) -> None:
        self._uow = unit_of_work
        self._read = reading or unit_of_work
        self._definitions = definitions

    def join(
        self,
        person: PersonKey,
        slug: str,
        now: datetime,
        language: str | None = None,
        update_id: int | None = None,
        hint: str | None = None,
    ) -> Reply:
        """Start (or carry on with) the open round of a consultation.

        `language`: the one to use; else the person's own, else their app's (`hint`)."""
        who = person.identity
        try:
            with self._uow() as uow:
                if update_id is not None:
                    uow.updates.mark(update_id, at=now)
                stored = self._definitions.by_slug(uow, slug, now)
                uow.participants.ensure(who, language or _from_hint(hint), now=now)
                found = uow.turns.person(who, now)
                assert found is not None
                _reachable_again(uow, found, who)
                existing = uow.turns.session_in(found.id, stored.id)
                before = Session.from_json(existing.state) if existing else None
                chosen = language or _language(found)
                step = self._join_step(uow, stored, found.id, before, now, chosen)
                _store(uow, stored, found.id, step, before, now, update_id, existing is not None)
                uow.commit()
        except DuplicateUpdate:
            return Reply(Outcome.DUPLICATE, language or _from_hint(hint))
        except ConsultationNotFound:
            return Reply(Outcome.NOT_FOUND, language or self.language_of(person, hint))
        return Reply(Outcome.HANDLED, step.session.language, stored.consultation, step.events)

    def handle(
        self,
        person: PersonKey,
        given: Input,
        now: datetime,
        update_id: int | None = None,
        *,
        chat_id: int | None = None,
        check_prompt: bool = False,
    ) -> Reply:
        """Apply one input to the participant's latest session.

        With `chat_id`, the reply says which message shows that chat's question (to tidy
        it). With `check_prompt`, a person the bot asked to type something else (staff: a
        code, a text) gets `PROMPTED`, and nothing is stored.
        """
        who = person.identity
        try:
            with self._uow() as uow:
                if update_id is not None:
                    uow.updates.mark(update_id, at=now)
                found = uow.turns.person(who, now, chat_id)
                if check_prompt and _prompt_waiting(uow, found, who, now):
                    return Reply(Outcome.PROMPTED, found.language if found else "en")
                latest = uow.turns.latest_session(found.id) if found else None
                if found is None or latest is None:
                    uow.commit()
                    return Reply(Outcome.NO_CONSULTATION, _language(found))
                _reachable_again(uow, found, who)
                stored = self._definitions.stored(
                    uow, latest.consultation_id, latest.version, now
                )
                before = Session.from_json(latest.state)
                step = engine.resume(stored.consultation, before, given, now)
                _store(uow, stored, found.id, step, before, now, update_id, True)
                uow.commit()
        except DuplicateUpdate:
            return Reply(Outcome.DUPLICATE, "en")
        return Reply(
            Outcome.HANDLED,
            step.session.language,
            stored.consultation,
            step.events,
            anchor=found.anchor,
        )

    def resume(self, person: PersonKey, now: datetime, chat_id: int | None = None) -> Reply:
        """Show the participant where they stopped, changing nothing."""
        with self._read() as uow:
            found, latest = uow.turns.where_they_stopped(person.identity, now, chat_id)
            if found is None or latest is None:
                return Reply(Outcome.NO_CONSULTATION, _language(found))
            stored = self._definitions.stored(uow, latest.consultation_id, latest.version, now)
        session = Session.from_json(latest.state)
        step = engine.current_step(stored.consultation, session)
        return Reply(
            Outcome.HANDLED, session.language, stored.consultation, step.events, found.anchor
        )

    def language_of(self, person: PersonKey, hint: str | None = None) -> str:
        """The language to speak to someone in: theirs if known, else Welsh if their app is."""
        with self._read() as uow:
            participant = uow.participants.find(person.identity)
        if participant is not None:
            return _language(participant)
        return _from_hint(hint)

    def set_language(self, person: PersonKey, language: str, now: datetime) -> None:
        with self._uow() as uow:
            uow.participants.ensure(person.identity, language, now=now)
            participant = uow.participants.find(person.identity)
            assert participant is not None
            uow.participants.set_language(id_of(participant), language)
            uow.commit()

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
    uow: UnitOfWork,
    stored: StoredConsultation,
    participant_id: int,
    step: Step,
    before: Session | None,
    now: datetime,
    update_id: int | None,
    session_stored: bool,
) -> None:
    """Write what the step decided, in the same transaction as the session."""
    session = step.session
    round_id = stored.round_ids[session.round]
    questions = stored.question_ids.get(session.round) or uow.consultations.question_ids(
        round_id
    )
    for event in step.events:
        match event:
            case ev.AnswerRecorded(question=q, value=value):
                text = value if isinstance(value, str) and q.type is QuestionType.TEXT else None
                uow.answers.put(
                    participant_id,
                    round_id,
                    questions[q.key],
                    None if text is not None else value_to_json(value),
                    text=text,
                    answered_at=now,
                    update_id=update_id,
                    replacing=_may_replace_text(q.type, q.key, before, session.round),
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
    if step.changed or not session_stored:
        uow.sessions.save(
            participant_id,
            stored.id,
            state=session.to_json(),
            status=session.stage.value,
            round_id=round_id,
            updated_at=now,
        )


def _may_replace_text(
    kind: QuestionType, key: str, before: Session | None, round_key: str
) -> bool:
    """Whether a stored free-text answer (with tags to drop) may exist for this question:
    the session holds every answer stored in its round, so a new one replaces nothing."""
    if kind is not QuestionType.TEXT:
        return False
    return before is None or before.round != round_key or key in before.answers


def _prompt_waiting(
    uow: UnitOfWork, found: PersonState | None, who: Identity, now: datetime
) -> bool:
    """Prompts are for staff in a chat, who need not be participants at all."""
    if found is not None:
        return found.has_prompt
    user = who.telegram_user_id
    return user is not None and bool(uow.turns.prompt_waiting(user, now))


def _reachable_again(uow: UnitOfWork, found: PersonState, who: Identity) -> None:
    """Someone who writes to the bot has not blocked it (any more): a 403 is in the past."""
    if not found.reachable and who.telegram_user_id is not None:
        uow.participants.set_reachable(who.telegram_user_id, True)


def _from_hint(hint: str | None) -> str:
    """Welsh if the person's app is in Welsh, else English."""
    return "cy" if (hint or "").lower().startswith("cy") else "en"


def _language(participant: object | None) -> str:
    language = getattr(participant, "language", None)
    return language if language in ("en", "cy") else "en"


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
