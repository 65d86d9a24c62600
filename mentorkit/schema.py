"""The workbook's SQLite schema, its version, and the migrations between versions.

The DDL is written out by hand, not generated from the models, so that a
change to a model cannot change a stored schema without a migration.
"""

from __future__ import annotations

import sqlite3
from typing import Callable

APPLICATION_ID = 0x4D4B5442  # "MKTB": marks a SQLite file as a mentorkit workbook
SCHEMA_VERSION = 3

DDL_V1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE profile (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    career_goals TEXT NOT NULL DEFAULT '', skills TEXT NOT NULL DEFAULT '',
    knowledge TEXT NOT NULL DEFAULT '', alliances TEXT NOT NULL DEFAULT '',
    help_wanted TEXT NOT NULL DEFAULT '', ideal_mentor TEXT NOT NULL DEFAULT '',
    expectations TEXT NOT NULL DEFAULT ''
);
CREATE TABLE goals (
    id INTEGER PRIMARY KEY, title TEXT NOT NULL, description TEXT NOT NULL DEFAULT '',
    area TEXT NOT NULL, weight REAL NOT NULL CHECK (weight > 0),
    baseline_level INTEGER NOT NULL CHECK (baseline_level BETWEEN -2 AND 2),
    level_minus2 TEXT NOT NULL DEFAULT '', level_minus1 TEXT NOT NULL DEFAULT '',
    level_0 TEXT NOT NULL DEFAULT '', level_plus1 TEXT NOT NULL DEFAULT '',
    level_plus2 TEXT NOT NULL DEFAULT '', created_on TEXT, active INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE goal_levels (
    id INTEGER PRIMARY KEY, goal_id INTEGER NOT NULL REFERENCES goals(id) ON DELETE CASCADE,
    date TEXT NOT NULL, level INTEGER NOT NULL CHECK (level BETWEEN -2 AND 2), note TEXT NOT NULL DEFAULT ''
);
CREATE TABLE candidates (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, organization TEXT NOT NULL,
    same_organization INTEGER NOT NULL, relationship TEXT NOT NULL,
    respect INTEGER NOT NULL, values_fit INTEGER NOT NULL, path_similarity INTEGER NOT NULL,
    role TEXT NOT NULL DEFAULT '', senior INTEGER NOT NULL DEFAULT 1, found_via TEXT NOT NULL DEFAULT '',
    connection_route TEXT NOT NULL DEFAULT '', status TEXT NOT NULL DEFAULT 'researching',
    notes TEXT NOT NULL DEFAULT ''
);
CREATE TABLE interviews (
    id INTEGER PRIMARY KEY, person TEXT NOT NULL,
    candidate_id INTEGER REFERENCES candidates(id) ON DELETE SET NULL,
    date TEXT NOT NULL, duration_min INTEGER NOT NULL, questions TEXT NOT NULL DEFAULT '',
    takeaways TEXT NOT NULL DEFAULT '', flow INTEGER, star INTEGER NOT NULL DEFAULT 0,
    thanked_on TEXT, connection_sent INTEGER NOT NULL DEFAULT 0, follow_up_on TEXT
);
CREATE TABLE requests (
    id INTEGER PRIMARY KEY, candidate_id INTEGER NOT NULL REFERENCES candidates(id) ON DELETE CASCADE,
    drafted_on TEXT, sent_on TEXT, text TEXT NOT NULL DEFAULT '', outcome TEXT NOT NULL DEFAULT 'pending',
    outcome_on TEXT, notes TEXT NOT NULL DEFAULT ''
);
CREATE TABLE agreements (
    id INTEGER PRIMARY KEY, candidate_id INTEGER REFERENCES candidates(id) ON DELETE SET NULL,
    mentor_name TEXT NOT NULL DEFAULT '', start TEXT NOT NULL, duration_months INTEGER NOT NULL,
    meetings_per_month REAL NOT NULL, confidentiality TEXT NOT NULL DEFAULT '',
    scheduler TEXT NOT NULL DEFAULT 'mentee', progress_recording TEXT NOT NULL DEFAULT '',
    no_fault_ending INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE meetings (
    id INTEGER PRIMARY KEY, date TEXT NOT NULL, duration_min INTEGER NOT NULL CHECK (duration_min > 0),
    mode TEXT NOT NULL, objectives TEXT NOT NULL DEFAULT '', notes TEXT NOT NULL DEFAULT '',
    gave_back TEXT NOT NULL DEFAULT ''
);
CREATE TABLE actions (
    id INTEGER PRIMARY KEY, description TEXT NOT NULL,
    meeting_id INTEGER REFERENCES meetings(id) ON DELETE SET NULL,
    owner TEXT NOT NULL DEFAULT 'mentee', due TEXT, status TEXT NOT NULL DEFAULT 'open',
    done_on TEXT, renegotiated_on TEXT, renegotiated_due TEXT
);
CREATE TABLE feedback (
    id INTEGER PRIMARY KEY, date TEXT NOT NULL,
    meeting_id INTEGER REFERENCES meetings(id) ON DELETE SET NULL,
    text TEXT NOT NULL DEFAULT '', kind TEXT NOT NULL DEFAULT 'suggestion', response TEXT NOT NULL DEFAULT ''
);
CREATE TABLE checkins (
    id INTEGER PRIMARY KEY, date TEXT NOT NULL,
    value_to_me INTEGER NOT NULL, value_to_mentor INTEGER NOT NULL, interest INTEGER NOT NULL,
    encouragement INTEGER NOT NULL, connection INTEGER NOT NULL, candour INTEGER NOT NULL,
    wish_to_continue INTEGER NOT NULL, comment TEXT NOT NULL DEFAULT ''
);
CREATE INDEX meetings_by_date ON meetings(date);
CREATE INDEX goal_levels_by_goal ON goal_levels(goal_id, date);
CREATE INDEX actions_by_meeting ON actions(meeting_id);
"""



def _v1_to_v2(conn: sqlite3.Connection) -> None:
    """Schema 2: follow-ups marked done and coffees (interviews), in-person asks (requests), endings (agreements).

    Only columns are added, each with a default, so every stored row keeps its values.
    """
    for statement in (
        "ALTER TABLE interviews ADD COLUMN followed_up_on TEXT",
        "ALTER TABLE interviews ADD COLUMN kind TEXT NOT NULL DEFAULT 'interview'",
        "ALTER TABLE requests ADD COLUMN channel TEXT NOT NULL DEFAULT 'written'",
        "ALTER TABLE agreements ADD COLUMN ended_on TEXT",
        "ALTER TABLE agreements ADD COLUMN ending TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE agreements ADD COLUMN closing_notes TEXT NOT NULL DEFAULT ''",
    ):
        conn.execute(statement)


def _v2_to_v3(conn: sqlite3.Connection) -> None:
    """Schema 3: the mentor's own answers to a check-in, from the page they filled in (G6.1, G6.2).

    A new table only; the ids of the pages a workbook made live in `meta` (`mentor_page.<id>`).
    """
    conn.execute("""CREATE TABLE mentor_checkins (
    id INTEGER PRIMARY KEY, page_id TEXT NOT NULL, date TEXT NOT NULL,
    value_to_mentor INTEGER NOT NULL, value_to_mentee INTEGER NOT NULL, interest INTEGER NOT NULL,
    connection INTEGER NOT NULL, candour INTEGER NOT NULL, wish_to_continue INTEGER NOT NULL,
    comment TEXT NOT NULL DEFAULT '', answered_on TEXT, received_on TEXT
)""")
    conn.execute("CREATE INDEX mentor_checkins_by_page ON mentor_checkins(page_id)")


# MIGRATIONS[v] upgrades a workbook from schema v to v + 1, inside one transaction.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {1: _v1_to_v2, 2: _v2_to_v3}


def create_schema(conn: sqlite3.Connection) -> None:
    """Create the current schema in an empty database (caller holds the transaction)."""
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    for statement in DDL_V1.split(";"):
        if statement.strip():
            conn.execute(statement)
    version = 1
    while version < SCHEMA_VERSION:
        MIGRATIONS[version](conn)
        version += 1
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def migrate(conn: sqlite3.Connection, from_version: int) -> int:
    """Bring a workbook up to SCHEMA_VERSION (caller holds the transaction); returns steps run."""
    version = from_version
    while version < SCHEMA_VERSION:
        if version not in MIGRATIONS:
            raise RuntimeError(f"no migration from schema {version} to {version + 1}")
        MIGRATIONS[version](conn)
        version += 1
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    return version - from_version
