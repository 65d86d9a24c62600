"""Faults survived: corrupt and foreign files are refused with a clear error and left byte-for-byte as they were.

Each case damages a copy of a real workbook, then tries `Workbook.open`,
`mentorkit export csv` and `mentorkit import meetings` on it. All three must
fail with a message naming the file and the reason (on stderr, exit 1, no
traceback) and every file in the folder must be unchanged afterwards.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import sqlite3
from pathlib import Path
from typing import Callable

import pytest

from mentorkit import Meeting, NotAWorkbookError, Workbook, schema

from .helpers import folder_fingerprint, run_cli

DB = "workbook.sqlite"


@pytest.fixture(scope="module")
def healthy(tmp_path_factory) -> Path:
    """A workbook of a few hundred meetings spread over many pages, closed (no log left)."""
    folder = tmp_path_factory.mktemp("healthy") / "wb"
    wb = Workbook.create(folder, "Corrupt Files")
    wb.add_many(
        Meeting(date=dt.date(2024, 1, 1) + dt.timedelta(days=i), duration_min=30, mode="video", notes=f"meeting {i} " * 40)
        for i in range(300)
    )
    return folder


def _page_size(db: Path) -> int:
    size = int.from_bytes(db.read_bytes()[16:18], "big")
    return 65536 if size == 1 else size


def _cut(at: Callable[[Path], int]) -> Callable[[Path], None]:
    def damage(folder: Path) -> None:
        db = folder / DB
        data = db.read_bytes()
        db.write_bytes(data[: at(db)])

    return damage


def _random_bytes(folder: Path) -> None:
    db = folder / DB
    db.write_bytes(random.Random(8).randbytes(db.stat().st_size))


def _damaged_pages(folder: Path) -> None:
    """Keep the first page (a valid header and catalogue), scramble every later one."""
    db = folder / DB
    data = db.read_bytes()
    page = _page_size(db)
    db.write_bytes(data[:page] + random.Random(9).randbytes(len(data) - page))


def _header_int(offset: int, value: int) -> Callable[[Path], None]:
    def damage(folder: Path) -> None:
        db = folder / DB
        data = bytearray(db.read_bytes())
        data[offset : offset + 4] = value.to_bytes(4, "big")
        db.write_bytes(bytes(data))

    return damage


def _foreign(folder: Path) -> None:
    """A SQLite file with the very same tables, but not marked as a mentorkit workbook."""
    db = folder / DB
    db.unlink()
    conn = sqlite3.connect(db, isolation_level=None)
    conn.executescript(schema.DDL_V1)
    conn.execute("INSERT INTO meta VALUES ('mentee_name', 'someone else')")
    conn.execute("PRAGMA user_version = 1")
    conn.close()


def _empty(folder: Path) -> None:
    (folder / DB).write_bytes(b"")


def _directory(folder: Path) -> None:
    (folder / DB).unlink()
    (folder / DB).mkdir()
    (folder / DB / "note.txt").write_text("a folder where the workbook file should be\n")


def _missing(folder: Path) -> None:
    (folder / DB).unlink()


# name -> (damage, a word the error must contain)
CASES: dict[str, tuple[Callable[[Path], None], str]] = {
    "truncated inside the header": (_cut(lambda db: 50), "not a SQLite database"),
    "truncated right after the header": (_cut(lambda db: 100), "truncated"),
    "truncated to its first page": (_cut(_page_size), "truncated"),
    "truncated mid-page": (_cut(lambda db: 3 * _page_size(db) + 1234), "truncated"),
    "truncated to half": (_cut(lambda db: db.stat().st_size // 2), "truncated"),
    "one page short": (_cut(lambda db: db.stat().st_size - _page_size(db)), "truncated"),
    "one byte short": (_cut(lambda db: db.stat().st_size - 1), "truncated"),
    "random bytes": (_random_bytes, "not a SQLite database"),
    "damaged pages behind a valid header": (_damaged_pages, "damaged"),
    "a newer schema": (_header_int(60, schema.SCHEMA_VERSION + 1), "newer mentorkit"),
    "a SQLite file that is not a workbook": (_foreign, "not a mentorkit workbook"),
    "a workbook never finished (schema 0)": (_header_int(60, 0), "never finished"),
    "an empty file": (_empty, "not a SQLite database"),
    "a directory named workbook.sqlite": (_directory, "cannot be read"),
    "no workbook.sqlite at all": (_missing, "not a mentorkit workbook"),
}


def _clear(message: str, reason: str, folder: Path) -> list[str]:
    """What is wrong with an error message: it must name the folder and the reason, in a line or two."""
    problems = []
    if "Traceback" in message:
        problems.append("a traceback")
    if folder.name not in message:
        problems.append("does not name the workbook")
    if reason not in message:
        problems.append(f"does not say {reason!r}")
    if len(message.strip().splitlines()) > 2:
        problems.append("longer than two lines")
    return problems


@pytest.mark.parametrize("case", list(CASES))
def test_corrupt_or_foreign_file_is_refused_and_untouched(case, healthy, tmp_path, figures):
    damage, reason = CASES[case]
    folder = tmp_path / "wb"
    shutil.copytree(healthy, folder)
    damage(folder)
    before = folder_fingerprint(folder)
    good_csv = tmp_path / "meetings.csv"
    good_csv.write_text("date,duration_min,mode,notes\n2024-05-01,30,video,fine\n", encoding="utf-8")

    with pytest.raises(NotAWorkbookError) as caught:
        Workbook.open(folder)
    problems = {"Workbook.open": _clear(str(caught.value), reason, folder)}
    runs = {
        "export csv": run_cli("export", "csv", str(folder), "--out", str(tmp_path / "out")),
        "import meetings": run_cli("import", "meetings", str(good_csv), "--workbook", str(folder)),
    }
    for verb, run in runs.items():
        problems[verb] = _clear(run.stderr, reason, folder)
        if run.returncode != 1:
            problems[verb].append(f"exit {run.returncode}")
        if not run.stderr.startswith("mentorkit: error: "):
            problems[verb].append("not a mentorkit error on stderr")
    after = folder_fingerprint(folder)
    refused = not any(problems.values())

    figures.add("faults", "corrupt_files", 1)
    figures.add("faults", "corrupt_refused", int(refused))
    figures.add("faults", "corrupt_unchanged", int(after == before))
    figures.add("faults", "corrupt_attempts", 1 + len(runs))
    figures.add("faults", "corrupt_truncations", int(case.startswith("truncated") or case.endswith("short")))

    assert {verb: p for verb, p in problems.items() if p} == {}, {v: r.stderr for v, r in runs.items()}
    assert after == before
    assert not (tmp_path / "out").exists(), "export wrote something for a workbook it refused"
