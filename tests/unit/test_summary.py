"""The cohort summary: exact columns, hand-computed values, and agreement with the defining modules."""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from mentorkit import ActionItem, Agreement, CheckIn, Goal, GoalLevel, Meeting, Workbook
from mentorkit.cli import main
from mentorkit.cohort import summarise_cohort
from mentorkit.cohort.roster import read_roster
from mentorkit.cohort.summary import _QUERIES, COLUMNS, EXTRA_COLUMNS, csv_rows, read_cohort, summary_frame
from mentorkit.metrics import participant_metrics, participant_row
from mentorkit.model import PRIVATE_TEXT

AS_OF = dt.date(2026, 6, 30)
HEADER = "participant_id,meetings,days_since_last,planned_interval_days,gap_ratio,follow_through,gas_tscore," \
         "last_checkin_health,at_risk,reasons"


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def checkin(day: str, me: int, mentor: int, interest: int, enc: int, conn: int, candour: int, wish: int) -> CheckIn:
    return CheckIn(date=d(day), value_to_me=me, value_to_mentor=mentor, interest=interest, encouragement=enc,
                   connection=conn, candour=candour, wish_to_continue=wish)


@pytest.fixture
def hand_cohort(tmp_path) -> Path:
    """Four participants whose summary rows are worked out by hand below."""
    root = tmp_path / "cohort"
    a1 = Workbook.create(root / "a1", "Participant A")
    a1.add(Agreement(start=d("2026-01-01"), meetings_per_month=2))  # planned every 15 days
    a1.add_many([Meeting(date=d(x), duration_min=45, mode="video") for x in ("2026-05-01", "2026-05-31", "2026-07-10")])
    a1.add_many([
        checkin("2026-03-01", 4, 4, 4, 4, 4, 4, 4),  # health 4.0
        checkin("2026-06-01", 5, 2, 3, 3, 3, 3, 3),  # health 22/7; mentor's value 2: one-way; a fall of 0.86: fading
        checkin("2026-07-02", 1, 1, 1, 1, 1, 1, 1),  # after the as-of date: not yet
    ])
    a1.add_many([
        ActionItem(description="a", due=d("2026-03-01"), status="done", done_on=d("2026-02-28")),  # kept
        ActionItem(description="b", due=d("2026-03-01"), status="done", done_on=d("2026-03-05")),  # late
        ActionItem(description="c", due=d("2026-04-01")),  # overdue
        ActionItem(description="d", due=d("2026-04-01"), status="dropped"),  # due, not kept
        ActionItem(description="e", due=d("2026-08-01")),  # not due yet
    ])
    g1 = a1.add(Goal(title="g1", weight=1, baseline_level=-1, created_on=d("2026-01-01")))
    g2 = a1.add(Goal(title="g2", weight=2, baseline_level=-1, created_on=d("2026-01-01")))
    a1.add(Goal(title="g3", weight=5, baseline_level=2, created_on=d("2026-01-01"), active=False))
    a1.add_many([GoalLevel(goal_id=g1, date=d("2026-03-01"), level=0),
                 GoalLevel(goal_id=g1, date=d("2026-07-15"), level=2),  # after the as-of date
                 GoalLevel(goal_id=g2, date=d("2026-05-01"), level=1)])
    Workbook.create(root / "b2", "Participant B")  # nothing logged
    c3 = Workbook.create(root / "c3", "Participant C")
    c3.add(Agreement(start=d("2026-01-01"), meetings_per_month=1))  # 180 days and no meeting yet
    (root / "d4").mkdir()
    (root / "d4" / "workbook.sqlite").write_bytes(b"SQLite format 3\x00" + b"\x01" * 200)
    roster = root / "roster.csv"
    roster.write_text("participant_id,workbook\na1,a1\nb2,b2\nc3,c3\nd4,d4\n", encoding="utf-8")
    return roster


def test_summary_csv_matches_hand_computed_rows(hand_cohort, tmp_path):
    result = summarise_cohort(hand_cohort, tmp_path / "out", as_of=AS_OF, echo=lambda _: None)
    lines = (tmp_path / "out" / "summary.csv").read_text(encoding="utf-8").splitlines()
    # a1: 2 meetings to the date, the last 30 days ago; 30 / 15 = 2.0, past 1.5 (G5.5).
    # Follow-through 1 kept of 4 due = 0.25. T = 50 + 10 (1*0 + 2*1) / sqrt(0.7 * 5 + 0.3 * 9) = 58.03.
    tscore = 50 + 10 * 2 / math.sqrt(0.7 * 5 + 0.3 * 9)
    assert f"{tscore:.2f}" == "58.03"
    assert lines == [
        HEADER + ",ending,perception_gap",
        'a1,2,30,15,2,0.25,58.03,3.14,true,drift (G5.5);one_way (G6.1);fading (G6.4);low_follow_through (G5.4),,',
        "b2,0,,30,,,,,false,,,",
        "c3,0,,30,,,,,true,no_first_meeting (G5.5),,",
        "d4,,,,,,,,,,,",
    ]
    assert result.failed == ["d4"]
    assert result.at_risk == ["a1", "c3"]


