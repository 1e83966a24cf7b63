"""`copro doctor`: check settings, database, migrations, Telegram, the model and the files."""

from __future__ import annotations

import logging

import typer

from bot.cli.wording import counted
from bot.operations.doctor_checks import diagnose, secrets_to_hide
from bot.operations.findings import Status, scrub

log = logging.getLogger(__name__)


def doctor(
    skip_telegram: bool = typer.Option(
        False, "--skip-telegram", help="Do not try to reach Telegram (a machine offline)."
    ),
    sandbox: bool = typer.Option(
        False, "--sandbox", help="Check what copro sandbox needs: no token, no key, no Telegram."
    ),
) -> None:
    """Check that this machine can run Copro, and say what to fix (exit 1 on any ✗)."""
    hidden = secrets_to_hide()
    counts = dict.fromkeys(Status, 0)
    for finding in diagnose(skip_telegram=skip_telegram, sandbox=sandbox):
        counts[finding.status] += 1
        typer.echo(scrub(f"{finding.status} {finding.subject}: {finding.detail}", hidden))
        if finding.fix and finding.status != Status.OK:
            typer.echo(scrub(f"    fix: {finding.fix}", hidden))
    problems, warnings = counts[Status.PROBLEM], counts[Status.WARNING]
    log.info("doctor.finished", extra={"problems": problems, "warnings": warnings})
    if problems:
        typer.echo(f"{counted(problems, 'problem')} to fix, {counted(warnings, 'warning')}.")
        raise typer.Exit(1)
    typer.echo(f"No problems found ({counted(warnings, 'warning')}).")
