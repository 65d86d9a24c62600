"""Hostile inputs tried: every importer and every record validator, fed by hypothesis.

The rules checked, for each generated input:
- a rejection names the line (importers) and the field; it is a mentorkit
  error, never a stray exception;
- after a rejection, every file of the workbook is byte-for-byte unchanged;
- an accepted row or record reads back exactly as it was validated.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from mentorkit import Candidate, Goal, InputRejectedError, Meeting, RecordValidationError, Workbook
from mentorkit.importing import IMPORTERS, import_csv, rejects_path_for
from mentorkit.model import RECORD_TYPES, Profile, Record

from .helpers import folder_fingerprint
from .strategies import HOSTILE_ANY, HOSTILE_TEXT, as_cell, valid_value

IMPORT_EXAMPLES = 80
HEADER_EXAMPLES = 30
RECORD_EXAMPLES = 60
SETTINGS = dict(
    deadline=None,
    database=None,  # nothing written into the shared checkout
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
MARK = "\ue000"  # stands in for bytes that are not UTF-8 until the row is encoded
BAD_BYTES = [b"\xff", b"\xc3(", b"\xe9t\xe9", b"\xed\xa0\x80", b"\xf0\x9f\x98", b"\x80abc"]
LINE_BREAK = re.compile(rb"\r\n|\r|\n")


def seeded_workbook(folder) -> tuple[Workbook, dict[str, list[int]]]:
    """A workbook with two goals, candidates and meetings to point at, and the ids to use."""
    wb = Workbook.create(folder, "Hostile Input")
    goals = wb.add_many([Goal(title=f"goal {i}") for i in range(2)])
    candidates = wb.add_many(
        [Candidate.parse(dict(name=f"c{i}", organization="o", same_organization=False, relationship="never_met",
                              respect=3, values_fit=3, path_similarity=3)) for i in range(2)]
    )
    meetings = wb.add_many([Meeting(date=dt.date(2024, 1, i + 1), duration_min=30, mode="video") for i in range(2)])
    return wb, {"goal_id": goals, "candidate_id": candidates, "meeting_id": meetings}


def read_csv(path) -> list[dict[str, str]]:
    """Rows of a CSV file whose fields may be longer than the csv module's default limit."""
    old = csv.field_size_limit(10**8)
    try:
        with open(path, newline="", encoding="utf-8") as fh:
            return list(csv.DictReader(fh))
    finally:
        csv.field_size_limit(old)


def max_id(wb: Workbook, table: str) -> int:
    return max((r.id for r in wb.records(table)), default=0)


# -- importers: rows --------------------------------------------------------------------------------


@dataclass
class Row:
    line: int
    cells: list[str]
    bytes_in: str | None = None  # the column holding bytes that are not UTF-8
    miscounted: bool = False


@dataclass
class CsvCase:
    header: list[str]
    rows: list[Row]
    content: bytes
    skip_invalid: bool

    def __repr__(self) -> str:  # a short form: generated files can be megabytes long
        shown = self.content if len(self.content) < 400 else self.content[:300] + b"..." + self.content[-60:]
        return f"CsvCase(header={self.header}, skip_invalid={self.skip_invalid}, {len(self.content)} bytes: {shown!r})"


def _clean(text: str) -> str:
    """Generated text minus the two characters the test gives a meaning to."""
    return text.replace(MARK, "?").replace("\ufffd", "?")


