"""`copro db`: the database schema."""

from __future__ import annotations

import typer
from rich.console import Console

from config.settings import load_settings
from storage import current_revision, head_revision, upgrade

app = typer.Typer(help="The database.", no_args_is_help=True)
console = Console()


@app.command("upgrade")
def db_upgrade() -> None:
    """Create the database, or bring it up to the latest schema."""
    settings = load_settings()
    upgrade(settings.database_url)
    console.print(f"Database is at revision {current_revision(settings.database_url)}.")


@app.command("status")
def db_status() -> None:
    """Say which schema revision the database is at."""
    settings = load_settings()
    current, head = current_revision(settings.database_url), head_revision()
    state = "up to date" if current == head else f"behind (latest is {head})"
    console.print(f"Database revision: {current or 'none'}, {state}.")
