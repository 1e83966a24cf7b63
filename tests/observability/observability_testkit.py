"""Helpers for the observability tests: a webhook worker on the sandbox, a resident who
drives it update by update, and reading /metrics and /healthz as an operator would."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractAsyncContextManager, contextmanager
from datetime import UTC, datetime
from typing import Any

import aiohttp
from prometheus_client.parser import text_string_to_metric_families

from bot.bootstrap import App
from bot.sandbox import SandboxClient, SandboxServer
from bot.telegram.webhook import SECRET_HEADER, WEBHOOK_PATH
from config.settings import Settings
from tests.support.scratch import scratch_schema
from tests.support.telegram_fixtures import buttons, require_test_postgres
from tests.support.telegram_fixtures import webhook_worker as shared_webhook_worker

SECRET = "observability-webhook-secret"
NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
HTTP = aiohttp.ClientTimeout(total=20)


def make_app(database_url: str) -> App:
    return App(Settings(database_url=database_url, secret_key="obs-key"), clock=lambda: NOW)


@contextmanager
def postgres_schema() -> Iterator[str]:
    """A fresh schema on COPRO_TEST_DATABASE_URL (skips the test when it is not set)."""
    with scratch_schema(require_test_postgres(), "o") as url:
        yield url


def webhook_worker(app: App, sandbox: SandboxServer) -> AbstractAsyncContextManager[str]:
    """The bot's webhook server for `app` with this folder's secret; yields its base URL."""
    return shared_webhook_worker(app, sandbox, SECRET)


class WebhookResident:
    """A sandbox user whose every update is POSTed to the worker, as Telegram would."""

    def __init__(self, client: SandboxClient, http: aiohttp.ClientSession, base: str,
                 user_id: int) -> None:
        self.client, self.http, self.base, self.user_id = client, http, base, user_id
        self.statuses: list[int] = []
        self.deliveries: list[int] = []
        """The update ids delivered, in order."""

    async def command(self, name: str, args: str = "") -> None:
        await self.deliver(await self.client.send_command(self.user_id, name, args))

    async def type(self, words: str) -> None:
        await self.deliver(await self.client.send_text(self.user_id, words))

    async def tap(self, label: str) -> None:
        for message in reversed(await self.client.bot_messages(self.user_id)):
            for row in buttons(message):
                for shown, data in row:
                    if shown == label:
                        await self.deliver(await self.client.tap_button(
                            self.user_id, message["message_id"], data))
                        return
        raise AssertionError(f"no button {label!r}")

    async def deliver(self, update: dict[str, Any]) -> None:
        self.deliveries.append(update["update_id"])
        async with self.http.post(self.base + WEBHOOK_PATH, json=update,
                                  headers={SECRET_HEADER: SECRET}) as response:
            self.statuses.append(response.status)


async def scrape(http: aiohttp.ClientSession, base: str) -> dict[str, float]:
    """/metrics as {'name{label="v",...}': value}, parsed with prometheus_client's parser."""
    async with http.get(base + "/metrics") as response:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/plain")
        body = await response.text()
    found: dict[str, float] = {}
    for family in text_string_to_metric_families(body):
        for sample in family.samples:
            labels = ",".join(f'{k}="{v}"' for k, v in sorted(sample.labels.items()))
            found[f"{sample.name}{{{labels}}}" if labels else sample.name] = sample.value
    return found


async def health(http: aiohttp.ClientSession, base: str) -> tuple[int, dict[str, Any]]:
    async with http.get(base + "/healthz") as response:
        return response.status, await response.json()
