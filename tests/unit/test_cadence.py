"""Drift and the planned schedule (G4.2, G5.5), with the boundaries of the 1.5x rule."""

from __future__ import annotations

import datetime as dt

import pytest

from mentorkit import Agreement, Meeting
from mentorkit.cadence import (
    add_months,
    cadence_words,
    describe_plan,
    drift,
    gaps,
    planned_interval_days,
    planned_meetings,
)

D0 = dt.date(2026, 1, 5)


def days(*offsets: int) -> list[dt.date]:
    return [D0 + dt.timedelta(days=n) for n in offsets]


def agreement(per_month: float = 1.0, months: int = 12, start: dt.date = D0) -> Agreement:
    return Agreement(start=start, meetings_per_month=per_month, duration_months=months)


# -- the planned interval ------------------------------------------------------------------------


@pytest.mark.parametrize("per_month, interval", [(1, 30), (2, 15), (0.5, 60), (3, 10), (1.5, 20)])
def test_interval_is_thirty_days_over_meetings_per_month(per_month, interval):
    assert planned_interval_days(agreement(per_month)) == interval


def test_no_agreement_means_monthly():
    assert planned_interval_days(None) == 30
    report = drift(None, days(0, 10), as_of=days(20)[0])
    assert report.interval == 30 and report.threshold == 45
    assert "no agreement" in report.rule


# -- the 1.5x boundary, between meetings and since the last one --------------------------------


@pytest.mark.parametrize("gap, flagged", [(44, False), (45, False), (46, True)])
def test_monthly_gap_boundary(gap, flagged):
    report = drift(None, days(0, gap), as_of=days(gap)[0])
    closed = report.gaps[0]
    assert (closed.days, closed.flagged, closed.open) == (gap, flagged, False)


@pytest.mark.parametrize("since, flagged", [(45, False), (46, True)])
def test_the_ongoing_gap_to_as_of_counts(since, flagged):
    report = drift(None, days(0), as_of=days(since)[0])
    assert len(report.gaps) == 1
    gap = report.gaps[0]
    assert gap.open and gap.days == since and gap.flagged is flagged
    assert report.drifting is flagged
    assert report.days_since_last == since and report.gap_ratio == pytest.approx(since / 30)


@pytest.mark.parametrize("gap, flagged", [(22, False), (23, True)])
def test_two_meetings_a_month_means_fifteen_days(gap, flagged):
    report = drift(agreement(2), days(0, gap), as_of=days(gap)[0])
    assert report.interval == 15 and report.threshold == 22.5
    assert report.gaps[0].flagged is flagged


@pytest.mark.parametrize("gap, flagged", [(90, False), (91, True)])
def test_every_other_month_means_sixty_days(gap, flagged):
    report = drift(agreement(0.5), days(0, gap), as_of=days(gap)[0])
    assert report.gaps[0].flagged is flagged


def test_ratio_and_findings_for_a_long_past_gap():
    report = drift(None, days(0, 28, 98, 120), as_of=days(130)[0])
    assert [g.days for g in report.gaps] == [28, 70, 22, 10]
    assert [g.flagged for g in report.gaps] == [False, True, False, False]
    assert report.gaps[1].ratio == pytest.approx(70 / 30)
    warnings = [f for f in report.findings() if f.severity == "warning"]
    assert len(warnings) == 1 and warnings[0].guidance == "G5.5" and "70 days" in warnings[0].message
    assert list(report.frame().columns) == ["from", "to", "days", "ratio", "flagged", "open"]


def test_meetings_after_as_of_and_same_day_duplicates_are_left_out():
    report = drift(None, days(0, 0, 20, 200), as_of=days(30)[0])
    assert report.meetings == tuple(days(0, 20))
    assert [g.days for g in report.gaps] == [20, 10]


def test_meetings_as_a_frame_or_records(demo_workbook):
    frame = demo_workbook.table("meetings")
    records = demo_workbook.records("meetings")
    as_of = dt.date(2026, 11, 15)
    assert drift(None, frame, as_of=as_of).meetings == drift(None, records, as_of=as_of).meetings
    assert isinstance(records[0], Meeting)


def test_no_meetings_yet():
    report = drift(None, [], as_of=D0)
    assert report.gaps == () and report.days_since_last is None and report.gap_ratio is None
    assert [f.severity for f in report.findings()] == ["info"]


def test_an_agreement_without_any_meeting_past_the_limit_is_flagged():
    late = drift(agreement(1), [], as_of=days(46)[0])
    assert [f.severity for f in late.findings()] == ["warning"]
    assert [f.severity for f in drift(agreement(1), [], as_of=days(45)[0]).findings()] == ["info"]


def test_the_rule_is_stated_in_words_with_the_numbers():
    rule = drift(agreement(2), [], as_of=D0).rule
    assert "15 days" in rule and "22.5 days" in rule and "last meeting" in rule and "G5.5" in rule
    assert "not flagged" in rule


def test_as_of_is_required():
    with pytest.raises(ValueError, match="as_of"):
        drift(None, days(0))


