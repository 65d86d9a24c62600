"""Cadence: the planned interval between meetings, the gaps, drift, and the planned schedule.

The rule (G4.2, G5.5): the planned interval is 30 days divided by the
agreed meetings per month of the latest agreement, or 30 days (monthly)
when there is no agreement. Every gap between two meetings, and the gap
from the last meeting to the as-of date, is flagged when it is longer than
1.5 times the planned interval. A gap of exactly 1.5 times is not flagged.
Meetings dated after the as-of date are plans, not history, and are left out.

The other way (G6.3, keep expectations reasonable): when the last three gaps
between meetings average under 0.75 times the planned interval, the meetings
come more often than agreed (or than monthly without an agreement), and
`Drift.findings()` says so. A single short gap (a rescheduled meeting) among
gaps at the agreed pace is not flagged.

Given a workbook, only the current relationship's meetings count (see
`relationships.window`), and an agreement with a recorded end counts its gaps up to
that end: nothing is late after a relationship has ended.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable, cast

import pandas as pd

from .dates import add_months, to_date
from .findings import Finding
from .model import DAYS_PER_MONTH, Agreement, Meeting
from .relationships import in_window, window

if TYPE_CHECKING:
    import pandas as pd

    from .store import Workbook

DEFAULT_INTERVAL_DAYS = DAYS_PER_MONTH  # G4.2: monthly if no agreement says otherwise; 30 days over meetings per month
DRIFT_FACTOR = 1.5  # G5.5: a gap longer than this many planned intervals is drift (exactly 1.5 x is not)
FAST_FACTOR = 0.75  # G6.3: recent gaps averaging under 0.75 x the planned interval are more often than agreed
PACE_WINDOW = 3  # G6.3: the pace is the mean of the last this-many gaps between meetings
PLAN_MONTHS_WITHOUT_AGREEMENT = 12


# -- small date helpers --------------------------------------------------------------------


def _to_date(value: Any) -> dt.date | None:
    return value.date if isinstance(value, Meeting) else to_date(value)


def meeting_dates(meetings: "pd.DataFrame | Iterable[Any] | None", as_of: dt.date | None = None) -> list[dt.date]:
    """The distinct meeting dates on or before `as_of`, sorted (two meetings on one day count once)."""
    if meetings is None:
        return []
    if hasattr(meetings, "columns"):
        frame = cast("pd.DataFrame", meetings)
        values = list(frame["date"]) if "date" in frame.columns else []
    else:
        values = list(meetings)
    days = {d for d in (_to_date(v) for v in values) if d is not None}
    return sorted(d for d in days if as_of is None or d <= as_of)


def _resolve(source: Any, meetings: Any, as_of: Any) -> tuple[Agreement | None, list[dt.date], dt.date | None]:
    """Accept a Workbook, an Agreement or None, and meetings as a frame or dates.

    `as_of` may also come second (`planned_meetings(wb, as_of)`): a lone date
    there is the as-of date, and the meetings are read from the workbook.
    """
    if isinstance(meetings, dt.date) and as_of is None:
        meetings, as_of = None, meetings
    agreement: Agreement | None
    if isinstance(source, Agreement) or source is None:
        agreement = source
    elif hasattr(source, "agreement") and hasattr(source, "table"):
        agreement = source.agreement
        if meetings is None:

            bounds = window(source, agreement)  # the current relationship's meetings only
            meetings = [d for d in meeting_dates(source.table("meetings")) if in_window(d, bounds)]
    else:
        raise TypeError(f"expected a Workbook, an Agreement or None, not {type(source).__name__}")
    return agreement, meeting_dates(meetings, as_of), as_of


# -- the plan ------------------------------------------------------------------------------


def planned_interval_days(agreement: Agreement | None) -> float:
    """30 days divided by the agreed meetings per month; 30 days without an agreement (G4.2)."""
    return DEFAULT_INTERVAL_DAYS if agreement is None else agreement.planned_interval_days


def cadence_words(meetings_per_month: float) -> str:
    """Meetings per month in plain words: 1 -> 'once a month', 0.5 -> 'every other month'."""
    m = float(meetings_per_month)
    named = {1.0: "once a month", 2.0: "twice a month", 0.5: "every other month", 0.25: "every four months"}
    if m in named:
        return named[m]
    if abs(m - 1 / 3) < 1e-6:
        return "once a quarter"
    if m.is_integer():
        return f"{int(m)} times a month"
    return f"{m:g} meetings a month (about every {DEFAULT_INTERVAL_DAYS / m:.0f} days)"


def rule_text(interval: float, *, agreed: bool = True) -> str:
    """The drift rule in words, with this plan's numbers (G5.5)."""
    basis = "your agreement plans" if agreed else "with no agreement recorded, the workbook assumes"
    return (f"Drift rule (G5.5): {basis} a meeting about every {interval:g} days, so any gap longer than "
            f"{DRIFT_FACTOR:g} \u00d7 {interval:g} = {DRIFT_FACTOR * interval:g} days is flagged, the time since "
            f"your last meeting included. A gap of exactly {DRIFT_FACTOR * interval:g} days is not flagged.")


