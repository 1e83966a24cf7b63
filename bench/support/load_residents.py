"""The residents of bench/load.py: many people answering round 1, a bounded number at once,
and the database check that every answer was stored exactly once."""

from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass
from typing import Any

import aiohttp
from sqlalchemy import create_engine, text
from support.inbound_residents import QUESTIONS_IN_ROUND, ROUND_ONE, Tally, plan_for, resident

from bot.sandbox import SandboxClient

INPUTS_PER_RESIDENT = len(ROUND_ONE)  # join, consent, role and eight questions


@dataclass
class Load:
    """What one configuration's residents saw."""

    seconds: float
    tally: Tally

    def figures(self, residents: int) -> dict[str, Any]:
        latencies = sorted(self.tally.latencies)
        timeouts = sum("TimeoutError" in error for error in self.tally.errors)
        return {
            "seconds": round(self.seconds, 2),
            "inputs_per_s": round(len(latencies) / self.seconds, 1),
            "p50_ms": round(statistics.median(latencies) * 1000, 1) if latencies else None,
            "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 1)
            if latencies
            else None,
            "residents_finished": self.tally.finished,
            "errors": len(self.tally.errors),
            "timeouts": timeouts,
            "first_errors": self.tally.errors[:3],
        }


async def create_residents(base_url: str, count: int) -> list[int]:
    """Make the sandbox users first, so that the timed part is only the bot's work."""
    connector = aiohttp.TCPConnector(limit=50)
    async with aiohttp.ClientSession(connector=connector) as http:
        client = SandboxClient(base_url, http)
        users = await asyncio.gather(*(client.create_user(f"Resident {n}") for n in range(count)))
    return [int(user["id"]) for user in users]


async def answer_round(base_url: str, users: list[int], at_once: int) -> Load:
    """Every user completes round 1, at most `at_once` of them at a time."""
    tally = Tally()
    gate = asyncio.Semaphore(at_once)
    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=0), timeout=timeout
    ) as http:
        client = SandboxClient(base_url, http)

        async def one(index: int, user: int) -> None:
            async with gate:
                await resident(client, user, plan_for(index, "copro"), tally)

        started = time.perf_counter()
        await asyncio.gather(*(one(index, user) for index, user in enumerate(users)))
        seconds = time.perf_counter() - started
    return Load(seconds, tally)


def stored_answers(database_url: str, residents: int) -> dict[str, Any]:
    """Answers in the database against what the residents gave: none missing, none twice."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as db:
            total, distinct, complete, tagged = (
                db.execute(text(query)).scalar_one()
                for query in (
                    "SELECT COUNT(*) FROM answer",
                    "SELECT COUNT(*) FROM"
                    " (SELECT DISTINCT participant_id, question_id FROM answer) d",
                    "SELECT COUNT(*) FROM (SELECT participant_id FROM answer"
                    f" GROUP BY participant_id HAVING COUNT(*) = {QUESTIONS_IN_ROUND}) c",
                    "SELECT COUNT(*) FROM answer WHERE tag_status = 'done'",
                )
            )
    finally:
        engine.dispose()
    return {
        "answers_stored": int(total),
        "answers_expected": residents * QUESTIONS_IN_ROUND,
        "answers_twice": int(total) - int(distinct),
        "residents_complete_in_db": int(complete),
        "answers_tagged_by_end": int(tagged),
    }
