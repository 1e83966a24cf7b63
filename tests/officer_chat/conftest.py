"""Officer features end to end: the real bot (aiogram, then PTB) polling the sandbox.

Like tests/e2e: each test gets a fresh SQLite database (copied from one migrated template)
with the shipped consultations imported, a sandbox on a free port and the bot polling it.
Tagging uses the blank English pipeline (fast, no model to install).
"""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from officer_steps import Clock, Officer, Person, every_tap_answered

from bot.bootstrap import App
from bot.cli.bot_commands import import_shipped
from bot.sandbox import SandboxClient
from bot.services.roles import RoleService
from bot.telegram.runners import BotRunner
from config.settings import Settings
from storage import upgrade
from tests.support import two_factor

FRAMEWORKS = ["aiogram", "ptb"]
STOP_TIMEOUT = 10.0
HTTP_TIMEOUT = 20.0
pytestmark = pytest.mark.e2e


@pytest.fixture(scope="session")
def database_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("officer-chat-template") / "copro.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 12, 2, 10, 0, tzinfo=UTC))


@pytest.fixture
def app(tmp_path: Path, database_template: Path, clock: Clock) -> Iterator[App]:
    database = tmp_path / "copro.db"
    shutil.copyfile(database_template, database)
    settings = Settings(database_url=f"sqlite:///{database}", secret_key="officer-test-key",
                        nlp_model="blank:en")
    application = App(settings, clock=clock)
    application.migrate()
    import_shipped(application)
    yield application
    application.database.dispose()


@pytest.fixture
async def officer(
    sandbox: SandboxClient, bot: BotRunner, app: App, clock: Clock
) -> AsyncIterator[Officer]:
    """A council officer in English with two-step verification set up (finding 12); the
    officer gives codes when the bot asks. Whatever the test did, every tap got an answer."""
    user = await sandbox.create_user("Olwen", language_code="en")
    RoleService(app.unit_of_work).grant(int(user["id"]), "officer", clock())
    secret = two_factor.enrol(app, int(user["id"]), clock())
    yield Officer(sandbox, int(user["id"]), app, secret)
    await every_tap_answered(sandbox)


@pytest.fixture
async def resident(sandbox: SandboxClient, bot: BotRunner) -> Person:
    user = await sandbox.create_user("Rhys", language_code="en")
    return Person(sandbox, int(user["id"]))
