"""`copro try`: preview a consultation in the terminal, as a resident would see it.

A true preview: a file is read, never imported; a slug is read from the database, never
written to. Nothing a preview answers is stored, counted or exported.
"""

from __future__ import annotations

from datetime import tzinfo
from pathlib import Path

import typer
from rich.console import Console

from bot.bootstrap import App, bootstrap
from bot.cli.server_keys import settings_for_trying
from bot.cli.wording import counted
from bot.consultations import ConsultationInvalid, load_file
from bot.engine.model import Consultation
from bot.rendering import Renderer
from bot.services.consultations import ConsultationNotFound
from bot.terminal.session import TerminalRun
from storage import current_revision, shown_url

console = Console(highlight=False)


def try_consultation(
    file_or_slug: str = typer.Argument(help="A consultation file, or the slug of one imported."),
    round_key: str = typer.Option(None, "--round", help="The round to preview (default: the "
                                  "one open now, else the next)."),
    language: str = typer.Option(None, help="en or cy: the language to start in."),
) -> None:
    """Preview a round in the terminal. Type numbers or answers; back, skip, quit."""
    app = bootstrap(settings_for_trying(), migrate=False)
    path = Path(file_or_slug)
    if path.suffix in (".yaml", ".yml") or path.exists():
        consultation = _from_file(path, app.settings.zone)
    else:
        consultation = _from_database(app, file_or_slug)
    if round_key and consultation.round(round_key) is None:
        rounds = ", ".join(r.key for r in consultation.rounds)
        console.print(f"No round called {round_key!r}. The rounds are: {rounds}.", markup=False)
        raise typer.Exit(1)
    console.print(app.catalogue.text("try_help", language or "en"), markup=False)
    typed = Renderer(app.catalogue, wording="typed")  # "Type the numbers…", not "Tap…"
    run = TerminalRun(consultation, typed, app.catalogue, app.clock, read=_read,
                      write=lambda text: console.print(text, markup=False))  # fmt: skip
    run.run(round_key, language)


def _from_file(path: Path, zone: tzinfo) -> Consultation:
    try:
        return load_file(path, zone).consultation
    except ConsultationInvalid as invalid:
        console.print(f"[red]{path} has {counted(len(invalid.problems), 'problem')}:[/red]")
        for problem in invalid.problems:
            console.print(f"  {problem}", markup=False)
        raise typer.Exit(1) from None


def _from_database(app: App, slug: str) -> Consultation:
    url = app.settings.database_url
    try:
        if current_revision(url) is None:  # no database here: say so, make none
            raise ConsultationNotFound(slug)
        with app.reading() as uow:
            return app.definitions.by_slug(uow, slug, app.clock()).consultation
    except ConsultationNotFound:
        where = shown_url(url)
        console.print(f"No consultation called {slug!r} in the database ({where}). "
                      "Give a file, or import it first.", markup=False)
        raise typer.Exit(1) from None


def _read(prompt: str) -> str | None:
    try:
        return input(f"{prompt}> ")
    except EOFError:
        return None
