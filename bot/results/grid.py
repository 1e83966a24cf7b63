"""One question's counts overall and per role and language group, with what they add up to."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from bot.engine.model import LocalText
from bot.results.disclosure import Disclosure
from bot.results.model import Breakdown, GroupResult, OptionResult

DIMENSIONS = ("role", "language")
TOTAL = ("T",)


def overall(key: str) -> tuple[str, str]:
    return ("C", key)


@dataclass
class Grid:
    """Counts of people per key (option, scale point, theme), overall and per group.

    `partition`: each person is counted under exactly one key (single choice, scale, first
    place), so a row of counts adds up to its number of people.
    """

    keys: tuple[str, ...]
    partition: bool
    total: int = 0
    overall: Counter[str] = field(default_factory=Counter)
    sizes: dict[str, Counter[str]] = field(
        default_factory=lambda: {d: Counter() for d in DIMENSIONS}
    )
    cells: dict[str, dict[str, Counter[str]]] = field(
        default_factory=lambda: {d: {} for d in DIMENSIONS}
    )

    def __post_init__(self) -> None:
        self._keys = frozenset(self.keys)

    def add(self, role: str, language: str, people: int, counts: Mapping[str, int]) -> None:
        kept = [(k, n) for k, n in counts.items() if k in self._keys]
        self.total += people
        rows = [self.overall]
        for dimension, group in zip(DIMENSIONS, (role, language), strict=True):
            self.sizes[dimension][group] += people
            row = self.cells[dimension].get(group)
            if row is None:
                row = self.cells[dimension][group] = Counter()
            rows.append(row)
        for row in rows:
            for key, n in kept:
                row[key] += n

    def groups(self, dimension: str, order: Sequence[str]) -> list[str]:
        present = [g for g, n in self.sizes[dimension].items() if n > 0]
        known = [g for g in order if g in present]
        return known + sorted(g for g in present if g not in known)

    def declare(self, d: Disclosure, orders: Mapping[str, Sequence[str]]) -> None:
        """Tell `d` every cell and every sum a reader could check."""
        columns = [overall(k) for k in self.keys]
        d.add(TOTAL, self.total)
        for key in self.keys:
            d.add(overall(key), self.overall[key])
        d.add_block(TOTAL, columns)
        if self.partition:
            d.add_sum(TOTAL, columns)
        for dimension in DIMENSIONS:
            groups = self.groups(dimension, orders[dimension])
            sizes = [("n", dimension, g) for g in groups]
            d.add_block(TOTAL, sizes)
            d.add_sum(TOTAL, sizes)
            for group in groups:
                row = [("M", dimension, group, k) for k in self.keys]
                d.add(("n", dimension, group), self.sizes[dimension][group])
                for key, cell in zip(self.keys, row, strict=True):
                    d.add(cell, self.cells[dimension][group][key])
                d.add_block(("n", dimension, group), row)
                if self.partition:
                    d.add_sum(("n", dimension, group), row)
            for key in self.keys:
                d.add_sum(overall(key), [("M", dimension, g, key) for g in groups])

    def all_shown(self, d: Disclosure, dimension: str | None = None, group: str = "") -> bool:
        """Whether every cell of the overall row (or of one group's row) is shown."""
        if dimension is None:
            return all(d.count(overall(k)).shown for k in self.keys)
        return all(d.count(("M", dimension, group, k)).shown for k in self.keys)

    def options(
        self, d: Disclosure, labels: Mapping[str, LocalText]
    ) -> tuple[OptionResult, ...]:
        results = []
        for key in self.keys:
            count = d.count(overall(key))
            share = count.value / self.total if count.value is not None and self.total else None
            results.append(OptionResult(key, labels[key], count, share))
        return tuple(results)

    def breakdowns(
        self,
        d: Disclosure,
        orders: Mapping[str, Sequence[str]],
        names: Callable[[str], LocalText],
        summary: Mapping[str, tuple[float | None, float | None]] | None = None,
    ) -> tuple[Breakdown, ...]:
        """Per-group results; `summary` gives (mean, median) per "dimension:group"."""
        found = []
        for dimension in DIMENSIONS:
            groups = []
            for group in self.groups(dimension, orders[dimension]):
                respondents = d.count(("n", dimension, group))
                counts = {k: d.count(("M", dimension, group, k)) for k in self.keys}
                mean = median = None
                if summary is not None and respondents.shown:
                    mean, median = summary.get(f"{dimension}:{group}", (None, None))
                name = names(f"lang:{group}" if dimension == "language" else group)
                groups.append(GroupResult(group, name, respondents, counts, mean, median))
            found.append(Breakdown(dimension, tuple(groups)))
        return tuple(found)
