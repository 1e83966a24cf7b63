"""The audit log's head (entry count and last hash), signed and kept outside the table.

The hash chain shows an entry edited in place, but not the last entries deleted, nor a
chain rebuilt from the start with every hash recomputed. So after each commit that
appends, the head is signed with a key derived from COPRO_SECRET_KEY, logged, and written
to a file beside the database; `copro audit verify` compares the table with it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)
SUFFIX = ".audit-head.json"  # beside a SQLite database file


class HeadInvalid(ValueError):
    """The head file is unreadable, or its signature is not ours (edited, or another key)."""


@dataclass(frozen=True)
class AuditHead:
    entries: int
    last_hash: str


class AuditHeadStore:
    """Sign, log and keep the head; read it back for verification."""

    def __init__(self, key: bytes, path: Path | None) -> None:
        self._key = key
        self.path = path

    def __repr__(self) -> str:
        return f"AuditHeadStore({self.path})"

    def signature(self, head: AuditHead) -> str:
        message = f"copro audit head v1:{head.entries}:{head.last_hash}".encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()

    def record(self, entries: int, last_hash: str) -> None:
        """After a commit that appended: log the signed head and keep the newest in the file."""
        head = AuditHead(entries, last_hash)
        signature = self.signature(head)
        log.info("audit.head", extra={"entries": entries, "head": last_hash,
                                      "signature": signature})
        if self.path is None:
            return
        try:
            kept = self.read()
        except HeadInvalid:
            kept = None  # verify reports the bad file; the new head replaces it
        if kept is not None and kept.entries > entries:
            return  # another process committed a later append first
        body = {"entries": entries, "last_hash": last_hash, "signature": signature}
        temporary = self.path.with_name(self.path.name + f".{os.getpid()}.tmp")
        try:
            temporary.write_text(json.dumps(body) + "\n", encoding="utf-8")
            os.replace(temporary, self.path)
        except OSError as error:  # the entry is committed: say so, never undo the action
            log.warning("audit.head_not_written", extra={"reason": type(error).__name__})

    def read(self) -> AuditHead | None:
        """The head in the file, or None when there is no file; HeadInvalid if forged."""
        if self.path is None or not self.path.exists():
            return None
        try:
            body = json.loads(self.path.read_text(encoding="utf-8"))
            head = AuditHead(int(body["entries"]), str(body["last_hash"]))
            given = str(body["signature"])
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise HeadInvalid(f"the head file {self.path} cannot be read") from error
        if not hmac.compare_digest(given, self.signature(head)):
            raise HeadInvalid(f"the head file {self.path} is not signed with this key")
        return head


def head_problem(head: AuditHead, entries: int, hash_at_head: str | None) -> str | None:
    """What the table lacks against a signed head: truncation, a rewrite, or nothing."""
    if entries < head.entries:
        return (f"TRUNCATED: the signed head counts {head.entries} entries; "
                f"the table holds {entries}")
    if hash_at_head != head.last_hash:
        return (f"REWRITTEN: entry {head.entries} is not the one the signed head names "
                "(the chain was rebuilt)")
    return None
