"""Workbooks with a marker in every private field, for the tests of shares and of what reaches a facilitator."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from mentorkit import (
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
    Workbook,
)
from mentorkit.model import PRIVATE_TEXT, RECORD_TYPES, MentorCheckIn

MARKER = "QZXSHAREMARKER"
DELETED = "QZXDELETEDNOTE"  # written, then deleted before sharing: must not survive in the share's bytes


def marked_workbook(folder: Path, *, start: dt.date = dt.date(2026, 3, 2)) -> Workbook:
    """A workbook with a row in every table, enough data for every metric, and the marker in every private
    text field of every row (set through SQL after the rows are added, so a new private field is covered
    without editing this helper) and in the mentee's name; plus a meeting written and deleted."""
    wb = Workbook.create(folder, f"{MARKER} mentee name")
    wb.set_profile(Profile(career_goals="x", help_wanted=["career"]))
    cid = wb.add(Candidate(name="x", organization="x", same_organization=False, relationship="acquaintance",
                           respect=4, values_fit=4, path_similarity=3))
    wb.add(Interview(person="x", candidate_id=cid, date=start, flow=4, star=True))
    wb.add(Request(candidate_id=cid, text="x", sent_on=start, outcome="accepted", outcome_on=start))
    wb.add(Agreement(candidate_id=cid, start=start, meetings_per_month=2))
    meetings = wb.add_many([Meeting(date=start + dt.timedelta(days=20 * i), duration_min=45, mode="video")
                            for i in range(6)])
    wb.add_many([ActionItem(description="x", meeting_id=meetings[i], due=start + dt.timedelta(days=20 * i + 10),
                            status="done" if i % 2 else "open",
                            done_on=start + dt.timedelta(days=20 * i + 8) if i % 2 else None) for i in range(5)])
    wb.add(Feedback(date=start, meeting_id=meetings[0], text="x", response="x"))
    goals = [wb.add(Goal(title="x", weight=1 + i, baseline_level=-1, created_on=start)) for i in range(2)]
    wb.add_many([GoalLevel(goal_id=g, date=start + dt.timedelta(days=40 + 30 * i), level=i)
                 for i, g in enumerate(goals)])
    wb.add_many([CheckIn(date=start + dt.timedelta(days=60 + 40 * i), value_to_me=4, value_to_mentor=4 - i, interest=4,
                         encouragement=4, connection=3, candour=4, wish_to_continue=4 - 2 * i) for i in range(2)])
    wb.add(MentorCheckIn(page_id="page1", date=start + dt.timedelta(days=60), value_to_mentor=3, value_to_mentee=4,
                         interest=4, connection=4, candour=4, wish_to_continue=4))
    conn = sqlite3.connect(wb.db_path, isolation_level=None)
    try:
        conn.execute("BEGIN")
        for table, columns in PRIVATE_TEXT.items():
            sets = ", ".join(f"{c} = '{MARKER} {table}.{c} ' || id" for c in columns)
            conn.execute(f"UPDATE {table} SET {sets}")
        conn.execute("COMMIT")
        gone = wb.add(Meeting(date=start, duration_min=30, mode="phone", notes=f"{DELETED} " * 40))
        conn.execute("PRAGMA secure_delete = OFF")  # as some SQLite builds do: the deleted bytes stay in the file
        conn.execute("DELETE FROM meetings WHERE id = ?", (gone,))
    finally:
        conn.close()
    check_marked(wb)
    return wb


def check_marked(wb: Workbook) -> None:
    """Every private column of every table holds the marker, and the deleted note is still in the bytes."""
    conn = sqlite3.connect(wb.db_path)
    try:
        for table in RECORD_TYPES:
            assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0], f"no row in {table}"
            for column in PRIVATE_TEXT[table]:
                hits = conn.execute(f"SELECT count(*) FROM {table} WHERE {column} LIKE ?", (f"%{MARKER}%",))
                assert hits.fetchone()[0], f"the marker is missing from {table}.{column}"
    finally:
        conn.close()
    assert any(DELETED.encode() in p.read_bytes() for p in wb.path.glob("workbook.sqlite*")), \
        "the deleted note should still be in the original's bytes (else the test proves nothing)"


def bytes_hold(folder: Path, *needles: str) -> list[str]:
    """The files under `folder` whose bytes hold any needle (as UTF-8 or UTF-16)."""
    found = []
    forms = [n.encode(enc) for n in needles for enc in ("utf-8", "utf-16-le", "utf-16-be")]
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if any(form in data for form in forms):
            found.append(path.relative_to(folder).as_posix())
    return found
