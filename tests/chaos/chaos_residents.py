"""Residents who take part in the chaos poll the way a person would under a failing service:
look at the newest question, tap, wait a while for the bot to react, tap again if it did not.

And what the database then holds, read directly with SQLAlchemy.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC
from typing import Any

from sqlalchemy import Engine, create_engine, select

from bot.i18n.catalogue import load_catalogue
from bot.sandbox import SandboxClient
from storage import AnswerRow, ParticipantRow, QuestionRow
from tests.support.telegram_fixtures import Message, buttons

FINISHED = "Thank you. Your answers are saved."
SETUP_LABELS = ("I agree", "Resident")
QUESTIONS = {  # words in each question's text -> its key in chaos-poll.yaml
    "How often do you walk": "visits",
    "When do you walk there": "times",
    "How safe do the paths": "safety",
    "Should the main paths": "lights",
}
TRY_AGAIN = load_catalogue(UTC).text("try_again_later", "en")
EXPECTED = {"visits": "daily", "times": ["morning"], "safety": 1, "lights": "yes"}
"""What a resident who taps the first option each time ends up answering."""


def question_of(message: Message) -> str | None:
    """The question a message asks now: the last one it names (a tap turns a message into
    the answer just given, then the next question)."""
    text = message.get("text") or ""
    found = [(text.rfind(words), key) for words, key in QUESTIONS.items() if words in text]
    return max(found)[1] if found else None


def choose(labels: list[str]) -> str:
    """The button a resident taps next: agree, English, resident, then the first option
    (ticking the first option of a multiple choice, then Done)."""
    for label in SETUP_LABELS:
        if label in labels:
            return label
    if any(label.startswith("✓") for label in labels) and "Done" in labels:
        return "Done"
    return labels[0]


@dataclass
class Tap:
    """One tap a resident made: on which message, which button, its callback query id."""

    message_id: int
    label: str
    question: str | None
    callback_id: str
    answering: bool
    update_id: int


@dataclass
class Resident:
    client: SandboxClient
    user_id: int
    patience: float = 4.0
    """Seconds to wait for the bot to react before tapping again."""
    every: float = 0.25
    """Seconds between looks at the chat while waiting."""
    taps: list[Tap] = field(default_factory=list)
    resumed: int = 0
    """How often the resident had nothing to tap at all and had to send /resume."""
    ignored: bool = False
    """Whether the bot did nothing visible after the resident's last action."""
    """How often the resident had nothing to tap at all and had to send /resume."""

    @classmethod
    async def join(cls, client: SandboxClient, name: str, **options: Any) -> Resident:
        """A new user who sends /start chaos-poll."""
        user = await client.create_user(name)
        resident = cls(client, int(user["id"]), **options)
        await client.send_command(resident.user_id, "start", "chaos-poll")
        return resident

    async def messages(self) -> list[Message]:
        return await self.client.bot_messages(self.user_id)

    async def finished(self) -> bool:
        return any(FINISHED in (m.get("text") or "") for m in await self.messages())

    async def step(self) -> bool:
        """Tap the next button and wait (up to `patience`) for the bot to react.

        False when the resident has already finished."""
        messages = await self.messages()
        if any(FINISHED in (m.get("text") or "") for m in messages):
            return False
        current = next((m for m in reversed(messages) if buttons(m) and not m["deleted"]), None)
        if self.ignored:  # the last tap changed nothing (a question left over from before a
            # crash, say), and the bot did not ask to try again: ask to carry on instead
            await self.client.send_command(self.user_id, "resume")
            self.ignored = not await self._wait_for_change(messages, None)
            return True
        if current is None:  # nothing to tap: wait, then ask to carry on, as a person would
            if not await self._wait_for_change(messages, None):
                await self.client.send_command(self.user_id, "resume")
                self.resumed += 1
                self.ignored = not await self._wait_for_change(messages, None)
            return True
        labels = [label for row in buttons(current) for label, _ in row]
        label = choose(labels)
        data = next(d for row in buttons(current) for lab, d in row if lab == label)
        update = await self.client.tap_button(self.user_id, current["message_id"], data)
        answering = label not in SETUP_LABELS and (label == "Done" or "Done" not in labels)
        self.taps.append(Tap(current["message_id"], label, question_of(current),
                             str(update["callback_query"]["id"]), answering,
                             int(update["update_id"])))
        if not await self._wait_for_change(messages, current):
            self.ignored = not await self._apologised(self.taps[-1])
        return True

    async def _apologised(self, tap: Tap) -> bool:
        """Whether the bot answered this tap asking to try again (not, say, "that button is
        from an earlier question", which a person would answer with /resume)."""
        answers = await self.client.callback_answers(self.user_id)
        found = next((a for a in answers if a["callback_query_id"] == tap.callback_id), None)
        return bool(found and (found["answer"] or {}).get("text") == TRY_AGAIN)

    async def finish(self, steps: int = 40) -> None:
        """Step until finished; fails if that takes more than `steps` taps."""
        for _ in range(steps):
            if not await self.step():
                return
        raise AssertionError(f"resident {self.user_id} did not finish in {steps} taps: "
                             f"{[m.get('text') for m in await self.messages()][-3:]}")

    async def advance(self, steps: int) -> None:
        """Take `steps` steps (or fewer if finished)."""
        for _ in range(steps):
            if not await self.step():
                return

    async def _wait_for_change(self, before: list[Message], current: Message | None) -> bool:
        """Wait up to `patience` for the bot to react; False if it did not.

        With nothing to tap, the reaction is a new message: the sandbox holds the request
        until one comes. A tap turns its message into what comes next (or, after agreeing,
        sends a new one): look again every `every` seconds."""
        newest = max((m["message_id"] for m in before), default=0)
        if current is None:
            try:
                await self.client.wait_for_bot_messages(self.user_id, 1, self.patience, newest)
            except TimeoutError:
                return False
            return True
        deadline = time.monotonic() + self.patience
        while time.monotonic() < deadline:
            await asyncio.sleep(self.every)
            if _changed(current, await self.messages()):  # type: ignore[arg-type]
                return True
        return False

    async def transcript(self) -> str:
        """The last few things the resident saw and did, for a failure message."""
        seen = [(m["message_id"], (m.get("text") or "")[:60], [lab for row in buttons(m)
                 for lab, _ in row]) for m in (await self.messages())[-4:]]
        answers = {a["callback_query_id"]: a.get("answer") for a in
                   await self.client.callback_answers(self.user_id)}
        did = [(t.message_id, t.label, answers.get(t.callback_id)) for t in self.taps[-4:]]
        return f"resident {self.user_id}: saw {seen}; tapped {did}; resumed {self.resumed}"

    async def apologies(self) -> list[str]:
        """The alerts the bot answered taps with (its polite apology when it cannot cope)."""
        return [a["answer"].get("text", "") for a in
                await self.client.callback_answers(self.user_id)
                if a["answered"] and (a["answer"] or {}).get("show_alert")]

    async def acknowledged(self) -> list[Tap]:
        """The taps the bot answered without an alert (an alert is its apology)."""
        answers = {a["callback_query_id"]: a for a in
                   await self.client.callback_answers(self.user_id)}
        return [t for t in self.taps if _quietly_answered(answers.get(t.callback_id))]


