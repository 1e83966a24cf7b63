"""Score the tagger against labelled answers: per-theme P/R/F1, macro-F1, sentiment macro-F1."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from nlp.taxonomy import SAFE_LOADER

SENTIMENTS = ("positive", "neutral", "negative")
# "mixed" (praise and a complaint) is reported where labelled, and counts as negative where
# three classes are needed: a council wants to see the complaint
SENTIMENTS_WITH_MIXED = (*SENTIMENTS, "mixed")


def three_class(sentiment: str | None) -> str:
    """``mixed`` -> ``negative``; anything unknown -> ``neutral``."""
    if sentiment == "mixed":
        return "negative"
    return sentiment if sentiment in SENTIMENTS else "neutral"


@dataclass(frozen=True)
class Score:
    """Precision, recall and F1 of one label."""

    label: str
    tp: int
    fp: int
    fn: int

    @property
    def support(self) -> int:
        return self.tp + self.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Evaluation:
    """Figures for one labelled file."""

    n: int
    themes: list[Score]
    sentiments: list[Score]

    @property
    def theme_macro_f1(self) -> float:
        """Mean F1 over the themes present in the gold labels (absent ones are undefined)."""
        scored = [s.f1 for s in self.themes if s.support]
        return sum(scored) / len(scored) if scored else 0.0

    @property
    def theme_micro_f1(self) -> float:
        """F1 over all theme decisions pooled."""
        return _pooled(self.themes).f1

    @property
    def sentiment_macro_f1(self) -> float:
        """Mean F1 over positive, neutral and negative."""
        return sum(s.f1 for s in self.sentiments) / len(self.sentiments)

    @property
    def sentiment_accuracy(self) -> float:
        return sum(s.tp for s in self.sentiments) / self.n if self.n else 0.0

    def figures(self) -> dict[str, Any]:
        """The summary as plain data (the final JSON line of ``copro nlp evaluate``)."""
        return {
            "n": self.n,
            "theme_macro_f1": round(self.theme_macro_f1, 4),
            "theme_micro_f1": round(self.theme_micro_f1, 4),
            "sentiment_macro_f1": round(self.sentiment_macro_f1, 4),
            "sentiment_accuracy": round(self.sentiment_accuracy, 4),
            "per_theme": {
                s.label: {
                    "precision": round(s.precision, 4),
                    "recall": round(s.recall, 4),
                    "f1": round(s.f1, 4),
                    "support": s.support,
                }
                for s in self.themes
            },
        }


def _pooled(scores: Iterable[Score]) -> Score:
    scores = list(scores)
    return Score(
        "all", sum(s.tp for s in scores), sum(s.fp for s in scores), sum(s.fn for s in scores)
    )


def read_labelled(path: Path) -> list[dict[str, Any]]:
    """Rows of a labelled JSON-lines file (text, themes, sentiment, optional language)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def read_contexts(path: Path) -> dict[str, str]:
    """A YAML mapping of each row's ``source`` to the question its answers reply to."""
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER) or {}
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise ValueError(f"{path.name}: expected a mapping of source to question text")
    return {str(k): v for k, v in data.items()}


def contexts_of(rows: Sequence[dict[str, Any]], questions: Mapping[str, str]) -> list[str | None]:
    """Each row's question: its own ``context`` field, else its source's question."""
    return [r.get("context") or questions.get(str(r.get("source", ""))) for r in rows]


def score_labels(
    gold: Sequence[Iterable[str]], predicted: Sequence[Iterable[str]], labels: Sequence[str]
) -> list[Score]:
    """Per-label counts for multi-label (or, with one label each, single-label) data."""
    scores = []
    for label in labels:
        tp = fp = fn = 0
        for g, p in zip(gold, predicted, strict=True):
            in_gold, in_pred = label in set(g), label in set(p)
            tp += in_gold and in_pred
            fp += in_pred and not in_gold
            fn += in_gold and not in_pred
        scores.append(Score(label, tp, fp, fn))
    return scores


def evaluate_predictions(
    rows: Sequence[dict[str, Any]],
    themes: Sequence[Sequence[str]],
    sentiments: Sequence[str],
    theme_keys: Sequence[str],
) -> Evaluation:
    """Compare predictions with the rows' labels."""
    return Evaluation(
        n=len(rows),
        themes=score_labels([r.get("themes", []) for r in rows], themes, theme_keys),
        sentiments=score_labels(
            [[three_class(r.get("sentiment"))] for r in rows],
            [[three_class(s)] for s in sentiments],
            SENTIMENTS,
        ),
    )
