"""Admins act on participants' data from the chat: erase one person, export with personal
data, purge a consultation after retention, and read the tamper-evident audit log."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import admin_steps as records
import pytest
from admin_steps import SECRET_KEY, Admin, Person, buttons, labels, text_of
from sqlalchemy import text
from typer.testing import CliRunner

from bot.bootstrap import App
from bot.cli.main import app as cli
from bot.sandbox import SandboxClient
from bot.security.pseudonyms import pseudonym, shortened

pytestmark = pytest.mark.e2e
SLUG = "victoria-park"
UNSAFE = "The paths by the pond are dark and there is nobody about."


async def resident_answers(sandbox: SandboxClient) -> Person:
    """A resident joins Victoria Park and answers the first five questions (one typed)."""
    resident = Person(sandbox, int((await sandbox.create_user("Alex", language_code="en"))["id"]))
    await resident.command("start", SLUG)
    await resident.reply()
    await resident.tap("I agree")
    await resident.reply()
    await resident.tap("Resident")
    await resident.edited()
    await resident.tap("About once a week")
    await resident.edited()
    for option in ("Walking", "Poor lighting"):
        await resident.tap(option)
        await resident.quiet()
        await resident.tap("Done")
        await resident.edited()
    await resident.tap("2")
    await resident.edited()
    await resident.type(UNSAFE)
    await resident.reply()
    return resident


async def test_req21_an_admin_erases_a_participant_who_answered_and_their_mydata_is_empty(
    admin: Admin, app: App, sandbox: SandboxClient
) -> None:
    resident = await resident_answers(sandbox)
    assert len(records.answer_rows(app, resident.user_id)) == 5
    await admin.enrol()
    who = pseudonym(app.pseudonym_key, SLUG, resident.user_id)

    # a confirmation first; "No" changes nothing and takes the buttons away
    await admin.command("erase", f"{who} {SLUG}")
    confirm = await admin.reply()
    assert text_of(confirm) == admin.t("admin_erase_confirm", pseudonym=shortened(who))
    assert labels(confirm) == [admin.t("admin_erase_yes"), admin.t("admin_cancel")]
    await admin.tap(admin.t("admin_cancel"))
    assert text_of(await admin.reply()) == admin.t("admin_cancelled")
    assert buttons(await admin.message(confirm["message_id"])) == []
    assert len(records.answer_rows(app, resident.user_id)) == 5

    # the pseudonym in any case, without the consultation: found and erased
    await admin.command("erase", who.upper())
    await admin.reply()
    await admin.tap(admin.t("admin_erase_yes"))
    assert text_of(await admin.reply()) == admin.t("admin_erased", pseudonym=shortened(who))
    assert records.answer_rows(app, resident.user_id) == []
    assert records.participant(app, resident.user_id) is None
    with app.reading() as uow:
        entry = uow.audit.latest(1)[0]
    assert (entry.action, entry.actor) == ("participant.erased", admin.user_id)

    await resident.command("mydata")
    mydata = await resident.reply()
    assert mydata["caption"] == app.catalogue.text("mydata_empty", "en")
    held = json.loads(await sandbox.download(mydata["files"][0]["file_id"]))
    assert not held["participant"]

    # erasing again finds nobody
    await admin.command("erase", f"{who} {SLUG}")
    await admin.reply()
    await admin.tap(admin.t("admin_erase_yes"))
    assert text_of(await admin.reply()) == admin.t("admin_erase_none", pseudonym=shortened(who))


async def test_req09_req20_an_admin_exports_personal_data_and_purges_only_after_retention(
    admin: Admin, app: App, sandbox: SandboxClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    resident = await resident_answers(sandbox)
    await admin.enrol()

    await admin.command("export_personal", f"{SLUG} jsonl")
    sent = await admin.reply()
    assert sent["kind"] == "document"
    rows = [
        json.loads(line)
        for line in (await sandbox.download(sent["files"][0]["file_id"])).decode().splitlines()
    ]
    assert sent["caption"] == admin.t("admin_export_caption", slug=SLUG, rows=len(rows))
    assert UNSAFE in [row["answer"] for row in rows]
    assert {row["participant"] for row in rows} == {
        pseudonym(app.pseudonym_key, SLUG, resident.user_id)
    }
    assert str(resident.user_id) not in json.dumps(rows)
    with app.reading() as uow:
        assert "export.personal_data" in [row.action for row in uow.audit.latest(3)]

    # rounds still open: nothing to purge, and no confirmation offered
    await admin.command("purge", SLUG)
    assert text_of(await admin.reply()) == admin.t("admin_purge_still_open", slug=SLUG)

    # a year after the last round closed: a new code, a confirmation, then the answers go
    records.set_round_state(app, SLUG, "discover", "closed")
    admin.clock.now = datetime(2028, 3, 1, 10, 0, 5, tzinfo=UTC)
    await admin.command("purge", SLUG)
    assert text_of(await admin.reply()) == admin.t("admin_code_needed")
    said = await admin.send_code(admin.code())
    assert text_of(said[1]) == admin.t("admin_purge_confirm", slug=SLUG)
    await admin.tap(admin.t("admin_purge_yes"))
    assert text_of(await admin.reply()) == admin.t("admin_purged", slug=SLUG, count=5)
    assert records.answer_rows(app, resident.user_id) == []
    with app.reading() as uow:
        assert uow.audit.latest(1)[0].action == "consultation.purged"


def copro(database_url: str, *args: str) -> tuple[int, str]:
    env = {"COPRO_DATABASE_URL": database_url, "COPRO_SECRET_KEY": SECRET_KEY}
    result = CliRunner().invoke(cli, list(args), env=env)
    return result.exit_code, result.output


async def test_req22_audit_shows_the_latest_entries_and_copro_audit_verify_finds_an_edit(
    admin: Admin, app: App, sandbox: SandboxClient, database_url: str
) -> None:
    officer = int((await sandbox.create_user("Olwen"))["id"])
    await admin.enrol()
    await admin.command("grant", f"{officer} officer")
    await admin.reply()

    await admin.command("audit", "4")
    shown = text_of(await admin.reply())
    lines = shown.splitlines()
    assert lines[0] == admin.t("admin_audit_header", count=4)
    by = admin.t("admin_audit_by_user", user_id=admin.user_id)
    assert f"role.granted ({by}) role=officer user={officer} via=chat" in lines[1]
    assert [line.split()[3] for line in lines[1:5]] == [
        "role.granted",
        "admin.verified",
        "admin.enrolled",
        "admin.enrolment_started",
    ]
    assert lines[-1] == admin.t("admin_audit_intact")

    code, output = copro(database_url, "audit", "verify")
    assert code == 0 and "chain intact" in output, output

    with app.reading() as uow:
        granted = uow.audit.latest(1)[0].id
    with app.database.begin() as connection:
        connection.execute(
            text("UPDATE audit_log SET detail = :detail WHERE id = :id"),
            {"detail": json.dumps({"user": 1, "role": "admin", "via": "chat"}), "id": granted},
        )
    code, output = copro(database_url, "audit", "verify")
    assert code == 1 and f"breaks at entry {granted}" in output, output

    await admin.command("audit")
    assert text_of(await admin.reply()).splitlines()[-1] == admin.t(
        "admin_audit_broken", entry=granted
    )
