"""Agreement between two labellers of the same comments: Cohen's kappa for themes and sentiment."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from nlp.evaluation import three_class

Row = dict[str, Any]


def cohen_kappa(first: Sequence[Hashable], second: Sequence[Hashable]) -> float:
    """Cohen's kappa of two labellings of the same items (1.0 when both agree on one label)."""
    if len(first) != len(second):
        raise ValueError("give one label per item from each labeller")
    n = len(first)
    if n == 0:
        raise ValueError("no items to compare")
    observed = sum(a == b for a, b in zip(first, second, strict=True)) / n
    count_a, count_b = Counter(first), Counter(second)
    expected = sum(count_a[label] * count_b[label] for label in count_a) / (n * n)
    if expected >= 1.0:
        return 1.0  # both gave every item the same single label
    return (observed - expected) / (1.0 - expected)


@dataclass(frozen=True)
class Agreement:
    """Kappa per theme (themes either labeller used), their mean, and for sentiment."""

    n: int
    per_theme: dict[str, float]
    sentiment: float  # four labels (positive, neutral, negative, mixed)
    sentiment3: float  # mixed counted as negative
    disagreements: list[tuple[str, Any, str]]

    @property
    def theme_mean(self) -> float:
        values = list(self.per_theme.values())
        return sum(values) / len(values) if values else 0.0


def pair_rows(first: Sequence[Row], second: Sequence[Row]) -> list[tuple[Row, Row]]:
    """The comments both files label, matched by (source, id), in the first file's order."""
    by_key = {(str(r["source"]), r["id"]): r for r in second}
    return [
        (r, by_key[(str(r["source"]), r["id"])])
        for r in first
        if (str(r["source"]), r["id"]) in by_key
    ]


def agreement(first: Sequence[Row], second: Sequence[Row], keys: Sequence[str]) -> Agreement:
    """Compare two label files of the same comments."""
    pairs = pair_rows(first, second)
    if not pairs:
        raise ValueError("the two files share no (source, id)")
    per_theme: dict[str, float] = {}
    for key in keys:
        a = [key in p[0].get("themes", []) for p in pairs]
        b = [key in p[1].get("themes", []) for p in pairs]
        if any(a) or any(b):
            per_theme[key] = cohen_kappa(a, b)
    s1 = [str(p[0].get("sentiment", "neutral")) for p in pairs]
    s2 = [str(p[1].get("sentiment", "neutral")) for p in pairs]
    differ = []
    for (a_row, b_row), x, y in zip(pairs, s1, s2, strict=True):
        if x != y:
            differ.append(("sentiment", a_row["id"], f"{x} / {y}"))
        ta, tb = set(a_row.get("themes", [])), set(b_row.get("themes", []))
        if ta != tb:
            differ.append(("themes", a_row["id"], f"{sorted(ta)} / {sorted(tb)}"))
    return Agreement(
        n=len(pairs),
        per_theme=per_theme,
        sentiment=cohen_kappa(s1, s2),
        sentiment3=cohen_kappa([three_class(s) for s in s1], [three_class(s) for s in s2]),
        disagreements=differ,
    )
