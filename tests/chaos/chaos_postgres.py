"""A PostgreSQL cluster of the test's own, on a free port, that the test may stop and start
(the machine's own PostgreSQL is never touched)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

VERSIONS = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))


class PrivateCluster:
    """initdb in a temporary folder, then `pg_ctl start`/`stop` as the postgres user."""

    def __init__(self, port: int) -> None:
        if not VERSIONS:
            pytest.skip("PostgreSQL's initdb is not installed (/usr/lib/postgresql/*/bin)")
        self.bin = VERSIONS[-1].parent
        self.port = port
        self.folder = Path(tempfile.mkdtemp(prefix="copro-chaos-pg-"))
        self.data = self.folder / "data"
        self.log = self.folder / "postgres.log"
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres")

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.log), "-w",
                  "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def remove(self) -> None:
        """Stop it if it runs, and delete its files."""
        subprocess.run(self._argv("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop"),
                       capture_output=True, check=False)
        shutil.rmtree(self.folder, ignore_errors=True)

    def _argv(self, tool: str, *args: str) -> list[str]:
        argv = [str(self.bin / tool), *args]
        return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv

    def _run(self, tool: str, *args: str) -> None:
        done = subprocess.run(self._argv(tool, *args), capture_output=True, text=True,
                              timeout=60, check=False)
        if done.returncode != 0:
            raise AssertionError(f"{tool} failed ({done.returncode}):\n{done.stdout}\n"
                                 f"{done.stderr}")
