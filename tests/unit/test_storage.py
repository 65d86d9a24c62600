"""Storage that says no, in unit form: the errors, atomic writes, reading without writing, shares.

The real conditions (a full tmpfs, read-only mounts, a file-size limit) are in
`tests/reliability/test_storage.py`; here each piece is checked on its own.
"""

from __future__ import annotations

import datetime as dt
import errno
import pickle
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from mentorkit import Meeting, Workbook, schema
from mentorkit.errors import DiskFullError, MentorkitError, StorageError, WorkbookReadOnlyError
from mentorkit.reading import private_copy, read_connection, wal_has_frames
from mentorkit.storage import atomic_file, make_folder, os_storage_error, sqlite_storage_error, writable_problem


def _meeting(day: int) -> Meeting:
    return Meeting(date=dt.date(2024, 1, 1) + dt.timedelta(days=day), duration_min=30, mode="video")


@pytest.fixture
def wb(tmp_path) -> Workbook:
    wb = Workbook.create(tmp_path / "wb", "Storage Mentee")
    wb.add_many(_meeting(i) for i in range(8))
    return wb


def _sqlite_error(code: int, message: str) -> sqlite3.OperationalError:
    exc = sqlite3.OperationalError(message)
    exc.sqlite_errorcode = code
    return exc


# -- errors ---------------------------------------------------------------------------------------


def test_storage_errors_are_mentorkit_errors_that_name_the_place_and_survive_pickling(tmp_path):
    exc = DiskFullError(tmp_path / "wb", "the disk is full")
    assert isinstance(exc, StorageError) and isinstance(exc, MentorkitError)
    assert str(exc) == f"{tmp_path / 'wb'}: the disk is full"
    back = pickle.loads(pickle.dumps(exc))  # a cohort worker sends it back to the main process
    assert type(back) is DiskFullError and back.path == exc.path and str(back) == str(exc)


@pytest.mark.parametrize("code, words", [
    (errno.ENOSPC, "the disk is full"),
    (errno.EDQUOT, "your disk quota is used up"),
    (errno.EFBIG, "the largest size this process may write"),
])
def test_a_file_that_does_not_fit_is_a_disk_full_error(tmp_path, code, words):
    error = os_storage_error(OSError(code, "refused"), tmp_path / "out.csv")
    assert isinstance(error, DiskFullError) and words in str(error) and "out.csv" in str(error)
    assert "was not saved" in str(error)


def test_other_file_errors_are_left_alone(tmp_path):
    assert os_storage_error(OSError(errno.ENOENT, "missing"), tmp_path / "x") is None
    refused = os_storage_error(OSError(errno.EROFS, "Read-only file system"), tmp_path / "x")
    assert isinstance(refused, StorageError) and "choose a folder you can write to" in str(refused)


def test_sqlite_full_is_a_disk_full_error_and_damage_is_not_a_storage_error(wb):
    full = sqlite_storage_error(_sqlite_error(sqlite3.SQLITE_FULL, "database or disk is full"), wb.path, wb.db_path)
    assert isinstance(full, DiskFullError) and "the disk is full" in str(full) and str(wb.path) in str(full)
    corrupt = _sqlite_error(sqlite3.SQLITE_CORRUPT, "database disk image is malformed")
    assert sqlite_storage_error(corrupt, wb.path, wb.db_path) is None
    busy = _sqlite_error(sqlite3.SQLITE_BUSY, "database is locked")
    assert sqlite_storage_error(busy, wb.path, wb.db_path) is None
    readonly = sqlite_storage_error(_sqlite_error(sqlite3.SQLITE_READONLY, "attempt to write a readonly database"),
                                    wb.path, wb.db_path)
    assert isinstance(readonly, WorkbookReadOnlyError) and "the workbook is read-only" in str(readonly)


def test_a_full_disk_during_a_write_rolls_it_back_and_says_so(wb, monkeypatch):
    """SQLite's own answer to a full disk, met at the moment of COMMIT: nothing of the transaction lands."""
    before = wb.count("meetings")
    with pytest.raises(DiskFullError, match="the disk is full"):
        with wb.transaction() as w:
            w.add(_meeting(50))
            w.add(_meeting(51))
            w.conn.execute("PRAGMA max_page_count = 1")  # this file may grow no further: SQLITE_FULL
            w.conn.executemany("INSERT INTO meetings(date, duration_min, mode, notes) VALUES (?, 30, 'video', ?)",
                               [("2024-05-01", "x" * 5000)] * 20)
    assert wb.count("meetings") == before
    assert Workbook.open(wb.path).integrity_check() == "ok"


