"""The `copro` command: one typer app with a sub-command per area."""

from __future__ import annotations

import typer

from bot.cli import (
    admin_commands,
    bot_commands,
    consultation_commands,
    db_commands,
    doctor_command,
    nlp_commands,
    report_commands,
    scheduler_commands,
    try_command,
    web_command,
)
from bot.cli.crash import CoproApp
from bot.logging_setup import configure_logging
from config.settings import load_settings

app = CoproApp(
    name="copro",
    help="Co-production consultations for councils, in chat.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)


@app.callback()
def _configure(
    log_level: str = typer.Option(None, help="DEBUG, INFO, WARNING... (else COPRO_LOG_LEVEL)."),
) -> None:
    """Co-production consultations for councils, in chat."""
    try:
        level = log_level or load_settings().log_level
    except (ValueError, LookupError):  # invalid settings: `copro doctor` must still run
        level = "INFO"
    configure_logging(level)


app.add_typer(consultation_commands.app, name="consultation")
app.add_typer(db_commands.app, name="db")
app.command("doctor")(doctor_command.doctor)
app.command("try")(try_command.try_consultation)
app.command("run")(bot_commands.run)
app.command("sandbox")(bot_commands.sandbox)
app.command("web")(web_command.web)
app.command("nlp-worker")(nlp_commands.nlp_worker)
app.command("report")(report_commands.report)
app.command("export")(report_commands.export)
app.command("scheduler")(scheduler_commands.scheduler)
app.add_typer(scheduler_commands.round_app, name="round")
app.command("progress")(scheduler_commands.progress)
app.add_typer(admin_commands.admin_app, name="admin")
app.add_typer(admin_commands.role_app, name="role")
app.add_typer(admin_commands.keys_app, name="keys")
app.add_typer(admin_commands.audit_app, name="audit")


def _mount_nlp() -> None:
    """`copro nlp`: the tagger's own commands, plus re-tagging what is stored."""
    from nlp.cli import app as nlp_app

    nlp_app.command("retag")(nlp_commands.retag)
    app.add_typer(nlp_app, name="nlp")


_mount_nlp()
