"""Storage that says no: a disk that fills up, a limit on file size, read-only storage, for real.

A small tmpfs is mounted and filled; the same kind of mount is remounted
read-only; a workbook file is bind-mounted read-only onto itself; a child
process writes under ``RLIMIT_FSIZE`` with SIGXFSZ ignored. Every write must
be refused with a message that says what happened and where (never a
traceback, never "damaged" for a sound workbook), nothing saved before may be
lost, and the workbook must open afterwards. A read-only workbook must be
read in full: tables, charts, reports, exports elsewhere, the cohort summary
and a cohort run. Tests that need to mount skip with the reason when this
machine cannot (it needs root; CI has it).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from mentorkit import Meeting, Workbook, schema
from mentorkit.errors import DiskFullError, NotAWorkbookError, WorkbookReadOnlyError
from mentorkit.reading import read_connection

from .helpers import ROOT, folder_fingerprint, run_cli
from .mounts import fill, mount_problem, read_only_file, read_only_storage, tmpfs

needs_mount = pytest.mark.skipif(mount_problem() is not None, reason=str(mount_problem()))
AS_OF = "2025-06-30"
LATE = "2035-01-01"  # after every meeting of the sample mentee, whenever it was built
NOTE = ("A long note about what we discussed, to take some room on the disk. " * 60).strip()  # about 4 KB


def _meeting(day: int, notes: str = NOTE) -> Meeting:
    return Meeting(date=dt.date(2024, 1, 1) + dt.timedelta(days=day), duration_min=45, mode="video", notes=notes)


def _meeting_ids(folder: Path) -> list[int]:
    return [m.id for m in Workbook.open(folder).records("meetings")]


def _write_csv(path: Path, rows: int, notes: str = NOTE) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["date", "duration_min", "mode", "notes"])
        for i in range(rows):
            writer.writerow([f"2025-0{1 + i % 6}-{1 + i % 28:02d}", 30, "video", notes])
    return path


def _clean_refusal(result: subprocess.CompletedProcess, *words: str) -> str:
    """A refusal on stderr: exit 1, one clear line, the expected words, no traceback, no 'damaged'."""
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    assert "damaged" not in result.stderr, result.stderr
    for word in words:
        assert word in result.stderr, (word, result.stderr)
    return result.stderr


def _sound(folder: Path, expected_ids: list[int]) -> None:
    """The workbook opens, passes SQLite's integrity check and holds exactly `expected_ids`."""
    wb = Workbook.open(folder)
    assert wb.integrity_check() == "ok"
    assert [m.id for m in wb.records("meetings")] == expected_ids


def _dump(folder: Path) -> str:
    """Everything the workbook holds, as SQL text."""
    with read_connection(folder / "workbook.sqlite") as conn:
        return "\n".join(conn.iterdump())


def _count_lost(figures, confirmed: list[int], folder: Path) -> int:
    present = set(_meeting_ids(folder))
    lost = len([i for i in confirmed if i not in present])
    figures.add("durability", "confirmed_writes", len(confirmed))
    figures.add("durability", "lost_writes", lost)
    figures.add("storage", "records_confirmed", len(confirmed))
    figures.add("storage", "records_lost", lost)
    return lost


def _refused(figures, kind: str, full: bool = True) -> None:
    figures.add("storage", "full_disk_writes" if full else "size_limit_writes")
    if full:
        figures.add("storage", "full_disk_refused")
    kinds = set(figures.get("storage", "full_disk_kinds" if full else "size_limit_kinds", []))
    figures.set("storage", "full_disk_kinds" if full else "size_limit_kinds", sorted(kinds | {kind}))


# -- a full disk ---------------------------------------------------------------------------------


