"""A view: text plus rows of buttons, each button carrying the engine input it stands for."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from bot.engine.inputs import Input


class ViewKind(StrEnum):
    NOTICE = "notice"
    REFUSAL = "refusal"
    QUESTION = "question"
    QUESTION_UPDATE = "question_update"
    ANSWER_GIVEN = "answer_given"
    PROMPT = "prompt"


@dataclass(frozen=True)
class Button:
    label: str
    action: Input


@dataclass(frozen=True)
class View:
    text: str
    kind: ViewKind = ViewKind.NOTICE
    rows: tuple[tuple[Button, ...], ...] = field(default_factory=tuple)
    question: str | None = None

    @property
    def buttons(self) -> tuple[Button, ...]:
        return tuple(b for row in self.rows for b in row)
