"""Measured, not assumed: the held-out test split must keep the figures reached when tuning.

The rules were tuned on nlp/data/themes-tune.jsonl only; nlp/data/themes-test.jsonl was set
aside once (nlp/data/make_split.py). A change that loses more than MARGIN fails here, both
without and with each answer's question as context (nlp/data/sources.yaml, nlp/question.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp import Tagger, load_taxonomy
from nlp.evaluation import (
    Evaluation,
    contexts_of,
    evaluate_predictions,
    read_contexts,
    read_labelled,
)

TEST_SPLIT = Path(__file__).resolve().parents[2] / "nlp" / "data" / "themes-test.jsonl"
SOURCES = TEST_SPLIT.with_name("sources.yaml")
MARGIN = 0.02
# figures reached on the test split (see nlp/data/README.md); a new figure below the one here
# does not lower it (blank:en measured 0.6668 after the vocabulary rework, kept at 0.668)
REACHED = {
    "blank": {"theme_macro_f1": 0.668, "sentiment_macro_f1": 0.727},
    "model": {"theme_macro_f1": 0.660, "sentiment_macro_f1": 0.727},
}
# with the question as context (measured once after tuning on the tune split's folds:
# blank:en 0.6960, model 0.6888; sentiment does not use the question)
REACHED_WITH_CONTEXT = {
    "blank": {"theme_macro_f1": 0.696, "sentiment_macro_f1": 0.727},
    "model": {"theme_macro_f1": 0.689, "sentiment_macro_f1": 0.727},
}


def _evaluate(tagger: Tagger, with_context: bool = False) -> Evaluation:
    rows = read_labelled(TEST_SPLIT)
    contexts = contexts_of(rows, read_contexts(SOURCES)) if with_context else None
    results = tagger.tag_many(
        [r["text"] for r in rows], [r.get("language") for r in rows], contexts
    )
    return evaluate_predictions(
        rows, [r.themes for r in results], [r.sentiment for r in results], load_taxonomy().keys
    )


@pytest.mark.parametrize("path", ["blank", "model"])
def test_the_test_split_keeps_the_reached_figures(
    request: pytest.FixtureRequest, path: str
) -> None:
    evaluation = _evaluate(request.getfixturevalue(f"{path}_tagger"))
    figures = evaluation.figures()
    print(path, {k: v for k, v in figures.items() if k != "per_theme"})
    for name, reached in REACHED[path].items():
        assert figures[name] >= reached - MARGIN, (name, figures[name], reached)


@pytest.mark.parametrize("path", ["blank", "model"])
def test_the_test_split_keeps_the_figures_reached_with_the_question(
    request: pytest.FixtureRequest, path: str
) -> None:
    evaluation = _evaluate(request.getfixturevalue(f"{path}_tagger"), with_context=True)
    figures = evaluation.figures()
    print(path, "with context", {k: v for k, v in figures.items() if k != "per_theme"})
    for name, reached in REACHED_WITH_CONTEXT[path].items():
        assert figures[name] >= reached - MARGIN, (name, figures[name], reached)


def test_the_split_is_the_committed_one() -> None:
    tune = read_labelled(TEST_SPLIT.with_name("themes-tune.jsonl"))
    test = read_labelled(TEST_SPLIT)
    assert (len(tune), len(test)) == (358, 202)
    assert not {(r["source"], r["id"]) for r in tune} & {(r["source"], r["id"]) for r in test}
