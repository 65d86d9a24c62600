"""The workbook: one folder per mentee with a SQLite file inside.

Every write is one transaction (``BEGIN IMMEDIATE``), the file runs in WAL
mode so two kernels can read and write at once, and a writer that finds the
workbook busy waits instead of failing. A file is checked to be a mentorkit
workbook of a known schema, from its header bytes, before SQLite touches it.

A workbook that cannot be written (read-only storage or file, or a share
received from a mentee) opens for reading and is never modified
(`mentorkit.reading`); a write to it is refused as read-only, and a full disk
is reported as such (`mentorkit.storage`), never as damage.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Literal, Sequence, overload

from . import schema
from .errors import (
    FieldProblem,
    NotAWorkbookError,
    RecordNotFoundError,
    RecordValidationError,
    WorkbookBusyError,
    WorkbookExistsError,
)
from .header import DB_NAME, check_header
from .model import (
    TABLES,
    ActionItem,
    Agreement,
    Candidate,
    CheckIn,
    Feedback,
    Goal,
    GoalLevel,
    Interview,
    Meeting,
    MentorCheckIn,
    Profile,
    Record,
    Request,
    record_type,
)
from .reading import ReadSource, open_source, private_copy
from .storage import atomic_file, make_folder, read_only_error, sqlite_storage_error, writable_problem

if TYPE_CHECKING:  # pandas is imported lazily: `import mentorkit` stays light
    import pandas as pd

EXPORTS = "exports"
BUSY_TIMEOUT_S = 30.0
BUSY_DEADLINE_S = 600.0
# A share made for a facilitator carries this key in its `meta` table: it is read, never written.
SHARE_META_KEY = "share"


def _damaged(db_path: Path, exc: sqlite3.Error) -> Exception:
    """A read that found a damaged page becomes a clear `NotAWorkbookError`; a storage that
    refused becomes a `StorageError`; other errors pass as they are."""
    if getattr(exc, "sqlite_errorcode", None) in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return NotAWorkbookError(db_path, f"the file is damaged and cannot be read ({exc})")
    return sqlite_storage_error(exc, db_path.parent, db_path) or exc


def _to_sql(record: Record) -> dict[str, Any]:
    row = record.model_dump(mode="json")
    for key, value in row.items():
        if isinstance(value, list):
            row[key] = ";".join(value)
        elif isinstance(value, bool):
            row[key] = int(value)
    return row


def _translate_integrity(table: str, exc: sqlite3.IntegrityError, row: dict[str, Any]) -> RecordValidationError:
    message = str(exc)
    noun = record_type(table).noun
    if "FOREIGN KEY" in message:
        refs = {k: v for k, v in row.items() if k.endswith("_id") and v is not None}
        names = ", ".join(f"{k}={v}" for k, v in refs.items()) or "a reference"
        return RecordValidationError(noun, [FieldProblem(next(iter(refs), "id"), f"refers to nothing ({names})")])
    if "UNIQUE" in message or "PRIMARY KEY" in message:
        return RecordValidationError(noun, [FieldProblem("id", f"a {noun} with id {row.get('id')} exists already")])
    return RecordValidationError(noun, [FieldProblem("record", message)])


class Workbook:
    """A mentee's workbook. Use `Workbook.create(path, name)` or `Workbook.open(path)`."""

    def __init__(self, folder: Path, *, _checked: bool = False):
        if not _checked:
            raise TypeError("use Workbook.create(path, mentee_name) or Workbook.open(path)")
        self.path = folder
        self.db_path = folder / DB_NAME
        self.read_only_reason: str | None = None  # why this workbook cannot be written, or None
        self._source: ReadSource | None = None  # where reads go (see `mentorkit.reading`)
        self._kept: dict[str, "pd.DataFrame"] | None = None  # tables read once and kept (see `keep_tables`)

    @property
    def read_only(self) -> bool:
        """True when this workbook is read and never written (read-only storage or file, or a share)."""
        return self.read_only_reason is not None

    # -- opening and creating -------------------------------------------------

    @classmethod
    def create(cls, path: str | os.PathLike, mentee_name: str) -> "Workbook":
        """Create a new workbook folder (and missing parents) for `mentee_name`.

        Refuses a folder that already holds anything.
        """
        folder = Path(path).expanduser()
        name = (mentee_name or "").strip()
        if not name or len(name) > 200 or any(ord(c) < 32 for c in name):
            raise RecordValidationError("workbook",
                                        [FieldProblem("mentee_name", "must be 1 to 200 printable characters")])
        if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
            raise WorkbookExistsError(f"{folder}: already exists and is not an empty folder; refusing to touch it")
        make_folder(folder)
        with atomic_file(folder / DB_NAME) as tmp:  # the workbook appears whole or not at all
            try:
                conn = sqlite3.connect(tmp, isolation_level=None)
                try:
                    conn.execute("BEGIN")
                    schema.create_schema(conn)
                    now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
                    from . import __version__  # noqa: PLC0415 -- imported only where this branch needs it

                    conn.executemany(
                        "INSERT INTO meta(key, value) VALUES (?, ?)",
                        [("mentee_name", name), ("created_at", now), ("created_by", f"mentorkit {__version__}")],
                    )
                    conn.execute("COMMIT")
                    conn.execute("PRAGMA journal_mode = WAL")
                finally:
                    conn.close()
            except sqlite3.Error as exc:
                raise sqlite_storage_error(exc, folder, tmp) or exc from None
        make_folder(folder / EXPORTS)
        return cls(folder, _checked=True)

    @classmethod
    def open(cls, path: str | os.PathLike) -> "Workbook":
        """Open an existing workbook folder (or its workbook.sqlite), migrating an older schema.

        A missing, corrupt, foreign or newer file raises `NotAWorkbookError` and is left untouched.
        A workbook that cannot be written opens for reading (`read_only`): an older
        schema is then migrated in a private copy, never on disk.
        """
        wb, version = cls.inspect(path)
        if version < schema.SCHEMA_VERSION:
            if wb.read_only:
                wb._source = wb._migrated_copy(version)
            else:
                wb._migrate()
        return wb

    @classmethod
    def inspect(cls, path: str | os.PathLike) -> tuple["Workbook", int]:
        """Check a workbook as `open` does and return it with its schema version, changing nothing.

        An older schema is left as it is (reads then see it as stored): for tools that
        copy a workbook whole, such as a backup. Use `open` to work with a workbook.
        """
        target = Path(path).expanduser()
        folder = target.parent if target.name == DB_NAME and target.is_file() else target
        if not folder.is_dir():
            raise NotAWorkbookError(folder, "no such workbook folder")
        db_path = folder / DB_NAME
        check_header(db_path)
        wb = cls(folder, _checked=True)
        wb.read_only_reason = writable_problem(folder, db_path)
        version, is_share = wb._verify(db_path)
        if is_share and wb.read_only_reason is None:
            wb.read_only_reason = "it is a share, made to be read"
        return wb, version

    def _migrate(self) -> None:
        """Bring the file on disk to the current schema, in one transaction."""
        with self._write() as conn:
            current = conn.execute("PRAGMA user_version").fetchone()[0]
            if current < schema.SCHEMA_VERSION:  # another process may have migrated meanwhile
                schema.migrate(conn, current)

    def _migrated_copy(self, version: int) -> ReadSource:
        """A private copy of a workbook that cannot be written, brought to the current schema."""
        before = self._source
        try:
            copy = private_copy(self.db_path, before, lambda conn: schema.migrate(conn, version))
        except sqlite3.Error as exc:
            raise _damaged(self.db_path, exc) from None
        if before is not None:
            before.close()
        return copy

    def _verify(self, db_path: Path) -> tuple[int, bool]:
        """Read the catalogue through a read-only connection: a corrupt file fails here, unchanged.

        Returns the schema version as SQLite sees it, which includes a change still in
        the WAL (the file header read by `check_header` can lag behind it), and whether
        the workbook is a share.
        """
        try:
            self._source = open_source(db_path, timeout=BUSY_TIMEOUT_S)
            conn = self._source.connect(BUSY_TIMEOUT_S)
            try:
                tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
                conn.execute("SELECT value FROM meta WHERE key = 'mentee_name'").fetchone()
                is_share = conn.execute("SELECT 1 FROM meta WHERE key = ?", (SHARE_META_KEY,)).fetchone() is not None
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                health = conn.execute("PRAGMA quick_check(1)").fetchone()[0]  # every page, a few ms per MB
            finally:
                conn.close()
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):  # busy is not damaged: say which it is
                raise WorkbookBusyError(f"{db_path}: another process held the workbook for over "
                                        f"{BUSY_TIMEOUT_S:.0f} s; try again") from None
            storage = sqlite_storage_error(exc, self.path, db_path)
            if storage is not None:  # a full disk or a refusal to open is not damage
                raise storage from None
            raise NotAWorkbookError(db_path, f"the file is damaged and cannot be read ({exc})") from None
        except sqlite3.DatabaseError as exc:
            raise NotAWorkbookError(db_path, f"the file is damaged and cannot be read ({exc})") from None
        if health != "ok":
            detail = health.strip().splitlines()[-1]
            raise NotAWorkbookError(db_path, f"the file is damaged ({detail}); it was not changed")
        missing = {"meta", "meetings", "goals"} - tables
        if missing:
            raise NotAWorkbookError(db_path, f"a workbook missing its tables: {', '.join(sorted(missing))}")
        if version > schema.SCHEMA_VERSION:
            raise NotAWorkbookError(
                db_path,
                f"written by a newer mentorkit (schema {version}); this version reads up to "
                f"schema {schema.SCHEMA_VERSION}: upgrade mentorkit",
            )
        return version, is_share

    # -- connections and transactions -----------------------------------------

    def _connect(self, readonly: bool = False) -> sqlite3.Connection:
        if readonly:
            if self._source is None:
                self._source = ReadSource(f"{self.db_path.resolve().as_uri()}?mode=ro", "file")
            conn = self._source.connect(BUSY_TIMEOUT_S)
        else:
            if self.read_only_reason is not None:
                raise read_only_error(self.path, self.read_only_reason)
            conn = sqlite3.connect(self.db_path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
            conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.row_factory = sqlite3.Row
        return conn

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; waits while another process holds the workbook.

        A full disk or storage that refuses the write rolls the transaction back and
        raises `DiskFullError` or `WorkbookReadOnlyError`: nothing of it lands.
        """
        if self._kept is not None:
            self._kept.clear()  # what was kept may no longer be what is stored
        try:
            conn = self._connect()
        except sqlite3.Error as exc:
            raise sqlite_storage_error(exc, self.path, self.db_path) or exc from None
        deadline = time.monotonic() + BUSY_DEADLINE_S
        try:
            while True:
                try:
                    conn.execute("BEGIN IMMEDIATE")
                    break
                except sqlite3.OperationalError as exc:
                    if "locked" not in str(exc) and "busy" not in str(exc):
                        raise
                    if time.monotonic() > deadline:
                        raise WorkbookBusyError(f"{self.path}: busy for over {BUSY_DEADLINE_S:.0f} s") from None
                    time.sleep(0.05)
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                _rollback(conn)
                raise
        except sqlite3.Error as exc:
            storage = sqlite_storage_error(exc, self.path, self.db_path)
            if storage is None:
                raise
            raise storage from None
        finally:
            conn.close()

    @contextmanager
    def transaction(self) -> Iterator["Writer"]:
        """Several writes as one transaction: all of them land, or none."""
        with self._write() as conn:
            yield Writer(conn)

    # -- writing ------------------------------------------------------------------

    def add(self, record: Record) -> int:
        """Save a new record in its own transaction and return its id."""
        with self.transaction() as w:
            return w.add(record)

    def add_many(self, records: Iterable[Record]) -> list[int]:
        """Save several records in one transaction; all or none."""
        with self.transaction() as w:
            return [w.add(r) for r in records]

    def update(self, record: Record) -> None:
        """Replace the stored record that has `record.id`."""
        with self.transaction() as w:
            w.update(record)

    def delete(self, table: str, record_id: int) -> None:
        """Delete one record by id; a missing id is an error."""
        with self.transaction() as w:
            w.delete(table, record_id)

    def set_profile(self, profile: Profile) -> None:
        """Save the mentee's profile (there is one)."""
        with self.transaction() as w:
            w.set_profile(profile)

    # -- reading ------------------------------------------------------------------

    def _rows(self, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
        conn = self._connect(readonly=True)
        try:
            return conn.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            raise _damaged(self.db_path, exc) from None
        finally:
            conn.close()

    @property
    def mentee_name(self) -> str:
        return self.meta().get("mentee_name", "")

    @property
    def exports_dir(self) -> Path:
        """The workbook's own folder for exports (made when missing, unless the workbook is read-only:
        then a write there may be refused, and exports go to another folder)."""
        path = self.path / EXPORTS
        return path if self.read_only_reason is not None else make_folder(path)

    def meta(self) -> dict[str, str]:
        return {r["key"]: r["value"] for r in self._rows("SELECT key, value FROM meta")}

    # One overload per table of `model.RECORD_TYPES`, so that `wb.records("meetings")` is a `list[Meeting]`
    # to a type checker (tests/unit/test_store.py checks they match the mapping).
    @overload
    def records(self, table: Literal["profile"]) -> list[Profile]: ...
    @overload
    def records(self, table: Literal["goals"]) -> list[Goal]: ...
    @overload
    def records(self, table: Literal["goal_levels"]) -> list[GoalLevel]: ...
    @overload
    def records(self, table: Literal["candidates"]) -> list[Candidate]: ...
    @overload
    def records(self, table: Literal["interviews"]) -> list[Interview]: ...
    @overload
    def records(self, table: Literal["requests"]) -> list[Request]: ...
    @overload
    def records(self, table: Literal["agreements"]) -> list[Agreement]: ...
    @overload
    def records(self, table: Literal["meetings"]) -> list[Meeting]: ...
    @overload
    def records(self, table: Literal["actions"]) -> list[ActionItem]: ...
    @overload
    def records(self, table: Literal["feedback"]) -> list[Feedback]: ...
    @overload
    def records(self, table: Literal["checkins"]) -> list[CheckIn]: ...
    @overload
    def records(self, table: Literal["mentor_checkins"]) -> list[MentorCheckIn]: ...
    @overload
    def records(self, table: str) -> list[Record]: ...

    def records(self, table: str) -> Sequence[Record]:  # a list; `Sequence` admits each overload's list[...]
        """Every record of a table, validated, in id order."""
        cls = record_type(table)
        return [cls.model_validate(dict(r)) for r in self._rows(f"SELECT * FROM {cls.table} ORDER BY id")]

    @overload
    def get(self, table: Literal["profile"], record_id: int) -> Profile: ...
    @overload
    def get(self, table: Literal["goals"], record_id: int) -> Goal: ...
    @overload
    def get(self, table: Literal["goal_levels"], record_id: int) -> GoalLevel: ...
    @overload
    def get(self, table: Literal["candidates"], record_id: int) -> Candidate: ...
    @overload
    def get(self, table: Literal["interviews"], record_id: int) -> Interview: ...
    @overload
    def get(self, table: Literal["requests"], record_id: int) -> Request: ...
    @overload
    def get(self, table: Literal["agreements"], record_id: int) -> Agreement: ...
    @overload
    def get(self, table: Literal["meetings"], record_id: int) -> Meeting: ...
    @overload
    def get(self, table: Literal["actions"], record_id: int) -> ActionItem: ...
    @overload
    def get(self, table: Literal["feedback"], record_id: int) -> Feedback: ...
    @overload
    def get(self, table: Literal["checkins"], record_id: int) -> CheckIn: ...
    @overload
    def get(self, table: Literal["mentor_checkins"], record_id: int) -> MentorCheckIn: ...
    @overload
    def get(self, table: str, record_id: int) -> Record: ...

    def get(self, table: str, record_id: int) -> Record:
        cls = record_type(table)
        rows = self._rows(f"SELECT * FROM {cls.table} WHERE id = ?", (record_id,))
        if not rows:
            raise RecordNotFoundError(cls.noun, record_id)
        return cls.model_validate(dict(rows[0]))

    def count(self, table: str) -> int:
        cls = record_type(table)
        return self._rows(f"SELECT count(*) AS n FROM {cls.table}")[0]["n"]

    @property
    def profile(self) -> Profile:
        rows = self._rows("SELECT * FROM profile WHERE id = 1")
        return Profile.model_validate(dict(rows[0])) if rows else Profile()

    @property
    def agreement(self) -> Agreement | None:
        """The most recent agreement, or None."""
        rows = self._rows("SELECT * FROM agreements ORDER BY start DESC, id DESC LIMIT 1")
        return Agreement.model_validate(dict(rows[0])) if rows else None

    def keep_tables(self) -> None:
        """From now on read each table once and keep it in memory, for a run that reads the same tables many times.

        A notebook run unattended (a cohort's report) reads one moment of the
        workbook and draws several views of it; this spares it reading each
        table again for each view. A write through this object forgets what was
        kept; another process's writes are not seen until then, so a page whose
        forms or other notebooks may write meanwhile must not use it.
        """
        if self._kept is None:
            self._kept = {}

    def table(self, name: str) -> "pd.DataFrame":
        """A table as a DataFrame: dates as datetime64, booleans as bool, ids as integers."""
        from .frames import records_frame  # noqa: PLC0415 -- kept out of this light module's import

        cls = record_type(name)
        if self._kept is not None and cls.table in self._kept:
            return self._kept[cls.table].copy()  # a copy each time: a caller may change what it gets
        conn = self._connect(readonly=True)
        try:
            cur = conn.execute(f"SELECT * FROM {cls.table} ORDER BY id")
            rows = cur.fetchall()
        except sqlite3.DatabaseError as exc:
            raise _damaged(self.db_path, exc) from None
        finally:
            conn.close()
        frame = records_frame(cls, [tuple(r) for r in rows], [d[0] for d in cur.description])
        if self._kept is not None:
            self._kept[cls.table] = frame.copy()
        return frame

    def tables(self) -> dict[str, "pd.DataFrame"]:
        return {name: self.table(name) for name in TABLES}

    def integrity_check(self) -> str:
        """SQLite's own integrity check: 'ok' for a healthy file."""
        return self._rows("PRAGMA integrity_check")[0][0]

    def __repr__(self) -> str:
        return f"Workbook({str(self.path)!r})"


def _rollback(conn: sqlite3.Connection) -> None:
    """Roll back what is open; SQLite may have rolled back already (a full disk does that)."""
    if conn.in_transaction:
        try:
            conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass  # the transaction ends with the connection; nothing of it is committed


class Writer:
    """The writes of one open transaction (see `Workbook.transaction`)."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def add(self, record: Record) -> int:
        row = _to_sql(record)
        if row.get("id") is None:
            row.pop("id")
        cols = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        try:
            cur = self.conn.execute(f"INSERT INTO {record.table} ({cols}) VALUES ({marks})", tuple(row.values()))
        except sqlite3.IntegrityError as exc:
            raise _translate_integrity(record.table, exc, row) from None
        assert cur.lastrowid is not None  # every INSERT sets it
        return cur.lastrowid

    def update(self, record: Record) -> None:
        if record.id is None:
            raise RecordValidationError(record.noun, [FieldProblem("id", "is required to update a record")])
        row = _to_sql(record)
        sets = ", ".join(f"{k} = ?" for k in row if k != "id")
        values = tuple(v for k, v in row.items() if k != "id")
        try:
            cur = self.conn.execute(f"UPDATE {record.table} SET {sets} WHERE id = ?", values + (record.id,))
        except sqlite3.IntegrityError as exc:
            raise _translate_integrity(record.table, exc, row) from None
        if cur.rowcount == 0:
            raise RecordNotFoundError(record.noun, record.id)

    def delete(self, table: str, record_id: int) -> None:
        cls = record_type(table)
        cur = self.conn.execute(f"DELETE FROM {cls.table} WHERE id = ?", (record_id,))
        if cur.rowcount == 0:
            raise RecordNotFoundError(cls.noun, record_id)

    def set_profile(self, profile: Profile) -> None:
        row = _to_sql(profile.model_copy(update={"id": 1}))
        cols = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        self.conn.execute(f"INSERT OR REPLACE INTO profile ({cols}) VALUES ({marks})", tuple(row.values()))
