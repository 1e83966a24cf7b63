"""The bot is killed with SIGKILL while a hundred residents are mid-round, then restarted."""

from __future__ import annotations

import asyncio
from pathlib import Path

from chaos_residents import (
    Resident,
    assert_everyone_answered_once,
    database_engine,
    everyone_finishes,
    stored_answers,
)
from chaos_testkit import Lab, prepare_database

from bot.sandbox import SandboxClient

RESIDENTS = 100
FINISH = 100.0
OVERALL = 200.0


async def test_after_a_sigkill_every_acknowledged_answer_is_kept_and_everyone_finishes_once(
    lab: Lab, tmp_path: Path
) -> None:
    database_url = f"sqlite:///{tmp_path / 'copro.db'}"
    prepare_database(database_url).database.dispose()
    sandbox_url = await lab.sandbox()
    bot = await lab.bot("bot-before-kill", sandbox_url, database_url, "--no-tagger")

    async with SandboxClient(sandbox_url) as client:
        async def scenario() -> None:
            residents = await asyncio.gather(
                *(Resident.join(client, f"R{n}", patience=10.0) for n in range(RESIDENTS))
            )
            # Everyone part of the way in, at different points of the round.
            await asyncio.gather(*(r.advance(1 + n % 4) for n, r in enumerate(residents)))
            # Everyone taps again, and the bot dies while those taps are in flight.
            in_flight = [asyncio.create_task(r.step()) for r in residents]
            await asyncio.sleep(0.5)
            bot.kill()
            await asyncio.gather(*in_flight)

            engine = database_engine(database_url)
            stored = stored_answers(engine)
            engine.dispose()
            acknowledged = 0
            for resident in residents:
                for tap in await resident.acknowledged():
                    if tap.answering and tap.question is not None:
                        acknowledged += 1
                        kept = stored.get(resident.user_id, {})
                        assert kept.get(tap.question) == 1, (resident.user_id, tap)
            print(f"{acknowledged} acknowledged answers when the bot was killed")
            assert acknowledged >= RESIDENTS // 10, "residents had answered before the kill"

            await lab.bot("bot-after-kill", sandbox_url, database_url, "--no-tagger")
            await everyone_finishes(residents, FINISH)
            assert_everyone_answered_once(database_url, residents)

        await asyncio.wait_for(scenario(), OVERALL)
