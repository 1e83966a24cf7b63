"""Tables for the people taking part: who they are (a user id only), where, and how far."""

# No `from __future__ import annotations`: SQLModel reads these annotations at class creation.

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.tables.base import UtcDateTime, utc_now


class ParticipantRow(SQLModel, table=True):
    """A person known by their 64-bit Telegram user id, or by the random key the web channel
    gave them; no names or usernames, by design."""

    __tablename__ = "participant"
    __table_args__ = (
        CheckConstraint("(telegram_user_id IS NULL) <> (web_key IS NULL)", name="one_identity"),
    )

    id: int | None = Field(default=None, primary_key=True)
    telegram_user_id: int | None = Field(default=None, sa_type=BigInteger, unique=True)
    channel: str = Field(default="telegram", max_length=16,
                         sa_column_kwargs={"server_default": "telegram"})
    web_key: str | None = Field(default=None, max_length=64, unique=True)
    language: str = Field(default="en", max_length=16)
    reachable: bool = True
    created_at: datetime = Field(default_factory=utc_now, sa_type=UtcDateTime)
    email_sealed: str | None = Field(default=None, sa_type=Text)
    """An address for notices (web participants who asked for them), sealed like secrets."""
    email_consented_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class EnrolmentRow(SQLModel, table=True):
    """A participant in one consultation: the role they chose and when they consented."""

    __tablename__ = "enrolment"
    __table_args__ = (UniqueConstraint("participant_id", "consultation_id"),)

    id: int | None = Field(default=None, primary_key=True)
    participant_id: int = Field(foreign_key="participant.id", ondelete="CASCADE")
    consultation_id: int = Field(foreign_key="consultation.id", ondelete="CASCADE", index=True)
    role: str = Field(max_length=64)
    language: str = Field(max_length=16)
    consented_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    joined_at: datetime = Field(default_factory=utc_now, sa_type=UtcDateTime)
    reminders_muted: bool = False


class SessionRow(SQLModel, table=True):
    """The engine's session for a participant in a consultation, stored as opaque JSON text."""

    __tablename__ = "chat_session"
    __table_args__ = (UniqueConstraint("participant_id", "consultation_id"),)

    id: int | None = Field(default=None, primary_key=True)
    participant_id: int = Field(foreign_key="participant.id", ondelete="CASCADE")
    consultation_id: int = Field(foreign_key="consultation.id", ondelete="CASCADE")
    round_id: int | None = Field(
        default=None, foreign_key="consultation_round.id", ondelete="SET NULL"
    )
    state: str = Field(sa_type=Text)
    status: str = Field(max_length=32)
    updated_at: datetime = Field(default_factory=utc_now, sa_type=UtcDateTime)
