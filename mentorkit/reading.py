"""Reading a workbook that may not be writable: from its own file when SQLite can, else from a private copy.

A workbook runs in WAL mode, and SQLite's readers of a WAL database share an
index in the ``-shm`` file beside it, which they create when it is missing.
On read-only storage (or in a folder the reader may not write) that file
cannot be made, and a plain ``mode=ro`` open fails. Then:

- with no frames in the ``-wal`` log, the file alone holds everything, and
  SQLite may read it as ``immutable=1`` (no locks, no ``-shm``);
- with frames in the log, ``immutable=1`` would silently read stale data, so
  the file and its log are copied to a private temporary folder, where
  SQLite replays the log as it does after a crash, and the copy is read.

A full disk is met the same way when the index is missing (no connection is
open then: none could have made it). An older schema on a workbook that
cannot be written is migrated in a private copy too, never on disk. Nothing
here writes beside the workbook.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Callable, Iterator

from .storage import LOW_SPACE_BYTES, free_bytes, writable_problem

WAL_HEADER_BYTES = 32  # a log this size or smaller holds no frames
SHM_REGION_BYTES = 32768  # an index smaller than one region was cut short (by a full disk)


class ReadSource:
    """Opens read-only connections to one workbook: its own file, read in place, or a private copy."""

    def __init__(self, uri: str, kind: str, keep: tempfile.TemporaryDirectory | None = None):
        self.uri = uri
        self.kind = kind  # "file", "immutable" or "copy"
        self._keep = keep  # the copy's folder lives as long as this source

    def connect(self, timeout: float = 30.0) -> sqlite3.Connection:
        return sqlite3.connect(self.uri, uri=True, timeout=timeout, isolation_level=None)

    def close(self) -> None:
        """Remove the private copy, if there is one (also done when the source is garbage-collected)."""
        if self._keep is not None:
            self._keep.cleanup()
            self._keep = None

    def __repr__(self) -> str:
        return f"ReadSource({self.kind})"


def _uri(db: Path, *options: str) -> str:
    return "?".join([Path(db).absolute().as_uri(), "&".join(("mode=ro",) + options)])


def wal_has_frames(db: Path) -> bool:
    """True when the workbook's ``-wal`` log holds frames that its main file does not have yet."""
    wal = db.with_name(db.name + "-wal")
    try:
        return wal.stat().st_size > WAL_HEADER_BYTES
    except OSError:
        return False


def _cannot_open_in_place(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    return isinstance(code, int) and code & 0xFF in (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY,
                                                      sqlite3.SQLITE_IOERR)


def _no_index_can_be_made(db: Path) -> bool:
    """True when the ``-shm`` index is missing and cannot be made: storage that cannot be
    written, or a full disk (where no connection is open, since none could make one)."""
    if writable_problem(db.parent, db) is not None:
        return True
    try:
        if db.with_name(db.name + "-shm").stat().st_size >= SHM_REGION_BYTES:
            return False  # an index is there: the error is something else
    except OSError:
        pass  # no index
    free = free_bytes(db)
    return free is not None and free < LOW_SPACE_BYTES


def _probe(source: ReadSource, timeout: float) -> sqlite3.Connection:
    """An open connection that has read the catalogue (SQLite opens the log and index lazily)."""
    conn = source.connect(timeout)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except BaseException:
        conn.close()
        raise
    return conn


def _open(db: Path, timeout: float) -> tuple[ReadSource, sqlite3.Connection]:
    """The source to read `db` from, and a connection to it that has read the catalogue."""
    direct = ReadSource(_uri(db), "file")
    try:
        return direct, _probe(direct, timeout)
    except sqlite3.OperationalError as exc:
        if not _cannot_open_in_place(exc) or not _no_index_can_be_made(db):
            raise  # a workbook that can be written is read in place, or not at all
    if not wal_has_frames(db):
        source = ReadSource(_uri(db, "immutable=1"), "immutable")
    else:
        source = private_copy(db)
    return source, _probe(source, timeout)


def open_source(db: Path, timeout: float = 30.0) -> ReadSource:
    """How to read the workbook file `db` (see the module docstring); raises what SQLite raises."""
    source, conn = _open(Path(db), timeout)
    conn.close()
    return source


@contextmanager
def read_connection(db: Path, timeout: float = 30.0) -> Iterator[sqlite3.Connection]:
    """One read-only connection to the workbook file `db`, wherever it lies; cleaned up afterwards."""
    source, conn = _open(Path(db), timeout)
    try:
        yield conn
    finally:
        conn.close()
        source.close()


def private_copy(db: Path, source: ReadSource | None = None,
                 prepare: Callable[[sqlite3.Connection], object] | None = None) -> ReadSource:
    """Copy the workbook into a private temporary folder and return a source reading the copy.

    With `source`, the copy is made by SQLite's online backup through it;
    without, the file and its ``-wal`` log are copied as they are (read-only
    storage, where nothing changes them) and SQLite replays the log into the
    copy. `prepare` then runs on the copy inside one transaction (a migration).
    The copy is left in rollback-journal mode, so reading it needs no ``-shm``.
    """
    keep = tempfile.TemporaryDirectory(prefix="mentorkit-read-")
    copy = Path(keep.name) / db.name
    try:
        if source is None:
            wal = db.with_name(db.name + "-wal")
            shutil.copyfile(db, copy)
            if wal.exists():
                shutil.copyfile(wal, copy.with_name(copy.name + "-wal"))
            with closing(sqlite3.connect(copy, isolation_level=None)) as conn:
                conn.execute("PRAGMA journal_mode = DELETE")  # replays the log into the copy
        else:
            with closing(source.connect()) as src, closing(sqlite3.connect(copy, isolation_level=None)) as dst:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode = DELETE")
        if prepare is not None:
            with closing(sqlite3.connect(copy, isolation_level=None)) as conn:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    prepare(conn)
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
                conn.execute("COMMIT")
    except BaseException:
        keep.cleanup()
        raise
    return ReadSource(_uri(copy), "copy", keep)
