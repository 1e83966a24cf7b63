"""Copro's storage: SQLModel tables, repositories, a unit of work and Alembic migrations.

Knows nothing about Telegram: people are numeric user ids, sessions opaque JSON text.
"""

from __future__ import annotations

from storage.database import backend_and_file, make_engine, shown_url
from storage.errors import ConsultationHasAnswers, DuplicateUpdate, StorageError
from storage.migrate import current_revision, head_revision, schema_differences, upgrade
from storage.repositories import (
    FINISHED_STATUSES,
    AnswerRepository,
    AuditRepository,
    ConsultationRepository,
    CredentialRepository,
    OutboxRepository,
    ParticipantRepository,
    PersonalDataRepository,
    RecoveryCodeRepository,
    RoleRepository,
    SessionRepository,
    UpdateRepository,
)
from storage.repositories.audit import GENESIS_HASH, entry_hash
from storage.tables import (
    STAFF_ROLES,
    AdminCredentialRow,
    AdminFailureRow,
    AnswerRow,
    AuditLogRow,
    ConsultationRow,
    EnrolmentRow,
    OptionRow,
    OutboxRow,
    ParticipantRow,
    ProcessedUpdateRow,
    QuestionRow,
    RecoveryCodeRow,
    RoundRow,
    SessionRow,
    StaffRoleRow,
    TagRow,
    metadata,
    utc_now,
)
from storage.unit_of_work import SqlUnitOfWork

__all__ = [
    "FINISHED_STATUSES",
    "GENESIS_HASH",
    "STAFF_ROLES",
    "AdminCredentialRow",
    "AdminFailureRow",
    "AnswerRepository",
    "AnswerRow",
    "AuditLogRow",
    "AuditRepository",
    "ConsultationHasAnswers",
    "ConsultationRepository",
    "ConsultationRow",
    "CredentialRepository",
    "DuplicateUpdate",
    "EnrolmentRow",
    "OptionRow",
    "OutboxRepository",
    "OutboxRow",
    "ParticipantRepository",
    "ParticipantRow",
    "PersonalDataRepository",
    "ProcessedUpdateRow",
    "QuestionRow",
    "RecoveryCodeRepository",
    "RecoveryCodeRow",
    "RoleRepository",
    "RoundRow",
    "SessionRepository",
    "SessionRow",
    "SqlUnitOfWork",
    "StaffRoleRow",
    "StorageError",
    "TagRow",
    "UpdateRepository",
    "backend_and_file",
    "current_revision",
    "entry_hash",
    "head_revision",
    "make_engine",
    "metadata",
    "schema_differences",
    "shown_url",
    "upgrade",
    "utc_now",
]
