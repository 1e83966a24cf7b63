"""Webhook deliveries repeated, shuffled and split between workers: one answer each."""

from __future__ import annotations

import asyncio
from pathlib import Path

from chaos_residents import Resident, assert_everyone_answered_once, everyone_finishes
from chaos_testkit import SECRET_KEY, Lab, free_port, prepare_database
from chaos_webhooks import WebhookPusher

from bot.sandbox import SandboxClient
from bot.security.keys import KeyRing

FINISH = 100.0
OVERALL = 150.0

WEBHOOK_SECRET = KeyRing.derive(SECRET_KEY).webhook  # what workers derive


async def start_workers(lab: Lab, sandbox_url: str, database_url: str, count: int) -> list[str]:
    """`copro run --webhook` workers that nobody registers: the test delivers to them."""
    urls = []
    for n in range(count):
        port = free_port()
        await lab.bot(f"worker-{n}", sandbox_url, database_url, "--webhook", "--host",
                      "127.0.0.1", "--port", str(port), "--no-tagger")
        urls.append(f"http://127.0.0.1:{port}")
    return urls


async def test_every_update_delivered_two_or_three_times_out_of_order_stores_one_answer_each(
    lab: Lab, tmp_path: Path
) -> None:
    database_url = f"sqlite:///{tmp_path / 'copro.db'}"
    prepare_database(database_url).database.dispose()
    sandbox_url = await lab.sandbox()
    (worker,) = await start_workers(lab, sandbox_url, database_url, 1)

    async with SandboxClient(sandbox_url) as client:
        async def scenario() -> None:
            async with WebhookPusher(client, [worker], WEBHOOK_SECRET) as pusher:
                residents = await asyncio.gather(
                    *(Resident.join(client, f"W{n}", patience=6.0) for n in range(10))
                )
                await everyone_finishes(residents, FINISH)
            assert pusher.deliveries >= 2 * len(pusher.delivered)
            assert_everyone_answered_once(database_url, residents)

        await asyncio.wait_for(scenario(), OVERALL)


async def test_two_webhook_workers_on_postgresql_sharing_each_residents_taps_store_one_each(
    postgres_url: str, lab: Lab  # this order: the processes stop before the schema goes
) -> None:
    prepare_database(postgres_url).database.dispose()
    sandbox_url = await lab.sandbox()
    workers = await start_workers(lab, sandbox_url, postgres_url, 2)

    async with SandboxClient(sandbox_url) as client:
        async def scenario() -> None:
            # Each update goes to one worker and its repeat to the other, at the same time.
            async with WebhookPusher(client, workers, WEBHOOK_SECRET, copies=(2, 2)):
                residents = await asyncio.gather(
                    *(Resident.join(client, f"P{n}", patience=6.0) for n in range(5))
                )
                await everyone_finishes(residents, FINISH)
            assert_everyone_answered_once(postgres_url, residents)

        await asyncio.wait_for(scenario(), OVERALL)