@needs_mount
def test_a_full_disk_refuses_every_write_clearly_and_loses_nothing(tmp_path, figures):
    pytest.importorskip("ipywidgets")
    from mentorkit.forms import RecordForm

    disk = tmp_path / "disk"
    with tmpfs(disk, size_kb=2048):
        folder = disk / "wb"
        wb = Workbook.create(folder, "Full Disk")
        confirmed = wb.add_many(_meeting(i) for i in range(10))
        (disk / "roster.csv").write_text("participant_id,workbook\np1,wb\n", encoding="utf-8")
        fill(disk, leave=96 * 1024)

        # Saves until the disk is full: each one confirmed or refused whole.
        refusal = None
        for day in range(10, 200):
            try:
                confirmed.append(wb.add(_meeting(day)))
            except DiskFullError as exc:
                refusal = exc
                break
        assert refusal is not None, "the disk never filled up"
        _refused(figures, "record save")
        message = str(refusal)
        assert "the disk is full" in message and str(folder) in message and str(disk) in message
        assert "damaged" not in message
        fill(disk, name="filler-2")  # the last few pages too
        assert _meeting_ids(folder) == confirmed  # read on a full disk

        # More saves of every size on the full disk: each lands whole (room freed inside the log)
        # or is refused as a full disk; nothing else happens.
        sizes = random.Random(18)
        for attempt in range(40):
            notes = "x" * sizes.choice([0, 10, 500, 4000, 19000])
            try:
                confirmed.append(wb.add(_meeting(300 + attempt, notes)))
            except DiskFullError as exc:
                assert "the disk is full" in str(exc)
                figures.add("storage", "full_disk_refused")
            figures.add("storage", "full_disk_writes")
        assert _meeting_ids(folder) == confirmed

        # The form says so in its status line and keeps what was typed.
        form = RecordForm(wb, Meeting)
        form.inputs["date"].value = dt.date(2025, 1, 2)
        form.inputs["duration_min"].value = 30
        form.inputs["mode"].value = "phone"
        form.inputs["notes"].value = NOTE
        form.save_button.click()
        assert "Not saved" in form.status.value and "the disk is full" in form.status.value
        assert "mk-status-error" in form.status._dom_classes
        assert form.inputs["notes"].value == NOTE
        _refused(figures, "form save")

        # The command line: exit 1 and one clear line, for every kind of write.
        big = _write_csv(tmp_path / "meetings.csv", 120)
        attempts = {
            "init": (["init", str(disk / "new"), "--name", "New Mentee"], str(disk / "new")),
            "import": (["import", "meetings", str(big), "--workbook", str(folder)], str(folder)),
            "export csv": (["export", "csv", str(folder), "--out", str(disk / "csv")], str(disk / "csv")),
            "charts": (["charts", str(folder), "--out", str(disk / "charts"), "--as-of", AS_OF], str(disk / "charts")),
            "report": (["report", str(folder), "--out", str(disk / "report.pdf"), "--as-of", AS_OF], "report.pdf"),
            "calendar": (["calendar", str(folder), "--out", str(disk / "plan.ics"), "--as-of", AS_OF], "plan.ics"),
            "backup": (["backup", str(folder), "--out", str(disk / "copy")], str(disk / "copy")),
            "cohort summary": (["cohort", "summary", str(disk / "roster.csv"), "--out", str(disk / "summary"),
                                "--as-of", AS_OF], str(disk / "summary")),
            "cohort run": (["cohort", "run", str(disk / "roster.csv"), "--out", str(disk / "run"), "--as-of", AS_OF,
                            "--jobs", "1"], str(disk / "run")),
        }
        for kind, (args, where) in attempts.items():
            result = run_cli(*args, timeout=300)
            _clean_refusal(result, "the disk is full", where)
            _refused(figures, kind)
        assert not (disk / "copy").exists() and not list(disk.glob(".copy.*"))  # no half backup
        assert not [p for p in disk.rglob("*.tmp")], "a temporary file was left on the full disk"
        _sound(folder, confirmed)

        # Space again: the next save lands, everything is there.
        for name in ("filler", "filler-2"):
            (disk / name).unlink()
        confirmed.append(Workbook.open(folder).add(_meeting(500)))
        _sound(folder, confirmed)
        assert _count_lost(figures, confirmed, folder) == 0


