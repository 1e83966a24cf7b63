"""Admin features end to end: the real bot (aiogram, then PTB) polling the sandbox.

Like tests/e2e: each test gets a fresh SQLite database (copied from one migrated template)
with the shipped consultations imported, a sandbox on a free port and the bot polling it.
The bot's clock is moved by hand, so codes are computed with pyotp at the bot's own time.
"""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from admin_steps import SECRET_KEY, Admin, every_tap_answered

from bot.bootstrap import App
from bot.cli.bot_commands import import_shipped
from bot.sandbox import SandboxClient
from bot.services.roles import RoleService
from bot.telegram.runners import BotRunner
from config.settings import Settings
from storage import upgrade

FRAMEWORKS = ["aiogram", "ptb"]
STOP_TIMEOUT = 10.0
HTTP_TIMEOUT = 20.0
pytestmark = pytest.mark.e2e


class Clock:
    """The bot's clock: a weekday in December 2026, moved on by the test."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture(scope="session")
def database_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("admin-chat-template") / "copro.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 12, 2, 10, 0, 5, tzinfo=UTC))


@pytest.fixture
def database_url(tmp_path: Path, database_template: Path) -> str:
    database = tmp_path / "copro.db"
    shutil.copyfile(database_template, database)
    return f"sqlite:///{database}"


@pytest.fixture
def app(database_url: str, clock: Clock) -> Iterator[App]:
    settings = Settings(database_url=database_url, secret_key=SECRET_KEY)
    application = App(settings, clock=clock)
    application.migrate()
    import_shipped(application)
    yield application
    application.database.dispose()


@pytest.fixture
async def admin(
    sandbox: SandboxClient, bot: BotRunner, app: App, clock: Clock
) -> AsyncIterator[Admin]:
    """An admin (made so the way COPRO_ADMIN_IDS does), not yet enrolled, in English.

    Whatever the test did, every tap got an answer (no endless spinner).
    """
    user = await sandbox.create_user("Morgan", language_code="en")
    RoleService(app.unit_of_work).ensure_admins([int(user["id"])], clock())
    yield Admin(sandbox, int(user["id"]), app, clock)
    await every_tap_answered(sandbox)
