"""Copro's storage: SQLModel tables, repositories, a unit of work and Alembic migrations.

Knows nothing about Telegram: people are numeric user ids, sessions opaque JSON text.
"""

from __future__ import annotations

from storage.database import make_engine
from storage.errors import ConsultationHasAnswers, DuplicateUpdate, StorageError
from storage.migrate import current_revision, head_revision, schema_differences, upgrade
from storage.repositories import (
    FINISHED_STATUSES,
    AnswerRepository,
    AuditRepository,
    ConsultationRepository,
    OutboxRepository,
    ParticipantRepository,
    SessionRepository,
    UpdateRepository,
)
from storage.repositories.audit import GENESIS_HASH, entry_hash
from storage.tables import (
    AnswerRow,
    AuditLogRow,
    ConsultationRow,
    EnrolmentRow,
    OptionRow,
    OutboxRow,
    ParticipantRow,
    ProcessedUpdateRow,
    QuestionRow,
    RoundRow,
    SessionRow,
    TagRow,
    metadata,
    utc_now,
)
from storage.unit_of_work import SqlUnitOfWork

__all__ = [
    "FINISHED_STATUSES",
    "GENESIS_HASH",
    "AnswerRepository",
    "AnswerRow",
    "AuditLogRow",
    "AuditRepository",
    "ConsultationHasAnswers",
    "ConsultationRepository",
    "ConsultationRow",
    "DuplicateUpdate",
    "EnrolmentRow",
    "OptionRow",
    "OutboxRepository",
    "OutboxRow",
    "ParticipantRepository",
    "ParticipantRow",
    "ProcessedUpdateRow",
    "QuestionRow",
    "RoundRow",
    "SessionRepository",
    "SessionRow",
    "SqlUnitOfWork",
    "StorageError",
    "TagRow",
    "UpdateRepository",
    "current_revision",
    "entry_hash",
    "head_revision",
    "make_engine",
    "metadata",
    "schema_differences",
    "upgrade",
    "utc_now",
]
