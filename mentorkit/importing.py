"""CSV import: every row validated first, then all rows written in one transaction.

All-or-nothing by default: one bad row rejects the file, every bad line and
field is named, and the workbook is not touched. With ``skip_invalid`` the
good rows land and the bad ones go to ``<input name>.rejects.csv``.
"""

from __future__ import annotations

import csv
import io
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from .errors import FieldProblem, InputRejectedError, RecordValidationError, RowProblem
from .model import ActionItem, Candidate, CheckIn, Meeting, Record, record_type
from .storage import atomic_file
from .store import Workbook

# What `mentorkit import KIND` accepts, and the record each row becomes.
IMPORTERS: dict[str, type[Record]] = {
    "meetings": Meeting,
    "candidates": Candidate,
    "actions": ActionItem,
    "checkins": CheckIn,
}


@dataclass
class ParsedFile:
    """An input file read and validated, not yet written."""

    path: Path
    header: list[str]
    good: list[tuple[int, dict[str, str], Record]] = field(default_factory=list)
    bad: list[tuple[int, dict[str, str] | list[str], RowProblem]] = field(default_factory=list)


@dataclass
class ImportResult:
    """What an import did: how many rows landed, which were rejected, where the rejects went."""

    path: Path
    table: str
    imported: int
    rejected: list[RowProblem]
    rejects_path: Path | None = None


def rejects_path_for(path: Path) -> Path:
    """`meetings.csv` -> `meetings.rejects.csv`, beside the input."""
    return path.with_name(f"{path.stem}.rejects.csv")


