"""The few statements that differ between SQLite and PostgreSQL, in one place."""

from __future__ import annotations

import zlib
from typing import Any

from sqlalchemy import text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def dialect_name(session: Session) -> str:
    """The name of the database behind `session` ("sqlite", "postgresql")."""
    return session.get_bind().dialect.name


def is_postgresql(session: Session) -> bool:
    """Whether `session` talks to PostgreSQL (row locks, SKIP LOCKED, advisory locks)."""
    return dialect_name(session) == "postgresql"


def insert(session: Session, table: Any) -> Any:
    """An INSERT that supports `on_conflict_do_nothing` / `on_conflict_do_update`."""
    return dialect_insert(dialect_name(session), table)


def dialect_insert(dialect: str, table: Any) -> Any:
    """`insert` by dialect name, for statements built once and reused."""
    if dialect == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


def lock_transaction(session: Session, name: str) -> None:
    """Serialise transactions that take the lock `name` until they end.

    PostgreSQL: a transaction-level advisory lock. SQLite needs none: every transaction
    starts with BEGIN IMMEDIATE, so writers are already serialised.
    """
    if is_postgresql(session):
        key = zlib.crc32(name.encode())
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
