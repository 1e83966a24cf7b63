"""Staff command menus: each officer's and admin's own chat gets the commands their role has.

Telegram shows a chat's own menu (BotCommandScopeChat) before the default one, so staff see
their commands under the "/" button while residents see only theirs.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.conversation.extensions import may_use
from bot.services.roles import OFFICER, StaffRole

OFFICER_COMMANDS = ("rounds", "preview", "schedule", "open", "close", "progress", "results",
                    "export", "playback", "feedback", "cancel")  # fmt: skip
ADMIN_COMMANDS = ("2fa", "grant", "revoke", "erase", "purge", "export_personal", "unlock",
                  "recovery", "audit", "signout")  # fmt: skip


def staff_commands(roles: frozenset[str]) -> tuple[str, ...]:
    """The staff commands these roles may use, officers' first (admins have both)."""
    officer = OFFICER_COMMANDS if may_use(roles, OFFICER) else ()
    admin = ADMIN_COMMANDS if "admin" in roles else ()
    return officer + admin


def roles_by_user(grants: Iterable[StaffRole]) -> dict[int, frozenset[str]]:
    """Every staff member's roles, by Telegram user id."""
    found: dict[int, set[str]] = {}
    for grant in grants:
        found.setdefault(grant.user_id, set()).add(grant.role)
    return {user_id: frozenset(roles) for user_id, roles in found.items()}
