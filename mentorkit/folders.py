"""A new workbook folder, written whole or not at all (backups, shares, sample workbooks).

`new_workbook_folder(target, what)` refuses a `target` that exists, builds the
folder beside it under a hidden name, and renames it into place only when the
body finished; on any failure nothing is left at `target` and a full disk or
read-only storage is named (`mentorkit.storage`). `replacing_folder` does the
same for a folder that may take the place of an older one (the sample
workbooks, rebuilt on each run). Files are written whole by
`mentorkit.storage.atomic_file`; both name their half-built work alike.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .errors import WorkbookExistsError
from .storage import make_folder, os_storage_error, sqlite_storage_error, temp_beside, temp_folder_beside
from .store import DB_NAME, EXPORTS


def fsync(path: Path) -> None:
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


def _usual_mode(folder: Path) -> None:
    """Give a folder made by `mkdtemp` (owner only) the mode a new folder gets under the umask."""
    mask = os.umask(0o22)
    os.umask(mask)
    os.chmod(folder, 0o777 & ~mask)


@contextmanager
def new_workbook_folder(out: str | os.PathLike, what: str, *, usual_mode: bool = False) -> Iterator[Path]:
    """Yield the database path inside a hidden folder being built for `out`; rename it to `out` on success.

    `what` names the thing in messages ("a backup", "a share"). `usual_mode` gives
    the folder the umask's mode instead of owner-only.
    """
    target = Path(out).expanduser()
    if target.exists() or target.is_symlink():
        raise WorkbookExistsError(f"{target}: already exists; {what} is written to a new folder only")
    parent = make_folder(target.parent)
    try:
        building = temp_folder_beside(target)
    except OSError as exc:
        raise os_storage_error(exc, target) or exc from None
    db = building / DB_NAME
    try:
        if usual_mode:
            _usual_mode(building)
        yield db
        (building / EXPORTS).mkdir()
        if target.exists() or target.is_symlink():  # made meanwhile by someone else: theirs stays
            raise WorkbookExistsError(f"{target}: appeared while {what} was written; it was not kept")
        os.rename(building, target)
        fsync(parent)
    except sqlite3.Error as exc:
        raise sqlite_storage_error(exc, building, db, target) or exc from None
    except OSError as exc:
        raise os_storage_error(exc, target) or exc from None
    finally:
        shutil.rmtree(building, ignore_errors=True)


@contextmanager
def replacing_folder(out: str | os.PathLike, *, replace: bool = False) -> Iterator[Path]:
    """Yield a new empty folder built under a hidden name beside `out`; on success it takes `out`'s place.

    An empty folder at `out` is taken over. One that holds anything is swapped
    out (and then removed) only with `replace`, else `WorkbookExistsError`. On
    any failure `out` is as it was and the half-built folder is gone.
    """
    target = Path(out)
    make_folder(target.parent)
    building = temp_folder_beside(target)
    _usual_mode(building)
    old: Path | None = None
    try:
        yield building
        if target.exists() and any(target.iterdir()):
            if not replace:  # another process finished first
                raise WorkbookExistsError(f"{target}: was created meanwhile; refusing to touch it")
            old = temp_beside(target)
            os.replace(target, old)
        elif target.exists():
            target.rmdir()
        os.replace(building, target)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        if old is not None and old.exists() and not target.exists():
            os.replace(old, target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
