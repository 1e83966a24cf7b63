"""`copro run` and `copro sandbox`: the bot against Telegram, or against the built-in sandbox."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal

import typer
from aiohttp import web
from rich.console import Console

from bot.bootstrap import App, bootstrap
from bot.cli.ports import explained_port_clash
from bot.cli.sandbox_setup import (
    grant_preset_roles,
    is_new_database,
    preset_role_warning,
    state_path,
)
from bot.cli.sandbox_web import (
    DEFAULT_WEB_PORT,
    consultation_addresses,
    start_web_channel,
    with_local_public_url,
)
from bot.cli.server_keys import settings_for_server, settings_for_trying
from bot.consultations import ConsultationInvalid, load_file
from bot.observability.ops_server import start_ops_server
from bot.sandbox import SandboxServer
from bot.scheduling import start_in_process
from bot.services.consultations import import_consultation
from bot.tagging_loop import tag_in_background, worker_name
from bot.telegram.runners import make_runner
from bot.telegram.webhook import WEBHOOK_PATH, build_webhook_app
from storage import ConsultationHasAnswers, shown_url

console = Console(highlight=False)
log = logging.getLogger(__name__)


def run(
    framework: str = typer.Option(None, help="aiogram (default) or ptb."),
    webhook: bool = typer.Option(False, help="Serve webhook deliveries instead of polling."),
    port: int = typer.Option(8443, help="Port for the webhook server."),
    host: str = typer.Option(
        None, help="Address for the webhook and health servers (else COPRO_HOST, 127.0.0.1)."
    ),
    public_url: str = typer.Option(
        None, help="The address Telegram reaches this server at; registers the webhook."
    ),
    tagger: bool = typer.Option(
        True, help="Tag answers in this process (turn off when copro nlp-worker runs)."
    ),
    metrics_port: int = typer.Option(
        None, help="Also serve /healthz and /metrics on this port (else COPRO_METRICS_PORT)."
    ),
) -> None:
    """Run the bot with COPRO_BOT_TOKEN against COPRO_TELEGRAM_API_URL (needs COPRO_SECRET_KEY)."""
    app = bootstrap(settings_for_server("run"))
    token = app.settings.bot_token.get_secret_value()
    if not token:
        console.print("Set COPRO_BOT_TOKEN first (or try `copro sandbox`, which needs none).")
        raise typer.Exit(2)
    console.print(f"Using the database {shown_url(app.settings.database_url)}.", soft_wrap=True)
    warning = preset_role_warning(app)
    if warning:
        console.print(warning, soft_wrap=True)
    chosen = framework or app.settings.framework
    ops_port = metrics_port if metrics_port is not None else app.settings.metrics_port
    with explained_port_clash("the webhook or health server", port if webhook else ops_port):
        asyncio.run(_serve(app, chosen, token, app.settings.telegram_api_url, webhook,
                           host or app.settings.host, port, public_url, tagger, ops_port))


def sandbox(
    port: int = typer.Option(None, help="Port for the sandbox and its chat page (default 8080)."),
    host: str = typer.Option(None, help="Address to listen on (else COPRO_HOST, 127.0.0.1)."),
    framework: str = typer.Option(None, help="aiogram (default) or ptb."),
    rate_limits: bool = typer.Option(False, help="Make the sandbox enforce Telegram's limits."),
    web_port: int = typer.Option(
        DEFAULT_WEB_PORT, help="Port for the web channel, where residents take part without "
        "Telegram (its links point here, not at COPRO_PUBLIC_URL)."
    ),
) -> None:
    """Try Copro with no token: a local Telegram, the bot, a chat page and the web channel."""
    settings = settings_for_trying()
    host = host or settings.host
    settings = with_local_public_url(settings, host, web_port)
    new_database = is_new_database(settings.database_url)  # before bootstrap creates it
    app = bootstrap(settings)
    import_shipped(app)
    for line in grant_preset_roles(app, new_database):
        console.print(line, soft_wrap=True)  # one line each: the grant can be copied
    state = state_path(app.settings.database_url)
    made = "a new database" if new_database else "the database"
    console.print(f"Using {made} {shown_url(app.settings.database_url)}.", soft_wrap=True)
    console.print(f"People and chats are kept in {state}.")
    server = SandboxServer(host=host, port=port or app.settings.sandbox_port,
                           rate_limits=rate_limits, state_path=state)
    with explained_port_clash("the sandbox", server.port):
        asyncio.run(_sandbox(app, server, framework or app.settings.framework, web_port))


def import_shipped(app: App) -> None:
    """Import the consultations in COPRO_CONSULTATIONS_DIR that are not stored yet, their
    undated rounds opened at once so the sandbox can be answered straight away (an officer's
    own import is a draft). One already stored is left alone: officers may have changed it
    in chat since."""
    for path in sorted(app.settings.consultations_dir.glob("*.yaml")):
        try:
            loaded = load_file(path, app.settings.zone)
            with app.unit_of_work() as uow:
                if uow.consultations.get(loaded.consultation.slug) is not None:
                    continue
                import_consultation(uow, loaded, app.clock(), open_now=True)
                uow.commit()
        except (ConsultationInvalid, ConsultationHasAnswers) as skipped:
            log.info("sandbox.consultation_skipped", extra={"file": path.name,
                                                             "reason": type(skipped).__name__})


async def _sandbox(app: App, server: SandboxServer, framework: str, web_port: int) -> None:
    await server.start()
    try:
        with explained_port_clash("the web channel", web_port, "--web-port"):
            web_channel = await start_web_channel(app, server.host, web_port)
    except BaseException:
        await server.stop()
        raise
    runner = make_runner(app.chat, framework, server.token, server.url)
    await runner.start()
    await runner.poll()
    tagging = asyncio.create_task(tag_in_background(app.tagging(worker_name("inprocess"))))
    scheduler = await start_in_process(app, sender=runner.runtime.sender,
                                       retention=app.run_retention)
    console.print(f"Copro sandbox ({framework}) is running. Open {server.url} in your browser.")
    for address in consultation_addresses(app):
        console.print(f"Without Telegram, take part on the web at {address}", soft_wrap=True)
    console.print("Press Ctrl+C to stop.")
    try:
        await _until_stopped()
    finally:
        tagging.cancel()
        await scheduler.stop()
        await runner.stop()
        await runner.close()
        await web_channel.cleanup()
        await server.stop()


async def _serve(app: App, framework: str, token: str, api_url: str, webhook: bool, host: str,
                 port: int, public_url: str | None, tagger: bool,
                 metrics_port: int | None = None) -> None:
    runner = make_runner(app.chat, framework, token, api_url)
    await runner.start()
    tagging = None
    if tagger:
        tagging = asyncio.create_task(tag_in_background(app.tagging(worker_name("inprocess"))))
    # Takes the scheduler lock: with a separate `copro scheduler` running, this one waits.
    scheduler = await start_in_process(app, sender=runner.runtime.sender,
                                       retention=app.run_retention)
    site_runner: web.AppRunner | None = None
    if webhook:
        secret = app.settings.webhook_secret.get_secret_value() or app.keys.webhook
        site_runner = web.AppRunner(build_webhook_app(runner, secret), access_log=None)
        await site_runner.setup()
        await web.TCPSite(site_runner, host, port).start()
        if public_url:
            await runner.set_webhook(public_url.rstrip("/") + WEBHOOK_PATH, secret)
        console.print(f"Serving webhook deliveries on {host}:{port}{WEBHOOK_PATH}.")
    else:
        await runner.poll()
        console.print(f"Polling {api_url} with {framework}.")
    ops_runner = None
    if metrics_port is not None:
        ops_runner, ops_url = await start_ops_server(app, host, metrics_port)
        console.print(f"Health and metrics: {ops_url}/healthz {ops_url}/metrics")
    try:
        await _until_stopped()
    finally:
        if tagging is not None:
            tagging.cancel()
        await scheduler.stop()
        await runner.stop()
        if site_runner is not None:
            await site_runner.cleanup()
        if ops_runner is not None:
            await ops_runner.cleanup()
        await runner.close()


async def _until_stopped() -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    await stop.wait()
