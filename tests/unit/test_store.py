"""The workbook store: round trips for every table, and files it must refuse without touching."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import sqlite3
import typing
from pathlib import Path

import pandas as pd
import pytest

from mentorkit import schema, store
from mentorkit.errors import NotAWorkbookError, RecordValidationError, WorkbookExistsError
from mentorkit.model import (
    RECORD_TYPES,
    ActionItem,
    Agreement,
    Candidate,
    CheckIn,
    Feedback,
    Goal,
    GoalLevel,
    Interview,
    Meeting,
    Profile,
    Request,
)
from mentorkit.store import DB_NAME, Workbook

D = dt.date


def sample_records() -> dict[str, object]:
    """One full record per table (foreign keys point at id 1 of goals, candidates, meetings)."""
    return {
        "goals": Goal(title="Lead a team", description="=risky", weight=2.5, baseline_level=-2,
                      level_minus2="none", level_plus2="appointed", created_on=D(2026, 1, 2), active=False),
        "candidates": Candidate(name="Ada Example", organization="Acme", same_organization=True,
                                relationship="supervisor_chain", respect=5, values_fit=4, path_similarity=3,
                                senior=False, connection_route="event", status="interviewed", notes="line\nline"),
        "meetings": Meeting(date=D(2026, 3, 1), duration_min=45, mode="phone", objectives="o", notes="n",
                            gave_back="g"),
        "goal_levels": GoalLevel(goal_id=1, date=D(2026, 3, 31), level=1, note="q1"),
        "interviews": Interview(person="Ada Example", candidate_id=1, date=D(2026, 1, 5), duration_min=15,
                                flow=None, star=True, thanked_on=D(2026, 1, 6), connection_sent=True,
                                follow_up_on=D(2026, 3, 6)),
        "requests": Request(candidate_id=1, sent_on=D(2026, 2, 1), text="Would you...", outcome="declined",
                            outcome_on=D(2026, 2, 8)),
        "agreements": Agreement(candidate_id=1, mentor_name="Ada", start=D(2026, 2, 16), duration_months=6,
                                meetings_per_month=0.5, scheduler="alternate", no_fault_ending=False),
        "actions": ActionItem(description="Draft a plan", meeting_id=1, owner="mentor", due=D(2026, 3, 15),
                              status="renegotiated", renegotiated_on=D(2026, 3, 10),
                              renegotiated_due=D(2026, 4, 1)),
        "feedback": Feedback(date=D(2026, 3, 1), meeting_id=1, text="+too long", kind="critical",
                             response="ok"),
        "checkins": CheckIn(date=D(2026, 5, 1), value_to_me=5, value_to_mentor=2, interest=3, encouragement=4,
                            connection=3, candour=1, wish_to_continue=2, comment="fine"),
    }


ORDER = ["goals", "candidates", "meetings", "goal_levels", "interviews", "requests", "agreements", "actions",
         "feedback", "checkins"]


def filled(wb: Workbook) -> dict[str, object]:
    records = sample_records()
    for table in ORDER:
        assert wb.add(records[table]) == 1
    return records


def digest(folder: Path) -> dict[str, str]:
    """Hashes of the database file and its WAL, when present."""
    out = {}
    for name in (DB_NAME, f"{DB_NAME}-wal"):
        path = folder / name
        if path.exists():
            out[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


# -- round trips --------------------------------------------------------------

@pytest.mark.parametrize("table", ORDER)
def test_add_get_update_delete_round_trip(new_workbook, table):
    records = filled(new_workbook)
    stored = new_workbook.get(table, 1)
    assert stored == records[table].model_copy(update={"id": 1})
    assert new_workbook.records(table) == [stored]

    changed = stored.model_copy(update={"date": D(2026, 6, 1)} if "date" in type(stored).model_fields
                                else {"weight": 7.0} if table == "goals"
                                else {"start": D(2026, 6, 1)} if table == "agreements"
                                else {"description": "changed"} if table == "actions"
                                else {"notes": "changed"})
    new_workbook.update(changed)
    assert new_workbook.get(table, 1) == changed

    second = new_workbook.add(records[table])
    assert second == 2 and new_workbook.count(table) == 2
    new_workbook.delete(table, 2)
    assert [r.id for r in new_workbook.records(table)] == [1]
    with pytest.raises(KeyError, match="with id 2"):
        new_workbook.get(table, 2)
    with pytest.raises(KeyError):
        new_workbook.delete(table, 2)


@pytest.mark.parametrize("method, result", [(Workbook.records, lambda cls: list[cls]), (Workbook.get, lambda cls: cls)])
def test_typed_overloads_match_the_record_types(method, result):
    """A type checker reads `records("meetings")` as `list[Meeting]` only through an overload per table."""
    hints = [typing.get_type_hints(fn, vars(store)) for fn in typing.get_overloads(method)]
    typed = {typing.get_args(h["table"])[0]: h["return"] for h in hints if typing.get_origin(h["table"]) is typing.Literal}
    assert typed == {table: result(cls) for table, cls in RECORD_TYPES.items()}
    assert hints[-1]["table"] is str  # any other name still works, as a plain Record


def test_table_dtypes(new_workbook):
    filled(new_workbook)
    actions = new_workbook.table("actions")
    assert str(actions["due"].dtype).startswith("datetime64")
    assert str(actions["done_on"].dtype).startswith("datetime64") and actions["done_on"].isna().all()
    assert actions["meeting_id"].dtype == "Int64" and actions["id"].dtype == "Int64"
    assert pd.api.types.is_string_dtype(actions["description"])
    interviews = new_workbook.table("interviews")
    assert interviews["star"].dtype == bool and bool(interviews["star"].iloc[0]) is True
    assert interviews["flow"].dtype == "Int64" and interviews["flow"].isna().all()
    goals = new_workbook.table("goals")
    assert goals["weight"].dtype == float and goals["baseline_level"].iloc[0] == -2
    assert list(goals.columns) == list(Goal.model_fields)


@pytest.mark.parametrize("table", list(RECORD_TYPES))
def test_empty_tables_have_every_column(new_workbook, table):
    frame = new_workbook.table(table)
    assert frame.empty and list(frame.columns) == list(RECORD_TYPES[table].model_fields)


def test_tables_returns_every_table(new_workbook):
    assert set(new_workbook.tables()) == set(RECORD_TYPES)


def test_profile_upsert(new_workbook):
    assert new_workbook.profile == Profile()
    new_workbook.set_profile(Profile(career_goals="lead", help_wanted=["career", "decisions"]))
    new_workbook.set_profile(Profile(career_goals="lead a team", help_wanted=["leadership"]))
    assert new_workbook.count("profile") == 1
    profile = new_workbook.profile
    assert profile.career_goals == "lead a team" and profile.help_wanted == ["leadership"] and profile.id == 1


def test_agreement_is_the_latest(new_workbook):
    assert new_workbook.agreement is None
    new_workbook.add(Agreement(start=D(2026, 1, 1)))
    new_workbook.add(Agreement(start=D(2026, 6, 1), meetings_per_month=2))
    new_workbook.add(Agreement(start=D(2025, 6, 1)))
    assert new_workbook.agreement.start == D(2026, 6, 1) and new_workbook.agreement.planned_interval_days == 15


@pytest.mark.parametrize("record, field", [
    (GoalLevel(goal_id=9, date=D(2026, 1, 1), level=0), "goal_id"),
    (Request(candidate_id=9), "candidate_id"),
    (Interview(person="x", candidate_id=9, date=D(2026, 1, 1)), "candidate_id"),
    (ActionItem(description="x", meeting_id=9), "meeting_id"),
    (Feedback(date=D(2026, 1, 1), meeting_id=9), "meeting_id"),
])
def test_foreign_key_errors_name_the_field(new_workbook, record, field):
    with pytest.raises(RecordValidationError) as info:
        new_workbook.add(record)
    assert info.value.fields == [field] and "refers to nothing" in str(info.value)
    assert new_workbook.count(record.table) == 0


def test_duplicate_id_is_named(new_workbook):
    new_workbook.add(Meeting(id=5, date=D(2026, 1, 1), duration_min=30, mode="video"))
    with pytest.raises(RecordValidationError, match="id 5 exists already"):
        new_workbook.add(Meeting(id=5, date=D(2026, 1, 2), duration_min=30, mode="video"))


def test_update_needs_an_existing_id(new_workbook):
    with pytest.raises(RecordValidationError, match="id"):
        new_workbook.update(Meeting(date=D(2026, 1, 1), duration_min=30, mode="video"))
    with pytest.raises(KeyError):
        new_workbook.update(Meeting(id=3, date=D(2026, 1, 1), duration_min=30, mode="video"))


def test_add_many_and_transaction_are_all_or_nothing(new_workbook):
    good = Meeting(date=D(2026, 1, 1), duration_min=30, mode="video")
    with pytest.raises(RecordValidationError):
        new_workbook.add_many([good, good, ActionItem(description="x", meeting_id=99)])
    assert new_workbook.count("meetings") == 0
    with pytest.raises(RuntimeError):
        with new_workbook.transaction() as w:
            w.add(good)
            raise RuntimeError("boom")
    assert new_workbook.count("meetings") == 0
    assert new_workbook.add_many([good, good]) == [1, 2]


def test_deleting_a_meeting_keeps_its_actions(new_workbook):
    filled(new_workbook)
    new_workbook.delete("meetings", 1)
    assert new_workbook.get("actions", 1).meeting_id is None
    new_workbook.delete("goals", 1)
    assert new_workbook.count("goal_levels") == 0


def test_reopened_workbook_keeps_everything(new_workbook):
    records = filled(new_workbook)
    again = Workbook.open(new_workbook.path)
    assert again.mentee_name == "Test Mentee"
    for table in ORDER:
        assert again.get(table, 1) == records[table].model_copy(update={"id": 1})
    assert again.integrity_check() == "ok"
    assert Workbook.open(new_workbook.db_path).path == new_workbook.path


# -- creating -------------------------------------------------------------------

def test_create_makes_parents_and_the_exports_folder(tmp_path):
    wb = Workbook.create(tmp_path / "a" / "b" / "wb", "  Maya  ")
    assert wb.mentee_name == "Maya" and (wb.path / DB_NAME).is_file() and (wb.path / "exports").is_dir()
    assert wb.meta()["created_by"].startswith("mentorkit ")


def test_create_accepts_an_empty_folder(tmp_path):
    (tmp_path / "empty").mkdir()
    assert Workbook.create(tmp_path / "empty", "Maya").count("meetings") == 0


def test_create_refuses_a_non_empty_folder_and_a_file(tmp_path):
    folder = tmp_path / "busy"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    with pytest.raises(WorkbookExistsError):
        Workbook.create(folder, "Maya")
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]
    (tmp_path / "file").write_text("x")
    with pytest.raises(WorkbookExistsError):
        Workbook.create(tmp_path / "file", "Maya")


@pytest.mark.parametrize("name", ["", "   ", "x" * 201, "tab\tname"])
def test_create_refuses_a_bad_name(tmp_path, name):
    with pytest.raises(RecordValidationError, match="mentee_name"):
        Workbook.create(tmp_path / "wb", name)
    assert not (tmp_path / "wb").exists()


def test_workbook_cannot_be_constructed_directly(tmp_path):
    with pytest.raises(TypeError):
        Workbook(tmp_path)


# -- opening what is not a workbook, leaving it untouched -------------------------

def test_open_refuses_a_missing_folder(tmp_path):
    with pytest.raises(NotAWorkbookError, match="no such workbook folder"):
        Workbook.open(tmp_path / "nowhere")
    assert not (tmp_path / "nowhere").exists()


def test_open_refuses_a_folder_without_a_database(tmp_path):
    with pytest.raises(NotAWorkbookError, match="not a mentorkit workbook"):
        Workbook.open(tmp_path)
    assert list(tmp_path.iterdir()) == []


def _patched(folder: Path, offset: int, value: bytes) -> None:
    db = folder / DB_NAME
    data = bytearray(db.read_bytes())
    data[offset:offset + len(value)] = value
    db.write_bytes(bytes(data))


def test_open_refuses_a_newer_schema_unchanged(new_workbook):
    folder = new_workbook.path
    filled(new_workbook)
    _checkpoint(folder)
    _patched(folder, 60, (schema.SCHEMA_VERSION + 1).to_bytes(4, "big"))
    before = digest(folder)
    with pytest.raises(NotAWorkbookError, match="newer mentorkit"):
        Workbook.open(folder)
    assert digest(folder) == before


def test_open_refuses_schema_zero_unchanged(new_workbook):
    folder = new_workbook.path
    _checkpoint(folder)
    _patched(folder, 60, (0).to_bytes(4, "big"))
    before = digest(folder)
    with pytest.raises(NotAWorkbookError, match="schema 0"):
        Workbook.open(folder)
    assert digest(folder) == before


def test_open_refuses_a_foreign_sqlite_file_unchanged(tmp_path):
    folder = tmp_path / "foreign"
    folder.mkdir()
    conn = sqlite3.connect(folder / DB_NAME)
    conn.execute("CREATE TABLE meetings (x)")
    conn.execute("INSERT INTO meetings VALUES (1)")
    conn.commit()
    conn.close()
    before = digest(folder)
    with pytest.raises(NotAWorkbookError, match="not a mentorkit workbook"):
        Workbook.open(folder)
    assert digest(folder) == before and sorted(p.name for p in folder.iterdir()) == [DB_NAME]


def test_open_refuses_a_truncated_file_unchanged(new_workbook):
    folder = new_workbook.path
    filled(new_workbook)
    _checkpoint(folder)
    db = folder / DB_NAME
    db.write_bytes(db.read_bytes()[:50])
    before = digest(folder)
    with pytest.raises(NotAWorkbookError, match="truncated or corrupt"):
        Workbook.open(folder)
    assert digest(folder) == before


def test_open_refuses_a_file_cut_after_its_header_unchanged(new_workbook):
    folder = new_workbook.path
    filled(new_workbook)
    _checkpoint(folder)
    db = folder / DB_NAME
    db.write_bytes(db.read_bytes()[:4096 + 100])
    before = digest(folder)
    with pytest.raises(NotAWorkbookError):
        Workbook.open(folder)
    assert digest(folder) == before


@pytest.mark.parametrize("size", [0, 10, 5000])
def test_open_refuses_random_bytes_unchanged(tmp_path, size):
    folder = tmp_path / "random"
    folder.mkdir()
    (folder / DB_NAME).write_bytes(os.urandom(size))
    before = digest(folder)
    with pytest.raises(NotAWorkbookError):
        Workbook.open(folder)
    assert digest(folder) == before


def test_open_refuses_a_damaged_catalogue_unchanged(new_workbook):
    folder = new_workbook.path
    filled(new_workbook)
    _checkpoint(folder)
    db = folder / DB_NAME
    data = bytearray(db.read_bytes())
    data[100:4096] = os.urandom(3996)  # page 1 after the header: the schema catalogue
    db.write_bytes(bytes(data))
    before = digest(folder)
    with pytest.raises(NotAWorkbookError):
        Workbook.open(folder)
    assert digest(folder) == before


def _checkpoint(folder: Path) -> None:
    """Fold the WAL into the main file, so patching the file's header is the whole change."""
    conn = sqlite3.connect(folder / DB_NAME)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()