def describe_plan(source: "Workbook | Agreement | None") -> str:
    """The planned cadence in one line, for reports: how often, from when, for how long (G4.2)."""
    agreement = source if isinstance(source, Agreement) or source is None else source.agreement
    if agreement is None:
        return f"no agreement recorded: monthly assumed (every {DEFAULT_INTERVAL_DAYS:g} days)"
    interval = planned_interval_days(agreement)
    end = add_months(agreement.start, agreement.duration_months)
    return (f"{cadence_words(agreement.meetings_per_month)} (every {interval:g} days), from "
            f"{agreement.start:%d %b %Y} to {end:%d %b %Y} ({agreement.duration_months} months)")


def agreement_schedule(agreement: Agreement) -> list[dt.date]:
    """The meeting dates an agreement plans, from its start over its duration.

    Whole numbers of meetings a month keep to the start's day of the month
    (2 a month: that day and about 15 days later); 'every other month' and
    'once a quarter' step whole months; any other rate steps its interval in days.
    """
    start, m = agreement.start, float(agreement.meetings_per_month)
    end = add_months(start, agreement.duration_months)
    days: list[dt.date] = []
    if m >= 1 and m.is_integer():
        for k in range(agreement.duration_months):
            base = add_months(start, k)
            days += [base + dt.timedelta(days=round(j * DEFAULT_INTERVAL_DAYS / m)) for j in range(int(m))]
    elif m < 1 and abs(1 / m - round(1 / m)) < 1e-9:
        step = round(1 / m)
        days = [add_months(start, k) for k in range(0, agreement.duration_months, step)]
    else:
        interval = planned_interval_days(agreement)
        k = 0
        while (day := start + dt.timedelta(days=round(k * interval))) < end:
            days.append(day)
            k += 1
    if agreement.ended_on is not None:  # a recorded end plans nothing after it
        end = min(end, agreement.ended_on + dt.timedelta(days=1))
    return [d for d in days if d < end]


def planned_meetings(workbook_or_agreement: "Workbook | Agreement | None", meetings: Any = None,
                     as_of: dt.date | None = None) -> list[dt.date]:
    """The planned meeting dates: the agreement's schedule, else monthly from the last meeting for 12 months.

    With an agreement, every planned date from its start over its duration,
    past ones included (charts compare them with the meetings held). Without
    one, the 12 monthly dates after the last meeting on or before `as_of`;
    none when no meeting is logged yet. `meetings` defaults to the workbook's.
    """
    agreement, dates, _ = _resolve(workbook_or_agreement, meetings, as_of)
    if agreement is not None:
        return agreement_schedule(agreement)
    if not dates:
        return []
    return [add_months(dates[-1], k) for k in range(1, PLAN_MONTHS_WITHOUT_AGREEMENT + 1)]


