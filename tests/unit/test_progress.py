"""Goal Attainment Scaling and follow-through (mentorkit.progress)."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from mentorkit import ActionItem, Goal, GoalLevel, Workbook
from mentorkit.progress import current_tscore, follow_through, gas_tscore, judge_action, tscore_history

D = dt.date


# -- gas_tscore: hand-computed values ---------------------------------------------------


@pytest.mark.parametrize(
    "levels, weights, expected",
    [
        ([0, 0, 0], None, 50.0),
        ([2], None, 70.0),  # one goal: denominator sqrt(0.7 + 0.3) = 1
        ([-2], None, 30.0),
        ([1, 1], None, 50 + 20 / math.sqrt(0.7 * 2 + 0.3 * 4)),  # 62.4035
        ([-1, -1, -1, -1], None, 50 - 40 / math.sqrt(0.7 * 4 + 0.3 * 16)),  # 35.4914
        ([2, -1], [3, 1], 50 + 10 * 5 / math.sqrt(0.7 * 10 + 0.3 * 16)),  # 64.5556
        ([1, 0, -2], [2, 1, 1], 50 + 10 * 0 / math.sqrt(0.7 * 6 + 0.3 * 16)),  # weighted sum zero
        ([1, 2], [0.5, 1.5], 50 + 10 * 3.5 / math.sqrt(0.7 * 2.5 + 0.3 * 4)),
    ],
)
def test_gas_tscore_matches_hand_computation(levels, weights, expected):
    assert gas_tscore(levels, weights) == pytest.approx(expected, abs=1e-9)


def test_gas_tscore_known_decimal_values():
    assert gas_tscore([1, 1]) == pytest.approx(62.4035, abs=1e-4)
    assert gas_tscore([2, -1], [3, 1]) == pytest.approx(64.5556, abs=1e-4)


def test_gas_tscore_rho_changes_the_denominator():
    # rho = 0: plain root-sum-of-squares; two goals at +1 give 50 + 20 / sqrt(2)
    assert gas_tscore([1, 1], rho=0) == pytest.approx(50 + 20 / math.sqrt(2))
    assert gas_tscore([1, 1], rho=0.5) == pytest.approx(50 + 20 / math.sqrt(0.5 * 2 + 0.5 * 4))


def test_equal_weights_equal_unweighted():
    assert gas_tscore([1, -1, 2], [4, 4, 4]) == pytest.approx(gas_tscore([1, -1, 2]))


def test_accepts_numpy_and_pandas_integers_and_tuples():
    assert gas_tscore(np.array([1, 1])) == pytest.approx(gas_tscore([1, 1]))
    assert gas_tscore(pd.Series([1, 1], dtype="Int64")) == pytest.approx(gas_tscore([1, 1]))
    assert gas_tscore((2,), (1.5,)) == 70.0
    assert gas_tscore([2.0]) == 70.0  # an integral float is an integer level


@pytest.mark.parametrize(
    "levels, weights, fragment",
    [
        ([], None, "empty"),
        ([1.5], None, "levels[0]"),
        ([3], None, "outside"),
        ([0, -3], None, "levels[1]"),
        ([True], None, "boolean"),
        ([np.bool_(False)], None, "boolean"),
        (["1"], None, "not a GAS level"),
        ([None], None, "not a GAS level"),
        ([float("nan")], None, "not a GAS level"),
        ([1, 1], [1, 0], "weights[1]"),
        ([1], [-2], "positive"),
        ([1], [float("inf")], "positive"),
        ([1], [True], "not a number"),
        ([1], ["2"], "not a number"),
        ([1, 1], [1], "2 levels"),
        ([1], [1, 1], "2 weights"),
        ("12", None, "text"),
    ],
)
def test_gas_tscore_rejects_bad_input(levels, weights, fragment):
    with pytest.raises(ValueError) as info:
        gas_tscore(levels, weights)
    assert fragment in str(info.value)


@pytest.mark.parametrize("rho", [-0.1, 1, 1.5, True, "0.3"])
def test_gas_tscore_rejects_bad_rho(rho):
    with pytest.raises(ValueError, match="rho"):
        gas_tscore([1], rho=rho)


# -- tscore_history ---------------------------------------------------------------------------


def _goals(*rows):
    return pd.DataFrame(
        [{"id": i, "weight": w, "baseline_level": b, "created_on": pd.Timestamp(c) if c else pd.NaT, "active": a}
         for i, w, b, c, a in rows]
    )


def _levels(*rows):
    return pd.DataFrame([{"id": n, "goal_id": g, "date": pd.Timestamp(d), "level": lv} for n, (g, d, lv) in enumerate(rows, 1)])


def test_history_carries_the_latest_level_forward():
    goals = _goals((1, 2.0, -1, "2026-02-01", True), (2, 1.0, -1, "2026-02-01", True))
    levels = _levels((1, "2026-05-01", 0), (2, "2026-08-01", 1), (1, "2026-08-01", 1))
    h = tscore_history(goals, levels)
    assert list(h["date"].dt.date) == [D(2026, 2, 1), D(2026, 5, 1), D(2026, 8, 1)]
    assert h["tscore"].iloc[0] == pytest.approx(gas_tscore([-1, -1], [2, 1]))
    assert h["tscore"].iloc[1] == pytest.approx(gas_tscore([0, -1], [2, 1]))  # goal 2 still at baseline
    assert h["tscore"].iloc[2] == pytest.approx(gas_tscore([1, 1], [2, 1]))  # both updates of that date applied
    assert list(h["goal_1"]) == [-1, 0, 1] and list(h["goal_2"]) == [-1, -1, 1]
    assert list(h["goals"]) == [2, 2, 2]
    assert str(h["date"].dtype).startswith("datetime64")


def test_history_goal_entering_later_and_inactive_goals_ignored():
    goals = _goals((1, 1.0, 0, "2026-01-01", True), (2, 1.0, -2, "2026-03-01", True), (3, 5.0, 2, "2026-01-01", False))
    levels = _levels((3, "2026-02-01", -2), (1, "2026-02-01", 1))
    h = tscore_history(goals, levels)
    assert "goal_3" not in h.columns
    assert list(h["goals"]) == [1, 1, 2]
    assert pd.isna(h["goal_2"].iloc[0]) and h["goal_2"].iloc[2] == -2
    assert h["tscore"].iloc[1] == pytest.approx(60.0)
    assert h["tscore"].iloc[2] == pytest.approx(gas_tscore([1, -2]))


def test_history_as_of_drops_later_updates_and_goals():
    goals = _goals((1, 1.0, -1, "2026-01-01", True), (2, 1.0, -1, "2026-06-01", True))
    levels = _levels((1, "2026-03-01", 0), (1, "2026-09-01", 2))
    h = tscore_history(goals, levels, as_of=D(2026, 5, 31))
    assert list(h["date"].dt.date) == [D(2026, 1, 1), D(2026, 3, 1)]
    assert current_tscore(goals, levels, D(2026, 5, 31)) == pytest.approx(50.0)
    assert current_tscore(goals, levels, D(2026, 12, 1)) == pytest.approx(gas_tscore([2, -1]))


def test_history_without_created_on_starts_at_the_first_known_date():
    goals = _goals((1, 1.0, -1, None, True), (2, 1.0, -2, None, True))
    levels = _levels((1, "2026-04-01", 0))
    h = tscore_history(goals, levels)
    assert list(h["date"].dt.date) == [D(2026, 4, 1)]
    assert h["tscore"].iloc[0] == pytest.approx(gas_tscore([0, -2]))


def test_history_empty_cases():
    assert tscore_history(pd.DataFrame(), pd.DataFrame()).empty
    assert tscore_history(_goals((1, 1.0, -1, None, True)), pd.DataFrame()).empty  # no date known at all
    assert current_tscore(pd.DataFrame(), pd.DataFrame(), D(2026, 1, 1)) is None


def test_history_from_a_real_workbook(tmp_path):
    wb = Workbook.create(tmp_path / "wb", "Test Mentee")
    g1 = wb.add(Goal(title="Lead a project", weight=2, baseline_level=-1, created_on=D(2026, 2, 1)))
    g2 = wb.add(Goal(title="Learn finance", baseline_level=-2, created_on=D(2026, 2, 1)))
    wb.add_many([GoalLevel(goal_id=g1, date=D(2026, 5, 1), level=0), GoalLevel(goal_id=g2, date=D(2026, 5, 1), level=-1)])
    h = tscore_history(wb.table("goals"), wb.table("goal_levels"))
    assert len(h) == 2
    assert h["tscore"].iloc[-1] == pytest.approx(gas_tscore([0, -1], [2, 1]))
    empty = Workbook.create(tmp_path / "empty", "Nobody Yet")
    assert tscore_history(empty.table("goals"), empty.table("goal_levels")).empty


# -- follow_through: the boundaries -------------------------------------------------------

AS_OF = D(2026, 6, 10)


def _action(**kw):
    row = {"id": 1, "status": "open", "due": None, "done_on": None, "renegotiated_on": None, "renegotiated_due": None}
    row.update(kw)
    for key in ("due", "done_on", "renegotiated_on", "renegotiated_due"):
        row[key] = pd.Timestamp(row[key]) if row[key] else pd.NaT
    return row


def _one(**kw):
    return judge_action(_action(**kw), AS_OF)


def test_open_action_due_today_is_due_and_not_kept():
    v = _one(due="2026-06-10")
    assert (v.due, v.kept, v.verdict) == (True, False, "due_today")


def test_open_action_due_tomorrow_is_not_due():
    v = _one(due="2026-06-11")
    assert (v.due, v.kept, v.verdict) == (False, False, "not_due")


def test_open_action_past_due_is_overdue():
    v = _one(due="2026-06-09")
    assert (v.due, v.kept, v.verdict) == (True, False, "overdue")


def test_done_on_the_due_date_is_kept_and_a_day_late_is_not():
    on_time = _one(due="2026-06-01", status="done", done_on="2026-06-01")
    late = _one(due="2026-06-01", status="done", done_on="2026-06-02")
    assert (on_time.due, on_time.kept, on_time.verdict) == (True, True, "kept")
    assert (late.due, late.kept, late.verdict) == (True, False, "late")


def test_done_early_counts_as_due_and_kept_before_its_due_date():
    v = _one(due="2026-07-01", status="done", done_on="2026-06-05")
    assert (v.due, v.kept) == (True, True)


def test_dropped_is_due_and_not_kept_even_before_its_due_date():
    v = _one(due="2026-12-01", status="dropped")
    assert (v.due, v.kept, v.verdict) == (True, False, "dropped")


def test_renegotiated_the_day_before_the_due_date_moves_it():
    v = _one(due="2026-06-05", status="renegotiated", renegotiated_on="2026-06-04", renegotiated_due="2026-06-20")
    assert v.effective_due == D(2026, 6, 20)
    assert (v.due, v.kept, v.verdict) == (False, False, "not_due")


def test_renegotiated_on_the_due_date_is_too_late():
    v = _one(due="2026-06-05", status="renegotiated", renegotiated_on="2026-06-05", renegotiated_due="2026-06-20")
    assert v.effective_due == D(2026, 6, 5)
    assert (v.due, v.kept, v.verdict) == (True, False, "overdue")


def test_renegotiated_in_time_and_new_date_today_is_kept():
    v = _one(due="2026-06-01", status="renegotiated", renegotiated_on="2026-05-20", renegotiated_due="2026-06-10")
    assert (v.due, v.kept, v.verdict) == (True, True, "kept_renegotiated")


def test_renegotiated_in_time_but_overdue_on_the_new_date_is_not_kept():
    v = _one(due="2026-06-01", status="renegotiated", renegotiated_on="2026-05-20", renegotiated_due="2026-06-09")
    assert (v.due, v.kept, v.verdict) == (True, False, "overdue")


def test_done_after_renegotiation_is_judged_against_the_new_date():
    kept = _one(due="2026-05-01", status="done", done_on="2026-05-10", renegotiated_on="2026-04-28",
                renegotiated_due="2026-05-15")
    late = _one(due="2026-05-01", status="done", done_on="2026-05-10", renegotiated_on="2026-05-01",
                renegotiated_due="2026-05-15")
    assert kept.kept and not late.kept


def test_events_after_as_of_have_not_happened_yet():
    done_later = _one(due="2026-06-01", status="done", done_on="2026-06-15")
    reneg_later = _one(due="2026-06-01", status="renegotiated", renegotiated_on="2026-06-11",
                       renegotiated_due="2026-07-01")
    assert done_later.verdict == "overdue"
    assert reneg_later.effective_due == D(2026, 6, 1) and reneg_later.verdict == "overdue"


def test_no_due_date():
    assert _one().verdict == "not_due"
    v = _one(status="done", done_on="2026-06-01")
    assert (v.due, v.kept) == (True, True)


def test_follow_through_rate_and_counts():
    actions = pd.DataFrame([
        _action(id=1, due="2026-06-01", status="done", done_on="2026-05-30"),  # kept
        _action(id=2, due="2026-06-01", status="done", done_on="2026-06-02"),  # late
        _action(id=3, due="2026-06-01", status="renegotiated", renegotiated_on="2026-05-25",
                renegotiated_due="2026-06-30"),  # not due
        _action(id=4, due="2026-06-02"),  # overdue
        _action(id=5, due="2026-08-01"),  # not due
    ])
    ft = follow_through(actions, AS_OF)
    assert (ft.kept, ft.due) == (1, 3)
    assert ft.rate == pytest.approx(1 / 3)
    assert [v.action_id for v in ft.verdicts] == [1, 2, 3, 4, 5]
    frame = ft.frame()
    assert list(frame["verdict"]) == ["kept", "late", "not_due", "overdue", "not_due"]
    assert "1 of 3" in str(ft)


def test_follow_through_with_nothing_due_has_no_rate():
    ft = follow_through(pd.DataFrame([_action(due="2026-09-01")]), AS_OF)
    assert ft.rate is None and ft.due == 0 and "no action is due" in str(ft)
    empty = follow_through(pd.DataFrame(), AS_OF)
    assert empty.rate is None and empty.verdicts == ()


def test_follow_through_on_a_workbook_table(tmp_path):
    wb = Workbook.create(tmp_path / "wb", "Test Mentee")
    wb.add_many([
        ActionItem(description="Read the book", due=D(2026, 6, 1), status="done", done_on=D(2026, 6, 1)),
        ActionItem(description="Call Sam", due=D(2026, 6, 1), status="renegotiated",
                   renegotiated_on=D(2026, 5, 31), renegotiated_due=D(2026, 6, 10)),
        ActionItem(description="Draft the plan", due=D(2026, 6, 3)),
    ])
    ft = follow_through(wb.table("actions"), AS_OF)
    assert (ft.kept, ft.due) == (2, 3)
    assert follow_through(Workbook.create(tmp_path / "e", "E").table("actions"), AS_OF).rate is None


def test_follow_through_rejects_a_non_date():
    with pytest.raises(TypeError, match="as_of"):
        follow_through(pd.DataFrame(), "2026-06-10")
