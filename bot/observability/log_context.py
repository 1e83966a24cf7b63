"""Which update a log line belongs to: its update id and the person's log pseudonym.

Set once per update by the chat runtime; a filter on the log handler copies both onto
every record logged while that update is handled (worker threads inherit the context).
The pseudonym is a keyed HMAC of the user id, so logs never carry the id itself.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from bot.security.log_pseudonyms import LOG_SCOPE, log_pseudonym

__all__ = ["LOG_SCOPE", "LogContextFilter", "log_pseudonym", "update_context"]
_update_id: ContextVar[int | None] = ContextVar("copro_log_update_id", default=None)
_pseudonym: ContextVar[str | None] = ContextVar("copro_log_pseudonym", default=None)


@contextmanager
def update_context(update_id: int, person: str | None) -> Iterator[None]:
    """Everything logged inside carries this update id and pseudonym."""
    tokens = (_update_id.set(update_id), _pseudonym.set(person))
    try:
        yield
    finally:
        _pseudonym.reset(tokens[1])
        _update_id.reset(tokens[0])


class LogContextFilter(logging.Filter):
    """Adds `update_id` and `pseudonym` to records made while an update is handled."""

    def filter(self, record: logging.LogRecord) -> bool:
        update_id = _update_id.get()
        if update_id is not None and not hasattr(record, "update_id"):
            record.update_id = update_id
        person = _pseudonym.get()
        if person is not None and not hasattr(record, "pseudonym"):
            record.pseudonym = person
        return True
