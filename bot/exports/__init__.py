"""Exports of a consultation's answers: pseudonymised, redacted, one row per answer."""

from __future__ import annotations

from bot.exports.authorisation import (
    PersonalExportRefused,
    authorise_personal_export,
)
from bot.exports.exporting import FORMATS, ExportDone, export_answers
from bot.exports.rows import COLUMNS, ExportRow, ExportScope, iter_rows
from bot.exports.writers import POLIS_COLUMNS

__all__ = [
    "COLUMNS",
    "FORMATS",
    "POLIS_COLUMNS",
    "ExportDone",
    "ExportRow",
    "ExportScope",
    "PersonalExportRefused",
    "authorise_personal_export",
    "export_answers",
    "iter_rows",
]