@st.composite
def csv_files(draw, cls: type[Record], refs: dict[str, list[int]]) -> CsvCase:
    required = cls.required_columns()
    optional = [c for c in cls.columns() if c not in required]
    columns = draw(st.permutations(required + draw(st.lists(st.sampled_from(optional), unique=True))))
    header = [f" {c} " if draw(st.integers(0, 9)) == 0 else c for c in columns]
    hostile_percent = draw(st.sampled_from([0, 3, 10, 40]))
    ending = draw(st.sampled_from(["\n", "\r\n"]))
    quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
    rows: list[Row] = []
    for _ in range(draw(st.integers(0, 6))):
        cells = []
        for name in columns:
            if draw(st.integers(0, 99)) < hostile_percent:
                cells.append(_clean(draw(HOSTILE_TEXT)))
            else:
                optional_blank = name in optional and draw(st.integers(0, 3)) == 0
                cells.append("" if optional_blank else _clean(as_cell(draw(valid_value(cls, name, refs)))))
        row = Row(0, cells)
        mutation = draw(st.sampled_from(["none"] * 8 + ["extra", "missing", "bytes", "blank"]))
        if mutation == "extra":
            row.cells.append(draw(st.sampled_from(["", "x", "extra, field"])))
            row.miscounted = True
        elif mutation == "missing":
            row.cells.pop()
            row.miscounted = True
        elif mutation == "bytes":
            j = draw(st.integers(0, len(columns) - 1))
            row.cells[j] += MARK
            row.bytes_in = columns[j]
        elif mutation == "blank":
            row.cells = [draw(st.sampled_from(["", " ", "  "])) for _ in columns]
        rows.append(row)

    def encode(cells: list[str]) -> bytes:
        buffer = io.StringIO()
        # csv quotes a field holding its own line ending only: quote every field of a row with a line break
        breaks = any("\r" in c or "\n" in c for c in cells)
        csv.writer(buffer, lineterminator=ending, quoting=csv.QUOTE_ALL if breaks else quoting).writerow(cells)
        return buffer.getvalue().encode("utf-8")

    content = (b"\xef\xbb\xbf" if draw(st.booleans()) else b"") + encode(header)
    for row in rows:
        row.line = 1 + len(LINE_BREAK.findall(content.removeprefix(b"\xef\xbb\xbf")))
        raw = encode(row.cells)
        if row.bytes_in:
            raw = raw.replace(MARK.encode("utf-8"), draw(st.sampled_from(BAD_BYTES)))
            row.cells = [c.replace(MARK, "\ufffd") for c in row.cells]
        content += raw
        if draw(st.integers(0, 9)) == 0:
            content += ending.encode()  # a blank line between rows
    return CsvCase(columns, rows, content, draw(st.booleans()))


def expected_outcome(case: CsvCase, cls: type[Record], refs: dict[str, list[int]]):
    """What the importer must do with each row: ({bad line: fields that must be named}, [good records])."""
    required = set(cls.required_columns())
    bad: dict[int, set[str]] = {}
    good: list[Record] = []
    for row in case.rows:
        if all(not c.strip() for c in row.cells):
            continue  # blank rows are skipped
        if row.miscounted:
            bad[row.line] = {"row"}
            continue
        if row.bytes_in:
            bad[row.line] = {row.bytes_in}
            continue
        values = {k: v for k, v in zip(case.header, row.cells) if v.strip() or k in required}
        try:
            record = cls.parse(values)
        except RecordValidationError:
            bad[row.line] = set()  # named fields are checked against the header and the model below
            continue
        missing_ref = [r for r in refs if getattr(record, r, None) not in (None, *refs[r])]
        if missing_ref:
            bad[row.line] = set(missing_ref)
        else:
            good.append(record)
    return bad, good


