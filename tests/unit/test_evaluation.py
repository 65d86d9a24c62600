"""Check-ins: health, one-way, fading, the trend and the recommendation, each at its boundaries (G6.x)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from mentorkit import CheckIn, Meeting
from mentorkit.evaluation import (
    RATINGS,
    fading_reasons,
    health_frame,
    health_score,
    is_one_way,
    latest,
    recommend,
    trend,
)

AS_OF = dt.date(2026, 6, 30)


def rating(day: dt.date = dt.date(2026, 6, 1), **values: int) -> dict:
    row = {name: 4 for name in RATINGS}
    row.update(values)
    return {"date": pd.Timestamp(day), **row}


def frame(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


def test_health_is_the_mean_of_the_seven_ratings():
    assert health_score(rating()) == 4
    assert health_score(rating(value_to_me=5, candour=1, wish_to_continue=5)) == pytest.approx(27 / 7)


@pytest.mark.parametrize("me, mentor, one_way", [
    (4, 4, False), (5, 4, False), (5, 3, True), (3, 5, True), (3, 3, False), (2, 3, False), (3, 2, True), (2, 2, True),
])
def test_one_way_at_its_boundaries(me, mentor, one_way):
    assert is_one_way(me, mentor) is one_way


@pytest.mark.parametrize("values, fading", [
    ({"wish_to_continue": 3}, False), ({"wish_to_continue": 2}, True),
    # health exactly 3.0 is not fading; just under is
    ({n: 3 for n in RATINGS}, False),
    ({**{n: 3 for n in RATINGS}, "candour": 2}, True),
])
def test_fading_when_low(values, fading):
    assert bool(fading_reasons(rating(**values))) is fading


def test_fading_when_falling_since_the_previous_check_in():
    before = rating(dt.date(2026, 3, 1))  # health 4.0
    three_down = rating(interest=3, encouragement=3, connection=3)  # 25/7: fell by 3/7 (< 0.5)
    four_down = rating(interest=3, encouragement=3, connection=3, candour=3)  # 24/7: fell by 4/7 (>= 0.5)
    assert fading_reasons(three_down, before) == []
    assert "fell" in fading_reasons(four_down, before)[0]
    wish = rating(wish_to_continue=5)
    assert fading_reasons(rating(wish_to_continue=3), wish) == ["wish to continue fell from 5 to 3"]
    assert fading_reasons(rating(wish_to_continue=4), wish) == []


def test_health_frame_columns_sorted_and_cut_at_as_of():
    f = health_frame(frame(rating(dt.date(2026, 7, 1)), rating(dt.date(2026, 1, 1)), rating(dt.date(2026, 4, 1))),
                     AS_OF)
    assert list(f["date"].dt.date) == [dt.date(2026, 1, 1), dt.date(2026, 4, 1)]
    assert {"health", "one_way", "fading", "fading_why"} <= set(f.columns)


def test_trend_directions():
    assert trend(health_frame(frame())).direction == "none"
    assert trend(health_frame(frame(rating()))).direction == "first"
    up = trend(health_frame(frame(rating(dt.date(2026, 1, 1)), rating(value_to_me=5, interest=5))))
    assert up.direction == "rising" and up.delta == pytest.approx(2 / 7)
    flat = trend(health_frame(frame(rating(dt.date(2026, 1, 1)), rating(value_to_me=5))))
    assert flat.direction == "steady"
    down = trend(health_frame(frame(rating(dt.date(2026, 1, 1)), rating(value_to_me=3, interest=3))))
    assert down.direction == "falling"


# -- the recommendation -------------------------------------------------------------------------


def decide(*rows: dict, **kw):
    return recommend(frame(*rows), AS_OF, **kw)


def test_no_check_in_yet():
    advice = recommend(frame(), AS_OF)
    assert advice.decision == "not_yet" and advice.findings[0].guidance == "G6.1"


def test_continue_when_both_sides_see_value():
    advice = decide(rating(value_to_me=5, value_to_mentor=4))
    assert advice.decision == "continue" and advice.guidance == "G6.1, G6.2"
    assert all(f.severity == "info" for f in advice.findings) and advice.reasons


def test_adjust_when_one_way_but_not_fading():
    advice = decide(rating(value_to_me=5, value_to_mentor=3))
    assert advice.decision == "adjust" and "G6.1" in advice.guidance
    assert decide(rating(value_to_me=5, value_to_mentor=4)).decision == "continue"  # a gap of 1 is fine


@pytest.mark.parametrize("sign, value, decision", [
    ("interest", 2, "adjust"), ("interest", 3, "continue"), ("candour", 2, "adjust"), ("encouragement", 2, "adjust"),
])
def test_adjust_when_a_sign_is_low(sign, value, decision):
    advice = decide(rating(**{sign: value}))
    assert advice.decision == decision
    if decision == "adjust":
        assert advice.guidance == ("G5.7" if sign == "candour" else "G6.2")


def test_adjust_when_the_value_to_me_is_low():
    advice = decide(rating(value_to_me=2, value_to_mentor=3))
    assert advice.decision == "adjust" and advice.guidance == "G6.1"


def test_one_low_wish_is_adjust_two_in_a_row_is_let_go():
    once = decide(rating(dt.date(2026, 3, 1)), rating(wish_to_continue=2))
    assert once.decision == "adjust" and "G6.2" in once.guidance
    twice = decide(rating(dt.date(2026, 3, 1), wish_to_continue=2), rating(wish_to_continue=2))
    assert twice.decision == "let_go" and twice.guidance == "G6.4"
    recovered = decide(rating(dt.date(2026, 3, 1), wish_to_continue=2), rating(wish_to_continue=3))
    assert recovered.decision != "let_go"


def test_let_go_when_one_way_and_fading_together():
    advice = decide(rating(value_to_me=4, value_to_mentor=2, wish_to_continue=2))
    assert advice.decision == "let_go" and advice.guidance == "G6.4"
    assert any("no mutual interest" in r for r in advice.reasons)
    one_way_only = decide(rating(value_to_me=4, value_to_mentor=2))
    assert one_way_only.decision == "adjust"


def test_drift_turns_continue_into_adjust(new_workbook):
    wb = new_workbook
    wb.add(Meeting(date=dt.date(2026, 5, 1), duration_min=60, mode="video"))
    wb.add(CheckIn(date=dt.date(2026, 5, 1), **{n: 4 for n in RATINGS}))
    assert recommend(wb, dt.date(2026, 6, 15)).decision == "continue"  # 45 days: not past the limit
    advice = recommend(wb, dt.date(2026, 6, 16))  # 46 days
    assert advice.decision == "adjust" and advice.guidance == "G5.5"


def test_a_stale_check_in_adds_a_note_only():
    advice = recommend(frame(rating(dt.date(2026, 1, 1))), dt.date(2026, 5, 2))  # 121 days later
    assert advice.decision == "continue"
    assert any("days ago" in f.message for f in advice.findings)
    assert not any("days ago" in f.message for f in recommend(frame(rating(dt.date(2026, 1, 1))),
                                                               dt.date(2026, 5, 1)).findings)


def test_the_sample_recommends_continue(demo_workbook):
    as_of = dt.date(2026, 11, 15)
    advice = recommend(demo_workbook, as_of)
    assert advice.decision == "continue" and advice.trend.direction == "rising"
    last = latest(demo_workbook, as_of)
    assert last["date"] == dt.date(2026, 11, 13) and not last["one_way"] and not last["fading"]
    assert latest(demo_workbook, dt.date(2026, 1, 1)) is None