# -- gaps and drift --------------------------------------------------------------------------


@dataclass(frozen=True)
class Gap:
    """The days between two meetings, or from the last meeting to the as-of date (`open`)."""

    start: dt.date
    end: dt.date
    days: int
    ratio: float  # days / planned interval
    flagged: bool  # days > 1.5 x the planned interval (G5.5)
    open: bool


def gaps(dates: Iterable[dt.date], as_of: dt.date, interval: float = DEFAULT_INTERVAL_DAYS) -> list[Gap]:
    """Every gap between consecutive meetings, then the open one to `as_of`, judged against `interval`."""
    days = sorted(set(d for d in dates if d <= as_of))
    limit = DRIFT_FACTOR * interval
    out = [Gap(a, b, (b - a).days, (b - a).days / interval, (b - a).days > limit, False)
           for a, b in zip(days, days[1:])]
    if days:
        n = (as_of - days[-1]).days
        out.append(Gap(days[-1], as_of, n, n / interval, n > limit, True))
    return out


@dataclass(frozen=True)
class Drift:
    """Meetings against the plan as of a date: the gaps, the flagged ones, the rule in words (G5.5)."""

    as_of: dt.date
    meetings: tuple[dt.date, ...]
    planned: tuple[dt.date, ...]
    interval: float
    threshold: float
    gaps: tuple[Gap, ...]
    rule: str
    agreement: Agreement | None = field(default=None, compare=False)

    @property
    def flagged(self) -> tuple[Gap, ...]:
        return tuple(g for g in self.gaps if g.flagged)

    @property
    def days_since_last(self) -> int | None:
        return (self.as_of - self.meetings[-1]).days if self.meetings else None

    @property
    def gap_ratio(self) -> float | None:
        """Days since the last meeting over the planned interval (the cohort summary's `gap_ratio`)."""
        return None if self.days_since_last is None else self.days_since_last / self.interval

    @property
    def drifting(self) -> bool:
        """True when the gap since the last meeting is past the limit right now (never after a recorded end)."""
        return not self.ended and self.last_gap_flagged

    @property
    def last_gap_flagged(self) -> bool:
        """True when the open gap (to the as-of date, or to the recorded end) is past the limit."""
        return bool(self.gaps) and self.gaps[-1].open and self.gaps[-1].flagged

    @property
    def ended(self) -> bool:
        """Whether the agreement has a recorded end on or before the as-of date."""
        return (self.agreement is not None and self.agreement.ended_on is not None
                and self.agreement.ended_on <= self.as_of)

    @property
    def counted_to(self) -> dt.date:
        """The date the rules are judged at: the as-of date, or the recorded end before it (nothing is late after)."""
        return self.agreement.ended_on if self.ended else self.as_of  # type: ignore[union-attr,return-value]

    @property
    def no_first_meeting(self) -> bool:
        """No meeting logged, and the agreement started more than the drift limit before `counted_to` (G5.5)."""
        started = self.agreement.start if self.agreement is not None else None
        return (not self.meetings and started is not None and started <= self.counted_to
                and (self.counted_to - started).days > self.threshold)

    @property
    def recent_pace(self) -> float | None:
        """The mean of the last `PACE_WINDOW` gaps between meetings, in days (None before two meetings)."""
        closed = [g.days for g in self.gaps if not g.open][-PACE_WINDOW:]
        return sum(closed) / len(closed) if closed else None

    @property
    def too_often(self) -> bool:
        """True when the recent meetings came more often than the plan (G6.3): a busy mentor's time stretched."""
        pace = self.recent_pace
        return pace is not None and pace < FAST_FACTOR * self.interval

    @property
    def next_due(self) -> dt.date | None:
        """When the next meeting is due at the planned interval after the last one."""
        return self.meetings[-1] + dt.timedelta(days=round(self.interval)) if self.meetings else None

    def findings(self) -> list[Finding]:
        """What the drift rule says about these meetings, each with its guidance ID."""
        out: list[Finding] = []
        limit = f"{self.threshold:g}-day limit ({DRIFT_FACTOR:g} \u00d7 the planned {self.interval:g} days)"
        for g in self.gaps:
            if g.flagged and not g.open:
                out.append(Finding("G5.5", "warning", f"A gap of {g.days} days, from {g.start:%d %b %Y} to "
                                   f"{g.end:%d %b %Y}, ran past the {limit}.", subject=f"{g.start}..{g.end}"))
        if self.ended:
            assert self.agreement is not None  # `ended` says there is one
            out.append(Finding("G6.4", "info", f"The relationship ended on {self.agreement.ended_on:%d %b %Y}: "
                               "no more meetings are planned under this agreement.", subject="ended"))
            return out
        if not self.meetings:
            if self.no_first_meeting:  # not ended here: counted to the as-of date
                started = self.agreement.start  # type: ignore[union-attr]
                out.append(Finding("G5.5", "warning", f"The agreement started on {started:%d %b %Y}, "
                                   f"{(self.as_of - started).days} days ago, and no meeting is logged yet: "
                                   "book the first one."))
            else:
                out.append(Finding("G5.5", "info", "No meetings logged yet."))
            return out
        if self.too_often:
            basis = (f"your agreement's {cadence_words(self.agreement.meetings_per_month)}"
                     if self.agreement is not None else "once a month, the most to ask of a busy mentor (G4.2)")
            out.append(Finding("G6.3", "warning", f"Your last meetings came about every {self.recent_pace:.0f} "
                               f"days, more often than {basis} (every {self.interval:g} days). Mentors are busy: "
                               "keep to the pace you agreed, or agree a new one together.", subject="pace"))
        last = self.gaps[-1]
        if last.flagged:
            out.append(Finding("G5.5", "warning", f"{last.days} days since your last meeting ({last.start:%d %b %Y}), "
                               f"past the {limit}: protect the time and book the next one now.", subject="since last"))
        else:
            out.append(Finding("G5.5", "info", f"{last.days} days since your last meeting; the next is due around "
                               f"{self.next_due:%d %b %Y} and would be flagged after "
                               f"{last.start + dt.timedelta(days=int(self.threshold)):%d %b %Y}.",
                               subject="since last"))
        return out

    def frame(self) -> "pd.DataFrame":
        """The gaps as a table: from, to, days, ratio to the plan, flagged, open."""
        return pd.DataFrame(
            [(g.start, g.end, g.days, round(g.ratio, 2), g.flagged, g.open) for g in self.gaps],
            columns=["from", "to", "days", "ratio", "flagged", "open"],
        )


def drift(workbook_or_agreement: "Workbook | Agreement | None", meetings: Any = None,
          as_of: dt.date | None = None) -> Drift:
    """Judge the meetings against the plan as of `as_of` (G4.2, G5.5); see the module docstring for the rule."""
    agreement, dates, as_of = _resolve(workbook_or_agreement, meetings, as_of)
    if as_of is None:
        raise ValueError("as_of: required (the date the gaps are counted to)")
    interval = planned_interval_days(agreement)
    ended = agreement.ended_on if agreement is not None and agreement.ended_on is not None else None
    counted_to = min(as_of, ended) if ended is not None else as_of  # nothing is late after a recorded end
    return Drift(
        as_of=as_of,
        meetings=tuple(dates),
        planned=tuple(planned_meetings(agreement, dates, as_of)),
        interval=interval,
        threshold=DRIFT_FACTOR * interval,
        gaps=tuple(gaps(dates, counted_to, interval)),
        rule=rule_text(interval, agreed=agreement is not None),
        agreement=agreement,
    )


def chart_view(wb: "Workbook", as_of: dt.date) -> Drift:
    """What the cadence charts draw: meetings, plan, interval, limit, gaps, the rule (see `drift`)."""
    return drift(wb, as_of=as_of)
