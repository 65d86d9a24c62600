"""What the storage under a workbook or an output file allows, and what to say when it says no.

Two refusals are ordinary, not damage: a full disk (or a used-up quota, or a
limit on file size) and storage that cannot be written (a read-only mount, a
file or folder without write permission). Each becomes an error that names
the place and says what to do (`mentorkit.errors.DiskFullError`,
`WorkbookReadOnlyError`, `StorageError`); "damaged" stays for damaged bytes.
"""

from __future__ import annotations

import errno
import os
import secrets
import shutil
import sqlite3
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .errors import DiskFullError, StorageError, WorkbookReadOnlyError

# Below this much free space, a write error that SQLite only calls an I/O error
# is put down to a full disk.
LOW_SPACE_BYTES = 1 << 20
# A file this close to the process's size limit is taken to have reached it.
SIZE_LIMIT_MARGIN = 1 << 16

_FULL_ERRNOS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "your disk quota is used up",
    errno.EFBIG: "the file reached the largest size this process may write",
}
_READ_ONLY_ERRNOS = {errno.EROFS, errno.EACCES, errno.EPERM}
_SQLITE_STORAGE_CODES = {sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN,
                         sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM}

NOTHING_SAVED = "this change was not saved, and everything saved before it is intact"
FREE_SPACE = "free some space (or ask for a bigger quota) and try again"
COPY_TO_CHANGE = ("it can be read but not changed; to change it, make a copy where you can write "
                  "(`mentorkit backup WORKBOOK --out NEW`) and open the copy")


def mount_point(path: Path) -> Path:
    """The mount point of the file system that holds `path` (or would hold it)."""
    here = Path(os.path.abspath(path))
    while not here.exists() and here != here.parent:
        here = here.parent
    while not os.path.ismount(here) and here != here.parent:
        here = here.parent
    return here


def free_bytes(path: Path) -> int | None:
    """Free space for this user on the file system of `path`, or None when it cannot be told."""
    try:
        return shutil.disk_usage(mount_point(path)).free
    except OSError:
        return None


def _size_limit() -> int | None:
    """The process's limit on the size of a file it writes (RLIMIT_FSIZE), or None."""
    try:
        import resource  # noqa: PLC0415 -- imported only where this branch needs it
    except ImportError:  # not on POSIX
        return None
    soft, _ = resource.getrlimit(resource.RLIMIT_FSIZE)
    return None if soft == resource.RLIM_INFINITY else soft


def full_reason(path: Path, code: int = errno.ENOSPC) -> str:
    """What to tell the user when a write to `path` ran out of room."""
    what = _FULL_ERRNOS.get(code, _FULL_ERRNOS[errno.ENOSPC])
    if code == errno.EFBIG:
        limit = _size_limit()
        where = f" ({limit:,} bytes)" if limit is not None else ""
        return f"{what}{where}; {NOTHING_SAVED}. Raise the limit or write somewhere else"
    free = free_bytes(path)
    room = f", {free // 1024:,} KB free" if free is not None else ""
    return f"{what} (the disk mounted at {mount_point(path)}{room}); {NOTHING_SAVED}. {FREE_SPACE}"


def _looks_full(*paths: Path) -> int | None:
    """The errno that best explains a failed write to `paths` (ENOSPC or EFBIG), or None."""
    limit = _size_limit()
    if limit is not None:
        for path in paths:
            try:
                if path.stat().st_size >= limit - SIZE_LIMIT_MARGIN:
                    return errno.EFBIG
            except OSError:
                continue
    free = free_bytes(paths[0])
    if free is not None and free < LOW_SPACE_BYTES:
        return errno.ENOSPC
    return None


def writable_problem(folder: Path, db: Path | None = None) -> str | None:
    """Why files in `folder` (and the SQLite file `db` with its log) cannot be written, or None.

    Asks the system (read-only mount flag, access rights for this user), so it
    holds for root too: root may write a file whatever its mode, but never on a
    read-only mount.
    """
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return "it is on read-only storage"
    except (OSError, AttributeError):  # no statvfs on Windows: access() below still tells
        pass
    if not os.access(folder, os.W_OK | os.X_OK):
        return "its folder is read-only to you" if os.path.isdir(folder) else "its folder cannot be found"
    if db is not None:
        for path in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
            if path.exists() and not os.access(path, os.W_OK):
                return "its file is read-only to you" if path == db else f"{path.name} is read-only to you"
    return None


def read_only_error(folder: Path, reason: str) -> WorkbookReadOnlyError:
    """The error for a write refused because the workbook at `folder` cannot be written."""
    return WorkbookReadOnlyError(folder, f"the workbook is read-only ({reason}): {COPY_TO_CHANGE}")


