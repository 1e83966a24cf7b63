"""Builders and helpers shared by the storage integration tests (fixtures are in conftest)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from sqlalchemy import create_engine, make_url, text

from bot.engine.model import Consultation, LocalText, Option, Question, QuestionType, Round
from storage import SqlUnitOfWork

PG_URL_ENV = "COPRO_TEST_DATABASE_URL"
BACKENDS = [
    "sqlite",
    pytest.param("postgresql", marks=pytest.mark.postgres),
]
OPENS = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
CLOSES = datetime(2026, 12, 15, 17, 0, tzinfo=UTC)


def postgres_admin_url() -> str:
    """The PostgreSQL URL given to the tests, or skip the test."""
    url = os.environ.get(PG_URL_ENV)
    if not url:
        pytest.skip(f"PostgreSQL tests need {PG_URL_ENV} (e.g. postgresql+psycopg://...)")
    return url


def url_in_schema(url: str, schema: str) -> str:
    """`url` with every connection's search_path set to `schema`."""
    parsed = make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
    return parsed.render_as_string(hide_password=False)


class PostgresSchemas:
    """Creates and drops throwaway schemas in the test database."""

    def __init__(self, admin_url: str) -> None:
        self._engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")

    def create(self) -> str:
        name = f"copro_test_{uuid.uuid4().hex[:12]}"
        with self._engine.connect() as connection:
            connection.execute(text(f"CREATE SCHEMA {name}"))
        return name

    def drop(self, name: str) -> None:
        with self._engine.connect() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {name} CASCADE"))

    def close(self) -> None:
        self._engine.dispose()


def text_of(value: str) -> LocalText:
    return LocalText.same(value)


def make_question(key: str, type_: QuestionType, options: tuple[str, ...] = ()) -> Question:
    return Question(
        key=key,
        type=type_,
        text=text_of(f"Question {key}?"),
        options=tuple(Option(option, text_of(option.title())) for option in options),
    )


def make_consultation(
    slug: str = "victoria-park",
    questions: tuple[Question, ...] | None = None,
    opens: datetime | None = OPENS,
    closes: datetime | None = CLOSES,
) -> Consultation:
    """A small consultation: one round `discover` (and an empty round `decide`)."""
    questions = questions or (
        make_question("visits", QuestionType.SINGLE, ("daily", "weekly", "rarely")),
        make_question("barriers", QuestionType.MULTI, ("dark", "dogs", "toilets")),
        make_question("ideas", QuestionType.TEXT),
    )
    return Consultation(
        slug=slug,
        title=text_of("Victoria Park"),
        languages=("en", "cy"),
        audience=("resident", "worker"),
        rounds=(
            Round("discover", text_of("Discover"), questions, opens=opens, closes=closes),
            Round("decide", text_of("Decide"), (make_question("ok", QuestionType.YESNO),)),
        ),
    )


def definition_of(consultation: Consultation) -> dict[str, object]:
    """A stand-in for the validated file as a dict."""
    return {
        "slug": consultation.slug,
        "languages": list(consultation.languages),
        "rounds": [
            {"key": r.key, "questions": [q.key for q in r.questions]} for r in consultation.rounds
        ],
    }


@dataclass(frozen=True)
class Seed:
    """Ids of a stored consultation and two enrolled participants."""

    consultation_id: int
    round_id: int
    questions: dict[str, int]
    alice: int
    bob: int
    alice_user_id: int = 2**62 + 1
    bob_user_id: int = 5_000_000_001


UowFactory = Callable[[], SqlUnitOfWork]
