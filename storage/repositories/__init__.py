"""One repository per aggregate, each working inside a unit of work's session."""

from __future__ import annotations

from storage.repositories.anchors import AnchorRepository
from storage.repositories.answers import AnswerRepository
from storage.repositories.audit import AuditRepository
from storage.repositories.consultations import ConsultationRepository
from storage.repositories.outbox import OutboxRepository
from storage.repositories.participants import ParticipantRepository
from storage.repositories.sessions import FINISHED_STATUSES, SessionRepository
from storage.repositories.updates import UpdateRepository

__all__ = [
    "FINISHED_STATUSES",
    "AnchorRepository",
    "AnswerRepository",
    "AuditRepository",
    "ConsultationRepository",
    "OutboxRepository",
    "ParticipantRepository",
    "SessionRepository",
    "UpdateRepository",
]
