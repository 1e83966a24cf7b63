"""The sandbox's staff presets have their roles, their own "/" menu and a /help that lists
what their role can do (issue 16 item 3)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from officer_steps import Person, text_of

from bot.bootstrap import App
from bot.cli.sandbox_setup import grant_preset_roles, is_new_database, preset_role_warning
from bot.messaging.api import BadRequest
from bot.sandbox import PRESET_USERS, SandboxClient
from bot.telegram.runners import BotRunner
from bot.telegram.runtime import ChatRuntime
from bot.telegram.staff import staff_extensions
from bot.telegram.staff.menus import commands_needing_roles
from tests.support.telegram_fixtures import eventually

pytestmark = pytest.mark.e2e
RESIDENT, OFFICER, ADMIN = (int(PRESET_USERS[i]["id"]) for i in range(3))


@pytest.fixture
def staff(app: App) -> list[str]:
    """The sandbox's start: the Officer and Admin presets get their roles (before the bot)."""
    return grant_preset_roles(app, new_database=True)


def test_item03_the_sandbox_gives_the_staff_presets_their_roles(app: App) -> None:
    lines = grant_preset_roles(app, new_database=True)
    assert lines == [
        f"Officer: Owen Officer, id {OFFICER}, is an officer (copro role grant {OFFICER} officer)",
        f"Admin: Alex Admin, id {ADMIN}, is an admin (copro role grant {ADMIN} admin)",
    ]
    assert grant_preset_roles(app, new_database=False) == lines, "the next start says the same"
    assert app.roles.roles_of(OFFICER) == {"officer"}
    assert app.roles.roles_of(ADMIN) == {"admin"}
    assert app.roles.roles_of(RESIDENT) == set()
    assert preset_role_warning(app) == (
        f"Warning: users {OFFICER}, {ADMIN} hold the roles the sandbox gives its presets. If "
        f"this is not a sandbox database, take them away: copro role revoke {OFFICER} officer; "
        f"copro role revoke {ADMIN} admin"
    )


def test_item03_a_database_the_sandbox_did_not_make_only_gets_the_grant_lines(
    app: App, tmp_path: Path
) -> None:
    lines = grant_preset_roles(app, new_database=False)
    assert lines[0] == (f"Officer: Owen Officer, id {OFFICER}, has no role in this database; "
                        f"to try it: copro role grant {OFFICER} officer")  # fmt: skip
    assert app.roles.roles_of(OFFICER) == set() and app.roles.roles_of(ADMIN) == set()
    assert preset_role_warning(app) is None
    assert not is_new_database(app.settings.database_url)
    assert is_new_database(f"sqlite:///{tmp_path / 'not-yet.db'}")
    assert not is_new_database("postgresql+psycopg://u@h/copro")


def test_item03_every_staff_command_has_a_menu_description_in_english_and_welsh(
    app: App,
) -> None:
    staff = commands_needing_roles(staff_extensions(app.chat.staff))
    assert {"schedule", "2fa", "grant"} <= set(staff)
    for language in ("en", "cy"):
        missing = [name for name in staff if not app.catalogue.has(f"cmd_{name}", language)]
        assert missing == [], language


def menu(info: dict[str, object], chat_id: int | None, language: str = "") -> dict[str, str]:
    scope = {"type": "default"} if chat_id is None else {"type": "chat", "chat_id": chat_id}
    for entry in info["commands"]:  # type: ignore[attr-defined]
        if json.loads(entry["scope"]) == scope and entry["language_code"] == language:
            return {c["command"]: c["description"] for c in entry["commands"]}
    raise AssertionError(f"no menu for {scope} {language!r}")


async def test_item03_staff_get_their_own_command_menu(
    staff: list[str], sandbox: SandboxClient, bot: BotRunner
) -> None:
    info = await sandbox.bot_info()
    everyone, officer, admin = menu(info, None), menu(info, OFFICER), menu(info, ADMIN)
    assert "schedule" not in everyone and "help" in everyone
    assert {"help", "schedule", "results", "cancel"} <= set(officer)
    assert "grant" not in officer and "audit" not in officer
    assert {"help", "schedule", "2fa", "grant", "audit"} <= set(admin)
    assert officer["schedule"] == "Set when a round opens and closes"
    assert menu(info, OFFICER, "cy")["schedule"] == "Pennu pryd mae rownd yn agor ac yn cau"


class MenuApi:
    """Refuses the officer's chat, as Telegram refuses a chat the bot has never seen."""

    def __init__(self) -> None:
        self.menus: dict[tuple[int | None, str | None], list[str]] = {}

    async def set_commands(
        self, commands: list[tuple[str, str]], language: str | None, chat_id: int | None = None
    ) -> None:
        if chat_id == OFFICER:
            raise BadRequest("Bad Request: chat not found")
        self.menus[(chat_id, language)] = [name for name, _ in commands]


async def test_item03_a_staff_menu_telegram_refuses_does_not_stop_the_start(
    staff: list[str], app: App
) -> None:
    api = MenuApi()
    await ChatRuntime(app.chat, api).set_commands()  # type: ignore[arg-type]
    assert "grant" in api.menus[(ADMIN, None)] and "grant" in api.menus[(ADMIN, "cy")]
    assert "schedule" not in api.menus[(None, None)]
    assert (OFFICER, None) not in api.menus


async def test_item03_a_role_granted_later_reaches_the_menu_at_the_next_help(
    sandbox: SandboxClient, bot: BotRunner, app: App
) -> None:
    rhian = Person(sandbox, RESIDENT)
    await sandbox.create_user("Rhian", RESIDENT, "en")
    await rhian.command("help")
    await rhian.said()
    assert all(json.loads(m["scope"])["type"] == "default"
               for m in (await sandbox.bot_info())["commands"])  # fmt: skip

    app.roles.grant(RESIDENT, "officer", app.clock())
    await rhian.command("help")
    await rhian.said()
    await eventually_menu(sandbox, lambda info: "schedule" in menu(info, RESIDENT))
    app.roles.revoke(RESIDENT, "officer", app.clock())
    await rhian.command("start")
    await rhian.said()
    await eventually_menu(sandbox, lambda info: "schedule" not in menu(info, RESIDENT))


async def eventually_menu(sandbox: SandboxClient, ok: Callable[[dict[str, Any]], bool]) -> None:
    async def probe() -> bool | None:
        try:
            return ok(await sandbox.bot_info()) or None
        except AssertionError:
            return None

    await eventually(probe, "the menu to change", 5)


async def test_item03_help_lists_what_the_role_can_do(
    staff: list[str], sandbox: SandboxClient, bot: BotRunner, app: App
) -> None:
    people = {}
    for preset in PRESET_USERS[:3]:
        await sandbox.create_user(str(preset["first_name"]), int(preset["id"]), "en")
        person = people[int(preset["id"])] = Person(sandbox, int(preset["id"]))
        await person.command("help")
    resident, officer, admin = [text_of(await people[i].said()) for i in (RESIDENT, OFFICER, ADMIN)]
    assert resident == app.catalogue.text("help", "en")
    assert officer.startswith(resident) and "You are an officer" in officer
    assert "/schedule SLUG ROUND OPENS CLOSES" in officer and "/grant" not in officer
    assert "You are an admin" in admin and "/schedule" in admin and "/2fa" in admin

    await people[OFFICER].command("schedule")
    assert text_of(await people[OFFICER].said()) != app.catalogue.text("unknown_command", "en")
