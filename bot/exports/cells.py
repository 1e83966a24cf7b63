"""What every exported text cell goes through: nothing invisible in it (no bidirectional
controls, no zero-width characters), and in CSV no formula a spreadsheet would run."""

from __future__ import annotations

import re
from dataclasses import fields, replace
from typing import TypeVar

from bot.security.plain_text import without_invisible

# A spreadsheet runs a cell that starts with one of these as a formula (OWASP CSV injection);
# some also read the full-width forms as the ASCII ones.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?", re.ASCII)
Row = TypeVar("Row")


def inert(text: str) -> str:
    """The text as a spreadsheet will show it, never run it; a plain number stays a number."""
    if text.startswith(_FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def visible_cells(row: Row) -> Row:
    """The row (a dataclass) with every text field stripped of invisible characters."""
    changes = {
        f.name: without_invisible(value)
        for f in fields(row)  # type: ignore[arg-type]
        if isinstance(value := getattr(row, f.name), str)
    }
    return replace(row, **changes)  # type: ignore[type-var]
