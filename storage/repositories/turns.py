"""What one input needs to read, in as few statements as the answer path can afford.

A resident's input is one transaction: these reads, then the writes of the answer and the
session. Plain SQLAlchemy Core on the unit of work's connection, not ORM entities: an ORM
load costs several times a Core row, and the answer path runs for every tap.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import bindparam, case, literal_column, select
from sqlmodel import Session

from storage.dialects import is_postgresql
from storage.identity import Identity
from storage.repositories.sessions import FINISHED_STATUSES
from storage.tables import (
    ChatAnchorRow,
    ChatPromptRow,
    ConsultationRow,
    ParticipantRow,
    SessionRow,
)

_participant = ParticipantRow.__table__  # type: ignore[attr-defined]
_session_table = SessionRow.__table__  # type: ignore[attr-defined]
_consultation = ConsultationRow.__table__  # type: ignore[attr-defined]
_anchor = ChatAnchorRow.__table__  # type: ignore[attr-defined]
_prompt = ChatPromptRow.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class PersonState:
    """A participant as one input sees them, with the chat's question message if asked."""

    id: int
    language: str
    reachable: bool
    has_prompt: bool
    """The bot asked this person to type something (staff: a code, a text); not expired."""
    anchor: tuple[int, str] | None = None


@dataclass(frozen=True)
class SessionState:
    """A stored engine session and the version of its consultation's definition."""

    consultation_id: int
    state: str
    status: str
    version: int


@cache
def _person_statement(chat: bool, lock: bool, web: bool) -> Any:
    """Built once: a statement object reused keeps its cache key and compiled form."""
    prompt = (
        select(_prompt.c.user_id)
        .where(
            _prompt.c.user_id == _participant.c.telegram_user_id,
            _prompt.c.expires_at > bindparam("now"),
        )
        .exists()
    )
    columns: list[Any] = [
        _participant.c.id,
        _participant.c.language,
        _participant.c.reachable,
        prompt.label("has_prompt"),
    ]
    if chat:
        where = _anchor.c.chat_id == bindparam("chat")
        columns.append(select(_anchor.c.message_id).where(where).scalar_subquery())
        columns.append(select(_anchor.c.question).where(where).scalar_subquery())
    key = _participant.c.web_key if web else _participant.c.telegram_user_id
    statement = select(*columns).where(key == bindparam("user"))
    return statement.with_for_update(of=_participant) if lock else statement


_PROMPT_WAITING: Any = select(literal_column("1")).where(
    _prompt.c.user_id == bindparam("user"), _prompt.c.expires_at > bindparam("now")
)
_SESSION_COLUMNS = (
    _session_table.c.consultation_id,
    _session_table.c.state,
    _session_table.c.status,
    _consultation.c.version,
)


def _latest_first(sessions: Any) -> tuple[Any, ...]:
    """In progress before finished, then the one touched last."""
    return (
        case((sessions.c.status.in_(sorted(FINISHED_STATUSES)), 1), else_=0),
        sessions.c.updated_at.desc(),
        sessions.c.id.desc(),
    )


_LATEST_SESSION = (
    select(*_SESSION_COLUMNS)
    .join(_consultation, _consultation.c.id == _session_table.c.consultation_id)
    .where(_session_table.c.participant_id == bindparam("participant"))
    .order_by(*_latest_first(_session_table))
    .limit(1)
)


@cache
def _where_they_stopped_statement(chat: bool, web: bool) -> Any:
    """The person and their latest session in one statement (for reads: nothing locked)."""
    person = _person_statement(chat, False, web).subquery("person")
    theirs = _session_table.alias("theirs")
    latest = (
        select(theirs.c.id)
        .where(theirs.c.participant_id == person.c.id)
        .order_by(*_latest_first(theirs))
        .limit(1)
    )
    joined = person.outerjoin(
        _session_table, _session_table.c.id == latest.scalar_subquery()
    ).outerjoin(_consultation, _consultation.c.id == _session_table.c.consultation_id)
    return select(*person.c, *_SESSION_COLUMNS).select_from(joined)


_SESSION_IN = (
    select(*_SESSION_COLUMNS)
    .join(_consultation, _consultation.c.id == _session_table.c.consultation_id)
    .where(
        _session_table.c.participant_id == bindparam("participant"),
        _session_table.c.consultation_id == bindparam("consultation"),
    )
)


class TurnRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def person(
        self,
        identity: Identity,
        now: datetime,
        chat_id: int | None = None,
        *,
        lock: bool = True,
    ) -> PersonState | None:
        """The participant, with the question message of `chat_id` when given.

        With `lock`, the row is locked until the transaction ends on PostgreSQL, so every
        input of one person waits for the one before; read their session after this.
        """
        locked = lock and is_postgresql(self._session)
        statement = _person_statement(chat_id is not None, locked, identity.web_key is not None)
        params = {"user": identity.value, "now": now, "chat": chat_id}
        row = self._session.connection().execute(statement, params).first()
        if row is None:
            return None
        anchor = None
        if chat_id is not None and row[4] is not None:
            anchor = (int(row[4]), str(row[5]))
        return PersonState(int(row[0]), str(row[1]), bool(row[2]), bool(row[3]), anchor)

    def where_they_stopped(
        self, identity: Identity, now: datetime, chat_id: int | None = None
    ) -> tuple[PersonState | None, SessionState | None]:
        """`person` (unlocked) and their `latest_session`, read in one statement: for
        showing where someone stopped, which changes nothing."""
        statement = _where_they_stopped_statement(chat_id is not None, identity.web_key is not None)
        params = {"user": identity.value, "now": now, "chat": chat_id}
        row = self._session.connection().execute(statement, params).first()
        if row is None:
            return None, None
        anchor = None
        if chat_id is not None and row[4] is not None:
            anchor = (int(row[4]), str(row[5]))
        person = PersonState(int(row[0]), str(row[1]), bool(row[2]), bool(row[3]), anchor)
        stored = row[-4:]
        if stored[0] is None:
            return person, None
        return person, SessionState(int(stored[0]), str(stored[1]), str(stored[2]), int(stored[3]))

    def prompt_waiting(self, telegram_user_id: int, now: datetime) -> bool:
        """Whether the bot waits for this person to type something (for people who are
        not participants: staff who never joined a consultation)."""
        params = {"user": telegram_user_id, "now": now}
        return self._session.connection().execute(_PROMPT_WAITING, params).first() is not None

    def latest_session(self, participant_id: int) -> SessionState | None:
        """The session still in progress, else the one touched last."""
        return self._session_state(_LATEST_SESSION, {"participant": participant_id})

    def session_in(self, participant_id: int, consultation_id: int) -> SessionState | None:
        """The participant's session in one consultation, if any."""
        params = {"participant": participant_id, "consultation": consultation_id}
        return self._session_state(_SESSION_IN, params)

    def _session_state(self, statement: Any, params: dict[str, Any]) -> SessionState | None:
        row = self._session.connection().execute(statement, params).first()
        if row is None:
            return None
        return SessionState(int(row[0]), str(row[1]), str(row[2]), int(row[3]))
