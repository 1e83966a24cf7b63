"""People in the sandbox (an officer, residents, workers), and what the tests do for the
parts of Copro that run outside the chat: the outbox drainer and the tagging worker.

Every wait is bounded: a reply that does not come fails the test after a few seconds,
naming what was expected, instead of hanging the suite.
"""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlmodel import col, func, select

from bot.bootstrap import App
from bot.broadcast import DrainPolicy, OutboxDrainer
from bot.i18n.catalogue import load_catalogue
from bot.sandbox import SandboxClient
from bot.telegram.runners import BotRunner
from bot.telegram.staff.admin import FOR_OFFICERS_TOO
from bot.telegram.staff.officer_guard import (
    FRESH_COMMANDS,
    FRESH_REPLIES,
    FRESH_TAPS,
    OPEN_COMMANDS,
)
from bot.telegram.staff.officer_parsing import decode_tap
from storage import AnswerRow, OutboxRow
from tests.support import two_factor
from tests.support.telegram_fixtures import eventually

REPLY_TIMEOUT = 10.0
POLL_INTERVAL = 0.03
QUIET_PERIOD = 0.3
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
T = TypeVar("T")
Message = dict[str, Any]

SLUG = "town-centre"
TOWN_CENTRE = """\
# A small consultation an officer writes and sends to the bot.
slug: town-centre
title: {en: "Town centre: what would you change?", cy: "Canol y dref: beth fyddech chi'n ei newid?"}
languages: [en, cy]
audience: [resident, worker]
privacy: {controller: {en: "Test Council", cy: "Cyngor Prawf"}, contact: "privacy@example.org"}
rounds:
  - key: discover
    title: {en: "What you think", cy: "Beth rydych chi'n ei feddwl"}
    questions:
      - key: visits
        type: single
        text: {en: "How often do you come into town?", cy: "Pa mor aml ydych chi'n dod i'r dref?"}
        options:
          - {key: weekly, text: {en: "Every week", cy: "Bob wythnos"}}
          - {key: monthly, text: {en: "Every month", cy: "Bob mis"}}
          - {key: rarely, text: {en: "Rarely", cy: "Anaml"}}
      - key: change
        type: text
        text:
          en: "What one change would make the biggest difference?"
          cy: "Pa un newid fyddai'n gwneud y gwahaniaeth mwyaf?"
"""


def text_of(message: Message) -> str:
    return str(message["text"] or message["caption"] or "")


def buttons(message: Message) -> list[tuple[str, str]]:
    """Every button of the message as (label, callback data)."""
    markup = message.get("reply_markup") or {}
    return [(b["text"], b.get("callback_data", ""))
            for row in markup.get("inline_keyboard", []) for b in row]




