"""Leave-one-source-out figures: each labelled source scored by what was never fitted to it.

The rules are not refit per fold: for them, "leave one source out" means scoring each source
with rules that were never tuned on it. `nlp/data/tuning.yaml` lists the sources that *were*
read while tuning; their figures flatter the rules, so the summary gives the mean over the
other (unseen) sources apart. A trained classifier is trained per fold for real
(`nlp/classifier.py`).
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from nlp.evaluation import (
    SENTIMENTS_WITH_MIXED,
    Evaluation,
    Score,
    evaluate_predictions,
    read_labelled,
    score_labels,
)
from nlp.taxonomy import SAFE_LOADER

DATA = Path(__file__).resolve().parent / "data"
TUNING = DATA / "tuning.yaml"
Row = dict[str, Any]
Pii = Sequence[tuple[str, int, int]] | Sequence[dict[str, Any]]
# trains on the rows of the other sources, returns the themes it predicts for the held-out rows
FoldTrainer = Callable[[Sequence[Row], Sequence[Row]], list[list[str]]]


def default_corpus() -> list[Path]:
    """The 560 comments of the first three sources and every file in ``data/labelled/``."""
    labelled = sorted((DATA / "labelled").glob("*.jsonl"))
    return [DATA / "themes-tune.jsonl", DATA / "themes-test.jsonl", *labelled]


def read_corpus(paths: Iterable[Path]) -> list[Row]:
    """Every row of the files, in order."""
    return [row for path in paths for row in read_labelled(path)]


def read_tuned_sources(path: Path = TUNING) -> frozenset[str]:
    """The sources read while the rules were tuned."""
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER) or {}
    return frozenset(str(s) for s in data.get("read_while_tuning") or ())


@dataclass(frozen=True)
class NameCounts:
    """Names covered by the redaction, and false alarms on texts with no name in them."""

    found: int = 0
    total: int = 0
    false_alarms: int = 0
    clean: int = 0

    @property
    def recall(self) -> float | None:
        return self.found / self.total if self.total else None

    def __add__(self, other: NameCounts) -> NameCounts:
        return NameCounts(
            self.found + other.found,
            self.total + other.total,
            self.false_alarms + other.false_alarms,
            self.clean + other.clean,
        )


def _spans(pii: Pii) -> list[tuple[str, int, int]]:
    return [
        (p["label"], p["start"], p["end"]) if isinstance(p, dict) else (p[0], p[1], p[2])
        for p in pii
    ]


def count_names(rows: Sequence[Row], pii: Sequence[Pii]) -> NameCounts:
    """Only rows with a ``names`` field count; a name counts as found when fully redacted."""
    counts = NameCounts()
    for row, found in zip(rows, pii, strict=True):
        if "names" not in row:
            continue
        spans = _spans(found)
        names = [str(n) for n in row["names"]]
        text = str(row["text"])
        if not names:
            alarm = any(label == "NAME" for label, _s, _e in spans)
            counts += NameCounts(false_alarms=int(alarm), clean=1)
        covered = {i for _label, s, e in spans for i in range(s, e)}
        for name in names:
            start = text.find(name)
            hit = start >= 0 and all(i in covered for i in range(start, start + len(name)))
            counts += NameCounts(found=int(hit), total=1)
    return counts


def present_macro_f1(scores: Sequence[Score]) -> float:
    """Mean F1 over the labels that occur in the gold labels or the predictions."""
    used = [s.f1 for s in scores if s.support or s.fp]
    return sum(used) / len(used) if used else 0.0


@dataclass(frozen=True)
class SourceFigures:
    """One source's figures."""

    source: str
    read_while_tuning: bool
    evaluation: Evaluation
    sentiment_macro_f1: float  # three classes (mixed counted as negative)
    sentiment4_macro_f1: float | None  # with mixed, where the source labels it
    names: NameCounts
    textcat_theme_macro_f1: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain data for the JSON line."""
        r = self.names.recall
        return {
            "source": self.source,
            "n": self.evaluation.n,
            "read_while_tuning": self.read_while_tuning,
            "theme_macro_f1": round(self.evaluation.theme_macro_f1, 4),
            "theme_micro_f1": round(self.evaluation.theme_micro_f1, 4),
            "sentiment_macro_f1": round(self.sentiment_macro_f1, 4),
            "sentiment4_macro_f1": _round(self.sentiment4_macro_f1),
            "name_recall": _round(r),
            "names": self.names.total,
            "false_alarms": self.names.false_alarms,
            "clean_texts": self.names.clean,
            "textcat_theme_macro_f1": _round(self.textcat_theme_macro_f1),
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def score_source(
    source: str,
    rows: Sequence[Row],
    themes: Sequence[Sequence[str]],
    sentiments: Sequence[str],
    pii: Sequence[Pii],
    keys: Sequence[str],
    tuned: frozenset[str] = frozenset(),
) -> SourceFigures:
    """Figures of one source's rows from the tagger's output on them."""
    evaluation = evaluate_predictions(rows, themes, sentiments, keys)
    gold4 = [str(r.get("sentiment", "neutral")) for r in rows]
    four = None
    if "mixed" in gold4:
        four = present_macro_f1(
            score_labels([[g] for g in gold4], [[s] for s in sentiments], SENTIMENTS_WITH_MIXED)
        )
    return SourceFigures(
        source=source,
        read_while_tuning=source in tuned,
        evaluation=evaluation,
        sentiment_macro_f1=present_macro_f1(evaluation.sentiments),
        sentiment4_macro_f1=four,
        names=count_names(rows, pii),
    )


def group_by_source(rows: Sequence[Row]) -> dict[str, list[int]]:
    """Row indices per source, sources in first-seen order."""
    groups: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        groups.setdefault(str(row.get("source", "")), []).append(i)
    return groups


def textcat_by_fold(
    rows: Sequence[Row], train: FoldTrainer, keys: Sequence[str]
) -> dict[str, float]:
    """Each source's theme macro-F1 from a classifier trained on all the other sources."""
    figures: dict[str, float] = {}
    for source, indices in group_by_source(rows).items():
        held = set(indices)
        test = [rows[i] for i in indices]
        predicted = train([r for i, r in enumerate(rows) if i not in held], test)
        evaluation = evaluate_predictions(test, predicted, ["neutral"] * len(test), keys)
        figures[source] = evaluation.theme_macro_f1
    return figures


