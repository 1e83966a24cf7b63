"""Staff command menus: each officer's and admin's own chat gets the commands their role has.

Telegram shows a chat's own menu (BotCommandScopeChat) before the default one, so staff see
their commands under the "/" button while residents see only theirs. The commands come from
the staff extensions themselves, so a new staff command joins the menu by itself (it needs
a `cmd_<name>` description in the catalogue). Menus are set at start, and again for one
person when their roles have changed since and they send /start or /help.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence

from bot.conversation.extensions import ChatExtension, may_use
from bot.messaging.api import ApiError, BotApi
from bot.security.log_pseudonyms import person_in_logs
from bot.services.roles import StaffRole
from bot.telegram.services import ChatServices

log = logging.getLogger(__name__)
LANGUAGES = ("en", "cy")


def commands_needing_roles(extensions: Sequence[ChatExtension]) -> dict[str, str]:
    """Every staff command (without its slash) and the role it needs, in the order asked."""
    found: dict[str, str] = {}
    for extension in extensions:
        for name, needed in extension.commands.items():
            found.setdefault(name.lstrip("/"), needed)
    return found


def staff_menu(
    everyone: Sequence[str], staff: Mapping[str, str], roles: frozenset[str]
) -> tuple[str, ...]:
    """Everyone's commands, then the staff commands these roles may use (admins: both)."""
    extra = [name for name, needed in staff.items()
             if may_use(roles, needed) and name not in everyone]  # fmt: skip
    return (*everyone, *extra)


def roles_by_user(grants: Iterable[StaffRole]) -> dict[int, frozenset[str]]:
    """Every staff member's roles, by Telegram user id."""
    found: dict[int, set[str]] = {}
    for grant in grants:
        found.setdefault(grant.user_id, set()).add(grant.role)
    return {user_id: frozenset(roles) for user_id, roles in found.items()}


class CommandMenus:
    """Sets the default menu and each staff member's own, in English and Welsh."""

    def __init__(
        self, api: BotApi, services: ChatServices, everyone: Sequence[str],
        staff: Mapping[str, str],
    ) -> None:  # fmt: skip
        self.api, self.services = api, services
        self.everyone, self.staff = tuple(everyone), dict(staff)
        self._set: dict[int, tuple[str, ...]] = {}
        """What each staff chat's menu was last set to by this process."""

    async def set_all(self) -> None:
        """At start: the default menu (it must work), then every staff member's (best effort:
        the bot starts, and answers with apologies, while the database is down)."""
        await self._set_menu(None, self.everyone)
        try:
            grants = await self.services.blocking(self.services.staff.roles.list,
                                                  self.services.staff.clock())  # fmt: skip
        except Exception:
            log.exception("staff_menu.roles_unreadable")
            return
        for user_id, roles in sorted(roles_by_user(grants).items()):
            await self._staff_menu(user_id, staff_menu(self.everyone, self.staff, roles))

    async def refresh(self, user_id: int) -> None:
        """One person's menu, if their roles changed since it was set (granted, revoked)."""
        roles = frozenset(await self.services.blocking(self.services.staff.roles.roles_of,
                                                       user_id))  # fmt: skip
        if not roles and user_id not in self._set:
            return  # a resident, as ever: the default menu is theirs
        names = staff_menu(self.everyone, self.staff, roles)
        if self._set.get(user_id) != names:
            await self._staff_menu(user_id, names)

    async def _staff_menu(self, user_id: int, names: tuple[str, ...]) -> None:
        try:  # someone who never opened the chat: Telegram says "chat not found"
            await self._set_menu(user_id, names)
        except ApiError as error:
            log.warning("staff_menu.not_set",
                        extra={"staff": person_in_logs(user_id), "error": str(error)})
            return
        self._set[user_id] = names

    async def _set_menu(self, chat_id: int | None, names: Sequence[str]) -> None:
        text = self.services.catalogue.text
        for language in LANGUAGES:
            listed = [(name, text(f"cmd_{name}", language)) for name in names]
            await self.api.set_commands(listed, None if language == "en" else language, chat_id)
