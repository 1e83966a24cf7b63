"""`copro web` serves the web channel on this machine only, unless told otherwise."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from bot.cli import app
from tests.support.keys import TEST_SECRET_KEY


def test_copro_web_binds_127_0_0_1_port_8000_and_names_the_public_address(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    served: list[tuple[Any, str, int]] = []
    monkeypatch.setattr("bot.web.server.serve", lambda s, h, p: served.append((s, h, p)))
    monkeypatch.setenv("COPRO_DATABASE_URL", f"sqlite:///{tmp_path / 'copro.db'}")
    monkeypatch.setenv("COPRO_PUBLIC_URL", "https://consult.example.gov.uk/")
    monkeypatch.setenv("COPRO_SECRET_KEY", TEST_SECRET_KEY)

    result = CliRunner().invoke(app, ["web"])

    assert result.exit_code == 0, result.output
    assert "https://consult.example.gov.uk/c/SLUG" in result.output
    services, host, port = served[0]
    assert (host, port) == ("127.0.0.1", 8000)
    assert services.secure_cookies


def test_finding01_copro_web_refuses_the_development_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    served: list[Any] = []
    monkeypatch.setattr("bot.web.server.serve", lambda *given: served.append(given))
    monkeypatch.setenv("COPRO_DATABASE_URL", f"sqlite:///{tmp_path / 'copro.db'}")
    monkeypatch.delenv("COPRO_SECRET_KEY", raising=False)

    result = CliRunner().invoke(app, ["web"])

    assert result.exit_code == 2
    assert "copro web will not start" in result.output
    assert served == []
