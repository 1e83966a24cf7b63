"""For the broadcast tests: many people at once, a rate-limited sandbox, the chat's sender."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

from scheduling_testkit import SLUG

from bot.bootstrap import App
from bot.messaging.rate_limit import RateLimiter
from bot.sandbox import SandboxServer
from bot.sandbox.ratelimit import RateLimiter as SandboxLimits
from bot.telegram.runners import make_runner
from storage.tables import EnrolmentRow, ParticipantRow, SessionRow


def enrol_many(app: App, user_ids: range, at: datetime, round_key: str = "first") -> None:
    """Enrol and consent many people at once, each having finished `round_key`."""
    with app.unit_of_work() as uow:
        consultation = uow.consultations.get(SLUG)
        round_row = uow.consultations.round(consultation.id, round_key)
        people = [ParticipantRow(telegram_user_id=u, language="en", created_at=at)
                  for u in user_ids]
        uow.session.add_all(people)
        uow.session.flush()
        uow.session.add_all(
            [EnrolmentRow(participant_id=p.id, consultation_id=consultation.id, role="resident",
                          language="en", consented_at=at, joined_at=at) for p in people]
        )
        uow.session.add_all(
            [SessionRow(participant_id=p.id, consultation_id=consultation.id, state="{}",
                        status="finished", round_id=round_row.id, updated_at=at)
             for p in people]
        )
        uow.commit()


@asynccontextmanager
async def limited_sandbox(
    users: range, overall: float = 30.0
) -> AsyncIterator[SandboxServer]:
    """The sandbox enforcing Telegram's per-chat limits (and `overall` a second in all),
    keeping every call in its log, with these users."""
    server = SandboxServer(port=0, rate_limits=True)
    await server.start()
    server.sandbox.limiter = SandboxLimits(overall=(overall, overall))
    server.sandbox.calls = deque()  # keep them all: the test reads every one
    for user in users:
        server.sandbox.world.add_user(f"Person {user}", user_id=user)
    try:
        yield server
    finally:
        await server.stop()


@asynccontextmanager
async def chat_sender(app: App, server: SandboxServer, overall: float = 30.0) -> AsyncIterator[Any]:
    """The chat runtime's own Sender (aiogram), as `copro run` would pass it."""
    limiter = RateLimiter(overall=overall)
    runner = make_runner(app.chat, "aiogram", server.token, server.url, limiter)
    try:
        yield runner.runtime.sender
    finally:
        await runner.close()


def delivered(server: SandboxServer) -> dict[int, int]:
    """How many messages the bot sent to each private chat."""
    world = server.sandbox.world
    return {chat_id: len(chat.bot_message_ids) for chat_id, chat in world.chats.items()
            if chat.bot_message_ids}


def send_calls(server: SandboxServer) -> list[dict[str, Any]]:
    return [c for c in server.sandbox.calls if c["method"].lower() == "sendmessage"]


async def until(condition: Any, timeout: float, step: float = 0.05) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not await condition():
        if loop.time() > deadline:
            raise TimeoutError("the condition never held")
        await asyncio.sleep(step)
