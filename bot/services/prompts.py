"""What the bot asked a person to type next (a code, a feedback text), one per person."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.services.ports import UnitOfWorkFactory


class PromptService:
    def __init__(self, reading: UnitOfWorkFactory) -> None:
        self._read = reading

    def waiting(self, user_id: int, now: datetime) -> tuple[str, dict[str, Any]] | None:
        """(kind, payload) of the person's open prompt, unless it has expired."""
        with self._read() as uow:
            found: tuple[str, dict[str, Any]] | None = uow.prompts.get(user_id, now)
        return found
