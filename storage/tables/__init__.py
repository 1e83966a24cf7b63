"""Every table of Copro's database, registered on one metadata."""

from __future__ import annotations

from storage.tables.answers import TAG_STATUSES, AnswerRow, TagRow
from storage.tables.base import NAMING_CONVENTION, UtcDateTime, metadata, utc_now
from storage.tables.consultations import (
    ROUND_STATES,
    ConsultationRow,
    OptionRow,
    QuestionRow,
    RoundRow,
)
from storage.tables.devices import DeviceCodeRow
from storage.tables.operations import (
    OUTBOX_STATUSES,
    AuditLogRow,
    ChatAnchorRow,
    ChatPromptRow,
    OutboxRow,
    ProcessedUpdateRow,
)
from storage.tables.people import EnrolmentRow, ParticipantRow, SessionRow
from storage.tables.security import (
    STAFF_ROLES,
    AdminCredentialRow,
    AdminFailureRow,
    RecoveryCodeRow,
    StaffRoleRow,
)

__all__ = [
    "NAMING_CONVENTION",
    "OUTBOX_STATUSES",
    "ROUND_STATES",
    "STAFF_ROLES",
    "TAG_STATUSES",
    "AdminCredentialRow",
    "AdminFailureRow",
    "AnswerRow",
    "AuditLogRow",
    "ChatAnchorRow",
    "ChatPromptRow",
    "ConsultationRow",
    "DeviceCodeRow",
    "EnrolmentRow",
    "OptionRow",
    "OutboxRow",
    "ParticipantRow",
    "ProcessedUpdateRow",
    "QuestionRow",
    "RecoveryCodeRow",
    "RoundRow",
    "SessionRow",
    "StaffRoleRow",
    "TagRow",
    "UtcDateTime",
    "metadata",
    "utc_now",
]
