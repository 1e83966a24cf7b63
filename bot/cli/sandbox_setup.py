"""What `copro sandbox` sets up before it serves: the staff presets' roles, the state file.

The presets' ids are ordinary Telegram ids, so they get staff roles only in a database the
sandbox itself creates: anywhere else the start prints the grant lines instead, and `copro
run` warns if any preset holds a role.
"""

from __future__ import annotations

from pathlib import Path

from bot.bootstrap import App
from bot.sandbox import PRESET_USERS
from storage import backend_and_file

STATE_SUFFIX = ".sandbox.json"


def is_new_database(database_url: str) -> bool:
    """Whether starting now creates the database (an SQLite file that is not there yet)."""
    backend, file = backend_and_file(database_url)
    if backend != "sqlite":
        return False
    if not file:
        return True
    path = Path(file)
    return not path.exists() or path.stat().st_size == 0


def staff_presets() -> list[tuple[int, str, str]]:
    """The presets that stand for staff: id, role, and how the console names them."""
    return [(int(p["id"]), str(p["role"]), f"{p['label']}: {p['first_name']} {p['last_name']}")
            for p in PRESET_USERS if p.get("role")]  # fmt: skip


def grant_preset_roles(app: App, new_database: bool) -> list[str]:
    """In a database the sandbox just created, give the Officer and Admin presets their
    roles (audited as the command line). Returns one console line per preset: its id, its
    role, and the `copro role grant` that gives it (to copy, for them or anyone else)."""
    lines = []
    for user_id, role, who in staff_presets():
        if new_database:
            app.roles.grant(user_id, role, app.clock())
        grant = f"copro role grant {user_id} {role}"
        if app.roles.has_role(user_id, role):
            lines.append(f"{who}, id {user_id}, is an {role} ({grant})")
        else:
            lines.append(f"{who}, id {user_id}, has no role in this database; to try it: {grant}")
    return lines


def preset_role_warning(app: App) -> str | None:
    """For `copro run`: a warning when a sandbox preset's id holds a staff role."""
    held = [(user_id, role) for user_id, role, _ in staff_presets()
            if app.roles.has_role(user_id, role)]  # fmt: skip
    if not held:
        return None
    revoke = "; ".join(f"copro role revoke {user_id} {role}" for user_id, role in held)
    ids = ", ".join(str(user_id) for user_id, _ in held)
    return (f"Warning: users {ids} hold the roles the sandbox gives its presets. If this is "
            f"not a sandbox database, take them away: {revoke}")  # fmt: skip


def state_path(database_url: str) -> Path:
    """The sandbox's people and chats, beside an SQLite database (copro.db ->
    copro.sandbox.json); in the working folder for any other database."""
    _backend, file = backend_and_file(database_url)
    if file:
        database = Path(file)
        return database.with_name(database.stem + STATE_SUFFIX)
    return Path("copro" + STATE_SUFFIX)
