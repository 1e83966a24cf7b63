"""`copro nlp-worker` and `copro nlp retag`: tagging answers stored in the database."""

from __future__ import annotations

import time

import typer
from rich.console import Console
from rich.progress import Progress

from bot.bootstrap import bootstrap
from bot.cli.server_keys import settings_for_server
from bot.tagging_loop import worker_name

console = Console(highlight=False)


def nlp_worker(
    once: bool = typer.Option(False, help="Tag what is waiting, then stop."),
    batch: int = typer.Option(64, help="Answers per batch (nlp.pipe)."),
    idle: float = typer.Option(2.0, help="Seconds to wait when nothing is waiting."),
    metrics_port: int = typer.Option(
        None, help="Serve /healthz and /metrics on this port (else COPRO_METRICS_PORT)."
    ),
    host: str = typer.Option(None, help="Address for them (else COPRO_HOST, 127.0.0.1)."),
) -> None:
    """Tag free-text answers as they arrive; run as many of these as you like (needs
    COPRO_SECRET_KEY)."""
    app = bootstrap(settings_for_server("nlp-worker"))
    ops_port = metrics_port if metrics_port is not None else app.settings.metrics_port
    if ops_port is not None:
        from bot.observability.ops_server import serve_in_thread

        ops_url = serve_in_thread(app, host or app.settings.host, ops_port)
        console.print(f"Health and metrics: {ops_url}/healthz {ops_url}/metrics")
    service = app.tagging(worker_name("nlp"))
    total = 0
    while True:
        tagged = service.run_once(batch)
        total += tagged
        if tagged:
            console.print(f"Tagged {tagged} answers ({total} in all).")
            continue
        if once:
            console.print(f"Nothing left to tag. Tagged {total} answers.")
            return
        time.sleep(idle)


def retag(
    slug: str,
    now: bool = typer.Option(True, help="Tag them here now, rather than leave it to workers."),
) -> None:
    """Tag a consultation's answers again (after its theme taxonomy changed)."""
    app = bootstrap()
    service = app.tagging(worker_name("retag"))
    try:
        queued = service.retag(slug)
    except LookupError:
        console.print(f"No consultation called {slug!r}.")
        raise typer.Exit(1) from None
    console.print(f"Queued {queued} answers of {slug} for tagging.")
    if not now or not queued:
        return
    with Progress(console=console) as progress:
        task = progress.add_task("Tagging", total=queued)
        while tagged := service.run_once(64):
            progress.advance(task, tagged)
    console.print("Done.")
