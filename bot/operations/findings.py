"""What one doctor check found: ok, a warning or a problem, with the fix to try."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    OK = "✓"
    WARNING = "!"
    PROBLEM = "✗"


@dataclass(frozen=True)
class Finding:
    status: Status
    subject: str
    detail: str
    fix: str = ""


def ok(subject: str, detail: str) -> Finding:
    return Finding(Status.OK, subject, detail)


def warning(subject: str, detail: str, fix: str = "") -> Finding:
    return Finding(Status.WARNING, subject, detail, fix)


def problem(subject: str, detail: str, fix: str) -> Finding:
    return Finding(Status.PROBLEM, subject, detail, fix)


def scrub(text: str, secrets: list[str]) -> str:
    """`text` with every secret replaced, whatever library wrote it."""
    for secret in sorted({s for s in secrets if len(s) >= 4}, key=len, reverse=True):
        text = text.replace(secret, "[hidden]")
    return text
