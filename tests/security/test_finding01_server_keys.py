"""Finding 1: servers refuse a missing, weak or public key; one key per purpose, via HKDF;
every server binds 127.0.0.1 unless told otherwise. Finding 17: health servers too."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr
from typer.testing import CliRunner

from bot.cli import bot_commands, scheduler_commands
from bot.cli.main import app as copro
from bot.security.sealing import SecretBox
from tests.support.keys import TEST_SECRET_KEY

DEVELOPMENT_KEY = "copro-development-key-not-for-production"  # as published in the code
WEAK = {"missing": "", "development": DEVELOPMENT_KEY, "short": "hunter2-but-longer",
        "repeated": "a" * 64, "hex of 16 bytes": "0123456789abcdef" * 2}
runner = CliRunner()


@pytest.fixture
def served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Every server start, recorded instead of run; a throwaway database and token."""
    for name in ("COPRO_SECRET_KEY", "COPRO_SEALING_KEY", "COPRO_HOST", "COPRO_ADMIN_IDS",
                 "COPRO_METRICS_PORT", "COPRO_WEBHOOK_SECRET"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COPRO_DATABASE_URL", f"sqlite:///{tmp_path / 'copro.db'}")
    monkeypatch.setenv("COPRO_BOT_TOKEN", "123456:test-token")
    monkeypatch.chdir(tmp_path)  # no .env of the developer's
    calls: list[dict[str, Any]] = []

    async def serve(app: Any, framework: str, token: str, api_url: str, webhook: bool,
                    host: str, port: int, *rest: Any) -> None:
        calls.append({"host": host, "keys": app.keys})

    class FakeHost:
        def __init__(self, *args: Any, **kwargs: Any) -> None: ...

        async def run(self, stop: Any) -> bool:
            return True

    class FakeRunner:
        async def cleanup(self) -> None: ...

    async def start_ops_server(app: Any, host: str, port: int) -> tuple[FakeRunner, str]:
        calls.append({"host": host, "ops": True})
        return FakeRunner(), f"http://{host}:{port}"

    def serve_in_thread(app: Any, host: str, port: int) -> str:
        calls.append({"host": host, "ops": True})
        return f"http://{host}:{port}"

    monkeypatch.setattr(bot_commands, "_serve", serve)
    monkeypatch.setattr(scheduler_commands, "SchedulerHost", FakeHost)
    monkeypatch.setattr("bot.observability.ops_server.start_ops_server", start_ops_server)
    monkeypatch.setattr("bot.observability.ops_server.serve_in_thread", serve_in_thread)
    return calls


SERVERS = [["run"], ["scheduler", "--no-outbox"], ["nlp-worker", "--once"]]


@pytest.mark.parametrize("command", SERVERS, ids=lambda c: c[0])
@pytest.mark.parametrize("why", list(WEAK))
def test_finding01_long_running_commands_refuse_a_missing_weak_or_development_key(
    served: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch, command: list[str], why: str
) -> None:
    if WEAK[why]:
        monkeypatch.setenv("COPRO_SECRET_KEY", WEAK[why])
    result = runner.invoke(copro, command)
    assert result.exit_code == 2, result.output
    assert f"copro {command[0]} will not start: COPRO_SECRET_KEY" in result.output
    assert "secrets.token_urlsafe" in result.output  # says how to make one
    assert not served
    if WEAK[why]:
        assert WEAK[why] not in result.output


def test_finding01_run_refuses_the_development_key(
    served: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COPRO_SECRET_KEY", DEVELOPMENT_KEY)
    result = runner.invoke(copro, ["run", "--webhook"])
    assert result.exit_code == 2 and "the public development key" in result.output
    assert not served


def test_finding01_a_sound_key_starts_and_servers_bind_loopback_unless_told(
    served: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COPRO_SECRET_KEY", TEST_SECRET_KEY)
    assert runner.invoke(copro, ["run", "--webhook"]).exit_code == 0
    monkeypatch.setenv("COPRO_HOST", "0.0.0.0")  # compose.yaml sets this inside containers
    assert runner.invoke(copro, ["run"]).exit_code == 0
    assert runner.invoke(copro, ["run", "--host", "192.0.2.7"]).exit_code == 0
    assert [call["host"] for call in served] == ["127.0.0.1", "0.0.0.0", "192.0.2.7"]


def test_finding17_scheduler_and_nlp_worker_health_servers_bind_loopback(
    served: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COPRO_SECRET_KEY", TEST_SECRET_KEY)
    for command in (["scheduler", "--no-outbox"], ["nlp-worker", "--once"]):
        result = runner.invoke(copro, [*command, "--metrics-port", "9100"])
        assert result.exit_code == 0, result.output
    monkeypatch.setenv("COPRO_HOST", "0.0.0.0")
    assert runner.invoke(copro, ["nlp-worker", "--once", "--metrics-port", "9100"]).exit_code == 0
    told = ["scheduler", "--no-outbox", "--metrics-port", "9100", "--host", "192.0.2.7"]
    assert runner.invoke(copro, told).exit_code == 0
    assert [call["host"] for call in served] == ["127.0.0.1", "127.0.0.1", "0.0.0.0", "192.0.2.7"]


def test_finding01_try_keeps_the_development_key_and_says_so(
    served: list[dict[str, Any]], tmp_path: Path
) -> None:
    shipped = Path(__file__).resolve().parents[2] / "config/consultations/victoria-park.yaml"
    result = runner.invoke(copro, ["try", str(shipped)], input="quit\n")
    assert result.exit_code == 0, result.output
    assert "uses the public development key" in result.output


def test_finding01_each_purpose_has_its_own_key_and_rotating_sealing_keeps_pseudonyms() -> None:
    from bot.security.keys import KeyRing

    keys = KeyRing.derive(TEST_SECRET_KEY)
    separate = {keys.webhook, keys.audit.hex(), TEST_SECRET_KEY}
    assert len(separate) == 3, "no derived key is another, nor the root"
    assert keys.pseudonyms == TEST_SECRET_KEY, "pseudonyms keep their key: old exports match"
    rotated = KeyRing.derive(TEST_SECRET_KEY, sealing_key="a-new-sealing-key")
    assert rotated.pseudonyms == keys.pseudonyms and rotated.webhook == keys.webhook
    assert rotated.sealing != keys.sealing
    assert TEST_SECRET_KEY not in repr(keys) and keys.webhook not in repr(keys)


def test_finding01_pseudonyms_are_the_same_as_before_the_change() -> None:
    import hashlib
    import hmac

    from bot.bootstrap import App
    from bot.security.pseudonyms import pseudonym
    from config.settings import Settings

    app = App(Settings(database_url="sqlite://", secret_key=TEST_SECRET_KEY))
    old = hmac.new(TEST_SECRET_KEY.encode(), b"victoria-park:1001", hashlib.sha256).hexdigest()
    assert pseudonym(app.pseudonym_key, "victoria-park", 1001)[2:].startswith(old[:8])


def test_finding01_secrets_sealed_before_the_change_still_open() -> None:
    from bot.security.keys import KeyRing

    sealed_by_old_code = SecretBox(TEST_SECRET_KEY).seal(SecretStr("JBSWY3DPEHPK3PXP"), "admin:1")
    opened = SecretBox(KeyRing.derive(TEST_SECRET_KEY).sealing).open(sealed_by_old_code, "admin:1")
    assert opened.get_secret_value() == "JBSWY3DPEHPK3PXP"
