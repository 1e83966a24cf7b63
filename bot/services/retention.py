"""Retention: when a consultation's `retention_days` have passed since its last round closed,
remove answer text and the link to the person, keeping values, tags and counts (Art 5(1)(e)).

The scheduler runs `apply_retention` and `forget_processed_updates` daily in its own unit
of work and commits.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.engine.model import DEFAULT_RETENTION_DAYS
from bot.services.admin_ports import SecurityUnitOfWork
from bot.services.ports import UnitOfWork, id_of

logger = logging.getLogger(__name__)
# Telegram keeps an undelivered update for 24 hours; twice that covers every redelivery.
UPDATE_MEMORY = timedelta(days=2)


@dataclass(frozen=True)
class RetentionApplied:
    """What retention removed from one consultation (counts only)."""

    consultation: str
    answers: int
    sessions: int
    enrolments: int


def apply_retention(
    uow: SecurityUnitOfWork, now: datetime, default_days: int = DEFAULT_RETENTION_DAYS
) -> list[RetentionApplied]:
    """Anonymise every consultation whose retention is over; audit what went (counts only).

    Answers lose their text and participant; chat sessions (which copy answers) and
    enrolments (the person's link to the consultation) are deleted, and so are the e-mail
    addresses of web participants left in no consultation. Safe to run repeatedly.
    """
    applied = []
    for consultation in uow.consultations.list():
        ends = retention_ends(uow, consultation, now, default_days)
        if ends is None or now < ends:
            continue
        consultation_id = id_of(consultation)
        round_ids = [id_of(r) for r in uow.consultations.rounds(consultation_id)]
        result = RetentionApplied(
            consultation=consultation.slug,
            answers=uow.answers.anonymise(round_ids, answered_before=now),
            sessions=uow.personal_data.delete_sessions(consultation_id),
            enrolments=uow.personal_data.delete_enrolments(consultation_id),
        )
        if result.answers or result.sessions or result.enrolments:
            detail = {
                "consultation": result.consultation,
                "answers": result.answers,
                "sessions": result.sessions,
                "enrolments": result.enrolments,
            }
            uow.audit.append(None, "retention.applied", detail, now)
            logger.info("retention: %s", detail)
            applied.append(result)
    if applied and (addresses := uow.mail.forget_unenrolled()):  # in nothing now: no notices
        uow.audit.append(None, "retention.addresses", {"addresses": addresses}, now)
    return applied


def retention_days(consultation: Any, default_days: int = DEFAULT_RETENTION_DAYS) -> int:
    """The consultation's `retention_days`, from its stored definition."""
    days = (consultation.definition or {}).get("retention_days")
    return int(days) if days else default_days


def retention_ends(
    uow: SecurityUnitOfWork,
    consultation: Any,
    now: datetime,
    default_days: int = DEFAULT_RETENTION_DAYS,
) -> datetime | None:
    """When retention ends, or None while a round is still open or scheduled."""
    closed = last_closed(uow, consultation, now)
    if closed is None:
        return None
    return closed + timedelta(days=retention_days(consultation, default_days))


def last_closed(uow: SecurityUnitOfWork, consultation: Any, now: datetime) -> datetime | None:
    """When the consultation's last round closed; None if any round is not closed yet.

    A round closed by hand before its `closes_at` counts as closed at its latest answer.
    """
    rounds = uow.consultations.rounds(consultation.id)
    if not rounds:
        return None
    times: list[datetime] = []
    closed_early = False
    for round_ in rounds:
        if round_.closes_at is not None and round_.closes_at <= now:
            times.append(round_.closes_at)
        elif round_.state == "closed":
            closed_early = True
        else:
            return None
    if closed_early:
        last_answer = uow.personal_data.last_answer_at([id_of(r) for r in rounds])
        if last_answer is not None:
            times.append(last_answer)
    return max(times) if times else None


def forget_processed_updates(uow: UnitOfWork, now: datetime) -> int:
    """Forget update ids processed more than UPDATE_MEMORY ago (Telegram cannot resend
    them, and their times would outlive the answers they brought); how many."""
    forgotten = uow.updates.prune(now - UPDATE_MEMORY)
    if forgotten:
        logger.info("retention.updates_forgotten", extra={"count": forgotten})
    return forgotten
