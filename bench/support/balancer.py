"""A small round-robin reverse proxy for webhook deliveries, run as a process of its own.

    python bench/support/balancer.py --port 9000 http://127.0.0.1:9001 http://127.0.0.1:9002

Each POST goes to the next upstream in turn, with its body, content type and the Telegram
secret header; the upstream's status, content type and body go back unchanged (a webhook may
answer with a method call in its body)."""

from __future__ import annotations

import argparse
import itertools

import aiohttp
from aiohttp import web

FORWARDED = ("Content-Type", "X-Telegram-Bot-Api-Secret-Token")


def build_balancer(upstreams: list[str]) -> web.Application:
    """An app that forwards every request to the upstreams in turn."""
    turn = itertools.cycle(upstreams)
    app = web.Application()

    async def start(app: web.Application) -> None:
        connector = aiohttp.TCPConnector(limit=0)
        app["http"] = aiohttp.ClientSession(
            connector=connector, auto_decompress=False, timeout=aiohttp.ClientTimeout(total=60)
        )

    async def stop(app: web.Application) -> None:
        await app["http"].close()

    async def forward(request: web.Request) -> web.Response:
        target = next(turn) + request.rel_url.path_qs
        headers = {name: request.headers[name] for name in FORWARDED if name in request.headers}
        body = await request.read()
        try:
            async with app["http"].request(
                request.method, target, data=body, headers=headers
            ) as answer:
                payload = await answer.read()
                return web.Response(
                    status=answer.status, body=payload, content_type=answer.content_type
                )
        except (aiohttp.ClientError, TimeoutError):
            return web.Response(status=502)

    app.on_startup.append(start)
    app.on_cleanup.append(stop)
    app.router.add_route("*", "/{tail:.*}", forward)
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("upstreams", nargs="+")
    options = parser.parse_args()
    web.run_app(
        build_balancer(options.upstreams),
        host=options.host,
        port=options.port,
        access_log=None,
        print=None,
    )


if __name__ == "__main__":
    main()
