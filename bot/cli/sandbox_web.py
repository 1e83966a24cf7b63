"""The web channel beside the sandbox's chat page: one process, one database, no Telegram.

The sandbox serves it on this machine over plain http, so its public address is the local
one whatever COPRO_PUBLIC_URL says: an https address there would make the participant cookie
`Secure`, and a browser would never send it back to http://127.0.0.1.
"""

from __future__ import annotations

from aiohttp import web

from bot.bootstrap import App
from bot.web.server import make_web_app
from config.settings import Settings

DEFAULT_WEB_PORT = 8000
"""The port `copro web` uses too, and the one in COPRO_PUBLIC_URL's default."""
ANY_ADDRESS = ("0.0.0.0", "::", "")


def local_public_url(host: str, port: int) -> str:
    """The address a browser on this machine opens for a server bound to `host`."""
    shown = "127.0.0.1" if host in ANY_ADDRESS else host
    if ":" in shown:  # an IPv6 address
        shown = f"[{shown}]"
    return f"http://{shown}:{port}"


def with_local_public_url(settings: Settings, host: str, port: int) -> Settings:
    """`settings` with COPRO_PUBLIC_URL set to where the sandbox serves the web channel."""
    return settings.model_copy(update={"public_url": local_public_url(host, port)})


async def start_web_channel(app: App, host: str, port: int) -> web.AppRunner:
    """Serve the resident pages at /c/SLUG; raises OSError when the port is taken."""
    runner = web.AppRunner(make_web_app(app.web), shutdown_timeout=1.0, access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
    except OSError:
        await runner.cleanup()
        raise
    return runner


def consultation_addresses(app: App) -> list[str]:
    """The web address of each consultation with a round open now."""
    base = app.settings.public_url.rstrip("/")
    open_now = app.conversation.directory.open_now(app.clock())
    return [f"{base}/c/{consultation.slug}" for consultation in open_now]
