"""Finding 3: recovery codes were sent as chat messages and never deleted. They are shown
once, the message says where to keep them, and it is deleted from the chat ten minutes on."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from admin_steps import Admin, eventually, text_of
from sqlmodel import col, select

from bot.bootstrap import App
from bot.broadcast import DrainPolicy, run_outbox
from bot.telegram.runners import BotRunner
from bot.telegram.staff.admin_support import RECOVERY_CODES_SHOWN
from storage.tables import OutboxRow

pytestmark = pytest.mark.e2e


def queued_deletes(app: App) -> list[OutboxRow]:
    with app.reading() as uow:
        query = select(OutboxRow).where(col(OutboxRow.kind) == "delete")
        return list(uow.session.exec(query))


async def drain_due(app: App, bot: BotRunner) -> None:
    """The scheduler's outbox drainer, run until nothing due is left."""
    stop = asyncio.Event()
    task = asyncio.create_task(
        run_outbox(app, bot.runtime.sender, stop, policy=DrainPolicy(idle_seconds=0.05))
    )
    for _ in range(100):
        await asyncio.sleep(0.05)
        if all(row.status != "pending" for row in queued_deletes(app)):
            break
    stop.set()
    await asyncio.wait_for(task, 10)


async def test_finding03_recovery_codes_are_deleted_from_the_chat_after_ten_minutes(
    admin: Admin, app: App, bot: BotRunner
) -> None:
    await admin.enrol()
    codes = next(m for m in reversed(await admin.bot_messages())
                 if "recovery codes" in text_of(m))  # fmt: skip
    assert "password manager" in text_of(codes) and "10 minutes" in text_of(codes)

    async def one() -> list[OutboxRow] | None:
        return queued_deletes(app) or None

    [delete] = await eventually(one, "the deletion to be queued")
    assert delete.payload == {"do": "delete", "chat_id": admin.chat_id,
                              "message_id": codes["message_id"]}  # fmt: skip
    assert delete.not_before == admin.clock.now + RECOVERY_CODES_SHOWN

    await drain_due(app, bot)  # not due yet: the codes stay while they are copied
    assert not (await admin.message(codes["message_id"]))["deleted"]

    admin.clock.advance(minutes=10, seconds=1)
    await drain_due(app, bot)
    await admin.deleted(codes["message_id"])


async def test_finding03_a_new_set_from_recovery_goes_the_same_way(
    admin: Admin, app: App, bot: BotRunner
) -> None:
    await admin.enrol()
    admin.clock.advance(seconds=31)
    await admin.command("recovery")  # just verified: no code asked for
    codes = await admin.reply()
    assert "recovery codes" in text_of(codes)

    async def both() -> list[OutboxRow] | None:  # queued just after the message went out
        rows = queued_deletes(app)
        return rows if len(rows) == 2 else None

    fresh = await eventually(both, "the second set's deletion to be queued")
    assert max(r.not_before for r in fresh) >= admin.clock.now + timedelta(minutes=9)  # type: ignore[operator]
