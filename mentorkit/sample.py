"""The shipped sample data: load its text folders into real workbooks.

`data/demo/` is one fictional mentee's year and `data/cohort/` a fictional
cohort; both are written by `scripts/make_sample_data.py` and ship inside the
package (`mentorkit.resources.data_dir`). A text folder has one
CSV per table (named after the table, with an `id` column so cross-references
hold) and `meta.csv` (key,value). Loading goes through the same validation as
`mentorkit import`, in one transaction.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
from pathlib import Path

from .errors import (
    InputRejectedError,
    MentorkitError,
    RecordValidationError,
    RowProblem,
    SampleDataError,
    WorkbookExistsError,
)
from .folders import replacing_folder
from .importing import parse_file
from .model import RECORD_TYPES, Profile
from .resources import REINSTALL
from .resources import data_dir as _shipped_data
from .storage import atomic_file
from .store import DB_NAME, EXPORTS, Workbook, check_header

DEMO_AS_OF = dt.date(2026, 11, 15)  # the date the sample story is told as of
PARTICIPANTS = "participants.csv"  # the sample cohort's list of text folders (participant_id,folder): not a roster
SAMPLE_KEY = "sample_source"  # meta key marking a workbook built from sample data (safe to rebuild)
_REPLACEABLE = {DB_NAME, f"{DB_NAME}-wal", f"{DB_NAME}-shm", EXPORTS}


def data_dir() -> Path:
    """The shipped sample data's folder, holding `demo/` and `cohort/`."""
    folder = _shipped_data()
    if not (folder / "demo" / "meta.csv").is_file() or not (folder / "cohort" / PARTICIPANTS).is_file():
        raise SampleDataError(
            f"{folder}: the sample data is incomplete; {REINSTALL} "
            "(in a source checkout: python scripts/make_sample_data.py)"
        )
    return folder


def read_meta(folder: str | os.PathLike) -> dict[str, str]:
    """A text folder's `meta.csv` as a dict (mentee_name, as_of)."""
    path = Path(folder) / "meta.csv"
    try:
        with open(path, newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
    except (OSError, UnicodeDecodeError) as exc:
        raise SampleDataError(f"{path}: cannot be read ({exc})") from None
    if rows and set(rows[0]) != {"key", "value"}:
        raise SampleDataError(f"{path}: expected the columns key,value")
    return {row["key"]: row["value"] for row in rows}


def load_folder(folder: str | os.PathLike, workbook: Workbook) -> dict[str, int]:
    """Load every table file of a text folder into `workbook` in ONE transaction; returns counts per table.

    A bad row anywhere raises `InputRejectedError` naming the file, line and field, and nothing is saved.
    Missing table files count as empty tables.
    """
    folder = Path(folder)
    parsed = []
    for table, cls in RECORD_TYPES.items():  # in dependency order: goals before goal_levels, ...
        path = folder / f"{table}.csv"
        if not path.exists():
            continue
        result = parse_file(path, cls, allow_ids=True)
        if result.bad:
            raise InputRejectedError(path, [problem for _, _, problem in result.bad])
        parsed.append((table, result))
    counts = {table: 0 for table in RECORD_TYPES}
    with workbook.transaction() as writer:
        for table, result in parsed:
            for line, _row, record in result.good:
                try:
                    if isinstance(record, Profile):
                        writer.set_profile(record)
                    else:
                        writer.add(record)
                except RecordValidationError as exc:
                    raise InputRejectedError(result.path, [RowProblem(line, exc.problems)]) from None
                counts[table] += 1
        source = folder.name if folder.name else str(folder)
        writer.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (SAMPLE_KEY, source))
    return counts


def _is_sample_workbook(folder: Path) -> bool:
    """True for a folder holding only a workbook built from sample data (and its exports)."""
    if not folder.is_dir() or not {p.name for p in folder.iterdir()} <= _REPLACEABLE:
        return False
    try:
        check_header(folder / DB_NAME)
        return SAMPLE_KEY in Workbook.open(folder).meta()
    except MentorkitError:
        return False


def build_workbook(text_folder: Path, target: str | os.PathLike, *, replace: bool = False) -> Workbook:
    """Build a workbook at `target` from a text folder, atomically.

    The workbook is built beside `target` and moved into place when complete, so
    a failure leaves nothing half-built. An existing `target` is replaced only with
    `replace=True` and only when it is a workbook built from sample data; any
    other non-empty folder is refused with `WorkbookExistsError`.
    """
    target = Path(target).expanduser().absolute()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        if not (replace and _is_sample_workbook(target)):
            raise WorkbookExistsError(f"{target}: already exists and is not a sample workbook; refusing to touch it")
    name = read_meta(text_folder).get("mentee_name", "").strip() or "Sample mentee"
    with replacing_folder(target, replace=replace) as building:
        load_folder(text_folder, Workbook.create(building, name))
    return Workbook.open(target)


def build_demo(folder: str | os.PathLike) -> Workbook:
    """Create the demo mentee's workbook in `folder` (which must be new or empty) from `data/demo`.

    When another process builds the same sample workbook at the same moment, the
    one that finishes second opens the first one's workbook instead of failing.
    """
    target = Path(folder)
    try:
        return build_workbook(data_dir() / "demo", target)
    except (WorkbookExistsError, OSError):
        if _is_sample_workbook(target):
            return Workbook.open(target)
        raise


def read_participants(path: Path) -> list[tuple[str, str]]:
    """(participant_id, text folder) pairs of the sample cohort's `participants.csv`."""
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames != ["participant_id", "folder"]:
            raise SampleDataError(f"{path}: expected the columns participant_id,folder")
        return [(row["participant_id"], row["folder"]) for row in reader]


def build_cohort(out_dir: str | os.PathLike) -> Path:
    """One workbook per sample participant under `out_dir/<participant_id>/`, plus `out_dir/roster.csv`.

    Rebuilds participants' sample workbooks already there; refuses any other
    non-empty folder in their place. Returns the roster's path; its workbook
    paths are relative to the roster's folder.
    """
    source = data_dir() / "cohort"
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rows = read_participants(source / PARTICIPANTS)
    for participant_id, folder in rows:
        build_workbook(source / folder, out / participant_id, replace=True)
    roster = out / "roster.csv"
    with atomic_file(roster) as tmp, open(tmp, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["participant_id", "workbook"])
        writer.writerows([participant_id, participant_id] for participant_id, _ in rows)
    return roster


__all__ = [
    "DEMO_AS_OF", "SampleDataError", "build_cohort", "build_demo", "build_workbook", "data_dir", "load_folder",
    "read_meta",
]
