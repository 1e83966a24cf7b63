"""The operators' endpoints, /healthz and /metrics: on the webhook server or a port of their own."""

from __future__ import annotations

import asyncio
import queue
import threading
from typing import Any

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST

from bot.observability.health import HealthProbe

HEALTH_PATH = "/healthz"
METRICS_PATH = "/metrics"


def add_ops_routes(web_app: web.Application, app: Any) -> None:
    """Serve /healthz and /metrics for `app` (a bot.bootstrap.App) from `web_app`."""
    probe = HealthProbe(app)

    async def health(_: web.Request) -> web.Response:
        status, body = await probe.report()
        return web.json_response(body, status=status)

    async def metrics(_: web.Request) -> web.Response:
        # The gauges read the database: off the event loop.
        body = await asyncio.to_thread(app.metrics.exposition)
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})

    web_app.router.add_get(HEALTH_PATH, health)
    web_app.router.add_get(METRICS_PATH, metrics)


async def start_ops_server(app: Any, host: str, port: int) -> tuple[web.AppRunner, str]:
    """Serve /healthz and /metrics on host:port; returns the runner (to clean up) and its URL."""
    web_app = web.Application()
    add_ops_routes(web_app, app)
    runner = web.AppRunner(web_app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    bound = runner.addresses[0][1] if runner.addresses else port
    return runner, f"http://{host}:{bound}"


def serve_in_thread(app: Any, host: str, port: int) -> str:
    """For a synchronous process (the NLP worker): serve them from a daemon thread's loop."""
    started: queue.Queue[str | BaseException] = queue.Queue()

    def serve() -> None:
        loop = asyncio.new_event_loop()
        try:
            _, url = loop.run_until_complete(start_ops_server(app, host, port))
        except BaseException as failed:
            started.put(failed)
            return
        started.put(url)
        loop.run_forever()

    threading.Thread(target=serve, name="copro-ops-server", daemon=True).start()
    result = started.get(timeout=30)
    if isinstance(result, BaseException):
        raise result
    return result