def test_a_workbook_folder_removed_while_open_is_not_called_read_only(wb):
    shutil.rmtree(wb.path)
    with pytest.raises(StorageError, match="no longer there") as caught:
        wb.add(_meeting(70))
    assert not isinstance(caught.value, WorkbookReadOnlyError)


def test_writable_problem_sees_a_writable_folder(wb):
    assert writable_problem(wb.path, wb.db_path) is None
    assert writable_problem(wb.path / "missing") is not None


# -- atomic files ---------------------------------------------------------------------------------


def test_atomic_file_replaces_only_on_success(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old")
    with atomic_file(target) as tmp:
        tmp.write_text("new")
    assert target.read_text() == "new"
    with pytest.raises(RuntimeError):
        with atomic_file(target) as tmp:
            tmp.write_text("half")
            raise RuntimeError("boom")
    assert target.read_text() == "new" and sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_atomic_file_turns_a_full_disk_into_a_clear_error_and_keeps_the_old_file(tmp_path):
    target = tmp_path / "report.pdf"
    target.write_text("old")
    with pytest.raises(DiskFullError, match="report.pdf: the disk is full"):
        with atomic_file(target) as tmp:
            tmp.write_text("part")
            raise OSError(errno.ENOSPC, "No space left on device")
    assert target.read_text() == "old" and sorted(p.name for p in tmp_path.iterdir()) == ["report.pdf"]


def test_atomic_file_finds_the_full_disk_behind_a_clean_up_error(tmp_path):
    """A writer that fails again while closing (matplotlib's PDF writer does) still says the disk is full."""
    target = tmp_path / "agreement.pdf"
    with pytest.raises(DiskFullError):
        with atomic_file(target):
            try:
                raise OSError(errno.ENOSPC, "No space left on device")
            finally:
                raise ValueError("inconsistent stream state")  # noqa: B012 - what the PDF writer does
    assert not list(tmp_path.iterdir())


# -- reading without writing ----------------------------------------------------------------------

_LEAVE_FRAMES = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA wal_autocheckpoint = 0")
for _ in range(3):
    conn.execute("INSERT INTO meetings(date, duration_min, mode) VALUES ('2024-09-01', 30, 'phone')")
os._exit(0)
"""


def test_a_private_copy_replays_frames_that_only_the_log_holds(wb):
    subprocess.run([sys.executable, "-c", _LEAVE_FRAMES, str(wb.db_path)], check=True)
    (wb.path / "workbook.sqlite-shm").unlink()
    assert wal_has_frames(wb.db_path)
    with sqlite3.connect(f"{wb.db_path.as_uri()}?mode=ro&immutable=1", uri=True) as stale:
        assert stale.execute("SELECT count(*) FROM meetings").fetchone()[0] == 8  # why immutable is not used here
    before = {p.name: p.read_bytes() for p in wb.path.iterdir() if p.is_file()}
    source = private_copy(wb.db_path)
    try:
        with source.connect() as conn:
            assert conn.execute("SELECT count(*) FROM meetings").fetchone()[0] == 11
        assert source.kind == "copy" and not Path(source.uri.split("?")[0][len("file://"):]).is_relative_to(wb.path)
    finally:
        source.close()
    assert {p.name: p.read_bytes() for p in wb.path.iterdir() if p.is_file()} == before


def test_read_connection_reads_a_writable_workbook_in_place(wb):
    with read_connection(wb.db_path) as conn:
        assert conn.execute("SELECT count(*) FROM meetings").fetchone()[0] == 8
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            conn.execute("DELETE FROM meetings")


# -- a share: read, never written -----------------------------------------------------------------


def _mark_share(wb: Workbook) -> None:
    with sqlite3.connect(wb.db_path) as conn:
        conn.execute("INSERT INTO meta(key, value) VALUES ('share', 'metrics only')")


def test_a_share_opens_for_reading_and_refuses_every_write(wb, tmp_path):
    _mark_share(wb)
    shared = Workbook.open(wb.path)
    assert shared.read_only and shared.read_only_reason == "it is a share, made to be read"
    assert shared.count("meetings") == 8 and len(shared.tables()) > 5
    before = wb.db_path.read_bytes()
    for write in (lambda: shared.add(_meeting(90)), lambda: shared.delete("meetings", 1),
                  lambda: shared.add_many([_meeting(91)])):
        with pytest.raises(WorkbookReadOnlyError, match="the workbook is read-only .it is a share") as caught:
            write()
        assert "damaged" not in str(caught.value) and "mentorkit backup" in str(caught.value)
    assert wb.db_path.read_bytes() == before


def test_an_older_share_is_read_migrated_in_a_copy_and_left_as_it_was(wb, monkeypatch):
    _mark_share(wb)
    old = schema.SCHEMA_VERSION

    def add_table(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE mk_unit_new (n INTEGER)")
        conn.execute("INSERT INTO mk_unit_new VALUES (7)")

    monkeypatch.setattr(schema, "SCHEMA_VERSION", old + 1)
    monkeypatch.setitem(schema.MIGRATIONS, old, add_table)
    before = wb.db_path.read_bytes()
    shared = Workbook.open(wb.path)
    assert shared.read_only and shared._rows("SELECT n FROM mk_unit_new")[0]["n"] == 7
    assert shared.count("meetings") == 8
    assert wb.db_path.read_bytes() == before
    assert int.from_bytes(before[60:64], "big") == old


def test_the_form_of_a_read_only_workbook_says_so_and_keeps_what_was_typed(wb):
    pytest.importorskip("ipywidgets")
    from mentorkit.forms import RecordForm

    _mark_share(wb)
    form = RecordForm(Workbook.open(wb.path), Meeting)
    assert "This workbook is read-only" in form.status.value
    form.inputs["date"].value = dt.date(2025, 3, 4)
    form.inputs["duration_min"].value = 40
    form.inputs["mode"].value = "phone"
    form.inputs["notes"].value = "keep me"
    form.save_button.click()
    assert "Not saved" in form.status.value and "the workbook is read-only" in form.status.value
    assert "Something went wrong" not in form.status.value
    assert isinstance(form.last_error, WorkbookReadOnlyError)
    assert form.inputs["notes"].value == "keep me"
    assert Workbook.open(wb.path).count("meetings") == 8


def test_exports_dir_of_a_read_only_workbook_is_not_made(wb):
    shutil.rmtree(wb.path / "exports")
    _mark_share(wb)
    assert Workbook.open(wb.path).exports_dir == wb.path / "exports"
    assert not (wb.path / "exports").exists()
    assert Workbook.open(wb.path).read_only


def test_make_folder_where_a_file_is_names_the_file(tmp_path):
    blocker = tmp_path / "report.pdf"
    blocker.write_bytes(b"%PDF")
    with pytest.raises(StorageError) as caught:
        make_folder(blocker)
    assert str(caught.value) == f"{blocker}: is a file, not a folder; choose another place"
    with pytest.raises(StorageError) as caught:
        make_folder(blocker / "charts" / "png")
    assert caught.value.path == blocker / "charts" / "png"
    assert f"cannot be made: {blocker} is a file, not a folder" in str(caught.value)
    assert blocker.read_bytes() == b"%PDF"  # left as it was
    assert make_folder(tmp_path / "a" / "b") == tmp_path / "a" / "b" and (tmp_path / "a" / "b").is_dir()
    assert make_folder(tmp_path / "a" / "b").is_dir()  # already there: fine



def test_a_folder_where_a_file_goes_is_named_and_left_as_it_was(tmp_path):
    target = tmp_path / "page.html"
    (target / "inside").mkdir(parents=True)
    with pytest.raises(StorageError) as caught:
        with atomic_file(target) as tmp:
            tmp.write_text("<html>", encoding="utf-8")
    assert str(caught.value) == f"{target}: is a folder, not a file; move it away or choose another place"
    assert (target / "inside").is_dir() and [p.name for p in tmp_path.iterdir()] == ["page.html"]  # no temp file left
