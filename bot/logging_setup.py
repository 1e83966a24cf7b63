"""Structured logs: JSON lines when not on a terminal, and never secrets or answer text.

Call sites log an event name and put facts in `extra`; keys that could carry a secret or
what a person wrote are dropped here, whoever passes them, and a user id (`user`, `staff`,
...) becomes its keyed log pseudonym. While an update is handled, every record also
carries its `update_id` and the person's `pseudonym` (never the user id). Exceptions are
written by `exception_text`: frames and types, never SQL parameters or stored values.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any

from bot.observability.exception_text import exception_line, exception_trace
from bot.observability.log_context import LogContextFilter
from bot.security.log_pseudonyms import person_in_logs

FORBIDDEN_KEYS = frozenset(
    {"text", "answer", "code", "token", "secret", "password", "uri", "provisioning_uri",
     "recovery_codes", "message_text", "bot_token", "secret_key"}
)
_STANDARD = frozenset(vars(logging.makeLogRecord({})).keys()) | {"message", "asctime"}


# Facts that name a person by Telegram id: logged as their keyed log pseudonym instead.
PERSON_KEYS = frozenset({"user", "user_id", "staff", "actor", "admin", "officer", "chat_id"})


def safe_fields(record: logging.LogRecord) -> dict[str, Any]:
    """The `extra` facts of a record, without any key that could hold a secret or a text,
    and with every user id replaced by its log pseudonym."""
    return {
        key: _pseudonymised(key, value)
        for key, value in vars(record).items()
        if key not in _STANDARD and key.lower() not in FORBIDDEN_KEYS and not key.startswith("_")
    }


def _pseudonymised(key: str, value: Any) -> Any:
    if key.lower() in PERSON_KEYS and isinstance(value, int) and not isinstance(value, bool):
        return person_in_logs(value)
    return value


def _error_of(record: logging.LogRecord) -> BaseException | None:
    info = record.exc_info
    return info[1] if isinstance(info, tuple) and info[1] is not None else None


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
            **safe_fields(record),
        }
        if (error := _error_of(record)) is not None:
            entry["error"] = exception_line(error)
            entry["traceback"] = exception_trace(error)
        return json.dumps(entry, default=str, ensure_ascii=False)


class PlainFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        fields = " ".join(f"{k}={v}" for k, v in safe_fields(record).items())
        line = f"{record.levelname.lower():7} {record.name}: {record.getMessage()} {fields}"
        if (error := _error_of(record)) is not None:
            line += "\n" + exception_trace(error)
        return line.rstrip()


class _CurrentStderr(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever sys.stderr is at the time (test runners swap it)."""

    @property  # type: ignore[override]
    def stream(self) -> object:
        return sys.stderr

    @stream.setter
    def stream(self, _value: object) -> None:
        pass


def make_handler(as_json: bool, stream: Any = None) -> logging.Handler:
    """Copro's log handler: each record gets the update id and pseudonym of the update in
    hand (if any), then JSON or plain text; to `stream`, else whatever stderr is."""
    handler: logging.Handler = (
        _CurrentStderr() if stream is None else logging.StreamHandler(stream)
    )
    handler.addFilter(LogContextFilter())
    handler.setFormatter(JsonFormatter() if as_json else PlainFormatter())
    return handler


def configure_logging(level: str = "INFO", json_lines: bool | None = None) -> None:
    """JSON lines unless standard error is a terminal (or `json_lines` says otherwise)."""
    as_json = not sys.stderr.isatty() if json_lines is None else json_lines
    handler = make_handler(as_json)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # Client libraries log request parameters at DEBUG (captions, codes): never let them.
    for noisy in ("aiogram", "telegram", "httpx", "httpcore", "alembic", "apscheduler"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
