"""The HTML report in Chromium passes axe-core: one `main` landmark, everything in regions."""

from __future__ import annotations

from pathlib import Path

import pytest
from results_testkit import SLUG

from bot.bootstrap import App
from bot.results import build_results
from bot.results.charts import build_charts
from bot.results.report import render_report
from tests.support.browser import axe_violations, chromium_page


@pytest.fixture(scope="module")
def report(answered: App) -> str:
    with answered.unit_of_work() as uow:
        results = build_results(uow, SLUG, None, answered.clock(), answered.settings.zone)
    return render_report(results, build_charts(results, "en"), "en")


async def test_item06_the_report_has_a_main_landmark_and_passes_axe_core(
    report: str, tmp_path: Path
) -> None:
    page_file = tmp_path / "report.html"
    page_file.write_text(report, encoding="utf-8")
    async with chromium_page(1280, 800) as page:
        await page.goto(page_file.as_uri())
        assert await page.get_by_role("main").count() == 1
        assert await axe_violations(page) == []
