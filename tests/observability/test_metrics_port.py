"""`copro run --metrics-port N`: a real polling bot process serves /healthz and /metrics."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import sys
from pathlib import Path

import aiohttp
from observability_testkit import health, scrape

from bot.sandbox import SandboxClient, SandboxServer
from tests.support.keys import TEST_SECRET_KEY
from tests.support.telegram_fixtures import eventually

START_TIMEOUT = 90.0  # a cold start imports aiogram and migrates a new database
STOP_TIMEOUT = 20.0
COPRO = str(Path(sys.executable).with_name("copro"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_copro_run_with_a_metrics_port_serves_health_and_counts_updates(
    tmp_path: Path,
) -> None:
    sandbox = SandboxServer(port=0)
    await sandbox.start()
    port = free_port()
    env = {**os.environ, "COPRO_BOT_TOKEN": sandbox.token, "COPRO_TELEGRAM_API_URL": sandbox.url,
           "COPRO_DATABASE_URL": f"sqlite:///{tmp_path / 'copro.db'}",
           "COPRO_SECRET_KEY": TEST_SECRET_KEY}
    env.pop("COPRO_METRICS_PORT", None)
    bot = await asyncio.create_subprocess_exec(
        COPRO, "run", "--no-tagger", "--host", "127.0.0.1", "--metrics-port", str(port),
        env=env, cwd=tmp_path, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as http, \
                SandboxClient(sandbox.url) as client:

            async def healthy() -> tuple[int, dict[str, object]] | None:
                assert bot.returncode is None, "copro run stopped before serving"
                with contextlib.suppress(aiohttp.ClientError):
                    return await health(http, base)
                return None

            status, body = await eventually(healthy, "the bot's /healthz", START_TIMEOUT)
            user = (await client.create_user("Ffion"))["id"]
            await client.send_command(user, "help")
            await eventually(lambda: _first(client.bot_messages(user)), "a reply to /help")
            metrics = await scrape(http, base)
    finally:
        if bot.returncode is None:
            bot.send_signal(signal.SIGTERM)
        try:
            output, _ = await asyncio.wait_for(bot.communicate(), STOP_TIMEOUT)
        except TimeoutError:
            bot.kill()
            output, _ = await bot.communicate()
        await sandbox.stop()

    assert status == 200, body
    assert body["database"] is True and body["outbox_depth"] == 0
    assert body["scheduler_alive"] is True  # `copro run` leads the scheduler in-process
    assert metrics['copro_updates_handled_total{kind="message",outcome="ok"}'] == 1
    assert metrics['copro_replies_sent_total{method="sendMessage"}'] >= 1
    assert f"{base}/healthz" in output.decode()
    assert bot.returncode == 0, output.decode()[-2000:]


async def _first(found: object) -> object | None:
    messages = await found  # type: ignore[misc]
    return messages[0] if messages else None
