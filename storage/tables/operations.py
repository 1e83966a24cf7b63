"""Tables the bot runs on: processed updates, the audit chain and the outgoing message queue."""

# No `from __future__ import annotations`: SQLModel reads these annotations at class creation.

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, CheckConstraint, Index, Text
from sqlmodel import Field, SQLModel

from storage.tables.base import UtcDateTime, utc_now

OUTBOX_STATUSES = ("pending", "sending", "sent", "failed")


class ProcessedUpdateRow(SQLModel, table=True):
    """A Telegram update already handled; its primary key makes a repeat fail."""

    __tablename__ = "processed_update"

    update_id: int = Field(
        primary_key=True, sa_type=BigInteger, sa_column_kwargs={"autoincrement": False}
    )
    processed_at: datetime = Field(default_factory=utc_now, sa_type=UtcDateTime, index=True)


class AuditLogRow(SQLModel, table=True):
    """An append-only entry of the audit chain: each carries the hash of the one before."""

    __tablename__ = "audit_log"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_type=UtcDateTime)
    actor: int | None = Field(default=None, sa_type=BigInteger)
    action: str = Field(max_length=64)
    detail: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    # unique: two appends racing on one predecessor cannot both land
    prev_hash: str = Field(max_length=64, unique=True)
    hash: str = Field(max_length=64, unique=True)


class OutboxRow(SQLModel, table=True):
    """A message waiting to be sent (or sent), so a broadcast survives a crash."""

    __tablename__ = "outbox"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'sending', 'sent', 'failed')", name="status"),
        Index("ix_outbox_status_not_before", "status", "not_before"),
    )

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_type=BigInteger, index=True)
    kind: str = Field(max_length=64)
    payload: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    dedupe_key: str | None = Field(default=None, unique=True, max_length=200)
    status: str = Field(default="pending", max_length=16)
    attempts: int = 0
    not_before: datetime | None = Field(default=None, sa_type=UtcDateTime)
    created_at: datetime = Field(default_factory=utc_now, sa_type=UtcDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    last_error: str | None = Field(default=None, sa_type=Text)


class ChatAnchorRow(SQLModel, table=True):
    """The message that shows a chat's current question, so a typed answer can tidy it."""

    __tablename__ = "chat_anchor"

    chat_id: int = Field(
        primary_key=True, sa_type=BigInteger, sa_column_kwargs={"autoincrement": False}
    )
    message_id: int = Field(sa_type=BigInteger)
    question: str = Field(max_length=64)
    updated_at: datetime = Field(default_factory=utc_now, sa_type=UtcDateTime)


class ChatPromptRow(SQLModel, table=True):
    """The bot asked this person to type something next (e.g. a code); until it expires."""

    __tablename__ = "chat_prompt"

    user_id: int = Field(
        primary_key=True, sa_type=BigInteger, sa_column_kwargs={"autoincrement": False}
    )
    kind: str = Field(max_length=32)
    payload: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    created_at: datetime = Field(default_factory=utc_now, sa_type=UtcDateTime)
    expires_at: datetime = Field(sa_type=UtcDateTime)
