"""A problem found in a consultation file, with the path to the place it is."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    message: str
    key: str = ""
    """A catalogue key for the message in the reader's language, if it has one."""

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class ConsultationInvalid(ValueError):
    """The file has one or more problems; all of them are listed, not only the first."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def join_path(parts: Sequence[str | int]) -> str:
    """('rounds', 0, 'questions', 2) -> 'rounds[0].questions[2]'."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text
