"""Hide groups smaller than the minimum, and the cells that would give them away.

A table shows counts and their totals. Hiding one small cell is not enough when its total
is shown: total minus the other cells gives it back. So for every "total = sum of parts"
the tables promise, a line with exactly one hidden part gets a second one hidden (the
smallest non-zero part, else the total itself), and a hidden total whose parts are all
shown gets one part hidden. This is the usual heuristic of statistical offices; it blocks
recovery by simple subtraction, not by solving every equation at once.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable

from bot.results.model import COMPLEMENT, SMALL, Count

Key = Hashable


class Disclosure:
    """Collect cells and the sums between them, then `solve()` and read `count(key)`."""

    def __init__(self, min_group: int) -> None:
        self.min_group = min_group
        self._values: dict[Key, int] = {}
        self._hidden: dict[Key, str] = {}
        self._sums: list[tuple[Key, tuple[Key, ...]]] = []
        self._blocks: list[tuple[Key, tuple[Key, ...]]] = []

    def add(self, key: Key, value: int, people: int | None = None) -> None:
        """A cell; it is small when `people` (default: `value`) is between 1 and min - 1."""
        self._values[key] = value
        people = value if people is None else people
        if 0 < people < self.min_group:
            self._hidden[key] = SMALL

    def hide(self, key: Key, reason: str = SMALL) -> None:
        self._hidden.setdefault(key, reason)

    def add_sum(self, total: Key, parts: Iterable[Key]) -> None:
        """`total` equals the sum of `parts`, and a reader can see that."""
        self._sums.append((total, tuple(parts)))

    def add_block(self, whole: Key, parts: Iterable[Key]) -> None:
        """When `whole` (a group) is hidden, every one of `parts` is hidden with it."""
        self._blocks.append((whole, tuple(parts)))

    def solve(self) -> None:
        changed = True
        while changed:
            changed = False
            for whole, parts in self._blocks:
                reason = self._hidden.get(whole)
                if reason is None:
                    continue
                for part in parts:
                    if part not in self._hidden:
                        self._hidden[part] = reason
                        changed = True
            for total, parts in self._sums:
                changed |= self._protect(total, parts)

    def count(self, key: Key) -> Count:
        return Count.of(self._values.get(key, 0), self._hidden.get(key))

    def is_small(self, key: Key) -> bool:
        return self._hidden.get(key) == SMALL

    def _protect(self, total: Key, parts: tuple[Key, ...]) -> bool:
        hidden = [p for p in parts if p in self._hidden]
        if total in self._hidden:
            if hidden:
                return False
            return self._hide_smallest(parts)
        if len(hidden) != 1:
            return False
        if self._hide_smallest(parts):
            return True
        if self._values.get(total, 0) > 0:
            self._hidden[total] = COMPLEMENT
            return True
        return False

    def _hide_smallest(self, parts: tuple[Key, ...]) -> bool:
        candidates = [
            p for p in parts if p not in self._hidden and self._values.get(p, 0) > 0
        ]
        if not candidates:
            return False
        smallest = min(candidates, key=lambda p: self._values[p])
        self._hidden[smallest] = COMPLEMENT
        return True
