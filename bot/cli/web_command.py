"""`copro web`: serve the web channel, where residents take part without Telegram."""

from __future__ import annotations

import typer

from bot.bootstrap import bootstrap


def web(
    port: int = typer.Option(8000, help="Port to listen on."),
    host: str = typer.Option(
        "127.0.0.1", help="Address to listen on (put a TLS proxy in front for the public)."
    ),
) -> None:
    """Serve the resident web pages at /c/SLUG; links point at COPRO_PUBLIC_URL."""
    from bot.web.server import serve  # only this process loads the templates

    app = bootstrap()
    base = app.settings.public_url.rstrip("/")
    typer.echo(f"Residents take part at {base}/c/SLUG (listening on http://{host}:{port})")
    serve(app.web, host, port)
