"""Benchmark inbound chat: Copro's answer path against a bare echo bot, through the sandbox.

Run from the repository root::

    .venv/bin/python bench/inbound.py [--framework aiogram|ptb|both] [--users 50] [--repeat 3]

Many simulated residents answer round 1 ("discover") of the shipped `victoria-park`
consultation at once, over the sandbox's HTTP test API (`SandboxClient`): each injects one
input (a command, a button tap or a typed answer), waits until the bot's reply shows up in
the chat, and goes on. A resident's 11 inputs (join, consent, role, then the eight
questions; multiple choices typed as numbers, so that every input gets a new message back)
are each timed from injection to the reply seen. A bare echo bot of the same framework
(built below: it sends a message's text back, and answers a tap and sends its data) gets
exactly the same load: as many residents, each with the same 11 inputs of the same kinds,
one after another.

Each bot polls a sandbox of its own from a process of its own, so what is measured is the
bot, not this harness (the sandboxes and the residents share this process). Per framework
both bots run side by side and their waves of residents take turns, so a machine busy with
something else slows both alike; each figure is the median wave's. Copro uses SQLite in a
temporary directory and its real sender, but with its Telegram rate limiter opened up by
default: the limiter paces every chat to about 1 message a second and the bot to 30 a
second, which is Telegram's rule, not the code's speed (`--telegram-limits` keeps it, which
caps Copro at about 15 inputs/s). The sandbox's Bot API validation is off for speed
(`--validate` turns it on).

A tap makes Copro edit the tapped message into what comes next (the answer given, then the
next question), so for a tap its residents wait for that edit; the echo bot sends a new
message for every input, and is waited for that way.

Per wave the bench also counts, for Copro's bot process, the SQL statements its database
engine ran (SQLAlchemy `before_cursor_execute`, BEGIN included) and the transactions it
began (`begin` events), through integers shared with the process; the Bot API calls it made
(the sandbox counts every call by method; long polls are left out); and the CPU seconds the
process used. Each is divided by the inputs answered.

The last line printed is one JSON object: per framework, Copro's inputs answered per second,
the echo bot's, their ratio (ours / baseline, higher is better), Copro's p50/p99 reply
latency (and the echo bot's), `sql_per_answer`, `transactions_per_answer`,
`api_calls_per_answer` and `cpu_ms_per_answer` (and the echo bot's calls and CPU per
input); then "ratio", the lower of the frameworks' ratios.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import multiprocessing
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402
from support.inbound_bots import bot_process  # noqa: E402
from support.inbound_residents import (  # noqa: E402
    QUESTIONS_IN_ROUND,
    ROUND_ONE,
    SLUG,
    STEP_TIMEOUT,
    Tally,
    plan_for,
    resident,
)

from bot.sandbox import SandboxClient, SandboxServer  # noqa: E402

# --- one bot, measured ------------------------------------------------------------------------


@dataclass
class Wave:
    """All residents answering round 1 at once, timed from the first input to the last reply."""

    kind: str  # copro or echo
    framework: str
    inputs: int
    seconds: float
    latencies: list[float]
    errors: list[str]
    finished: int
    thanked: int = 0
    bot_cpu: float = 0.0  # share of one core the bot's process used meanwhile
    harness_cpu: float = 0.0  # the same for this process: the sandbox and the residents
    bot_cpu_seconds: float = 0.0
    api_calls: int = 0  # Bot API calls the bot made meanwhile (long polls left out)
    sql_statements: int = 0  # statements its database engine ran (BEGIN included)
    sql_transactions: int = 0

    def per_input(self, total: float) -> float:
        answered = len(self.latencies)
        return total / answered if answered else 0.0

    @property
    def per_s(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile_ms(self, fraction: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        index = min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))
        return ordered[index] * 1000


class LiveBot:
    """A sandbox of its own, and one bot polling it from a process of its own."""

    def __init__(self, kind: str, framework: str, args: argparse.Namespace, workdir: Path):
        self.kind = kind
        self.framework = framework
        self.server = SandboxServer(port=0, validate=args.validate, rate_limits=False)
        self.database = workdir / f"{kind}-{framework}.db"
        self.limits = bool(args.telegram_limits)
        context = multiprocessing.get_context("spawn")
        self.ready, self.stopping = context.Event(), context.Event()
        self.process: Any = None
        self.context = context
        self.session: aiohttp.ClientSession | None = None
        self.violations = 0
        self.client: SandboxClient | None = None
        self.sql_counts = (context.Value("q", 0), context.Value("q", 0))

    async def start(self) -> None:
        await self.server.start()
        self.process = self.context.Process(
            target=bot_process,
            args=(self.kind, self.framework, self.server.url, self.server.token,
                  str(self.database), self.limits, self.ready, self.stopping, self.sql_counts),
            name=f"{self.kind}-{self.framework}",
            daemon=True,
        )  # fmt: skip
        self.process.start()
        self.session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=0),
            timeout=aiohttp.ClientTimeout(total=STEP_TIMEOUT + 15),
        )
        self.client = SandboxClient(self.server.url, self.session)
        if not await asyncio.to_thread(self.ready.wait, 60):
            raise RuntimeError(f"the {self.kind} bot ({self.framework}) did not start")

    async def wave(self, users: int) -> Wave:
        assert self.client is not None and self.process is not None
        calls, sql = self._api_calls(), self._sql()
        done = await wave(self.client, self.kind, self.framework, users, self.process.pid)
        done.api_calls = self._api_calls() - calls
        statements, transactions = self._sql()
        done.sql_statements, done.sql_transactions = statements - sql[0], transactions - sql[1]
        return done

    def _api_calls(self) -> int:
        counts = self.server.sandbox.call_counts
        return sum(n for method, n in counts.items() if method.lower() != "getupdates")

    def _sql(self) -> tuple[int, int]:
        return int(self.sql_counts[0].value), int(self.sql_counts[1].value)

    async def stop(self) -> int | None:
        """Stop the bot and the sandbox; for Copro, how many answers its database holds."""
        self.stopping.set()
        if self.process is not None:
            await asyncio.to_thread(self.process.join, 20)
            if self.process.is_alive():
                self.process.terminate()
                await asyncio.to_thread(self.process.join, 5)
        if self.session is not None:
            await self.session.close()
        await self.server.stop()
        for violation in self.server.sandbox.violations[:5]:
            print(f"    {self.kind} bot: Bot API violation: {violation}", flush=True)
        self.violations = len(self.server.sandbox.violations)
        if self.kind == "copro" and self.database.exists():
            return count_answers(self.database)
        return None


async def wave(
    client: SandboxClient, kind: str, framework: str, users: int, pid: int | None
) -> Wave:
    """New residents (a person answers a round once), all answering at the same time."""
    ids = [
        (await client.create_user(f"Resident {n}", language_code="en"))["id"] for n in range(users)
    ]
    tally = Tally()
    bot_cpu, own_cpu = cpu_seconds(pid), time.process_time()
    started = time.perf_counter()
    await asyncio.gather(
        *(resident(client, user, plan_for(n, kind), tally) for n, user in enumerate(ids))
    )
    seconds = time.perf_counter() - started
    bot_cpu = cpu_seconds(pid) - bot_cpu
    own_cpu = time.process_time() - own_cpu
    return Wave(
        kind, framework, users * len(ROUND_ONE), seconds, tally.latencies, tally.errors,
        tally.finished,
        thanked=sum(text.startswith("Thank you") for text in tally.last_texts),
        bot_cpu=bot_cpu / seconds if seconds else 0.0,
        harness_cpu=own_cpu / seconds if seconds else 0.0,
        bot_cpu_seconds=bot_cpu,
    )  # fmt: skip


def cpu_seconds(pid: int | None) -> float:
    """CPU time a process has used so far (Linux; 0 where /proc is missing)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def count_answers(database: Path) -> int:
    from sqlalchemy import create_engine, func, select

    from storage.tables import AnswerRow

    engine = create_engine(f"sqlite:///{database}")
    try:
        with engine.connect() as connection:
            return int(connection.execute(select(func.count()).select_from(AnswerRow)).scalar_one())
    finally:
        engine.dispose()


