"""`copro doctor`: one line per check, a fix for each problem, exit 1 on any ✗, no secrets."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from click.testing import Result
from ops_testkit import SECRET_KEY, copro, sqlite_url

from bot.sandbox import SandboxServer
from storage import head_revision, upgrade

TOKEN = "424242:doctor-test-token-Zq7x"
WRONG_TOKEN = "424242:not-the-right-token-Kp9w"


@pytest.fixture
async def sandbox() -> AsyncIterator[SandboxServer]:
    server = SandboxServer(port=0, token=TOKEN)
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
def healthy(tmp_path: Path, sandbox: SandboxServer) -> dict[str, str]:
    """Settings for a machine where everything is right."""
    url = sqlite_url(tmp_path / "copro.db")
    upgrade(url)
    return {
        "COPRO_DATABASE_URL": url,
        "COPRO_SECRET_KEY": SECRET_KEY,
        "COPRO_BOT_TOKEN": TOKEN,
        "COPRO_TELEGRAM_API_URL": sandbox.url,
        "COPRO_NLP_MODEL": "blank:en",  # loads in a blink, and needs no model installed
    }


async def doctor(env: dict[str, str], *args: str) -> Result:
    # in a thread: the sandbox answers on this test's event loop meanwhile
    return await asyncio.to_thread(copro, ["--log-level", "DEBUG", "doctor", *args], env)


def line(result: Result, subject: str) -> str:
    """The line for one check, and its fix line if it has one."""
    lines = result.output.splitlines()
    for n, shown in enumerate(lines):
        if shown[2:].startswith(f"{subject}:"):
            has_fix = n + 1 < len(lines) and lines[n + 1].startswith("    fix:")
            return shown + ("\n" + lines[n + 1] if has_fix else "")
    raise AssertionError(f"no line for {subject}:\n{result.output}")


SUBJECTS = ("settings", "secret key", "bot token", "timezone", "database", "migrations",
            "Telegram", "spaCy model", "consultations")


async def test_a_healthy_setup_gets_a_tick_on_every_line_and_exit_0(
    healthy: dict[str, str],
) -> None:
    result = await doctor(healthy)
    assert result.exit_code == 0, result.output
    for subject in SUBJECTS:
        assert line(result, subject).startswith("✓"), result.output
    assert "bot @" in line(result, "Telegram")
    assert "blank:en" in line(result, "spaCy model")
    assert TOKEN not in result.output
    assert SECRET_KEY not in result.output


async def test_a_missing_secret_key_is_a_problem_with_a_fix(healthy: dict[str, str]) -> None:
    del healthy["COPRO_SECRET_KEY"]
    result = await doctor(healthy)
    assert result.exit_code == 1
    assert line(result, "secret key").startswith("✗ secret key: COPRO_SECRET_KEY is not set")
    assert "fix: set COPRO_SECRET_KEY" in line(result, "secret key")


async def test_a_short_secret_key_is_a_problem(healthy: dict[str, str]) -> None:
    result = await doctor({**healthy, "COPRO_SECRET_KEY": "short-key"})
    assert result.exit_code == 1
    assert "(9 characters), fewer than 32" in line(result, "secret key")
    assert "short-key" not in result.output


async def test_a_database_one_migration_behind_says_run_copro_db_upgrade(
    healthy: dict[str, str], tmp_path: Path
) -> None:
    behind = sqlite_url(tmp_path / "behind.db")
    upgrade(behind, "0003")
    result = await doctor({**healthy, "COPRO_DATABASE_URL": behind})
    assert result.exit_code == 1
    found = line(result, "migrations")
    assert found.startswith(f"✗ migrations: the database is at revision 0003, the latest is "
                            f"{head_revision()}")
    assert "fix: run `copro db upgrade`" in found
    assert line(result, "database").startswith("✓")


async def test_an_unreachable_telegram_is_reported_within_the_timeout(
    healthy: dict[str, str],
) -> None:
    with socket.socket() as probe:  # a port with nobody listening
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    result = await doctor({**healthy, "COPRO_TELEGRAM_API_URL": f"http://127.0.0.1:{closed}"})
    assert result.exit_code == 1
    found = line(result, "Telegram")
    assert found.startswith(f"✗ Telegram: cannot reach http://127.0.0.1:{closed}")
    assert "fix: check the network" in found and "--skip-telegram" in found
    assert TOKEN not in result.output


async def test_a_token_telegram_refuses_is_reported_without_printing_it(
    healthy: dict[str, str],
) -> None:
    result = await doctor({**healthy, "COPRO_BOT_TOKEN": WRONG_TOKEN})
    assert result.exit_code == 1
    found = line(result, "Telegram")
    assert "refused the token (401)" in found
    assert "fix: check COPRO_BOT_TOKEN" in found
    assert WRONG_TOKEN not in result.output
    assert WRONG_TOKEN.split(":")[1] not in result.output


async def test_a_malformed_token_is_a_problem_and_never_printed(healthy: dict[str, str]) -> None:
    malformed = "bot 424242:has spaces and\na newline"
    result = await doctor({**healthy, "COPRO_BOT_TOKEN": malformed})
    assert result.exit_code == 1
    assert "not shaped like a token" in line(result, "bot token")
    assert line(result, "Telegram").startswith("! Telegram: not checked")
    assert "has spaces" not in result.output


async def test_skip_telegram_leaves_telegram_unchecked_as_a_warning(
    healthy: dict[str, str],
) -> None:
    offline = {**healthy, "COPRO_TELEGRAM_API_URL": "http://127.0.0.1:9"}
    result = await doctor(offline, "--skip-telegram")
    assert result.exit_code == 0, result.output
    assert line(result, "Telegram") == "! Telegram: not checked (--skip-telegram)"


async def test_invalid_settings_are_listed_in_plain_words_and_the_other_checks_still_run(
    healthy: dict[str, str],
) -> None:
    result = await doctor({**healthy, "COPRO_TIMEZONE": "Mars/Olympus_Mons",
                           "COPRO_QUIET_HOURS_START": "25"})
    assert result.exit_code == 1
    found = line(result, "settings")
    assert "COPRO_TIMEZONE: unknown time zone 'Mars/Olympus_Mons'" in found
    assert "COPRO_QUIET_HOURS_START: Input should be less than or equal to 23" in found
    assert line(result, "timezone").startswith("✗ timezone")
    assert line(result, "database").startswith("✓")


async def test_a_model_that_is_not_installed_is_a_problem(healthy: dict[str, str]) -> None:
    result = await doctor({**healthy, "COPRO_NLP_MODEL": "en_core_web_nonexistent"})
    assert result.exit_code == 1
    found = line(result, "spaCy model")
    assert found.startswith("✗ spaCy model: cannot load 'en_core_web_nonexistent'")
    assert "fix: install it" in found


async def test_an_invalid_consultation_file_is_named_with_its_first_problem(
    healthy: dict[str, str], tmp_path: Path
) -> None:
    folder = tmp_path / "consultations"
    folder.mkdir()
    (folder / "broken.yaml").write_text("slug: Not A Slug\n")
    result = await doctor({**healthy, "COPRO_CONSULTATIONS_DIR": str(folder)})
    assert result.exit_code == 1
    found = line(result, "consultations")
    assert found.startswith("✗ consultations: broken.yaml:")
    assert "copro consultation validate" in found


async def test_an_unreachable_database_is_a_problem_without_its_password(
    healthy: dict[str, str],
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    url = f"postgresql+psycopg://copro:hunter2-secret@127.0.0.1:{closed}/copro"
    result = await doctor({**healthy, "COPRO_DATABASE_URL": url})
    assert result.exit_code == 1
    found = line(result, "database")
    assert found.startswith(f"✗ database: cannot reach postgresql+psycopg://copro:***@127.0.0.1:"
                            f"{closed}/copro")
    assert "fix: check COPRO_DATABASE_URL" in found
    assert line(result, "migrations").startswith("! migrations: not checked")
    assert "hunter2" not in result.output


async def test_falling_back_to_blank_english_is_a_warning_not_a_problem(
    healthy: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import nlp.pipeline

    monkeypatch.setattr(nlp.pipeline, "default_model", lambda: nlp.pipeline.BLANK)
    del healthy["COPRO_NLP_MODEL"]
    result = await doctor(healthy)
    assert result.exit_code == 0, result.output
    found = line(result, "spaCy model")
    assert found.startswith("! spaCy model: no model installed: using blank:en")
    assert "fix: pip install -r config/requirements-model.txt" in found


@pytest.mark.postgres
async def test_a_migrated_postgresql_database_is_reachable_and_at_the_latest_revision(
    healthy: dict[str, str], postgres_url: str
) -> None:
    upgrade(postgres_url)
    result = await doctor({**healthy, "COPRO_DATABASE_URL": postgres_url})
    assert result.exit_code == 0, result.output
    assert line(result, "database").startswith("✓ database: reachable at postgresql")
    assert line(result, "migrations") == f"✓ migrations: at the latest revision ({head_revision()})"


async def test_a_library_error_that_quotes_the_token_is_printed_without_it(
    healthy: dict[str, str],
) -> None:
    # urllib rejects a URL with a space, quoting the whole path: /api path/bot<token>/getMe
    result = await doctor({**healthy, "COPRO_TELEGRAM_API_URL": "http://127.0.0.1:9/api path"})
    assert result.exit_code == 1
    found = line(result, "Telegram")
    assert "/bot[hidden]/getMe" in found
    assert TOKEN not in result.output
    assert TOKEN.split(":")[1] not in result.output


async def test_item11_a_sandbox_install_passes_doctor_sandbox(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # a fresh folder: no .env here
    env = {"COPRO_DATABASE_URL": sqlite_url(tmp_path / "copro.db"),
           "COPRO_NLP_MODEL": "blank:en", "COPRO_SECRET_KEY": "", "COPRO_BOT_TOKEN": ""}
    result = await doctor(env, "--sandbox")
    assert result.exit_code == 0, result.output
    assert line(result, "secret key").startswith("✓ secret key: not set: copro sandbox")
    assert line(result, "bot token").startswith("✓ bot token: not needed")
    assert "there is no .env file here" in line(result, "settings")

    for_run = await doctor(env, "--skip-telegram")  # what copro run needs is still checked
    assert for_run.exit_code == 1
    assert "copro doctor --sandbox" in line(for_run, "secret key")