@dataclass(frozen=True)
class Summary:
    """The mean over all sources and over the unseen ones."""

    sources: list[SourceFigures]
    probes: NameCounts = field(default_factory=NameCounts)
    pooled: Evaluation | None = None  # every held-out row scored together

    def means(self, unseen_only: bool = False) -> dict[str, float | None]:
        """Mean of each figure over the sources (unseen: never read while tuning)."""
        picked = [s for s in self.sources if not (unseen_only and s.read_while_tuning)]
        names = sum((s.names for s in picked), NameCounts())
        textcat = [s.textcat_theme_macro_f1 for s in picked]
        return {
            "theme_macro_f1": _mean(s.evaluation.theme_macro_f1 for s in picked),
            "sentiment_macro_f1": _mean(s.sentiment_macro_f1 for s in picked),
            "min_sentiment_macro_f1": _round(
                min((s.sentiment_macro_f1 for s in picked), default=0)
            ),
            "name_recall": _round(names.recall),
            "false_alarms": names.false_alarms,
            "clean_texts": names.clean,
            "textcat_theme_macro_f1": _mean(t for t in textcat if t is not None)
            if all(t is not None for t in textcat) and textcat
            else None,
        }

    def to_dict(self) -> dict[str, Any]:
        """The figures as plain data (the JSON line of ``copro nlp evaluate --by-source``)."""
        return {
            "sources": [s.to_dict() for s in self.sources],
            "mean": self.means(),
            "mean_unseen": self.means(unseen_only=True),
            "pooled": None
            if self.pooled is None
            else {
                "theme_macro_f1": round(self.pooled.theme_macro_f1, 4),
                "theme_micro_f1": round(self.pooled.theme_micro_f1, 4),
                "sentiment_macro_f1": round(self.pooled.sentiment_macro_f1, 4),
            },
            "name_probes": {
                "recall": _round(self.probes.recall),
                "names": self.probes.total,
                "false_alarms": self.probes.false_alarms,
                "clean_texts": self.probes.clean,
            },
        }


def _mean(values: Iterable[float]) -> float | None:
    values = list(values)
    return round(statistics.mean(values), 4) if values else None
