"""Which message shows each chat's current question (one row per chat)."""

from __future__ import annotations

from sqlmodel import Session, col, delete, select

from storage.dialects import insert
from storage.tables import ChatAnchorRow, utc_now


class AnchorRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, chat_id: int) -> tuple[int, str] | None:
        """(message id, question key) of the chat's question message, if any."""
        row = self._session.exec(
            select(ChatAnchorRow).where(ChatAnchorRow.chat_id == chat_id)
        ).first()
        return (row.message_id, row.question) if row else None

    def put(self, chat_id: int, message_id: int, question: str) -> None:
        values = {"message_id": message_id, "question": question, "updated_at": utc_now()}
        statement = (
            insert(self._session, ChatAnchorRow)
            .values(chat_id=chat_id, **values)
            .on_conflict_do_update(index_elements=["chat_id"], set_=values)
        )
        self._session.exec(statement)

    def delete(self, chat_id: int) -> None:
        self._session.exec(delete(ChatAnchorRow).where(col(ChatAnchorRow.chat_id) == chat_id))
