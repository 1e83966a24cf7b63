"""Whether an imported consultation may go live, and the state each round is imported in.

An import never opens a round by accident: a round the file gives an opening time is
"scheduled" (it opens by itself at that time); every other round is a "draft" that
residents cannot join until an officer opens it. A round may only go live with a privacy
notice of the council's own: residents never read a placeholder.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime

from bot.consultations.problems import Problem
from bot.engine.model import Consultation
from bot.engine.navigation import availability
from bot.engine.step import Availability

DRAFT, SCHEDULED, OPEN = "draft", "scheduled", "open"
LIVE_STATES = (SCHEDULED, OPEN)
"""States in which a round is, or will become by itself, open to residents."""

NO_PRIVACY = Problem(
    "privacy",
    "there is no privacy block, so residents would read no privacy notice: add one "
    "(controller and contact) before a round opens",
    key="problem_no_privacy",
)
NO_PRIVACY_DRAFT = Problem(
    "privacy",
    "there is no privacy block: the consultation can be a draft, but no round can open "
    "until one is added (controller and contact)",
    key="warning_no_privacy",
)


def starting_states(consultation: Consultation, open_now: bool = False) -> dict[str, str]:
    """Round key to the state an import stores it in: "scheduled" (open between the file's
    times; no opening time means from now) if the file says when it opens or `open_now`
    (the sandbox's shipped files), else "draft"."""
    undated = SCHEDULED if open_now else DRAFT
    return {r.key: SCHEDULED if r.opens is not None else undated for r in consultation.rounds}


def live_problems(consultation: Consultation) -> list[Problem]:
    """What stops a round of this consultation going live (empty: nothing does)."""
    return [NO_PRIVACY] if consultation.privacy is None else []


def import_problems(consultation: Consultation, states: Mapping[str, str]) -> list[Problem]:
    """What stops an import whose rounds will be in `states`: only a live round needs the
    things `live_problems` lists."""
    if any(state in LIVE_STATES for state in states.values()):
        return live_problems(consultation)
    return []


def import_warnings(consultation: Consultation, states: Mapping[str, str]) -> list[Problem]:
    """What a draft import may lack for now but must have before it opens."""
    if import_problems(consultation, states) or consultation.privacy is not None:
        return []
    return [NO_PRIVACY_DRAFT]


def shut_without_privacy(consultation: Consultation, now: datetime) -> Consultation:
    """The consultation as residents may see it: with no privacy notice (one stored before
    drafts existed), every round not closed is a draft, so nobody reads a placeholder."""
    if consultation.privacy is not None:
        return consultation
    rounds = tuple(
        r if availability(r, now) is Availability.CLOSED else replace(r, draft=True)
        for r in consultation.rounds
    )
    return replace(consultation, rounds=rounds)


def drafts(states: Mapping[str, str]) -> list[str]:
    """The round keys stored as drafts, in order."""
    return [key for key, state in states.items() if state == DRAFT]
