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
import shutil
import sqlite3
import tempfile
from contextlib import closing
from pathlib import Path

from .errors import NotAWorkbookError, WorkbookExistsError
from .storage import make_folder, os_storage_error, sqlite_storage_error
from .store import DB_NAME, EXPORTS, Workbook


def _fsync(path: Path) -> None:
    """Flush a file or a folder's entries to the disk (where the platform allows it)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _copy_into(wb: Workbook, db: Path) -> None:
    """Copy the workbook into the new file `db` with SQLite's online backup, and check the copy."""
    with closing(wb._connect(readonly=True)) as src, closing(sqlite3.connect(db, isolation_level=None)) as dst:
        src.backup(dst)  # all pages in one step: one read transaction, one moment of the workbook
        dst.execute("PRAGMA journal_mode = WAL")
        health = dst.execute("PRAGMA quick_check(1)").fetchone()[0]
    if health != "ok":
        raise NotAWorkbookError(db, f"the copy did not pass SQLite's check ({health}); it was removed")
    _fsync(db)


def backup_workbook(workbook: str | os.PathLike, out: str | os.PathLike) -> Path:
    """Write a consistent copy of `workbook` as the new workbook folder `out` and return its path.

    Refuses an `out` that exists. The workbook is only read: it may be open in a
    kernel, on read-only storage, or a share. A full disk raises `DiskFullError`
    and leaves nothing at `out`.
    """
    target = Path(out).expanduser()
    if target.exists() or target.is_symlink():
        raise WorkbookExistsError(f"{target}: already exists; a backup is written to a new path only")
    wb, _version = Workbook.inspect(workbook)  # checked as `open` does; an older schema is copied as it is
    parent = make_folder(target.parent)
    try:
        building = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".partial", dir=parent))
    except OSError as exc:
        raise os_storage_error(exc, target) or exc from None
    db = building / DB_NAME
    try:
        _copy_into(wb, db)
        (building / EXPORTS).mkdir()
        if target.exists() or target.is_symlink():  # made meanwhile by someone else: theirs stays
            raise WorkbookExistsError(f"{target}: appeared while the backup was written; the backup was not kept")
        os.rename(building, target)
        _fsync(parent)
    except sqlite3.Error as exc:
        raise sqlite_storage_error(exc, building, db, target) or exc from None
    except OSError as exc:
        raise os_storage_error(exc, target) or exc from None
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return target
