"""The sender keeps Telegram's limits, retries 429 at most three times, and loses nothing."""

from __future__ import annotations

import pytest

from bot.conversation.anchors import Anchor
from bot.messaging import actions as out
from bot.messaging.actions import Keyboard
from bot.messaging.api import BadRequest, Forbidden, RetryAfter, Unavailable
from bot.messaging.rate_limit import RateLimiter
from bot.messaging.sender import Sender


class FakeApi:
    """Fails the next calls with the errors queued in `failures`, then succeeds."""

    def __init__(self, failures: list[Exception] | None = None) -> None:
        self.failures = list(failures or [])
        self.sent: list[tuple[int, str]] = []
        self.deleted: list[tuple[int, int]] = []

    async def send_message(self, chat_id: int, text: str, keyboard: Keyboard) -> int:
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append((chat_id, text))
        return len(self.sent)

    async def edit_message_text(self, *args: object) -> None:
        if self.failures:
            raise self.failures.pop(0)

    async def edit_keyboard(self, *args: object) -> None: ...

    async def answer_callback(self, *args: object) -> None: ...

    async def send_document(self, *args: object) -> int:
        return 1

    async def delete_message(self, chat_id: int, message_id: int) -> None:
        self.deleted.append((chat_id, message_id))

    async def set_commands(self, *args: object) -> None: ...


class MemoryAnchors:
    """What the sender reports: which message shows each chat's question."""

    def __init__(self) -> None:
        self.anchors: dict[int, Anchor] = {}

    async def note(self, chat_id: int, message_id: int, question: str | None) -> None:
        if question:
            self.anchors[chat_id] = Anchor(message_id, question)
        else:
            self.anchors.pop(chat_id, None)


class Recorder:
    def __init__(self) -> None:
        self.unreachable: list[int] = []
        self.parked: list[out.Action] = []

    async def forbidden(self, chat_id: int) -> None:
        self.unreachable.append(chat_id)

    async def park(self, action: out.Action) -> None:
        self.parked.append(action)


def sender_for(api: FakeApi, recorder: Recorder, anchors: MemoryAnchors | None = None) -> Sender:
    limiter = RateLimiter(per_chat=1000, chat_burst=1000, overall=1000)
    return Sender(api, limiter, (anchors or MemoryAnchors()).note, recorder.forbidden,
                  recorder.park)


@pytest.fixture(autouse=True)
def _no_real_sleep(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    waited: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        waited.append(seconds)

    monkeypatch.setattr("bot.messaging.sender.asyncio.sleep", fake_sleep)
    return waited


async def test_a_429_waits_retry_after_and_the_message_is_sent_once(
    _no_real_sleep: list[float],
) -> None:
    api, recorder = FakeApi([RetryAfter(7)]), Recorder()
    assert await sender_for(api, recorder).send(out.SendText(5, "hello"))
    assert api.sent == [(5, "hello")]
    assert _no_real_sleep == [7]


async def test_req15_after_three_retries_the_message_waits_in_the_outbox() -> None:
    api, recorder = FakeApi([RetryAfter(1)] * 4), Recorder()
    assert not await sender_for(api, recorder).send(out.SendText(5, "hello"))
    assert api.sent == []
    assert recorder.parked == [out.SendText(5, "hello")]


async def test_req15_a_403_marks_the_person_unreachable_and_is_not_retried() -> None:
    api, recorder = FakeApi([Forbidden("blocked")]), Recorder()
    assert not await sender_for(api, recorder).send(out.SendText(5, "hello"))
    assert recorder.unreachable == [5] and recorder.parked == [] and api.sent == []


async def test_server_errors_back_off_then_park() -> None:
    api, recorder = FakeApi([Unavailable("500")] * 4), Recorder()
    assert not await sender_for(api, recorder).send(out.SendText(5, "hi"))
    assert recorder.parked == [out.SendText(5, "hi")]


async def test_a_server_error_then_success_sends_once() -> None:
    api, recorder = FakeApi([Unavailable("500")]), Recorder()
    assert await sender_for(api, recorder).send(out.SendText(5, "hi"))
    assert api.sent == [(5, "hi")] and recorder.parked == []


async def test_an_edit_that_changes_nothing_counts_as_done() -> None:
    api = FakeApi([BadRequest("Bad Request: message is not modified")])
    recorder = Recorder()
    assert await sender_for(api, recorder).send(out.EditText(5, 9, "same"))
    assert recorder.parked == []


async def test_a_question_message_becomes_the_chats_anchor() -> None:
    anchors = MemoryAnchors()
    sender = sender_for(FakeApi(), Recorder(), anchors)
    await sender.send(out.SendText(5, "Question 1", (), anchor_question="visits"))
    assert anchors.anchors[5] == Anchor(1, "visits")


async def test_an_edit_that_shows_no_question_any_more_forgets_the_anchor() -> None:
    anchors = MemoryAnchors()
    sender = sender_for(FakeApi(), Recorder(), anchors)
    await sender.send(out.EditText(5, 1, "Question 1", (), anchor_question="visits"))
    assert anchors.anchors[5] == Anchor(1, "visits")
    await sender.send(out.EditText(5, 1, "Your answer: Weekly. Thank you."))
    assert 5 not in anchors.anchors


async def test_the_rate_limiter_spaces_one_chats_messages_a_second_apart(
    _no_real_sleep: list[float],
) -> None:
    limiter = RateLimiter(per_chat=1.0, chat_burst=1.0, overall=30.0, clock=lambda: 0.0)
    for _ in range(3):
        await limiter.wait(42)
    await limiter.wait(43)
    assert _no_real_sleep == pytest.approx([1.0, 2.0]), "another chat does not wait"


async def test_a_message_with_a_secret_is_queued_for_deletion_after_it_is_sent() -> None:
    later: list[tuple[int, int, float]] = []

    async def delete_later(chat_id: int, message_id: int, seconds: float) -> None:
        later.append((chat_id, message_id, seconds))

    api, recorder = FakeApi(), Recorder()
    limiter = RateLimiter(per_chat=1000, chat_burst=1000, overall=1000)
    sender = Sender(api, limiter, MemoryAnchors().note, recorder.forbidden, recorder.park,
                    delete_later=delete_later)  # fmt: skip
    await sender.send(out.SendText(5, "codes", delete_after=600))
    assert later == [(5, 1, 600)]
    assert api.deleted == []


async def test_a_secret_that_cannot_be_queued_for_deletion_is_deleted_at_once() -> None:
    async def database_down(chat_id: int, message_id: int, seconds: float) -> None:
        raise ConnectionError("database away")

    api, recorder = FakeApi(), Recorder()
    limiter = RateLimiter(per_chat=1000, chat_burst=1000, overall=1000)
    sender = Sender(api, limiter, MemoryAnchors().note, recorder.forbidden, recorder.park,
                    delete_later=database_down)  # fmt: skip
    await sender.send(out.SendText(5, "codes", delete_after=600))
    assert api.deleted == [(5, 1)], "better gone too soon than left in the chat"
