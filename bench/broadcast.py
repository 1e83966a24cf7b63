"""Benchmark broadcast sending: messages a second against the sandbox's enforced limit.

Run from the repository root::

    .venv/bin/python bench/broadcast.py [--messages 1500] [--rate 28.5] [--framework aiogram]

A round opens for N enrolled people (SQLite in a temporary directory), which queues N
notices in the outbox through the product's own path (`RoundLifecycle.open_round`); the
outbox drainer (`run_outbox`, the chat runtime's real `Sender`) then sends them to a sandbox
that enforces Telegram's limits (`rate_limits=True`: about 30 messages a second overall,
1 a second per chat with a burst of 3), answering 429 with `retry_after` when they are broken.

What is measured is the sandbox's own log of sendMessage calls: messages accepted per second,
against the 30/s the sandbox enforces; the 429s it answered (a "storm" is a run of them); and
whether every person got exactly one notice. "ratio" is the sustained rate (after the first
second) over 30/s; both token buckets start full, so the first second carries a burst that
"ratio_with_burst" includes (it can exceed 1 on a short run). The drainer's
rate is COPRO_BROADCAST_RATE (default 25, at most 30 in settings); `--rate` sets it (28.5 by
default here, the highest that leaves a margin for timing jitter).

The last line printed is one JSON object with "ratio" (sustained achieved / enforced limit).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
import tempfile
import time
from collections import deque
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.bootstrap import App  # noqa: E402
from bot.broadcast import DrainPolicy, run_outbox  # noqa: E402
from bot.consultations import load_text  # noqa: E402
from bot.sandbox import SandboxServer  # noqa: E402
from bot.scheduling import RoundLifecycle  # noqa: E402
from bot.services.consultations import import_consultation  # noqa: E402
from bot.telegram.runners import make_runner  # noqa: E402
from config.settings import Settings  # noqa: E402
from storage.tables import EnrolmentRow, ParticipantRow  # noqa: E402

SLUG = "bench-broadcast"
ENFORCED_PER_SECOND = 30.0  # bot/sandbox/ratelimit.py: overall=(30, 30.0)
FIRST_USER = 500_000
CONSULTATION = """
slug: bench-broadcast
title: {en: "Broadcast benchmark", cy: "Meincnod darlledu"}
languages: [en, cy]
audience: [resident]
rounds:
  - key: only
    title: {en: "The only round", cy: "Yr unig rownd"}
    questions:
      - key: ok
        type: yesno
        text: {en: "All right?", cy: "Popeth yn iawn?"}
"""


def prepare(folder: Path, messages: int, rate: float) -> App:
    """A database with one consultation and `messages` people enrolled in it."""
    now = datetime.now(UTC)
    settings = Settings(database_url=f"sqlite:///{folder / 'bench.db'}", secret_key="bench",
                        broadcast_rate=rate, quiet_hours_start=0, quiet_hours_end=0)
    app = App(settings)
    app.migrate()
    uow: Any
    with app.unit_of_work() as uow:
        import_consultation(uow, load_text(CONSULTATION), now, open_now=True)
        consultation_id = uow.consultations.get(SLUG).id
        people = [ParticipantRow(telegram_user_id=FIRST_USER + i, language="en", created_at=now)
                  for i in range(messages)]
        uow.session.add_all(people)
        uow.session.flush()
        uow.session.add_all([
            EnrolmentRow(participant_id=p.id, consultation_id=consultation_id, role="resident",
                         language="en", consented_at=now - timedelta(days=1), joined_at=now)
            for p in people
        ])
        uow.commit()
    return app


async def bench(args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        app = prepare(Path(folder), args.messages, args.rate)
        queued = RoundLifecycle.from_app(app).open_round(SLUG, "only", app.clock()).queued
        server = SandboxServer(port=0, rate_limits=True, validate=False)
        await server.start()
        server.sandbox.calls = deque()  # keep every call, not the last 5,000
        for i in range(args.messages):
            server.sandbox.world.add_user(f"Person {i}", user_id=FIRST_USER + i)
        runner = make_runner(app.chat, args.framework, server.token, server.url)
        stop = asyncio.Event()
        started = time.monotonic()
        drainer = asyncio.create_task(
            run_outbox(app, runner.runtime.sender, stop, policy=DrainPolicy(rate=args.rate))
        )
        try:
            while True:
                await asyncio.sleep(0.5)
                with app.unit_of_work() as uow:
                    counts = uow.outbox.counts()
                if not counts.get("pending") and not counts.get("sending"):
                    break
                if drainer.done():
                    drainer.result()
            stop.set()
            stats = await drainer
            wall = time.monotonic() - started
        finally:
            await runner.close()
            await server.stop()
        app.database.dispose()
    calls = [c for c in server.sandbox.calls if c["method"].lower() == "sendmessage"]
    accepted = sorted(c["at"] for c in calls if c["status"] == 200)
    refused = [c for c in calls if c["status"] == 429]
    span = accepted[-1] - accepted[0] if len(accepted) > 1 else float("nan")
    achieved = (len(accepted) - 1) / span
    steady = [t for t in accepted if t >= accepted[0] + 1.0]  # without the first second's burst
    steady_rate = (len(steady) - 1) / (steady[-1] - steady[0]) if len(steady) > 1 else achieved
    per_chat = [len(chat.bot_message_ids) for chat in server.sandbox.world.chats.values()]
    return {
        "messages": queued,
        "delivered": sum(1 for n in per_chat if n),
        "sent_twice": sum(1 for n in per_chat if n > 1),
        "seconds": round(span, 2),
        "wall_seconds": round(wall, 2),
        "rate_setting": args.rate,
        "achieved_per_s": round(achieved, 2),
        "steady_per_s": round(steady_rate, 2),
        "limit_per_s": ENFORCED_PER_SECOND,
        "ratio": round(steady_rate / ENFORCED_PER_SECOND, 3),
        "ratio_with_burst": round(achieved / ENFORCED_PER_SECOND, 3),
        "http_429": len(refused),
        "longest_429_run": _longest_run(calls),
        "failed": stats.failed,
        "framework": args.framework,
    }


def _longest_run(calls: list[dict[str, Any]]) -> int:
    longest = run = 0
    for call in calls:
        run = run + 1 if call["status"] == 429 else 0
        longest = max(longest, run)
    return longest


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1500, help="people to notify (1,500)")
    parser.add_argument("--rate", type=float, default=28.5, help="the drainer's messages/s")
    parser.add_argument("--framework", choices=("aiogram", "ptb"), default="aiogram")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)
    print(f"Broadcast: {args.messages} notices at up to {args.rate}/s through the sandbox "
          f"with Telegram's limits on ({ENFORCED_PER_SECOND:g}/s overall, 1/s a chat); "
          f"{args.framework}.", flush=True)
    figures = asyncio.run(bench(args))
    print(f"Sent {figures['delivered']} of {figures['messages']} in {figures['seconds']} s: "
          f"{figures['steady_per_s']}/s sustained ({figures['achieved_per_s']}/s with the first "
          f"second's burst) against the enforced {ENFORCED_PER_SECOND:g}/s = ratio "
          f"{figures['ratio']}; "
          f"429s: {figures['http_429']} (longest run {figures['longest_429_run']}); "
          f"sent twice: {figures['sent_twice']}.", flush=True)
    print(json.dumps(figures, separators=(", ", ": ")), flush=True)


if __name__ == "__main__":
    main()
