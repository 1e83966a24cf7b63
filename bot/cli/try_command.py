"""`copro try`: answer a consultation in the terminal, as a resident would."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from bot.bootstrap import bootstrap
from bot.cli.server_keys import settings_for_trying
from bot.consultations import ConsultationInvalid, load_file
from bot.services.consultations import import_consultation
from bot.terminal.session import TerminalRun
from storage import ConsultationHasAnswers

console = Console(highlight=False)
TERMINAL_USER = 1


def try_consultation(
    file_or_slug: str = typer.Argument(help="A consultation file, or the slug of one imported."),
    user: int = typer.Option(TERMINAL_USER, help="Who you are: use another number to be a "
                             "different resident."),
    language: str = typer.Option(None, help="en or cy: the language to start in."),
) -> None:
    """Answer a round in the terminal. Type numbers or answers; back, skip, quit."""
    app = bootstrap(settings_for_trying())
    slug = file_or_slug
    path = Path(file_or_slug)
    if path.suffix in (".yaml", ".yml") or path.exists():
        try:
            loaded = load_file(path, app.settings.zone)
        except ConsultationInvalid as invalid:
            console.print(f"[red]{path} has {len(invalid.problems)} problem(s):[/red]")
            for problem in invalid.problems:
                console.print(f"  {problem}", markup=False)
            raise typer.Exit(1) from None
        slug = loaded.consultation.slug
        try:
            with app.unit_of_work() as uow:
                import_consultation(uow, loaded, app.clock())
                uow.commit()
        except ConsultationHasAnswers:
            console.print(f"Using the stored {slug} (it has answers, so the file is not reloaded).")
    console.print(app.catalogue.text("try_help", language or "en"), markup=False)
    run = TerminalRun(app.conversation, user, read=_read,
                      write=lambda text: console.print(text, markup=False))  # fmt: skip
    run.run(slug, language)


def _read(prompt: str) -> str | None:
    try:
        return input(f"{prompt}> ")
    except EOFError:
        return None
