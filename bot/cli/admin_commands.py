"""`copro admin`, `copro role`, `copro keys`, `copro audit`: security from the command line.

The command line is trusted (whoever runs it holds the database and the key), so these
need no TOTP code; each action is still written to the audit log with no actor.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console

from bot.bootstrap import App, bootstrap
from bot.cli.audit_commands import audit_app as audit_app  # `copro audit`, mounted with these
from bot.security.keys import NEW_KEY_HINT, key_problem
from bot.services.admin import AdminService
from bot.services.admin_keys import CannotOpen, rotate_keys

admin_app = typer.Typer(help="Admins: add, unlock.", no_args_is_help=True)
role_app = typer.Typer(help="Staff roles: officer, admin.", no_args_is_help=True)
keys_app = typer.Typer(help="The key that seals 2FA secrets.", no_args_is_help=True)
console = Console()
errors = Console(stderr=True)


class Role(StrEnum):
    officer = "officer"
    admin = "admin"


UserId = Annotated[int, typer.Argument(help="The person's numeric Telegram user id.")]


@admin_app.command("add")
def admin_add(user_id: UserId) -> None:
    """Make USER_ID an admin; they must enrol (/2fa in a private chat) before acting."""
    app = bootstrap()
    added = app.roles.grant(user_id, Role.admin, app.clock())
    state = "is now an admin" if added else "was already an admin"
    console.print(f"User {user_id} {state}; admin commands work once they enrol with /2fa.")


@admin_app.command("unlock")
def admin_unlock(user_id: UserId) -> None:
    """Lift a 2FA lockout (an admin's or an officer's) after repeated failures."""
    app = bootstrap()
    if not _admins(app).unlock(user_id, app.clock()):
        errors.print(f"User {user_id} has no 2FA device to unlock.")
        raise typer.Exit(1)
    console.print(f"User {user_id} is unlocked.")


@role_app.command("grant")
def role_grant(user_id: UserId, role: Role) -> None:
    """Give USER_ID a role."""
    app = bootstrap()
    granted = app.roles.grant(user_id, role, app.clock())
    console.print(f"User {user_id} {'now has' if granted else 'already had'} role {role}.")


@role_app.command("revoke")
def role_revoke(user_id: UserId, role: Role) -> None:
    """Take a role away (an admin's 2FA device and recovery codes go too)."""
    app = bootstrap()
    if not app.roles.revoke(user_id, role, app.clock()):
        errors.print(f"User {user_id} does not have role {role}.")
        raise typer.Exit(1)
    console.print(f"User {user_id} no longer has role {role}.")


@role_app.command("list")
def role_list() -> None:
    """Every role granted, with who granted it and when."""
    app = bootstrap()
    grants = app.roles.list(app.clock())
    if not grants:
        console.print("No roles granted.")
    for grant in grants:
        by = "command line" if grant.granted_by is None else f"user {grant.granted_by}"
        at = grant.granted_at.isoformat(timespec="seconds")
        console.print(
            f"{grant.user_id}  {grant.role:<8} granted by {by} at {at}",
            highlight=False,
            soft_wrap=True,
        )


@keys_app.command("rotate")
def keys_rotate(
    new_key: Annotated[
        str,
        typer.Option(
            envvar=["COPRO_NEW_SEALING_KEY", "COPRO_NEW_SECRET_KEY"],
            prompt=True,
            hide_input=True,
            confirmation_prompt=True,
            help="The new sealing key (prefer the environment variable to the command line).",
        ),
    ],
    old_key: Annotated[
        str | None,
        typer.Option(
            envvar=["COPRO_OLD_SEALING_KEY", "COPRO_OLD_SECRET_KEY"],
            help="The current one: COPRO_SEALING_KEY, else COPRO_SECRET_KEY, by default.",
        ),
    ] = None,
) -> None:
    """Re-seal every 2FA secret under a new key, then set COPRO_SEALING_KEY to it.

    Pseudonyms and the webhook secret come from COPRO_SECRET_KEY, so they do not change."""
    app = bootstrap()
    old = old_key or app.keys.sealing
    if not new_key or new_key == old:
        errors.print("The new key must be set and differ from the old one.")
        raise typer.Exit(2)
    if weak := key_problem(new_key, "the new key"):
        errors.print(f"{weak}; make one with: {NEW_KEY_HINT}", markup=False)
        raise typer.Exit(2)
    try:
        with app.unit_of_work() as uow:
            count = rotate_keys(uow, old, new_key, app.clock())
            uow.commit()
    except CannotOpen:
        errors.print("A secret does not open with the old key; nothing was changed.")
        raise typer.Exit(1) from None
    console.print(f"Re-sealed {count} secret(s). Now set COPRO_SEALING_KEY to the new key.")
    console.print("COPRO_SECRET_KEY stays as it is: pseudonyms and the webhook secret keep.")


def _admins(app: App) -> AdminService:
    return app.admins
