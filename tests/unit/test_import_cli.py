"""`mentorkit import`: all or nothing, every bad line and field named, the workbook left byte-for-byte unchanged."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from mentorkit.cli import main
from mentorkit.model import Meeting
from mentorkit.store import DB_NAME, Workbook

HEADER = "date,duration_min,mode,notes\n"


def digest(folder: Path) -> dict[str, str]:
    """Hashes of the database file and of its write-ahead log (an absent log hashes as empty)."""
    return {name: hashlib.sha256((folder / name).read_bytes() if (folder / name).exists() else b"").hexdigest()
            for name in (DB_NAME, f"{DB_NAME}-wal")}


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture(params=["fresh", "in use"])
def workbook(request, tmp_path) -> Workbook:
    """A new workbook, and one with saved records and a live write-ahead log."""
    wb = Workbook.create(tmp_path / "wb", "Test Mentee")
    if request.param == "in use":
        wb.add_many([Meeting(date="2026-01-01", duration_min=30, mode="video")] * 3)
    return wb


def write(tmp_path: Path, text: str | bytes, name: str = "meetings.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def import_(kind: str, path: Path, wb: Workbook, *extra: str):
    return run("import", kind, str(path), "--workbook", str(wb.path), *extra)


# -- rejected files -----------------------------------------------------------------

BAD_ROWS = (
    HEADER
    + "2026-01-10,45,video,fine\n"  # 2
    + "2026-02-31,45,video,bad date\n"  # 3
    + "2026-01-12,0,phone,zero\n"  # 4
    + "2026-01-13,-30,phone,negative\n"  # 5
    + "2026-01-14,30,telepathy,unknown mode\n"  # 6
    + "2026-01-15,30\n"  # 7: too few fields
    + "2026-01-16,30,VIDEO,fine,extra\n"  # 8: too many fields
    + "2026-01-17,30,In_Person,fine\n"  # 9
)


def test_bad_rows_reject_the_file_naming_every_line_and_field(tmp_path, workbook):
    path = write(tmp_path, BAD_ROWS)
    before = digest(workbook.path)
    count = workbook.count("meetings")
    result = import_("meetings", path, workbook)
    assert result.exit_code == 1
    err = result.stderr
    assert str(path) in err and "nothing was imported" in err
    for line, field in [(3, "date"), (4, "duration_min"), (5, "duration_min"), (6, "mode"), (7, "row"), (8, "row")]:
        assert f"line {line}: {field}:" in err, (line, field, err)
    assert "line 2:" not in err and "line 9:" not in err
    assert digest(workbook.path) == before
    assert Workbook.open(workbook.path).count("meetings") == count
    assert not (tmp_path / "meetings.rejects.csv").exists()


@pytest.mark.parametrize("content, expected", [
    ("", "the file is empty"),
    ("\n\n  \n", "the file is empty"),
    ("when,how_long,mode\n2026-01-01,30,video\n", "unknown column(s) 'when', 'how_long'"),
    ("date,duration_min\n2026-01-01,30\n", "missing required column(s) mode"),
    ("date,duration_min,mode,mode\n2026-01-01,30,video,video\n", "mode: column appears more than once"),
    ("id,date,duration_min,mode\n1,2026-01-01,30,video\n", "unknown column(s) 'id'"),
])
def test_header_problems_reject_the_whole_file(tmp_path, workbook, content, expected):
    path = write(tmp_path, content)
    before = digest(workbook.path)
    result = import_("meetings", path, workbook)
    assert result.exit_code == 1
    assert expected in result.stderr and "line 1:" in result.stderr
    assert digest(workbook.path) == before


def test_bytes_that_are_not_utf8_are_named_by_line_and_field(tmp_path, workbook):
    path = write(tmp_path, HEADER.encode() + b"2026-01-10,45,video,ok\n2026-01-11,45,video,caf\xe9 \xff\n")
    before = digest(workbook.path)
    result = import_("meetings", path, workbook)
    assert result.exit_code == 1
    assert "line 3: notes: holds bytes that are not UTF-8 text" in result.stderr
    assert "line 2" not in result.stderr
    assert digest(workbook.path) == before


def test_a_header_that_is_not_utf8_is_named(tmp_path, workbook):
    path = write(tmp_path, b"date,duration_min,mode,n\xf6tes\n2026-01-10,45,video,ok\n")
    result = import_("meetings", path, workbook)
    assert result.exit_code == 1 and "line 1: header: holds bytes that are not UTF-8 text" in result.stderr


def test_a_missing_file_is_an_error_not_a_crash(tmp_path, workbook):
    result = import_("meetings", tmp_path / "nope.csv", workbook)
    assert result.exit_code == 1 and "cannot read the file" in result.stderr


def test_a_folder_that_is_not_a_workbook_is_refused(tmp_path):
    path = write(tmp_path, HEADER + "2026-01-10,45,video,ok\n")
    (tmp_path / "plain").mkdir()
    result = run("import", "meetings", str(path), "--workbook", str(tmp_path / "plain"))
    assert result.exit_code == 1 and "not a mentorkit workbook" in result.stderr
    assert list((tmp_path / "plain").iterdir()) == []


def test_line_numbers_count_physical_lines_of_multiline_cells(tmp_path, workbook):
    path = write(tmp_path, HEADER + '2026-01-10,45,video,"two\nlines"\n2026-01-11,0,video,x\n')
    result = import_("meetings", path, workbook)
    assert result.exit_code == 1 and "line 4: duration_min:" in result.stderr


# -- good files ----------------------------------------------------------------------

def test_a_good_file_imports_every_row_mode_in_any_case(tmp_path, workbook):
    count = workbook.count("meetings")
    body = "2026-01-10,45,VIDEO,one\r\n2026-01-11,30,In_Person,\r\n2026-01-12,60,phone,\"a, b\"\r\n\r\n"
    path = write(tmp_path, b"\xef\xbb\xbf" + (HEADER.replace("\n", "\r\n") + body).encode())
    result = import_("meetings", path, workbook)
    assert result.exit_code == 0, result.output
    assert "Imported 3 meetings" in result.stdout
    meetings = Workbook.open(workbook.path).records("meetings")[count:]
    assert [m.mode for m in meetings] == ["video", "in_person", "phone"]
    assert [m.notes for m in meetings] == ["one", "", "a, b"]


def test_columns_may_come_in_any_order_and_optional_ones_may_be_absent(tmp_path, workbook):
    path = write(tmp_path, "mode,date,duration_min\nother,2026-01-10,20\n")
    assert import_("meetings", path, workbook).exit_code == 0
    assert Workbook.open(workbook.path).records("meetings")[-1].mode == "other"


# -- --skip-invalid ----------------------------------------------------------------

def test_skip_invalid_imports_the_good_rows_and_writes_rejects(tmp_path, workbook):
    path = write(tmp_path, BAD_ROWS)
    count = workbook.count("meetings")
    result = import_("meetings", path, workbook, "--skip-invalid")
    assert result.exit_code == 0, result.output
    assert "Imported 2 meetings" in result.stdout and "Skipped 6 bad row(s)" in result.stderr
    assert Workbook.open(workbook.path).count("meetings") == count + 2
    rejects = tmp_path / "meetings.rejects.csv"
    with open(rejects, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["date", "duration_min", "mode", "notes", "line", "error"]
    assert [r[4] for r in rows[1:]] == ["3", "4", "5", "6", "7", "8"]
    assert rows[1][:4] == ["2026-02-31", "45", "video", "bad date"] and rows[1][5].startswith("date:")
    assert rows[4][2] == "telepathy" and rows[4][5].startswith("mode:")
    assert rows[5][:4] == ["2026-01-15", "30", "", ""] and "has 2 fields" in rows[5][5]


def test_skip_invalid_with_a_bad_header_still_rejects_everything(tmp_path, workbook):
    path = write(tmp_path, "when,mode\n2026-01-01,video\n")
    before = digest(workbook.path)
    result = import_("meetings", path, workbook, "--skip-invalid")
    assert result.exit_code == 1 and digest(workbook.path) == before


# -- the other importers ---------------------------------------------------------

CANDIDATES = (
    "name,organization,same_organization,relationship,respect,values_fit,path_similarity,role\n"
    "Ada Example,Acme,false,Acquaintance,5,4,4,VP\n"  # 2
    "Bo Example,Acme,true,current manager,4,4,4,\n"  # 3
    "Cy Example,Acme,perhaps,cousin,6,4,4,\n"  # 4
)


def test_candidates_import_names_bad_fields(tmp_path, workbook):
    path = write(tmp_path, CANDIDATES, "candidates.csv")
    before = digest(workbook.path)
    result = import_("candidates", path, workbook)
    assert result.exit_code == 1
    for field in ("same_organization", "relationship", "respect"):
        assert field in result.stderr
    assert "line 4:" in result.stderr and "line 3" not in result.stderr
    assert digest(workbook.path) == before
    result = import_("candidates", path, workbook, "--skip-invalid")
    assert result.exit_code == 0
    stored = Workbook.open(workbook.path).records("candidates")
    assert [c.relationship for c in stored] == ["acquaintance", "current_manager"]


def test_actions_import_checks_status_rules_and_meeting_references(tmp_path, workbook):
    meetings = workbook.count("meetings")
    text = ("description,meeting_id,due,status,done_on,renegotiated_due\n"
            "Draft a plan,,2026-02-01,open,,\n"  # 2: blank meeting_id is fine
            "Send notes,,2026-02-01,done,,\n"  # 3: done without done_on
            "Call Ada,,2026-02-01,renegotiated,,\n"  # 4: renegotiated without its due date
            f"Read the book,{meetings + 40},2026-02-01,open,,\n"  # 5: no such meeting
            "Book a room,,2026-02-01,Done,2026-01-30,\n")  # 6
    path = write(tmp_path, text, "actions.csv")
    before = digest(workbook.path)
    result = import_("actions", path, workbook)
    assert result.exit_code == 1, result.output
    assert "line 3: done_on:" in result.stderr and "line 4: renegotiated_due:" in result.stderr
    assert "line 5: meeting_id: refers to nothing" in result.stderr
    assert digest(workbook.path) == before
    result = import_("actions", path, workbook, "--skip-invalid")
    assert result.exit_code == 0 and "Imported 2 actions" in result.stdout
    stored = Workbook.open(workbook.path).records("actions")
    assert [(a.description, a.meeting_id, a.status) for a in stored] == [
        ("Draft a plan", None, "open"), ("Book a room", None, "done")]
    with open(tmp_path / "actions.rejects.csv", newline="") as fh:
        assert [r["line"] for r in csv.DictReader(fh)] == ["3", "4", "5"]


def test_checkins_import(tmp_path, workbook):
    header = "date,value_to_me,value_to_mentor,interest,encouragement,connection,candour,wish_to_continue,comment\n"
    path = write(tmp_path, header + "2026-03-01,4,3,4,4,3,4,5,good\n2026-06-01,4,0,4,4,3,4,5,\n", "checkins.csv")
    result = import_("checkins", path, workbook)
    assert result.exit_code == 1 and "line 3: value_to_mentor:" in result.stderr
    path = write(tmp_path, header + "2026-03-01,4,3,4,4,3,4,5,good\n", "checkins.csv")
    assert import_("checkins", path, workbook).exit_code == 0
    assert Workbook.open(workbook.path).records("checkins")[0].wish_to_continue == 5


# -- usage errors exit 2 ----------------------------------------------------------

@pytest.mark.parametrize("args", [
    ["import", "meetings", "x.csv"],  # no --workbook
    ["import", "meetings", "--workbook", "wb"],  # no CSV
    ["import", "goals", "x.csv", "--workbook", "wb"],  # not an importable kind
    ["import", "meetings", "x.csv", "--workbook", "wb", "--frobnicate"],
    ["export", "csv", "wb"],  # no --out
    ["init", "wb"],  # no --name
    ["nonsense"],
])
def test_usage_errors_exit_2(args):
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert "Usage:" in result.stderr or "Error" in result.stderr
