"""`mentorkit share`: a workbook folder for a facilitator that holds metrics only.

A facilitator's cohort run needs dates, numbers and status codes, never what
the mentee wrote. A share is made so that it cannot hold those words:

- a new SQLite file is created and the rows are copied into it column by
  column; every private text field (`model.PRIVATE_TEXT`, declared on the
  fields) is written empty, or as a neutral label where the field may not be
  empty (`goal 1`, `candidate 3`: `model.SHARE_LABELS`), and the mentee's
  name is empty. The private words never enter the new file, so no free
  page, journal or log of it can hold them, nor a row deleted earlier;
- the file is a single file (rollback journal, not WAL) and its `meta`
  table carries the key `store.SHARE_META_KEY`, so `Workbook.open` reads it
  and never writes it.

The source workbook is only read. `preview` shows the mentee, before sending,
what would be withheld (counts by table and field, never content) and what
the facilitator would see.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import json
import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__, schema
from .dates import as_of_date
from .errors import ShareError
from .folders import new_workbook_folder
from .metrics import participant_row
from .model import PRIVATE_TEXT, TABLES, neutral_label
from .store import SHARE_META_KEY, Workbook

# The meta keys a share carries; every other key of the source (the name, sample marks, ids) stays behind.
SHARE_META = ("mentee_name", "created_by", SHARE_META_KEY)


@dataclass
class WithheldCounts:
    """What a share leaves out, counted by table and field: `{"meetings.notes": 4}`; never the text."""

    fields: dict[str, int] = field(default_factory=dict)
    name: bool = False  # the mentee's name
    meta_keys: list[str] = field(default_factory=list)  # other meta entries left behind
    deleted_pages: int = 0  # free pages of the source (left-overs of deleted rows); none are copied

    def lines(self) -> list[str]:
        """One line per withheld table and field, with its count."""
        out = ["  meta.mentee_name: the name"] if self.name else []
        out += [f"  {key}: {n} value(s)" for key, n in sorted(self.fields.items())]
        if self.meta_keys:
            out.append(f"  meta: {len(self.meta_keys)} other entr{'y' if len(self.meta_keys) == 1 else 'ies'} "
                       f"({', '.join(sorted(self.meta_keys))})")
        if self.deleted_pages:
            out.append(f"  {self.deleted_pages} free page(s) of deleted data: not copied")
        return out or ["  nothing: no private text in this workbook"]


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


def _count_withheld(conn: sqlite3.Connection) -> WithheldCounts:
    """Count the non-empty private values of a workbook (through a read-only connection)."""
    out = WithheldCounts()
    meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    out.name = bool((meta.get("mentee_name") or "").strip())
    out.meta_keys = [k for k in meta if k not in SHARE_META]
    out.deleted_pages = conn.execute("PRAGMA freelist_count").fetchone()[0]
    for table in TABLES:
        present = set(_columns(conn, table))
        for column in PRIVATE_TEXT[table]:
            if column not in present:
                continue
            n = 0
            for row_id, value in conn.execute(f"SELECT id, {column} FROM {table}"):
                if isinstance(value, str) and value.strip() and value != neutral_label(table, column, row_id):
                    n += 1
                elif value is not None and not isinstance(value, str):
                    n += 1
            if n:
                out.fields[f"{table}.{column}"] = n
    return out


def _copy_rows(src: sqlite3.Connection, dst: sqlite3.Connection) -> None:
    """Copy every table's rows into `dst`, private text emptied or labelled (the caller holds the transaction)."""
    for table in TABLES:
        source = _columns(src, table)
        target = set(_columns(dst, table))
        kept = [c for c in source if c in target]
        if not kept:  # a table the source's older schema does not have yet
            continue
        private = set(PRIVATE_TEXT[table])
        select = ", ".join("id" if c == "id" else ("NULL" if c in private else c) for c in kept)
        marks = ", ".join("?" for _ in kept)
        insert = f"INSERT INTO {table} ({', '.join(kept)}) VALUES ({marks})"
        rows = src.execute(f"SELECT {select} FROM {table} ORDER BY id")
        for row in rows:
            values = list(row)
            row_id = values[kept.index("id")]
            for i, column in enumerate(kept):
                if column in private:
                    values[i] = neutral_label(table, column, row_id)
            dst.execute(insert, values)