def test_a_cohort_with_nothing_logged_yet(tmp_path):
    for name in ("e1", "e2"):
        Workbook.create(tmp_path / name, name)
    frame = summary_frame(read_cohort([("e1", tmp_path / "e1"), ("e2", tmp_path / "e2")], AS_OF))
    assert list(frame["meetings"]) == [0, 0]
    assert list(frame["planned_interval_days"]) == [30.0, 30.0]
    unknown = ["days_since_last", "gap_ratio", "follow_through", "gas_tscore", "last_checkin_health"]
    assert frame[unknown].isna().all().all()
    assert list(frame["at_risk"]) == [False, False] and list(frame["reasons"]) == ["", ""]


def test_columns_are_exactly_the_designed_ones():
    assert ",".join(COLUMNS) == HEADER
    assert EXTRA_COLUMNS == ("ending", "perception_gap")  # new columns only after `reasons`


def _ended(root, name, ending, *, ended_on="2026-03-01"):
    wb = Workbook.create(root / name, name)
    wb.add(Agreement(start=d("2025-09-01"), meetings_per_month=1, duration_months=6))
    wb.add(Meeting(date=d("2025-10-01"), duration_min=60, mode="video"))
    wb.add(CheckIn(date=d("2025-12-01"), value_to_me=2, value_to_mentor=5, interest=2, encouragement=2,
                   connection=2, candour=2, wish_to_continue=1))
    if ending:
        wb.update(wb.agreement.model_copy(update={"ended_on": d(ended_on), "ending": ending}))
    return wb


def test_a_relationship_that_ended_well_is_not_at_risk_and_says_how_it_ended(tmp_path):
    _ended(tmp_path, "running", "")
    _ended(tmp_path, "well", "let_go_mutual")
    _ended(tmp_path, "badly", "mentor_stepped_back")
    _ended(tmp_path, "later", "term_completed", ended_on="2026-12-01")  # recorded end after as_of
    roster = tmp_path / "roster.csv"
    roster.write_text("participant_id,workbook\nrunning,running\nwell,well\nbadly,badly\nlater,later\n",
                      encoding="utf-8")
    summarise_cohort(roster, tmp_path / "out", as_of=AS_OF, echo=lambda _: None)
    with open(tmp_path / "out" / "summary.csv", newline="", encoding="utf-8") as fh:
        rows = {r["participant_id"]: r for r in csv.DictReader(fh)}
    assert list(rows["well"])[:10] == HEADER.split(",") and list(rows["well"])[10] == "ending"
    assert rows["running"]["at_risk"] == "true" and "drift (G5.5)" in rows["running"]["reasons"]
    assert rows["well"]["at_risk"] == "false" and rows["well"]["reasons"] == ""
    assert rows["well"]["ending"] == "let_go_mutual"
    # ended badly: judged at its end date (the drift of a month later and beyond is not counted) ...
    assert "drift (G5.5)" in rows["badly"]["reasons"] and rows["badly"]["ending"] == "mentor_stepped_back"
    assert rows["later"]["ending"] == "" and rows["later"]["at_risk"] == "true"


def test_nothing_after_the_end_date_counts(tmp_path):
    wb = Workbook.create(tmp_path / "p", "p")
    wb.add(Agreement(start=d("2026-01-01"), meetings_per_month=1, duration_months=3))
    for day in ("2026-01-05", "2026-02-05", "2026-03-05"):
        wb.add(Meeting(date=d(day), duration_min=60, mode="video"))
    wb.update(wb.agreement.model_copy(update={"ended_on": d("2026-03-20"), "ending": "mentor_stepped_back"}))
    frame = summary_frame(read_cohort([("p", tmp_path / "p")], AS_OF)).iloc[0]
    assert frame["days_since_last"] > 45 and not frame["at_risk"]  # 15 days to the end: no drift after it
    assert participant_metrics(wb, AS_OF)["reasons"] == ""