# --- the run ---------------------------------------------------------------------------------


def median_wave(waves: list[Wave]) -> Wave:
    """The wave with the median throughput (its latencies come with it)."""
    ordered = sorted(waves, key=lambda w: w.per_s)
    return ordered[(len(ordered) - 1) // 2]


async def bench(args: argparse.Namespace) -> dict[str, Any]:
    """Per framework: both bots side by side, warmed up, then their waves take turns."""
    frameworks = ["aiogram", "ptb"] if args.framework == "both" else [args.framework]
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="copro-bench-") as scratch:
        for framework in frameworks:
            bots = {k: LiveBot(k, framework, args, Path(scratch)) for k in ("echo", "copro")}
            waves: dict[str, list[Wave]] = {"echo": [], "copro": []}
            stored: int | None = None
            try:
                await asyncio.gather(*(live.start() for live in bots.values()))
                for live in bots.values():
                    if args.warmup:
                        warm = await live.wave(args.warmup)
                        if warm.errors:
                            raise RuntimeError(f"warm-up failed: {warm.errors[0]}")
                for index in range(args.repeat):
                    order = ("echo", "copro") if index % 2 == 0 else ("copro", "echo")
                    for kind in order:
                        waves[kind].append(await bots[kind].wave(args.users))
                        report(waves[kind][-1])
            finally:
                for kind, live in bots.items():
                    counted = await live.stop()
                    if kind == "copro":
                        stored = counted
            expected = (args.warmup + args.users * args.repeat) * QUESTIONS_IN_ROUND
            print(f"  {framework:7} Copro stored {stored} answers (expected {expected})")
            echo, copro = median_wave(waves["echo"]), median_wave(waves["copro"])
            ratio = copro.per_s / echo.per_s if echo.per_s else 0.0
            errors = sum(len(w.errors) for w in waves["echo"] + waves["copro"])
            errors += sum(live.violations for live in bots.values())
            figures[framework] = {
                "copro_answers_per_s": round(copro.per_s, 1),
                "echo_per_s": round(echo.per_s, 1),
                "ratio": round(ratio, 3),
                "p50_ms": round(copro.percentile_ms(0.50), 1),
                "p99_ms": round(copro.percentile_ms(0.99), 1),
                "echo_p50_ms": round(echo.percentile_ms(0.50), 1),
                "echo_p99_ms": round(echo.percentile_ms(0.99), 1),
                "sql_per_answer": round(copro.per_input(copro.sql_statements), 2),
                "transactions_per_answer": round(copro.per_input(copro.sql_transactions), 3),
                "api_calls_per_answer": round(copro.per_input(copro.api_calls), 2),
                "cpu_ms_per_answer": round(copro.per_input(copro.bot_cpu_seconds) * 1000, 2),
                "echo_api_calls_per_input": round(echo.per_input(echo.api_calls), 2),
                "echo_cpu_ms_per_input": round(echo.per_input(echo.bot_cpu_seconds) * 1000, 2),
                "users": args.users,
                "inputs_per_wave": copro.inputs,
                "waves": args.repeat,
                "errors": errors + int(stored != expected),
            }
    figures["ratio"] = min(figures[f]["ratio"] for f in frameworks)
    return figures


