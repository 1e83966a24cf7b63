"""The `copro` typer app, whose crashes are logged like any other error.

Typer would print an unexpected exception's traceback with its message, and a database
error's message holds the statement's parameters (what a resident wrote, perhaps); the
process's standard error is a log in production. A crash goes through Copro's log
formatter instead (`bot.observability.exception_text`) and the command exits 1.
"""

from __future__ import annotations

import logging
from typing import Any

import typer

from bot.logging_setup import configure_logging

log = logging.getLogger(__name__)


class CoproApp(typer.Typer):
    """A typer app that logs an unexpected exception safely, then exits with status 1."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().__call__(*args, **kwargs)
        except Exception:
            if not logging.getLogger().handlers:  # failed before logging was set up
                configure_logging()
            log.critical("copro.crashed", exc_info=True)
            raise SystemExit(1) from None
