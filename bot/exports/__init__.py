"""Exports of a consultation's answers: pseudonymised, redacted, one row per answer."""

from __future__ import annotations

from bot.exports.authorisation import (
    PersonalExportRefused,
    authorise_personal_export,
)
from bot.exports.exporting import FORMATS, ExportDone, ExportService
from bot.exports.rows import COLUMNS, ExportRow, ExportScope, iter_rows
from bot.exports.writers import POLIS_COLUMNS

__all__ = [
    "COLUMNS",
    "FORMATS",
    "POLIS_COLUMNS",
    "ExportDone",
    "ExportRow",
    "ExportScope",
    "ExportService",
    "PersonalExportRefused",
    "authorise_personal_export",
    "iter_rows",
]
