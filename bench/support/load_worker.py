"""`copro run`, exactly as shipped, but with Copro's Telegram rate limiter opened up.

    python bench/support/load_worker.py [--telegram-limits] run --webhook --port N ...

The limiter paces each process to Telegram's rule (30 messages a second, about 1 a second per
chat), which would measure the rule, not the code; bench/inbound.py opens it the same way.
With --telegram-limits this is plain `copro run`."""

from __future__ import annotations

import sys

from bot.cli import app, bot_commands
from bot.messaging.rate_limit import RateLimiter
from bot.telegram.runners import BotRunner, make_runner

UNLIMITED = 1e9


def unlimited_runner(
    copro: object, framework: str, token: str, api_url: str, limiter: object = None
) -> BotRunner:
    """make_runner with a limiter that never waits."""
    return make_runner(
        copro,
        framework,
        token,
        api_url,  # type: ignore[arg-type]
        RateLimiter(UNLIMITED, UNLIMITED, UNLIMITED),
    )


if __name__ == "__main__":
    arguments = sys.argv[1:]
    if "--telegram-limits" in arguments:
        arguments.remove("--telegram-limits")
    else:
        bot_commands.make_runner = unlimited_runner  # type: ignore[assignment]
    app(arguments, prog_name="copro")