def _write_share(wb: Workbook, db: Path) -> WithheldCounts:
    """Create the share's file at `db` from the workbook `wb`; return what was withheld."""
    with closing(wb._connect(readonly=True)) as src, closing(sqlite3.connect(db, isolation_level=None)) as dst:
        src.execute("BEGIN")  # one read transaction: one moment of the workbook
        withheld = _count_withheld(src)
        dst.execute("PRAGMA journal_mode = DELETE")  # one file: no -wal beside it
        dst.execute("PRAGMA foreign_keys = OFF")  # rows arrive in table order, references checked below
        dst.execute("BEGIN")
        schema.create_schema(dst)
        _copy_rows(src, dst)
        made = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        marker = json.dumps({"made_at": made, "by": f"mentorkit {__version__}", "metrics_only": True})
        dst.executemany("INSERT INTO meta(key, value) VALUES (?, ?)",
                        [("mentee_name", ""), ("created_by", f"mentorkit {__version__}"), (SHARE_META_KEY, marker)])
        dst.execute("COMMIT")
        src.execute("COMMIT")
        problems = dst.execute("PRAGMA foreign_key_check").fetchall()
        health = dst.execute("PRAGMA quick_check(1)").fetchone()[0]
    if problems:
        table, row_id, parent, _ = problems[0]
        raise ShareError(wb.path, f"{len(problems)} row(s) refer to nothing (first: {table} {row_id} -> {parent})")
    if health != "ok":
        raise ShareError(wb.path, f"the copy did not pass SQLite's check ({health})")
    return withheld


@dataclass
class ShareResult:
    """A share written: its folder and what was withheld."""

    path: Path
    withheld: WithheldCounts


def share_workbook(workbook: str | os.PathLike, out: str | os.PathLike) -> ShareResult:
    """Write the metrics-only share of `workbook` as the new folder `out` (see the module docstring).

    Refuses an `out` that exists. The folder is built beside `out` under a hidden
    name and renamed when complete, so `out` is the whole share or absent.
    """
    wb, _version = Workbook.inspect(workbook)  # checked as `open` does; an older schema is read as stored
    with new_workbook_folder(out, "a share", usual_mode=True) as db:
        try:
            withheld = _write_share(wb, db)
        except sqlite3.IntegrityError as exc:  # a row the current schema refuses (a hand-made file)
            raise ShareError(wb.path, f"a row breaks the workbook's rules ({exc})") from None
    return ShareResult(Path(out).expanduser(), withheld)


