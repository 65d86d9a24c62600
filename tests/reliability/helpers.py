"""Helpers of the reliability suite: folder fingerprints and the real command line."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WRITER = Path(__file__).resolve().parent / "writer_process.py"


def folder_fingerprint(folder: Path) -> dict[str, str]:
    """A hash of every entry under `folder`, to prove a failure changed nothing.

    The `-shm` file is skipped: it is SQLite's shared-memory index, rebuilt by
    every reader. An empty `-wal` is skipped too: SQLite creates and removes it
    as connections come and go, and an empty log holds nothing.
    """
    prints: dict[str, str] = {}
    if not folder.exists():
        return prints
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.name.endswith("-shm"):
            continue
        if path.is_symlink():
            prints[rel] = "link to " + os.readlink(path)
        elif path.is_dir():
            prints[rel] = "dir"
        elif path.name.endswith("-wal") and path.stat().st_size == 0:
            continue
        else:
            prints[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return prints


def run_cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """Run the real `mentorkit` command in a fresh process."""
    return subprocess.run(
        [sys.executable, "-m", "mentorkit", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )
