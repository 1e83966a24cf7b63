"""Importing consultations and loading them, with the schedule the database holds."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, tzinfo
from typing import Any

from bot.consultations import ConsultationFile, ConsultationInvalid, load_data, readiness
from bot.engine.model import Consultation, Round
from bot.engine.navigation import availability
from bot.engine.step import Availability
from bot.services.ports import UnitOfWork, UnitOfWorkFactory, id_of


@dataclass(frozen=True)
class StoredConsultation:
    """A consultation as stored: the model with the database's round schedule applied."""

    id: int
    consultation: Consultation
    round_ids: dict[str, int]
    round_states: dict[str, str]
    question_ids: dict[str, dict[str, int]] = field(default_factory=dict)
    """Round key to (question key to question id); filled by the definition cache."""


class ConsultationNotFound(LookupError):
    def __init__(self, slug: str) -> None:
        super().__init__(f"no consultation called {slug!r}")
        self.slug = slug


_parsed: dict[tuple[int, datetime], tuple[dict[str, Any], Consultation]] = {}
_CACHE_SIZE = 256


def import_consultation(
    uow: UnitOfWork,
    file: ConsultationFile,
    now: datetime,
    actor: int | None = None,
    *,
    open_now: bool = False,
) -> int:
    """Store a checked file; raises ConsultationHasAnswers if its answers would be lost.

    A new round is a draft (not open to residents) unless the file says when it opens, or
    `open_now` opens it at once (the sandbox's shipped files). Raises ConsultationInvalid
    if a round would be live without what a live round needs (a privacy notice).
    `actor` is the officer who imported it (None: the command line or the system)."""
    states = round_states_after_import(uow, file, open_now)
    problems = readiness.import_problems(file.consultation, states)
    if problems:
        raise ConsultationInvalid(problems)
    fresh = readiness.starting_states(file.consultation, open_now)
    row = uow.consultations.save(file.consultation, file.definition, now=now,
                                 new_round_states=fresh)
    detail: dict[str, Any] = {"slug": file.consultation.slug}
    if readiness.drafts(states):
        detail["drafts"] = readiness.drafts(states)
    if open_now:
        detail["opened"] = [r.key for r in file.consultation.rounds if r.opens is None]
    uow.audit.append(actor, "consultation.imported", detail, now)
    return id_of(row)


def round_states_after_import(
    uow: UnitOfWork, file: ConsultationFile, open_now: bool = False
) -> dict[str, str]:
    """Round key to its state once `file` is imported: a round already stored keeps its own."""
    states = readiness.starting_states(file.consultation, open_now)
    row = uow.consultations.get(file.consultation.slug)
    if row is not None:
        stored = {r.key: str(r.state) for r in uow.consultations.rounds(id_of(row))}
        states = {key: stored.get(key, state) for key, state in states.items()}
    return states


def open_consultations(uow: UnitOfWork, now: datetime, zone: tzinfo) -> list[Consultation]:
    """Consultations with a round open now, to offer on /start and /consultations."""
    found = []
    for row in uow.consultations.list():
        stored = _stored(uow, row, now, zone)
        rounds = stored.consultation.rounds
        if any(availability(r, now) is Availability.OPEN for r in rounds):
            found.append(stored.consultation)
    return found


def load_stored(uow: UnitOfWork, slug: str, now: datetime, zone: tzinfo) -> StoredConsultation:
    row = uow.consultations.get(slug)
    if row is None:
        raise ConsultationNotFound(slug)
    return _stored(uow, row, now, zone)


def load_stored_by_id(
    uow: UnitOfWork, consultation_id: int, now: datetime, zone: tzinfo
) -> StoredConsultation:
    row = uow.consultations.get_by_id(consultation_id)
    if row is None:
        raise ConsultationNotFound(str(consultation_id))
    return _stored(uow, row, now, zone)


def _stored(uow: UnitOfWork, row: Any, now: datetime, zone: tzinfo) -> StoredConsultation:
    model = _parsed_model(row, zone)
    rounds = {r.key: r for r in uow.consultations.rounds(row.id)}
    scheduled = tuple(
        with_schedule(r, rr.state, rr.opens_at, rr.closes_at, now)
        if (rr := rounds.get(r.key)) is not None
        else r
        for r in model.rounds
    )
    return StoredConsultation(
        id=int(row.id),
        consultation=readiness.shut_without_privacy(replace(model, rounds=scheduled), now),
        round_ids={k: id_of(r) for k, r in rounds.items()},
        round_states={k: str(r.state) for k, r in rounds.items()},
    )


def _parsed_model(row: Any, zone: tzinfo) -> Consultation:
    """Parse a stored definition once; the cached copy is used only if it is the same."""
    cache_key = (int(row.id), row.updated_at)
    cached = _parsed.get(cache_key)
    if cached is not None and cached[0] == row.definition:
        return cached[1]
    model = load_data(row.definition, zone).consultation
    if len(_parsed) >= _CACHE_SIZE:
        _parsed.pop(next(iter(_parsed)))
    _parsed[cache_key] = (row.definition, model)
    return model


def with_schedule(
    round_: Round,
    state: str,
    opens_at: datetime | None,
    closes_at: datetime | None,
    now: datetime,
) -> Round:
    """The database's times win; an officer's open or close overrides them; a draft is
    not open to residents until an officer opens it."""
    opens, closes = opens_at, closes_at
    if state == "open":
        opens = None
        closes = closes if closes is not None and closes > now else None
    elif state == "closed":
        closes = closes if closes is not None and closes <= now else now
    return replace(round_, opens=opens, closes=closes, draft=state == readiness.DRAFT)


class ConsultationDirectory:
    """What a person can join now (for /start and /consultations)."""

    def __init__(self, unit_of_work: UnitOfWorkFactory, zone: tzinfo) -> None:
        self._uow = unit_of_work
        self._zone = zone

    def open_now(self, now: datetime) -> list[Consultation]:
        with self._uow() as uow:
            return open_consultations(uow, now, self._zone)

    def find(self, slug: str, now: datetime) -> Consultation | None:
        """A stored consultation by its slug, with its rounds' times as of `now`; open or not."""
        with self._uow() as uow:
            try:
                return load_stored(uow, slug, now, self._zone).consultation
            except ConsultationNotFound:
                return None
