"""Chromium and axe-core for browser tests, and the Bot API spoken as the bot would.

axe-core comes from the npm package pinned in tests/browser/package.json (scripts/test runs
`npm ci` there). Without it the axe checks are skipped, except under CI, where they fail.
"""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiohttp
import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
AXE = Path(__file__).resolve().parents[1] / "browser" / "node_modules" / "axe-core" / "axe.min.js"


def need_axe() -> Path:
    """The axe-core script; skips (or fails under CI) when npm has not installed it."""
    if not AXE.exists():
        message = f"{AXE} is missing: run `npm ci --prefix tests/browser`"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return AXE


async def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Every axe-core violation on the page as it is now: rule id, impact, and where."""
    await page.add_script_tag(path=str(need_axe()))
    found = await page.evaluate(
        """async () => (await axe.run(document)).violations.map((v) => ({
            id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(" ")),
        }))"""
    )
    return list(found)


@asynccontextmanager
async def chromium_page(width: int = 390, height: int = 844) -> AsyncIterator[Any]:
    """A page in Debian's Chromium (the test is skipped when it is not installed)."""
    if not CHROMIUM.exists():
        pytest.skip(f"no browser: {CHROMIUM} is missing (apt-get install chromium)")
    playwright_api = pytest.importorskip("playwright.async_api")
    async with playwright_api.async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        try:
            page = await browser.new_page(viewport={"width": width, "height": height})
            page.set_default_timeout(5000)
            yield page
        finally:
            await browser.close()


class BotCalls:
    """Bot API methods called as the bot would call them."""

    def __init__(self, session: aiohttp.ClientSession, root: str) -> None:
        self.session, self.root = session, root

    async def __call__(self, method: str, **params: Any) -> Any:
        fields = aiohttp.FormData()
        for key, value in params.items():
            if isinstance(value, bytes):
                fields.add_field(key, value, filename=f"{key}.bin")
            else:
                fields.add_field(key, value if isinstance(value, str) else json.dumps(value))
        async with self.session.post(f"{self.root}/{method}", data=fields) as response:
            body = await response.json()
            assert body["ok"], body
            return body["result"]
