"""Runs the sandbox: the Bot API, the test API and the web chat page on one aiohttp server."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from aiohttp import web

from bot.sandbox import botapi, testapi_actions, testapi_inspect
from bot.sandbox.core import DEFAULT_TOKEN, SANDBOX_KEY, Sandbox
from bot.sandbox.state_file import StateFile
from bot.sandbox.testapi_guard import guard_test_api

PAGE_PATH = Path(__file__).with_name("chat_page.html")
MAX_UPLOAD = 50 * 1024 * 1024
log = logging.getLogger(__name__)


async def chat_page(request: web.Request) -> web.StreamResponse:
    """The web chat page."""
    return web.FileResponse(PAGE_PATH, headers={"Cache-Control": "no-cache"})


def build_app(sandbox: Sandbox) -> web.Application:
    """The aiohttp application serving one sandbox."""
    app = web.Application(client_max_size=MAX_UPLOAD, middlewares=[guard_test_api])
    app[SANDBOX_KEY] = sandbox
    app.router.add_get("/", chat_page)
    botapi.add_routes(app)
    testapi_actions.add_routes(app)
    testapi_inspect.add_routes(app)
    return app


class SandboxServer:
    """A local Telegram Bot API for the real clients; port 0 picks a free port."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 8081,
        token: str = DEFAULT_TOKEN,
        rate_limits: bool = False,
        validate: bool = True,
        webhook_retry_delay: float = 0.2,
        state_path: Path | None = None,
    ) -> None:
        self.host = host
        self.port = port
        self.sandbox = Sandbox(token, rate_limits, validate, webhook_retry_delay)
        self.state = None if state_path is None else StateFile(state_path, self.sandbox)
        """Where people and chats are kept across restarts (none: forgotten at stop)."""
        self._runner: web.AppRunner | None = None

    @property
    def token(self) -> str:
        """The one bot token the sandbox accepts."""
        return self.sandbox.token

    @property
    def url(self) -> str:
        """The server root: methods at {url}/bot{token}/{method}."""
        return f"http://{self.host}:{self.port}"

    async def start(self) -> None:
        """Start serving (after this, `url` has the real port)."""
        if self.state is not None:
            self.state.load()
        self._runner = web.AppRunner(build_app(self.sandbox), shutdown_timeout=1.0, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        if self._runner.addresses:
            self.port = int(self._runner.addresses[0][1])
        if self.state is not None:
            self.state.start()

    async def stop(self) -> None:
        """Answer waiting long polls, stop the webhook, save the state, close the server."""
        if self.state is not None:
            await self.state.stop()
        await self.sandbox.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> SandboxServer:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()


def run_sandbox_server(
    host: str = "127.0.0.1",
    port: int = 8081,
    token: str = DEFAULT_TOKEN,
    rate_limits: bool = False,
    validate: bool = True,
) -> None:
    """Serve until interrupted (Ctrl-C)."""

    async def serve() -> None:
        server = SandboxServer(host, port, token, rate_limits, validate)
        await server.start()
        print(f"Copro sandbox: chat page {server.url}/  Bot API root {server.url}")
        print(f"Token {token}  (COPRO_TELEGRAM_API_URL={server.url})", flush=True)
        try:
            await asyncio.Event().wait()
        finally:
            await server.stop()

    try:
        asyncio.run(serve())
    except KeyboardInterrupt:
        log.info("sandbox stopped")
