"""`mentorkit share`: metrics only, by construction (DESIGN section 3, "Added later")."""

from __future__ import annotations

import csv
import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from marked import DELETED, MARKER, bytes_hold, marked_workbook

from mentorkit import ActionItem, Agreement, CheckIn, Goal, GoalLevel, Meeting, Workbook
from mentorkit.cli import main
from mentorkit.cohort.privacy import private_fragments
from mentorkit.cohort.summary import csv_rows, read_cohort, summary_frame
from mentorkit.errors import WorkbookExistsError, WorkbookReadOnlyError
from mentorkit.model import PRIVATE_TEXT, RECORD_TYPES, SHARE_LABELS
from mentorkit.share import neutral_label, preview, share_problems, share_workbook
from mentorkit.store import DB_NAME, SHARE_META_KEY

AS_OF = dt.date(2026, 11, 15)


def summary_cells(folders: dict[str, Path], as_of: dt.date = AS_OF) -> list[list[str]]:
    return csv_rows(summary_frame(read_cohort(list(folders.items()), as_of, threads=1)))


def files_state(folder: Path) -> tuple[int, bytes]:
    """The workbook file's time and bytes (a reader of a WAL file may add the index files beside it)."""
    db = folder / DB_NAME
    return db.stat().st_mtime_ns, db.read_bytes()


def test_no_marker_and_no_deleted_note_in_any_byte_of_the_share(tmp_path):
    wb = marked_workbook(tmp_path / "mine")
    result = share_workbook(wb.path, tmp_path / "share")
    assert bytes_hold(result.path, MARKER, DELETED) == []
    assert sorted(p.relative_to(result.path).as_posix() for p in result.path.rglob("*")) == ["exports", DB_NAME]
    # every private field that held text is counted, by table and field
    expected = {f"{t}.{c}" for t, cols in PRIVATE_TEXT.items() for c in cols}
    assert set(result.withheld.fields) == expected and result.withheld.name


def test_a_page_copy_would_keep_the_deleted_note_so_the_byte_check_can_fail(tmp_path):
    from mentorkit.backup import backup_workbook

    wb = marked_workbook(tmp_path / "mine")
    copy = backup_workbook(wb.path, tmp_path / "copy")  # SQLite's page-by-page backup: not fresh
    assert bytes_hold(copy, MARKER, DELETED) == [DB_NAME]
    assert DELETED.encode() in (copy / DB_NAME).read_bytes()


def test_the_share_opens_read_only_marked_labelled_and_keeps_every_number(tmp_path):
    wb = marked_workbook(tmp_path / "mine")
    share = Workbook.open(share_workbook(wb.path, tmp_path / "share").path)
    assert share.read_only and "share" in share.read_only_reason
    assert share.mentee_name == "" and SHARE_META_KEY in share.meta()
    with pytest.raises(WorkbookReadOnlyError):
        share.add(Meeting(date="2026-01-01", duration_min=30, mode="video"))
    for table, cls in RECORD_TYPES.items():
        mine, theirs = wb.table(table), share.table(table)
        kept = [c for c in mine.columns if c not in PRIVATE_TEXT[table]]
        assert mine[kept].equals(theirs[kept]), table
        for column in PRIVATE_TEXT[table]:
            expected = [neutral_label(table, column, i) for i in theirs["id"]]
            assert list(theirs[column]) == expected, f"{table}.{column}"
    assert list(share.table("goals")["title"]) == ["goal 1", "goal 2"]
    assert SHARE_LABELS["actions"] == {"description": "action"}
    assert share.integrity_check() == "ok"
    assert not any(p.name.endswith(("-wal", "-journal")) for p in share.path.iterdir())
    assert share_problems(share.path) == []


def test_the_original_is_only_read_and_an_existing_folder_is_refused(tmp_path):
    wb = marked_workbook(tmp_path / "mine")
    before = files_state(wb.path)
    share_workbook(wb.path, tmp_path / "share")
    assert files_state(wb.path) == before
    (tmp_path / "taken").mkdir()
    with pytest.raises(WorkbookExistsError, match="already exists"):
        share_workbook(wb.path, tmp_path / "taken")
    assert list((tmp_path / "taken").iterdir()) == []
    assert not list(tmp_path.glob(".*partial"))


def test_the_privacy_guard_finds_nothing_private_in_a_share(tmp_path):
    wb = marked_workbook(tmp_path / "mine")
    assert private_fragments(wb.path)  # the original's words
    assert not private_fragments(share_workbook(wb.path, tmp_path / "share").path)  # labels are not words


def test_a_plain_workbook_is_not_a_clean_share_and_a_tampered_share_is_named(tmp_path):
    wb = marked_workbook(tmp_path / "mine")
    problems = share_problems(wb.path)
    assert problems[0].startswith("not marked as a share")
    assert any("meta.mentee_name" in p for p in problems)
    assert any("meetings.notes" in p and "goals.title" in p for p in problems)
    assert not any(MARKER in p for p in problems)  # named by field, never by content
    share = share_workbook(wb.path, tmp_path / "share").path
    conn = sqlite3.connect(share / DB_NAME)
    conn.execute("UPDATE checkins SET comment = 'told them everything'")
    conn.execute("UPDATE goals SET title = 'goal 7' WHERE id = 1")  # a label, but not this row's
    conn.execute("CREATE TABLE hidden (words TEXT)")
    conn.commit()
    conn.close()
    text = "\n".join(share_problems(share))
    assert "checkins.comment (2)" in text and "goals.title (1)" in text and "table hidden" in text


