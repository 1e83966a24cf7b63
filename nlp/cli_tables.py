"""The tables ``copro nlp evaluate`` prints: one file's figures, or each source's."""

from __future__ import annotations

from rich.table import Table

from nlp.evaluation import Evaluation
from nlp.loso import Summary


def evaluation_table(evaluation: Evaluation) -> Table:
    """Per-theme precision, recall and F1, then the sentiment figures."""
    table = Table(title=f"Themes ({evaluation.n} answers)")
    for column in ("theme", "precision", "recall", "F1", "support"):
        table.add_column(column, justify="left" if column == "theme" else "right")
    for s in evaluation.themes:
        table.add_row(
            s.label, f"{s.precision:.2f}", f"{s.recall:.2f}", f"{s.f1:.2f}", str(s.support)
        )
    table.add_section()
    table.add_row("macro-F1", "", "", f"{evaluation.theme_macro_f1:.3f}", "")
    table.add_row("micro-F1", "", "", f"{evaluation.theme_micro_f1:.3f}", "")
    for s in evaluation.sentiments:
        table.add_row(
            f"sentiment {s.label}",
            f"{s.precision:.2f}",
            f"{s.recall:.2f}",
            f"{s.f1:.2f}",
            str(s.support),
        )
    table.add_row("sentiment macro-F1", "", "", f"{evaluation.sentiment_macro_f1:.3f}", "")
    return table


def _cell(value: object, digits: int = 3) -> str:
    if value is None:
        return "-"
    return f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def by_source_table(summary: Summary) -> Table:
    """One row per source (held out), then the means over all and over unseen sources."""
    table = Table(title="Leave one source out (* = read while tuning the rules)")
    columns = ("source", "n", "themes F1", "sentiment F1", "with mixed", "names",
               "false alarms", "textcat F1")  # fmt: skip
    for column in columns:
        table.add_column(column, justify="left" if column == "source" else "right")
    for s in summary.sources:
        d = s.to_dict()
        names = f"{_cell(d['name_recall'], 2)} of {d['names']}" if d["names"] else "-"
        table.add_row(
            f"{s.source}{' *' if s.read_while_tuning else ''}",
            str(d["n"]),
            _cell(d["theme_macro_f1"]),
            _cell(d["sentiment_macro_f1"]),
            _cell(d["sentiment4_macro_f1"]),
            names,
            f"{d['false_alarms']}/{d['clean_texts']}" if d["clean_texts"] else "-",
            _cell(d["textcat_theme_macro_f1"]),
        )
    table.add_section()
    for label, unseen in (("mean", False), ("mean, unseen sources", True)):
        m = summary.means(unseen_only=unseen)
        table.add_row(
            label,
            "",
            _cell(m["theme_macro_f1"]),
            _cell(m["sentiment_macro_f1"]),
            f"min {_cell(m['min_sentiment_macro_f1'])}",
            _cell(m["name_recall"], 2),
            f"{m['false_alarms']}/{m['clean_texts']}",
            _cell(m["textcat_theme_macro_f1"]),
        )
    if summary.pooled is not None:
        pooled = summary.pooled
        table.add_row(
            "all rows pooled", str(pooled.n), _cell(pooled.theme_macro_f1),
            _cell(pooled.sentiment_macro_f1), "", "", "", "",
        )  # fmt: skip
    p = summary.probes
    if p.total or p.clean:
        table.add_row(
            "name probes", "", "", "", "", _cell(p.recall, 2), f"{p.false_alarms}/{p.clean}", ""
        )
    return table
