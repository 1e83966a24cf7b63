"""What one resident of bench/inbound.py (and bench/load.py) does: round 1 of
`victoria-park`, input by input, each timed from injection to the bot's reply."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from bot.sandbox import SandboxClient

SLUG = "victoria-park"
QUESTIONS_IN_ROUND = 8  # the answers one resident's plan stores
STEP_TIMEOUT = 30.0


# (kind, payload, what Copro answers with: EDIT when it turns the tapped message into what
# comes next, else how many new messages). A tap goes to the newest bot message.
EDIT = 0
Step = tuple[str, str, int]

ROUND_ONE: tuple[Step, ...] = (
    ("command", f"start {SLUG}", 1),  # the consent notice
    ("tap", "a|1", 1),  # I agree (to the English notice) -> which role (the notice stays)
    ("tap", "r|resident", EDIT),  # Resident -> the round's intro and question 1
    ("tap", "c|visits|{visits}", EDIT),  # -> activities
    ("text", "{activities}", 1),  # typed choices, e.g. "1, 5" -> barriers
    ("text", "{barriers}", 1),  # -> safety after dark
    ("tap", "c|safety_dark|2", EDIT),  # -> what makes you feel unsafe
    ("text", "The paths by the lake are dark and the lights are broken.", 1),  # -> children
    ("tap", "c|children|yes", EDIT),  # -> play needs
    ("text", "{play}", 1),  # -> one change
    ("text", "Toilets near the playground, please.", 1),  # -> thank you
)
VISITS = ("most_days", "weekly", "monthly")
ACTIVITIES = ("1, 5", "2", "3 4 7", "1")
BARRIERS = ("3", "2, 3", "1", "5 7")
PLAY = ("4", "1, 2", "6")


def plan_for(resident: int, kind: str) -> list[Step]:
    """Round 1 with answers that vary by resident but keep the same shape.

    The echo bot sends one message back for every input, so it is waited for once a step.
    """
    values = {
        "visits": VISITS[resident % len(VISITS)],
        "activities": ACTIVITIES[resident % len(ACTIVITIES)],
        "barriers": BARRIERS[resident % len(BARRIERS)],
        "play": PLAY[resident % len(PLAY)],
    }
    return [
        (step, payload.format(**values), wait if kind == "copro" else 1)
        for step, payload, wait in ROUND_ONE
    ]


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    finished: int = 0
    last_texts: list[str] = field(default_factory=list)


async def resident(client: SandboxClient, user_id: int, plan: list[Step], tally: Tally) -> None:
    """Inject each step, wait for the reply, time it; stop at the first failure."""
    newest, newest_rev = 0, 0
    for index, (kind, payload, expected) in enumerate(plan):
        started = time.perf_counter()
        try:
            if kind == "command":
                name, _, argument = payload.partition(" ")
                await client.send_command(user_id, name, argument)
            elif kind == "tap":
                await client.tap_button(user_id, newest, payload)
            else:
                await client.send_text(user_id, payload)
            if expected == EDIT:
                replies = [await client.wait_for_edit(user_id, newest, newest_rev, STEP_TIMEOUT)]
            else:
                replies = await client.wait_for_bot_messages(
                    user_id, expected, timeout=STEP_TIMEOUT, after=newest
                )
        except Exception as error:  # a benchmark reports failures, it does not stop at one
            tally.errors.append(f"user {user_id} step {index} {kind} {payload!r}: {error!r}")
            return
        tally.latencies.append(time.perf_counter() - started)
        shown = max(replies, key=lambda m: int(m["message_id"]))
        newest, newest_rev = int(shown["message_id"]), int(shown["rev"])
    tally.finished += 1
    tally.last_texts.append(str(replies[-1].get("text") or ""))


