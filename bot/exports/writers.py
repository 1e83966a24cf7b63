"""Write export rows as CSV, Excel, JSON lines, or a Polis-style comments file."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterable
from datetime import UTC
from typing import IO

from bot.exports.cells import inert
from bot.exports.rows import COLUMNS, ExportRow
from bot.security.plain_text import without_invisible

POLIS_COLUMNS = (
    "timestamp", "datetime", "comment-id", "author-id", "agrees", "disagrees", "moderated",
    "comment-body",
)
Tick = Callable[[int], None]


def write_csv(rows: Iterable[ExportRow], out: IO[str], tick: Tick) -> int:
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    n = 0
    for row in rows:
        writer.writerow([inert(value) for value in row.values()])  # every column: labels too
        n += 1
        tick(1)
    return n


def write_jsonl(rows: Iterable[ExportRow], out: IO[str], tick: Tick) -> int:
    n = 0
    for row in rows:
        out.write(json.dumps(row.as_dict(), ensure_ascii=False) + "\n")
        n += 1
        tick(1)
    return n


def write_xlsx(rows: Iterable[ExportRow], out: IO[bytes], tick: Tick, title: str) -> int:
    """A streaming workbook: every cell a string, so nothing in it can run as a formula."""
    from openpyxl import Workbook  # imported here: ~30 MB a chat worker rarely needs
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(_sheet_title(title))
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCDEFGHIJ", (12, 14, 10, 12, 16, 60, 40, 24, 11, 26),
                             strict=True):
        sheet.column_dimensions[letter].width = width
    bold = Font(bold=True)
    header = []
    for name in COLUMNS:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    n = 0
    for row in rows:
        cells = []
        for value in row.values():
            cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
            cell.data_type = "s"
            cells.append(cell)
        sheet.append(cells)
        n += 1
        tick(1)
    book.save(out)
    return n


def _sheet_title(title: str) -> str:
    """At most 31 characters, none invisible and none Excel forbids in a sheet's name."""
    return re.sub(r"[\\/*?:\[\]]", " ", without_invisible(title))[:31].strip() or "answers"


def write_polis(rows: Iterable[ExportRow], out: IO[str], tick: Tick) -> int:
    """Free-text answers as a Polis comments.csv; votes are left empty (none were cast)."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(POLIS_COLUMNS)
    n = 0
    for row in rows:
        tick(1)
        if row.question_type != "text" or not row.answer:
            continue
        when = row.when.astimezone(UTC)
        writer.writerow([
            int(when.timestamp()),
            when.strftime("%a %b %d %Y %H:%M:%S GMT+0000 (Coordinated Universal Time)"),
            n,
            inert(row.participant),
            "",
            "",
            "0",
            inert(row.answer),
        ])
        n += 1
    return n
