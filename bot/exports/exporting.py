"""Export a consultation's answers to a file: authorise, stream rows, write, audit."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from typing import IO, Any

from bot.exports import writers
from bot.exports.authorisation import authorise_personal_export
from bot.exports.rows import ExportScope, count_rows, iter_rows
from bot.results.building import RoundNotFound
from bot.services.consultations import load_stored
from bot.services.ports import UnitOfWorkFactory

FORMATS = ("csv", "xlsx", "jsonl", "polis")


@dataclass(frozen=True)
class ExportDone:
    path: Path
    rows: int
    personal_data: bool


class ExportService:
    """Exports of one database, with the pseudonym key and tagger they need (built once)."""

    def __init__(
        self,
        unit_of_work: UnitOfWorkFactory,
        clock: Callable[[], datetime],
        zone: tzinfo,
        pseudonym_key: str,
        tagger_for: Callable[[str | None], Any],
    ) -> None:
        self._uow = unit_of_work
        self._clock = clock
        self._zone = zone
        self._key = pseudonym_key
        self._tagger_for = tagger_for

    def export(
        self,
        slug: str,
        export_format: str,
        out: Path,
        round_key: str | None = None,
        include_personal_data: bool = False,
        question_key: str | None = None,
        actor: int | None = None,
        on_start: Callable[[int], None] | None = None,
        on_rows: Callable[[int], None] | None = None,
    ) -> ExportDone:
        """Write one row per answer (or, for "polis", one per free-text answer) to `out`.

        Raises ConsultationNotFound, RoundNotFound, PersonalExportRefused or ValueError.
        The file is written beside `out`, readable by its owner only, and moved into place
        when complete, so a failed export leaves no partial file of personal data behind.
        """
        if export_format not in FORMATS:
            raise ValueError(f"unknown format {export_format!r}; use one of {', '.join(FORMATS)}")
        if include_personal_data:
            authorise_personal_export(self._uow, self._clock, slug, actor=actor,
                                      export_format=export_format)  # fmt: skip
        now = self._clock()
        with self._uow() as uow:
            stored = load_stored(uow, slug, now, self._zone)
            if round_key is not None and round_key not in stored.round_ids:
                raise RoundNotFound(slug, round_key)
            scope = ExportScope(stored, round_key, question_key, export_format == "polis")
            total = count_rows(uow, scope)
            if on_start is not None:
                on_start(total)
            taxonomy = stored.consultation.themes
            rows = iter_rows(
                uow, scope, self._key, self._zone,
                lambda: self._tagger_for(taxonomy), include_personal_data,
            )  # fmt: skip
            written = _write(rows, export_format, out, on_rows or (lambda n: None), slug)
        with self._uow() as uow:
            detail = {"slug": slug, "format": export_format, "round": round_key,
                      "question": question_key, "rows": written}  # fmt: skip
            kind = "export.personal_data" if include_personal_data else "export"
            uow.audit.append(actor, kind, detail, self._clock())
            uow.commit()
        return ExportDone(out, written, include_personal_data)


def _write(rows: Any, export_format: str, out: Path, tick: Callable[[int], None],
           title: str) -> int:
    partial = out.with_name(f".{out.name}.part")
    try:
        with _private_file(partial, binary=export_format == "xlsx") as handle:
            if export_format == "xlsx":
                written = writers.write_xlsx(rows, handle, tick, title)
            elif export_format == "jsonl":
                written = writers.write_jsonl(rows, handle, tick)
            elif export_format == "polis":
                written = writers.write_polis(rows, handle, tick)
            else:
                written = writers.write_csv(rows, handle, tick)
        partial.replace(out)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
        raise
    return written


def _private_file(path: Path, binary: bool) -> IO[Any]:
    """A new file only its owner can read: pseudonymised answers are still personal data."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    if binary:
        return os.fdopen(descriptor, "wb")
    return os.fdopen(descriptor, "w", encoding="utf-8", newline="")
