"""`copro scheduler`, `copro round open|close|schedule`, `copro progress`: rounds over time."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from datetime import datetime

import typer
from rich.console import Console
from rich.table import Table

from bot.bootstrap import App, bootstrap
from bot.broadcast import broadcast_progress
from bot.cli.server_keys import settings_for_server
from bot.scheduling import (
    LocalTimeInvalid,
    RoundChange,
    RoundNotFound,
    RoundNotReady,
    SchedulerHost,
    parse_local,
)
from bot.services.consultations import ConsultationNotFound

round_app = typer.Typer(help="Open, close and schedule rounds.", no_args_is_help=True)
console = Console(highlight=False)
errors = Console(stderr=True, highlight=False)
log = logging.getLogger(__name__)


def scheduler(
    wait: bool = typer.Option(
        True, "--wait/--no-wait",
        help="When another scheduler holds the lock, wait to take over (or exit at once).",
    ),
    outbox: bool = typer.Option(
        True, "--outbox/--no-outbox",
        help="Also send the outbox: notices, reminders, parked replies (needs COPRO_BOT_TOKEN).",
    ),
    metrics_port: int = typer.Option(
        None, help="Serve /healthz and /metrics on this port (else COPRO_METRICS_PORT)."
    ),
    host: str = typer.Option(None, help="Address for them (else COPRO_HOST, 127.0.0.1)."),
) -> None:
    """Run the scheduler in a process of its own: exactly one per deployment.

    Opens, reminds and closes rounds on time, runs retention, and sends the outbox at
    COPRO_BROADCAST_RATE. A PostgreSQL advisory lock (a lock file with SQLite) makes a
    second copy wait until the first stops. Needs COPRO_SECRET_KEY.
    """
    app = bootstrap(settings_for_server("scheduler"))
    ops_port = metrics_port if metrics_port is not None else app.settings.metrics_port
    led = asyncio.run(_run_scheduler(app, wait, outbox, ops_port, host or app.settings.host))
    if not led:
        console.print("Another copro scheduler is running (it holds the lock). Nothing to do.")


async def _run_scheduler(
    app: App, wait: bool, outbox: bool, metrics_port: int | None, ops_host: str
) -> bool:
    runner = None
    sender = None
    token = app.settings.bot_token.get_secret_value()
    if outbox and token:
        from bot.telegram.runners import make_runner

        runner = make_runner(app.chat, app.settings.framework, token, app.settings.telegram_api_url)
        sender = runner.runtime.sender
    elif outbox:
        console.print("No COPRO_BOT_TOKEN: scheduling only; the outbox waits for a sender.")
    host = SchedulerHost(app, sender=sender, retention=app.run_retention, wait=wait)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    console.print("copro scheduler: starting (Ctrl+C to stop).")
    ops_runner = None
    if metrics_port is not None:
        from bot.observability.ops_server import start_ops_server

        ops_runner, ops_url = await start_ops_server(app, ops_host, metrics_port)
        console.print(f"Health and metrics: {ops_url}/healthz {ops_url}/metrics")
    try:
        return await host.run(stop)
    finally:
        if runner is not None:
            await runner.close()
        if ops_runner is not None:
            await ops_runner.cleanup()


@round_app.command("open")
def open_round(
    slug: str,
    round_key: str = typer.Argument(..., metavar="ROUND", help="The round's key."),
) -> None:
    """Open a round now and queue a notice to everyone enrolled."""
    app = bootstrap()
    change = _change(lambda r: r.open_round(slug, round_key, app.clock(), by="cli"), app)
    if not change.changed:
        console.print(f"Round {round_key} of {slug} is open already. Nothing sent.")
        return
    console.print(
        f"Opened round {round_key} of {slug}. Queued {change.queued} notices; the running "
        "bot (or copro scheduler) sends them."
    )


@round_app.command("close")
def close_round(
    slug: str,
    round_key: str = typer.Argument(..., metavar="ROUND", help="The round's key."),
) -> None:
    """Close a round now; notices and reminders not yet sent are cancelled."""
    app = bootstrap()
    change = _change(lambda r: r.close_round(slug, round_key, app.clock(), by="cli"), app)
    if not change.changed:
        console.print(f"Round {round_key} of {slug} is closed already.")
        return
    console.print(f"Closed round {round_key} of {slug}. Cancelled {change.cancelled} unsent.")


@round_app.command("schedule")
def schedule_round(
    slug: str,
    round_key: str = typer.Argument(..., metavar="ROUND", help="The round's key."),
    opens: str = typer.Argument(..., help="When it opens, e.g. '2027-03-01 09:00' (local)."),
    closes: str = typer.Argument(..., help="When it closes, e.g. '2027-03-29 17:00' (local)."),
) -> None:
    """Set when a round opens and closes, in COPRO_TIMEZONE (or with an explicit offset)."""
    app = bootstrap()
    zone = app.settings.zone
    try:
        opens_at, closes_at = parse_local(opens, zone), parse_local(closes, zone)
    except LocalTimeInvalid as invalid:
        errors.print(str(invalid))
        raise typer.Exit(1) from None
    _change(lambda r: r.schedule_round(slug, round_key, opens_at, closes_at, app.clock()), app)
    console.print(
        f"Round {round_key} of {slug} opens {_local(opens_at, app)} and closes "
        f"{_local(closes_at, app)} ({app.settings.timezone})."
    )


def progress(slug: str) -> None:
    """How a consultation's notices and reminders are going: sent, waiting, not sent."""
    app = bootstrap()
    with app.unit_of_work() as uow:
        try:
            found = broadcast_progress(uow, slug)
        except ConsultationNotFound as missing:
            errors.print(f"{missing}. Try: copro consultation list")
            raise typer.Exit(1) from None
    table = Table("round", "sent", "waiting", "not sent", "interrupted")
    for key, counts in found.rounds.items():
        table.add_row(key, str(counts.sent), str(counts.pending), str(counts.failed),
                      str(counts.interrupted))
    total = found.total
    table.add_row("all", str(total.sent), str(total.pending), str(total.failed),
                  str(total.interrupted), style="bold")
    console.print(table)
    console.print(f"{slug}: {total.sent} sent, {total.pending} waiting, {total.failed} not sent.")


def _change(do: object, app: App) -> RoundChange:
    lifecycle = app.rounds
    try:
        return do(lifecycle)  # type: ignore[operator, no-any-return]
    except (ConsultationNotFound, RoundNotFound) as missing:
        errors.print(f"{missing}. Try: copro consultation show SLUG")
        raise typer.Exit(1) from None
    except RoundNotReady as not_ready:
        errors.print(f"Round {not_ready.key} of {not_ready.slug} cannot open, so nothing was "
                     "changed:", markup=False, soft_wrap=True)
        for problem in not_ready.problems:
            errors.print(f"  {problem}", markup=False, soft_wrap=True)
        raise typer.Exit(1) from None
    except ValueError as refused:
        errors.print(str(refused))
        raise typer.Exit(1) from None


def _local(moment: datetime, app: App) -> str:
    return moment.astimezone(app.settings.zone).strftime("%a %d %b %Y %H:%M %Z")
