"""Results of a free-text question: themes, tone, common phrases and redacted quotes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence

from bot.engine.model import LocalText, Question
from bot.results.disclosure import Disclosure
from bot.results.grid import DIMENSIONS, TOTAL, Grid, overall
from bot.results.model import QuestionResult, TextSummary, ThemeResult
from bot.results.quotes import pick_quotes
from bot.services.ports import QuoteCandidate, TextTally
from nlp.taxonomy import Taxonomy

SENTIMENTS = ("negative", "neutral", "positive")
TAGGED = ("tagged",)


def summarise_text(
    round_key: str,
    question: Question,
    tallies: Iterable[TextTally],
    phrases: Sequence[tuple[str, int]],
    candidates: Callable[[bool], Sequence[QuoteCandidate]],
    taxonomy: Taxonomy,
    orders: Mapping[str, Sequence[str]],
    names: Callable[[str], LocalText],
    min_group: int,
) -> QuestionResult:
    keys = tuple(taxonomy.keys)
    grid = Grid(keys, partition=False)
    tone: Counter[str] = Counter()
    tone_by_theme: dict[str, Counter[str]] = {k: Counter() for k in keys}
    waiting = 0
    for t in tallies:
        grid.add(t.role, t.language, t.count, {k: t.count for k in t.themes or ()})
        if t.themes is None:
            waiting += t.count
            continue
        sentiment = t.sentiment if t.sentiment in SENTIMENTS else "neutral"
        tone[sentiment] += t.count
        for key in t.themes:
            if key in tone_by_theme:
                tone_by_theme[key][sentiment] += t.count
    tagged = grid.total - waiting

    d = Disclosure(min_group)
    grid.declare(d, orders)
    # how many answers are tagged is a fact about the tagger, not a group of people
    d.add(TAGGED, tagged, people=0)
    d.add_block(TOTAL, [TAGGED, *(("S", s) for s in SENTIMENTS)])
    d.add_sum(TAGGED, [("S", s) for s in SENTIMENTS])
    for sentiment in SENTIMENTS:
        d.add(("S", sentiment), tone[sentiment])
    for key in keys:
        parts = [("X", key, s) for s in SENTIMENTS]
        for sentiment, part in zip(SENTIMENTS, parts, strict=True):
            d.add(part, tone_by_theme[key][sentiment])
        d.add_sum(overall(key), parts)
        d.add_block(overall(key), parts)
    d.solve()

    total = d.count(TOTAL)
    labels = {t.key: LocalText(dict(t.labels), "en") for t in taxonomy.themes}
    found = [o for o in grid.options(d, labels) if o.count.value != 0]
    found.sort(key=lambda o: (o.count.value is None, -(o.count.value or 0)))
    shown = [o.key for o in found if o.count.shown]
    excluded = {
        (dim, group)
        for dim in DIMENSIONS
        for group in grid.groups(dim, orders[dim])
        if d.is_small(("n", dim, group))
    }
    quotes = (
        pick_quotes(candidates(bool(excluded)), shown, excluded) if total.shown and shown else {}
    )
    themes = tuple(
        ThemeResult(
            o.key, o.label, o.count, o.share,
            {s: d.count(("X", o.key, s)) for s in SENTIMENTS},
            quotes.get(o.key, ()),
        )
        for o in found
    )
    summary = TextSummary(
        tagged=tagged if total.shown else 0,
        waiting=waiting if total.shown else 0,
        themes=themes if total.shown else (),
        sentiment={s: d.count(("S", s)) for s in SENTIMENTS},
        phrases=tuple(phrases) if total.shown else (),
    )
    return QuestionResult(
        round_key, question.key, question.type.value, question.text, total,
        breakdowns=grid.breakdowns(d, orders, names), text=summary,
    )