def report(done: Wave) -> None:
    what = "Copro" if done.kind == "copro" else "echo "
    line = (
        f"  {done.framework:7} {what}: {len(done.latencies):5}/{done.inputs} inputs in "
        f"{done.seconds:6.2f} s = {done.per_s:7.1f}/s  p50 {done.percentile_ms(0.5):7.1f} ms"
        f"  p99 {done.percentile_ms(0.99):7.1f} ms  cpu: bot {done.bot_cpu:4.0%}"
        f" harness {done.harness_cpu:4.0%}"
    )
    line += f"  {done.per_input(done.bot_cpu_seconds) * 1000:.2f} ms cpu/input"
    line += f"  {done.per_input(done.api_calls):.2f} calls/input"
    if done.kind == "copro":
        line += f"  thanked {done.thanked}/{done.finished}"
        line += f"  sql {done.per_input(done.sql_statements):.2f}"
        line += f" in {done.per_input(done.sql_transactions):.3f} transactions/input"
    print(line, flush=True)
    for error in done.errors[:5]:
        print(f"    error: {error}", flush=True)
    if len(done.errors) > 5:
        print(f"    ... and {len(done.errors) - 5} more errors", flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--framework", choices=["aiogram", "ptb", "both"], default="both")
    parser.add_argument("--users", type=int, default=50, help="residents answering at once")
    parser.add_argument("--warmup", type=int, default=5, help="residents answering first, untimed")
    parser.add_argument(
        "--repeat", type=int, default=3, help="measured waves per bot; the median counts"
    )
    parser.add_argument(
        "--telegram-limits",
        action="store_true",
        help="keep Copro's Telegram rate limiter (1 msg/s a chat, 30/s overall)",
    )
    parser.add_argument("--validate", action="store_true", help="validate what the sandbox emits")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    print(
        f"Inbound: {args.users} residents x round 1 of {SLUG} ({len(ROUND_ONE)} inputs each), "
        f"{args.warmup} warm-up residents, {args.repeat} wave(s) per bot; Copro's rate limiter "
        f"{'on' if args.telegram_limits else 'off'}, sandbox validation "
        f"{'on' if args.validate else 'off'}.",
        flush=True,
    )
    figures = asyncio.run(bench(args))
    for framework in ("aiogram", "ptb"):
        if framework in figures:
            f = figures[framework]
            print(
                f"{framework}: Copro {f['copro_answers_per_s']}/s vs echo {f['echo_per_s']}/s "
                f"= ratio {f['ratio']}; Copro p50 {f['p50_ms']} ms, p99 {f['p99_ms']} ms "
                f"(echo p50 {f['echo_p50_ms']} ms, p99 {f['echo_p99_ms']} ms); "
                f"errors {f['errors']}"
            )
    print(json.dumps(figures, separators=(", ", ": ")), flush=True)


if __name__ == "__main__":
    main()
