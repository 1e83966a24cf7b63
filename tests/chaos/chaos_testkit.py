"""Real processes for the resilience tests: the sandbox and the bot, each an OS process of its
own with its output in a file, started on a free port, waited for by polling, and killed
at the end of the test whatever happened.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

import aiohttp

from bot.bootstrap import App
from bot.cli.bot_commands import import_shipped
from bot.sandbox import SandboxClient
from bot.sandbox.core import DEFAULT_TOKEN
from config.settings import Settings
from tests.support.keys import TEST_SECRET_KEY

ROOT = Path(__file__).resolve().parents[2]
COPRO = Path(sys.executable).parent / "copro"
HERE = Path(__file__).resolve().parent
SECRET_KEY = TEST_SECRET_KEY  # `copro run` refuses a guessable key
START_TIMEOUT = 90.0
T = TypeVar("T")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def wait_until(
    probe: Callable[[], Awaitable[T | None]], what: str, timeout: float, every: float = 0.1
) -> T:
    """Poll `probe` until it returns something other than None or False; fail naming `what`."""
    deadline = time.monotonic() + timeout
    while True:
        with contextlib.suppress(aiohttp.ClientError, OSError):
            found = await probe()
            if found is not None and found is not False:
                return found
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        await asyncio.sleep(every)


class Process:
    """A child process in a session of its own, its stdout and stderr in `log`."""

    def __init__(self, name: str, argv: list[str], env: dict[str, str], log: Path) -> None:
        self.name, self.argv, self.env, self.log = name, argv, env, log
        self.popen: subprocess.Popen[bytes] | None = None

    def start(self) -> Process:
        with self.log.open("ab") as out:
            out.write(f"--- start {self.name}: {' '.join(self.argv)}\n".encode())
            out.flush()
            self.popen = subprocess.Popen(
                self.argv, env=self.env, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT,
                start_new_session=True, preexec_fn=_die_with_parent,
            )
        return self

    @property
    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def kill(self) -> None:
        """SIGKILL: no goodbye, as in a crash or an OOM kill."""
        if self.popen is not None and self.alive:
            os.kill(self.popen.pid, signal.SIGKILL)
            self.popen.wait(10)

    def stop(self) -> None:
        """SIGTERM, then SIGKILL if it has not gone in 10 seconds."""
        if self.popen is None or not self.alive:
            return
        self.popen.terminate()
        try:
            self.popen.wait(10)
        except subprocess.TimeoutExpired:
            self.kill()

    def tail(self, lines: int = 40) -> str:
        if not self.log.exists():
            return ""
        text = self.log.read_text(errors="replace").splitlines()
        return "\n".join(text[-lines:])

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


def _die_with_parent() -> None:
    """Linux: SIGKILL this child if the test run itself is killed (no teardown runs then)."""
    with contextlib.suppress(Exception):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


class Lab:
    """Every process a test started; `close` kills them all and prints their logs' tails
    (pytest shows them when the test failed)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.processes: list[Process] = []

    def spawn(self, name: str, argv: list[str], env: dict[str, str]) -> Process:
        process = Process(name, argv, env, self.folder / f"{name}.log").start()
        self.processes.append(process)
        return process

    def close(self) -> None:
        for process in reversed(self.processes):
            with contextlib.suppress(Exception):
                process.stop()
        for process in self.processes:
            print(f"\n===== {process.name} ({process.log}) =====\n{process.tail()}")

    async def sandbox(self, validate: bool = False) -> str:
        """The sandbox as a process of its own; returns its URL once it answers."""
        port = free_port()
        argv = [sys.executable, "-m", "bot.sandbox", "--port", str(port)]
        process = self.spawn("sandbox", argv + ([] if validate else ["--no-validate"]),
                             dict(os.environ))
        url = f"http://127.0.0.1:{port}"

        async def answers() -> bool:
            assert process.alive, f"the sandbox exited:\n{process.tail()}"
            async with SandboxClient(url) as client:
                return bool(await client.bot_info())

        await wait_until(answers, "the sandbox to answer", START_TIMEOUT)
        return url

    async def bot(
        self, name: str, sandbox_url: str, database_url: str, *extra: str,
        env: dict[str, str] | None = None,
    ) -> Process:
        """`copro run` polling the sandbox (or `--webhook ...` in `extra`), once it is ready."""
        environment = bot_env(sandbox_url, database_url) | (env or {})
        async with SandboxClient(sandbox_url) as client:
            before = len(await client.calls("deleteWebhook"))
            process = self.spawn(name, [str(COPRO), "run", *extra], environment)

            async def ready() -> bool:
                assert process.alive, f"{name} exited:\n{process.tail()}"
                if "--webhook" in extra:
                    return await webhook_ready(extra)
                return len(await client.calls("deleteWebhook")) > before  # polling starts

            await wait_until(ready, f"{name} to be ready", START_TIMEOUT)
        return process


async def webhook_ready(argv: tuple[str, ...]) -> bool:
    port = argv[argv.index("--port") + 1]
    timeout = aiohttp.ClientTimeout(total=2)
    async with (
        aiohttp.ClientSession(timeout=timeout) as http,
        http.get(f"http://127.0.0.1:{port}/healthz") as response,
    ):
        return response.status < 500


def bot_env(sandbox_url: str, database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COPRO_")}
    return env | {
        "COPRO_BOT_TOKEN": DEFAULT_TOKEN,
        "COPRO_TELEGRAM_API_URL": sandbox_url,
        "COPRO_DATABASE_URL": database_url,
        "COPRO_SECRET_KEY": SECRET_KEY,
        "COPRO_CONSULTATIONS_DIR": str(HERE),
        "COPRO_LOG_LEVEL": "INFO",
    }


def prepare_database(database_url: str) -> App:
    """Create the schema and import the chaos consultation; returns an App to read it with."""
    app = App(Settings(database_url=database_url, secret_key=SECRET_KEY,
                       consultations_dir=HERE))
    app.migrate()
    import_shipped(app)
    return app
