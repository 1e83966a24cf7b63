"""Log lines made while an update is handled carry its update id and the person's pseudonym,
and never the user id or what they wrote."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest
from observability_testkit import HTTP, WebhookResident, make_app, webhook_worker

from bot.cli.bot_commands import import_shipped
from bot.logging_setup import make_handler
from bot.observability.log_context import log_pseudonym
from bot.sandbox import SandboxClient, SandboxServer

USER = 7304918265
ANSWER = "The paths by the pond are dark and nobody is about"
TO_THE_TEXT_QUESTION = ("I agree", "Resident", "Most days", "Walking", "Done",
                        "Poor lighting", "Done", "2")


@pytest.fixture
def json_lines() -> Iterator[io.StringIO]:
    """Copro's own JSON log handler, writing to a buffer for the test to read."""
    buffer = io.StringIO()
    handler = make_handler(as_json=True, stream=buffer)
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield buffer
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


async def test_a_log_line_made_while_handling_an_update_names_it_and_a_pseudonym_only(
    tmp_path: Path, json_lines: io.StringIO
) -> None:
    app = make_app(f"sqlite:///{tmp_path / 'copro.db'}")
    app.migrate()
    import_shipped(app)
    sandbox = SandboxServer(port=0)
    await sandbox.start()
    try:
        async with webhook_worker(app, sandbox) as base, \
                aiohttp.ClientSession(timeout=HTTP) as http, SandboxClient(sandbox.url) as client:
            user = (await client.create_user("Wyn", user_id=USER))["id"]
            resident = WebhookResident(client, http, base, user)
            await resident.command("start", "victoria-park")
            for label in TO_THE_TEXT_QUESTION:
                await resident.tap(label)
            # Telegram asks the bot to slow down while it replies to the typed answer.
            await client.inject_fault("sendMessage", "retry_after", retry_after=1)
            await resident.type(ANSWER)
            typed = resident.deliveries[-1]
    finally:
        await sandbox.stop()

    lines = [json.loads(line) for line in json_lines.getvalue().splitlines()]
    limited = [entry for entry in lines if entry["event"] == "telegram.rate_limited"]
    assert limited, [entry["event"] for entry in lines]
    assert limited[0]["update_id"] == typed
    assert limited[0]["pseudonym"] == log_pseudonym(app.pseudonym_key, user)
    handled = [entry for entry in lines if entry["event"] == "update.handled"]
    assert {entry["update_id"] for entry in handled} >= {typed}
    everything = json_lines.getvalue()
    assert ANSWER not in everything
    assert str(USER) not in everything
