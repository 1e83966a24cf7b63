"""Officer features are for officers (and admins), in private chats, and nowhere else."""

from __future__ import annotations

import pytest
from officer_steps import TOWN_CENTRE, Officer, Person, buttons, eventually, text_of

from bot.bootstrap import App
from bot.sandbox import SandboxClient
from bot.services.roles import RoleService

pytestmark = pytest.mark.e2e
OFFICER_COMMANDS = [
    ("results", "victoria-park"), ("export", "victoria-park"), ("open", "victoria-park design"),
    ("playback", "victoria-park discover"), ("feedback", "victoria-park"), ("rounds", ""),
]


async def test_residents_get_the_unknown_command_reply(resident: Person, app: App) -> None:
    unknown = app.catalogue.text("unknown_command", "en")
    for name, args in OFFICER_COMMANDS:
        await resident.command(name, args)
        assert text_of(await resident.said()) == unknown, name
    await resident.command("consultations")
    assert "open now" in text_of(await resident.said()), "residents' own commands still work"


async def test_a_resident_file_is_not_imported(resident: Person, app: App) -> None:
    await resident.send_file("town-centre.yaml", TOWN_CENTRE.encode())
    reply = await resident.said()
    assert "town-centre" not in text_of(reply)
    with app.reading() as uow:
        assert uow.consultations.get("town-centre") is None


async def test_officer_commands_in_a_group_get_the_private_only_reply(
    officer: Officer, sandbox: SandboxClient, app: App
) -> None:
    group = await sandbox.create_group("Council team", [officer.user_id])
    chat_id = int(group["chat"]["id"])
    await sandbox.send_command(officer.user_id, "results", "victoria-park", chat_id=chat_id)

    async def reply() -> str | None:
        messages = await sandbox.bot_messages(chat_id)
        return text_of(messages[-1]) if messages else None

    said = await eventually(reply, "a reply in the group")
    assert said == app.catalogue.text("private_only", "en")
    assert not any(m["kind"] == "photo" for m in await sandbox.bot_messages(chat_id))


async def test_forged_and_stale_buttons_do_nothing_and_are_answered(
    officer: Officer, resident: Person, app: App
) -> None:
    offer = await officer.upload("town-centre.yaml", TOWN_CENTRE)
    data = buttons(offer)[0][1]
    assert data.startswith("o|i|")

    await resident.command("help")
    own = await resident.said()
    tap = await resident.tap_data(own, data)  # a resident forges the officer's button
    assert (await resident.answer_to(tap))["show_alert"] is True
    for forged in ("o|i|zzzzzz|yes", "o|x|000000|yes", "o|i|000000|yes", "o|" + "v" * 70):
        tap = await officer.tap_data(offer, forged)
        answer = await officer.answer_to(tap)
        assert answer.get("text") == officer.t("officer_tap_stale"), forged
    with app.reading() as uow:
        assert uow.consultations.get("town-centre") is None

    RoleService(app.unit_of_work).revoke(officer.user_id, "officer", app.clock())
    tap = await officer.tap_data(offer, data)
    assert (await officer.answer_to(tap))["show_alert"] is True
    with app.reading() as uow:
        assert uow.consultations.get("town-centre") is None, "a revoked officer cannot import"
