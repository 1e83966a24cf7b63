"""Every operations test runs in its own folder with no COPRO_* setting from outside."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def clean_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no stray .env file is read
    for name in list(os.environ):
        if name.startswith("COPRO_") and name != "COPRO_TEST_DATABASE_URL":
            monkeypatch.delenv(name)
