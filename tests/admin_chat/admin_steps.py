"""An admin in the sandbox: enrols a phone, types codes, and checks what the chat shows.

Codes are computed with pyotp from the key the bot showed, at the bot's own (test) time.
"""

from __future__ import annotations

import asyncio
import re
import time
from dataclasses import dataclass
from typing import Any, Protocol

import pyotp
from sqlmodel import select

from bot.bootstrap import App
from bot.sandbox import SandboxClient
from bot.services.admin import AdminService, DeviceState
from bot.telegram.staff.admin_support import QR_ANCHOR
from storage import AnswerRow, ParticipantRow
from tests.support.telegram_fixtures import Message, buttons, eventually, labels

SECRET_KEY = "admin-chat-test-key"
REPLY_TIMEOUT = 8.0
POLL_INTERVAL = 0.03
QUIET_PERIOD = 0.4

KEY = re.compile(r"\b[A-Z2-7]{32}\b")
RECOVERY_CODE = re.compile(r"\b[A-Z2-7]{4}(?:-[A-Z2-7]{4}){5}\b")


class Clock(Protocol):
    now: Any

    def advance(self, **delta: float) -> None: ...


def text_of(message: Message) -> str:
    return str(message["text"] or message["caption"] or "")


@dataclass(frozen=True)
class Enrolled:
    secret: str
    recovery_codes: list[str]
    qr: Message
    code_message_id: int
    first_code: str








class Person:
    """Someone in a private chat with the bot (as tests/e2e/resident.py, trimmed)."""

    def __init__(self, sandbox: SandboxClient, user_id: int) -> None:
        self.sandbox = sandbox
        self.user_id = user_id
        self.chat_id = user_id
        self.mark = 0
        """The newest bot message when the person last did something."""
        self.tapped: tuple[int, int] = (0, 0)
        """(message id, rev) of the message the person last tapped, as they saw it."""

    async def bot_messages(self) -> list[Message]:
        return await self.sandbox.bot_messages(self.chat_id)

    async def message(self, message_id: int) -> Message:
        for message in await self.bot_messages():
            if message["message_id"] == message_id:
                return message
        raise AssertionError(f"no bot message {message_id}")

    async def latest_with_buttons(self) -> Message:
        for message in reversed(await self.bot_messages()):
            if buttons(message) and not message["deleted"]:
                return message
        raise AssertionError("no bot message with buttons")

    async def command(self, name: str, args: str = "") -> int:
        """Send a command; returns its message id."""
        await self._remember_newest()
        update = await self.sandbox.send_command(self.user_id, name, args)
        return int(update["message"]["message_id"])

    async def type(self, text: str) -> int:
        """Type a message; returns its message id."""
        await self._remember_newest()
        update = await self.sandbox.send_text(self.user_id, text)
        return int(update["message"]["message_id"])

    async def tap(self, label: str, on: Message | None = None) -> str:
        message = on if on is not None else await self.latest_with_buttons()
        self.tapped = (int(message["message_id"]), int(message["rev"]))
        for row in buttons(message):
            for text, data in row:
                if text == label:
                    return await self.tap_data(message["message_id"], data)
        raise AssertionError(f"no button {label!r} on {message['message_id']}: {labels(message)}")

    async def tap_data(self, message_id: int, data: str) -> str:
        """Tap a button on this message carrying any data (a modified client can forge it)."""
        await self._remember_newest()
        update = await self.sandbox.tap_button(self.user_id, message_id, data)
        return str(update["callback_query"]["id"])

    async def replies(self, count: int = 1, timeout: float = REPLY_TIMEOUT) -> list[Message]:
        try:
            found = await self.sandbox.wait_for_bot_messages(
                self.chat_id, count, timeout, after=self.mark
            )
        except TimeoutError as missed:
            seen = [text_of(m) for m in await self.bot_messages()]
            message = f"expected {count} new bot message(s); saw {seen[-4:]}"
            raise AssertionError(message) from missed
        return found[:count]

    async def reply(self, timeout: float = REPLY_TIMEOUT) -> Message:
        return (await self.replies(1, timeout))[0]

    async def edited(self, timeout: float = REPLY_TIMEOUT) -> Message:
        """The tapped message once the bot has turned it into what comes next."""
        message_id, rev = self.tapped
        try:
            return await self.sandbox.wait_for_edit(self.chat_id, message_id, rev, timeout)
        except TimeoutError as missed:
            raise AssertionError(f"message {message_id} was not edited") from missed

    async def answer_to(self, callback_id: str) -> dict[str, Any]:
        """The bot's answer to a tap (the spinner stops)."""

        async def probe() -> dict[str, Any] | None:
            for tap in await self.sandbox.callback_answers(self.chat_id):
                if tap["callback_query_id"] == callback_id and tap["answered"]:
                    return dict(tap["answer"] or {})
            return None

        return await eventually(probe, f"answerCallbackQuery for tap {callback_id}")

    async def quiet(self, period: float = QUIET_PERIOD) -> None:
        """Wait until the chat has not changed for `period` seconds (the bot is done)."""
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

    async def new_texts(self) -> list[str]:
        """The texts of every bot message since the person's last action, once it is quiet."""
        await self.quiet()
        return [text_of(m) for m in await self.bot_messages() if m["message_id"] > self.mark]

    async def _snapshot(self) -> tuple[Any, ...]:
        messages = await self.sandbox.messages(self.chat_id, include_deleted=True)
        taps = await self.sandbox.callback_answers(self.chat_id)
        return (
            tuple((m["message_id"], m["rev"], m["deleted"]) for m in messages),
            tuple((t["callback_query_id"], t["answered"]) for t in taps),
        )

    async def _remember_newest(self) -> None:
        messages = await self.bot_messages()
        self.mark = max((m["message_id"] for m in messages), default=0)


