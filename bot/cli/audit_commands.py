"""`copro audit verify|export`: the tamper-evident audit log from the command line.

`verify` checks the hash chain entry by entry, then the table against the signed head kept
outside it (the file beside the database, `COPRO_AUDIT_HEAD_FILE`), which shows the last
entries deleted and a chain rebuilt from the start.
"""

from __future__ import annotations

import csv
import hmac
import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from bot.bootstrap import bootstrap
from bot.security.audit_head import AuditHead, AuditHeadStore, HeadInvalid, head_problem

audit_app = typer.Typer(help="The tamper-evident audit log.", no_args_is_help=True)
console = Console()
errors = Console(stderr=True)


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"


@audit_app.command("verify")
def audit_verify(
    logged: Annotated[str | None, typer.Option(
        "--logged-head", metavar="ENTRIES:HEAD:SIGNATURE",
        help="The fields of an `audit.head` log line, to check against instead of the file.",
    )] = None,
) -> None:
    """Check the hash chain and the signed head: OK with the count, or what is wrong (exit 1)."""
    app = bootstrap()
    store = app.audit_head
    # the head before the table: an append committed meanwhile only lengthens the table
    head = _logged_head(store, logged) if logged else _kept_head(store)
    with app.unit_of_work() as uow:
        broken = uow.audit.verify()
        count = uow.audit.count()
        at_head = uow.audit.hash_at(head.entries) if head is not None else None
    if broken is not None:
        errors.print(f"BROKEN: the chain breaks at entry {broken} (of {count}).")
        raise typer.Exit(1)
    problem = head_problem(head, count, at_head) if head is not None else None
    if problem is not None:
        errors.print(f"{problem}.", markup=False)
        raise typer.Exit(1)
    console.print(f"OK: {count} entries, chain intact.", highlight=False)
    if head is not None:
        where = "the logged head" if logged else f"the signed head in {store.path}"
        console.print(f"Matches {where} ({head.entries} entries).", highlight=False)
    elif count:
        errors.print(f"Note: no signed head at {store.path or '(COPRO_AUDIT_HEAD_FILE unset)'} "
                     "to compare with; pass the last `audit.head` log line's fields with "
                     "--logged-head.", markup=False)


def _kept_head(store: AuditHeadStore) -> AuditHead | None:
    try:
        return store.read()
    except HeadInvalid as invalid:
        errors.print(f"BROKEN: {invalid} (edited, or made with another COPRO_SECRET_KEY).",
                     markup=False)
        raise typer.Exit(1) from None


def _logged_head(store: AuditHeadStore, logged: str) -> AuditHead:
    try:
        entries, last_hash, signature = logged.strip().split(":")
        head = AuditHead(int(entries), last_hash)
    except ValueError:
        errors.print("--logged-head takes ENTRIES:HEAD:SIGNATURE from an audit.head line.")
        raise typer.Exit(2) from None
    if not hmac.compare_digest(signature, store.signature(head)):
        errors.print("BROKEN: the logged head is not signed with this COPRO_SECRET_KEY.")
        raise typer.Exit(1)
    return head


@audit_app.command("export")
def audit_export(
    out: Annotated[Path, typer.Option("--out", help="The file to write.")],
    format_: Annotated[
        ExportFormat | None,
        typer.Option("--format", help="jsonl or csv; by default from the file's suffix."),
    ] = None,
) -> None:
    """Write the whole audit log, oldest first, for a scrutiny committee."""
    chosen = format_ or (ExportFormat.csv if out.suffix.lower() == ".csv" else ExportFormat.jsonl)
    app = bootstrap()
    with app.unit_of_work() as uow:
        broken = uow.audit.verify()
        entries = [_entry(row) for row in uow.personal_data.audit_entries()]
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as handle:
        if chosen is ExportFormat.csv:
            _write_csv(handle, entries)
        else:
            for entry in entries:
                handle.write(json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n")
    console.print(f"Wrote {len(entries)} entries to {out} ({chosen}).", highlight=False)
    if broken is not None:
        errors.print(f"Warning: the chain breaks at entry {broken}.")


_COLUMNS = ("id", "at", "actor", "action", "detail", "prev_hash", "hash")


def _entry(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "at": row.at.isoformat(timespec="microseconds"),
        "actor": row.actor,
        "action": row.action,
        "detail": row.detail,
        "prev_hash": row.prev_hash,
        "hash": row.hash,
    }


def _write_csv(handle: Any, entries: list[dict[str, Any]]) -> None:
    writer = csv.DictWriter(handle, fieldnames=_COLUMNS)
    writer.writeheader()
    for entry in entries:
        detail = json.dumps(entry["detail"], ensure_ascii=False, sort_keys=True)
        writer.writerow({**entry, "detail": detail})


