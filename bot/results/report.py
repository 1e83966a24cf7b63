"""The results as one self-contained HTML file: headings, tables, charts inlined as PNG."""

from __future__ import annotations

import base64
from collections.abc import Iterable, Sequence
from html import escape

from bot.results.charts import Chart
from bot.results.labels import count_text, label, people_answered, percent
from bot.results.model import Breakdown, QuestionResult, Results, RoundResult, TextSummary
from bot.results.texts import SENTIMENTS

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:1.1rem;
line-height:1.5;color:#1a1a1a;max-width:60rem;margin:0 auto;padding:1rem}
h1{font-size:2rem;margin-bottom:.25rem}h2{margin-top:2.5rem;border-bottom:3px solid #0072B2}
h3{margin-top:2rem}.meta,.people{color:#4d4d4d}
.note{background:#f2f7fb;border-left:4px solid #0072B2;padding:.5rem 1rem}
figure{margin:1rem 0}img{max-width:100%;height:auto;border:1px solid #ddd}
.scroll{overflow-x:auto}table{border-collapse:collapse;margin:.75rem 0}
th,td{border:1px solid #ccc;padding:.3rem .6rem;text-align:left;vertical-align:top}
td.n{text-align:right}th{background:#f4f4f4}.hidden{color:#4d4d4d;font-style:italic}
blockquote{margin:.5rem 0 .5rem 0;padding:.4rem 1rem;border-left:4px solid #E69F00;
background:#fffaf0}nav ol{columns:2}@media(max-width:40rem){nav ol{columns:1}}
"""


def render_report(results: Results, charts: Sequence[Chart], language: str) -> str:
    """One HTML page, readable offline and on a phone; quotes are redacted text only."""
    k = results.min_group
    title = results.title.get(language)
    made = results.generated_at.strftime("%Y-%m-%d %H:%M %Z")
    by_question: dict[tuple[str, str], list[Chart]] = {}
    for chart in charts:
        by_question.setdefault((chart.round, chart.question), []).append(chart)
    parts = [
        "<!doctype html>",
        f'<html lang="{escape(language)}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}: {escape(label('report', language))}</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<header><h1>{escape(title)}</h1>",
        f'<p class="meta">{escape(label("report", language))} · '
        f"{escape(label('generated', language, when=made))}</p>",
        f'<p class="note">{escape(label("hidden_note", language, n=k))}</p></header>',
        _contents(results, language),
    ]
    for round_ in results.rounds:
        parts.append(_round(results, round_, by_question, language))
    parts.append("</body></html>")
    return "\n".join(parts)


def _contents(results: Results, language: str) -> str:
    items = []
    for round_ in results.rounds:
        for q in round_.questions:
            items.append(f'<li><a href="#{_anchor(q)}">{escape(q.wording.get(language))}</a></li>')
    return f"<nav><ol>{''.join(items)}</ol></nav>"


def _anchor(q: QuestionResult) -> str:
    return escape(f"{q.round}-{q.key}")


def _round(results: Results, round_: RoundResult, charts: dict[tuple[str, str], list[Chart]],
           language: str) -> str:
    k = results.min_group
    out = [
        f"<section><h2>{escape(label('round', language))}: {escape(round_.title.get(language))}"
        "</h2>",
        f"<h3>{escape(label('participation', language))}</h3>",
        '<div class="scroll"><table><thead><tr>'
        f"<th>{escape(label('group', language))}</th>"
        f"<th>{escape(label('respondents', language))}</th>"
        f"<th>{escape(label('completed', language))}</th></tr></thead><tbody>",
        _row(["", _cell(round_.respondents, language, k), _cell(round_.completed, language, k)],
             first=label("everyone", language)),
    ]
    for breakdown in round_.breakdowns:
        for g in breakdown.groups:
            out.append(_row([
                "", _cell(g.counts["respondents"], language, k),
                _cell(g.counts["completed"], language, k),
            ], first=g.label.get(language)))
    out.append("</tbody></table></div>")
    for q in round_.questions:
        out.append(_question(results, q, charts.get((q.round, q.key), []), language))
    out.append("</section>")
    return "\n".join(out)


def _question(results: Results, q: QuestionResult, charts: Sequence[Chart],
              language: str) -> str:
    k = results.min_group
    out = [f'<article id="{_anchor(q)}"><h3>{escape(q.wording.get(language))}</h3>']
    if q.hidden or not q.respondents.value:
        text = label("question_hidden", language, n=k) if q.hidden else label("none_yet", language)
        out.append(f'<p class="hidden">{escape(text)}</p></article>')
        return "\n".join(out)
    out.append(f'<p class="people">{escape(people_answered(q.respondents.value, language))}</p>')
    for chart in charts:
        data = base64.b64encode(chart.png).decode("ascii")
        out.append(
            f'<figure><img src="data:image/png;base64,{data}" alt="{escape(chart.alt)}" '
            f'width="{chart.width}" height="{chart.height}"></figure>'
        )
    if q.text is not None:
        out.append(_text(q.text, language, k))
    else:
        out.append(_options(q, language, k))
    for breakdown in q.breakdowns:
        out.append(_breakdown(q, breakdown, language, k))
    out.append("</article>")
    return "\n".join(out)


def _options(q: QuestionResult, language: str, k: int) -> str:
    if q.type == "rank":
        head = [label("option", language), label("points", language),
                label("first_choice", language)]
        rows = [_row([
            o.label.get(language), _cell(o.points, language, k), _cell(o.first, language, k)
        ]) for o in q.options]
    else:
        head = [label("option", language), label("count", language), label("share", language)]
        rows = [_row([o.label.get(language), _cell(o.count, language, k), percent(o.share)])
                for o in q.options]
    extra = ""
    if q.scale is not None and q.scale.mean is not None:
        extra = (f"<p>{escape(label('mean', language))}: {q.scale.mean:.2f} · "
                 f"{escape(label('median', language))}: {q.scale.median:g}</p>")
    elif q.scale is not None:
        extra = f"<p>{escape(label('average_hidden', language))}</p>"
    return _table(head, rows) + extra


def _text(summary: TextSummary, language: str, k: int) -> str:
    out = []
    if summary.waiting:
        key = "waiting_one" if summary.waiting == 1 else "waiting"
        out.append(f"<p>{escape(label(key, language, n=summary.waiting))}</p>")
    head = [label("theme", language), label("count", language), label("share", language),
            *(label(s, language) for s in SENTIMENTS)]
    rows = [_row([
        t.label.get(language), _cell(t.count, language, k), percent(t.share),
        *(_cell(t.sentiment[s], language, k) for s in SENTIMENTS),
    ]) for t in summary.themes]
    if rows:
        out.append(_table(head, rows))
    tone = [_row([label(s, language), _cell(summary.sentiment[s], language, k)])
            for s in SENTIMENTS]
    out.append(f"<h4>{escape(label('sentiment', language))}</h4>")
    out.append(_table([label("sentiment", language), label("count", language)], tone))
    if summary.phrases:
        out.append(f"<h4>{escape(label('phrases', language))}</h4><ul>")
        out.extend(f"<li>{escape(p)} ({n})</li>" for p, n in summary.phrases)
        out.append("</ul>")
    quoted = [t for t in summary.themes if t.quotes]
    if quoted:
        out.append(f"<h4>{escape(label('quotes', language))}</h4>")
        out.append(f'<p class="meta">{escape(label("quotes_note", language))}</p>')
        for theme in quoted:
            out.append(f"<h5>{escape(theme.label.get(language))}</h5>")
            out.extend(f"<blockquote>{escape(quote)}</blockquote>" for quote in theme.quotes)
    return "\n".join(out)


def _breakdown(q: QuestionResult, breakdown: Breakdown, language: str, k: int) -> str:
    if len(breakdown.groups) < 2:
        return ""
    heading = label("by_role" if breakdown.by == "role" else "by_language", language)
    if q.text is not None:
        keys = [(t.key, t.label.get(language)) for t in q.text.themes if t.count.shown]
    else:
        keys = [(o.key, o.label.get(language)) for o in q.options]
    head = [label("group", language), label("count", language), *(name for _, name in keys)]
    rows = []
    for g in breakdown.groups:
        cells = [g.label.get(language), _cell(g.respondents, language, k)]
        for key, _ in keys:
            count = g.counts.get(key)
            share = g.share(key)
            text = _cell(count, language, k) if count is not None else ""
            cells.append(f"{text} ({percent(share)})" if share is not None else text)
        rows.append(_row(cells))
    if not breakdown.shown:
        return f"<h4>{escape(heading)}</h4><p class=\"hidden\">" \
               f"{escape(label('no_breakdown', language))}</p>"
    return f"<h4>{escape(heading)}</h4>" + _table(head, rows)


def _cell(count, language: str, k: int) -> str:  # type: ignore[no-untyped-def]
    if count is None:
        return ""
    return count_text(count, language, k)


def _row(cells: Iterable[str], first: str | None = None) -> str:
    values = list(cells)
    if first is not None:
        values[0] = first
    tds = "".join(
        f'<td class="{"n" if i else ""}">{escape(str(v))}</td>' for i, v in enumerate(values)
    )
    return f"<tr>{tds}</tr>"


def _table(head: Sequence[str], rows: Sequence[str]) -> str:
    ths = "".join(f"<th>{escape(h[:1].upper() + h[1:])}</th>" for h in head)
    return (f'<div class="scroll"><table><thead><tr>{ths}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>")
