"""`copro report` and `copro export`: results as an HTML (or PDF) report, answers as a file."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

from bot.bootstrap import App, bootstrap
from bot.exports import FORMATS, PersonalExportRefused
from bot.results import RoundNotFound, build_results
from bot.services.admin import Outcome
from bot.services.consultations import ConsultationNotFound

console = Console(highlight=False)
errors = Console(stderr=True, highlight=False)
LANGUAGES = ("en", "cy")
TICK = 500  # rows between progress bar updates


def report(
    slug: str = typer.Argument(..., help="The consultation's slug."),
    out: Path = typer.Option(..., "--out", help="FILE.html, or FILE.pdf for a PDF."),
    round_key: str | None = typer.Option(None, "--round", help="Only this round."),
    language: str | None = typer.Option(
        None, "--language", help="en or cy (default: the consultation's first language)."
    ),
) -> None:
    """Write the results with charts; groups of fewer than 5 people are hidden."""
    if language is not None and language not in LANGUAGES:
        errors.print(f"--language must be one of {', '.join(LANGUAGES)}.")
        raise typer.Exit(2)
    app = bootstrap()
    try:
        with app.unit_of_work() as uow:
            results = build_results(uow, slug, round_key, app.clock(), app.settings.zone,
                                    themes_dir=app.settings.themes_dir)
    except (ConsultationNotFound, RoundNotFound) as missing:
        errors.print(f"{missing}.")
        raise typer.Exit(1) from None
    chosen = language or results.default_language
    if out.suffix.lower() == ".pdf":
        from bot.results.pdf import write_pdf

        with console.status("Drawing the charts…"):
            pages = write_pdf(results, chosen, out)
        console.print(f"Wrote {out} ({pages} pages).")
        return
    from bot.results.charts import build_charts
    from bot.results.report import render_report

    with console.status("Drawing the charts…"):
        charts = build_charts(results, chosen)
    out.write_text(render_report(results, charts, chosen), encoding="utf-8")
    console.print(f"Wrote {out} ({len(charts)} charts).")


def export(
    slug: str = typer.Argument(..., help="The consultation's slug."),
    export_format: str = typer.Option(
        "csv", "--format", help=f"One of: {', '.join(FORMATS)} (polis: free text only)."
    ),
    out: Path = typer.Option(..., "--out", help="The file to write."),
    round_key: str | None = typer.Option(None, "--round", help="Only this round."),
    question: str | None = typer.Option(None, "--question", help="Only this question key."),
    include_personal_data: bool = typer.Option(
        False, "--include-personal-data",
        help="Unredacted free text: an admin action that needs a two-factor code.",
    ),
    admin: int | None = typer.Option(
        None, "--admin", help="Your Telegram id, as an enrolled admin (asks for your code)."
    ),
) -> None:
    """Export one row per answer, pseudonymised, with free text redacted."""
    if export_format not in FORMATS:
        errors.print(f"--format must be one of {', '.join(FORMATS)}.")
        raise typer.Exit(2)
    app = bootstrap()
    if include_personal_data and admin is not None:
        _verify_admin(app, admin)
    columns = (*Progress.get_default_columns()[:1], BarColumn(), MofNCompleteColumn(),
               TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task(f"Exporting {slug}", total=None)
        pending = 0

        def advance(n: int) -> None:
            nonlocal pending
            pending += n
            if pending >= TICK:
                progress.advance(task, pending)
                pending = 0

        try:
            done = app.exports.export(
                slug, export_format, out, round_key=round_key,
                include_personal_data=include_personal_data, question_key=question, actor=admin,
                on_start=lambda total: progress.update(task, total=total), on_rows=advance,
            )
        except PersonalExportRefused as refused:
            errors.print(str(refused))
            raise typer.Exit(2) from None
        except (ConsultationNotFound, RoundNotFound) as missing:
            errors.print(f"{missing}.")
            raise typer.Exit(1) from None
    kind = "with personal data" if done.personal_data else "pseudonymised and redacted"
    console.print(f"Wrote {done.rows} rows to {done.path} ({kind}).")


def _verify_admin(app: App, admin: int) -> None:
    """Ask for the admin's two-factor code; one reply for every kind of failure."""
    code = typer.prompt("Your two-factor code", hide_input=True)
    service = app.admins
    if service.verify(admin, code, app.clock()).outcome is not Outcome.VERIFIED:
        errors.print("That code was not accepted.")
        raise typer.Exit(2)
