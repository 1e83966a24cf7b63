"""Issue 12, findings 4 and 5: a hostile consultation file (an alias bomb, deep nesting, a
value the parser cannot build) is refused quickly as a listed problem, in the chat and on
the command line; an update that can never succeed is answered 200, not 503."""

from __future__ import annotations

import logging
import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy.exc import DataError, OperationalError, PendingRollbackError, ProgrammingError
from typer.testing import CliRunner

from bot.bootstrap import App
from bot.cli import app as cli
from bot.consultations import ConsultationInvalid, load_text
from bot.conversation.chat import ChatConversation
from bot.sandbox import SandboxClient, SandboxServer
from bot.telegram.outcome import is_transient
from bot.telegram.webhook import SECRET_HEADER, WEBHOOK_PATH
from config.settings import Settings
from tests.support.telegram_fixtures import webhook_worker

SECRET = "shared-webhook-secret"
NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
CPU_SECONDS = 5.0  # generous: the bomb took 43 s before, and a refusal is cheap
PEAK_BYTES = 20_000_000


def alias_bomb() -> str:
    """The classic "billion laughs": 9 levels of nine aliases each, in about 350 bytes."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{','.join(['*' + previous] * 9)}]")
    return "\n".join(lines) + "\n"


def refused(text: str) -> tuple[list[str], float, int]:
    """The problems, the CPU seconds and the peak bytes allocated while refusing `text`."""
    tracemalloc.start()
    started = time.process_time()
    try:
        with pytest.raises(ConsultationInvalid) as raised:
            load_text(text)
        spent = time.process_time() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return [str(p) for p in raised.value.problems], spent, peak


def test_finding04_alias_bomb_is_refused_quickly() -> None:
    problems, spent, peak = refused(alias_bomb())

    assert problems == ["line 1, column 4: anchors and aliases (& and *) are not allowed: "
                        "write each part out in full"]
    assert spent < CPU_SECONDS and peak < PEAK_BYTES


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("slug: &s town\ntitle: *s\n", "anchors and aliases"),
        ("rounds:\n" + "- " * 40 + "x\n", "nested more than 32 levels deep"),
        ("r: [" + ", ".join(["1"] * 12_000) + "]\n", "more than 10,000 values"),
        ("slug: town\n" + "# padding\n" * 25_000, "bigger than 200 KB"),
    ],
    ids=["anchor", "depth", "nodes", "size"],
)
def test_finding04_every_limit_is_a_listed_problem_within_bounds(text: str, problem: str
                                                                 ) -> None:
    problems, spent, peak = refused(text)

    assert len(problems) == 1 and problem in problems[0]
    assert spent < CPU_SECONDS and peak < PEAK_BYTES


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 3000 + "]" * 3000,
        "a:\n" + "".join(" " * n + "- \n" for n in range(0, 400, 2)),
        "a: " + "{b: " * 2000 + "c" + "}" * 2000,
    ],
    ids=["flow-sequences", "block-sequences", "flow-mappings"],
)
def test_finding05_deep_nesting_is_a_listed_problem_not_a_recursion_error(text: str) -> None:
    problems, spent, _ = refused(text)

    assert len(problems) == 1 and "nested more than" in problems[0]
    assert spent < CPU_SECONDS


@pytest.mark.parametrize(
    "text",
    ["opens: 2026-02-30\n", "n: " + "9" * 5000 + "\n", "? [a, b]\n: c\n",
     "slug: !!binary dGVzdC1maWxl\n", "x: !!set {a, b}\n", "title: !!omap [{en: a}]\n"],
    ids=["impossible-date", "huge-number", "unhashable-key", "bytes", "set", "pairs"],
)
def test_finding05_a_value_the_parser_cannot_build_is_a_listed_problem(text: str) -> None:
    problems, _, _ = refused(text)

    assert len(problems) == 1 and "not valid YAML" in problems[0]


def test_finding04_copro_consultation_validate_lists_the_bomb_as_a_problem(
    tmp_path: Path,
) -> None:
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(alias_bomb(), encoding="utf-8")
    started = time.process_time()

    result = CliRunner().invoke(cli, ["consultation", "validate", str(bomb)])

    assert result.exit_code == 1 and "anchors and aliases" in result.output
    assert time.process_time() - started < CPU_SECONDS


@pytest.mark.parametrize("error", [MemoryError(), RecursionError(), ValueError("poison")],
                         ids=["memory", "recursion", "value"])
async def test_finding04_an_update_that_can_never_succeed_is_answered_200_and_logged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
    error: Exception,
) -> None:
    app = App(Settings(database_url=f"sqlite:///{tmp_path / 'copro.db'}", secret_key="k"),
              clock=lambda: NOW)
    app.migrate()
    sandbox = SandboxServer(port=0)
    await sandbox.start()

    async def poisoned(self: ChatConversation, message: object) -> object:
        raise error

    monkeypatch.setattr(ChatConversation, "on_message", poisoned)
    try:
        async with webhook_worker(app, sandbox, SECRET) as base, \
                SandboxClient(sandbox.url) as client, aiohttp.ClientSession() as http:
            user = (await client.create_user("Nia"))["id"]
            await client.send_command(user, "start")
            [update] = await client.pending_updates()
            with caplog.at_level(logging.ERROR):
                async with http.post(base + WEBHOOK_PATH, json=update,
                                     headers={SECRET_HEADER: SECRET}) as response:
                    status = response.status
            apology = [m["text"] for m in await client.bot_messages(user)]
    finally:
        await sandbox.stop()

    assert status == 200, "Telegram must not deliver a poison update again"
    assert apology == [app.catalogue.text("try_again_later", "en")]
    [logged] = [r for r in caplog.records if r.getMessage() == "chat.handler_failed"]
    assert logged.exc_info is not None and getattr(logged, "retried", None) is False


SHAPE = """\
slug: shapes
title: {en: "Shapes"}
languages: [en]
audience: [resident]
rounds:
  - key: first
    title: {en: "First"}
    questions:
      - key: colour
        type: TYPE
        text: {en: "Which colour?"}
        options:
          - {key: KEY, text: {en: "Red"}}
          - {key: blue, text: {en: "Blue"}}
      - key: why
        type: text
        text: {en: "Why?"}
        when: {question: WHEN, any_of: [ANY]}
"""


@pytest.mark.parametrize(
    ("part", "value"),
    [("KEY", "[red]"), ("TYPE", "[single]"), ("WHEN", "{q: colour}"), ("ANY", "[red]")],
)
def test_finding05_a_list_or_mapping_where_a_word_belongs_is_a_listed_problem(
    part: str, value: str
) -> None:
    text = SHAPE.replace(part, value).replace("TYPE", "single")
    text = text.replace("KEY", "red").replace("WHEN", "colour").replace("ANY", "red")

    problems, _, _ = refused(text)
    assert problems


@pytest.mark.parametrize(
    ("error", "transient"),
    [
        (OperationalError("SELECT 1", {}, Exception("connection refused")), True),
        (PendingRollbackError("the connection broke mid-transaction"), True),
        (ConnectionResetError(), True),
        (TimeoutError(), True),
        (DataError("INSERT", {}, Exception("value too long")), False),
        (ProgrammingError("SELEC", {}, Exception("syntax error")), False),
        (MemoryError(), False),
        (RecursionError(), False),
        (KeyError("bug"), False),
    ],
)
def test_finding04_only_failures_that_may_pass_are_delivered_again(
    error: BaseException, transient: bool
) -> None:
    assert is_transient(error) is transient
