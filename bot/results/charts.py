"""Charts of a consultation's results, each a PNG with alt text to use as its caption."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from bot.results import chart_drawing as draw
from bot.results.labels import count_text, label, people_answered, percent
from bot.results.model import QuestionResult, Results, ThemeResult
from bot.results.texts import SENTIMENTS

SENTIMENT_COLOURS = {"negative": draw.VERMILLION, "neutral": draw.GREY, "positive": draw.BLUE}
TOP = 2  # figures named in alt text
MAX_THEMES = 8


@dataclass(frozen=True)
class Chart:
    """One chart: which question it shows, what kind, the PNG, and its alt text."""

    round: str
    question: str
    kind: str  # choice, multi, scale, rank, themes, sentiment, roles
    png: bytes
    alt: str
    width: int
    height: int


def build_charts(results: Results, language: str) -> list[Chart]:
    """Every chart for every shown question, titled and described in `language`."""
    charts = []
    for round_ in results.rounds:
        for question in round_.questions:
            for kind, canvas, alt in question_canvases(results, question, language):
                width, height = canvas.size
                charts.append(
                    Chart(round_.key, question.key, kind, canvas.png(), alt, width, height)
                )
                canvas.figure.clear()
    return charts


def question_canvases(
    results: Results, question: QuestionResult, language: str
) -> Iterator[tuple[str, draw.Canvas, str]]:
    """The charts of one question as (kind, canvas, alt text); none when it is hidden."""
    if question.hidden or not question.respondents.value:
        return
    k = results.min_group
    title = question.wording.get(language)
    people = people_answered(question.respondents.value, language)
    note = label("hidden_note", language, n=k)
    if question.type in ("single", "yesno", "multi"):
        kind = "multi" if question.type == "multi" else "choice"
        yield kind, *_choice(question, language, title, people, note, k)
    elif question.type == "scale":
        yield "scale", *_scale(question, language, title, people, note, k)
    elif question.type == "rank":
        yield "rank", *_rank(question, language, title, people, note, k)
    elif question.type == "text":
        yield from _text(question, language, title, people, note, k)
    roles = _roles(results, question, language, title, note)
    if roles is not None:
        yield "roles", *roles


def _choice(q: QuestionResult, language: str, title: str, people: str, note: str,
            k: int) -> tuple[draw.Canvas, str]:
    rows = [
        draw.Bar(o.label.get(language), o.count.value,
                 _figure(o.count.value, o.share) if o.count.shown
                 else count_text(o.count, language, k))
        for o in q.options
    ]
    return draw.bars(title, people, rows, note), _alt_ranked(
        language, title, people, k,
        [(o.label.get(language), o.count.value, o.share) for o in q.options if o.count.shown],
    )


def _scale(q: QuestionResult, language: str, title: str, people: str, note: str,
           k: int) -> tuple[draw.Canvas, str]:
    scale = q.scale
    assert scale is not None
    ticks = []
    for o in q.options:
        tick = o.key
        end = scale.min_label if o.key == str(scale.min) else (
            scale.max_label if o.key == str(scale.max) else None)
        if end is not None:
            tick += "\n" + "\n".join(draw.wrap(end.get(language), 12))
        ticks.append(tick)
    subtitle = people
    if scale.mean is not None:
        subtitle += (f" · {label('mean', language)} {_number(scale.mean)}"
                     f" · {label('median', language)} {_number(scale.median)}")
    else:  # a hidden cell hides the averages too: they would give it away
        subtitle += f" · {label('average_hidden', language)}"
    canvas = draw.columns(
        title, subtitle, ticks, [o.count.value for o in q.options],
        [_figure(o.count.value, o.share) if o.count.shown
         else count_text(o.count, language, k) for o in q.options],
        note,
    )
    low = _end(scale.min, scale.min_label, language)
    high = _end(scale.max, scale.max_label, language)
    if scale.mean is None:
        alt = label("alt_scale_hidden", language, low=low, high=high, question=title,
                    people=people)
    else:
        alt = label("alt_scale", language, low=low, high=high, question=title, people=people,
                    mean=_number(scale.mean), median=_number(scale.median))
    return canvas, alt


def _rank(q: QuestionResult, language: str, title: str, people: str, note: str,
          k: int) -> tuple[draw.Canvas, str]:
    points, first = label("points", language), label("first_choice", language)
    rows = []
    for o in q.options:
        if o.points is None or not o.points.shown:
            text = count_text(o.points or o.count, language, k)
            rows.append(draw.Bar(o.label.get(language), None, text))
            continue
        text = f"{o.points.value} {points}"
        if o.first is not None and o.first.value:
            text += f" · {first} {o.first.value}"
        rows.append(draw.Bar(o.label.get(language), o.points.value, text))
    shown = [o for o in q.options if o.points is not None and o.points.value is not None]
    top = ", ".join(f"“{o.label.get(language)}” ({o.points.value} {points})"  # type: ignore[union-attr]
                    for o in shown[:TOP])
    alt = label("alt_rank", language, question=title, people=people, top=top or "-")
    return draw.bars(title, people, rows, note), alt


def _text(q: QuestionResult, language: str, title: str, people: str, note: str,
          k: int) -> Iterator[tuple[str, draw.Canvas, str]]:
    summary = q.text
    assert summary is not None
    themes = list(summary.themes[:MAX_THEMES])
    if not themes:
        return
    heading = f"{label('themes', language)}: {title}"
    rows = [
        draw.Bar(t.label.get(language), t.count.value,
                 _figure(t.count.value, t.share) if t.count.shown
                 else count_text(t.count, language, k))
        for t in themes
    ]
    top = ", ".join(
        f"{t.label.get(language)} ({t.count.value})" for t in themes[:TOP] if t.count.shown
    )
    alt = label("alt_themes", language, question=title, people=people, top=top or "-")
    yield "themes", draw.bars(heading, people, rows, note), alt
    shown = [t for t in themes if t.count.shown]
    if shown:
        yield "sentiment", *_sentiment(shown, language, title, people, note, k)


def _sentiment(themes: list[ThemeResult], language: str, title: str, people: str,
               note: str, k: int) -> tuple[draw.Canvas, str]:
    stacks = []
    for theme in themes:
        segments = []
        for s in SENTIMENTS:
            count = theme.sentiment[s]
            if count.value:
                segments.append((float(count.value), SENTIMENT_COLOURS[s], str(count.value)))
        hidden = (theme.count.value or 0) - sum(seg[0] for seg in segments)
        stacks.append(draw.Stack(theme.label.get(language), segments, hidden,
                                 label("hidden", language)))
    legend = [(label(s, language), SENTIMENT_COLOURS[s]) for s in SENTIMENTS]
    heading = f"{label('sentiment_by_theme', language)}: {title}"
    described = " ".join(
        label("alt_theme_tone", language, theme=t.label.get(language),
              negative=count_text(t.sentiment["negative"], language, k),
              positive=count_text(t.sentiment["positive"], language, k))
        for t in themes[:TOP]
    )
    alt = label("alt_sentiment", language, question=title, top=described)
    return draw.stacked_bars(heading, people, stacks, legend, note), alt


def _roles(results: Results, q: QuestionResult, language: str, title: str,
           note: str) -> tuple[draw.Canvas, str] | None:
    """Residents beside workers (and other roles): each group's share choosing each answer."""
    breakdown = q.breakdown("role")
    if breakdown is None or len(breakdown.groups) < 2:
        return None
    shown = list(breakdown.shown)
    if not shown:
        return None
    keys, labels = _breakdown_keys(q, language)
    # answers nobody in any shown group gave only make the chart longer
    kept = [(key, name) for key, name in zip(keys, labels, strict=True)
            if any(g.counts.get(key) is None or g.counts[key].value != 0 for g in shown)]
    if not kept:
        return None
    keys, labels = [k for k, _ in kept], [n for _, n in kept]
    colours = draw.GROUP_COLOURS
    groups = [(f"{g.label.get(language)} ({g.respondents.value})", colours[i % len(colours)])
              for i, g in enumerate(shown)]
    values = []
    k = results.min_group
    for key in keys:
        row = []
        for g in shown:
            share = g.share(key)
            count = g.counts.get(key)
            text = percent(share) if share is not None else (
                count_text(count, language, k) if count is not None else "")
            row.append((None if share is None else share * 100, text))
        values.append(row)
    hidden = [g for g in breakdown.groups if g.hidden]
    footer = note
    if hidden:
        footer = "; ".join(
            f"{g.label.get(language)}: {count_text(g.respondents, language, k)}" for g in hidden
        ) + ". " + note
    heading = f"{label('by_role', language)}: {title}"
    subtitle = label("share_of_group", language)
    canvas = draw.grouped_bars(heading, subtitle, labels, groups, values, footer)
    described = "; ".join(_group_top(g, keys, labels, language) for g in shown)
    if hidden:
        described += "; " + "; ".join(
            f"{g.label.get(language)}: {count_text(g.respondents, language, k)}" for g in hidden
        )
    return canvas, label("alt_roles", language, question=title, groups=described)


