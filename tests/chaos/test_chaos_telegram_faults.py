"""Telegram (the sandbox) answers 500 and then slowly for a while: the bot backs off, parks
what it could not send in the outbox, sends it once Telegram is back, and nobody's answers
are lost or doubled."""

from __future__ import annotations

import asyncio
from pathlib import Path

from chaos_residents import Resident, assert_everyone_answered_once, everyone, everyone_finishes
from chaos_testkit import Lab, prepare_database
from sqlalchemy import create_engine, text

from bot.sandbox import SandboxClient
from bot.sandbox.faults import FaultInjector

RESIDENTS = 20
OUTAGE_SECONDS = 6.0
"""Longer than the sender's own retries (0.5 + 1 + 2 s), so some replies are parked."""
METHODS = ("sendMessage", "editMessageText", "answerCallbackQuery")
FINISH = 100.0
OVERALL = 150.0


def test_a_fault_with_a_duration_fails_every_call_until_it_ends() -> None:
    faults = FaultInjector()
    faults.add("sendMessage", "500", seconds=60)
    assert [faults.take("sendMessage") is not None for _ in range(5)] == [True] * 5
    assert faults.take("editMessageText") is None
    faults.faults[0].until = 0.0  # its time is up
    assert faults.take("sendMessage") is None and faults.faults == []


async def test_after_telegram_fails_for_a_while_every_reply_arrives_and_answers_are_kept_once(
    lab: Lab, tmp_path: Path
) -> None:
    database_url = f"sqlite:///{tmp_path / 'copro.db'}"
    prepare_database(database_url).database.dispose()
    sandbox_url = await lab.sandbox()
    bot = await lab.bot("bot", sandbox_url, database_url, "--no-tagger")

    async with SandboxClient(sandbox_url) as client:
        async def scenario() -> None:
            residents = await asyncio.gather(
                *(Resident.join(client, f"F{n}", patience=8.0) for n in range(RESIDENTS))
            )
            await everyone(residents, "advance", 2)
            for method in METHODS:
                await client.inject_fault(method, "server_error", seconds=OUTAGE_SECONDS)
            # Everyone keeps tapping through the outage and, after it, a slow patch.
            tapping = asyncio.gather(*(r.advance(2) for r in residents))
            await asyncio.sleep(OUTAGE_SECONDS)
            await client.inject_fault("sendMessage", "slow", count=20, delay=1.5)
            await tapping
            await everyone_finishes(residents, FINISH)
            assert bot.alive

            failed = [c for c in await client.calls() if c.get("status", 200) >= 500]
            assert failed, "the outage happened while residents were tapping"
            engine = create_engine(database_url)
            with engine.connect() as connection:
                parked = connection.execute(
                    text("SELECT count(*) FROM outbox WHERE kind = 'reply' AND status = 'sent'")
                ).scalar_one()
            engine.dispose()
            assert parked > 0, "some replies waited in the outbox and were sent later"
            assert_everyone_answered_once(database_url, residents)

        await asyncio.wait_for(scenario(), OVERALL)