def test_a_second_relationship_does_not_mix_with_the_first(tmp_path):
    wb = Workbook.create(tmp_path / "p", "p")
    wb.add(Agreement(start=d("2025-01-01"), meetings_per_month=0.5, duration_months=6, ended_on=d("2025-07-01"),
                     ending="term_completed"))
    for day in ("2025-01-05", "2025-03-05", "2025-05-05"):
        wb.add(Meeting(date=d(day), duration_min=60, mode="video"))
    wb.add(CheckIn(date=d("2025-06-01"), value_to_me=1, value_to_mentor=5, interest=1, encouragement=1,
                   connection=1, candour=1, wish_to_continue=1))
    wb.add(Agreement(start=AS_OF - dt.timedelta(days=20), meetings_per_month=1))
    wb.add(Meeting(date=AS_OF - dt.timedelta(days=10), duration_min=60, mode="video"))
    row = summary_frame(read_cohort([("p", tmp_path / "p")], AS_OF)).iloc[0]
    assert row["meetings"] == 1 and row["days_since_last"] == 10 and row["planned_interval_days"] == 30
    assert pd.isna(row["last_checkin_health"]) and not row["at_risk"] and row["ending"] == ""
    ref = participant_metrics(wb, AS_OF)
    assert ref["meetings"] == 1 and ref["last_checkin_health"] is None and ref["reasons"] == ""


def test_no_query_reads_a_private_text_column():
    sql = " ".join(_QUERIES.values()).lower()
    for table, columns in PRIVATE_TEXT.items():
        for column in columns:
            assert not re.search(rf"\b{column}\b", sql), f"{table}.{column} is read by the summary"
    assert "select *" not in sql


def test_cli_summary_exit_codes(hand_cohort, tmp_path):
    runner = CliRunner()
    bad = runner.invoke(main, ["cohort", "summary", str(hand_cohort), "--out", str(tmp_path / "o1"),
                               "--as-of", AS_OF.isoformat()])
    assert bad.exit_code == 1  # d4 could not be read
    assert "d4" in bad.output
    good_roster = hand_cohort.with_name("good.csv")
    good_roster.write_text("participant_id,workbook\na1,a1\nb2,b2\n", encoding="utf-8")
    good = runner.invoke(main, ["cohort", "summary", str(good_roster), "--out", str(tmp_path / "o2"),
                                "--as-of", AS_OF.isoformat()])
    assert good.exit_code == 0, good.output
    with open(tmp_path / "o2" / "summary.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["participant_id"] for r in rows] == ["a1", "b2"]
    assert {r["at_risk"] for r in rows} == {"true", "false"}


@pytest.fixture(scope="module")
def sample_roster(tmp_path_factory) -> Path:
    from mentorkit.sample import build_cohort

    return build_cohort(tmp_path_factory.mktemp("sample") / "cohort")


def _same(a, b) -> bool:
    if a is None or (isinstance(a, float) and math.isnan(a)):
        return b is None or (isinstance(b, float) and math.isnan(b))
    if isinstance(a, float) or isinstance(b, float):
        return b is not None and math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)
    return a == b


@pytest.mark.parametrize("as_of", [dt.date(2026, 11, 15), dt.date(2026, 6, 1), dt.date(2025, 1, 1)])
def test_vectorised_summary_equals_the_defining_functions(sample_roster, hand_cohort, as_of):
    """summary.py re-implements cadence, evaluation and progress for speed: it must agree with them, cell for cell."""
    import pandas as pd

    participants = list(read_roster(sample_roster).participants) + [
        p for p in read_roster(hand_cohort).participants if p.participant_id != "d4"]
    frame = summary_frame(read_cohort([(p.participant_id, p.workbook) for p in participants], as_of))
    assert len(frame) == len(participants) >= 15
    for p, row, cells in zip(participants, frame.to_dict("records"), csv_rows(frame)):
        wb = Workbook.open(p.workbook)
        assert list(participant_row(wb, as_of, p.participant_id).values()) == cells, p.participant_id
        expected = participant_metrics(wb, as_of)
        for key, want in expected.items():
            got = row[key]
            got = None if got is pd.NA else (got.item() if hasattr(got, "item") else got)
            assert _same(want, got), f"{p.participant_id} as of {as_of}: {key} = {got!r}, expected {want!r}"


def test_the_library_prints_nothing_itself_and_tells_warn_of_an_unreadable_workbook(tmp_path, capsys):
    Workbook.create(tmp_path / "fine", "F")
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "workbook.sqlite").write_text("not a database at all " * 20)
    roster = tmp_path / "roster.csv"
    roster.write_text("participant_id,workbook\nfine,fine\nbroken,broken\n", encoding="utf-8")
    summarise_cohort(roster, tmp_path / "quiet", as_of=AS_OF)
    assert capsys.readouterr() == ("", "")
    warnings: list[str] = []
    result = summarise_cohort(roster, tmp_path / "told", as_of=AS_OF, warn=warnings.append)
    assert result.failed == ["broken"]
    assert len(warnings) == 1 and "broken" in warnings[0] and "could not be read" in warnings[0]
