"""Finding 11: the audit head is signed and kept outside the table, so `copro audit verify`
sees the last entries deleted and a chain rebuilt from the start."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
import typer
from security_testkit import OFFICER, SECRET_KEY, Clock
from sqlalchemy import Engine, text
from typer.testing import CliRunner

from bot.bootstrap import App
from bot.cli.admin_commands import audit_app
from config.settings import Settings
from storage import SqlUnitOfWork
from tests.support.keys import TEST_SECRET_KEY

runner = CliRunner()
cli = typer.Typer()
cli.add_typer(audit_app, name="audit")


@pytest.fixture
def head_file(tmp_path: Path) -> Path:
    return tmp_path / "audit-head.json"


@pytest.fixture
def app(database_url: str, head_file: Path, monkeypatch: pytest.MonkeyPatch) -> App:
    """The app as `copro` builds it, with three staff actions audited."""
    monkeypatch.setenv("COPRO_DATABASE_URL", database_url)
    monkeypatch.setenv("COPRO_SECRET_KEY", TEST_SECRET_KEY)
    monkeypatch.setenv("COPRO_AUDIT_HEAD_FILE", str(head_file))
    built = App(Settings(database_url=database_url, secret_key=TEST_SECRET_KEY,
                         audit_head_file=head_file))
    for user_id in (OFFICER, OFFICER + 1, OFFICER + 2):
        built.roles.grant(user_id, "officer", Clock()())
    return built


def verify() -> tuple[int, str]:
    result = runner.invoke(cli, ["audit", "verify"])
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.output


def test_finding11_each_append_signs_the_head_into_a_file_and_the_log(
    app: App, head_file: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    app.roles.grant(OFFICER + 3, "officer", Clock()())
    app.roles.grant(OFFICER + 4, "officer", Clock()())

    kept = json.loads(head_file.read_text(encoding="utf-8"))
    with app.unit_of_work() as uow:
        assert kept["entries"] == 5 and kept["last_hash"] == uow.audit.latest(1)[0].hash
    logged = [r for r in caplog.records if r.getMessage() == "audit.head"]
    assert [r.entries for r in logged] == [4, 5]  # type: ignore[attr-defined]
    assert logged[-1].signature == kept["signature"]  # type: ignore[attr-defined]
    code, output = verify()
    assert code == 0 and "OK: 5 entries" in output and "Matches the signed head" in output


def test_finding11_audit_verify_reports_truncation(app: App, engine: Engine) -> None:
    assert verify()[0] == 0
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_log WHERE id = (SELECT MAX(id) FROM audit_log)"))

    code, output = verify()
    assert code == 1 and "TRUNCATED" in output and "3 entries" in output


def test_finding11_audit_verify_reports_a_chain_rebuilt_from_the_start(
    app: App, engine: Engine
) -> None:
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_log"))
    with SqlUnitOfWork(engine) as uow:  # the attacker's copy: a whole, valid new chain
        for user_id in (1, 2, 3):
            uow.audit.append(None, "role.granted", {"user": user_id, "role": "officer"})
        uow.commit()
        assert uow.audit.verify() is None

    code, output = verify()
    assert code == 1 and "REWRITTEN" in output


def test_finding11_a_head_file_signed_with_another_key_is_refused(
    app: App, head_file: Path
) -> None:
    forged = json.loads(head_file.read_text(encoding="utf-8"))
    forged["entries"] = 2
    head_file.write_text(json.dumps(forged), encoding="utf-8")
    code, output = verify()
    assert code == 1 and "not signed with this key" in output


def test_finding11_a_sqlite_database_keeps_its_head_beside_it(tmp_path: Path) -> None:
    database = tmp_path / "council" / "copro.db"
    app = App(Settings(database_url=f"sqlite:///{database}", secret_key=SECRET_KEY))
    app.migrate()
    app.roles.grant(OFFICER, "officer", Clock()())
    assert (tmp_path / "council" / "copro.db.audit-head.json").exists()
    app.database.dispose()


def test_finding11_a_logged_head_catches_truncation_without_the_file(
    app: App, engine: Engine, head_file: Path
) -> None:
    kept = json.loads(head_file.read_text(encoding="utf-8"))
    logged = f"{kept['entries']}:{kept['last_hash']}:{kept['signature']}"
    head_file.unlink()  # deleted along with the last entry
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_log WHERE id = (SELECT MAX(id) FROM audit_log)"))

    assert "Note: no signed head" in verify()[1]
    result = runner.invoke(cli, ["audit", "verify", "--logged-head", logged])
    assert result.exit_code == 1 and "TRUNCATED" in result.output
    forged = f"2:{kept['last_hash']}:{kept['signature']}"
    result = runner.invoke(cli, ["audit", "verify", "--logged-head", forged])
    assert result.exit_code == 1 and "not signed" in result.output
