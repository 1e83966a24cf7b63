"""`copro admin`, `role`, `keys`, `audit` from the command line, and the audit chain (req 22)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import typer
from security_testkit import ADMIN, OFFICER, SECRET_KEY, Clock, UowFactory, enrol
from sqlalchemy import Engine, text
from typer.testing import CliRunner

from bot.cli.admin_commands import admin_app, audit_app, keys_app, role_app
from bot.security import throttling
from bot.security.sealing import CannotOpen, SecretBox
from bot.services.admin import AdminService, Check, secret_context
from bot.services.roles import RoleService

NEW_KEY = "rotated-key-for-the-cli-test-" + "7Qm2xZ9pLw4vR8tK1nB6yC3hF5jD0sG"
runner = CliRunner()

cli = typer.Typer()
cli.add_typer(admin_app, name="admin")
cli.add_typer(role_app, name="role")
cli.add_typer(keys_app, name="keys")
cli.add_typer(audit_app, name="audit")


@pytest.fixture(autouse=True)
def _environment(database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPRO_DATABASE_URL", database_url)
    monkeypatch.setenv("COPRO_SECRET_KEY", SECRET_KEY)
    for name in ("COPRO_NEW_SECRET_KEY", "COPRO_OLD_SECRET_KEY", "COPRO_ADMIN_IDS"):
        monkeypatch.delenv(name, raising=False)


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(cli, list(args))
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.output


def test_admin_add_makes_an_admin_who_must_enrol(roles: RoleService) -> None:
    code, output = run("admin", "add", str(ADMIN))
    assert code == 0 and "is now an admin" in output and "/2fa" in output
    assert roles.has_role(ADMIN, "admin")
    assert "already an admin" in run("admin", "add", str(ADMIN))[1]


def test_role_grant_revoke_and_list() -> None:
    assert run("role", "grant", str(OFFICER), "officer")[0] == 0
    code, listed = run("role", "list")
    assert code == 0 and f"{OFFICER}  officer  granted by command line at " in listed
    assert run("role", "grant", str(OFFICER), "emperor")[0] == 2
    assert run("role", "revoke", str(OFFICER), "officer")[0] == 0
    assert run("role", "revoke", str(OFFICER), "officer")[0] == 1
    assert "No roles granted." in run("role", "list")[1]


def test_req04_admin_unlock_from_the_command_line(
    admins: AdminService, roles: RoleService, clock: Clock
) -> None:
    device, _ = enrol(admins, roles, ADMIN, clock)
    for i in range(throttling.LOCK_AFTER):
        clock.advance(throttling.backoff(i).total_seconds())
        admins.verify(ADMIN, device.wrong_code(clock()), clock())
    assert admins.verify(ADMIN, device.code(clock()), clock()).check is Check.LOCKED

    code, output = run("admin", "unlock", str(ADMIN))

    assert code == 0 and "unlocked" in output
    assert admins.verify(ADMIN, device.code(clock()), clock()).accepted
    assert run("admin", "unlock", str(OFFICER))[0] == 1


def test_req06_keys_rotate_reseals_every_secret(
    admins: AdminService, roles: RoleService, clock: Clock, new_uow: UowFactory, engine: Engine
) -> None:
    device, _ = enrol(admins, roles, ADMIN, clock)

    code, output = run("keys", "rotate", "--new-key", NEW_KEY)

    assert code == 0 and "Re-sealed 1 secret(s)" in output
    assert NEW_KEY not in output
    with engine.connect() as connection:
        sealed = connection.execute(text("SELECT secret FROM admin_credential")).scalar_one()
    with pytest.raises(CannotOpen):
        SecretBox(SECRET_KEY).open(sealed, secret_context(ADMIN))
    assert AdminService(new_uow, NEW_KEY).verify(ADMIN, device.code(clock()), clock()).accepted


def test_req06_keys_rotate_reads_the_keys_from_the_environment(
    admins: AdminService, roles: RoleService, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    enrol(admins, roles, ADMIN, clock)
    monkeypatch.setenv("COPRO_OLD_SECRET_KEY", "not-the-old-key")
    monkeypatch.setenv("COPRO_NEW_SECRET_KEY", NEW_KEY)

    code, output = run("keys", "rotate")

    assert code == 1 and "nothing was changed" in output
    monkeypatch.setenv("COPRO_OLD_SECRET_KEY", SECRET_KEY)
    assert run("keys", "rotate")[0] == 0


def test_req22_audit_verify_passes_on_an_untouched_chain(roles: RoleService, clock: Clock) -> None:
    roles.grant(OFFICER, "officer", clock())
    roles.grant(ADMIN, "admin", clock())

    code, output = run("audit", "verify")

    assert code == 0 and "OK: 2 entries" in output


def test_req22_audit_verify_names_the_entry_edited_with_raw_sql(
    roles: RoleService, clock: Clock, engine: Engine, new_uow: UowFactory
) -> None:
    for user_id in (OFFICER, OFFICER + 1, OFFICER + 2):
        roles.grant(user_id, "officer", clock())
    with new_uow() as uow:
        middle = uow.audit.latest(3)[1].id
    with engine.begin() as connection:
        connection.execute(text("UPDATE audit_log SET actor = 1 WHERE id = :id"), {"id": middle})

    code, output = run("audit", "verify")

    assert code == 1 and f"breaks at entry {middle}" in output


def test_req22_audit_export_jsonl_and_csv(roles: RoleService, clock: Clock, tmp_path: Path) -> None:
    roles.grant(OFFICER, "officer", clock())
    roles.grant(ADMIN, "admin", clock())

    assert run("audit", "export", "--out", str(tmp_path / "audit.jsonl"))[0] == 0
    assert run("audit", "export", "--out", str(tmp_path / "audit.csv"))[0] == 0

    lines = (tmp_path / "audit.jsonl").read_text(encoding="utf-8").splitlines()
    entries = [json.loads(line) for line in lines]
    assert [e["action"] for e in entries] == ["role.granted", "role.granted"]
    assert entries[1]["prev_hash"] == entries[0]["hash"]
    assert entries[0]["detail"] == {"role": "officer", "user": OFFICER, "via": "command line"}
    with (tmp_path / "audit.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["action"] for r in rows] == ["role.granted", "role.granted"]
    assert json.loads(rows[1]["detail"])["role"] == "admin"
    assert rows[0]["hash"] == entries[0]["hash"]