def test_open_while_another_process_holds_the_file_says_busy_not_damaged(new_workbook, monkeypatch):
    import sqlite3

    from mentorkit import store

    holder = sqlite3.connect(new_workbook.db_path, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("INSERT INTO meta(key, value) VALUES ('held', 'yes')")
    monkeypatch.setattr(store, "BUSY_TIMEOUT_S", 0.2)
    try:
        with pytest.raises(store.WorkbookBusyError, match="try again"):
            Workbook.open(new_workbook.path)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert Workbook.open(new_workbook.path).mentee_name == "Test Mentee"


def test_kept_tables_are_read_once_and_forgotten_on_a_write(new_workbook, monkeypatch):
    """`keep_tables`: each table read once for an unattended run; a write through the workbook is seen after it."""
    wb = new_workbook
    wb.add(Meeting(date=dt.date(2026, 1, 5), duration_min=30, mode="video"))
    fresh = wb.table("meetings")
    wb.keep_tables()
    reads = []
    connect = Workbook._connect
    monkeypatch.setattr(Workbook, "_connect", lambda self, readonly=False: reads.append(readonly) or connect(self, readonly))
    first = wb.table("meetings")
    first.loc[0, "duration_min"] = 999  # a caller's change stays in its own copy
    second = wb.table("meetings")
    assert reads == [True]
    pd.testing.assert_frame_equal(second, fresh)
    wb.add(Meeting(date=dt.date(2026, 2, 5), duration_min=45, mode="video"))
    assert len(wb.table("meetings")) == 2 and len(wb.table("meetings")) == 2
    assert reads == [True, False, True]


def test_an_unattended_progress_page_keeps_its_tables(new_workbook):
    from mentorkit.steps.progress import ProgressStep

    ProgressStep(new_workbook, dt.date(2026, 11, 15), interactive=False)
    assert new_workbook._kept == {}
    other = Workbook.open(new_workbook.path)
    ProgressStep(other, dt.date(2026, 11, 15), interactive=True)
    assert other._kept is None
