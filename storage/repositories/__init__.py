"""One repository per aggregate, each working inside a unit of work's session."""

from __future__ import annotations

from storage.repositories.anchors import AnchorRepository
from storage.repositories.answers import AnswerRepository
from storage.repositories.audiences import AudienceRepository
from storage.repositories.audit import AuditRepository
from storage.repositories.consultations import ConsultationRepository
from storage.repositories.device_codes import DeviceCodeRepository
from storage.repositories.exports import ExportRepository
from storage.repositories.mail_addresses import MailAddressRepository
from storage.repositories.outbox import OutboxRepository
from storage.repositories.participants import ParticipantRepository
from storage.repositories.prompts import PromptRepository
from storage.repositories.results import ResultsRepository
from storage.repositories.roles import RoleRepository
from storage.repositories.security import (
    CredentialRepository,
    PersonalDataRepository,
    RecoveryCodeRepository,
)
from storage.repositories.sessions import FINISHED_STATUSES, SessionRepository
from storage.repositories.turns import PersonState, SessionState, TurnRepository
from storage.repositories.updates import UpdateRepository

__all__ = [
    "FINISHED_STATUSES",
    "AnchorRepository",
    "AnswerRepository",
    "AudienceRepository",
    "AuditRepository",
    "ConsultationRepository",
    "CredentialRepository",
    "DeviceCodeRepository",
    "ExportRepository",
    "MailAddressRepository",
    "OutboxRepository",
    "ParticipantRepository",
    "PersonState",
    "PersonalDataRepository",
    "PromptRepository",
    "RecoveryCodeRepository",
    "ResultsRepository",
    "RoleRepository",
    "SessionRepository",
    "SessionState",
    "TurnRepository",
    "UpdateRepository",
]
