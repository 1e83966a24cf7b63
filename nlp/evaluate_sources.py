"""Run the tagger over labelled sources and collect their leave-one-source-out figures."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from nlp.evaluation import evaluate_predictions
from nlp.loso import (
    DATA,
    FoldTrainer,
    NameCounts,
    Row,
    SourceFigures,
    Summary,
    count_names,
    group_by_source,
    read_corpus,
    score_source,
    textcat_by_fold,
)

if TYPE_CHECKING:
    from nlp.tagger import Tagger

NAME_PROBES = DATA / "names" / "names-check.jsonl"


def evaluate_by_source(
    tagger: Tagger,
    rows: Sequence[Row],
    keys: Sequence[str],
    tuned: frozenset[str] = frozenset(),
    contexts: Sequence[str | None] | None = None,
    trainer: FoldTrainer | None = None,
    probes: Sequence[Path] = (NAME_PROBES,),
) -> Summary:
    """Tag every row once, score each source apart; `trainer` adds a per-fold classifier."""
    results = tagger.tag_many(
        [str(r.get("text", "")) for r in rows], [r.get("language") for r in rows], contexts
    )
    textcat = textcat_by_fold(rows, trainer, keys) if trainer is not None else {}
    sources: list[SourceFigures] = []
    for source, indices in group_by_source(rows).items():
        figures = score_source(
            source,
            [rows[i] for i in indices],
            [results[i].themes for i in indices],
            [results[i].sentiment_detail for i in indices],
            [results[i].pii for i in indices],
            keys,
            tuned,
        )
        if source in textcat:
            figures = replace(figures, textcat_theme_macro_f1=textcat[source])
        sources.append(figures)
    pooled = evaluate_predictions(
        rows, [r.themes for r in results], [r.sentiment_detail for r in results], keys
    )
    return Summary(sources, probe_names(tagger, probes), pooled)


def probe_names(tagger: Tagger, probes: Sequence[Path]) -> NameCounts:
    """Name recall and false alarms on the probe files (texts with a ``names`` field)."""
    rows = read_corpus(probes) if probes else []
    if not rows:
        return NameCounts()
    results = tagger.tag_many([str(r["text"]) for r in rows], [r.get("language") for r in rows])
    return count_names(rows, [r.pii for r in results])
