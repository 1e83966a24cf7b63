"""Tables for a consultation as imported: its definition, rounds, questions and options."""

# No `from __future__ import annotations`: SQLModel reads these annotations at class creation.

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.tables.base import UtcDateTime, utc_now

ROUND_STATES = ("draft", "scheduled", "open", "closed")
"""A draft is imported but not open to residents until an officer opens it (or schedules it)."""


class ConsultationRow(SQLModel, table=True):
    """One imported consultation; `definition` is the validated file as a dict."""

    __tablename__ = "consultation"

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True, max_length=40)
    definition: dict[str, Any] = Field(sa_type=JSON)
    default_language: str = Field(max_length=16)
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    """Bumped by every import and schedule change: workers reload their cached copy."""
    imported_at: datetime = Field(default_factory=utc_now, sa_type=UtcDateTime)
    updated_at: datetime = Field(default_factory=utc_now, sa_type=UtcDateTime)


class RoundRow(SQLModel, table=True):
    """A round of a consultation, with its schedule and whether it is open."""

    __tablename__ = "consultation_round"
    __table_args__ = (
        UniqueConstraint("consultation_id", "key"),
        CheckConstraint("state IN ('draft', 'scheduled', 'open', 'closed')", name="state"),
    )

    id: int | None = Field(default=None, primary_key=True)
    consultation_id: int = Field(foreign_key="consultation.id", ondelete="CASCADE")
    key: str = Field(max_length=64)
    position: int
    opens_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    closes_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    state: str = Field(default="scheduled", max_length=16)


class QuestionRow(SQLModel, table=True):
    """A question of a round; its texts live in the consultation's definition."""

    __tablename__ = "question"
    __table_args__ = (UniqueConstraint("round_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="consultation_round.id", ondelete="CASCADE")
    key: str = Field(max_length=64)
    position: int
    type: str = Field(max_length=16)


class OptionRow(SQLModel, table=True):
    """An option of a choice or ranking question."""

    __tablename__ = "question_option"
    __table_args__ = (UniqueConstraint("question_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    question_id: int = Field(foreign_key="question.id", ondelete="CASCADE")
    key: str = Field(max_length=64)
    position: int
