"""Tables for answers and the tags the NLP worker gives their free text."""

# No `from __future__ import annotations`: SQLModel reads these annotations at class creation.

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, CheckConstraint, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.tables.base import UtcDateTime, utc_now

TAG_STATUSES = ("none", "pending", "claimed", "done")


class AnswerRow(SQLModel, table=True):
    """One participant's answer to one question; saving again replaces it.

    `participant_id` is nullable so that retention can cut the link to the person while
    keeping the answer's value and tags for the counts.
    """

    __tablename__ = "answer"
    __table_args__ = (
        UniqueConstraint("participant_id", "question_id"),
        CheckConstraint("tag_status IN ('none', 'pending', 'claimed', 'done')", name="tag_status"),
        Index("ix_answer_tag_status_id", "tag_status", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    participant_id: int | None = Field(
        default=None, foreign_key="participant.id", ondelete="CASCADE"
    )
    round_id: int = Field(foreign_key="consultation_round.id", ondelete="CASCADE", index=True)
    question_id: int = Field(foreign_key="question.id", ondelete="CASCADE", index=True)
    value: Any = Field(default=None, sa_type=JSON(none_as_null=True), nullable=True)
    text: str | None = Field(default=None, sa_type=Text)
    answered_at: datetime = Field(default_factory=utc_now, sa_type=UtcDateTime)
    update_id: int | None = Field(default=None, sa_type=BigInteger)
    tag_status: str = Field(default="none", max_length=16)
    claimed_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    claimed_by: str | None = Field(default=None, max_length=128)


class TagRow(SQLModel, table=True):
    """What the tagger found in an answer's free text."""

    __tablename__ = "answer_tag"

    answer_id: int = Field(
        primary_key=True,
        foreign_key="answer.id",
        ondelete="CASCADE",
        sa_column_kwargs={"autoincrement": False},
    )
    themes: list[str] = Field(default_factory=list, sa_type=JSON)
    evidence: Any = Field(default=None, sa_type=JSON(none_as_null=True), nullable=True)
    sentiment: str | None = Field(default=None, max_length=16)
    redacted: str | None = Field(default=None, sa_type=Text)
    pii: Any = Field(default=None, sa_type=JSON(none_as_null=True), nullable=True)
    places: Any = Field(default=None, sa_type=JSON(none_as_null=True), nullable=True)
    key_phrases: Any = Field(default=None, sa_type=JSON(none_as_null=True), nullable=True)
    tagger: str = Field(max_length=128)
    tagged_at: datetime = Field(default_factory=utc_now, sa_type=UtcDateTime)
