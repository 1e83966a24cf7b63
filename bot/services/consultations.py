"""Importing consultations and loading them, with the schedule the database holds."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, tzinfo
from typing import Any

from bot.consultations import ConsultationFile, load_data
from bot.engine.model import Consultation, Round
from bot.services.ports import UnitOfWork


@dataclass(frozen=True)
class StoredConsultation:
    """A consultation as stored: the model with the database's round schedule applied."""

    id: int
    consultation: Consultation
    round_ids: dict[str, int]
    round_states: dict[str, str]


class ConsultationNotFound(LookupError):
    def __init__(self, slug: str) -> None:
        super().__init__(f"no consultation called {slug!r}")
        self.slug = slug


_parsed: dict[tuple[int, datetime], Consultation] = {}


def import_consultation(uow: UnitOfWork, file: ConsultationFile, now: datetime) -> int:
    """Store a checked file; raises ConsultationHasAnswers if its answers would be lost."""
    row = uow.consultations.save(file.consultation, file.definition, now=now)
    uow.audit.append(None, "consultation.imported", {"slug": file.consultation.slug}, now)
    return int(row.id)


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
    cache_key = (int(row.id), row.updated_at)
    model = _parsed.get(cache_key)
    if model is None:
        model = load_data(row.definition, zone).consultation
        _parsed[cache_key] = model
    rounds = {r.key: r for r in uow.consultations.rounds(row.id)}
    scheduled = tuple(
        _with_schedule(r, rounds[r.key], now) if r.key in rounds else r for r in model.rounds
    )
    return StoredConsultation(
        id=int(row.id),
        consultation=replace(model, rounds=scheduled),
        round_ids={k: int(r.id) for k, r in rounds.items()},
        round_states={k: str(r.state) for k, r in rounds.items()},
    )


def _with_schedule(round_: Round, row: Any, now: datetime) -> Round:
    """The database's times win; an officer's open or close overrides them."""
    opens, closes = row.opens_at, row.closes_at
    if row.state == "open":
        opens = None
        closes = closes if closes is not None and closes > now else None
    elif row.state == "closed":
        closes = closes if closes is not None and closes <= now else now
    return replace(round_, opens=opens, closes=closes)
