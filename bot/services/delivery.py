"""What a sender reports back: a person blocked the bot, a message must wait in the outbox."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from bot.services.ports import UnitOfWorkFactory


class DeliveryService:
    def __init__(self, unit_of_work: UnitOfWorkFactory) -> None:
        self._uow = unit_of_work

    def mark_unreachable(self, chat_id: int) -> None:
        """403: the person blocked the bot (they are reachable again when they write)."""
        with self._uow() as uow:
            uow.participants.set_reachable(chat_id, False)
            uow.commit()

    def park(self, chat_id: int, kind: str, payload: dict[str, Any]) -> None:
        """A message that could not be sent now waits in the outbox for the drainer."""
        with self._uow() as uow:
            uow.outbox.enqueue(chat_id, kind, payload)
            uow.commit()

    def delete_later(self, chat_id: int, message_id: int, seconds: float, now: datetime) -> None:
        """Queue the deletion of a message that carries a secret (recovery codes), due then."""
        payload = {"do": "delete", "chat_id": chat_id, "message_id": message_id}
        with self._uow() as uow:
            uow.outbox.enqueue(chat_id, "delete", payload, None,
                               now + timedelta(seconds=seconds), now=now)  # fmt: skip
            uow.commit()

    def write_anchors(self, anchors: dict[int, tuple[int, str] | None]) -> None:
        """Which message shows each chat's question, many chats in one transaction."""
        with self._uow() as uow:
            uow.anchors.put_many(anchors)
            uow.commit()

    def anchor_of(self, chat_id: int) -> tuple[int, str] | None:
        """(message id, question) of the message that shows the chat's question."""
        with self._uow() as uow:
            found: tuple[int, str] | None = uow.anchors.get(chat_id)
        return found