def _breakdown_keys(q: QuestionResult, language: str) -> tuple[list[str], list[str]]:
    if q.text is not None:
        themes = [t for t in q.text.themes if t.count.shown][:MAX_THEMES]
        return [t.key for t in themes], [t.label.get(language) for t in themes]
    # for a ranking these are first places, in the order of the overall scores
    return [o.key for o in q.options], [o.label.get(language) for o in q.options]


def _group_top(group, keys: list[str], labels: list[str], language: str) -> str:  # type: ignore[no-untyped-def]
    name = f"{group.label.get(language)} ({group.respondents.value})"
    best = [(group.share(k), lab) for k, lab in zip(keys, labels, strict=True)
            if group.share(k) is not None]
    if not best:
        return name
    share, text = max(best, key=lambda item: item[0])
    return f"{name}: “{text}” {percent(share)}"


def _alt_ranked(language: str, title: str, people: str, k: int,
                shown: list[tuple[str, int | None, float | None]]) -> str:
    key = "alt_choice"
    ordered = sorted(shown, key=lambda item: -(item[1] or 0))
    if not ordered or not ordered[0][1]:
        return label(key, language, question=title, people=people,
                     top=label("alt_nothing", language, n=k))
    top = f"“{ordered[0][0]}” ({_figure(ordered[0][1], ordered[0][2])})"
    alt = label(key, language, question=title, people=people, top=top)
    if len(ordered) > 1 and ordered[1][1]:
        second = f"“{ordered[1][0]}” ({_figure(ordered[1][1], ordered[1][2])})"
        alt += label("alt_choice_then", language, next=second)
    return alt


def _figure(value: int | None, share: float | None) -> str:
    if value is None:
        return ""
    return f"{value} · {percent(share)}" if share is not None else str(value)


def _number(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _end(point: int, text, language: str) -> str:  # type: ignore[no-untyped-def]
    return f"{point} ({text.get(language)})" if text is not None else str(point)

