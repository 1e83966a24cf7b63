"""Counting key phrases across answers: plain Python, so results never need spaCy loaded."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence


def count_phrases(phrase_lists: Iterable[Sequence[str]], n: int) -> list[tuple[str, int]]:
    """The `n` phrases found in most answers (each answer counts a phrase once)."""
    counts: Counter[str] = Counter()
    for phrases in phrase_lists:
        counts.update(set(phrases))
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:n]
