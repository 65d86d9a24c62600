"""A workbook file's name, and its header checked without opening it with SQLite.

Kept apart from `mentorkit.store` and the records' models: the roster check of a
cohort run reads every workbook's header before anything else is imported.
"""

from __future__ import annotations

import os
from pathlib import Path

from . import schema
from .errors import NotAWorkbookError

DB_NAME = "workbook.sqlite"
_SQLITE_MAGIC = b"SQLite format 3\x00"


def check_header(db_path: Path) -> int:
    """Read the file's header without SQLite and return its schema version.

    Raises `NotAWorkbookError` for a missing, truncated, foreign or too-new file.
    Nothing is written.
    """
    if not db_path.exists():
        raise NotAWorkbookError(db_path.parent, f"no {DB_NAME} here: not a mentorkit workbook")
    try:
        with open(db_path, "rb") as fh:
            header = fh.read(100)
            size = os.fstat(fh.fileno()).st_size
    except OSError as exc:
        raise NotAWorkbookError(db_path, f"cannot be read: {exc.strerror}") from None
    if len(header) < 100 or not header.startswith(_SQLITE_MAGIC):
        raise NotAWorkbookError(db_path, "not a SQLite database (truncated or corrupt?)")
    if _looks_truncated(db_path, header, size):
        raise NotAWorkbookError(db_path, "the file is truncated (shorter than its header says); it was not opened")
    user_version = int.from_bytes(header[60:64], "big")
    application_id = int.from_bytes(header[68:72], "big")
    if application_id != schema.APPLICATION_ID:
        raise NotAWorkbookError(db_path, "a SQLite database, but not a mentorkit workbook")
    if user_version > schema.SCHEMA_VERSION:
        raise NotAWorkbookError(
            db_path,
            f"written by a newer mentorkit (schema {user_version}); this version reads up to "
            f"schema {schema.SCHEMA_VERSION}: upgrade mentorkit",
        )
    if user_version < 1:
        raise NotAWorkbookError(db_path, "a mentorkit workbook that was never finished (schema 0)")
    return user_version


def _looks_truncated(db_path: Path, header: bytes, size: int) -> bool:
    """True when the file is shorter than its own header says (SQLite would read zeros as rows).

    Skipped while a write-ahead log holds frames: a checkpoint cut short by a
    crash may leave the file short, and SQLite completes it from the log.
    """
    wal = db_path.with_name(db_path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return False
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1) or size % page_size:
        return True
    pages = int.from_bytes(header[28:32], "big")
    header_size_valid = header[24:28] == header[92:96]  # SQLite's own rule for trusting the page count
    return header_size_valid and size < pages * page_size
