"""Helpers for the operations tests: the `copro` command in-process, and a database with
residents' answers in it, given through the real answer service."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from click.testing import Result
from typer.testing import CliRunner

from bot.bootstrap import App
from bot.cli.bot_commands import import_shipped
from bot.cli.main import app as copro_app
from bot.engine import events as ev
from bot.engine import inputs as i
from bot.services.people import PersonKey
from config.settings import Settings

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
SECRET_KEY = "a-long-random-secret-key-for-the-ops-tests-0123456789"
SLUG = "victoria-park"


def copro(args: list[str], env: dict[str, str]) -> Result:
    """Run `copro ARGS` in this process with these settings; output holds stdout and stderr."""
    return CliRunner().invoke(copro_app, args, env=env, catch_exceptions=False)


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def answered_database(path: Path, residents: int = 2) -> App:
    """A migrated database with the shipped consultations and `residents` finished rounds."""
    application = App(Settings(database_url=sqlite_url(path), secret_key=SECRET_KEY),
                      clock=lambda: NOW)
    application.migrate()
    import_shipped(application)
    for n in range(residents):
        take_part(application, 7_000_000_000 + n)
    return application


def take_part(application: App, user_id: int) -> None:
    """Answer the open round of victoria-park as a resident tapping the first choices."""
    reply = application.answers.join(PersonKey.telegram(user_id), SLUG, NOW, language="en")
    for _ in range(60):
        if any(isinstance(e, ev.RoundFinished) for e in reply.events):
            return
        asked = [e for e in reply.events
                 if isinstance(e, ev.AskConsent | ev.AskLanguage | ev.AskRole | ev.AskQuestion)]
        assert asked, f"nothing asked: {reply.events}"
        reply = application.answers.handle(PersonKey.telegram(user_id), _input_for(asked[-1]), NOW)
    raise AssertionError("the round did not finish")


def _input_for(ask: Any) -> Any:
    if isinstance(ask, ev.AskConsent):
        return i.Consent(True)
    if isinstance(ask, ev.AskLanguage):
        return i.PickLanguage("en")
    if isinstance(ask, ev.AskRole):
        return i.PickRole("resident")
    question = ask.question
    kind = question.type.value
    if kind == "text":
        return i.Text("The bins by the playground overflow every weekend.")
    if kind == "scale":
        return i.Choose(question.key, str(question.scale.max))
    if kind == "multi":  # typed, as a person may: "1" picks the first and finishes
        return i.Text("1")
    if kind == "rank":
        return i.Text(", ".join(str(n + 1) for n in range(question.rank_count)))
    return i.Choose(question.key, question.options[0].key)


def count_rows(path: Path, table: str) -> int:
    with sqlite3.connect(path) as connection:
        return connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
