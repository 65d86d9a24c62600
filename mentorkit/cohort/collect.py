"""`mentorkit cohort collect`: received shares, checked one by one, into a cohort folder with a roster.

A facilitator receives shares (`mentorkit share`) as folders or zip files,
from people and through channels they do not control. Each source is checked
in a private temporary folder before anything reaches the cohort folder, and
refused by name when it is:

- a link (the source itself, or a link inside its folder or its archive);
- an archive whose entry path would land outside the folder (``../x``,
  ``/etc/x``, ``C:\\x``), an encrypted or damaged archive, or one that holds
  more or less than one workbook;
- past the stated size (`MAX_BYTES`, or ``--max-mb``): the archive file, the
  sum of its entries as they declare themselves, and the bytes actually
  unpacked, which stop at the limit;
- not a mentorkit workbook, or a workbook that is not a clean share: not
  marked as one, or holding the mentee's name or text in a private field.

A refused source writes nothing. A taken one is written fresh (its rows copied
by `mentorkit.share` into a new file), so nothing but the checked rows arrives:
no free page, extra table or metadata of the received file. Its participant id
comes from the source's name, and a line is added to ``DIR/roster.csv``.
"""

from __future__ import annotations

import csv
import os
import re
import stat
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..errors import MentorkitError, NotAWorkbookError, Refusal, ShareError
from ..share import share_problems, share_workbook
from ..storage import atomic_file
from ..store import DB_NAME, check_header
from .roster import COLUMNS

MAX_BYTES = 100 * 2**20  # 100 MB: a share of years of meetings is well under 1 MB
ROSTER = "roster.csv"
_CHUNK = 2**20
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


@dataclass(frozen=True)
class Refused:
    source: Path
    reason: str


@dataclass(frozen=True)
class Taken:
    source: Path
    participant_id: str
    path: Path


@dataclass
class CollectResult:
    """What was taken (with its id and folder), what was refused and why, and the roster written."""

    roster: Path
    taken: list[Taken] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)


def participant_id(source: Path) -> str:
    """An id from a source's name: `ana-share.zip` -> `ana-share`; the roster's characters
    (`roster.ID_PATTERN`), and no leading `-`."""
    name = source.name
    for suffix in (".zip", ".sqlite"):
        name = name.removesuffix(suffix)
    pid = _UNSAFE.sub("_", name).lstrip("-_")[:64]
    return pid or "participant"


# -- reading one source into a private folder ----------------------------------------------------

def _limit_text(max_bytes: int) -> str:
    return f"the limit of {max_bytes / 2**20:g} MB"


def _copy_bounded(src, dst: Path, max_bytes: int) -> None:
    """Copy a readable stream into `dst`, stopping past `max_bytes` (an archive may lie about sizes)."""
    written = 0
    with open(dst, "wb") as out:
        while chunk := src.read(_CHUNK):
            written += len(chunk)
            if written > max_bytes:
                raise Refusal(f"unpacks past {_limit_text(max_bytes)}")
            out.write(chunk)


def _from_folder(source: Path, into: Path, max_bytes: int) -> None:
    for root, dirs, files in os.walk(source):  # links are not followed, and refused
        for name in dirs + files:
            path = Path(root, name)
            if path.is_symlink():
                raise Refusal(f"holds a link ({path.relative_to(source).as_posix()}); a share holds none")
    db = source / DB_NAME
    if not db.is_file():
        raise Refusal(f"no {DB_NAME} inside: not a workbook folder")
    size = db.stat().st_size
    if size > max_bytes:
        raise Refusal(f"{DB_NAME} is {size / 2**20:.1f} MB, past {_limit_text(max_bytes)}")
    with open(db, "rb") as fh:
        _copy_bounded(fh, into / DB_NAME, max_bytes)


def _entry_problem(info: zipfile.ZipInfo) -> str | None:
    """Why an archive entry may not be unpacked: a path leaving the folder, a link, encryption."""
    name = info.filename.replace("\\", "/")
    parts = PurePosixPath(name).parts
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name) or ".." in parts or "\x00" in name:
        return f"entry {info.filename!r} escapes the folder"
    if stat.S_ISLNK(info.external_attr >> 16):
        return f"entry {info.filename!r} is a link; a share holds none"
    if info.flag_bits & 0x1:
        return f"entry {info.filename!r} is encrypted"
    return None


