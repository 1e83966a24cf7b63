"""Findings 8 and 13: logged exceptions never carry SQL parameters or what someone wrote,
and staff Telegram ids reach the logs only as keyed pseudonyms."""

from __future__ import annotations

import ast
import io
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import BaseModel
from security_testkit import ADMIN, OFFICER, Clock, enrol
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, insert

from bot.logging_setup import make_handler
from bot.security.log_pseudonyms import person_in_logs, use_log_key
from bot.services.admin import AdminService
from bot.services.roles import RoleService

ANSWER = "ring Dewi on 07700 900123 about flat 3b"
ROOT = Path(__file__).resolve().parents[2]
LOG_CALLS = frozenset({"debug", "info", "warning", "error", "exception", "critical"})


@pytest.fixture
def logged() -> Iterator[list[io.StringIO]]:
    """What Copro's own handlers (JSON and plain) write, both at once."""
    streams = [io.StringIO(), io.StringIO()]
    handlers = [make_handler(True, streams[0]), make_handler(False, streams[1])]
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.INFO)
    for handler in handlers:
        root.addHandler(handler)
    try:
        yield streams
    finally:
        for handler in handlers:
            root.removeHandler(handler)
        root.setLevel(level)


def text_of(streams: list[io.StringIO]) -> str:
    return "\n".join(stream.getvalue() for stream in streams)


def a_database_error_about(answer: str) -> Exception:
    engine = create_engine("sqlite://")
    table = Table("answer", MetaData(), Column("id", Integer, primary_key=True),
                  Column("text", String, unique=True))
    table.metadata.create_all(engine)
    try:
        with engine.begin() as connection:
            connection.execute(insert(table), [{"text": answer}, {"text": answer}])
    except Exception as error:  # IntegrityError, with the answer among its parameters
        return error
    raise AssertionError("the insert should have failed")


def test_finding08_a_logged_sqlalchemy_error_carries_no_parameters(
    logged: list[io.StringIO],
) -> None:
    error = a_database_error_about(ANSWER)
    assert ANSWER in str(error)  # SQLAlchemy itself would have logged it
    try:
        raise RuntimeError("storing the answer failed") from error
    except RuntimeError:
        logging.getLogger("copro.test").exception("answer.store_failed")

    written = text_of(logged)
    assert "answer.store_failed" in written and "IntegrityError" in written
    assert "INSERT INTO answer" in written  # the statement, with placeholders, helps
    for leak in (ANSWER, "07700", "[parameters", "Dewi"):
        assert leak not in written


def test_finding08_a_refused_value_is_not_quoted_from_pydantic(
    logged: list[io.StringIO],
) -> None:
    class Reply(BaseModel):
        rating: int

    try:
        Reply(rating=ANSWER)  # type: ignore[arg-type]
    except ValueError:
        logging.getLogger("copro.test").exception("reply.invalid")
    written = text_of(logged)
    assert "ValidationError" in written and "rating" in written
    assert "07700" not in written


def test_finding13_staff_ids_are_logged_as_keyed_pseudonyms(
    logged: list[io.StringIO], admins: AdminService, roles: RoleService, clock: Clock
) -> None:
    use_log_key("the deployment's pseudonym key")
    device, _ = enrol(admins, roles, ADMIN, clock)
    admins.verify(ADMIN, device.code(clock()), clock())
    roles.grant(OFFICER, "officer", clock(), by=ADMIN)
    roles.revoke(OFFICER, "officer", clock(), by=ADMIN)
    logging.getLogger("copro.test").info("officer.command", extra={"user": OFFICER})

    written = text_of(logged)
    assert "role.granted" in written and "2fa.verified" in written
    for staff in (ADMIN, OFFICER):
        assert str(staff) not in written
        assert person_in_logs(staff) in written
    assert person_in_logs(ADMIN) != person_in_logs(OFFICER)


def _bare_ids(call: ast.Call) -> Iterator[str]:
    """Arguments of a log call that are a user id as it stands (not passed through
    person_in_logs): `user_id`, `ctx.user_id`, `by`..."""
    values = [*call.args[1:], *(k.value for k in call.keywords if k.arg != "extra")]
    for keyword in call.keywords:
        if keyword.arg == "extra" and isinstance(keyword.value, ast.Dict):
            values += keyword.value.values
    if call.args and isinstance(call.args[0], ast.JoinedStr):  # log.info(f"... {user_id}")
        values += [part.value for part in call.args[0].values
                   if isinstance(part, ast.FormattedValue)]
    for value in values:
        name = value.attr if isinstance(value, ast.Attribute) else getattr(value, "id", "")
        if name.endswith("user_id") or name in ("actor", "by", "admin_id", "officer_id"):
            yield ast.unparse(value)


def test_finding13_no_log_call_in_copro_passes_a_bare_user_id() -> None:
    found = []
    for path in sorted((ROOT / "bot").rglob("*.py")) + sorted((ROOT / "storage").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in LOG_CALLS
                    and getattr(node.func.value, "id", "") in ("log", "logger", "logging")):
                found += [f"{path.relative_to(ROOT)}:{node.lineno}: {bare}"
                          for bare in _bare_ids(node)]
    assert found == []


def test_finding08_a_crashing_command_logs_no_parameters(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.cli.crash import CoproApp

    crashing = CoproApp()

    @crashing.command()
    def store() -> None:
        raise a_database_error_about(ANSWER)

    monkeypatch.setattr(logging.getLogger(), "handlers", [])  # as at the very start
    with pytest.raises(SystemExit) as stopped:
        crashing([])
    written = capsys.readouterr().err
    assert stopped.value.code == 1
    assert "copro.crashed" in written and "IntegrityError" in written
    assert ANSWER not in written and "[parameters" not in written
