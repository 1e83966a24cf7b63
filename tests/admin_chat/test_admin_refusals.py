"""Who may not use admin features, and what does not work: other people, group chats,
forged buttons, bad arguments. Nothing changes in any of these cases."""

from __future__ import annotations

from typing import Any

import pytest
from admin_steps import Admin, Person, answer_rows, text_of
from sqlmodel import select

from bot.bootstrap import App
from bot.sandbox import SandboxClient
from bot.security.pseudonyms import pseudonym
from bot.services.roles import RoleService
from bot.telegram.staff.admin import FOR_OFFICERS_TOO
from storage.tables.operations import AuditLogRow, ChatPromptRow
from storage.tables.security import AdminCredentialRow, StaffRoleRow

pytestmark = pytest.mark.e2e
SLUG = "victoria-park"


def state(app: App) -> dict[str, Any]:
    """Everything an admin command could change."""
    with app.reading() as uow:
        session = uow.session
        return {
            "roles": sorted(
                (r.telegram_user_id, r.role) for r in session.exec(select(StaffRoleRow))
            ),
            "audit": len(session.exec(select(AuditLogRow)).all()),
            "devices": sorted(
                (c.telegram_user_id, c.confirmed_at, c.pending_since, c.locked_at, c.verified_at)
                for c in session.exec(select(AdminCredentialRow))
            ),
            "prompts": len(session.exec(select(ChatPromptRow)).all()),
        }


def every_admin_command(admin_id: int, other: int) -> list[tuple[str, str]]:
    return [
        ("2fa", ""),
        ("2fa", "new"),
        ("grant", f"{other} admin"),
        ("revoke", f"{admin_id} admin"),
        ("erase", f"P-12345678 {SLUG}"),
        ("purge", SLUG),
        ("export_personal", SLUG),
        ("unlock", str(admin_id)),
        ("recovery", ""),
        ("audit", ""),
        ("admin", ""),
        ("signout", ""),
    ]


async def test_req14_people_without_the_admin_role_get_the_unknown_command_reply(
    admin: Admin, app: App, sandbox: SandboxClient
) -> None:
    resident = Person(sandbox, int((await sandbox.create_user("Alex"))["id"]))
    officer = Person(sandbox, int((await sandbox.create_user("Olwen"))["id"]))
    RoleService(app.unit_of_work).grant(officer.user_id, "officer", admin.clock.now)
    before = state(app)
    unknown = admin.t("unknown_command")
    for person in (resident, officer):
        # officers have a device too (finding 12): /2fa, /recovery and /signout are theirs
        commands = [(name, args) for name, args in every_admin_command(admin.user_id,
                                                                        person.user_id)
                    if person is resident or f"/{name}" not in FOR_OFFICERS_TOO]
        for name, args in commands:
            await person.command(name, args)
            assert text_of(await person.reply()) == unknown, (person.user_id, name)
        await person.quiet()
        assert len(await person.bot_messages()) == len(commands)
    assert state(app) == before


async def test_req14_admin_commands_in_a_group_get_the_private_only_reply(
    admin: Admin, app: App, sandbox: SandboxClient
) -> None:
    group = await sandbox.create_group("Council staff", [admin.user_id])
    chat = int(group["chat"]["id"])
    before = state(app)
    for name, args in every_admin_command(admin.user_id, 777):
        await sandbox.send_command(admin.user_id, name, args, chat_id=chat)
    said = await sandbox.wait_for_bot_messages(chat, 12, 8.0)
    assert [text_of(m) for m in said] == [admin.t("private_only")] * 12
    await admin.quiet()
    assert await admin.bot_messages() == []  # nothing in the private chat either
    assert state(app) == before


async def test_req13_forged_and_stale_buttons_are_refused_and_change_nothing(
    admin: Admin, app: App, sandbox: SandboxClient
) -> None:
    resident = Person(sandbox, int((await sandbox.create_user("Alex"))["id"]))
    await resident.command("start", SLUG)
    await resident.reply()
    await resident.tap("I agree")
    await resident.reply()
    await resident.tap("Resident")
    await resident.edited()
    await resident.tap("About once a week")
    await resident.edited()
    who = pseudonym(app.pseudonym_key, SLUG, resident.user_id)

    await admin.enrol()
    on = (await admin.bot_messages())[-1]["message_id"]
    before, answers = state(app), len(answer_rows(app, resident.user_id))
    stale = {"text": admin.t("admin_tap_stale"), "show_alert": True}
    forged = [
        "z|",
        "z|no|",
        "z|erase|P-123",
        f"z|erase|{who}|{SLUG}|x",
        f"z|erase|{who.upper()}|{SLUG}",
        f"z|erase|{who}|VICTORIA-PARK",
        f"z|erase|{who}|../etc",
        "z|purge|victoria park",
        "z|purge|" + "a" * 41,
        "z|purge|victoria-park\n",
        "z|purge|ｖictoria-park",
        "z|grant|1|admin",
    ]
    for data in forged:
        tapped = await admin.tap_data(on, data)
        assert await admin.answer_to(tapped) == stale, data
    await admin.quiet()
    assert state(app) == before

    # an officer's well-formed tap: refused on the server, not by the button
    officer = Person(sandbox, int((await sandbox.create_user("Olwen"))["id"]))
    RoleService(app.unit_of_work).grant(officer.user_id, "officer", admin.clock.now)
    await officer.command("help")
    await officer.reply()
    help_id = (await officer.bot_messages())[-1]["message_id"]
    tapped = await officer.tap_data(help_id, f"z|erase|{who}|{SLUG}")
    assert await officer.answer_to(tapped) == stale
    # someone with no role at all never reaches the admin features
    resident_message = (await resident.bot_messages())[-1]["message_id"]
    tapped = await resident.tap_data(resident_message, f"z|purge|{SLUG}")
    assert (await resident.answer_to(tapped))["text"] == admin.t("tap_unknown")

    # the admin's own well-formed tap, six minutes after the last code: a code first
    admin.clock.advance(minutes=6)
    before = state(app)
    tapped = await admin.tap_data(on, f"z|erase|{who}|{SLUG}")
    assert await admin.answer_to(tapped) == {"show_alert": False}
    assert await admin.new_texts() == [admin.t("admin_code_needed")]
    assert admin.prompt() == ("2fa_stepup", {"command": "/erase", "argument": f"{who} {SLUG}"})
    assert len(answer_rows(app, resident.user_id)) == answers
    assert state(app) == {**before, "prompts": before["prompts"] + 1}


