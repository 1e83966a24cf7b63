"""An admin sets up two-step verification in the chat, then every protected command asks
for a code no older than 5 minutes; every failed code gets one reply (security.md 1-11)."""

from __future__ import annotations

import logging
import re

import pytest
from admin_steps import KEY, Admin, text_of

from bot.bootstrap import App
from bot.sandbox import SandboxClient
from bot.services.roles import RoleService

pytestmark = pytest.mark.e2e


def has_role(app: App, user_id: int, role: str) -> bool:
    return RoleService(app.unit_of_work).has_role(user_id, role)


def audit_actions(app: App) -> list[str]:
    with app.reading() as uow:
        return [row.action for row in reversed(uow.audit.latest(1000))]


async def test_req07_req09_req10_enrol_grant_and_step_up_after_five_minutes_deleting_codes(
    admin: Admin, app: App, sandbox: SandboxClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    officer = int((await sandbox.create_user("Olwen"))["id"])
    second = int((await sandbox.create_user("Rhys"))["id"])

    # QR sent, code typed, then the code message and the QR (with its key) are deleted
    enrolled = await admin.enrol()
    assert "otpauth://" not in text_of(enrolled.qr)
    assert admin.prompt() is None
    with app.reading() as uow:
        assert uow.anchors.get(admin.chat_id) is None
    assert audit_actions(app)[-3:] == [
        "admin.enrolment_started",
        "admin.enrolled",
        "admin.verified",
    ]

    # within 5 minutes of the code: no second code needed
    admin.clock.advance(minutes=2)
    await admin.command("grant", f"{officer} officer")
    assert text_of(await admin.reply()) == admin.t("admin_granted", user_id=officer, role="officer")
    assert has_role(app, officer, "officer")

    # more than 5 minutes later: the command waits for a code, then runs
    admin.clock.advance(minutes=3, seconds=1)
    await admin.command("grant", f"{second} admin")
    assert text_of(await admin.reply()) == admin.t("admin_code_needed")
    assert not has_role(app, second, "admin")
    assert admin.prompt() == ("2fa_stepup", {"command": "/grant", "argument": f"{second} admin"})
    code = admin.code()
    said = await admin.send_code(code)
    assert [text_of(m) for m in said] == [
        admin.t("admin_code_accepted"),
        admin.t("admin_granted_admin", user_id=second),
    ]
    assert has_role(app, second, "admin")
    assert admin.prompt() is None

    # req 11: nothing secret in any log record Copro writes (at any level), nor in any
    # record at INFO and above (the client libraries' own DEBUG output is theirs: PTB's
    # ExtBot logs each request's parameters at DEBUG, so COPRO_LOG_LEVEL must stay INFO)
    kept = [
        record
        for record in caplog.records
        if record.name.split(".")[0] in ("bot", "storage", "config") or record.levelno >= 20
    ]
    logged = "\n".join(f"{r.getMessage()} {vars(r)!r}" for r in kept)
    secrets = [enrolled.secret, enrolled.first_code, code, "otpauth", *enrolled.recovery_codes]
    for secret in secrets:
        assert secret not in logged
    assert any(record.getMessage().startswith("2fa.") for record in kept), "logs were captured"


async def test_req02_req05_a_replayed_code_wrong_and_malformed_codes_get_one_refusal(
    admin: Admin, app: App
) -> None:
    enrolled = await admin.enrol()
    refused = admin.t("admin_code_refused")
    await admin.command("signout")
    assert text_of(await admin.reply()) == admin.t("admin_signed_out")

    # the code that confirmed the device, again in the same 30 seconds: a replay
    await admin.command("audit")
    assert text_of(await admin.reply()) == admin.t("admin_code_needed")
    said = await admin.send_code(enrolled.first_code)
    assert [text_of(m) for m in said] == [refused, admin.t("admin_code_replayed")]
    assert "admin.code_replayed" in audit_actions(app)

    right_now = admin.code
    for attempt in (
        "000000" if right_now() != "000000" else "111111",  # wrong
        right_now().translate(str.maketrans("0123456789", "０１２３４５６７８９")),
        f"{right_now()[:3]} {right_now()[3:]}",  # a space inside
        "12345",
        "let me in",
    ):
        admin.clock.advance(seconds=40)  # past the back-off (2^(n-1) s after n failures)
        await admin.command("audit")
        assert text_of(await admin.reply()) == admin.t("admin_code_needed")
        said = await admin.send_code(attempt)
        assert [text_of(m) for m in said] == [refused], attempt

    # a right code, with spaces around it, is accepted and the command runs
    admin.clock.advance(seconds=40)
    await admin.command("audit", "3")
    await admin.reply()
    said = await admin.send_code(f"  {admin.code()} \n")
    assert text_of(said[0]) == admin.t("admin_code_accepted")
    assert text_of(said[1]).startswith(admin.t("admin_audit_header", count=3))


async def test_req08_a_recovery_code_stands_in_for_the_phone_once_and_new_ones_replace_them(
    admin: Admin, app: App
) -> None:
    enrolled = await admin.enrol()
    admin.clock.advance(minutes=6)
    await admin.command("recovery")
    assert text_of(await admin.reply()) == admin.t("admin_code_needed")
    said = await admin.send_code(enrolled.recovery_codes[0].lower())
    assert text_of(said[0]) == admin.t("admin_code_accepted")
    fresh = re.findall(r"\b[A-Z2-7]{4}(?:-[A-Z2-7]{4}){5}\b", text_of(said[1]))
    assert len(set(fresh)) == 10 and not set(fresh) & set(enrolled.recovery_codes)
    assert "admin.recovery_code_used" in audit_actions(app)
    assert audit_actions(app)[-1] == "admin.recovery_codes_regenerated"

    # the old set is gone
    admin.clock.advance(minutes=6)
    await admin.command("recovery")
    await admin.reply()
    said = await admin.send_code(enrolled.recovery_codes[1])
    assert [text_of(m) for m in said] == [admin.t("admin_code_refused")]


async def test_the_pending_setup_asks_for_the_code_again_and_an_enrolled_admin_is_told(
    admin: Admin,
) -> None:
    await admin.command("2fa")
    qr, _ask = await admin.replies(2)
    admin.secret = KEY.findall(text_of(qr))[0]
    right = admin.code()
    said = await admin.send_code(right[:5] + str((int(right[5]) + 1) % 10))
    assert [text_of(m) for m in said] == [admin.t("admin_code_refused"),
                                          admin.t("admin_enrol_try_again")]
    assert admin.prompt() == ("2fa_confirm", {}), "item 5: still waiting for the code"

    # still pending: /2fa asks for the code again, and the right one activates the device
    admin.clock.advance(seconds=40)
    await admin.command("2fa")
    assert text_of(await admin.reply()) == admin.t("admin_enrol_pending")
    assert admin.prompt() == ("2fa_confirm", {})
    said = await admin.send_code(admin.code())
    assert text_of(said[0]) == admin.t("admin_enrol_done")
    await admin.deleted(qr["message_id"])

    await admin.command("2fa")
    assert text_of(await admin.reply()) == admin.t("admin_enrol_already")
    typed = await admin.command("2fa", admin.code())  # a code on the command line
    assert text_of(await admin.reply()) == admin.t("admin_usage_2fa")
    await admin.deleted(typed)


async def test_item05_a_typo_during_set_up_keeps_the_prompt_and_the_next_code_works(
    admin: Admin, app: App
) -> None:
    await admin.command("2fa")
    qr, _ask = await admin.replies(2)
    found = KEY.search(text_of(qr))
    assert found is not None
    admin.secret = found[0]
    wrong = "000000" if admin.code() != "000000" else "111111"

    said = await admin.send_code(wrong)  # the typo is deleted from the chat
    assert [text_of(m) for m in said] == [admin.t("admin_code_refused"),
                                          admin.t("admin_enrol_try_again")]
    assert admin.prompt() is not None, "still waiting for the code"
    assert "admin.enrol_failed" in audit_actions(app)

    admin.clock.advance(seconds=31)  # past any back-off after the typo
    said = await admin.send_code(admin.code())  # read as a code, and deleted too
    assert text_of(said[0]) == admin.t("admin_enrol_done")
    assert admin.device_state().value == "enrolled"