@pytest.mark.parametrize("kind", list(IMPORTERS))
def test_importer_names_line_and_field_and_changes_nothing_on_rejection(kind, tmp_path_factory, figures):
    cls = IMPORTERS[kind]
    wb, refs = seeded_workbook(tmp_path_factory.mktemp(f"import-{kind}") / "wb")
    source = wb.path.parent / f"{kind}.csv"
    allowed_fields = set(cls.model_fields) | {"row"}
    counts = {"tried": 0, "rejected": 0, "accepted": 0, "rows": 0}

    @settings(max_examples=IMPORT_EXAMPLES, **SETTINGS)
    @given(case=csv_files(cls, refs))
    def check(case: CsvCase) -> None:
        counts["tried"] += 1
        counts["rows"] += len(case.rows)
        source.write_bytes(case.content)
        rejects = rejects_path_for(source)
        rejects.unlink(missing_ok=True)
        bad, good = expected_outcome(case, cls, refs)
        before = folder_fingerprint(wb.path)
        first_new = max_id(wb, cls.table) + 1
        try:
            result = import_csv(wb, kind, source, skip_invalid=case.skip_invalid)
        except InputRejectedError as exc:
            counts["rejected"] += 1
            assert bad and not case.skip_invalid, f"a good file was refused: {exc}"
            named = {row.line: {p.field for p in row.problems} for row in exc.rows}
            assert named.keys() == bad.keys(), f"wrong lines named:\n{exc}"
            for line, fields in named.items():
                assert fields and fields <= allowed_fields, f"line {line} names no field of the file: {exc}"
                assert bad[line] <= fields, f"line {line} should name {bad[line]}: {exc}"
                assert f"line {line}:" in str(exc)
            assert folder_fingerprint(wb.path) == before, "a refused import changed the workbook"
            assert not rejects.exists()
            return
        counts["accepted"] += 1
        assert not bad or case.skip_invalid, f"bad lines {sorted(bad)} were let through"
        assert result.imported == len(good)
        assert sorted(p.line for p in result.rejected) == sorted(bad)
        if bad:
            assert sorted(int(r["line"]) for r in read_csv(rejects)) == sorted(bad)
        stored = [r for r in wb.records(cls.table) if r.id >= first_new]
        assert [r.model_copy(update={"id": None}) for r in stored] == good, "rows did not read back as validated"

    check()
    figures.add("hostile", "import_files", counts["tried"])
    figures.add("hostile", "import_rows", counts["rows"])
    figures.add("hostile", "import_files_rejected", counts["rejected"])
    figures.add("hostile", "import_files_accepted", counts["accepted"])
    figures.set("hostile", f"import_files_{kind}", counts["tried"])
    assert counts["rejected"] and counts["accepted"], f"the generated files did not cover both outcomes: {counts}"


# -- importers: headers and empty files ----------------------------------------------------------


@st.composite
def broken_headers(draw, cls: type[Record]) -> tuple[bytes, set[str]]:
    """A file whose header is wrong, and the fields its rejection must name."""
    known = cls.columns()
    columns = list(cls.required_columns())
    for fault in draw(st.lists(st.sampled_from(["duplicate", "unknown", "missing", "bytes", "blank"]),
                               min_size=1, max_size=3, unique=True)):
        if fault == "duplicate" and columns:
            columns.insert(draw(st.integers(0, len(columns))), draw(st.sampled_from(columns)))
        elif fault == "unknown":
            columns.append(draw(st.text(min_size=1, max_size=12).filter(lambda t: t.strip() not in known)))
        elif fault == "missing" and columns:
            columns.remove(draw(st.sampled_from(columns)))
        elif fault == "blank":
            columns.append("")
        elif fault == "bytes":
            columns.append("col" + MARK)
    stripped = [c.strip().replace(MARK, "\ufffd") for c in columns]  # what the importer reads
    expect = {c for c in stripped if stripped.count(c) > 1 and c}
    if set(stripped) - set(known) or set(cls.required_columns()) - set(stripped):
        expect.add("header")
    assume(expect)  # the faults may cancel out (a duplicate of the column then removed)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(columns)
    content = buffer.getvalue().encode("utf-8").replace(MARK.encode("utf-8"), b"\xff")
    content += b"2024-01-01,30,video\n" * draw(st.integers(0, 2))
    return content, expect


