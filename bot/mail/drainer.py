"""The mail drainer: claim due e-mail notices from the outbox, send each at most once.

A claimed row is "sending" (committed) before the e-mail goes, and settled right after:
"sent"; "failed" (no address any more, refused for good, or too many tries); or back to
"pending" with a later `not_before` when the server is down or says "later". A row left
"sending" by a crash is settled as interrupted (bot.broadcast.recovery): never sent twice.
The address is opened only here, only to send, and never logged.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Protocol

from bot.broadcast.outbox_store import Claimed, OutboxStore, Settlement
from bot.mail.address import AddressBox
from bot.mail.compose import MailWriter
from bot.mail.smtp import MailRefused, MailUnavailable
from bot.services.ports import UnitOfWorkFactory

log = logging.getLogger(__name__)
NO_ADDRESS = "no address: removed or erased"


class MailSender(Protocol):
    def send(self, message: EmailMessage) -> None:
        """Raises MailUnavailable (retry later) or MailRefused (give up)."""
        ...


@dataclass(frozen=True)
class MailPolicy:
    batch: int = 10
    idle_seconds: float = 5.0
    max_attempts: int = 8
    retry_after: timedelta = timedelta(minutes=1)
    """How long a message waits after the server was unavailable, times its attempts."""
    longest_wait: timedelta = timedelta(hours=1)
    stuck_after: timedelta = timedelta(minutes=10)


@dataclass
class MailStats:
    sent: int = 0
    failed: int = 0
    retried: int = 0

    def add(self, other: MailStats) -> None:
        self.sent += other.sent
        self.failed += other.failed
        self.retried += other.retried


class MailDrainer:
    """Sends what is due among the outbox's e-mail rows; one per deployment, like the
    chat drainer (the scheduler process runs both)."""

    def __init__(
        self,
        unit_of_work: UnitOfWorkFactory,
        sender: MailSender,
        writer: MailWriter,
        box: AddressBox,
        clock: Callable[[], datetime],
        policy: MailPolicy | None = None,
    ) -> None:
        self._uow = unit_of_work
        self.store = OutboxStore(unit_of_work)
        self.sender = sender
        self.writer = writer
        self.box = box
        self.clock = clock
        self.policy = policy or MailPolicy()

    def drain_once(self) -> MailStats:
        """Claim one batch and send it (blocking: run it in a thread)."""
        stats = MailStats()
        rows = self.store.claim(self.policy.batch, self.clock(), email=True)
        for index, row in enumerate(rows):
            settlement = self._deliver(row)
            self.store.settle([settlement])
            _count(stats, settlement)
            if settlement.outcome == "retry":  # the server is down: the rest wait as well
                rest = [Settlement(r.id, "retry", settlement.at, settlement.reason)
                        for r in rows[index + 1:]]
                self.store.settle(rest)
                stats.retried += len(rest)
                break
        if rows:
            log.info("mail.drained", extra={"sent": stats.sent, "failed": stats.failed,
                                            "retried": stats.retried})
        return stats

    async def run(self, stop: asyncio.Event) -> MailStats:
        """Drain until `stop` is set; returns what was done."""
        total = MailStats()
        await asyncio.to_thread(self.store.settle_interrupted, self.clock(),
                                self.policy.stuck_after)
        while not stop.is_set():
            try:
                done = await asyncio.to_thread(self.drain_once)
            except Exception:  # the database went away: try again shortly
                log.exception("mail.drain_failed")
                done = MailStats()
            total.add(done)
            if not (done.sent or done.failed or done.retried):
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), self.policy.idle_seconds)
        return total

    def _deliver(self, row: Claimed) -> Settlement:
        now = self.clock()
        address = self._address(row.chat_id)
        if address is None:
            return Settlement(row.id, "failed", now, NO_ADDRESS)
        try:
            message = self.writer.message(row.payload, address)
        except (KeyError, ValueError, TypeError) as error:
            return Settlement(row.id, "failed", now, f"unreadable payload: {type(error).__name__}")
        try:
            self.sender.send(message)
        except MailRefused as refused:
            return Settlement(row.id, "failed", now, f"refused by the mail server: {refused}")
        except MailUnavailable as unavailable:
            if row.attempts >= self.policy.max_attempts:
                return Settlement(row.id, "failed", now, f"gave up after {row.attempts} attempts")
            wait = min(self.policy.retry_after * row.attempts, self.policy.longest_wait)
            return Settlement(row.id, "retry", now + wait, f"unavailable: {unavailable}")
        return Settlement(row.id, "sent", self.clock())

    def _address(self, participant_id: int) -> str | None:
        with self._uow() as uow:
            sealed = uow.mail.sealed_address(participant_id)
        return self.box.open(sealed, participant_id) if sealed else None


def _count(stats: MailStats, settlement: Settlement) -> None:
    if settlement.outcome == "sent":
        stats.sent += 1
    elif settlement.outcome == "failed":
        stats.failed += 1
    else:
        stats.retried += 1
