"""``copro nlp train``: classifier and rules scored by leave-one-source-out, then the model."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from typing import TYPE_CHECKING

from spacy.language import Language

from nlp.classifier import Record, fold_trainer, train_textcat
from nlp.evaluation import evaluate_predictions
from nlp.loso import Row, group_by_source, textcat_by_fold

if TYPE_CHECKING:
    from nlp.tagger import Tagger


def rules_by_source(tagger: Tagger, rows: Sequence[Row], keys: Sequence[str]) -> dict[str, float]:
    """Each source's theme macro-F1 with the rules (never fitted to any source)."""
    results = tagger.tag_many([str(r["text"]) for r in rows], [r.get("language") for r in rows])
    figures: dict[str, float] = {}
    for source, indices in group_by_source(rows).items():
        held = [rows[i] for i in indices]
        themes = [results[i].themes for i in indices]
        evaluation = evaluate_predictions(held, themes, ["neutral"] * len(held), keys)
        figures[source] = evaluation.theme_macro_f1
    return figures


def train_with_record(
    rows: Sequence[Row],
    keys: Sequence[str],
    tagger: Tagger,
    seed: int = 0,
    files: Sequence[str] = (),
) -> tuple[Language, Record]:
    """Score both by leave-one-source-out, then train the classifier on every row."""
    sources = group_by_source(rows)
    if len(sources) < 2:
        raise ValueError("leave-one-source-out needs rows from at least two sources")
    textcat = textcat_by_fold(rows, fold_trainer(keys, seed), keys)
    rules = rules_by_source(tagger, rows, keys)
    record = Record(
        textcat_theme_macro_f1=round(statistics.mean(textcat.values()), 4),
        rules_theme_macro_f1=round(statistics.mean(rules.values()), 4),
        seed=seed,
        rows=len(rows),
        per_source={
            s: {"textcat": round(textcat[s], 4), "rules": round(rules[s], 4)} for s in sources
        },
        files=list(files),
    )
    return train_textcat(rows, keys, seed), record
