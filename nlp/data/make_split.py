"""Split the shared labelled comments once into a tuning part and a held-out test part.

Run from the repository root: ``python nlp/data/make_split.py``. The split is
deterministic (fixed seed), stratified by source, and keeps near-duplicate comments
(word-set Jaccard >= 0.6) on the same side so that the test part measures unseen text.
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

SEED = 2050
TEST_FRACTION = 0.36
ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT.parent / "shared" / "data" / "themes-dev.jsonl"
HERE = Path(__file__).resolve().parent


def _words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z0-9']+", text.lower()))


def _groups(rows: list[dict[str, Any]]) -> list[list[int]]:
    """Union near-duplicate rows into groups."""
    parent = list(range(len(rows)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    words = [_words(r["text"]) for r in rows]
    for i in range(len(rows)):
        for j in range(i + 1, len(rows)):
            union = words[i] | words[j]
            if union and len(words[i] & words[j]) / len(union) >= 0.6:
                parent[find(j)] = find(i)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(rows)):
        groups[find(i)].append(i)
    return list(groups.values())


def split(lines: list[str]) -> tuple[list[str], list[str]]:
    """Return (tune, test) lines."""
    rows: list[dict[str, Any]] = [json.loads(line) for line in lines]
    theme_counts = Counter(t for r in rows for t in r["themes"])
    rng = random.Random(SEED)
    by_source: dict[str, list[list[int]]] = defaultdict(list)
    for group in _groups(rows):
        by_source[rows[group[0]]["source"]].append(group)
    test: set[int] = set()
    for source in sorted(by_source):
        groups = by_source[source]
        rng.shuffle(groups)

        def rarity(group: list[int]) -> int:
            themes = [t for i in group for t in rows[i]["themes"]]
            return min((theme_counts[t] for t in themes), default=0)

        # systematic sampling over groups sorted by their rarest theme spreads rare themes
        groups.sort(key=rarity)
        total = sum(len(g) for g in groups)
        taken = 0
        seen = 0
        for group in groups:
            seen += len(group)
            if taken + len(group) <= round(seen * TEST_FRACTION) + 0.5 and taken < total:
                test.update(group)
                taken += len(group)
    tune_lines = [lines[i] for i in range(len(rows)) if i not in test]
    test_lines = [lines[i] for i in range(len(rows)) if i in test]
    return tune_lines, test_lines


def main() -> None:
    """Write themes-tune.jsonl and themes-test.jsonl beside this script."""
    lines = [line for line in SOURCE.read_text(encoding="utf-8").splitlines() if line.strip()]
    tune, test = split(lines)
    (HERE / "themes-tune.jsonl").write_text("\n".join(tune) + "\n", encoding="utf-8")
    (HERE / "themes-test.jsonl").write_text("\n".join(test) + "\n", encoding="utf-8")
    print(f"tune={len(tune)} test={len(test)}")


if __name__ == "__main__":
    main()
