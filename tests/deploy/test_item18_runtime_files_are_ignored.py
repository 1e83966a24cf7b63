"""Issue 16 item 18: files Copro makes at run time beside its database never show in git."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from storage.database import make_engine
from storage.locking import scheduler_lock

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_item18_the_scheduler_lock_file_beside_copro_db_is_ignored(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    shutil.copy(ROOT / ".gitignore", tmp_path / ".gitignore")
    engine = make_engine(f"sqlite:///{tmp_path / 'copro.db'}")
    lock = scheduler_lock(engine)
    assert lock.acquire()
    try:
        made = sorted(p.name for p in tmp_path.iterdir() if p.name not in {".git", ".gitignore"})
        assert made, "the lock made no file to check"
        shown = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"],
                               cwd=tmp_path, capture_output=True, text=True, check=True).stdout
        assert shown.strip() == "?? .gitignore", f"runtime files show in git: {made}"
    finally:
        lock.release()
        engine.dispose()


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_finding11_the_signed_audit_head_beside_copro_db_is_ignored(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    shutil.copy(ROOT / ".gitignore", tmp_path / ".gitignore")
    (tmp_path / "copro.db.audit-head.json").write_text("{}", encoding="utf-8")
    shown = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"],
                           cwd=tmp_path, capture_output=True, text=True, check=True).stdout
    assert shown.strip() == "?? .gitignore"
