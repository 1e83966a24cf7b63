"""`python -m bot.sandbox`: serve the sandbox until Ctrl-C (`copro sandbox` wraps the same)."""

from __future__ import annotations

import argparse
import os

from bot.sandbox.core import DEFAULT_TOKEN
from bot.sandbox.server import run_sandbox_server


def main() -> None:
    """Parse the options and serve."""
    parser = argparse.ArgumentParser(prog="python -m bot.sandbox", description=__doc__)
    parser.add_argument("--host", default=os.environ.get("COPRO_HOST") or "127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--token", default=DEFAULT_TOKEN)
    parser.add_argument("--rate-limits", action="store_true", help="answer 429 like Telegram")
    parser.add_argument("--no-validate", action="store_true", help="skip spec checks (benchmarks)")
    options = parser.parse_args()
    run_sandbox_server(
        options.host, options.port, options.token, options.rate_limits, not options.no_validate
    )


if __name__ == "__main__":
    main()
