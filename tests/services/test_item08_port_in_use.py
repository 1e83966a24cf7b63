"""Issue 16 item 8: a port already in use gets one plain sentence naming it, not a traceback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

COPRO = Path(sys.executable).with_name("copro")


def test_item08_the_sandbox_on_a_busy_port_names_it_and_suggests_another(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = os.environ | {"COPRO_DATABASE_URL": f"sqlite:///{tmp_path / 'copro.db'}"}
        done = subprocess.run([str(COPRO), "sandbox", "--port", str(port)], cwd=tmp_path,
                              env=env, capture_output=True, text=True, timeout=120)
    said = done.stdout + done.stderr
    assert done.returncode == 2, said
    assert f"Port {port} is already in use" in said
    assert f"--port {port + 1}" in said
    assert "Traceback" not in said and len(said.splitlines()) < 30  # the start lines, then one
