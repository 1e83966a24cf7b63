"""``copro nlp``: tag answers from JSON lines, and evaluate the tagger on labelled lines."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import typer
from rich.console import Console
from rich.table import Table

from nlp.evaluation import (
    Evaluation,
    contexts_of,
    evaluate_predictions,
    read_contexts,
    read_labelled,
)
from nlp.taxonomy import load_taxonomy

if TYPE_CHECKING:
    from nlp.tagger import Tagger

app = typer.Typer(help="Tag free-text answers: themes, sentiment, places, personal data.")

THEMES_OPTION = typer.Option(None, "--themes", help="Theme taxonomy YAML (default taxonomy).")
MODEL_OPTION = typer.Option(
    None, "--model", help="spaCy model or blank:en (default: small English)."
)
PLACES_OPTION = typer.Option(None, "--places", help="Places gazetteer YAML (default list).")


def _tagger(model: str | None, themes: Path | None, places: Path | None) -> Tagger:
    """Build the tagger; spaCy loads here, not when `copro` starts."""
    from nlp.tagger import Tagger

    return Tagger(model=model, themes=themes, places=places)


def _read_lines(stream: TextIO) -> Iterator[dict[str, Any]]:
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise typer.BadParameter(f"line {number}: not JSON ({error.msg})") from error
        if not isinstance(row, dict) or not isinstance(row.get("text", ""), str):
            raise typer.BadParameter(f'line {number}: expected {{"id": ..., "text": "..."}}')
        if not isinstance(row.get("context") or "", str):
            raise typer.BadParameter(f"line {number}: context must be the question's text")
        yield row


@app.command()
def tag(
    source: Path | None = typer.Argument(None, help="JSON lines file; standard input if omitted."),
    themes: Path | None = THEMES_OPTION,
    model: str | None = MODEL_OPTION,
    places: Path | None = PLACES_OPTION,
) -> None:
    """Read {"id", "text", "language"?, "context"?} lines; write one JSON line of tags each.

    "context" is the question the answer replies to: its themes are a prior for the answer's.
    """
    tagger = _tagger(model, themes, places)
    stream = source.open(encoding="utf-8") if source is not None else sys.stdin
    try:
        rows = list(_read_lines(stream))
    finally:
        if source is not None:
            stream.close()
    results = tagger.iter_tag(
        (row.get("text", "") for row in rows),
        (row.get("language") for row in rows),
        (row.get("context") for row in rows),
    )
    for row, result in zip(rows, results, strict=True):
        out = {"id": row.get("id"), **result.to_dict()}
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")


def _table(evaluation: Evaluation) -> Table:
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


@app.command()
def evaluate(
    source: Path = typer.Argument(..., help="Labelled JSON lines (text, themes, sentiment)."),
    themes: Path | None = THEMES_OPTION,
    model: str | None = MODEL_OPTION,
    places: Path | None = PLACES_OPTION,
    context_from_source: Path | None = typer.Option(
        None,
        "--context-from-source",
        help="YAML of each row's source -> its question text, given to the tagger as context.",
    ),
) -> None:
    """Print per-theme precision, recall and F1, macro-F1 and sentiment macro-F1."""
    rows = read_labelled(source)
    contexts = (
        contexts_of(rows, read_contexts(context_from_source))
        if context_from_source is not None
        else None
    )
    tagger = _tagger(model, themes, places)
    results = tagger.tag_many(
        [r.get("text", "") for r in rows], [r.get("language") for r in rows], contexts
    )
    predicted_themes = [r.themes for r in results]
    sentiments = [r.sentiment for r in results]
    evaluation = evaluate_predictions(
        rows, predicted_themes, sentiments, load_taxonomy(themes).keys
    )
    Console().print(_table(evaluation))
    figures = {
        "model": tagger.model,
        "context": str(context_from_source) if context_from_source else None,
        **evaluation.figures(),
    }
    sys.stdout.write(json.dumps(figures) + "\n")
