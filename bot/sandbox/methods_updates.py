"""Bot API methods about the bot itself and how it gets updates: polling or a webhook."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from bot.sandbox.errors import WEBHOOK_ACTIVE, ApiError, bad_request

if TYPE_CHECKING:
    from bot.sandbox.core import Handler, Sandbox

_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
MAX_POLL_TIMEOUT = 50


async def get_me(sandbox: Sandbox, params: dict[str, Any]) -> dict[str, Any]:
    """getMe."""
    return dict(sandbox.bot)


async def get_updates(sandbox: Sandbox, params: dict[str, Any]) -> list[dict[str, Any]]:
    """getUpdates: long polling; 409 while a webhook is set."""
    if sandbox.webhook.active:
        raise ApiError(409, WEBHOOK_ACTIVE)
    sandbox.updates.set_allowed(params.get("allowed_updates"))
    timeout = min(max(params.get("timeout", 0), 0), MAX_POLL_TIMEOUT)
    timeout -= min(0.1, timeout / 10)  # answer just before the client's own timer runs out
    return await sandbox.updates.poll(params.get("offset", 0), params.get("limit", 100), timeout)


async def set_webhook(sandbox: Sandbox, params: dict[str, Any]) -> bool:
    """setWebhook: updates are then POSTed to the url (plain http is allowed here)."""
    url = params.get("url") or ""
    if url and not url.startswith(("http://", "https://")):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    secret = params.get("secret_token")
    if secret is not None and not _SECRET.match(secret):
        raise bad_request("secret token contains unallowed characters")
    if params.get("drop_pending_updates"):
        sandbox.updates.clear()
    sandbox.updates.set_allowed(params.get("allowed_updates"))
    await sandbox.webhook.configure(url, secret, params.get("max_connections", 40))
    return True


async def delete_webhook(sandbox: Sandbox, params: dict[str, Any]) -> bool:
    """deleteWebhook."""
    await sandbox.webhook.disable()
    if params.get("drop_pending_updates"):
        sandbox.updates.clear()
    return True


async def get_webhook_info(sandbox: Sandbox, params: dict[str, Any]) -> dict[str, Any]:
    """getWebhookInfo."""
    return sandbox.webhook.info()


async def log_out_or_close(sandbox: Sandbox, params: dict[str, Any]) -> bool:
    """logOut and close: nothing to do locally."""
    return True


HANDLERS: dict[str, Handler] = {
    "getme": get_me,
    "getupdates": get_updates,
    "setwebhook": set_webhook,
    "deletewebhook": delete_webhook,
    "getwebhookinfo": get_webhook_info,
    "logout": log_out_or_close,
    "close": log_out_or_close,
}
