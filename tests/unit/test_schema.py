"""The stored schema: it matches the models, and older workbooks migrate once, in a transaction."""

from __future__ import annotations

import sqlite3

import pytest

from mentorkit import schema
from mentorkit.errors import NotAWorkbookError
from mentorkit.model import RECORD_TYPES, Meeting
from mentorkit.store import DB_NAME, Workbook, check_header


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


@pytest.mark.parametrize("table", list(RECORD_TYPES))
def test_ddl_columns_match_the_model_fields(table):
    conn = sqlite3.connect(":memory:")
    schema.create_schema(conn)
    assert _columns(conn, table) == ["id"] + RECORD_TYPES[table].columns()


def test_new_workbook_carries_the_application_id_and_version(new_workbook):
    conn = sqlite3.connect(new_workbook.db_path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
    assert check_header(new_workbook.db_path) == schema.SCHEMA_VERSION


CURRENT = schema.SCHEMA_VERSION
REAL_MIGRATIONS = dict(schema.MIGRATIONS)


@pytest.fixture
def version_two(monkeypatch):
    """Pretend mentorkit is one schema ahead, with a migration from the current one that counts its runs."""
    calls = []

    def add_tags(conn: sqlite3.Connection) -> None:
        calls.append(conn.execute("PRAGMA user_version").fetchone()[0])
        conn.execute("CREATE TABLE tags (id INTEGER PRIMARY KEY, label TEXT NOT NULL)")
        conn.execute("ALTER TABLE meetings ADD COLUMN tag TEXT NOT NULL DEFAULT ''")

    monkeypatch.setattr(schema, "SCHEMA_VERSION", CURRENT + 1)
    monkeypatch.setattr(schema, "MIGRATIONS", {**REAL_MIGRATIONS, CURRENT: add_tags})
    return calls


def _version(folder) -> int:
    conn = sqlite3.connect(folder / DB_NAME)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


def test_an_older_workbook_is_migrated_once(new_workbook, version_two):
    new_workbook.add(Meeting(date="2026-01-01", duration_min=30, mode="video"))
    Workbook.open(new_workbook.path)
    assert version_two == [CURRENT] and _version(new_workbook.path) == CURRENT + 1
    conn = sqlite3.connect(new_workbook.db_path)
    assert "tag" in _columns(conn, "meetings") and _columns(conn, "tags") == ["id", "label"]
    conn.close()
    Workbook.open(new_workbook.path)
    assert version_two == [CURRENT]
    assert Workbook.open(new_workbook.path).count("meetings") == 1


def test_a_failing_migration_changes_nothing(new_workbook, monkeypatch):
    new_workbook.add(Meeting(date="2026-01-01", duration_min=30, mode="video"))

    def half_done(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE tags (id INTEGER PRIMARY KEY)")
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(schema, "SCHEMA_VERSION", CURRENT + 1)
    monkeypatch.setattr(schema, "MIGRATIONS", {**REAL_MIGRATIONS, CURRENT: half_done})
    with pytest.raises(RuntimeError, match="disk on fire"):
        Workbook.open(new_workbook.path)
    conn = sqlite3.connect(new_workbook.db_path)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    conn.close()
    assert "tags" not in tables and _version(new_workbook.path) == CURRENT


def test_a_missing_migration_is_an_error_not_a_silent_upgrade(new_workbook, monkeypatch):
    monkeypatch.setattr(schema, "SCHEMA_VERSION", CURRENT + 2)
    monkeypatch.setattr(schema, "MIGRATIONS", {**REAL_MIGRATIONS, CURRENT: lambda conn: None})
    with pytest.raises(RuntimeError, match=f"no migration from schema {CURRENT + 1} to {CURRENT + 2}"):
        Workbook.open(new_workbook.path)
    assert _version(new_workbook.path) == CURRENT


def test_a_newer_version_still_in_the_wal_is_refused(new_workbook, monkeypatch):
    """Another kernel holds the workbook open, so the migration stays in the WAL, not the file header."""
    holder = sqlite3.connect(new_workbook.db_path)
    holder.execute("SELECT count(*) FROM meetings").fetchone()
    try:
        monkeypatch.setattr(schema, "SCHEMA_VERSION", CURRENT + 1)
        monkeypatch.setattr(schema, "MIGRATIONS", {**REAL_MIGRATIONS, CURRENT: lambda conn: None})
        Workbook.open(new_workbook.path)
        monkeypatch.setattr(schema, "SCHEMA_VERSION", CURRENT)
        monkeypatch.setattr(schema, "MIGRATIONS", REAL_MIGRATIONS)
        with pytest.raises(NotAWorkbookError, match="newer mentorkit"):
            Workbook.open(new_workbook.path)
    finally:
        holder.close()


def test_create_schema_runs_every_migration(monkeypatch):
    ran = []
    monkeypatch.setattr(schema, "SCHEMA_VERSION", 3)
    monkeypatch.setattr(schema, "MIGRATIONS", {1: lambda c: ran.append(1), 2: lambda c: ran.append(2)})
    conn = sqlite3.connect(":memory:")
    schema.create_schema(conn)
    assert ran == [1, 2] and conn.execute("PRAGMA user_version").fetchone()[0] == 3


# -- the real migrations ----------------------------------------------------------------------


def _schema_one_workbook(folder, monkeypatch):
    """A workbook as mentorkit wrote it at schema 1, with a row in every table that schema 2 changes."""
    with monkeypatch.context() as m:
        m.setattr(schema, "SCHEMA_VERSION", 1)
        Workbook.create(folder, "Old Timer")
    conn = sqlite3.connect(folder / DB_NAME, isolation_level=None)
    conn.executescript("""
        BEGIN;
        INSERT INTO candidates (id, name, organization, same_organization, relationship, respect, values_fit,
                                path_similarity) VALUES (1, 'Helen Strand', 'Brightwater', 0, 'acquaintance', 5, 5, 4);
        INSERT INTO interviews (id, person, candidate_id, date, duration_min, takeaways, follow_up_on)
            VALUES (1, 'Helen Strand', 1, '2025-12-09', 20, 'She moved from operations.', '2026-02-08');
        INSERT INTO requests (id, candidate_id, sent_on, text, outcome, outcome_on)
            VALUES (1, 1, '2026-02-03', 'Dear Helen, ...', 'accepted', '2026-02-09');
        INSERT INTO agreements (id, candidate_id, mentor_name, start, duration_months, meetings_per_month)
            VALUES (1, 1, 'Helen Strand', '2026-02-16', 12, 1.0);
        INSERT INTO meetings (id, date, duration_min, mode, notes) VALUES (1, '2026-02-20', 60, 'video', 'first');
        COMMIT;
    """)
    conn.close()
    return folder


def test_a_schema_one_workbook_migrates_to_the_current_schema_with_nothing_lost(tmp_path, monkeypatch):
    folder = _schema_one_workbook(tmp_path / "old", monkeypatch)
    assert check_header(folder / DB_NAME) == 1
    wb = Workbook.open(folder)
    assert _version(folder) == schema.SCHEMA_VERSION
    conn = sqlite3.connect(folder / DB_NAME)
    for table, cls in RECORD_TYPES.items():
        assert _columns(conn, table) == ["id"] + cls.columns()
    conn.close()
    talk = wb.get("interviews", 1)
    assert (talk.person, talk.takeaways, str(talk.follow_up_on)) == ("Helen Strand", "She moved from operations.",
                                                                     "2026-02-08")
    assert talk.followed_up_on is None and talk.kind == "interview"
    request = wb.get("requests", 1)
    assert request.channel == "written" and request.text == "Dear Helen, ..." and request.outcome == "accepted"
    agreement = wb.agreement
    assert agreement.mentor_name == "Helen Strand" and agreement.ended_on is None and agreement.ending == ""
    assert wb.get("meetings", 1).notes == "first" and wb.mentee_name == "Old Timer"
    assert wb.integrity_check() == "ok"


def test_the_real_migration_is_one_transaction(tmp_path, monkeypatch):
    """A failure half-way through schema 1 -> 2 leaves the schema 1 file exactly as it was."""
    folder = _schema_one_workbook(tmp_path / "old", monkeypatch)
    real = schema.MIGRATIONS[1]

    def fails_after(conn):
        real(conn)
        raise RuntimeError("power cut")

    monkeypatch.setitem(schema.MIGRATIONS, 1, fails_after)
    with pytest.raises(RuntimeError, match="power cut"):
        Workbook.open(folder)
    conn = sqlite3.connect(folder / DB_NAME)
    assert "followed_up_on" not in _columns(conn, "interviews") and "channel" not in _columns(conn, "requests")
    assert conn.execute("SELECT count(*) FROM interviews").fetchone()[0] == 1
    conn.close()
    assert _version(folder) == 1
    monkeypatch.setitem(schema.MIGRATIONS, 1, real)
    assert Workbook.open(folder).get("interviews", 1).person == "Helen Strand"