class Person:
    """Someone in a private chat with the bot."""

    def __init__(self, sandbox: SandboxClient, user_id: int) -> None:
        self.sandbox = sandbox
        self.user_id = user_id
        self.chat_id = user_id
        self.mark = 0
        """The newest bot message when the person last did something."""
        self.mark_rev = 0
        """The chat's newest change (rev) then: an edit after it shows a reply."""

    async def bot_messages(self) -> list[Message]:
        return await self.sandbox.bot_messages(self.chat_id)

    async def command(self, name: str, args: str = "") -> None:
        await self._remember_newest()
        await self.sandbox.send_command(self.user_id, name.lstrip("/"), args)

    async def type(self, text: str) -> None:
        await self._remember_newest()
        await self.sandbox.send_text(self.user_id, text)

    async def send_file(self, name: str, content: bytes) -> None:
        await self._remember_newest()
        await self.sandbox.send_document(self.user_id, content, name, "application/x-yaml")

    async def tap_data(self, message: Message, data: str) -> str:
        """Tap a button (or forge one) on this message; returns the callback query id."""
        await self._remember_newest()
        update = await self.sandbox.tap_button(self.user_id, message["message_id"], data)
        return str(update["callback_query"]["id"])

    async def tap(self, label: str, on: Message) -> str:
        for text, data in buttons(on):
            if text == label:
                return await self.tap_data(on, data)
        raise AssertionError(f"no button {label!r}: {buttons(on)}")

    async def new_messages(self) -> list[Message]:
        return [m for m in await self.bot_messages() if m["message_id"] > self.mark]

    async def changed_messages(self) -> list[Message]:
        """New messages and messages the bot edited since the last action."""
        return [m for m in await self.bot_messages() if m["rev"] > self.mark_rev]

    async def shown(self, *parts: str, timeout: float = REPLY_TIMEOUT) -> Message:
        """The first message sent or edited since the last action containing every part."""

        async def probe() -> Message | None:
            for message in await self.changed_messages():
                if all(p in text_of(message) for p in parts):
                    return message
            return None

        return await eventually(probe, f"a message showing {parts}", timeout)

    async def said(self, *parts: str, timeout: float = REPLY_TIMEOUT) -> Message:
        """The first new bot message (since the last action) containing every part."""

        async def probe() -> Message | None:
            for message in await self.new_messages():
                if all(p in text_of(message) for p in parts):
                    return message
            return None

        try:
            return await eventually(probe, f"a message with {parts}", timeout)
        except AssertionError:
            seen = [text_of(m)[:200] for m in await self.new_messages()]
            raise AssertionError(f"no new message with {parts}; new: {seen}") from None

    async def with_button(self, data: str) -> Message:
        """The newest bot message sent or edited since the last action with a button
        carrying `data`."""

        async def probe() -> Message | None:
            for message in reversed(await self.changed_messages()):
                if any(d == data for _, d in buttons(message)) and not message["deleted"]:
                    return message
            return None

        return await eventually(probe, f"a button {data!r}")

    async def answer_to(self, callback_id: str) -> dict[str, Any]:
        """The bot's answer to a tap (the spinner stops)."""

        async def probe() -> dict[str, Any] | None:
            for tap in await self.sandbox.callback_answers(self.chat_id):
                if tap["callback_query_id"] == callback_id and tap["answered"]:
                    return dict(tap["answer"] or {})
            return None

        return await eventually(probe, f"answerCallbackQuery for tap {callback_id}")

    async def quiet(self, period: float = QUIET_PERIOD) -> list[Message]:
        """Wait until the chat has not changed for `period` seconds; the new messages."""
        deadline = time.monotonic() + REPLY_TIMEOUT
        last = await self._snapshot()
        settled_since = time.monotonic()
        while time.monotonic() - settled_since < period:
            if time.monotonic() > deadline:
                raise AssertionError("the bot kept changing the chat")
            await asyncio.sleep(POLL_INTERVAL)
            now = await self._snapshot()
            if now != last:
                last, settled_since = now, time.monotonic()
        return await self.new_messages()

    async def _snapshot(self) -> tuple[Any, ...]:
        messages = await self.sandbox.messages(self.chat_id, include_deleted=True)
        return tuple((m["message_id"], m["rev"], m["deleted"]) for m in messages)

    async def _remember_newest(self) -> None:
        messages = await self.sandbox.messages(self.chat_id, include_deleted=True)
        self.mark = max((m["message_id"] for m in messages), default=0)
        self.mark_rev = max((m["rev"] for m in messages), default=0)


