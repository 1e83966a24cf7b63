"""A participant's place in one round: plain data that serialises to JSON and back."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from bot.engine.values import AnswerValue, value_from_json, value_to_json

SCHEMA_VERSION = 1


class Stage(StrEnum):
    CONSENT = "consent"
    LANGUAGE = "language"
    ROLE = "role"
    ANSWERING = "answering"
    FINISHED = "finished"
    DECLINED = "declined"


@dataclass(frozen=True)
class Session:
    """Where a participant is: stage, profile, answers, the path walked and any draft."""

    consultation: str
    round: str
    stage: Stage
    language: str
    role: str | None = None
    consented: bool = False
    current: str | None = None
    answers: Mapping[str, AnswerValue] = field(default_factory=dict)
    path: tuple[str, ...] = ()
    draft: tuple[str, ...] = ()
    finished_once: bool = False
    language_chosen: bool = False

    def evolve(self, **changes: Any) -> Session:
        return replace(self, **changes)

    def with_answer(self, key: str, value: AnswerValue) -> Session:
        return replace(self, answers={**self.answers, key: value})

    def without_answers(self, keys: set[str]) -> Session:
        return replace(self, answers={k: v for k, v in self.answers.items() if k not in keys})

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True)

    def to_dict(self) -> dict[str, Any]:
        return {
            "v": SCHEMA_VERSION,
            "consultation": self.consultation,
            "round": self.round,
            "stage": self.stage.value,
            "language": self.language,
            "role": self.role,
            "consented": self.consented,
            "current": self.current,
            "answers": {k: value_to_json(v) for k, v in self.answers.items()},
            "path": list(self.path),
            "draft": list(self.draft),
            "finished_once": self.finished_once,
            "language_chosen": self.language_chosen,
        }

    @classmethod
    def from_json(cls, text: str) -> Session:
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("a session is a JSON object")
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Session:
        if data.get("v") != SCHEMA_VERSION:
            raise ValueError(f"unknown session version: {data.get('v')!r}")
        return cls(
            consultation=str(data["consultation"]),
            round=str(data["round"]),
            stage=Stage(data["stage"]),
            language=str(data["language"]),
            role=None if data.get("role") is None else str(data["role"]),
            consented=bool(data.get("consented", False)),
            current=None if data.get("current") is None else str(data["current"]),
            answers={str(k): value_from_json(v) for k, v in dict(data["answers"]).items()},
            path=tuple(str(k) for k in data.get("path", ())),
            draft=tuple(str(k) for k in data.get("draft", ())),
            finished_once=bool(data.get("finished_once", False)),
            language_chosen=bool(data.get("language_chosen", False)),
        )
