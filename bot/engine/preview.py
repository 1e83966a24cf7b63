"""Previews: a consultation with every round open, and the round a preview starts in."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from bot.engine.model import Consultation
from bot.engine.navigation import availability
from bot.engine.step import Availability


def unscheduled(consultation: Consultation) -> Consultation:
    """The consultation with every round open: an officer previews before it opens."""
    rounds = tuple(replace(r, opens=None, closes=None, draft=False) for r in consultation.rounds)
    return replace(consultation, rounds=rounds)


def preview_round(consultation: Consultation, now: datetime) -> str | None:
    """The round open now, else the first one not yet closed, else the first."""
    rounds = consultation.rounds
    for wanted in (Availability.OPEN, Availability.NOT_OPEN):
        for round_ in rounds:
            if availability(round_, now) is wanted:
                return round_.key
    return rounds[0].key if rounds else None