def _decode(path: Path, raw: bytes) -> tuple[str, set[int]]:
    """Decode UTF-8 (a BOM is allowed); return the text and the line numbers holding bad bytes."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    bad_lines: set[int] = set()
    for number, line in enumerate(raw.splitlines(), start=1):  # \n, \r\n or \r: as the csv reader counts
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            bad_lines.add(number)
    return raw.decode("utf-8", errors="replace"), bad_lines


class _Reader:
    """A csv reader that takes fields as long as the file, so that the models' own length
    limits name the field; a line csv cannot read rejects the file, naming the line."""

    def __init__(self, path: Path, text: str):
        self.path = path
        self._reader = csv.reader(io.StringIO(text, newline=""))
        self._limit = len(text) + 1

    @property
    def line_num(self) -> int:
        return self._reader.line_num

    def __iter__(self) -> "_Reader":
        return self

    def __next__(self) -> list[str]:
        line = self._reader.line_num + 1
        old = csv.field_size_limit(max(csv.field_size_limit(), self._limit))
        try:
            return next(self._reader)
        except csv.Error as exc:
            problem = RowProblem(line, [FieldProblem("row", f"cannot be read as CSV ({exc})")])
            raise InputRejectedError(self.path, [problem]) from None
        finally:
            csv.field_size_limit(old)


def parse_file(path: str | os.PathLike, cls: type[Record], *, allow_ids: bool = False) -> ParsedFile:
    """Read and validate a CSV file of `cls` records. Header problems reject the whole file."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputRejectedError(path, [], f"cannot read the file: {exc.strerror}") from None
    text, bad_bytes = _decode(path, raw)
    known = cls.columns() + (["id"] if allow_ids else [])
    expected = ", ".join(cls.columns())
    if not text.strip():
        raise InputRejectedError(
            path, [RowProblem(1, [FieldProblem("header", f"the file is empty; expected the columns {expected}")])],
            "the file is empty",
        )
    reader = _Reader(path, text)
    header = [h.strip() for h in next(reader)]
    problems = []
    if 1 in bad_bytes:
        problems.append(FieldProblem("header", "holds bytes that are not UTF-8 text"))
    seen: set[str] = set()
    for name in header:
        if name in seen:
            problems.append(FieldProblem(name or "header", "column appears more than once"))
        seen.add(name)
    unknown = [h for h in header if h not in known]
    if unknown:
        problems.append(FieldProblem("header", f"unknown column(s) {', '.join(map(repr, unknown))}; known: {expected}"))
    missing = [c for c in cls.required_columns() if c not in header]
    if missing:
        problems.append(FieldProblem("header", f"missing required column(s) {', '.join(missing)}"))
    if problems:
        raise InputRejectedError(path, [RowProblem(1, problems)], "the header is wrong; nothing was imported")

    parsed = ParsedFile(path, header)
    required = set(cls.required_columns())
    last_line = reader.line_num
    for cells in reader:
        line, last_line = last_line + 1, reader.line_num
        if not cells or all(not c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            problem = RowProblem(line, [FieldProblem("row", f"has {len(cells)} fields; the header has {len(header)}")])
            parsed.bad.append((line, cells, problem))
            continue
        row = dict(zip(header, cells))
        span = set(range(line, last_line + 1))
        if span & bad_bytes:
            fields = [k for k, v in row.items() if "\ufffd" in v] or ["row"]
            problem = RowProblem(line, [FieldProblem(f, "holds bytes that are not UTF-8 text") for f in fields])
            parsed.bad.append((line, row, problem))
            continue
        # A blank optional cell means "not given": the field's default applies (an empty
        # meeting_id is None, an empty `star` is false). A blank required cell stays, to be named.
        values = {k: v for k, v in row.items() if v.strip() or k in required}
        try:
            parsed.good.append((line, row, cls.parse(values)))
        except RecordValidationError as exc:
            parsed.bad.append((line, row, RowProblem(line, exc.problems)))
    return parsed


def write_rejects(parsed: ParsedFile, rejects: list[tuple[int, dict | list, RowProblem]]) -> Path:
    """Write the rejected rows, with their original columns plus `line` and `error`, atomically."""
    out = rejects_path_for(parsed.path)
    with atomic_file(out) as tmp, open(tmp, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(parsed.header + ["line", "error"])
        for line, row, problem in sorted(rejects, key=lambda item: item[0]):
            cells = [row.get(h, "") for h in parsed.header] if isinstance(row, dict) else list(row)
            cells = (cells + [""] * len(parsed.header))[: len(parsed.header)]
            writer.writerow(cells + [line, "; ".join(str(p) for p in problem.problems)])
    return out


def import_csv(
    workbook: Workbook | str | os.PathLike,
    table: str,
    path: str | os.PathLike,
    *,
    skip_invalid: bool = False,
    allow_ids: bool = False,
) -> ImportResult:
    """Import a CSV file into a workbook table; see the module docstring for the rules."""
    wb = workbook if isinstance(workbook, Workbook) else Workbook.open(workbook)
    cls = IMPORTERS.get(table) or record_type(table)
    parsed = parse_file(path, cls, allow_ids=allow_ids)
    # The good rows are written even when some are bad, so that a row pointing at a
    # missing meeting or candidate is named too; without --skip-invalid, the
    # transaction is then rolled back and nothing is saved.
    rejects = list(parsed.bad)
    imported = 0
    with wb.transaction() as writer:
        for line, row, record in parsed.good:
            writer.conn.execute("SAVEPOINT row")
            try:
                writer.add(record)
            except RecordValidationError as exc:
                writer.conn.execute("ROLLBACK TO row")
                rejects.append((line, row, RowProblem(line, exc.problems)))
            except sqlite3.IntegrityError as exc:  # a CHECK the model did not catch
                writer.conn.execute("ROLLBACK TO row")
                rejects.append((line, row, RowProblem(line, [FieldProblem("row", str(exc))])))
            else:
                imported += 1
            writer.conn.execute("RELEASE row")
        if rejects and not skip_invalid:
            raise InputRejectedError(parsed.path, [p for _, _, p in sorted(rejects, key=lambda r: r[0])])
    rejects_path = write_rejects(parsed, rejects) if rejects else None
    return ImportResult(parsed.path, cls.table, imported, [p for _, _, p in rejects], rejects_path)
