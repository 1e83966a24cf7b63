"""`copro run` / `copro sandbox` with the scheduler and the outbox drainer in-process: a round
opens on time, its notice reaches the chat, and the notice's button starts the round."""

from __future__ import annotations

import asyncio

from broadcast_testkit import delivered, limited_sandbox
from scheduling_testkit import SLUG, add_person, ids, import_rounds, london, round_state, utc

from bot.bootstrap import App
from bot.broadcast import broadcast_progress
from bot.sandbox import SandboxClient
from bot.scheduling import RoundLifecycle, start_in_process
from bot.telegram.runners import make_runner


async def test_the_in_process_scheduler_opens_the_round_and_the_notice_arrives(
    app: App, clock
) -> None:
    import_rounds(app, london(2027, 3, 15, 9), london(2027, 3, 29, 12))
    add_person(app, 1001)  # enrolled and consented (no stored session: a real one comes)
    RoundLifecycle.from_app(app).close_round(SLUG, "first", clock.now)
    clock.now = utc(2027, 3, 16, 10, 0)  # the bot was off when round two opened
    async with limited_sandbox(range(1001, 1002)) as server:
        runner = make_runner(app.chat, "aiogram", server.token, server.url)
        await runner.start()
        await runner.poll()
        host = await start_in_process(app, sender=runner.runtime.sender)
        try:
            await asyncio.wait_for(host.leading.wait(), 5)
            async with SandboxClient(server.url) as client:
                [notice] = await client.wait_for_bot_messages(1001, 1, timeout=10)
                assert "a new round is open" in notice["text"]
                await client.tap_button(1001, notice["message_id"], f"j|{SLUG}")
                replies = await client.wait_for_bot_messages(
                    1001, 1, timeout=10, after=notice["message_id"]
                )
                assert "Choose the routes" in replies[0]["text"]
        finally:
            await host.stop()
            await runner.stop()
            await runner.close()
        assert delivered(server)[1001] >= 2
    assert round_state(app, ids(app).second) == "open"
    with app.unit_of_work() as uow:
        assert broadcast_progress(uow, SLUG).sent == 1
