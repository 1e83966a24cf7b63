"""Doctor check: ask Telegram (or the sandbox) `getMe` with the token, within a few seconds."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from typing import Any

from bot.operations.findings import Finding, ok, problem, scrub, warning

TIMEOUT_S = 5.0
OFFLINE_FIX = "check the network, DNS, firewall or HTTPS_PROXY; offline, use --skip-telegram"


def check_telegram(api_url: str, token: str | None, timeout: float = TIMEOUT_S) -> Finding:
    """getMe against `api_url`; the token never appears in what this returns."""
    base = api_url.rstrip("/")
    if token is None:
        return warning("Telegram", "not checked: no well-formed bot token")
    outcome: dict[str, Any] = {}
    # A thread bounds the whole call (urllib's timeout does not cover name lookups).
    worker = threading.Thread(target=_get_me, args=(f"{base}/bot{token}/getMe", timeout, outcome),
                              daemon=True)
    worker.start()
    worker.join(timeout + 1.0)
    finding = _judge(base, outcome, timeout)
    return Finding(finding.status, finding.subject, scrub(finding.detail, [token]), finding.fix)


def _get_me(url: str, timeout: float, outcome: dict[str, Any]) -> None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            outcome["body"] = json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        outcome["status"] = error.code
    except Exception as error:  # URLError, timeouts, bad answers: all mean "not reached"
        reason = getattr(error, "reason", None) or error
        outcome["error"] = str(reason) or type(error).__name__


def _judge(base: str, outcome: dict[str, Any], timeout: float) -> Finding:
    if "body" in outcome:
        bot = outcome["body"].get("result") or {}
        return ok("Telegram", f"reached {base}: bot @{bot.get('username', '?')} "
                  f"(id {bot.get('id', '?')})")
    status = outcome.get("status")
    if status in (401, 404):
        return problem("Telegram", f"{base} refused the token ({status})",
                       "check COPRO_BOT_TOKEN with @BotFather; a revoked token must be replaced")
    if status is not None:
        return problem("Telegram", f"{base} answered HTTP {status}",
                       "try again later; if it persists, check COPRO_TELEGRAM_API_URL")
    reason = outcome.get("error", f"no answer within {timeout:.0f} s")
    return problem("Telegram", f"cannot reach {base} ({reason})", OFFLINE_FIX)
