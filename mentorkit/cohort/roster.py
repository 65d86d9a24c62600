"""The cohort roster: `participant_id,workbook`, checked whole before anything runs.

Refused (`RosterError`, exit 2) when a column is missing, an id is empty, not
made of ``[A-Za-z0-9_-]``, starts with ``-`` or is repeated (ids become folder
names under the output and the first cell of each row of summary.csv, where a
leading ``-`` is a spreadsheet formula; with these characters it is the only
formula character an id could start with), or a workbook path resolves, links followed, outside the roster's
folder without ``allow_outside``. Every problem is named, by line, at once.

A workbook that is missing or unreadable is *not* a roster error: `probe`
names those participants so the run can report them together, up front,
and go on with the others.
"""

from __future__ import annotations

import csv
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ..errors import NotAWorkbookError, RosterError
from ..header import DB_NAME, check_header
from ..reading import read_connection

COLUMNS = ("participant_id", "workbook")
ID_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")


@dataclass(frozen=True)
class Participant:
    """One roster line: the id, the workbook folder (absolute, links resolved) and its line number."""

    participant_id: str
    workbook: Path
    line: int


@dataclass(frozen=True)
class Roster:
    """A checked roster: its file, its folder, and the participants in file order."""

    path: Path
    folder: Path
    participants: tuple[Participant, ...]

    @property
    def ids(self) -> list[str]:
        return [p.participant_id for p in self.participants]

    def __len__(self) -> int:
        return len(self.participants)


def read_roster(path: str | os.PathLike, *, allow_outside: bool = False) -> Roster:
    """Read and check a roster CSV; raise `RosterError` naming every bad line (see the module docstring)."""
    roster_path = Path(path).expanduser()
    try:
        with open(roster_path, newline="", encoding="utf-8-sig") as fh:
            rows = list(csv.reader(fh))
    except FileNotFoundError:
        raise RosterError(roster_path, ["no such file"]) from None
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise RosterError(roster_path, [f"cannot be read: {exc}"]) from None
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise RosterError(roster_path, ["empty: expected a header line participant_id,workbook"])
    header = [cell.strip().lower() for cell in rows[0]]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise RosterError(roster_path, [f"line 1: missing column(s) {', '.join(missing)} "
                                        f"(found: {', '.join(h for h in header if h) or 'none'})"])
    duplicated = sorted({h for h in header if h and header.count(h) > 1})
    if duplicated:
        raise RosterError(roster_path, [f"line 1: column(s) named twice: {', '.join(duplicated)}"])
    id_col, wb_col = header.index("participant_id"), header.index("workbook")
    folder = roster_path.resolve().parent
    problems: list[str] = []
    participants: list[Participant] = []
    seen: dict[str, int] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue  # blank lines are not participants
        cells = row + [""] * (len(header) - len(row))
        pid, raw = cells[id_col].strip(), cells[wb_col].strip()
        if not pid:
            problems.append(f"line {line}: participant_id is empty")
        elif not ID_PATTERN.fullmatch(pid):
            problems.append(f"line {line}: participant_id {pid!r} must be 1 to 64 of A-Z a-z 0-9 _ -")
        elif pid.startswith("-"):
            problems.append(f"line {line}: participant_id {pid!r} starts with '-': a spreadsheet would read it as "
                            "a formula in summary.csv, and a command line as an option; start it with a letter "
                            "or digit")
        elif pid.lower() in seen:
            first = seen[pid.lower()]
            how = "repeated" if any(p.participant_id == pid for p in participants) else "differs only in case from"
            problems.append(f"line {line}: participant_id {pid!r} {how} the one on line {first} "
                            "(ids name the output folders)")
        else:
            seen[pid.lower()] = line
        if not raw:
            problems.append(f"line {line}: workbook is empty")
            continue
        try:
            resolved = (folder / os.path.expanduser(raw)).resolve()  # only a leading ~ is the home folder
            is_db_file = resolved.name == DB_NAME and resolved.is_file()
        except (ValueError, RuntimeError, OSError) as exc:  # a NUL byte, a link loop, a name too long
            problems.append(f"line {line}: workbook {raw!r} is not a usable path ({exc})")
            continue
        if not allow_outside and not resolved.is_relative_to(folder):
            problems.append(f"line {line}: workbook {raw!r} resolves to {resolved}, outside the roster's folder "
                            f"{folder} (use --allow-outside to accept it)")
            continue
        if is_db_file:
            resolved = resolved.parent
        participants.append(Participant(pid, resolved, line))
    if not problems and not participants:
        problems.append("no participants: the roster has a header and no rows")
    if problems:
        raise RosterError(roster_path, problems)
    return Roster(roster_path, folder, tuple(participants))


def workbook_problem(folder: Path) -> str | None:
    """Why a workbook cannot be read (missing, not a workbook, damaged), or None when it can. Writes nothing."""
    if not folder.exists():
        return "missing: no such folder"
    if not folder.is_dir():
        return "not a folder"
    db = folder / DB_NAME
    try:
        check_header(db)
        with read_connection(db) as conn:  # read-only storage too (`mentorkit.reading`)
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            conn.execute("SELECT count(*) FROM meetings").fetchone()
    except NotAWorkbookError as exc:
        return "unreadable: " + exc.reason
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorcode", None) in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
            return f"unreadable: damaged ({exc})"
        return f"unreadable: {exc}"
    except OSError as exc:
        return f"unreadable: {exc.strerror or exc}"
    missing = {"meta", "meetings", "goals", "actions", "checkins", "agreements"} - tables
    if missing:
        return f"unreadable: missing tables {', '.join(sorted(missing))}"
    return None


def probe(roster: Roster) -> dict[str, str]:
    """The participants whose workbook is missing or unreadable, with the reason: {id: reason}."""
    out: dict[str, str] = {}
    for p in roster.participants:
        reason = workbook_problem(p.workbook)
        if reason is not None:
            out[p.participant_id] = reason
    return out
