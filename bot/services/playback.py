"""Closing the loop: a check-back round of "Is this what we heard?" statements.

`findings` picks a closed round's most common themes and key phrases (only those shown in
the results: a hidden small group never becomes a statement). `check_back_round` turns
statements into a round definition: one `single` question each (agree / disagree / not
sure) and one optional comment. `append_round` adds it to a consultation that already has
answers, which `ConsultationRepository.save` refuses by design: the stored definition
gains one round, re-validated as a whole, and rows are inserted for the new round only;
no existing round, question, option or answer is touched.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from bot.consultations import load_data
from bot.engine.model import Round
from bot.results.model import RoundResult
from bot.services.consultations import ConsultationNotFound
from bot.services.ports import UnitOfWork, id_of

MAX_THEMES = 3
MAX_PHRASES = 2
MAX_STATEMENTS = 10
MAX_STATEMENT_LENGTH = 300
CHOICES = ("agree", "disagree", "unsure")
COMMENT_KEY = "comment"
COMMENT_MAX_LENGTH = 1000


@dataclass(frozen=True)
class Finding:
    """A theme (with its label in each language) or a phrase people used, and how often."""

    kind: str  # "theme" or "phrase"
    key: str
    labels: Mapping[str, str]
    count: int


@dataclass(frozen=True)
class RoundTexts:
    """The fixed texts of a check-back round, per language (from the chat's catalogue)."""

    title: Mapping[str, str]
    intro: Mapping[str, str]
    choices: Mapping[str, Mapping[str, str]]  # choice key -> language -> text
    comment: Mapping[str, str]


class RoundKeyTaken(ValueError):
    pass


def findings(round_result: RoundResult, languages: Sequence[str]) -> list[Finding]:
    """The most common shown themes, then phrases, across the round's free-text questions."""
    themes: dict[str, Finding] = {}
    phrases: dict[str, int] = {}
    for question in round_result.questions:
        summary = question.text
        if summary is None or question.hidden:
            continue
        for theme in summary.themes:
            if not theme.count.shown or not theme.count.value:
                continue
            labels = {x: theme.label.get(x) for x in languages}
            before = themes.get(theme.key)
            count = theme.count.value + (before.count if before else 0)
            themes[theme.key] = Finding("theme", theme.key, labels, count)
        for phrase, n in summary.phrases:
            phrases[phrase] = phrases.get(phrase, 0) + n
    top_themes = sorted(themes.values(), key=lambda f: (-f.count, f.key))[:MAX_THEMES]
    named = {label.lower() for f in top_themes for label in f.labels.values()}
    top_phrases = [
        Finding("phrase", p, {x: p for x in languages}, n)
        for p, n in sorted(phrases.items(), key=lambda item: (-item[1], item[0]))
        if p.lower() not in named
    ][:MAX_PHRASES]
    return [*top_themes, *top_phrases]


def check_back_round(
    key: str,
    statements: Mapping[str, Sequence[str]],
    texts: RoundTexts,
    languages: Sequence[str],
    reminders: Sequence[str] = (),
) -> dict[str, Any]:
    """The round as it would be written in the consultation file."""
    counts = {len(statements.get(x, ())) for x in languages}
    if len(counts) != 1 or not 1 <= counts.pop() <= MAX_STATEMENTS:
        raise ValueError("every language needs the same number of statements (1 to 10)")

    def local(texts_by_language: Mapping[str, str]) -> dict[str, str]:
        return {x: texts_by_language[x] for x in languages}

    options = [{"key": c, "text": local(texts.choices[c])} for c in CHOICES]
    questions: list[dict[str, Any]] = []
    for n in range(len(statements[languages[0]])):
        wording = {x: statements[x][n] for x in languages}
        questions.append({"key": f"s{n + 1}", "type": "single", "text": wording,
                          "options": copy.deepcopy(options)})
    questions.append({"key": COMMENT_KEY, "type": "text", "text": local(texts.comment),
                      "required": False, "max_length": COMMENT_MAX_LENGTH})
    round_: dict[str, Any] = {"key": key, "title": local(texts.title),
                              "intro": local(texts.intro), "questions": questions}
    if reminders:
        round_["reminders"] = list(reminders)
    return round_


def free_round_key(taken: Sequence[str], source: str) -> str:
    """`playback_<source>`, or with _2, _3 ... when that is taken (at most 40 characters)."""
    base = f"playback_{source}"[:36]
    key, n = base, 1
    while key in taken:
        n += 1
        key = f"{base}_{n}"
    return key


def append_round(
    uow: UnitOfWork,
    slug: str,
    round_definition: Mapping[str, Any],
    now: datetime,
    zone: tzinfo,
    opens: datetime | None,
    closes: datetime | None,
    actor: int | None = None,
) -> Round:
    """Add a round at the end of a stored consultation, answers or not, in the caller's
    transaction. Raises ConsultationNotFound, RoundKeyTaken or ConsultationInvalid."""
    row = uow.consultations.get(slug)
    if row is None:
        raise ConsultationNotFound(slug)
    definition = copy.deepcopy(dict(row.definition))
    key = str(round_definition["key"])
    if any(r.get("key") == key for r in definition.get("rounds", [])):
        raise RoundKeyTaken(key)
    definition["rounds"] = [*definition.get("rounds", []), copy.deepcopy(dict(round_definition))]
    checked = load_data(definition, zone)  # the whole file again, as an import would
    added = checked.consultation.rounds[-1]
    stored_rounds = uow.consultations.rounds(id_of(row))
    if key in {r.key for r in stored_rounds}:
        raise RoundKeyTaken(key)
    uow.consultations.append_round(
        id_of(row), definition, added, opens_at=opens, closes_at=closes, now=now
    )
    detail = {"slug": slug, "round": key, "questions": len(added.questions)}
    uow.audit.append(actor, "consultation.round_added", detail, now)
    return added
