"""Staff command menus: each officer's and admin's own chat gets the commands their role has.

Telegram shows a chat's own menu (BotCommandScopeChat) before the default one, so staff see
their commands under the "/" button while residents see only theirs. The commands come from
the staff extensions themselves, so a new staff command joins the menu by itself (it needs
a `cmd_<name>` description in the catalogue).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from bot.conversation.extensions import ChatExtension, may_use
from bot.services.roles import StaffRole


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
