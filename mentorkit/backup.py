"""`mentorkit backup`: a consistent copy of a workbook, safe to take while it is open in a kernel.

SQLite's online backup copies the workbook inside one read transaction, so the
copy holds every committed change (those still in the ``-wal`` log too) and
no half-made one, while a notebook goes on saving. Copying the folder's files
one by one instead can catch the file and its log at different moments.

The copy is built in a hidden folder beside PATH and renamed into place when
it is complete and checked, so PATH is either the whole backup or absent.
Restoring is opening the copy: it is a workbook folder like any other. The
workbook's `exports/` are outputs made from it; the backup leaves them out.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from pathlib import Path

from .errors import NotAWorkbookError
from .folders import fsync, new_workbook_folder
from .store import Workbook


def _copy_into(wb: Workbook, db: Path) -> None:
    """Copy the workbook into the new file `db` with SQLite's online backup, and check the copy."""
    with closing(wb._connect(readonly=True)) as src, closing(sqlite3.connect(db, isolation_level=None)) as dst:
        src.backup(dst)  # all pages in one step: one read transaction, one moment of the workbook
        dst.execute("PRAGMA journal_mode = WAL")
        health = dst.execute("PRAGMA quick_check(1)").fetchone()[0]
    if health != "ok":
        raise NotAWorkbookError(db, f"the copy did not pass SQLite's check ({health}); it was removed")
    fsync(db)


def backup_workbook(workbook: str | os.PathLike, out: str | os.PathLike) -> Path:
    """Write a consistent copy of `workbook` as the new workbook folder `out` and return its path.

    Refuses an `out` that exists. The workbook is only read: it may be open in a
    kernel, on read-only storage, or a share. A full disk raises `DiskFullError`
    and leaves nothing at `out`.
    """
    wb, _version = Workbook.inspect(workbook)  # checked as `open` does; an older schema is copied as it is
    with new_workbook_folder(out, "a backup") as db:
        _copy_into(wb, db)
    return Path(out).expanduser()