class Officer(Person):
    """An officer with a phone: when the bot will ask for a code (finding 12), the officer
    types the one their app shows at the bot's time, computed with pyotp."""

    def __init__(self, sandbox: SandboxClient, user_id: int, app: App,
                 secret: str | None = None) -> None:
        super().__init__(sandbox, user_id)
        self.app = app
        self.secret = secret
        """The device's key; None for an officer who has not enrolled."""

    def t(self, key: str, language: str = "en", **params: object) -> str:
        return self.app.catalogue.text(key, language, **params)

    async def command(self, name: str, args: str = "") -> None:
        command = "/" + name.lstrip("/")
        ungated = command in OPEN_COMMANDS or command in FOR_OFFICERS_TOO  # /2fa asks itself
        wanted = None if ungated else command in FRESH_COMMANDS
        await self._with_code(wanted, super().command(name, args))

    async def type(self, text: str) -> None:
        await self._with_code(True if self._waiting() in FRESH_REPLIES else None,
                              super().type(text))

    async def send_file(self, name: str, content: bytes) -> None:
        await self._with_code(True, super().send_file(name, content))

    async def tap_data(self, message: Message, data: str) -> str:
        tap = decode_tap(data)
        fresh = True if tap is not None and (tap.area, tap.choice) in FRESH_TAPS else None
        tapped: list[str] = []

        async def tap_it() -> None:
            tapped.append(await Person.tap_data(self, message, data))

        await self._with_code(fresh, tap_it())
        return tapped[0]

    async def give_code(self) -> None:
        """Answer the bot's request for a code with the one the app shows now."""
        assert self.secret is not None
        await self.said(self.t("admin_code_needed"))
        await Person.type(self, two_factor.code(self.secret, self.app.clock()))

    def needs_code(self, fresh: bool) -> bool:
        """Whether the bot will ask this officer for a code before a command."""
        now = self.app.clock()
        with self.app.reading() as uow:
            if self.secret is None or not uow.roles.roles_of(self.user_id):
                return False
        session = self.app.admins.session(self.user_id, now)
        return not (session.fresh(now) if fresh else session.active(now))

    async def _with_code(self, fresh: bool | None, sending: Any) -> None:
        """Send; then, if the action needs a session (or a fresh code) the officer has not
        got, the code."""
        asked = fresh is not None and self.needs_code(fresh)
        await sending
        if asked:
            await self.give_code()

    def _waiting(self) -> str | None:
        with self.app.reading() as uow:
            found = uow.prompts.get(self.user_id, self.app.clock())
        return None if found is None else str(found[0])

    async def upload(self, name: str, text: str) -> Message:
        """Send a consultation file; the bot's answer to it."""
        await self.send_file(name, text.encode())
        return await self.said()


def round_state(app: App, slug: str, key: str) -> str:
    with app.reading() as uow:
        return str(uow.consultations.round(uow.consultations.get(slug).id, key).state)


async def close_round(officer: Person, args: str) -> Message:
    """`/close SLUG ROUND`, then "Close the round" on the question it asks (item 16)."""
    await officer.command("close", args)
    asked = await officer.said("Nobody can answer it after that")
    await officer.tap("Close the round", asked)
    return await officer.said("is closed")


async def take_part(person: Person, slug: str, language: str, role: str, visits: str,
                    change: str) -> None:
    """Join from the link, switch the notice to `language` if it is in another one, agree
    (which keeps the notice's language), pick the role, answer both questions."""
    await person.command("start", slug)
    notice = await person.with_button("a|1")
    if any(data == f"l|{language}" for _, data in buttons(notice)):
        await person.tap_data(notice, f"l|{language}")
        await person.shown(load_catalogue(UTC).text("language_set", language))
    for data in ("a|1", f"r|{role}", f"c|visits|{visits}"):
        await person.tap_data(await person.with_button(data), data)
    await person.shown("?")  # the written question
    await person.type(change)
    await person.said("Diolch" if language == "cy" else "Thank you")


async def every_tap_answered(sandbox: SandboxClient) -> None:
    async def none_left() -> bool | None:
        waiting = [t for t in await sandbox.callback_answers() if not t["answered"]]
        return True if not waiting else None

    await eventually(none_left, "every tap to be answered")


def count_answers(app: App) -> int:
    with app.reading() as uow:
        return int(uow.session.exec(select(func.count()).select_from(AnswerRow)).one())


def tag_all(app: App) -> None:
    worker = app.tagging("officer-test")
    while worker.run_once():
        pass


async def drain(app: App, runner: BotRunner) -> None:
    """Send everything due in the outbox through the bot's own sender, then stop."""

    def pending() -> int:
        with app.reading() as uow:
            statement = select(func.count()).select_from(OutboxRow).where(
                col(OutboxRow.status).in_(("pending", "sending"))
            )
            return int(uow.session.exec(statement).one())

    async def empty() -> bool | None:
        return True if await asyncio.to_thread(pending) == 0 else None

    stop = asyncio.Event()
    policy = DrainPolicy(rate=500.0, idle_seconds=0.05)
    drainer = OutboxDrainer(app.unit_of_work, runner.runtime.sender, policy, app.clock)
    task = asyncio.create_task(drainer.run(stop))
    try:
        await eventually(empty, "the outbox to empty")
    finally:
        stop.set()
        await asyncio.wait_for(task, REPLY_TIMEOUT)


class Clock:
    """The bot's clock: a weekday in December 2026, moved on by the test."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now
