"""Which message shows a chat's current question, so a typed answer can tidy it up."""

from __future__ import annotations

import asyncio
from typing import Protocol

from bot.conversation.presenting import Anchor


class AnchorStore(Protocol):
    async def get(self, chat_id: int) -> Anchor | None: ...

    async def set(self, chat_id: int, anchor: Anchor) -> None: ...

    async def forget(self, chat_id: int) -> None: ...


class DatabaseAnchors:
    """Anchors in the database, so any worker can edit what another one sent."""

    def __init__(self, unit_of_work: object, reading: object | None = None) -> None:
        self._uow = unit_of_work
        self._read = reading or unit_of_work

    async def get(self, chat_id: int) -> Anchor | None:
        def read() -> Anchor | None:
            with self._read() as uow:  # type: ignore[operator]
                found = uow.anchors.get(chat_id)
            return Anchor(found[0], found[1]) if found else None

        return await asyncio.to_thread(read)

    async def set(self, chat_id: int, anchor: Anchor) -> None:
        def write() -> None:
            with self._uow() as uow:  # type: ignore[operator]
                uow.anchors.put(chat_id, anchor.message_id, anchor.question)
                uow.commit()

        await asyncio.to_thread(write)

    async def forget(self, chat_id: int) -> None:
        def delete() -> None:
            with self._uow() as uow:  # type: ignore[operator]
                uow.anchors.delete(chat_id)
                uow.commit()

        await asyncio.to_thread(delete)