async def test_roles_unlock_and_usage_replies(
    admin: Admin, app: App, sandbox: SandboxClient
) -> None:
    await admin.enrol()
    officer = int((await sandbox.create_user("Olwen"))["id"])
    other_admin = int((await sandbox.create_user("Rhys"))["id"])
    roles = RoleService(app.unit_of_work)
    roles.grant(officer, "officer", admin.clock.now)
    roles.grant(other_admin, "admin", admin.clock.now)

    before, sent = state(app), len(await admin.bot_messages())
    for name, args, usage in [
        ("grant", "@olwen officer", "admin_usage_grant"),
        ("grant", f"{officer} superuser", "admin_usage_grant"),
        ("grant", "-5 officer", "admin_usage_grant"),
        ("grant", "99999999999999999999 officer", "admin_usage_grant"),
        ("revoke", str(officer), "admin_usage_revoke"),
        ("erase", "Alex", "admin_usage_erase"),
        ("purge", "", "admin_usage_purge"),
        ("export_personal", f"{SLUG} pdf", "admin_usage_export"),
        ("unlock", "someone", "admin_usage_unlock"),
        ("audit", "500", "admin_usage_audit"),
    ]:
        await admin.command(name, args)
        assert text_of(await admin.reply()) == admin.t(usage), (name, args)
    await admin.quiet()
    assert len(await admin.bot_messages()) == sent + 10  # one reply per command
    assert state(app) == before

    await admin.command("revoke", f"{officer} officer")
    assert text_of(await admin.reply()) == admin.t("admin_revoked", user_id=officer, role="officer")
    assert not roles.has_role(officer, "officer")
    await admin.command("revoke", f"{officer} officer")
    assert text_of(await admin.reply()) == admin.t(
        "admin_revoke_none", user_id=officer, role="officer"
    )

    # another admin locked out after too many codes: unlocked from the chat, not by themselves
    with app.unit_of_work() as uow:
        uow.credentials.create(other_admin)
        uow.credentials.lock(other_admin, admin.clock.now)
        uow.commit()
    await admin.command("unlock", str(admin.user_id))
    assert text_of(await admin.reply()) == admin.t("admin_unlock_self")
    await admin.command("unlock", str(other_admin))
    assert text_of(await admin.reply()) == admin.t("admin_unlocked", user_id=other_admin)
    with app.reading() as uow:
        credential = uow.credentials.get(other_admin)
        assert credential is not None and credential.locked_at is None
        assert uow.audit.latest(1)[0].action == "admin.unlocked"

    # the last admin cannot be removed in the chat
    await admin.command("revoke", f"{other_admin} admin")
    await admin.reply()
    await admin.command("revoke", f"{admin.user_id} admin")
    assert text_of(await admin.reply()) == admin.t("admin_last_admin")
    assert roles.has_role(admin.user_id, "admin")

    # a locked-out admin is told so, and how to get unlocked
    with app.unit_of_work() as uow:
        uow.credentials.lock(admin.user_id, admin.clock.now)
        uow.commit()
    for name, args in (("2fa", ""), ("grant", f"{officer} officer"), ("audit", "")):
        await admin.command(name, args)
        assert text_of(await admin.reply()) == admin.t("admin_locked", user_id=admin.user_id)
    assert not roles.has_role(officer, "officer")


async def test_a_welsh_speaking_admin_is_answered_in_welsh(
    app: App, sandbox: SandboxClient, admin: Admin
) -> None:
    user = await sandbox.create_user("Eleri", language_code="cy")
    RoleService(app.unit_of_work).grant(int(user["id"]), "admin", admin.clock.now)
    welsh = Admin(sandbox, int(user["id"]), app, admin.clock)
    await welsh.command("admin")
    assert text_of(await welsh.reply()) == welsh.t("admin_help", "cy")
    await welsh.command("grant", "12345 officer")
    assert text_of(await welsh.reply()) == welsh.t("admin_enrol_first", "cy")
    await welsh.command("2fa")
    qr, ask = await welsh.replies(2)
    assert text_of(qr).startswith("Sganiwch y cod QR hwn")
    assert text_of(ask) == welsh.t("admin_enrol_ask_code", "cy")
    said = await welsh.send_code("１２３４５６")
    assert [text_of(m) for m in said] == [welsh.t("admin_code_refused", "cy"),
                                          welsh.t("admin_enrol_try_again", "cy")]