def _changed(current: Message, now: list[Message]) -> bool:
    newer = any(m["message_id"] > current["message_id"] for m in now)
    edited = any(m["message_id"] == current["message_id"] and m.get("rev") != current.get("rev")
                 for m in now)
    return newer or edited


def _quietly_answered(answer: dict[str, Any] | None) -> bool:
    return bool(answer and answer["answered"] and not (answer["answer"] or {}).get("show_alert"))


async def everyone(residents: list[Resident], action: str, *args: Any) -> None:
    """Run one method of every resident at once."""
    await asyncio.gather(*(getattr(r, action)(*args) for r in residents))


async def everyone_finishes(residents: list[Resident], timeout: float) -> None:
    """Every resident finishes within `timeout` seconds; if not, the failure shows where
    the ones left are stuck (their last messages, taps and the bot's answers to them)."""
    try:
        await asyncio.wait_for(everyone(residents, "finish"), timeout)
    except TimeoutError:
        stuck = [r for r in residents if not await r.finished()]
        raise AssertionError(
            f"{len(stuck)} residents did not finish in {timeout}s:\n"
            + "\n".join([await r.transcript() for r in stuck[:3]])
        ) from None


def database_engine(database_url: str) -> Engine:
    return create_engine(database_url)


def _answer_rows(engine: Engine) -> list[tuple[int, str, Any]]:
    """(Telegram user id, question key, stored value) for every answer row."""
    query = (
        select(ParticipantRow.telegram_user_id, QuestionRow.key, AnswerRow.value)
        .join(ParticipantRow, ParticipantRow.id == AnswerRow.participant_id)  # type: ignore[arg-type]
        .join(QuestionRow, QuestionRow.id == AnswerRow.question_id)  # type: ignore[arg-type]
    )
    with engine.connect() as connection:
        return [(int(user), str(key), value) for user, key, value in connection.execute(query)]


def stored_answers(engine: Engine) -> dict[int, Counter[str]]:
    """Telegram user id -> how many answer rows each question has for them."""
    found: dict[int, Counter[str]] = {}
    for user_id, key, _ in _answer_rows(engine):
        found.setdefault(user_id, Counter())[key] += 1
    return found


def stored_values(engine: Engine) -> dict[int, dict[str, Any]]:
    """Telegram user id -> question key -> stored value."""
    found: dict[int, dict[str, Any]] = {}
    for user_id, key, value in _answer_rows(engine):
        found.setdefault(user_id, {})[key] = value
    return found


def assert_everyone_answered_once(database_url: str, residents: list[Resident]) -> None:
    """One stored answer per question per resident, each what they last chose."""
    engine = database_engine(database_url)
    try:
        counts, values = stored_answers(engine), stored_values(engine)
    finally:
        engine.dispose()
    for resident in residents:
        assert counts.get(resident.user_id) == {key: 1 for key in EXPECTED}, resident.user_id
        assert values[resident.user_id] == EXPECTED, resident.user_id
