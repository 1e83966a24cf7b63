"""`copro web`, exactly as shipped, but with the web channel's rate limits opened up.

    python bench/support/web_worker.py web --port N

Every bench resident posts from 127.0.0.1, so the per-address limit (120 posts a minute)
would measure the limit, not the code. The limiters still count every post."""

from __future__ import annotations

import sys

from aiohttp import web

import bot.web.server as web_server
from bot.cli import app
from bot.web.limits import RateLimiter
from bot.web.services import WebServices

UNLIMITED = 10**9


def serve_unlimited(services: WebServices, host: str, port: int) -> None:
    """bot.web.server.serve with limiters that never refuse."""
    application = web_server.make_web_app(services, RateLimiter(UNLIMITED, 60),
                                          RateLimiter(UNLIMITED, 60))
    web.run_app(application, host=host, port=port, print=None, access_log=None)


if __name__ == "__main__":
    web_server.serve = serve_unlimited
    app(sys.argv[1:], prog_name="copro")
