"""Plain English counts for the command line: "1 round", "3 rounds", "no problems"."""

from __future__ import annotations


def counted(n: int, one: str, many: str | None = None) -> str:
    """`n` with the noun in the right number ("1 problem", "2 problems")."""
    return f"{n} {one if n == 1 else many or one + 's'}"
