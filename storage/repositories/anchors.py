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

    def put_many(self, anchors: dict[int, tuple[int, str] | None]) -> None:
        """Record (or, for None, forget) the question message of many chats at once."""
        connection = self._session.connection()
        gone = [chat for chat, anchor in anchors.items() if anchor is None]
        if gone:
            connection.execute(delete(ChatAnchorRow).where(col(ChatAnchorRow.chat_id).in_(gone)))
        now = utc_now()
        rows = [
            {"chat_id": chat, "message_id": anchor[0], "question": anchor[1], "updated_at": now}
            for chat, anchor in anchors.items()
            if anchor is not None
        ]
        if rows:
            statement = insert(self._session, ChatAnchorRow)
            statement = statement.on_conflict_do_update(
                index_elements=["chat_id"],
                set_={
                    "message_id": statement.excluded.message_id,
                    "question": statement.excluded.question,
                    "updated_at": statement.excluded.updated_at,
                },
            )
            connection.execute(statement, rows)

    def delete(self, chat_id: int) -> None:
        self._session.exec(delete(ChatAnchorRow).where(col(ChatAnchorRow.chat_id) == chat_id))
