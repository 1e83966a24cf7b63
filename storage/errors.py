"""Errors the storage layer raises for its callers to handle."""

from __future__ import annotations

from sqlalchemy import exc


class StorageError(Exception):
    """Base class of the errors raised by `storage`."""


class ConsultationHasAnswers(StorageError):
    """A consultation that already has answers cannot be replaced by a new import."""

    def __init__(self, slug: str) -> None:
        super().__init__(f"consultation {slug!r} already has answers; it cannot be re-imported")
        self.slug = slug


class DuplicateUpdate(StorageError):
    """This Telegram update was already processed; the unit of work must be abandoned."""

    def __init__(self, update_id: int) -> None:
        super().__init__(f"update {update_id} was already processed")
        self.update_id = update_id


def is_transient(error: BaseException) -> bool:
    """Whether trying the same work again later may succeed: the database was down, busy,
    locked, a connection broke mid-transaction, or a concurrent write won a race. A data or
    SQL error, or a misuse of the library, would fail every time."""
    if isinstance(error, _NEVER_PASS):
        return False
    return isinstance(error, exc.SQLAlchemyError)


_NEVER_PASS = (exc.DataError, exc.ProgrammingError, exc.NotSupportedError, exc.ArgumentError,
               exc.CompileError)
