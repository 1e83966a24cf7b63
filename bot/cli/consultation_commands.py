"""`copro consultation`: check, import, list and show consultation files; print posters."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from bot.bootstrap import bootstrap
from bot.cli.poster_command import poster
from bot.cli.wording import counted
from bot.consultations import ConsultationFile, ConsultationInvalid, load_file, readiness
from bot.engine import availability
from bot.engine.model import Round
from bot.services.consultations import (
    ConsultationNotFound,
    import_consultation,
    load_stored,
    round_states_after_import,
)
from config.settings import load_settings
from storage import ConsultationHasAnswers, current_revision, shown_url

app = typer.Typer(help="Consultation files.", no_args_is_help=True)
console = Console()
errors = Console(stderr=True)


@app.command()
def validate(files: list[Path]) -> None:
    """Check files and list every problem with its path; exit 1 if any has a problem."""
    zone = load_settings().zone
    failed = False
    for path in files:
        try:
            loaded = load_file(path, zone)
            states = readiness.starting_states(loaded.consultation)
            refused = readiness.import_problems(loaded.consultation, states)
            if refused:
                raise ConsultationInvalid(refused)
        except ConsultationInvalid as invalid:
            failed = True
            console.print(f"[red]{path}: {counted(len(invalid.problems), 'problem')}[/red]")
            for problem in invalid.problems:
                console.print(f"  {problem}", markup=False, highlight=False)
            continue
        rounds = len(loaded.consultation.rounds)
        console.print(f"[green]{path}: OK[/green] ({loaded.consultation.slug}, "
                      f"{counted(rounds, 'round')})")
        _warn(loaded, states)
    if failed:
        raise typer.Exit(1)


@app.command("import")
def import_(files: list[Path]) -> None:
    """Check and store consultations (updating one that has no answers yet)."""
    app_ = bootstrap()
    failed = False
    for path in files:
        try:
            loaded = load_file(path, app_.settings.zone)
            with app_.unit_of_work() as uow:
                states = round_states_after_import(uow, loaded)
                import_consultation(uow, loaded, app_.clock())
                uow.commit()
        except ConsultationInvalid as invalid:
            failed = True
            problems = counted(len(invalid.problems), "problem")
            console.print(f"[red]{path}: not imported, {problems}[/red]")
            for problem in invalid.problems:
                console.print(f"  {problem}", markup=False, highlight=False)
            continue
        except ConsultationHasAnswers as refused:
            failed = True
            console.print(f"[red]{path}: not imported.[/red] {refused}", highlight=False)
            continue
        console.print(f"[green]Imported {loaded.consultation.slug}[/green] from {path}")
        _say_drafts(loaded, states)
    if failed:
        raise typer.Exit(1)


def _say_drafts(loaded: ConsultationFile, states: dict[str, str]) -> None:
    """That residents cannot join the draft rounds yet, and the command that opens one."""
    slug, drafts = loaded.consultation.slug, readiness.drafts(states)
    if drafts:
        console.print(f"  It is a draft: residents cannot join {counted(len(drafts), 'round')} "
                      f"({', '.join(drafts)}) until you open one, for example: "
                      f"copro round open {slug} {drafts[0]}", markup=False, soft_wrap=True)
    _warn(loaded, states)


def _warn(loaded: ConsultationFile, states: dict[str, str]) -> None:
    for warning in readiness.import_warnings(loaded.consultation, states):
        console.print(f"  [yellow]Warning[/yellow] {warning}", highlight=False, soft_wrap=True)


ROUND_STATES = {"open": "open now", "not_open": "not open yet", "closed": "closed",
                "draft": "draft"}
"""A round's availability as people say it."""


def _state(round_: Round, now: datetime) -> str:
    return ROUND_STATES["draft" if round_.draft else availability(round_, now).value]


@app.command("list")
def list_() -> None:
    """The consultations in the database, with their rounds and whether they are open."""
    app_ = bootstrap(migrate=False)
    url = app_.settings.database_url
    if current_revision(url) is None:  # say so rather than make an empty database here
        errors.print(f"There is no Copro database at {shown_url(url)}. Run this in the folder "
                     "where you ran copro sandbox (its copro.db is there), or set "
                     "COPRO_DATABASE_URL.", markup=False, soft_wrap=True)
        raise typer.Exit(1)
    app_.migrate()
    console.print(f"Database: {shown_url(url)}", markup=False, soft_wrap=True)
    now = app_.clock()
    table = Table("slug", "title", "rounds")
    with app_.unit_of_work() as uow:
        for row in uow.consultations.list():
            stored = load_stored(uow, row.slug, now, app_.settings.zone)
            c = stored.consultation
            rounds = ", ".join(f"{r.key} ({_state(r, now)})" for r in c.rounds)
            table.add_row(c.slug, c.title.get(c.default_language), rounds)
    console.print(table)


@app.command()
def show(slug: str) -> None:
    """One consultation's rounds and questions."""
    app_ = bootstrap()
    now = app_.clock()
    with app_.unit_of_work() as uow:
        try:
            stored = load_stored(uow, slug, now, app_.settings.zone)
        except ConsultationNotFound:
            errors.print(f"No consultation called {slug!r}. Try: copro consultation list")
            raise typer.Exit(1) from None
    c = stored.consultation
    lang = c.default_language
    console.print(f"[bold]{c.title.get(lang)}[/bold] ({c.slug})")
    console.print(f"Languages: {', '.join(c.languages)}. Audience: {', '.join(c.audience)}.")
    words = app_.catalogue
    for r in c.rounds:
        opens = words.moment(r.opens, "en") if r.opens else "no opening time set"
        closes = words.moment(r.closes, "en") if r.closes else "when an officer closes it"
        state = _state(r, now)
        window = f"{state}; opens {opens}, closes {closes}"
        console.print(f"\n[bold]Round {r.key}[/bold]: {r.title.get(lang)} ({window})")
        for n, q in enumerate(r.questions, start=1):
            extra = "" if q.required else " (optional)"
            when = f" [only if {q.when.question}]" if q.when else ""
            line = f"  {n}. [{q.type.value}] {q.key}: {q.text.get(lang)}{extra}{when}"
            console.print(line, markup=False, highlight=False)


app.command("poster")(poster)
