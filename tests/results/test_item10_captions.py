"""Issue 16 item 10: captions and counts read as sentences, with proper plurals, even when
every figure is hidden ("The most chosen answer was no option reached 5 people." before)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.consultations import load_file
from bot.engine.model import LocalText, Question
from bot.i18n.catalogue import load_catalogue
from bot.results.charts import question_canvases
from bot.results.model import Count, Results, RoundResult
from bot.results.questions import summarise_values
from storage.repositories.results import Tally

ROOT = Path(__file__).resolve().parents[2]
ORDERS = {"role": ["resident"], "language": ["en"]}
MIN_GROUP = 5
CATALOGUE = load_catalogue(ZoneInfo("Europe/London"))


def visits() -> Question:
    park = load_file(ROOT / "config" / "consultations" / "victoria-park.yaml").consultation
    return next(q for r in park.rounds for q in r.questions if q.key == "visits")


@pytest.mark.parametrize("language", ["en", "cy"])
def test_item10_a_chart_whose_every_count_is_hidden_says_so_in_a_sentence(
    language: str,
) -> None:
    spread = [Tally("resident", "en", key, 2) for key in ("most_days", "weekly", "monthly")]
    q = summarise_values("discover", visits(), spread, ORDERS,
                         lambda key: LocalText.same(key), MIN_GROUP)  # fmt: skip
    assert not any(o.count.shown and o.count.value for o in q.options), "2 each: all hidden"
    round_ = RoundResult("discover", LocalText.same("Discover"), Count(6), Count(6), (), (q,))
    results = Results("victoria-park", LocalText.same("Park"), ("en", "cy"), MIN_GROUP,
                      datetime(2026, 12, 2, tzinfo=UTC), (round_,))
    [(_, canvas, alt), *_] = list(question_canvases(results, q, language))
    canvas.figure.clear()
    assert "was no option" not in alt and "-." not in alt and "oedd ni" not in alt
    named = {"en": "No answer was chosen by 5 or more people", "cy": "Ni ddewisodd 5 neu fwy"}
    assert named[language] in alt


@pytest.mark.parametrize(("n", "language", "expected"), [
    (1, "en", "1 chart follows."),
    (3, "en", "3 charts follow."),
    (1, "cy", "Mae 1 siart yn dilyn."),
    (3, "cy", "Mae 3 o siartiau'n dilyn."),
])
def test_item10_counts_in_officer_messages_take_the_right_plural(
    n: int, language: str, expected: str
) -> None:
    assert CATALOGUE.text("officer_results_charts", language, n=n).startswith(expected)
    assert "(s)" not in CATALOGUE.text("officer_results_more", language, n=n, slug="x")


def test_item10_no_message_in_the_catalogue_writes_a_plural_as_s_in_brackets() -> None:
    for language in ("en", "cy"):
        for key in CATALOGUE.keys(language):
            raw = CATALOGUE._raw(key, language)
            texts = list(raw.values()) if isinstance(raw, dict) else [raw]
            for text in texts:
                assert not (isinstance(text, str) and "(s)" in text), (language, key)
