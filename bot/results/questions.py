"""Results of choice, yes/no, multiple choice, scale and ranking questions from their tallies."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence

from bot.engine.model import LocalText, Question, QuestionType
from bot.results.disclosure import Disclosure
from bot.results.grid import DIMENSIONS, TOTAL, Grid
from bot.results.model import OptionResult, QuestionResult, ScaleSummary
from bot.services.ports import Tally

Names = Callable[[str], LocalText]


def summarise_values(
    round_key: str,
    question: Question,
    tallies: Iterable[Tally],
    orders: Mapping[str, Sequence[str]],
    names: Names,
    min_group: int,
) -> QuestionResult:
    """Counts, shares and breakdowns of a question whose answers are option keys or numbers."""
    kind = question.type
    if kind is QuestionType.SCALE:
        return _scale(round_key, question, tallies, orders, names, min_group)
    if kind is QuestionType.RANK:
        return _rank(round_key, question, tallies, orders, names, min_group)
    keys = tuple(o.key for o in question.options)
    grid = Grid(keys, partition=kind is not QuestionType.MULTI)
    for t in tallies:
        chosen = t.value if isinstance(t.value, tuple) else (t.value,)
        grid.add(t.role, t.language, t.count, {k: t.count for k in chosen if isinstance(k, str)})
    d = Disclosure(min_group)
    grid.declare(d, orders)
    d.solve()
    labels = {o.key: o.text for o in question.options}
    return QuestionResult(
        round_key, question.key, kind.value, question.text, d.count(TOTAL),
        grid.options(d, labels), grid.breakdowns(d, orders, names),
    )


def _scale(
    round_key: str,
    question: Question,
    tallies: Iterable[Tally],
    orders: Mapping[str, Sequence[str]],
    names: Names,
    min_group: int,
) -> QuestionResult:
    scale = question.scale
    assert scale is not None, "a scale question has a scale"
    keys = tuple(str(p) for p in scale.points)
    grid = Grid(keys, partition=True)
    for t in tallies:
        if isinstance(t.value, int) and not isinstance(t.value, bool):
            grid.add(t.role, t.language, t.count, {str(t.value): t.count})
    d = Disclosure(min_group)
    grid.declare(d, orders)
    d.solve()
    total = d.count(TOTAL)
    # An average is shown only where every cell it comes from is: the mean of a row with
    # a hidden cell would let a reader solve for that cell.
    whole = total.shown and grid.all_shown(d)
    mean, median = average(grid.overall) if whole else (None, None)
    per_group = {
        f"{dim}:{group}": average(counts)
        for dim in DIMENSIONS
        for group, counts in grid.cells[dim].items()
        if grid.all_shown(d, dim, group)
    }
    labels = {k: LocalText.same(k) for k in keys}
    return QuestionResult(
        round_key, question.key, question.type.value, question.text, total,
        grid.options(d, labels), grid.breakdowns(d, orders, names, per_group),
        scale=ScaleSummary(scale.min, scale.max, scale.min_label, scale.max_label, mean, median),
    )


def _rank(
    round_key: str,
    question: Question,
    tallies: Iterable[Tally],
    orders: Mapping[str, Sequence[str]],
    names: Names,
    min_group: int,
) -> QuestionResult:
    """Borda points (first = N points ... N-th = 1) and first places; breakdowns by first place."""
    keys = tuple(o.key for o in question.options)
    size = question.rank_count
    grid = Grid(keys, partition=True)
    points: Counter[str] = Counter()
    ranked_by: Counter[str] = Counter()
    for t in tallies:
        if not isinstance(t.value, tuple) or not t.value:
            continue
        grid.add(t.role, t.language, t.count, {t.value[0]: t.count})
        for position, key in enumerate(t.value[:size]):
            points[key] += t.count * (size - position)
            ranked_by[key] += t.count
    d = Disclosure(min_group)
    grid.declare(d, orders)
    # Every complete ranking gives the same points in all, so the points add up to a total
    # a reader can work out from the number of people.
    all_points = ("points",)
    d.add(all_points, sum(points.values()), people=grid.total)
    d.add_block(TOTAL, [all_points])
    d.add_sum(all_points, [("P", k) for k in keys])
    for key in keys:
        d.add(("P", key), points[key], people=ranked_by[key])
    d.add_block(TOTAL, [("P", k) for k in keys])
    d.solve()
    labels = {o.key: o.text for o in question.options}
    options = tuple(
        OptionResult(o.key, o.label, o.count, o.share, points=d.count(("P", o.key)),
                     first=o.count)
        for o in grid.options(d, labels)
    )
    ordered = sorted(options, key=_by_points)
    return QuestionResult(
        round_key, question.key, question.type.value, question.text, d.count(TOTAL),
        tuple(ordered), grid.breakdowns(d, orders, names),
    )


def _by_points(option: OptionResult) -> int:
    """Most points first; hidden scores last."""
    value = option.points.value if option.points is not None else None
    return -value if value is not None else 1


def average(histogram: Mapping[str, int]) -> tuple[float | None, float | None]:
    """Mean and median of a histogram keyed by the points as text."""
    values = sorted((int(k), n) for k, n in histogram.items() if n > 0)
    people = sum(n for _, n in values)
    if not people:
        return None, None
    mean = sum(v * n for v, n in values) / people
    return round(mean, 2), _median(values, people)


def _median(values: list[tuple[int, int]], people: int) -> float:
    def at(index: int) -> int:
        seen = 0
        for value, n in values:
            seen += n
            if index < seen:
                return value
        return values[-1][0]

    middle = people // 2
    if people % 2:
        return float(at(middle))
    return (at(middle - 1) + at(middle)) / 2
