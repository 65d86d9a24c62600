"""`mentorkit backup`: a consistent copy, while the workbook is open and being written."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from mentorkit import Meeting, NotAWorkbookError, Workbook, WorkbookExistsError
from mentorkit.backup import backup_workbook
from mentorkit.cli import main

ROOT = Path(__file__).resolve().parents[2]


def _meeting(day: int) -> Meeting:
    return Meeting(date=dt.date(2024, 1, 1) + dt.timedelta(days=day), duration_min=30, mode="video",
                   notes=f"meeting {day}")


@pytest.fixture
def wb(tmp_path) -> Workbook:
    wb = Workbook.create(tmp_path / "wb", "Backup Mentee")
    wb.add_many(_meeting(i) for i in range(12))
    return wb


def test_the_copy_is_a_workbook_with_the_same_records(wb, tmp_path):
    out = backup_workbook(wb.path, tmp_path / "copies" / "monday")
    assert sorted(p.name for p in out.iterdir()) == ["exports", "workbook.sqlite"]  # no log: complete in itself
    copy = Workbook.open(out)
    assert copy.mentee_name == "Backup Mentee" and not copy.read_only
    for table, frame in wb.tables().items():
        assert copy.table(table).equals(frame), table
    assert copy.integrity_check() == "ok"
    assert not list(out.parent.glob(".*partial"))


def test_the_copy_holds_what_is_still_in_the_log_of_an_open_connection(wb, tmp_path):
    kernel = sqlite3.connect(wb.db_path, isolation_level=None)  # as a notebook's kernel would hold it
    kernel.execute("PRAGMA wal_autocheckpoint = 0")
    for day in range(100, 130):
        kernel.execute("INSERT INTO meetings(date, duration_min, mode) VALUES (?, 30, 'phone')",
                       ((dt.date(2024, 1, 1) + dt.timedelta(days=day)).isoformat(),))
    assert (wb.path / "workbook.sqlite-wal").stat().st_size > 32
    try:
        copy = Workbook.open(backup_workbook(wb.path, tmp_path / "copy"))
        assert copy.count("meetings") == 42
    finally:
        kernel.close()


_WRITER = """
import sys, datetime as dt
from mentorkit import Meeting, Workbook
wb = Workbook.open(sys.argv[1])
print("ready", flush=True)
for day in range(100000):
    wb.add(Meeting(date=dt.date(2024, 1, 1), duration_min=30, mode="video", notes=f"written {day}"))
"""


def test_copies_taken_while_another_process_writes_are_each_consistent(wb, tmp_path):
    writer = subprocess.Popen([sys.executable, "-c", _WRITER, str(wb.path)], stdout=subprocess.PIPE, text=True,
                              cwd=ROOT)
    try:
        assert writer.stdout.readline().strip() == "ready"
        counts = []
        for i in range(5):
            time.sleep(0.1)
            copy = Workbook.open(backup_workbook(wb.path, tmp_path / f"copy{i}"))
            assert copy.integrity_check() == "ok"
            ids = [m.id for m in copy.records("meetings")]
            assert ids == list(range(1, len(ids) + 1))  # every save whole, in order: none half made
            counts.append(len(ids))
        assert counts == sorted(counts) and counts[-1] > 12
    finally:
        writer.kill()
        writer.wait()


def test_an_existing_path_is_refused_even_an_empty_folder(wb, tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "file").write_text("x")
    for taken in ("empty", "file", "wb"):
        with pytest.raises(WorkbookExistsError, match="already exists"):
            backup_workbook(wb.path, tmp_path / taken)
    assert (tmp_path / "file").read_text() == "x" and not any((tmp_path / "empty").iterdir())


def test_a_damaged_workbook_is_not_copied(wb, tmp_path):
    data = wb.db_path.read_bytes()
    wb.db_path.write_bytes(data[:4096] + b"\x07" * (len(data) - 4096))
    with pytest.raises(NotAWorkbookError):
        backup_workbook(wb.path, tmp_path / "copy")
    assert not (tmp_path / "copy").exists() and not list(tmp_path.glob(".copy.*"))


def test_a_share_copies_as_a_share(wb, tmp_path):
    with sqlite3.connect(wb.db_path) as conn:
        conn.execute("INSERT INTO meta(key, value) VALUES ('share', 'metrics only')")
    copy = Workbook.open(backup_workbook(wb.path, tmp_path / "copy"))
    assert copy.read_only and "share" in copy.read_only_reason


def test_the_cli_verb(wb, tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["backup", str(wb.path), "--out", str(tmp_path / "b")])
    assert result.exit_code == 0, result.output
    assert "Backed up" in result.output and Workbook.open(tmp_path / "b").count("meetings") == 12
    again = runner.invoke(main, ["backup", str(wb.path), "--out", str(tmp_path / "b")])
    assert again.exit_code == 1 and "already exists" in again.stderr
    missing = runner.invoke(main, ["backup", str(tmp_path / "nope"), "--out", str(tmp_path / "c")])
    assert missing.exit_code == 1 and "no such workbook folder" in missing.stderr
    assert not (tmp_path / "c").exists()
    assert "backup" in runner.invoke(main, ["--help"]).output
