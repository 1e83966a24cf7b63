"""Shared by the scheduling tests: a consultation, people in it, a hand-moved clock, a
loop that jumps from alarm to alarm as APScheduler would, and outbox readers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import col, select

from bot.bootstrap import App
from bot.consultations import load_text
from bot.scheduling import RoundLifecycle, RoundPlanner
from bot.services.consultations import import_consultation
from config.settings import Settings
from storage.tables import OutboxRow
from tests.support.scratch import scratch_schema
from tests.support.telegram_fixtures import require_test_postgres

PG_ENV = "COPRO_TEST_DATABASE_URL"

LONDON = ZoneInfo("Europe/London")
SLUG = "bus-routes"


def london(*parts: int) -> datetime:
    """A wall-clock time in London (as an aware datetime)."""
    return datetime(*parts, tzinfo=LONDON)  # type: ignore[misc]


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


class FrozenClock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def consultation_yaml(opens: datetime, closes: datetime, reminders: list[str]) -> str:
    return f"""
slug: {SLUG}
title: {{en: "Bus routes", cy: "Llwybrau bws"}}
languages: [en, cy]
audience: [resident]
privacy: {{controller: {{en: "Test Council", cy: "Cyngor Prawf"}}, contact: "privacy@example.org"}}
rounds:
  - key: first
    title: {{en: "Where you go", cy: "Ble rydych chi'n mynd"}}
    questions:
      - key: often
        type: yesno
        text: {{en: "Do you take the bus?", cy: "Ydych chi'n dal y bws?"}}
  - key: second
    title: {{en: "Choose the routes", cy: "Dewis y llwybrau"}}
    opens: {opens.isoformat()}
    closes: {closes.isoformat()}
    reminders: [{", ".join(reminders)}]
    questions:
      - key: route
        type: single
        text: {{en: "Which route matters most?", cy: "Pa lwybr sydd bwysicaf?"}}
        options:
          - {{key: town, text: {{en: "To town", cy: "I'r dref"}}}}
          - {{key: coast, text: {{en: "To the coast", cy: "I'r arfordir"}}}}
"""


def import_rounds(
    app: App, opens: datetime, closes: datetime, reminders: list[str] | None = None
) -> None:
    loaded = load_text(consultation_yaml(opens, closes, reminders or ["P3D", "P1D"]), LONDON)
    with app.unit_of_work() as uow:
        import_consultation(uow, loaded, app.clock(), open_now=True)
        uow.commit()


@dataclass(frozen=True)
class Ids:
    consultation: int
    first: int
    second: int


def ids(app: App) -> Ids:
    with app.unit_of_work() as uow:
        row = uow.consultations.get(SLUG)
        first = uow.consultations.round(row.id, "first")
        second = uow.consultations.round(row.id, "second")
        return Ids(int(row.id), int(first.id), int(second.id))


def add_person(
    app: App,
    user_id: int,
    *,
    language: str = "en",
    consented: bool = True,
    round_key: str | None = None,
    status: str = "answering",
    touched: datetime | None = None,
    muted: bool = False,
    reachable: bool = True,
) -> None:
    """Someone enrolled in the consultation, with a session on `round_key` if given."""
    at = touched or app.clock()
    with app.unit_of_work() as uow:
        consultation = uow.consultations.get(SLUG)
        person = uow.participants.get_or_create(user_id, language, now=at)
        uow.participants.enrol(
            person.id, consultation.id, role="resident", language=language,
            consented_at=at if consented else None, joined_at=at,
        )
        if muted:
            uow.participants.mute_reminders(person.id, consultation.id, True)
        if not reachable:
            uow.participants.set_reachable(user_id, False)
        if round_key is not None:
            round_row = uow.consultations.round(consultation.id, round_key)
            uow.sessions.save(
                person.id, consultation.id, state="{}", status=status, round_id=round_row.id,
                updated_at=at,
            )
        uow.commit()


def join_round(app: App, user_id: int, round_key: str, at: datetime, status: str = "answering"):
    """The person starts (or finishes) a round: their session moves to it."""
    with app.unit_of_work() as uow:
        consultation = uow.consultations.get(SLUG)
        person = uow.participants.get(user_id)
        round_row = uow.consultations.round(consultation.id, round_key)
        uow.sessions.save(person.id, consultation.id, state="{}", status=status,
                          round_id=round_row.id, updated_at=at)
        uow.commit()


def outbox(app: App, prefix: str = "") -> list[OutboxRow]:
    """Outbox rows (oldest first) whose dedupe key starts with `prefix`."""
    with app.unit_of_work() as uow:
        statement = select(OutboxRow).order_by(col(OutboxRow.id))
        if prefix:
            statement = statement.where(col(OutboxRow.dedupe_key).startswith(prefix))
        return list(uow.session.exec(statement))


def reminders_by_user(app: App, round_id: int) -> dict[int, list[OutboxRow]]:
    found: dict[int, list[OutboxRow]] = {}
    for row in outbox(app, f"remind:{round_id}:"):
        found.setdefault(row.chat_id, []).append(row)
    return found


def round_state(app: App, round_id: int) -> str:
    with app.unit_of_work() as uow:
        return str(uow.consultations.get_round(round_id).state)


def audit_actions(app: App) -> list[tuple[str, dict[str, Any]]]:
    with app.unit_of_work() as uow:
        return [(e.action, e.detail) for e in reversed(uow.audit.latest(500))]


def planner_for(app: App) -> RoundPlanner:
    return RoundPlanner(app.unit_of_work, RoundLifecycle.from_app(app))


def run_until(planner: RoundPlanner, clock: FrozenClock, end: datetime) -> list[datetime]:
    """Jump from alarm to alarm up to `end`, doing what is due at each, as the scheduler
    does; returns the times it woke at."""
    woke = []
    while True:
        upcoming = [w for w in planner.plan(clock.now) if w.at <= end]
        if not upcoming:
            break
        clock.now = upcoming[0].at
        woke.append(clock.now)
        planner.run_due(clock.now)
    clock.now = end
    planner.run_due(end)
    return woke




def postgres_url_in_new_schema() -> Iterator[str]:
    with scratch_schema(require_test_postgres(), "sched") as url:
        yield url


def make_app(database_url: str, clock: FrozenClock, **settings: object) -> App:
    values: dict[str, object] = {"database_url": database_url, "secret_key": "test-key",
                                 "timezone": "Europe/London", "quiet_hours_start": 21,
                                 "quiet_hours_end": 8, "reminders_per_round": 2}
    values.update(settings)
    application = App(Settings(**values), clock=clock)  # type: ignore[arg-type]
    application.migrate()
    return application
