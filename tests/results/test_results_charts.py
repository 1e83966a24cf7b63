"""Charts a phone can read, with alt text; one HTML report with them inside; Welsh too."""

from __future__ import annotations

import base64
import re
import struct
from pathlib import Path

import pytest
from results_testkit import LATE_TEXT, NAMES, PHONES, SLUG
from sqlmodel import select

from bot.bootstrap import App
from bot.results import Results, build_results
from bot.results.charts import Chart, build_charts
from bot.results.report import render_report
from storage import AnswerRow

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def results(answered: App) -> Results:
    with answered.unit_of_work() as uow:
        return build_results(uow, SLUG, None, answered.clock(), answered.settings.zone)


@pytest.fixture(scope="module")
def charts_en(results: Results) -> list[Chart]:
    return build_charts(results, "en")


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_SIGNATURE
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_every_question_type_gets_its_chart(charts_en: list[Chart]) -> None:
    kinds = {(c.question, c.kind) for c in charts_en}
    for expected in (("visits", "choice"), ("children", "choice"), ("barriers", "multi"),
                     ("safety_dark", "scale"), ("priorities", "rank"),
                     ("change_one", "themes"), ("change_one", "sentiment"),
                     ("visits", "roles")):
        assert expected in kinds
    assert not any(c.question == "unsafe_why" for c in charts_en), "hidden: too few answered"


def test_charts_are_pngs_1080_pixels_wide(charts_en: list[Chart]) -> None:
    for chart in charts_en:
        width, height = png_size(chart.png)
        assert (width, height) == (chart.width, chart.height) and width == 1080
        assert 400 < height < 2400


def test_alt_text_says_what_the_chart_shows_in_a_sentence_or_two(
    charts_en: list[Chart],
) -> None:
    visits = next(c for c in charts_en if c.question == "visits" and c.kind == "choice")
    assert visits.alt.startswith("Bar chart: How often do you visit Victoria Park?")
    assert "36 people answered" in visits.alt and "“Most days” (18 · 50%)" in visits.alt
    for chart in charts_en:
        assert 20 < len(chart.alt) < 1024, "fits a Telegram caption"
        assert chart.alt.count(". ") <= 4


def test_hidden_groups_are_named_as_hidden_in_the_role_chart(
    results: Results, charts_en: list[Chart]
) -> None:
    assert not any(c.round == "design" and c.kind == "roles" for c in charts_en), (
        "three workers hide the residents too, so there is nothing to compare"
    )
    roles = next(c for c in charts_en if c.question == "visits" and c.kind == "roles")
    assert "Residents (30)" in roles.alt and "Frontline workers (6)" in roles.alt


def test_welsh_charts_have_welsh_titles_and_labels(results: Results) -> None:
    charts = build_charts(results, "cy")
    visits = next(c for c in charts if c.question == "visits" and c.kind == "choice")
    assert "Pa mor aml ydych chi'n ymweld â Pharc Victoria?" in visits.alt
    assert "36 o bobl wedi ateb" in visits.alt and "Bron bob dydd" in visits.alt
    roles = next(c for c in charts if c.question == "visits" and c.kind == "roles")
    assert "Preswylwyr (30)" in roles.alt and "Gweithwyr rheng flaen (6)" in roles.alt
    themes = next(c for c in charts if c.question == "change_one" and c.kind == "themes")
    assert "Parciau a'r amgylchedd" in themes.alt


def test_the_report_is_one_html_file_with_the_charts_and_their_alt_text(
    results: Results, charts_en: list[Chart], answered: App, tmp_path: Path
) -> None:
    html = render_report(results, charts_en, "en")
    images = re.findall(r'<img src="data:image/png;base64,([^"]+)" alt="([^"]+)"', html)
    assert len(images) == len(charts_en)
    for data, alt in images:
        assert png_size(base64.b64decode(data))[0] == 1080 and alt
    assert "Groups of fewer than 5 people are hidden" in html
    assert "http://" not in html and "https://" not in html and "<script" not in html
    assert "<h2>Round: What works and what doesn&#x27;t</h2>" in html
    assert "Fewer than 5 people answered this question" in html  # unsafe_why
    (tmp_path / "report.html").write_text(html, encoding="utf-8")


def test_the_report_holds_no_raw_free_text(results: Results, charts_en: list[Chart],
                                          answered: App) -> None:
    html = render_report(results, charts_en, "en")
    for secret in (*PHONES, *NAMES, LATE_TEXT):
        assert secret not in html
    with answered.unit_of_work() as uow:
        raw = uow.session.exec(select(AnswerRow.text).where(AnswerRow.text.is_not(None))).all()
    personal = [t for t in raw if any(s in t for s in (*PHONES, *NAMES))]
    assert personal and not any(text in html for text in personal)
    assert "<blockquote>" in html
    assert "[PHONE]" in html or "[NAME]" in html, "quotes are the redacted text"


def test_the_welsh_report_is_in_welsh(results: Results) -> None:
    html = render_report(results, build_charts(results, "cy"), "cy")
    assert '<html lang="cy">' in html
    assert "Mae grwpiau o lai na 5 o bobl wedi&#x27;u cuddio" in html
    assert "Pwy gymerodd ran" in html and "Preswylwyr" in html
