"""CSV export, one file per table, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import os
from pathlib import Path

from .frames import column_kinds
from .model import RECORD_TYPES, Record
from .storage import atomic_file, make_folder
from .store import Workbook

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Prefix a text cell that a spreadsheet would run as a formula with `'`."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _cell(value, kind: str):
    if value is None:
        return ""
    if kind == "bool":
        return "true" if value else "false"
    if kind == "list":
        return neutralise(";".join(value))
    if kind == "text":
        return neutralise(str(value))
    if kind == "date":
        return value.isoformat()
    return value


def rows_for(cls: type[Record], records: list[Record]) -> list[list]:
    kinds = column_kinds(cls)
    return [[_cell(getattr(r, name), kinds[name]) for name in cls.model_fields] for r in records]


def export_csv(workbook: Workbook | str | os.PathLike, out_dir: str | os.PathLike) -> list[Path]:
    """Write `<table>.csv` for every table of the workbook into `out_dir`; return the paths."""
    wb = workbook if isinstance(workbook, Workbook) else Workbook.open(workbook)
    out = make_folder(out_dir)
    written = []
    for table, cls in RECORD_TYPES.items():
        path = out / f"{table}.csv"
        rows = rows_for(cls, wb.records(table))
        with atomic_file(path) as tmp, open(tmp, "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(list(cls.model_fields))
            writer.writerows(rows)
        written.append(path)
    return written
