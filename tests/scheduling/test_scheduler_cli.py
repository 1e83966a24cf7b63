"""`copro round open|close|schedule`, `copro progress` and `copro scheduler`, mounted on a
local typer app exactly as bot/cli/main.py mounts them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import typer
from scheduling_testkit import LONDON, SLUG, add_person, ids, import_rounds, outbox
from typer.testing import CliRunner

from bot.bootstrap import App
from bot.cli import scheduler_commands
from config.settings import load_settings

cli = typer.Typer()
cli.add_typer(scheduler_commands.round_app, name="round")
cli.command("progress")(scheduler_commands.progress)
cli.command("scheduler")(scheduler_commands.scheduler)
runner = CliRunner()


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> App:
    monkeypatch.setenv("COPRO_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("COPRO_TIMEZONE", "Europe/London")
    application = App(load_settings())
    application.migrate()
    now = datetime.now(UTC)
    import_rounds(application, now + timedelta(days=30), now + timedelta(days=60))
    for user in (1001, 1002):
        add_person(application, user, round_key="first", status="finished")
    return application


def test_round_open_queues_the_notices_once(app: App) -> None:
    opened = runner.invoke(cli, ["round", "open", SLUG, "second"])
    assert opened.exit_code == 0, opened.output
    assert "Opened round second of bus-routes. Queued 2 notices" in opened.output
    again = runner.invoke(cli, ["round", "open", SLUG, "second"])
    assert again.exit_code == 0 and "open already" in again.output
    assert len(outbox(app)) == 2


def test_round_close_cancels_what_was_not_sent(app: App) -> None:
    runner.invoke(cli, ["round", "open", SLUG, "second"])
    closed = runner.invoke(cli, ["round", "close", SLUG, "second"])
    assert closed.exit_code == 0 and "Cancelled 2 unsent" in closed.output
    assert {row.status for row in outbox(app)} == {"failed"}


def test_round_schedule_reads_local_times(app: App) -> None:
    year = datetime.now(UTC).year + 2
    done = runner.invoke(
        cli, ["round", "schedule", SLUG, "second", f"{year}-07-01 09:00", f"{year}-07-15 17:00"]
    )
    assert done.exit_code == 0, done.output
    assert "09:00 BST" in done.output and "17:00 BST" in done.output
    with app.unit_of_work() as uow:
        row = uow.consultations.get_round(ids(app).second)
    assert row.opens_at == datetime(year, 7, 1, 8, 0, tzinfo=UTC)
    assert row.closes_at == datetime(year, 7, 15, 16, 0, tzinfo=UTC)
    assert row.opens_at.astimezone(LONDON).hour == 9


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["round", "schedule", SLUG, "second", "2099-03-29 01:30", "2099-04-01 09:00"],
         "clocks go forward"),
        (["round", "schedule", SLUG, "second", "soon", "later"], "is not a date"),
        (["round", "schedule", SLUG, "second", "2099-04-02 09:00", "2099-04-01 09:00"],
         "close after it opens"),
        (["round", "open", "nowhere", "second"], "no consultation called 'nowhere'"),
        (["round", "close", SLUG, "third"], "has no round called 'third'"),
        (["progress", "nowhere"], "no consultation called 'nowhere'"),
    ],
)
def test_mistakes_are_explained_with_exit_1_not_a_traceback(
    app: App, args: list[str], says: str
) -> None:
    result = runner.invoke(cli, args)
    assert result.exit_code == 1
    assert says in result.output and "Traceback" not in result.output


def test_progress_counts_sent_waiting_and_not_sent(app: App) -> None:
    runner.invoke(cli, ["round", "open", SLUG, "second"])
    with app.unit_of_work() as uow:
        first = outbox(app)[0].id
        uow.outbox.claim_due(1)
        uow.outbox.mark_sent(first)
        uow.commit()
    shown = runner.invoke(cli, ["progress", SLUG])
    assert shown.exit_code == 0, shown.output
    assert "bus-routes: 1 sent, 1 waiting, 0 not sent." in shown.output
