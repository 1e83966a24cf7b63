"""Measured, not assumed: the leave-one-source-out figures must keep what was reached.

Every labelled source (nlp/data/themes-*.jsonl and nlp/data/labelled/) is scored on its own by
the rules, which were never fitted to it; the sources read while tuning are listed in
nlp/data/tuning.yaml and the unseen ones are checked apart (``copro nlp evaluate --by-source``
prints the same figures). A change that loses more than MARGIN on a mean, or SOURCE_MARGIN on
one source (a source of 40-100 comments moves by a few points for one answer), fails here, for
both blank:en and the small model. The figures below are the ones reached, not the aims of the
issue (theme macro-F1 0.76, sentiment macro-F1 0.65 on every source): see nlp/data/README.md.
"""

from __future__ import annotations

from functools import cache

import pytest

from nlp import Tagger, load_taxonomy
from nlp.evaluate_sources import evaluate_by_source
from nlp.loso import Summary, default_corpus, read_corpus, read_tuned_sources

MARGIN = 0.02
SOURCE_MARGIN = 0.05
MAX_FALSE_ALARMS = 1 / 50  # names flagged in texts with no name, real comments and probes
# reached (3 December 2026): mean theme macro-F1 blank:en 0.682, model 0.681; the rest agree
# to the third decimal
MEANS = {"theme_macro_f1": 0.680, "sentiment_macro_f1": 0.668}
MEANS_UNSEEN = {"theme_macro_f1": 0.627, "sentiment_macro_f1": 0.600}
NAME_PROBE_RECALL = 1.0
SOURCES = {  # source: (theme macro-F1, sentiment macro-F1)
    "bg2050-volunteers": (0.792, 0.794),
    "london.youth.policing": (0.654, 0.541),
    "scoop-hivemind.affordable-housing": (0.663, 0.716),  # blank:en 0.682
    "american-assembly.bowling-green": (0.740, 0.636),
    "biodiversity": (0.535, 0.505),
    "nhs-fft.trust-a": (0.866, 0.834),
    "nhs-fft.trust-b": (0.683, 0.548),
    "nhs-fft.trust-c": (0.552, 0.713),
    "scoop-hivemind.taxes": (0.640, 0.730),
}


@cache
def _summary(tagger: Tagger) -> Summary:
    rows = read_corpus(default_corpus())
    return evaluate_by_source(tagger, rows, load_taxonomy().keys, read_tuned_sources())


@pytest.fixture(params=["blank", "model"])
def summary(request: pytest.FixtureRequest) -> Summary:
    result = _summary(request.getfixturevalue(f"{request.param}_tagger"))
    print(request.param, result.means(), "unseen", result.means(unseen_only=True))
    return result


def test_the_means_over_held_out_sources_hold(summary: Summary) -> None:
    means, unseen = summary.means(), summary.means(unseen_only=True)
    for name, reached in MEANS.items():
        assert (means[name] or 0) >= reached - MARGIN, (name, means[name], reached)
    for name, reached in MEANS_UNSEEN.items():
        assert (unseen[name] or 0) >= reached - MARGIN, ("unseen", name, unseen[name], reached)


def test_every_source_keeps_its_figures(summary: Summary) -> None:
    for figures in summary.sources:
        theme, sentiment = SOURCES[figures.source]
        got = (figures.evaluation.theme_macro_f1, figures.sentiment_macro_f1)
        assert got[0] >= theme - SOURCE_MARGIN, (figures.source, "themes", got[0], theme)
        assert got[1] >= sentiment - SOURCE_MARGIN, (figures.source, "sentiment", got[1], sentiment)


def test_names_are_found_and_false_alarms_stay_under_one_in_fifty(summary: Summary) -> None:
    probes = summary.probes
    assert (probes.recall or 0) >= NAME_PROBE_RECALL - MARGIN, probes
    real = sum((s.names for s in summary.sources), probes.__class__())
    assert real.recall == 1.0, real  # the few names in real comments
    alarms, clean = real.false_alarms + probes.false_alarms, real.clean + probes.clean
    assert alarms / clean <= MAX_FALSE_ALARMS, (alarms, clean)


def test_the_corpus_is_the_committed_one() -> None:
    rows = read_corpus(default_corpus())
    sources = {str(r["source"]) for r in rows}
    assert sources == set(SOURCES)
    assert len(rows) == 560 + 515
    assert read_tuned_sources() < sources
    keys = [(r["source"], r["id"]) for r in rows]
    assert len(keys) == len(set(keys))
