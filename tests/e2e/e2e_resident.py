"""A resident in the sandbox: does what a person does in Telegram, and sees what they would see.

Every wait is bounded: a reply that does not come fails the test after a few seconds,
naming what was expected, instead of hanging the suite.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from bot.sandbox import SandboxClient
from tests.support.telegram_fixtures import Message, buttons, eventually, labels

REPLY_TIMEOUT = 8.0
POLL_INTERVAL = 0.03
QUIET_PERIOD = 0.4







def data_of(message: Message, label: str) -> str:
    """The callback data behind the button with this label."""
    for row in buttons(message):
        for text, data in row:
            if text == label:
                return data
    raise AssertionError(
        f"no button {label!r} on message {message['message_id']}: {labels(message)}"
    )




class Resident:
    """One Telegram user talking to the bot in their private chat."""

    def __init__(self, sandbox: SandboxClient, user_id: int) -> None:
        self.sandbox = sandbox
        self.user_id = user_id
        self.chat_id = user_id
        self.mark = 0
        """The newest bot message when the resident last did something."""
        self.last_update_id = 0
        """The update_id of what the resident did last (for a redelivery)."""

    # what the resident sees ---------------------------------------------------------------

    async def bot_messages(self) -> list[Message]:
        """Everything the bot has sent to this chat, edits applied, oldest first."""
        return await self.sandbox.bot_messages(self.chat_id)

    async def message(self, message_id: int) -> Message:
        for message in await self.bot_messages():
            if message["message_id"] == message_id:
                return message
        raise AssertionError(f"no bot message {message_id}")

    async def texts(self) -> list[str]:
        return [m["text"] or m["caption"] or "" for m in await self.bot_messages()]

    async def latest_with_buttons(self) -> Message:
        for message in reversed(await self.bot_messages()):
            if buttons(message) and not message["deleted"]:
                return message
        raise AssertionError("no bot message with buttons")

    # what the resident does ---------------------------------------------------------------

    async def command(self, name: str, args: str = "") -> None:
        await self._remember_newest()
        self._sent(await self.sandbox.send_command(self.user_id, name, args))

    async def type(self, text: str) -> None:
        await self._remember_newest()
        self._sent(await self.sandbox.send_text(self.user_id, text))

    async def send(self, kind: str) -> None:
        """Send something that is not text: a sticker, photo, voice note or location."""
        await self._remember_newest()
        if kind == "sticker":
            update = await self.sandbox.send_sticker(self.user_id)
        elif kind == "photo":
            update = await self.sandbox.send_photo(self.user_id)
        elif kind == "voice":
            update = await self.sandbox.send_voice(self.user_id)
        elif kind == "location":
            update = await self.sandbox.send_location(self.user_id, 51.4816, -3.1791)
        else:
            raise ValueError(f"cannot send a {kind}")
        self._sent(update)

    async def tap(self, label: str, on: Message | None = None) -> str:
        """Tap the button with this label (on the newest message with buttons, by default).

        Returns the tap's callback query id."""
        message = on if on is not None else await self.latest_with_buttons()
        return await self.tap_data(message["message_id"], data_of(message, label))

    async def tap_data(self, message_id: int, data: str) -> str:
        """Tap a button on this message carrying any data (a modified client can forge it)."""
        await self._remember_newest()
        update = await self.sandbox.tap_button(self.user_id, message_id, data)
        self._sent(update)
        return str(update["callback_query"]["id"])

    # waiting for the bot ------------------------------------------------------------------

    async def replies(self, count: int = 1, timeout: float = REPLY_TIMEOUT) -> list[Message]:
        """The next `count` new messages from the bot since the resident's last action."""
        try:
            found = await self.sandbox.wait_for_bot_messages(
                self.chat_id, count, timeout, after=self.mark
            )
        except TimeoutError as missed:
            seen = await self.texts()
            raise AssertionError(
                f"expected {count} new bot message(s); chat so far: {seen[-4:]}"
            ) from missed
        return found[:count]

    async def reply(self, timeout: float = REPLY_TIMEOUT) -> Message:
        """The bot's next new message."""
        return (await self.replies(1, timeout))[0]

    async def edited(self, message: Message, timeout: float = REPLY_TIMEOUT) -> Message:
        """The message once the bot has changed it again (text or buttons)."""

        async def probe() -> Message | None:
            now = await self.message(message["message_id"])
            return now if now["rev"] > message["rev"] else None

        return await eventually(probe, f"an edit of message {message['message_id']}", timeout)

    async def answer_to(self, callback_id: str, timeout: float = REPLY_TIMEOUT) -> dict[str, Any]:
        """The bot's answer to a tap (a toast or alert text, or nothing): the spinner stops."""

        async def probe() -> dict[str, Any] | None:
            for tap in await self.sandbox.callback_answers(self.chat_id):
                if tap["callback_query_id"] == callback_id and tap["answered"]:
                    return dict(tap["answer"] or {})
            return None

        return await eventually(probe, f"answerCallbackQuery for tap {callback_id}", timeout)

    async def quiet(self, period: float = QUIET_PERIOD, timeout: float = REPLY_TIMEOUT) -> None:
        """Wait until the chat has not changed for `period` seconds (the bot is done)."""
        deadline = time.monotonic() + timeout
        last = await self._snapshot()
        settled_since = time.monotonic()
        while time.monotonic() - settled_since < period:
            if time.monotonic() > deadline:
                raise AssertionError("the bot kept changing the chat")
            await asyncio.sleep(POLL_INTERVAL)
            now = await self._snapshot()
            if now != last:
                last, settled_since = now, time.monotonic()

    async def _snapshot(self) -> tuple[Any, ...]:
        messages = await self.bot_messages()
        taps = await self.sandbox.callback_answers(self.chat_id)
        return (
            tuple((m["message_id"], m["rev"]) for m in messages),
            tuple((t["callback_query_id"], t["answered"]) for t in taps),
        )

    def _sent(self, update: dict[str, Any]) -> None:
        self.last_update_id = int(update["update_id"])

    async def _remember_newest(self) -> None:
        messages = await self.bot_messages()
        self.mark = max((m["message_id"] for m in messages), default=0)