def sqlite_storage_error(exc: sqlite3.Error, folder: Path, db: Path, name: Path | None = None) -> Exception | None:
    """A refusal of the storage under workbook `db` (in `folder`) as an error a user can act on, or None.

    None means `exc` is not about storage (damage, a bug, a busy workbook): the
    caller handles it as before. The error names `name` (default: `folder`).
    """
    where = name or folder
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    if primary not in _SQLITE_STORAGE_CODES:
        return None
    wal = db.with_name(db.name + "-wal")
    if primary == sqlite3.SQLITE_FULL:
        return DiskFullError(where, full_reason(db, _looks_full(db, wal) or errno.ENOSPC))
    if not os.path.isdir(folder):
        return StorageError(where, f"the folder is no longer there ({exc}); {NOTHING_SAVED}")
    problem = writable_problem(folder, db)
    if problem is not None or primary in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM):
        return read_only_error(where, problem or str(exc))
    full = _looks_full(db, wal)
    if full is not None:
        return DiskFullError(where, full_reason(db, full))
    if primary == sqlite3.SQLITE_IOERR:
        return StorageError(where, f"the storage refused to write or read ({exc}): the disk may be full, a quota "
                                   f"used up, or the disk failing; {NOTHING_SAVED}. Check the disk, then try again")
    return StorageError(where, f"the workbook's file cannot be opened ({exc})")


def os_storage_error(exc: OSError, path: Path) -> Exception | None:
    """A failed file write as `DiskFullError` or `StorageError` naming `path`, or None when it is neither."""
    if exc.errno in _FULL_ERRNOS:
        return DiskFullError(path, full_reason(path, exc.errno))
    if exc.errno == errno.EISDIR:
        return StorageError(path, "is a folder, not a file; move it away or choose another place")
    if exc.errno in _READ_ONLY_ERRNOS:
        folder = path if path.is_dir() else path.parent
        why = writable_problem(folder) or (exc.strerror or "permission denied").lower()
        return StorageError(path, f"cannot be written ({why}); choose a folder you can write to")
    return None


def _storage_cause(exc: BaseException, path: Path) -> Exception | None:
    """The storage refusal behind `exc`, also when a writer failed again while cleaning up after it
    (a PDF writer raises a zlib error on closing a file that the full disk cut short)."""
    seen: BaseException | None = exc
    for _ in range(6):
        if seen is None:
            return None
        if isinstance(seen, OSError):
            better = os_storage_error(seen, path)
            if better is not None:
                return better
        seen = seen.__cause__ or seen.__context__
    return None


def temp_beside(target: str | os.PathLike) -> Path:
    """A hidden name of its own beside `target`, for a file or folder being written: `.<name>.<random>.tmp`.

    Every half-written file mentorkit makes is named this way (folders through
    `temp_folder_beside`), so two writers never share one and a crash leaves
    only dot-files ending in `.tmp`.
    """
    target = Path(target)
    return target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")


def temp_folder_beside(target: str | os.PathLike) -> Path:
    """A new empty folder beside `target` (owner-only, as `mkdtemp` makes it), named like `temp_beside`."""
    target = Path(target)
    return Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))


def _publish_new(tmp: Path, target: Path) -> None:
    """Put the finished `tmp` at `target` only if nothing is there (`FileExistsError` otherwise)."""
    try:
        os.link(tmp, target)  # atomic, and never replaces an existing file
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links: exclusive creation, still never a replacement
        with open(target, "xb") as out, open(tmp, "rb") as src:
            shutil.copyfileobj(src, out)


@contextmanager
def atomic_file(path: str | os.PathLike, *, replace: bool = True) -> Iterator[Path]:
    """Yield a temporary path beside `path`; on success it replaces `path`, on any failure it is removed.

    A crash leaves the old file or the new one, never half of one. With
    `replace=False` a file already at `path` is kept and `FileExistsError`
    raised. A full disk or read-only storage is raised as `DiskFullError` or
    `StorageError` naming `path`; the file that was there stays as it was.
    """
    target = Path(path)
    tmp = temp_beside(target)
    try:
        yield tmp
        if replace:
            os.replace(tmp, target)
        else:
            _publish_new(tmp, target)
    except Exception as exc:
        better = _storage_cause(exc, target)
        if better is None:
            raise
        raise better from None
    finally:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:  # read-only storage: nothing was written there either
            pass


def make_folder(path: str | os.PathLike) -> Path:
    """`mkdir -p` whose refusal names the folder and the reason: the storage's, or a file where a folder must be."""
    folder = Path(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        better = os_storage_error(exc, folder)
        if better is None and isinstance(exc, (FileExistsError, NotADirectoryError)):
            better = _not_a_folder(folder)
        if better is None:
            raise
        raise better from None
    return folder


def _not_a_folder(folder: Path) -> StorageError | None:
    """The refusal for a folder that cannot be made because it, or a folder above it, is a file; None otherwise."""
    for place in (folder, *folder.parents):
        if place.is_dir():
            return None
        if place.exists() or place.is_symlink():
            if place == folder:
                return StorageError(folder, "is a file, not a folder; choose another place")
            return StorageError(folder, f"cannot be made: {place} is a file, not a folder; choose another place")
    return None
