"""What `copro sandbox` sets up before it serves: the staff presets' roles, the state file."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import make_url

from bot.bootstrap import App
from bot.sandbox import PRESET_USERS

STATE_SUFFIX = ".sandbox.json"


def grant_preset_roles(app: App) -> list[str]:
    """Give the Officer and Admin presets their roles (audited as the command line).

    Returns one line per preset for the console: who, their id, and the grant it stands
    for, so the same can be done by hand for anyone else."""
    lines = []
    for preset in PRESET_USERS:
        role = preset.get("role")
        if role is None:
            continue
        user_id = int(preset["id"])
        app.roles.grant(user_id, str(role), app.clock())
        name = f"{preset['first_name']} {preset['last_name']}"
        grant = f"copro role grant {user_id} {role}"
        lines.append(f"{preset['label']}: {name}, id {user_id}, is an {role} ({grant})")
    return lines


def state_path(database_url: str) -> Path:
    """The sandbox's people and chats, beside an SQLite database (copro.db ->
    copro.sandbox.json); in the working folder for any other database."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        database = Path(url.database)
        return database.with_name(database.stem + STATE_SUFFIX)
    return Path("copro" + STATE_SUFFIX)