def _from_zip(source: Path, into: Path, max_bytes: int) -> None:
    size = source.stat().st_size
    if size > max_bytes:
        raise Refusal(f"an archive of {size / 2**20:.1f} MB, past {_limit_text(max_bytes)}")
    try:
        with zipfile.ZipFile(source) as archive:
            infos = archive.infolist()
            for info in infos:
                problem = _entry_problem(info)
                if problem:
                    raise Refusal(problem)
            declared = sum(info.file_size for info in infos)
            if declared > max_bytes:
                raise Refusal(f"its entries add up to {declared / 2**20:.1f} MB, past {_limit_text(max_bytes)}")
            found = [i for i in infos if not i.is_dir() and PurePosixPath(i.filename.replace("\\", "/")).name == DB_NAME
                     and len(PurePosixPath(i.filename.replace("\\", "/")).parts) <= 2]
            if not found:
                raise Refusal(f"no {DB_NAME} inside (at the top or in one folder): not a workbook share")
            if len(found) > 1:
                raise Refusal(f"holds {len(found)} workbooks; send one share per archive")
            with archive.open(found[0]) as entry:
                _copy_bounded(entry, into / DB_NAME, max_bytes)
    # zipfile raises NotImplementedError for a compression method or encryption it cannot read
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError) as exc:
        raise Refusal(f"a damaged or unsupported archive ({exc})") from None


def _unpack(source: Path, into: Path, max_bytes: int) -> None:
    """Bring the source's workbook file into the private folder `into`, refusing what is unsafe."""
    if source.is_symlink():
        raise Refusal("a link; give the share itself")
    if source.is_dir():
        _from_folder(source, into, max_bytes)
    elif source.is_file():
        if zipfile.is_zipfile(source):
            _from_zip(source, into, max_bytes)
        else:
            raise Refusal("not a workbook folder or a zip archive of one")
    else:
        raise Refusal("no such file or folder")


def _check(folder: Path) -> None:
    """Refuse a file that is not a workbook, or a workbook that is not a clean share."""
    try:
        check_header(folder / DB_NAME)
        problems = share_problems(folder)
    except NotAWorkbookError as exc:
        raise Refusal(f"not a mentorkit workbook ({exc.reason})") from None
    if problems:
        raise Refusal("; ".join(problems))


# -- the roster ------------------------------------------------------------------------------

def _read_roster_ids(path: Path) -> tuple[list[list[str]], set[str]]:
    """The rows of an existing roster (header first) and its ids in lower case; a new one when missing."""
    if not path.exists():
        return [list(COLUMNS)], set()
    with open(path, newline="", encoding="utf-8-sig") as fh:
        rows = [row for row in csv.reader(fh) if any(cell.strip() for cell in row)]
    header = [c.strip().lower() for c in rows[0]] if rows else []
    if any(column not in header for column in COLUMNS):
        raise MentorkitError(f"{path}: not a roster (columns {', '.join(COLUMNS)} expected); "
                             "collect into another folder")
    index = header.index("participant_id")
    return rows, {row[index].strip().lower() for row in rows[1:] if len(row) > index}


def _write_roster(path: Path, rows: list[list[str]]) -> None:
    with atomic_file(path) as tmp, open(tmp, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


# -- the whole collection --------------------------------------------------------------------

def collect(sources: list[str | os.PathLike], out: str | os.PathLike, *, max_bytes: int = MAX_BYTES,
            echo=None) -> CollectResult:
    """Check each source and take the clean shares into `out` (see the module docstring).

    Ids already in `out`'s roster are refused, so a share sent twice is not counted twice.
    """
    target = Path(out).expanduser()
    roster = target / ROSTER
    rows, ids = _read_roster_ids(roster)
    existed = target.exists()
    result = CollectResult(roster)
    header = [c.strip().lower() for c in rows[0]]
    for raw in sources:
        source = Path(raw).expanduser()
        pid = participant_id(source)
        try:
            if pid.lower() in ids or (target / pid).exists():
                raise Refusal(f"participant id {pid!r} is already in {target} (sent twice?); "
                              "rename the file to take it under another id")
            with tempfile.TemporaryDirectory(prefix="mentorkit-collect-") as tmp:
                received = Path(tmp) / "received"
                received.mkdir()
                _unpack(source, received, max_bytes)
                _check(received)
                try:
                    written = share_workbook(received, target / pid).path  # rows copied fresh, nothing else
                except ShareError as exc:  # rows that fail SQLite's checks, such as a reference to nothing
                    raise Refusal(f"its rows do not make a sound workbook: {exc.reason}") from None
        except Refusal as exc:
            if not existed and target.is_dir() and not any(target.iterdir()):
                target.rmdir()  # made for this source only: a refused source leaves nothing
            result.refused.append(Refused(source, str(exc)))
            if echo:
                echo(f"refused {source}: {exc}", err=True)
            continue
        ids.add(pid.lower())
        row = [""] * len(header)
        row[header.index("participant_id")] = pid
        row[header.index("workbook")] = pid
        rows.append(row)
        _write_roster(roster, rows)  # after each share: the roster always lists what is in the folder
        result.taken.append(Taken(source, pid, written))
        if echo:
            echo(f"took {source} as {pid}")
    return result