def test_a_schema_one_workbook_is_shared_at_the_current_schema(tmp_path, monkeypatch):
    from mentorkit import schema

    with monkeypatch.context() as m:
        m.setattr(schema, "SCHEMA_VERSION", 1)
        old = Workbook.create(tmp_path / "old", "Old Timer")
    conn = sqlite3.connect(old.db_path)
    conn.execute("INSERT INTO meetings (date, duration_min, mode, notes) VALUES ('2026-02-20', 60, 'video', 'first')")
    conn.commit()
    conn.close()
    share = Workbook.open(share_workbook(old.path, tmp_path / "share").path)
    assert sqlite3.connect(old.db_path).execute("PRAGMA user_version").fetchone()[0] == 1  # not migrated
    assert share.records("meetings")[0].notes == "" and share.records("meetings")[0].duration_min == 60
    assert share.mentee_name == ""


# -- the same numbers on shares as on the originals ------------------------------------------------

@pytest.fixture(scope="module")
def sample_cohort(tmp_path_factory) -> Path:
    from mentorkit.sample import build_cohort

    return build_cohort(tmp_path_factory.mktemp("sample") / "cohort").parent  # build_cohort returns the roster


@pytest.mark.parametrize("as_of", [AS_OF, dt.date(2026, 6, 1)])
def test_summary_is_the_same_on_the_sample_cohort_and_its_shares(sample_cohort, tmp_path, as_of):
    originals = {p.name: p for p in sorted(sample_cohort.iterdir()) if p.is_dir()}
    shares = {pid: share_workbook(path, tmp_path / "shares" / pid).path for pid, path in originals.items()}
    assert len(originals) >= 10
    assert summary_cells(shares, as_of) == summary_cells(originals, as_of)


