"""A question edit parked while Telegram was failing is dropped when a newer message shows
the chat's current question: sending it late would bring back an old question's buttons."""

from __future__ import annotations

import asyncio

from scheduling_testkit import outbox

from bot.bootstrap import App
from bot.broadcast import DrainPolicy, OutboxDrainer
from bot.broadcast.drainer import SUPERSEDED
from bot.messaging import actions as out
from bot.messaging.outbox_codec import action_to_payload

CHAT = 4242
BUTTONS = ((("Walking", "a:1"),),)


class _RecordingSender:
    """A sender stand-in whose Bot API records the edits it was asked to make."""

    def __init__(self, app: App) -> None:
        self.remember = None
        self.max_retries = 0
        self.api = self
        self.limiter = self
        self.edited: list[int] = []

    async def wait(self, chat_id: int | None) -> None:
        return None

    async def edit_message_text(self, chat_id: int, message_id: int, text: str,
                                keyboard: object) -> None:
        self.edited.append(message_id)

    async def on_forbidden(self, chat_id: int) -> None:  # pragma: no cover
        pass


def _park(app: App, action: out.Action) -> None:
    with app.unit_of_work() as uow:
        uow.outbox.enqueue(CHAT, "reply", action_to_payload(action), now=app.clock())
        uow.commit()


async def test_a_parked_edit_of_an_older_question_message_is_not_sent(app: App) -> None:
    sender = _RecordingSender(app)
    app.delivery.write_anchors({CHAT: (9, "q3")})  # /resume sent message 9 meanwhile
    _park(app, out.EditText(CHAT, 5, "Question 2", BUTTONS, "q2"))  # stale
    _park(app, out.EditText(CHAT, 9, "Question 3", BUTTONS, "q3"))  # current
    _park(app, out.EditText(CHAT, 4, "You chose: Walking"))  # no buttons: harmless
    stop = asyncio.Event()
    drainer = OutboxDrainer(app.unit_of_work, sender, DrainPolicy(concurrency=1),  # type: ignore[arg-type]
                            app.clock, app.anchor_of)
    task = asyncio.create_task(drainer.run(stop))
    for _ in range(100):
        if all(r.status != "pending" and r.status != "sending" for r in outbox(app)):
            break
        await asyncio.sleep(0.05)
    stop.set()
    await asyncio.wait_for(task, 10)
    assert sorted(sender.edited) == [4, 9]
    assert sorted((r.status, r.last_error) for r in outbox(app)) == [
        ("failed", SUPERSEDED), ("sent", None), ("sent", None)
    ]
