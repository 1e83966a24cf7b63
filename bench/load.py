"""Benchmark load: 1,000 residents complete a round through the sandbox, on PostgreSQL with
two webhook workers and with one, and on SQLite with one process.

Run from the repository root (PostgreSQL at --postgres, default the CI one)::

    .venv/bin/python bench/load.py [--residents 1000] [--at-once 200] [--quick]

Everything runs as real processes: the sandbox (`python -m bot.sandbox --no-validate`, no
rate limits), Copro's `copro run` (through bench/support/load_worker.py, which only opens up
Copro's own Telegram rate limiter: it paces a process to Telegram's 30 messages a second,
which would measure Telegram's rule, not the code; `--telegram-limits` keeps it), and for
webhooks a small round-robin balancer (bench/support/balancer.py) that the sandbox's
webhook points at; only the first worker registers it. The baseline ONE worker sits behind
the same balancer, so the two PostgreSQL runs differ only in the number of workers. SQLite
runs one polling process. Each configuration gets a fresh sandbox and a fresh database (a
new schema on PostgreSQL, dropped at the end, even on Ctrl-C). Workers tag answers in
process with `COPRO_NLP_MODEL=blank:en` unless `--no-tagger`.

Residents (bench/support/load_residents.py) answer round 1 of `victoria-park`: 11 inputs
each (see bench/inbound.py), each timed from injection to the bot's reply in the chat, at
most --at-once residents at a time. Then the database must hold exactly 8 answers per
resident, none twice. Each bot process's RSS is read at rest (started, before load) and
sampled every 0.2 s under load for its peak; every process's CPU share is reported too, to
show what limited throughput.

The last line printed is one JSON object: per configuration answers_per_s (answers stored
per second of load), inputs_per_s, p50_ms/p99_ms, errors, answers_stored/expected, rss_mb
and cpu; then "ratio", PostgreSQL two workers' answers/s over one worker's.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import signal
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psutil  # noqa: E402
from rich.console import Console  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from support.load_residents import (  # noqa: E402
    answer_round,
    create_residents,
    stored_answers,
)
from support.processes import Fleet, Sampler, free_port, wait_for_port  # noqa: E402

from bot.sandbox import SandboxClient  # noqa: E402
from bot.sandbox.core import DEFAULT_TOKEN  # noqa: E402

PYTHON = sys.executable
COPRO = str(Path(PYTHON).with_name("copro"))
WORKER = str(ROOT / "bench" / "support" / "load_worker.py")
BALANCER = str(ROOT / "bench" / "support" / "balancer.py")
CONSULTATION = str(ROOT / "config" / "consultations" / "victoria-park.yaml")
console = Console(stderr=True, highlight=False)


@dataclass(frozen=True)
class Setup:
    name: str
    database: str  # postgresql or sqlite
    workers: int
    webhook: bool


SETUPS = (
    Setup("postgresql_one_worker", "postgresql", 1, True),
    Setup("postgresql_two_workers", "postgresql", 2, True),
    Setup("sqlite_one_process", "sqlite", 1, False),
)


class Database:
    """A fresh PostgreSQL schema or SQLite file for one configuration."""

    def __init__(self, kind: str, postgres: str, folder: Path) -> None:
        self.kind, self._base, self._schema = kind, postgres, f"load_{uuid.uuid4().hex[:10]}"
        if kind == "sqlite":
            self.url = f"sqlite:///{folder / 'copro.db'}"
            return
        self._admin(f'CREATE SCHEMA "{self._schema}"')
        self.url = f"{postgres}?options=-csearch_path%3D{self._schema}"

    def drop(self) -> None:
        if self.kind == "postgresql":
            self._admin(f'DROP SCHEMA IF EXISTS "{self._schema}" CASCADE')

    def _admin(self, statement: str) -> None:
        engine = create_engine(self._base)
        try:
            with engine.begin() as connection:
                connection.execute(text(statement))
        finally:
            engine.dispose()


def _environment(
    database_url: str, sandbox_url: str, options: argparse.Namespace
) -> dict[str, str]:
    env = {
        "COPRO_FRAMEWORK": options.framework,
        "COPRO_DATABASE_URL": database_url,
        "COPRO_BOT_TOKEN": DEFAULT_TOKEN,
        "COPRO_TELEGRAM_API_URL": sandbox_url,
        "COPRO_SECRET_KEY": secrets.token_urlsafe(48),  # `copro run` refuses a weak key
        "COPRO_LOG_LEVEL": "WARNING",
    }
    if options.tagger:
        env["COPRO_NLP_MODEL"] = "blank:en"
    return env


async def _until_ready(sandbox_url: str, webhook: bool, timeout: float = 60.0) -> None:
    """Until the webhook is registered, or the bot has started polling."""
    deadline = time.monotonic() + timeout
    async with SandboxClient(sandbox_url) as client:
        while time.monotonic() < deadline:
            if webhook and (await client.bot_info())["webhook"]["url"]:
                return
            if not webhook and await client.calls("getUpdates"):
                return
            await asyncio.sleep(0.2)
    raise TimeoutError("the bot did not get ready")


async def run_setup(setup: Setup, options: argparse.Namespace, logs: Path) -> dict[str, Any]:
    """Start one configuration's processes, load it, check the database, stop everything."""
    folder = logs / setup.name
    folder.mkdir()
    fleet, database = Fleet(folder), Database(setup.database, options.postgres, folder)
    try:
        port = free_port()
        sandbox_url = f"http://127.0.0.1:{port}"
        sandbox = fleet.start(
            "sandbox", [PYTHON, "-m", "bot.sandbox", "--port", str(port), "--no-validate"], {}
        )
        wait_for_port(port, sandbox)
        env = _environment(database.url, sandbox_url, options)
        # an import is a draft: open its first round, as an officer would
        for command in (["db", "upgrade"], ["consultation", "import", CONSULTATION],
                        ["round", "open", "victoria-park", "discover"]):
            if fleet.start("setup", [COPRO, *command], env).wait() != 0:
                raise RuntimeError(f"copro {' '.join(command)} failed")
        limits = ["--telegram-limits"] if options.telegram_limits else []
        tagger = [] if options.tagger else ["--no-tagger"]
        workers: list[str] = []
        if setup.webhook:
            ports = [free_port() for _ in range(setup.workers)]
            balancer_port = free_port()
            balancer = fleet.start(
                "balancer",
                [
                    PYTHON,
                    BALANCER,
                    "--port",
                    str(balancer_port),
                    *(f"http://127.0.0.1:{p}" for p in ports),
                ],
                {},
            )
            wait_for_port(balancer_port, balancer)
            for number, worker_port in enumerate(ports, 1):
                public = f"http://127.0.0.1:{balancer_port}"
                register = ["--public-url", public] if number == 1 else []
                name = f"worker{number}"
                process = fleet.start(
                    name,
                    [
                        PYTHON,
                        WORKER,
                        *limits,
                        "run",
                        "--webhook",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        str(worker_port),
                        *register,
                        *tagger,
                    ],
                    env,
                )
                wait_for_port(worker_port, process)
                workers.append(name)
        else:
            fleet.start("worker1", [PYTHON, WORKER, *limits, "run", *tagger], env)
            workers.append("worker1")
        await _until_ready(sandbox_url, setup.webhook)
        users = await create_residents(sandbox_url, options.residents)
        await asyncio.sleep(1.0)  # let start-up work (imports, first queries) settle
        pids = {name: process.pid for name, process in fleet.processes.items() if name != "setup"}
        pids["harness"] = os.getpid()
        sampler = Sampler(pids)
        at_rest = sampler.rss_mb()
        sampler.start()
        load = await answer_round(sandbox_url, users, options.at_once)
        cpu = sampler.stop()
        stored = stored_answers(database.url, options.residents)
        result = load.figures(options.residents) | stored
        result["answers_per_s"] = round(stored["answers_stored"] / load.seconds, 1)
        result["rss_mb"] = {
            name: {"at_rest": round(at_rest[name], 1), "peak": round(sampler.peak_mb[name], 1)}
            for name in workers
        }
        result["cpu_cores_used"] = cpu
        result["machine_cpu_busy"] = sampler.machine_busy
        result["load_average_1min"] = round(os.getloadavg()[0], 1)
        return result
    except Exception:
        for name in list(fleet.processes):
            console.print(f"[red]--- {setup.name} {name} log ---[/red]\n{fleet.log_tail(name)}")
        raise
    finally:
        fleet.stop()
        database.drop()


