"""`copro sandbox` serves the web channel too: a newcomer opens the address it prints and
completes a consultation in the browser with no Telegram; the answers are stored."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from bot.bootstrap import App
from bot.cli.bot_commands import import_shipped
from bot.cli.sandbox_web import DEFAULT_WEB_PORT, consultation_addresses, with_local_public_url
from config.settings import Settings
from storage.identity import Identity
from tests.web.webkit import Resident

COPRO = Path(sys.executable).with_name("copro")
START_TIMEOUT = 120.0
WEB_LINE = re.compile(r"take part on the web at (http://\S+/c/([a-z0-9-]+))")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def sandbox_env(database: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COPRO_")}
    return env | {"COPRO_DATABASE_URL": f"sqlite:///{database}", "COPRO_NLP_MODEL": "blank:en",
                  "COPRO_PUBLIC_URL": "https://consult.example.gov.uk"}  # fmt: skip


def printed(log: Path, process: subprocess.Popen[bytes], pattern: re.Pattern[str]) -> list[str]:
    """Wait for the sandbox to say it is running; every line matching `pattern`."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        text = log.read_text(errors="replace")
        if "Press Ctrl+C to stop." in text:
            return [m[0] for m in pattern.finditer(text)]
        assert process.poll() is None, f"the sandbox exited:\n{text[-3000:]}"
        time.sleep(0.2)
    raise AssertionError(f"the sandbox did not start:\n{log.read_text()[-3000:]}")


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """`copro sandbox` as a process on free ports; its output and its database file."""
    log, database = tmp_path / "sandbox.log", tmp_path / "copro.db"
    argv = [str(COPRO), "sandbox", "--port", str(free_port()), "--web-port", str(free_port())]
    with log.open("wb") as out:
        process = subprocess.Popen(argv, cwd=tmp_path, env=sandbox_env(database), stdout=out,
                                   stderr=subprocess.STDOUT)  # fmt: skip
    try:
        printed(log, process, WEB_LINE)
        yield log.read_text(), database
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def first_choices(resident: Resident) -> list[tuple[str, str]]:
    """An answer to whatever the page asks: the first of each choice, words in a text box."""
    form = resident.form()
    assert not form.selects, "this walk-through does not rank"
    picked = [(name, values[0]) for name, values in form.choices.items()]
    return picked + [(name, "More benches near the pond") for name in form.textareas]


async def test_the_web_address_the_sandbox_prints_takes_a_whole_round(
    sandbox: tuple[str, Path],
) -> None:
    output, database = sandbox
    addresses = {slug: url for url, slug in WEB_LINE.findall(output)}
    assert "victoria-park" in addresses, output
    base = addresses["victoria-park"].removesuffix("/c/victoria-park")
    assert base.startswith("http://127.0.0.1:")  # local, not COPRO_PUBLIC_URL's https address
    jar = aiohttp.CookieJar(unsafe=True)  # as a browser does, keep cookies from 127.0.0.1
    async with aiohttp.ClientSession(base, cookie_jar=jar) as http:
        resident = Resident(http)  # type: ignore[arg-type]  # a ClientSession does as well
        await resident.open("/c/victoria-park")
        assert resident.status == 200 and "Victoria Park" in resident.html
        assert await resident.post(resident.form(), [("consent", "yes")]) == 303
        if resident.form().hidden.get("do") == "role":
            await resident.post(resident.form(), [("role", "resident")])
        asked = 0
        while resident.question() is not None:
            asked += 1
            assert asked <= 20, "the round never ended"
            assert await resident.post(resident.form(), [*first_choices(resident),
                                                         ("do", "answer")]) == 303
        assert "Thank you" in resident.html
        key = next(c for c in jar if c.key == "copro_participant").value.split(".")[0]

    stored = App(Settings(database_url=f"sqlite:///{database}"))
    try:
        with stored.reading() as uow:
            person = uow.participants.find(Identity.web(key))
            assert person is not None and person.channel == "web"
            answers = uow.answers.for_participant(person.id or 0)
    finally:
        stored.database.dispose()
    assert len(answers) == asked
    assert "More benches near the pond" in [answer.text for answer in answers]


def test_a_busy_web_port_names_it_and_suggests_another(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        argv = [str(COPRO), "sandbox", "--port", str(free_port()), "--web-port", str(port)]
        done = subprocess.run(argv, cwd=tmp_path, env=sandbox_env(tmp_path / "copro.db"),
                              capture_output=True, text=True, timeout=120)  # fmt: skip
    said = done.stdout + done.stderr
    assert done.returncode == 2, said
    assert f"Port {port} is already in use, so the web channel cannot start" in said
    assert f"--web-port {port + 1}" in said
    assert "Traceback" not in said


def test_the_readme_shows_the_web_addresses_the_sandbox_prints(tmp_path: Path) -> None:
    settings = with_local_public_url(Settings(database_url=f"sqlite:///{tmp_path / 'copro.db'}"),
                                     "127.0.0.1", DEFAULT_WEB_PORT)  # fmt: skip
    app = App(settings)
    app.migrate()
    try:
        import_shipped(app)
        addresses = consultation_addresses(app)
    finally:
        app.database.dispose()
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    assert "http://127.0.0.1:8000/c/victoria-park" in addresses
    for address in addresses:
        assert f"Without Telegram, take part on the web at {address}\n" in readme
