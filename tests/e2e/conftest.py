"""End-to-end fixtures: the real bot, on aiogram or PTB, polling the sandbox over HTTP.

Each test gets a fresh SQLite database (copied from one migrated template) with the shipped
consultations imported, a sandbox on a free port, and the bot polling it. The bot's own
rate limiter is opened wide so a whole round takes seconds, not minutes: Telegram's limits
are the sender's unit tests' business; here the sandbox's injected 429s test the retry.
"""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from e2e_resident import Resident, eventually

from bot.bootstrap import App
from bot.cli.bot_commands import import_shipped
from bot.sandbox import SandboxClient
from bot.telegram.runners import BotRunner
from config.settings import Settings
from storage import upgrade

FRAMEWORKS = ["aiogram", "ptb"]
STOP_TIMEOUT = 10.0
HTTP_TIMEOUT = 20.0
pytestmark = pytest.mark.e2e


class FrozenClock:
    """The bot's clock: a weekday in December 2026, moved by hand when a test needs it."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(scope="session")
def database_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file; each test copies it (migrating every time is slow)."""
    path = tmp_path_factory.mktemp("e2e-template") / "copro.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(datetime(2026, 12, 2, 10, 0, tzinfo=UTC))


@pytest.fixture
def app(tmp_path: Path, database_template: Path, clock: FrozenClock) -> Iterator[App]:
    """Copro on a fresh database, with victoria-park and library-services imported."""
    database = tmp_path / "copro.db"
    shutil.copyfile(database_template, database)
    settings = Settings(database_url=f"sqlite:///{database}", secret_key="e2e-test-key")
    application = App(settings, clock=clock)
    application.migrate()
    import_shipped(application)
    yield application
    application.database.dispose()


@pytest.fixture
async def resident(sandbox: SandboxClient, bot: BotRunner) -> AsyncIterator[Resident]:
    """A resident with an English Telegram, in a private chat with the bot.

    Whatever the test did, every button tap got an answerCallbackQuery (no endless spinner).
    """
    user = await sandbox.create_user("Alex", language_code="en")
    yield Resident(sandbox, int(user["id"]))
    await every_tap_answered(sandbox)


async def every_tap_answered(sandbox: SandboxClient) -> None:
    async def unanswered() -> list[dict[str, object]]:
        return [t for t in await sandbox.callback_answers() if not t["answered"]]

    async def none_left() -> bool | None:
        return True if not await unanswered() else None

    try:
        await eventually(none_left, "every tap to be answered")
    except AssertionError:
        pytest.fail(f"taps never answered (the spinner hangs): {await unanswered()}")
