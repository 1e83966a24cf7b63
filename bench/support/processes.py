"""Start, watch and stop bench/load.py's processes, and sample their memory and CPU."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

MB = 1024 * 1024


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_port(port: int, process: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    """Until something accepts connections on the port; RuntimeError if the process died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"process {process.args!r} exited with {process.returncode}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listens on port {port} after {timeout}s")


@dataclass
class Fleet:
    """Every process one configuration started; `stop()` ends them all, gently then not."""

    logs: Path
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def start(self, name: str, argv: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
        log = (self.logs / f"{name}.log").open("wb")
        process = subprocess.Popen(
            argv,
            env={**os.environ, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes[name] = process
        return process

    def log_tail(self, name: str, lines: int = 15) -> str:
        path = self.logs / f"{name}.log"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self, grace: float = 10.0) -> None:
        """SIGINT (Copro's graceful stop), then SIGKILL what is still running after `grace`."""
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGINT)
        deadline = time.monotonic() + grace
        for process in self.processes.values():
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.processes.clear()


class Sampler:
    """Samples the processes' RSS every `every` seconds in a thread; keeps each one's peak."""

    def __init__(self, pids: dict[str, int], every: float = 0.2) -> None:
        self._procs = {name: psutil.Process(pid) for name, pid in pids.items()}
        self.peak_mb = {name: 0.0 for name in pids}
        self._every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._cpu_start = self.cpu_seconds()
        self._wall_start = time.monotonic()
        self.machine_busy = 0.0  # share of all cores busy meanwhile, whoever used them

    def rss_mb(self) -> dict[str, float]:
        """Each process's resident memory now."""
        return {name: p.memory_info().rss / MB for name, p in self._procs.items()}

    def cpu_seconds(self) -> dict[str, float]:
        times = {name: p.cpu_times() for name, p in self._procs.items()}
        return {name: t.user + t.system for name, t in times.items()}

    def start(self) -> None:
        self._cpu_start, self._wall_start = self.cpu_seconds(), time.monotonic()
        psutil.cpu_percent(None)
        self._thread.start()

    def stop(self) -> dict[str, float]:
        """Stop sampling; each process's CPU use meanwhile, as a share of one core."""
        self._stop.set()
        self._thread.join()
        self.machine_busy = round(psutil.cpu_percent(None) / 100, 2)
        wall = max(time.monotonic() - self._wall_start, 1e-9)
        now = self.cpu_seconds()
        return {name: round((now[name] - self._cpu_start[name]) / wall, 2) for name in now}

    def _run(self) -> None:
        while not self._stop.wait(self._every):
            try:
                for name, rss in self.rss_mb().items():
                    self.peak_mb[name] = max(self.peak_mb[name], rss)
            except psutil.Error:
                return
