"""`copro web`: serve the web channel, where residents take part without Telegram."""

from __future__ import annotations

import typer

from bot.bootstrap import bootstrap
from bot.cli.ports import explained_port_clash
from bot.cli.server_keys import settings_for_server


def web(
    port: int = typer.Option(8000, help="Port to listen on."),
    host: str = typer.Option(
        None, help="Address to listen on (else COPRO_HOST, 127.0.0.1; put a TLS proxy in front)."
    ),
) -> None:
    """Serve the resident web pages at /c/SLUG; links point at COPRO_PUBLIC_URL."""
    from bot.web.server import serve  # only this process loads the templates

    app = bootstrap(settings_for_server("web"))  # refuses a missing or public key
    host = host or app.settings.host
    base = app.settings.public_url.rstrip("/")
    typer.echo(f"Residents take part at {base}/c/SLUG (listening on http://{host}:{port})")
    with explained_port_clash("the web channel", port):
        serve(app.web, host, port)
