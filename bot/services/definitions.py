"""Consultation definitions parsed once per process, checked against the stored version.

Every import and schedule change bumps the consultation's version in the same transaction.
The answer path reads that number with the session it loads, so a worker reloads the
definition at the first input after any process changed it: it never serves a stale one.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo

from bot.consultations import load_data, readiness
from bot.engine.model import Consultation
from bot.services.consultations import ConsultationNotFound, StoredConsultation, with_schedule
from bot.services.ports import UnitOfWork, id_of

CACHE_SIZE = 64


@dataclass(frozen=True)
class _RoundTimes:
    key: str
    id: int
    state: str
    opens_at: datetime | None
    closes_at: datetime | None


@dataclass(frozen=True)
class _Definition:
    version: int
    model: Consultation
    rounds: dict[str, _RoundTimes]
    question_ids: dict[str, dict[str, int]]


class DefinitionCache:
    """One per database: the parsed model, round ids and question ids of each consultation."""

    def __init__(self, zone: tzinfo) -> None:
        self._zone = zone
        self._found: dict[int, _Definition] = {}
        self._lock = threading.Lock()

    def stored(
        self, uow: UnitOfWork, consultation_id: int, version: int, now: datetime
    ) -> StoredConsultation:
        """The consultation with its schedule at `now`; `version` is what the caller read
        in this transaction (the cached copy is used only if it is that version)."""
        found = self._found.get(consultation_id)
        if found is None or found.version != version:
            found = self._load(uow, consultation_id)
        return _scheduled(consultation_id, found, now)

    def by_slug(self, uow: UnitOfWork, slug: str, now: datetime) -> StoredConsultation:
        """The consultation called `slug`, or ConsultationNotFound."""
        found = uow.consultations.find(slug)
        if found is None:
            raise ConsultationNotFound(slug)
        return self.stored(uow, found[0], found[1], now)

    def _load(self, uow: UnitOfWork, consultation_id: int) -> _Definition:
        row = uow.consultations.get_by_id(consultation_id)
        if row is None:
            raise ConsultationNotFound(str(consultation_id))
        rounds = {
            r.key: _RoundTimes(r.key, id_of(r), str(r.state), r.opens_at, r.closes_at)
            for r in uow.consultations.rounds(consultation_id)
        }
        definition = _Definition(
            version=int(row.version),
            model=load_data(row.definition, self._zone).consultation,
            rounds=rounds,
            question_ids={k: uow.consultations.question_ids(r.id) for k, r in rounds.items()},
        )
        with self._lock:
            if len(self._found) >= CACHE_SIZE and consultation_id not in self._found:
                self._found.pop(next(iter(self._found)))
            self._found[consultation_id] = definition
        return definition


def _scheduled(consultation_id: int, found: _Definition, now: datetime) -> StoredConsultation:
    rounds = found.rounds
    scheduled = tuple(
        with_schedule(r, rounds[r.key].state, rounds[r.key].opens_at, rounds[r.key].closes_at, now)
        if r.key in rounds
        else r
        for r in found.model.rounds
    )
    return StoredConsultation(
        id=consultation_id,
        consultation=readiness.shut_without_privacy(replace(found.model, rounds=scheduled), now),
        round_ids={k: r.id for k, r in rounds.items()},
        round_states={k: r.state for k, r in rounds.items()},
        question_ids=found.question_ids,
    )
