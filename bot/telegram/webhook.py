"""The webhook server: Telegram POSTs updates here; only ones with the right secret get in."""

from __future__ import annotations

import hmac
import json
import logging

from aiohttp import web

from bot.observability.ops_server import add_ops_routes
from bot.telegram.outcome import UpdateOutcome, current_outcome, is_transient
from bot.telegram.runners import BotRunner

log = logging.getLogger(__name__)
WEBHOOK_PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def build_webhook_app(runner: BotRunner, secret: str) -> web.Application:
    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), secret.encode()):
            log.warning("webhook.bad_secret")
            return web.Response(status=401, text="Unauthorized")
        try:
            update = await request.json(loads=json.loads)
        except (json.JSONDecodeError, UnicodeDecodeError):
            return web.Response(status=400, text="Bad Request")
        if not isinstance(update, dict) or not isinstance(update.get("update_id"), int):
            return web.Response(status=400, text="Bad Request")
        outcome = UpdateOutcome()
        token = current_outcome.set(outcome)
        try:
            await runner.feed(update)
        except Exception as error:
            retried = is_transient(error)  # otherwise it fails again on every delivery
            log.exception("webhook.feed_failed", extra={"update_id": update["update_id"],
                                                        "retried": retried})
            outcome.failed = outcome.failed or retried
        finally:
            current_outcome.reset(token)
        if outcome.failed:  # Telegram delivers it again later; answers are stored once
            return web.Response(status=503, text="Service Unavailable")
        return web.Response(text="ok")

    app = web.Application(client_max_size=1024 * 1024)
    app.router.add_post(WEBHOOK_PATH, receive)
    add_ops_routes(app, runner.runtime.services.ops)  # /healthz and /metrics
    return app