def test_the_sample_flags_its_seventy_day_summer_gap(demo_workbook):
    report = drift(demo_workbook, as_of=dt.date(2026, 11, 15))
    assert report.interval == 30
    assert [(g.start, g.end, g.days) for g in report.flagged] == [(dt.date(2026, 6, 12), dt.date(2026, 8, 21), 70)]
    assert not report.drifting


# -- the planned schedule ---------------------------------------------------------------------------


def test_add_months_clamps_to_the_month_end():
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2026, 11, 15), 3) == dt.date(2027, 2, 15)


def test_monthly_plan_keeps_the_day_of_the_month_over_the_duration():
    plan = planned_meetings(agreement(1, 12, dt.date(2026, 2, 16)), [], dt.date(2026, 3, 1))
    assert len(plan) == 12
    assert plan[0] == dt.date(2026, 2, 16) and plan[-1] == dt.date(2027, 1, 16)
    assert all(d.day == 16 for d in plan)


def test_twice_a_month_and_every_other_month_and_an_odd_rate():
    two = planned_meetings(agreement(2, 3, dt.date(2026, 1, 1)))
    assert two == [dt.date(2026, 1, 1), dt.date(2026, 1, 16), dt.date(2026, 2, 1), dt.date(2026, 2, 16),
                   dt.date(2026, 3, 1), dt.date(2026, 3, 16)]
    assert planned_meetings(agreement(0.5, 6, dt.date(2026, 1, 1))) == [
        dt.date(2026, 1, 1), dt.date(2026, 3, 1), dt.date(2026, 5, 1)]
    odd = planned_meetings(agreement(1.5, 2, dt.date(2026, 1, 1)))
    assert odd == [dt.date(2026, 1, 1), dt.date(2026, 1, 21), dt.date(2026, 2, 10)]  # every 20 days, before 1 Mar


def test_without_agreement_monthly_from_the_last_meeting_for_twelve_months():
    plan = planned_meetings(None, days(0, 40, 400), as_of=days(50)[0])
    assert len(plan) == 12
    assert plan[0] == add_months(days(40)[0], 1) and plan[-1] == add_months(days(40)[0], 12)
    assert planned_meetings(None, [], as_of=D0) == []


def test_planned_meetings_reads_the_workbook(demo_workbook, new_workbook):
    as_of = dt.date(2026, 11, 15)
    short = planned_meetings(demo_workbook, as_of)  # the calendar's short form: (workbook, as_of)
    assert short == planned_meetings(demo_workbook, None, as_of) == planned_meetings(demo_workbook.agreement)
    assert short[0] == demo_workbook.agreement.start
    assert planned_meetings(new_workbook, None, as_of) == []


def test_plan_in_words():
    assert cadence_words(1) == "once a month" and cadence_words(0.5) == "every other month"
    assert cadence_words(1 / 3) == "once a quarter" and cadence_words(3) == "3 times a month"
    assert describe_plan(None).startswith("no agreement recorded")
    assert describe_plan(agreement(1, 6, dt.date(2026, 2, 16))) == (
        "once a month (every 30 days), from 16 Feb 2026 to 16 Aug 2026 (6 months)")


def test_gaps_helper_with_an_explicit_interval():
    assert [g.flagged for g in gaps(days(0, 31), days(31)[0], interval=20)] == [True, False]


# -- meeting more often than agreed (G6.3) ----------------------------------------------------------


def _pace(findings):
    return [f for f in findings if f.guidance == "G6.3"]


@pytest.mark.parametrize("offsets", [(0, 30, 61, 91), (0, 28, 59, 87), (0, 31, 45, 76)])
def test_meeting_at_the_agreed_monthly_pace_gives_no_g6_3(offsets):
    report = drift(agreement(1), days(*offsets), as_of=D0 + dt.timedelta(days=offsets[-1] + 5))
    assert _pace(report.findings()) == [] and not report.too_often


@pytest.mark.parametrize("source", [agreement(1), None])
def test_meeting_every_two_or_three_weeks_under_a_monthly_pace_gives_g6_3(source):
    report = drift(source, days(0, 30, 51, 72, 86), as_of=D0 + dt.timedelta(days=90))
    (found,) = _pace(report.findings())
    assert found.severity == "warning" and "more often than" in found.message
    assert ("once a month" in found.message) and (("agreement" in found.message) == (source is not None))
    assert report.recent_pace == pytest.approx((21 + 21 + 14) / 3)


def test_the_pace_follows_the_agreement():
    fortnightly = days(0, 15, 30, 44)
    assert _pace(drift(agreement(2), fortnightly, as_of=D0 + dt.timedelta(days=50)).findings()) == []
    assert len(_pace(drift(agreement(0.5), days(0, 30, 60), as_of=D0 + dt.timedelta(days=70)).findings())) == 1


def test_one_meeting_has_no_pace():
    report = drift(agreement(1), days(0), as_of=D0 + dt.timedelta(days=3))
    assert report.recent_pace is None and _pace(report.findings()) == []
