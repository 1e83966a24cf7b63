"""The table of 'continue on another device' codes: a keyed hash, whose, until when."""

# No `from __future__ import annotations`: SQLModel reads these annotations at class creation.

from datetime import datetime

from sqlmodel import Field, SQLModel

from storage.tables.base import UtcDateTime, utc_now


class DeviceCodeRow(SQLModel, table=True):
    """An outstanding code: used once, then deleted; never the code itself, only its HMAC."""

    __tablename__ = "device_code"

    id: int | None = Field(default=None, primary_key=True)
    code_hash: str = Field(max_length=64, unique=True)
    participant_id: int = Field(foreign_key="participant.id", ondelete="CASCADE", index=True)
    slug: str = Field(max_length=64)
    """The consultation the code was made on: the other device carries on there."""
    created_at: datetime = Field(default_factory=utc_now, sa_type=UtcDateTime)
    expires_at: datetime = Field(sa_type=UtcDateTime, index=True)
