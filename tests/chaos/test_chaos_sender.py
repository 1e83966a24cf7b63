"""The sender when the database fails under it: what reached Telegram is not undone, and the
messages after it still go."""

from __future__ import annotations

from typing import Any

from bot.messaging import actions as out
from bot.messaging.rate_limit import RateLimiter
from bot.messaging.sender import Sender


class DatabaseDown(Exception):
    pass


class RecordingApi:
    def __init__(self) -> None:
        self.sent: list[str] = []

    async def send_message(self, chat_id: int, text: str, keyboard: Any) -> int:
        self.sent.append(text)
        return len(self.sent)

    async def edit_message_text(self, chat_id: int, message_id: int, text: str, kb: Any) -> None:
        self.sent.append(text)


async def broken_anchors(chat_id: int, message_id: int, question: str | None) -> None:
    raise DatabaseDown


async def test_the_next_question_is_sent_even_when_the_database_fails_after_the_edit() -> None:
    api = RecordingApi()

    async def nothing(_: object) -> None:
        raise DatabaseDown

    sender = Sender(api, RateLimiter(per_chat=100, chat_burst=100, overall=100),  # type: ignore[arg-type]
                    broken_anchors, nothing, nothing)
    await sender.perform([
        out.EditText(7, 1, "Question 1\n\nYour answer: Every day", (), anchor_question="visits"),
        out.SendText(7, "Question 2 of 4", (), anchor_question="times"),
    ])
    assert api.sent == ["Question 1\n\nYour answer: Every day", "Question 2 of 4"]
