"""The anchor book writes which message shows each chat's question behind, in batches."""

from __future__ import annotations

import asyncio

import pytest

from bot.conversation.anchors import Anchor, AnchorBook

Batch = dict[int, tuple[int, str] | None]


class Writes:
    def __init__(self, fail: bool = False, hold: asyncio.Event | None = None) -> None:
        self.batches: list[Batch] = []
        self.fail = fail
        self.hold = hold

    async def __call__(self, batch: Batch) -> None:
        if self.hold is not None:
            await self.hold.wait()
        if self.fail:
            raise ConnectionError("database away")
        self.batches.append(dict(batch))


async def test_many_chats_are_written_in_one_batch_after_a_moment() -> None:
    writes = Writes()
    book = AnchorBook(writes, delay=0.01)
    for chat in range(20):
        await book.note(chat, 100 + chat, f"q{chat}")
    assert writes.batches == []
    await asyncio.sleep(0.05)
    assert len(writes.batches) == 1 and len(writes.batches[0]) == 20
    assert writes.batches[0][3] == (103, "q3")


async def test_the_newest_news_of_a_chat_wins_and_no_question_forgets_it() -> None:
    writes = Writes()
    book = AnchorBook(writes, delay=10)
    await book.note(1, 5, "q1")
    await book.note(1, 5, "q2")
    await book.note(2, 9, "q1")
    await book.note(2, 9, None)
    assert book.pending(1) == Anchor(5, "q2")
    assert book.pending(2) is None
    assert book.pending(3) is False
    await book.close()
    assert writes.batches == [{1: (5, "q2"), 2: None}]


async def test_an_anchor_being_written_is_still_this_workers_news() -> None:
    hold = asyncio.Event()
    writes = Writes(hold=hold)
    book = AnchorBook(writes, delay=10)
    await book.note(1, 5, "q1")
    flushing = asyncio.create_task(book.flush())
    await asyncio.sleep(0)
    assert book.pending(1) == Anchor(5, "q1"), "not in the database yet"
    hold.set()
    await flushing
    assert book.pending(1) is False


async def test_a_staff_marker_is_written_at_once() -> None:
    writes = Writes()
    book = AnchorBook(writes, delay=10)
    await book.note(1, 5, "__2fa_qr__")
    assert writes.batches == [{1: (5, "__2fa_qr__")}]


async def test_a_failed_write_is_logged_and_dropped(caplog: pytest.LogCaptureFixture) -> None:
    book = AnchorBook(Writes(fail=True), delay=10)
    await book.note(1, 5, "q1")
    await book.flush()
    assert book.pending(1) is False
    assert "anchors.not_saved" in caplog.text