@pytest.mark.parametrize("kind", list(IMPORTERS))
def test_broken_header_or_empty_file_is_refused_naming_line_1(kind, tmp_path_factory, figures):
    cls = IMPORTERS[kind]
    wb, _refs = seeded_workbook(tmp_path_factory.mktemp(f"header-{kind}") / "wb")
    source = wb.path.parent / f"{kind}.csv"
    tried = 0
    empty_files = st.sampled_from([b"", b"\xef\xbb\xbf", b"\n\n", b" \r\n", b"\xef\xbb\xbf  \n"]).map(
        lambda b: (b, {"header"}))

    @settings(max_examples=HEADER_EXAMPLES, **SETTINGS)
    @given(case=st.one_of(broken_headers(cls), empty_files))
    def check(case: tuple[bytes, set[str]]) -> None:
        nonlocal tried
        tried += 1
        content, expect = case
        source.write_bytes(content)
        before = folder_fingerprint(wb.path)
        with pytest.raises(InputRejectedError) as caught:
            import_csv(wb, kind, source)
        assert [row.line for row in caught.value.rows] == [1], str(caught.value)
        named = {p.field for p in caught.value.rows[0].problems}
        assert expect <= named, f"should name {expect}: {caught.value}"
        assert "line 1:" in str(caught.value)
        assert folder_fingerprint(wb.path) == before

    check()
    figures.add("hostile", "header_files", tried)


# -- record validators ----------------------------------------------------------------------------


@st.composite
def record_data(draw, cls: type[Record], refs: dict[str, list[int]]) -> dict:
    """A dict for `cls.parse`: each field valid, hostile (of any type) or left out; maybe unknown keys too."""
    data = {}
    hostile_percent = draw(st.sampled_from([0, 0, 10, 30, 60]))
    for name, info in cls.model_fields.items():
        roll = draw(st.integers(0, 99))
        if roll < hostile_percent:
            data[name] = draw(HOSTILE_ANY)
        elif roll < hostile_percent * 1.2 or name == "id" or (not info.is_required() and draw(st.booleans())):
            continue  # left out: a required field missing, or an optional one not given
        else:
            data[name] = draw(valid_value(cls, name, refs))
    if draw(st.integers(0, 9)) == 0:
        data[draw(st.text(min_size=1, max_size=10).filter(lambda k: k not in cls.model_fields))] = draw(HOSTILE_ANY)
    return data


@pytest.mark.parametrize("table", list(RECORD_TYPES))
def test_record_validator_names_the_field_and_accepted_records_round_trip(table, tmp_path_factory, figures):
    cls = RECORD_TYPES[table]
    wb, refs = seeded_workbook(tmp_path_factory.mktemp(f"record-{table}") / "wb")
    counts = {"tried": 0, "rejected": 0, "accepted": 0, "store_rejected": 0}

    @settings(max_examples=RECORD_EXAMPLES, **SETTINGS)
    @given(data=record_data(cls, refs))
    def check(data: dict) -> None:
        counts["tried"] += 1
        try:
            record = cls.parse(data)
        except RecordValidationError as exc:
            counts["rejected"] += 1
            assert exc.problems, "a rejection that names nothing"
            for problem in exc.problems:
                assert problem.field in cls.model_fields or problem.field in data, f"names no field: {problem}"
                assert problem.message.strip()
            return
        counts["accepted"] += 1
        assert cls.parse(record.model_dump()) == record
        assert cls.parse(record.model_dump(mode="json")) == record
        before = folder_fingerprint(wb.path)
        try:
            if cls is Profile:
                wb.set_profile(record)
                back, expected = wb.profile, record.model_copy(update={"id": 1})
            else:
                rid = wb.add(record)
                back, expected = wb.get(table, rid), record.model_copy(update={"id": rid})
        except RecordValidationError as exc:  # a reference to nothing, an id taken already
            counts["store_rejected"] += 1
            assert exc.problems and all(p.field in cls.model_fields for p in exc.problems), str(exc)
            assert folder_fingerprint(wb.path) == before, "a refused record changed the workbook"
            return
        assert back == expected, "the record did not read back as validated"

    check()
    figures.add("hostile", "records", counts["tried"])
    figures.add("hostile", "records_rejected", counts["rejected"] + counts["store_rejected"])
    figures.add("hostile", "records_accepted", counts["accepted"] - counts["store_rejected"])
    figures.set("hostile", "record_types", len(RECORD_TYPES))
    assert counts["rejected"] and counts["accepted"], f"the generated records did not cover both outcomes: {counts}"
