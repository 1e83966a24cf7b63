"""`copro db`: the database schema, and SQLite backup and restore."""

from __future__ import annotations

import logging
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from bot.operations.database_location import NotSqlite, sqlite_file
from bot.operations.sqlite_backup import (
    DatabaseSummary,
    NotRestorable,
    TargetExists,
    backup,
    check_restorable,
    restore,
)
from config.settings import load_settings
from storage import current_revision, head_revision, upgrade

app = typer.Typer(help="The database.", no_args_is_help=True)
console = Console(soft_wrap=True, highlight=False)
errors = Console(stderr=True, soft_wrap=True, highlight=False)
log = logging.getLogger(__name__)


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


BackupFile = Annotated[Path, typer.Argument(help="Where to write the copy, e.g. copro-1-dec.db.")]
RestoreFile = Annotated[Path, typer.Argument(help="A copy made by `copro db backup`.")]


@app.command("backup")
def db_backup(
    file: BackupFile,
    force: bool = typer.Option(False, "--force", help="Overwrite FILE if it exists."),
) -> None:
    """Copy the SQLite database to FILE, consistently, even while the bot runs."""
    url = load_settings().database_url
    source = _sqlite_file_or_exit(url, "backup")
    if not source.exists():
        errors.print(f"There is no database at {source} to back up.", markup=False)
        raise typer.Exit(1)
    if file.resolve() == source:
        errors.print(f"{file} is the database itself; write the copy elsewhere.", markup=False)
        raise typer.Exit(1)
    try:
        summary = backup(source, file, force=force)
    except TargetExists:
        errors.print(f"{file} exists already; choose another name or add --force.", markup=False)
        raise typer.Exit(1) from None
    log.info("db.backup", extra={"size_bytes": summary.size_bytes, "revision": summary.revision})
    console.print(f"Backed up {source} to {summary.path}.", markup=False)
    _print_summary(summary)


@app.command("restore")
def db_restore(
    file: RestoreFile,
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
) -> None:
    """Replace the SQLite database with FILE (a safety copy of the current one is kept)."""
    url = load_settings().database_url
    live = _sqlite_file_or_exit(url, "restore")
    if file.resolve() == live:
        errors.print(f"{file} is the database itself; nothing to restore.", markup=False)
        raise typer.Exit(1)
    try:
        incoming = check_restorable(file)
    except NotRestorable as problem:
        errors.print(f"Not restored: {problem}", markup=False)
        errors.print("Nothing was changed.")
        raise typer.Exit(1) from None
    console.print(f"{file} is a Copro database:", markup=False)
    _print_summary(incoming)
    if not yes and not _confirmed(f"Replace {live} with it?"):
        errors.print("Not restored; nothing was changed.")
        raise typer.Exit(1)
    safety = restore(file, live, datetime.now(UTC))
    if safety is not None:
        console.print(f"The database as it was is kept in {safety}.", markup=False)
    head = head_revision()
    if incoming.revision != head:
        console.print(f"The copy is at revision {incoming.revision}; upgrading it to {head}...")
    upgrade(url)
    log.info("db.restore", extra={"revision": incoming.revision, "head": head})
    revision = current_revision(url)
    console.print(f"Restored {live} from {file}; it is at revision {revision}.", markup=False)
    console.print("Restart the bot, the scheduler and the NLP worker so they start afresh.")


def _sqlite_file_or_exit(url: str, action: str) -> Path:
    try:
        return sqlite_file(url, action)
    except NotSqlite as refusal:
        errors.print(refusal.hint, markup=False)
        raise typer.Exit(2) from None


def _confirmed(question: str) -> bool:
    # No terminal (CI, a pipe): never wait for an answer that cannot come.
    if not sys.stdin or not sys.stdin.isatty():
        errors.print("No terminal to confirm on: run again with --yes to restore.")
        return False
    return typer.confirm(question, default=False)


def _print_summary(summary: DatabaseSummary) -> None:
    counts = ", ".join(f"{count} {name}s" for name, count in summary.counts.items())
    size = f"{summary.size_bytes / 1024:.1f} KiB"
    console.print(f"  size {size}, revision {summary.revision or 'none'}")
    console.print(f"  {counts or 'no Copro tables'}")