@needs_mount
def test_a_migration_on_a_full_disk_changes_nothing_and_runs_once_there_is_room(tmp_path, figures, monkeypatch):
    disk = tmp_path / "disk"
    with tmpfs(disk, size_kb=2048):
        folder = disk / "wb"
        confirmed = Workbook.create(folder, "Old Schema").add_many(_meeting(i) for i in range(60))
        old_version = schema.SCHEMA_VERSION

        def copy_meetings(conn: sqlite3.Connection) -> None:  # a migration that rewrites a lot
            conn.execute("CREATE TABLE mk_test_copy AS SELECT * FROM meetings")

        monkeypatch.setattr(schema, "SCHEMA_VERSION", old_version + 1)
        monkeypatch.setitem(schema.MIGRATIONS, old_version, copy_meetings)
        filler = fill(disk, leave=16 * 1024)
        with pytest.raises(DiskFullError, match="the disk is full") as caught:
            Workbook.open(folder)
        assert "damaged" not in str(caught.value)
        _refused(figures, "migration")
        with read_connection(folder / "workbook.sqlite") as conn:  # read on the full disk
            assert conn.execute("PRAGMA user_version").fetchone()[0] == old_version
            assert conn.execute("SELECT count(*) FROM meetings").fetchone()[0] == len(confirmed)
        filler.unlink()
        wb = Workbook.open(folder)
        assert wb._rows("SELECT count(*) AS n FROM mk_test_copy")[0]["n"] == len(confirmed)
        assert wb._rows("PRAGMA user_version")[0][0] == old_version + 1
        assert _count_lost(figures, confirmed, folder) == 0


# -- a limit on file size ------------------------------------------------------------------------

_LIMITED_WRITER = """
import json, resource, signal, sys, datetime as dt
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead of killing
from mentorkit import Meeting, Workbook
from mentorkit.errors import DiskFullError
folder, limit = sys.argv[1], int(sys.argv[2])
wb = Workbook.open(folder)
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
for day in range(300):
    try:
        new = wb.add(Meeting(date=dt.date(2024, 6, 1) + dt.timedelta(days=day), duration_min=30, mode="phone",
                             notes="n" * 4000))
    except DiskFullError as exc:
        print(json.dumps({"refused": type(exc).__name__, "message": str(exc)}), flush=True)
        break
    print(json.dumps({"saved": new}), flush=True)
"""


def _limited(limit: int):
    def preexec() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return preexec