class Admin(Person):
    """A person with the admin role; codes come from pyotp at the bot's (test) time."""

    def __init__(self, sandbox: SandboxClient, user_id: int, app: App, clock: Clock) -> None:
        super().__init__(sandbox, user_id)
        self.app = app
        self.clock = clock
        self.secret: str | None = None

    def t(self, key: str, language: str = "en", **params: object) -> str:
        return self.app.catalogue.text(key, language, **params)

    def code(self) -> str:
        """What the authenticator app shows now (at the bot's time)."""
        assert self.secret is not None, "enrol first"
        return pyotp.TOTP(self.secret).at(self.clock.now)

    async def deleted(self, message_id: int) -> None:
        """Wait until the message (the bot's or the admin's) is deleted from the chat."""

        async def probe() -> bool | None:
            for message in await self.sandbox.messages(self.chat_id, include_deleted=True):
                if message["message_id"] == message_id:
                    return True if message["deleted"] else None
            raise AssertionError(f"no message {message_id} in the chat")

        await eventually(probe, f"message {message_id} to be deleted")

    async def enrol(self) -> Enrolled:
        """/2fa, scan the QR (read the key in its caption), send the first code."""
        await self.command("2fa")
        qr, ask = await self.replies(2)
        assert qr["kind"] == "photo" and qr["files"], qr
        assert text_of(ask) == self.t("admin_enrol_ask_code")
        found = KEY.search(text_of(qr))
        assert found is not None, "the key for typing in by hand is in the QR's caption"
        with self.app.reading() as uow:
            assert uow.anchors.get(self.chat_id) == (qr["message_id"], QR_ANCHOR)
        self.secret = found[0]
        first = self.code()
        code_message = await self.type(first)
        done, codes = await self.replies(2)
        assert text_of(done) == self.t("admin_enrol_done")
        recovery = RECOVERY_CODE.findall(text_of(codes))
        assert len(set(recovery)) == 10
        await self.deleted(code_message)
        await self.deleted(qr["message_id"])
        assert self.device_state() is DeviceState.ENROLLED
        return Enrolled(self.secret, recovery, qr, code_message, first)

    async def send_code(self, code: str) -> list[Message]:
        """Answer 'send a code' and return what the bot said; the code message is deleted."""
        message_id = await self.type(code)
        await self.deleted(message_id)
        await self.quiet()
        return [m for m in await self.bot_messages() if m["message_id"] > self.mark]

    def device_state(self) -> DeviceState:
        service = AdminService(self.app.unit_of_work, self.app.keys.sealing)
        return service.device_state(self.user_id, self.clock.now)

    def prompt(self) -> tuple[str, dict[str, Any]] | None:
        with self.app.reading() as uow:
            found: tuple[str, dict[str, Any]] | None = uow.prompts.get(self.user_id, self.clock.now)
            return found


async def every_tap_answered(sandbox: SandboxClient) -> None:
    async def none_left() -> bool | None:
        left = [t for t in await sandbox.callback_answers() if not t["answered"]]
        return True if not left else None

    await eventually(none_left, "every tap to be answered")


# what the database holds -----------------------------------------------------------------


def answer_rows(app: App, user_id: int) -> list[AnswerRow]:
    with app.unit_of_work() as uow:
        participant = uow.participants.get(user_id)
        if participant is None:
            return []
        return list(
            uow.session.exec(select(AnswerRow).where(AnswerRow.participant_id == participant.id))
        )


def participant(app: App, user_id: int) -> ParticipantRow | None:
    with app.unit_of_work() as uow:
        return uow.session.exec(
            select(ParticipantRow).where(ParticipantRow.telegram_user_id == user_id)
        ).first()


def set_round_state(app: App, slug: str, round_key: str, state: str) -> None:
    """What an officer does with `copro round open|close`."""
    with app.unit_of_work() as uow:
        consultation = uow.consultations.get(slug)
        assert consultation is not None and consultation.id is not None
        round_ = uow.consultations.round(consultation.id, round_key)
        assert round_ is not None and round_.id is not None
        uow.consultations.set_round_state(round_.id, state)
        uow.commit()
