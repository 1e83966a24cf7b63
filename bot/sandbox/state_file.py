"""Keeps the sandbox's people, chats, button taps, menus and files in a JSON file, so a
restart of `copro sandbox` shows the same chats (Copro's own data is in its database).

Written a moment after each change and at stop, through a temporary file and a rename, so
a crash leaves the previous state whole. The update counter is kept too: Copro ignores an
update id it has seen, so numbering again from 1 would drop what people send.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import logging
import os
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

from bot.sandbox.core import Sandbox
from bot.sandbox.files import StoredFile
from bot.sandbox.world import CallbackRecord, ChatRecord, MessageRecord

VERSION = 1
SAVE_DELAY = 0.5
log = logging.getLogger(__name__)


def snapshot(sandbox: Sandbox) -> dict[str, Any]:
    """The sandbox's world as plain JSON data."""
    world = sandbox.world
    return {
        "version": VERSION,
        "rev": world.rev,
        "next_update_id": sandbox.updates.upcoming_update_id,
        "users": list(world.users.values()),
        "blocked": sorted(world.blocked),
        "chats": [_chat_data(chat) for chat in world.chats.values()],
        "callbacks": [asdict(record) for record in world.callbacks.values()],
        "commands": world.commands,
        "files": [_file_data(stored) for stored in sandbox.files.stored()],
    }


def restore(sandbox: Sandbox, data: dict[str, Any]) -> None:
    """Put a snapshot back into a fresh sandbox."""
    if data.get("version") != VERSION:
        raise ValueError(f"unknown sandbox state version {data.get('version')!r}")
    world = sandbox.world
    world.users = {int(user["id"]): user for user in data["users"]}
    world.blocked = {int(user_id) for user_id in data["blocked"]}
    world.chats = {}
    for chat_data in data["chats"]:
        chat = _chat(chat_data)
        world.chats[chat.chat_id] = chat
    world.callbacks = {c["id"]: CallbackRecord(**c) for c in data["callbacks"]}
    world.commands = {str(key): list(value) for key, value in data["commands"].items()}
    for file_data in data["files"]:
        sandbox.files.put(_file(file_data))
    sandbox.updates.continue_from(int(data["next_update_id"]))
    world.restored(int(data["rev"]))


class StateFile:
    """The sandbox's state on disk: loaded at start, saved after changes and at stop."""

    def __init__(self, path: Path, sandbox: Sandbox) -> None:
        self.path = path
        self.sandbox = sandbox
        self._saved_rev = -1
        self._task: asyncio.Task[None] | None = None

    def load(self) -> bool:
        """Restore the saved state; False when there is none (or it cannot be read)."""
        if not self.path.exists():
            return False
        try:
            restore(self.sandbox, json.loads(self.path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError) as error:
            log.warning("sandbox.state_unreadable", extra={"path": str(self.path),
                                                           "error": str(error)})  # fmt: skip
            return False
        self._saved_rev = self.sandbox.world.rev
        return True

    def save(self) -> None:
        """Write the state now, whole or not at all."""
        rev = self.sandbox.world.rev
        text = json.dumps(snapshot(self.sandbox), ensure_ascii=False, separators=(",", ":"))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(self.path.name + ".tmp")
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, self.path)
        self._saved_rev = rev

    def start(self) -> None:
        """Save a moment after each change, until `stop`."""
        self._task = asyncio.create_task(self._keep_saving())

    async def stop(self) -> None:
        """Stop watching and save what is left."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        try:
            self.save()
        except OSError as error:
            log.warning("sandbox.state_not_saved", extra={"error": str(error)})

    async def _keep_saving(self) -> None:
        world = self.sandbox.world
        while True:
            # Some changes (a command menu) do not wake watchers: look again every few seconds.
            await world.changed.wait_until(lambda: world.rev != self._saved_rev, 5)
            if world.rev == self._saved_rev:
                continue
            await asyncio.sleep(SAVE_DELAY)  # one write for a burst of changes
            try:
                self.save()
            except OSError as error:
                log.warning("sandbox.state_not_saved", extra={"error": str(error)})


def _chat_data(chat: ChatRecord) -> dict[str, Any]:
    data = asdict(chat)
    data["messages"] = [asdict(record) for record in chat.messages.values()]
    return data


def _chat(data: dict[str, Any]) -> ChatRecord:
    records = [MessageRecord(**record) for record in data["messages"]]
    values = {f.name: data[f.name] for f in fields(ChatRecord) if f.name != "messages"}
    return ChatRecord(**values, messages={record.message_id: record for record in records})


def _file_data(stored: StoredFile) -> dict[str, Any]:
    data = asdict(stored)
    data["data"] = base64.b64encode(stored.data).decode("ascii")
    return data


def _file(data: dict[str, Any]) -> StoredFile:
    return StoredFile(**{**data, "data": base64.b64decode(data["data"])})