def test_a_file_size_limit_refuses_writes_clearly_and_loses_nothing(tmp_path, figures):
    folder = tmp_path / "wb"
    confirmed = Workbook.create(folder, "Size Limit").add_many(_meeting(i) for i in range(5))
    limit = (folder / "workbook.sqlite").stat().st_size + 96 * 1024
    child = subprocess.run([sys.executable, "-c", _LIMITED_WRITER, str(folder), str(limit)],
                           capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert child.returncode == 0, child.stderr
    lines = [json.loads(line) for line in child.stdout.splitlines()]
    confirmed += [line["saved"] for line in lines if "saved" in line]
    assert len(lines) > 1 and lines[-1].get("refused") == "DiskFullError", child.stdout
    assert "largest size this process may write" in lines[-1]["message"]
    _refused(figures, "record save", full=False)
    _sound(folder, confirmed)

    before = _dump(folder)
    big = _write_csv(tmp_path / "meetings.csv", 200)
    result = subprocess.run([sys.executable, "-m", "mentorkit", "import", "meetings", str(big), "--workbook",
                             str(folder)], capture_output=True, text=True, timeout=120, cwd=ROOT,
                            preexec_fn=_limited(limit))
    _clean_refusal(result, "largest size this process may write", str(folder))
    _refused(figures, "import", full=False)
    assert _meeting_ids(folder) == confirmed
    result = subprocess.run([sys.executable, "-m", "mentorkit", "export", "csv", str(folder), "--out",
                             str(tmp_path / "csv")], capture_output=True, text=True, timeout=120, cwd=ROOT,
                            preexec_fn=_limited(64 * 1024))  # room to read the workbook, not to write the CSV
    _clean_refusal(result, "largest size this process may write", "meetings.csv")
    _refused(figures, "export csv", full=False)
    assert not list((tmp_path / "csv").glob(".*.tmp"))
    assert _dump(folder) == before  # a refused write may leave frames in the log, never in the data
    _sound(folder, confirmed)
    assert _count_lost(figures, confirmed, folder) == 0


# -- read-only storage ---------------------------------------------------------------------------

_UNCHECKPOINTED_WRITER = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA wal_autocheckpoint = 0")
for day in range(1, int(sys.argv[2]) + 1):
    conn.execute("INSERT INTO meetings(date, duration_min, mode) VALUES (?, 30, 'video')", (f"2025-05-{day:02d}",))
os._exit(0)  # no checkpoint, no clean close: the new rows live only in the -wal log
"""


def _leave_in_wal(folder: Path, rows: int) -> None:
    db = folder / "workbook.sqlite"
    subprocess.run([sys.executable, "-c", _UNCHECKPOINTED_WRITER, str(db), str(rows)], check=True, timeout=60)
    assert (folder / "workbook.sqlite-wal").stat().st_size > 32


def _read_everything(wb: Workbook, out: Path) -> int:
    """Every way of reading a workbook; returns how many reads were made."""
    from mentorkit import charts, report

    reads = len(wb.tables())
    assert wb.integrity_check() == "ok"
    reads += len(charts.export_all(wb, out / "charts", "png", as_of=dt.date(2025, 6, 30)))
    assert report.write_report(wb, out / "report.html", as_of=dt.date(2025, 6, 30)).stat().st_size > 1000
    return reads + 1


def _damage_pages(folder: Path) -> None:
    db = folder / "workbook.sqlite"
    data = db.read_bytes()
    page = int.from_bytes(data[16:18], "big")
    db.write_bytes(data[:page] + random.Random(3).randbytes(len(data) - page))


@needs_mount
def test_workbooks_on_read_only_storage_are_read_in_full_and_never_called_damaged(tmp_path, figures):
    pytest.importorskip("ipywidgets")
    from mentorkit.forms import RecordForm
    from mentorkit.sample import build_demo

    disk = tmp_path / "disk"
    with tmpfs(disk, size_kb=32 * 1024):
        build_demo(disk / "closed")  # closed cleanly: no log
        shutil.copytree(disk / "closed", disk / "log_and_index")
        _leave_in_wal(disk / "log_and_index", 5)  # frames in the log, the -shm index beside it
        shutil.copytree(disk / "closed", disk / "log_only")
        _leave_in_wal(disk / "log_only", 7)
        (disk / "log_only" / "workbook.sqlite-shm").unlink()  # frames, and no index: immutable would read stale data
        shutil.copytree(disk / "closed", disk / "damaged")
        _damage_pages(disk / "damaged")
        for name in ("closed", "log_and_index", "log_only", "damaged"):
            shutil.rmtree(disk / name / "exports", ignore_errors=True)  # nothing to write into: outputs go elsewhere
        base = len(_meeting_ids(disk / "closed"))
        expected = {"closed": base, "log_and_index": base + 5, "log_only": base + 7}
        (disk / "roster.csv").write_text("participant_id,workbook\n" + "".join(f"{n},{n}\n" for n in expected),
                                         encoding="utf-8")
        result = run_cli("cohort", "summary", str(disk / "roster.csv"), "--out", str(tmp_path / "summary-rw"),
                         "--as-of", LATE)  # the reference, read while the storage is writable
        assert result.returncode == 0, result.stderr
        (disk / "log_only" / "workbook.sqlite-shm").unlink(missing_ok=True)  # that reader made one: gone again
        before = folder_fingerprint(disk)
        new_rows = _write_csv(tmp_path / "new.csv", 3)

        with read_only_storage(disk):
            for name, meetings in expected.items():
                folder = disk / name
                wb = Workbook.open(folder)
                assert wb.read_only and wb.read_only_reason == "it is on read-only storage"
                assert wb.count("meetings") == meetings
                reads = _read_everything(wb, tmp_path / "out" / name)
                figures.add("storage", "read_only_reads", reads)

                with pytest.raises(WorkbookReadOnlyError, match="the workbook is read-only") as caught:
                    wb.add(_meeting(900))
                assert "damaged" not in str(caught.value)
                form = RecordForm(wb, Meeting)
                assert "read-only" in form.status.value
                form.inputs["date"].value = dt.date(2025, 1, 2)
                form.inputs["duration_min"].value = 30
                form.inputs["mode"].value = "phone"
                form.save_button.click()
                assert "Not saved" in form.status.value and "the workbook is read-only" in form.status.value
                _clean_refusal(run_cli("import", "meetings", str(new_rows), "--workbook", str(folder)),
                               "the workbook is read-only", str(folder))
                figures.add("storage", "read_only_writes_refused", 3)

                out = tmp_path / "csv" / name
                result = run_cli("export", "csv", str(folder), "--out", str(out))
                assert result.returncode == 0, result.stderr
                with open(out / "meetings.csv", newline="", encoding="utf-8") as fh:
                    assert len(list(csv.DictReader(fh))) == meetings
                result = run_cli("backup", str(folder), "--out", str(tmp_path / "backups" / name))
                assert result.returncode == 0, result.stderr
                copy = Workbook.open(tmp_path / "backups" / name)
                assert not copy.read_only and copy.count("meetings") == meetings
                figures.add("storage", "read_only_reads", 2)
                figures.add("storage", "read_only_workbooks")

            result = run_cli("cohort", "summary", str(disk / "roster.csv"), "--out", str(tmp_path / "summary"),
                             "--as-of", LATE)
            assert result.returncode == 0, result.stderr
            summary = (tmp_path / "summary" / "summary.csv").read_text(encoding="utf-8")
            assert summary == (tmp_path / "summary-rw" / "summary.csv").read_text(encoding="utf-8")
            rows = {r["participant_id"]: int(r["meetings"]) for r in csv.DictReader(summary.splitlines())}
            assert rows == expected
            figures.add("storage", "read_only_reads", len(expected))

            result = run_cli("cohort", "run", str(disk / "roster.csv"), "--out", str(tmp_path / "run"),
                             "--as-of", AS_OF, "--jobs", "2", timeout=600)
            assert result.returncode == 0, result.stderr
            for name in expected:
                status = json.loads((tmp_path / "run" / name / "status.json").read_text(encoding="utf-8"))
                assert status["status"] == "ok", status
                assert status["charts"], status
            figures.add("storage", "read_only_reads", len(expected))

            # Damaged bytes are still called damaged, on read-only storage too.
            with pytest.raises(NotAWorkbookError, match="damaged"):
                Workbook.open(disk / "damaged")
        assert folder_fingerprint(disk) == before


@needs_mount
def test_a_read_only_workbook_file_in_a_writable_folder_is_read_not_written(tmp_path, figures):
    disk = tmp_path / "disk"
    with tmpfs(disk, size_kb=4096):
        folder = disk / "wb"
        confirmed = Workbook.create(folder, "Read Only File").add_many(_meeting(i) for i in range(20))
        db = folder / "workbook.sqlite"
        data = db.read_bytes()
        with read_only_file(db):
            wb = Workbook.open(folder)
            assert wb.read_only_reason == "its file is read-only to you"
            assert [m.id for m in wb.records("meetings")] == confirmed
            figures.add("storage", "read_only_reads", _read_everything(wb, tmp_path / "out"))
            with pytest.raises(WorkbookReadOnlyError, match="its file is read-only to you"):
                wb.add(_meeting(99))
            _clean_refusal(run_cli("import", "meetings", str(_write_csv(tmp_path / "m.csv", 2)), "--workbook",
                                   str(folder)), "the workbook is read-only")
            figures.add("storage", "read_only_writes_refused", 2)
            figures.add("storage", "read_only_workbooks")
        assert db.read_bytes() == data


@needs_mount
def test_an_older_schema_on_read_only_storage_is_read_without_migrating_on_disk(tmp_path, figures, monkeypatch):
    disk = tmp_path / "disk"
    with tmpfs(disk, size_kb=4096):
        folder = disk / "wb"
        confirmed = Workbook.create(folder, "Old Schema").add_many(_meeting(i) for i in range(30))
        _leave_in_wal(folder, 4)
        (folder / "workbook.sqlite-shm").unlink()
        old_version = schema.SCHEMA_VERSION

        def add_table(conn: sqlite3.Connection) -> None:
            conn.execute("CREATE TABLE mk_test_new (meeting_id INTEGER)")
            conn.execute("INSERT INTO mk_test_new SELECT id FROM meetings")

        monkeypatch.setattr(schema, "SCHEMA_VERSION", old_version + 1)
        monkeypatch.setitem(schema.MIGRATIONS, old_version, add_table)
        before = folder_fingerprint(folder)
        with read_only_storage(disk):
            wb = Workbook.open(folder)
            assert wb.read_only
            assert wb._rows("PRAGMA user_version")[0][0] == old_version + 1  # the private copy is migrated
            assert wb._rows("SELECT count(*) AS n FROM mk_test_new")[0]["n"] == len(confirmed) + 4
            assert wb.count("meetings") == len(confirmed) + 4
            figures.add("storage", "read_only_reads", 3)
            figures.add("storage", "read_only_workbooks")
        assert folder_fingerprint(folder) == before  # nothing migrated on disk
        assert int.from_bytes((folder / "workbook.sqlite").read_bytes()[60:64], "big") == old_version
        wb = Workbook.open(folder)  # writable again: now it is migrated in place
        assert not wb.read_only and wb._rows("SELECT count(*) AS n FROM mk_test_new")[0]["n"] == len(confirmed) + 4
