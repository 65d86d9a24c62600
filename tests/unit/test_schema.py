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


@pytest.fixture
def version_two(monkeypatch):
    """Pretend mentorkit is at schema 2, with a migration 1 -> 2 that counts its runs."""
    calls = []

    def add_tags(conn: sqlite3.Connection) -> None:
        calls.append(conn.execute("PRAGMA user_version").fetchone()[0])
        conn.execute("CREATE TABLE tags (id INTEGER PRIMARY KEY, label TEXT NOT NULL)")
        conn.execute("ALTER TABLE meetings ADD COLUMN tag TEXT NOT NULL DEFAULT ''")

    monkeypatch.setattr(schema, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(schema, "MIGRATIONS", {1: add_tags})
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
    assert version_two == [1] and _version(new_workbook.path) == 2
    conn = sqlite3.connect(new_workbook.db_path)
    assert "tag" in _columns(conn, "meetings") and _columns(conn, "tags") == ["id", "label"]
    conn.close()
    Workbook.open(new_workbook.path)
    assert version_two == [1]
    assert Workbook.open(new_workbook.path).count("meetings") == 1


def test_a_failing_migration_changes_nothing(new_workbook, monkeypatch):
    new_workbook.add(Meeting(date="2026-01-01", duration_min=30, mode="video"))

    def half_done(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE tags (id INTEGER PRIMARY KEY)")
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(schema, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(schema, "MIGRATIONS", {1: half_done})
    with pytest.raises(RuntimeError, match="disk on fire"):
        Workbook.open(new_workbook.path)
    conn = sqlite3.connect(new_workbook.db_path)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    conn.close()
    assert "tags" not in tables and _version(new_workbook.path) == 1


def test_a_missing_migration_is_an_error_not_a_silent_upgrade(new_workbook, monkeypatch):
    monkeypatch.setattr(schema, "SCHEMA_VERSION", 3)
    monkeypatch.setattr(schema, "MIGRATIONS", {1: lambda conn: None})
    with pytest.raises(RuntimeError, match="no migration from schema 2 to 3"):
        Workbook.open(new_workbook.path)
    assert _version(new_workbook.path) == 1


def test_a_newer_version_still_in_the_wal_is_refused(new_workbook, monkeypatch):
    """Another kernel holds the workbook open, so the migration stays in the WAL, not the file header."""
    holder = sqlite3.connect(new_workbook.db_path)
    holder.execute("SELECT count(*) FROM meetings").fetchone()
    try:
        monkeypatch.setattr(schema, "SCHEMA_VERSION", 2)
        monkeypatch.setattr(schema, "MIGRATIONS", {1: lambda conn: None})
        Workbook.open(new_workbook.path)
        monkeypatch.setattr(schema, "SCHEMA_VERSION", 1)
        monkeypatch.setattr(schema, "MIGRATIONS", {})
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