@functools.cache
def _layout() -> dict[str, frozenset[str]]:
    """The tables and columns of a workbook of the current schema."""
    with closing(sqlite3.connect(":memory:")) as conn:
        schema.create_schema(conn)
        return {name: frozenset(_columns(conn, name)) for (name,) in
                conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _unknown_layout(conn: sqlite3.Connection) -> list[str]:
    """Tables or columns that no mentorkit schema has (a share made by hand could hide text there)."""
    layout = _layout()
    out = []
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"):
        if name not in layout:
            out.append(f"table {name}")
        else:
            out += [f"column {name}.{c}" for c in _columns(conn, name) if c not in layout[name]]
    return out


def share_problems(folder: str | os.PathLike) -> list[str]:
    """Why a workbook folder is not a clean share (not marked, private text, the name), by field; [] when it is."""
    wb, _version = Workbook.inspect(folder)
    with closing(wb._connect(readonly=True)) as conn:
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        found = _count_withheld(conn)
        unknown = _unknown_layout(conn)
    problems = [] if SHARE_META_KEY in meta else ["not marked as a share (make one with `mentorkit share`)"]
    if unknown:
        problems.append(f"holds what no workbook has ({', '.join(unknown)})")
    if found.name:
        problems.append("holds the mentee's name (meta.mentee_name)")
    if found.fields:
        problems.append(f"holds private text in {len(found.fields)} field(s): "
                        + ", ".join(f"{key} ({n})" for key, n in sorted(found.fields.items())))
    if found.meta_keys:
        problems.append(f"holds other metadata ({', '.join(sorted(found.meta_keys))})")
    return problems


# -- the preview -------------------------------------------------------------------------------

@dataclass(repr=False)
class SharePreview:
    """What a share of a workbook would withhold and what a facilitator would see; displays in a notebook."""

    withheld: WithheldCounts
    kept: dict[str, tuple[int, list[str]]]  # table -> (rows, columns a facilitator sees)
    summary: dict[str, str]  # the workbook's row of summary.csv, as the facilitator would get it (no id)

    def __str__(self) -> str:
        lines = ["Withheld from the share (counts only):", *self.withheld.lines(),
                 "What a facilitator would see:"]
        for table, (rows, columns) in self.kept.items():
            lines.append(f"  {table}: {rows} row(s); {', '.join(columns) or 'no columns'}")
        lines.append("Their cohort summary row:")
        lines += [f"  {key}: {value}" for key, value in self.summary.items()]
        return "\n".join(lines)

    __repr__ = __str__  # the plain-text view in a notebook: the same lines as the command prints

    def _repr_html_(self) -> str:
        def rows(pairs):
            return "".join(f"<tr><td>{html.escape(str(a))}</td><td>{html.escape(str(b))}</td></tr>" for a, b in pairs)

        withheld = [(k, f"{n} value(s)") for k, n in sorted(self.withheld.fields.items())]
        if self.withheld.name:
            withheld.insert(0, ("meta.mentee_name", "the name"))
        if self.withheld.deleted_pages:
            withheld.append(("deleted data", f"{self.withheld.deleted_pages} free page(s), not copied"))
        kept = [(t, f"{n} row(s): {', '.join(c)}") for t, (n, c) in self.kept.items()]
        summary = list(self.summary.items())
        return ("<div class='mentorkit-share-preview'>"
                "<h4>Withheld (counts only, never the words)</h4>"
                f"<table>{rows(withheld) or '<tr><td>nothing to withhold</td></tr>'}</table>"
                f"<h4>What a facilitator would see</h4><table>{rows(kept)}</table>"
                f"<h4>Your row of the cohort summary</h4><table>{rows(summary)}</table></div>")


def preview(workbook: str | os.PathLike | Workbook, as_of: dt.date | None = None) -> SharePreview:
    """What `share_workbook` would withhold and what a facilitator would see. Writes nothing.

    The summary row is `metrics.participant_row`: the same cells as the facilitator's summary.csv.
    """
    if isinstance(workbook, Workbook):
        wb, version = workbook, schema.SCHEMA_VERSION  # opened, so at the current schema
    else:
        wb, version = Workbook.inspect(workbook)
    with closing(wb._connect(readonly=True)) as conn:
        withheld = _count_withheld(conn)
        kept = {}
        for table in TABLES:
            present = _columns(conn, table)  # none: a table an older schema does not have yet
            columns = [c for c in present if c not in PRIVATE_TEXT[table] and c != "id"]
            rows = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] if present else 0
            kept[table] = (rows, columns)
    if version < schema.SCHEMA_VERSION:  # the rules read the current schema: a private copy migrated, not the file
        wb._source = wb._migrated_copy(version)
    row = participant_row(wb, as_of_date(as_of))
    row.pop("participant_id")
    return SharePreview(withheld, kept, row)
