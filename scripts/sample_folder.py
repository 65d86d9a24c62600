"""One sample mentee as text: records validated through mentorkit's models, rendered as CSV.

Used by `make_sample_data.py`. Every record is built with `Record.parse`, so a
story that breaks a model rule fails while generating, naming the field.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from mentorkit.model import RECORD_TYPES, Record


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return str(value)


def render_csv(header: list[str], rows: list[list[str]]) -> str:
    """CSV text with Unix line ends, so the files diff cleanly in git."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


class SampleFolder:
    """The tables of one mentee, each record validated and given the next id of its table."""

    def __init__(self, mentee_name: str, as_of: dt.date):
        self.mentee_name = mentee_name
        self.as_of = as_of
        self.tables: dict[str, list[Record]] = {name: [] for name in RECORD_TYPES}

    def add(self, table: str, **fields: Any) -> int:
        """Validate one record and append it; returns its id."""
        cls = RECORD_TYPES[table]
        rows = self.tables[table]
        record_id = 1 if table == "profile" else len(rows) + 1
        if table == "profile" and rows:
            raise ValueError("a mentee has one profile")
        record = cls.parse({"id": record_id, **fields})
        self._check_refs(record)
        rows.append(record)
        return record_id

    def _check_refs(self, record: Record) -> None:
        refs = {"goal_id": "goals", "candidate_id": "candidates", "meeting_id": "meetings"}
        for field, table in refs.items():
            value = getattr(record, field, None)
            if value is not None and not any(r.id == value for r in self.tables[table]):
                raise ValueError(f"{record.table}: {field}={value} refers to no {table} row")
        for name, value in record:
            if isinstance(value, dt.date) and value > self.as_of and not _may_be_future(record.table, name):
                raise ValueError(f"{record.table}.{name}={value} lies after the story's as_of {self.as_of}")

    def files(self) -> dict[str, str]:
        """File name -> CSV text: one file per table plus `meta.csv`."""
        out = {"meta.csv": render_csv(["key", "value"], [["mentee_name", self.mentee_name],
                                                         ["as_of", self.as_of.isoformat()]])}
        for table, cls in RECORD_TYPES.items():
            header = ["id"] + cls.columns()
            rows = []
            for record in self.tables[table]:
                dumped = record.model_dump()
                rows.append([_cell(dumped[name]) for name in header])
                again = cls.parse({k: v for k, v in zip(header, rows[-1]) if v != ""})
                if again != record:
                    raise ValueError(f"{table} row {record.id} does not survive a CSV round trip")
            out[f"{table}.csv"] = render_csv(header, rows)
        return out


def _may_be_future(table: str, field: str) -> bool:
    """Dates that are plans rather than facts may lie after as_of."""
    return (table, field) in {
        ("actions", "due"),
        ("actions", "renegotiated_due"),
        ("interviews", "follow_up_on"),
    }