def test_cohort_summary_cli_gives_the_same_file_on_shares(sample_cohort, tmp_path):
    root = tmp_path / "shares"
    with open(sample_cohort / "roster.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        share_workbook(sample_cohort / row["workbook"], root / row["participant_id"])
    (root / "roster.csv").write_text("participant_id,workbook\n" + "".join(
        f"{r['participant_id']},{r['participant_id']}\n" for r in rows), encoding="utf-8")
    runner = CliRunner()
    for roster, out in ((sample_cohort / "roster.csv", tmp_path / "a"), (root / "roster.csv", tmp_path / "b")):
        result = runner.invoke(main, ["cohort", "summary", str(roster), "--out", str(out), "--as-of", "2026-11-15"])
        assert result.exit_code == 0, result.output
    assert (tmp_path / "a" / "summary.csv").read_bytes() == (tmp_path / "b" / "summary.csv").read_bytes()


DAYS = st.integers(0, 400).map(lambda n: dt.date(2025, 6, 1) + dt.timedelta(days=n))


@st.composite
def generated_workbook(draw, folder: Path) -> Path:
    wb = Workbook.create(folder, draw(st.text(min_size=1, max_size=20).filter(lambda t: t.strip() != "" and t.strip().isprintable())))
    if draw(st.booleans()):
        start = draw(DAYS)
        ended = draw(st.booleans())
        wb.add(Agreement(start=start, meetings_per_month=draw(st.sampled_from([0.5, 1, 2, 4])),
                         ended_on=start + dt.timedelta(days=draw(st.integers(0, 200))) if ended else None,
                         ending=draw(st.sampled_from(["goals_met", "mentor_stepped_back"])) if ended else ""))
    wb.add_many([Meeting(date=d, duration_min=30, mode="video", notes="n") for d in draw(st.lists(DAYS, max_size=8))])
    for due in draw(st.lists(DAYS, max_size=6)):
        status = draw(st.sampled_from(["open", "done", "dropped", "renegotiated"]))
        wb.add(ActionItem(description="act", due=due, status=status,
                          done_on=due + dt.timedelta(days=draw(st.integers(-5, 5))) if status == "done" else None,
                          renegotiated_due=due + dt.timedelta(days=9) if status == "renegotiated" else None,
                          renegotiated_on=due if status == "renegotiated" else None))
    rating = st.integers(1, 5)
    wb.add_many([CheckIn(date=d, value_to_me=draw(rating), value_to_mentor=draw(rating), interest=draw(rating),
                         encouragement=draw(rating), connection=draw(rating), candour=draw(rating),
                         wish_to_continue=draw(rating), comment="c") for d in draw(st.lists(DAYS, max_size=3))])
    for _ in range(draw(st.integers(0, 2))):
        goal = wb.add(Goal(title="g", weight=draw(st.sampled_from([0.5, 1, 3])),
                           baseline_level=draw(st.integers(-2, 0)), created_on=draw(DAYS), active=draw(st.booleans())))
        wb.add_many([GoalLevel(goal_id=goal, date=d, level=draw(st.integers(-2, 2)))
                     for d in draw(st.lists(DAYS, max_size=3))])
    return wb.path


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(data=st.data(), as_of=DAYS)
def test_summary_is_the_same_on_generated_cohorts_and_their_shares(tmp_path, data, as_of):
    import tempfile

    with tempfile.TemporaryDirectory(dir=tmp_path) as tmp:
        root = Path(tmp)
        originals = {f"p{i}": data.draw(generated_workbook(root / f"p{i}")) for i in range(3)}
        shares = {pid: share_workbook(path, root / "shares" / pid).path for pid, path in originals.items()}
        assert summary_cells(shares, as_of) == summary_cells(originals, as_of)


# -- the preview and the command -------------------------------------------------------------

def test_preview_counts_what_would_be_withheld_shows_what_is_kept_and_writes_nothing(tmp_path):
    wb = marked_workbook(tmp_path / "mine")
    before = files_state(wb.path)
    view = preview(wb.path, as_of=AS_OF)
    assert files_state(wb.path) == before and sorted(p.name for p in tmp_path.iterdir()) == ["mine"]
    text, page = str(view), view._repr_html_()
    assert MARKER not in text and MARKER not in page
    assert "meetings.notes: 6 value(s)" in text and "meta.mentee_name" in text
    assert "meetings: 6 row(s); date, duration_min, mode" in text
    assert "gap_ratio" in text and "<table>" in page
    # the summary row it shows is the facilitator's
    row = summary_cells({"you": wb.path})[0]
    assert view.summary["meetings"] == row[1] and view.summary["gas_tscore"] == row[6]


@pytest.mark.parametrize("as_of", [AS_OF, dt.date(2026, 6, 1)])
def test_the_preview_row_is_the_facilitators_summary_csv_row_on_the_sample(sample_cohort, tmp_path, as_of):
    roster = sample_cohort / "roster.csv"
    result = CliRunner().invoke(main, ["cohort", "summary", str(roster), "--out", str(tmp_path / "out"),
                                       "--as-of", as_of.isoformat()])
    assert result.exit_code == 0, result.output
    with open(tmp_path / "out" / "summary.csv", newline="", encoding="utf-8") as fh:
        written = list(csv.DictReader(fh))
    with open(roster, newline="", encoding="utf-8") as fh:
        folders = {r["participant_id"]: sample_cohort / r["workbook"] for r in csv.DictReader(fh)}
    assert len(written) == len(folders) >= 10 and any(r["at_risk"] == "true" for r in written)
    for row in written:
        shown = preview(folders.pop(row.pop("participant_id")), as_of=as_of).summary
        assert shown == row


def test_the_preview_of_an_older_schema_reads_it_as_the_summary_does_and_changes_nothing(tmp_path, monkeypatch):
    from mentorkit import schema

    with monkeypatch.context() as m:
        m.setattr(schema, "SCHEMA_VERSION", 1)
        old = Workbook.create(tmp_path / "old", "Old Timer")
    conn = sqlite3.connect(old.db_path)
    conn.executemany("INSERT INTO meetings (date, duration_min, mode, notes) VALUES (?, 60, 'video', 'words')",
                     [("2026-02-20",), ("2026-03-20",)])
    conn.execute("INSERT INTO agreements (start, duration_months, meetings_per_month) VALUES ('2026-01-10', 12, 2)")
    conn.commit()
    conn.close()
    before = files_state(old.path)
    view = preview(old.path, as_of=AS_OF)
    assert files_state(old.path) == before
    assert sqlite3.connect(old.db_path).execute("PRAGMA user_version").fetchone()[0] == 1  # not migrated
    assert list(view.summary.values()) == summary_cells({"you": old.path})[0][1:]
    assert view.summary["meetings"] == "2" and view.summary["reasons"] == "drift (G5.5)"


def test_cli_share_and_preview(tmp_path):
    wb = marked_workbook(tmp_path / "mine")
    runner = CliRunner()
    shown = runner.invoke(main, ["share", str(wb.path), "--preview", "--as-of", "2026-11-15"])
    assert shown.exit_code == 0 and "Withheld" in shown.output and MARKER not in shown.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]
    done = runner.invoke(main, ["share", str(wb.path), "--out", str(tmp_path / "share")])
    assert done.exit_code == 0, done.output
    assert "meetings.notes: 6 value(s)" in done.output and MARKER not in done.output
    assert bytes_hold(tmp_path / "share", MARKER, DELETED) == []
    again = runner.invoke(main, ["share", str(wb.path), "--out", str(tmp_path / "share")])
    assert again.exit_code == 1 and "already exists" in again.output
    for args in ([], ["--preview", "--out", str(tmp_path / "x")]):
        usage = runner.invoke(main, ["share", str(wb.path), *args])
        assert usage.exit_code == 2 and "--preview" in usage.output
    missing = runner.invoke(main, ["share", str(tmp_path / "nope"), "--out", str(tmp_path / "y")])
    assert missing.exit_code == 1 and not (tmp_path / "y").exists()