def _line(name: str, result: dict[str, Any]) -> str:
    peaks = ", ".join(
        f"{w} {m['at_rest']:.0f}->{m['peak']:.0f} MB" for w, m in result["rss_mb"].items()
    )
    return (
        f"{name}: {result['answers_per_s']} answers/s, {result['inputs_per_s']} inputs/s, "
        f"p50 {result['p50_ms']} ms, p99 {result['p99_ms']} ms, errors {result['errors']}, "
        f"stored {result['answers_stored']}/{result['answers_expected']} "
        f"(twice: {result['answers_twice']}), {peaks}, {result['seconds']} s, "
        f"machine {result['machine_cpu_busy']:.0%} busy"
    )


async def main(options: argparse.Namespace) -> dict[str, Any]:
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="copro-load-") as logs:
        for setup in (s for s in SETUPS if not options.only or s.name in options.only):
            console.print(
                f"[bold]{setup.name}[/bold]: {options.residents} residents, "
                f"{options.at_once} at once..."
            )
            results[setup.name] = await run_setup(setup, options, Path(logs))
            console.print(_line(setup.name, results[setup.name]))
    one = results.get("postgresql_one_worker", {}).get("answers_per_s")
    two = results.get("postgresql_two_workers", {}).get("answers_per_s")
    return {
        "bench": "load",
        "residents": options.residents,
        "at_once": options.at_once,
        "cores": psutil.cpu_count(),
        "framework": options.framework,
        "tagger": "blank:en" if options.tagger else "off",
        "copro_rate_limiter": "telegram" if options.telegram_limits else "open",
        "configurations": results,
        "ratio": round(two / one, 2) if one and two else None,
    }


def _interrupted(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # so that SIGTERM cleans up like Ctrl-C


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--residents", type=int, default=1000)
    parser.add_argument("--at-once", type=int, default=200, help="residents active at a time")
    parser.add_argument("--quick", action="store_true", help="a smoke run: 40 residents")
    parser.add_argument(
        "--only",
        nargs="*",
        choices=[s.name for s in SETUPS],
        help="run just these configurations (default: all three)",
    )
    parser.add_argument("--framework", choices=("aiogram", "ptb"), default="aiogram")
    parser.add_argument("--no-tagger", dest="tagger", action="store_false")
    parser.add_argument(
        "--telegram-limits",
        action="store_true",
        help="keep Copro's limiter at Telegram's 30 messages a second",
    )
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "COPRO_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
        ),
    )
    arguments = parser.parse_args()
    if arguments.quick:
        arguments.residents, arguments.at_once = min(arguments.residents, 40), 20
    signal.signal(signal.SIGTERM, _interrupted)
    try:
        print(json.dumps(asyncio.run(main(arguments))))
    except KeyboardInterrupt:
        console.print("Interrupted: every process was stopped and every schema dropped.")
        sys.exit(130)
