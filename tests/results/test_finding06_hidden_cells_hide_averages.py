"""Issue 12, finding 6: when a cell of a scale question is hidden by the small-cell rule,
its mean and median are hidden too (report, chart caption, alt text), overall and per
group: with the counts and the mean shown, a reader could solve for the hidden cell."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.consultations import load_file
from bot.engine.model import LocalText, Question
from bot.results.charts import question_canvases
from bot.results.model import Count, QuestionResult, Results, RoundResult
from bot.results.questions import summarise_values
from bot.results.report import render_report
from storage.repositories.results import Tally

ROOT = Path(__file__).resolve().parents[2]
ORDERS = {"role": ["resident", "worker"], "language": ["en", "cy"]}
MIN_GROUP = 5


def safety_question() -> Question:
    park = load_file(ROOT / "config" / "consultations" / "victoria-park.yaml").consultation
    return next(q for r in park.rounds for q in r.questions if q.key == "safety_dark")


def summarised(tallies: list[Tally]) -> QuestionResult:
    return summarise_values("discover", safety_question(), tallies, ORDERS,
                            lambda key: LocalText.same(key), MIN_GROUP)  # fmt: skip


# 2 people chose 5: hidden. With the mean shown, 5 * 2 = 26 * mean - (shown sum) gives it.
SMALL_CELL = [
    Tally("resident", "en", 1, 10), Tally("resident", "en", 2, 8),
    Tally("resident", "en", 3, 6), Tally("resident", "en", 5, 2),
    Tally("worker", "en", 4, 6),
]


def test_finding06_a_hidden_scale_cell_hides_the_mean_and_median() -> None:
    q = summarised(SMALL_CELL)

    assert any(not o.count.shown for o in q.options), "the 2 who chose 5 are hidden"
    assert q.scale is not None and (q.scale.mean, q.scale.median) == (None, None)
    residents = next(g for g in q.breakdown("role").groups if g.key == "resident")
    assert any(not c.shown for c in residents.counts.values())
    assert (residents.mean, residents.median) == (None, None)


def test_finding06_a_group_whose_cells_are_all_shown_keeps_its_mean() -> None:
    q = summarised(SMALL_CELL)

    workers = next(g for g in q.breakdown("role").groups if g.key == "worker")
    assert all(c.shown for c in workers.counts.values())
    assert (workers.mean, workers.median) == (4, 4)


def test_finding06_with_no_hidden_cell_the_mean_is_shown() -> None:
    q = summarised([Tally("resident", "en", v, 5) for v in (1, 2, 3, 4, 5)])

    assert q.scale is not None and (q.scale.mean, q.scale.median) == (3, 3)


@pytest.mark.parametrize("language", ["en", "cy"])
def test_finding06_charts_and_report_say_the_averages_are_hidden(language: str) -> None:
    q = summarised(SMALL_CELL)
    round_ = RoundResult("discover", LocalText.same("Discover"), Count(26), Count(26), (), (q,))
    results = Results("victoria-park", LocalText.same("Park"), ("en", "cy"), MIN_GROUP,
                      datetime(2026, 12, 2, tzinfo=UTC), (round_,))
    [(_, canvas, alt), *_] = list(question_canvases(results, q, language))
    caption = " ".join(canvas.subtitle)
    canvas.figure.clear()
    report = html.unescape(render_report(results, [], language))

    hidden = {"en": "hidden to protect small groups", "cy": "wedi'u cuddio i ddiogelu"}
    assert hidden[language] in alt and not re.search(r"\d\.\d", alt)
    assert "hidden" in caption or "cuddio" in caption, caption  # not "mean 2.3"
    assert not re.search(r"(mean|cymedr) [0-9]", caption)
    assert hidden[language] in report
    assert not re.search(r"(mean|cymedr)</?\w*>?: [0-9]", report)
