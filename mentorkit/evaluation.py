"""Two-way check-ins: the relationship's health, its trend, and whether to continue, adjust or let go.

A check-in rates seven things from 1 to 5: value to me, value to the
mentor (G6.1), the mentor's interest, encouragement, the felt connection,
candour, and the wish to continue (G6.2). From them:

- **health** is the mean of the seven ratings, on the same 1-to-5 scale.
- **one-way**: value_to_me and value_to_mentor differ by 2 points or more,
  or value_to_mentor is 2 or less. Only one side is getting much out of it.
- **fading**: any of wish_to_continue at 2 or less; health below 3.0 (the
  middle of the scale); health fallen by 0.5 or more since the previous
  check-in; wish_to_continue fallen by 2 points or more since the previous
  check-in.

The mentor's own answers (`perception`, from the page they filled in) count
where they exist: their value to them replaces the mentee's guess in health
and in the one-way rule, their wish to continue at 2 or less is fading too,
and the gaps between the two sides' views are findings (G6.1, G6.2).

`recommend` turns the latest check-in (with the one before it) into a
decision, with its reasons as Findings; the rule is in its docstring. The
cohort summary's at-risk rule reads `one_way` and `fading` from
`health_frame`, so the definitions above are the contract.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, cast

import pandas as pd

from . import perception
from .cadence import drift as judge
from .findings import Finding
from .relationships import window

if TYPE_CHECKING:
    import pandas as pd

    from .cadence import Drift
    from .store import Workbook

# The seven ratings of a check-in (G6.1, G6.2), each 1 to 5; health is their mean. The cohort summary reads these.
RATINGS = ("value_to_me", "value_to_mentor", "interest", "encouragement", "connection", "candour", "wish_to_continue")
SIGNS = ("interest", "encouragement", "connection", "candour")  # G6.2 (candour: G5.7)
ONE_WAY_GAP = 2  # G6.1: value_to_me and value_to_mentor this many points apart (or more) is one-way
LOW = 2  # G6.1, G6.2: a rating of 2 or less is low (value to the mentor: one-way; wish to continue: fading)
FADING_HEALTH = 3.0  # G6.4: health below this (the middle of the scale) is fading
FADING_DROP = 0.5  # G6.4: health falling this much since the previous check-in is fading
FADING_WISH_DROP = 2  # G6.4: wish_to_continue falling this many points since the previous check-in is fading
TREND_STEP = 0.25  # a change in health smaller than this is "steady"
STALE_DAYS = 120  # a check-in older than this: time for another (about quarterly)

Decision = Literal["continue", "adjust", "let_go", "not_yet"]


def health_score(ratings: Any) -> float:
    """The mean of the seven ratings (1 to 5): a check-in's overall health."""
    get = ratings.get if hasattr(ratings, "get") else lambda k: getattr(ratings, k)
    return sum(float(get(name)) for name in RATINGS) / len(RATINGS)


def is_one_way(value_to_me: float, value_to_mentor: float) -> bool:
    """One-way (G6.1): the two values differ by 2 or more, or the mentor's is 2 or less."""
    return abs(float(value_to_me) - float(value_to_mentor)) >= ONE_WAY_GAP or float(value_to_mentor) <= LOW


def fading_reasons(current: Any, previous: Any = None) -> list[str]:
    """Why a check-in counts as fading (G6.2, G6.4); empty when it does not (see the module docstring)."""
    reasons = []
    health, wish = health_score(current), float(current["wish_to_continue"])
    if wish <= LOW:
        reasons.append(f"wish to continue is {wish:.0f} of 5")
    if health < FADING_HEALTH:
        reasons.append(f"health is {health:.1f} of 5, below {FADING_HEALTH:g}")
    theirs = current.get("mentor_wish_to_continue") if hasattr(current, "get") else None
    if theirs is not None and theirs == theirs and float(theirs) <= LOW:
        reasons.append(f"your mentor's wish to continue is {float(theirs):.0f} of 5")
    if previous is not None:
        before, wish_before = health_score(previous), float(previous["wish_to_continue"])
        if before - health >= FADING_DROP:
            reasons.append(f"health fell from {before:.1f} to {health:.1f} since the previous check-in")
        if wish_before - wish >= FADING_WISH_DROP:
            reasons.append(f"wish to continue fell from {wish_before:.0f} to {wish:.0f}")
    return reasons


def _checkins(source: "Workbook | pd.DataFrame", as_of: dt.date | None, table: str = "checkins") -> "pd.DataFrame":
    frame = source.table(table) if hasattr(source, "table") else cast("pd.DataFrame", source)
    frame = frame.copy()
    if "date" not in frame.columns:  # an empty frame built without columns
        frame = pd.DataFrame({"date": pd.Series([], dtype="datetime64[us]"),
                              **{name: pd.Series([], dtype=float) for name in RATINGS}})
    if len(frame):
        frame["date"] = pd.to_datetime(frame["date"])
        if as_of is not None:
            frame = frame[frame["date"].dt.date <= as_of]
        if hasattr(source, "table") and hasattr(source, "agreement"):  # a workbook: the current relationship only

            after, until = window(source)
            if after is not None:
                frame = frame[frame["date"].dt.date > after]
            if until is not None:
                frame = frame[frame["date"].dt.date <= until]
    return frame.sort_values(["date"] + (["id"] if "id" in frame.columns else []), kind="stable").reset_index(drop=True)


def mentor_answers(source: "Workbook | pd.DataFrame | None", as_of: dt.date | None = None) -> "pd.DataFrame | None":
    """The mentor's own check-in answers on or before `as_of` (the current relationship's, from a workbook)."""
    if source is None:
        return None
    if not hasattr(source, "table") and len(cast("pd.DataFrame", source)) == 0:
        return None
    return _checkins(source, as_of, "mentor_checkins")


def judged(row: Any) -> dict[str, Any]:
    """A check-in's ratings as the rules read them: the mentor's own value to them in place of the mentee's guess."""
    values: dict[str, float | None] = {name: float(row[name]) for name in RATINGS}
    own = row.get("mentor_value_to_mentor") if hasattr(row, "get") else None
    if own is not None and own == own:  # not NaN
        values["value_to_mentor"] = float(own)
    wish = row.get("mentor_wish_to_continue") if hasattr(row, "get") else None
    values["mentor_wish_to_continue"] = float(wish) if wish is not None and wish == wish else None
    return values


def health_frame(checkins: "Workbook | pd.DataFrame", as_of: dt.date | None = None,
                 mentor: "pd.DataFrame | None" = None) -> "pd.DataFrame":
    """The check-ins by date with `health`, `one_way`, `fading` and `fading_why` added (on or before `as_of`).

    The mentor's own answers (from the workbook, or `mentor` beside a frame) are paired with the check-ins
    (`perception.pair`: `mentor_*` columns), and the rules read the mentor's view where it exists:
    `value_seen` is the value to the mentor in their own answer, else the mentee's guess; `perception_gap`
    is `perception.value_gap`.
    """
    frame = _checkins(checkins, as_of)
    for name in RATINGS:
        if name in frame.columns:
            frame[name] = frame[name].astype(float)
    answers = mentor_answers(checkins, as_of) if hasattr(checkins, "table") else (
        None if mentor is None else _checkins(mentor, as_of, "mentor_checkins"))
    frame = perception.pair(frame, answers)
    health, one_way, fading, why, seen, gap = [], [], [], [], [], []
    previous = None
    for _, row in frame.iterrows():
        values = judged(row)
        health.append(health_score(values))
        one_way.append(is_one_way(values["value_to_me"], values["value_to_mentor"]))
        reasons = fading_reasons(values, previous)
        fading.append(bool(reasons))
        why.append("; ".join(reasons))
        seen.append(values["value_to_mentor"])
        gap.append(perception.value_gap(row))
        previous = values
    frame["value_seen"] = seen
    frame["perception_gap"] = [math.nan if g is None else g for g in gap]
    frame["health"] = health
    frame["one_way"] = one_way
    frame["fading"] = fading
    frame["fading_why"] = why
    return frame


TrendDirection = Literal["rising", "steady", "falling", "first", "none"]


@dataclass(frozen=True)
class Trend:
    """How health moved: the first and last values and the change since the previous check-in."""

    direction: TrendDirection
    checkins: int
    first: float | None = None
    last: float | None = None
    delta: float | None = None  # last minus the previous check-in's health


def trend(frame: "pd.DataFrame") -> Trend:
    """The trend of `health_frame(...)`: rising or falling by TREND_STEP or more since the previous check-in."""
    if len(frame) == 0:
        return Trend("none", 0)
    health = [float(v) for v in frame["health"]]
    if len(health) == 1:
        return Trend("first", 1, health[0], health[0])
    delta = health[-1] - health[-2]
    direction: TrendDirection = "rising" if delta >= TREND_STEP else "falling" if delta <= -TREND_STEP else "steady"
    return Trend(direction, len(health), health[0], health[-1], delta)


@dataclass(frozen=True)
class Recommendation:
    """Continue, adjust or let go (G6.4), with the reasons as Findings and in plain words."""

    decision: Decision
    guidance: str
    findings: list[Finding] = field(default_factory=list)
    health: float | None = None
    trend: Trend | None = None
    checkin_date: dt.date | None = None

    @property
    def reasons(self) -> list[str]:
        """The reasons as plain sentences."""
        return [f.message.rstrip(".") for f in self.findings
                if f.severity != "info" or self.decision in ("continue", "not_yet")]

    def __str__(self) -> str:
        words = {"continue": "Continue", "adjust": "Adjust", "let_go": "Let go", "not_yet": "Not yet"}[self.decision]
        reasons = [r.rstrip(". ") for r in self.reasons]
        return f"{words} ({self.guidance})" + (": " + "; ".join(reasons) + "." if reasons else "")


def recommend(checkins: "Workbook | pd.DataFrame", as_of: dt.date, *, drift: "Drift | None" = None) -> Recommendation:
    """Continue, adjust or let go, from the latest check-in on or before `as_of` (G6.1, G6.2, G6.4).

    - **let go** (G6.4) when mutual interest is gone: wish_to_continue is 2 or
      less in the last two check-ins, or the last check-in is both one-way
      and fading.
    - **adjust** when the last check-in is one-way (G6.1) or fading (G6.2),
      when value_to_me is 2 or less (G6.1), when one of interest,
      encouragement, connection or candour is 2 or less (G6.2, G5.7), or when
      the meetings are drifting right now (G5.5; from `drift`, or from the
      workbook when one is given).
    - **continue** otherwise. With no check-in yet, `not_yet`.
    A last check-in older than STALE_DAYS adds a note; it does not change the decision.
    """
    if drift is None and hasattr(checkins, "table") and hasattr(checkins, "agreement"):

        drift = judge(checkins, as_of=as_of)
    frame = health_frame(checkins, as_of)
    if len(frame) == 0:
        return Recommendation("not_yet", "G6.1", [Finding(
            "G6.1", "info", "No check-in yet: after three or four meetings, rate the relationship both ways "
            "(value to you and to your mentor, interest, encouragement, connection, candour, wish to continue).")])
    last = frame.iloc[-1]
    prev = frame.iloc[-2] if len(frame) > 1 else None
    when = last["date"].date()
    direction = trend(frame)
    me, mentor = int(last["value_to_me"]), int(last["value_seen"])
    own = not math.isnan(float(last["mentor_value_to_mentor"]))
    to_mentor = "to my mentor (their own answer)" if own else "to my mentor"
    out: list[Finding] = []

    wish_low_twice = prev is not None and last["wish_to_continue"] <= LOW and prev["wish_to_continue"] <= LOW
    if wish_low_twice:
        out.append(Finding("G6.4", "error", "The wish to continue has been 2 or less in two check-ins in a row."))
    if last["one_way"] and last["fading"]:
        out.append(Finding("G6.4", "error", f"One-way (value to me {me}, {to_mentor} {mentor}) and fading "
                                            f"({last['fading_why']}): there is no mutual interest to build on."))
    if out:
        out.append(Finding("G6.4", "info", "Thank your mentor, end on good terms, and look for a better match: "
                                           "a no-fault ending is part of the agreement."))
        return _finish("let_go", "G6.4", out, last, direction, when, as_of)

    if last["one_way"]:
        out.append(Finding("G6.1", "warning", f"One-way: value to me {me}, {to_mentor} {mentor}. Ask what would "
                                              "make it worth their time; offer something back (G5.9)."))
    if me <= LOW:
        out.append(Finding("G6.1", "warning", f"You rate the value to you {me} of 5: bring sharper objectives (G5.2)."))
    if last["fading"]:
        out.append(Finding("G6.2", "warning", f"Fading: {last['fading_why']}. Talk about it openly "
                                              "at the next meeting."))
    for name in SIGNS:
        if int(last[name]) <= LOW:
            gid = "G5.7" if name == "candour" else "G6.2"
            out.append(Finding(gid, "warning", f"{name.capitalize()} is {int(last[name])} of 5."))
    out.extend(perception.findings(last))
    if drift is not None and drift.drifting:
        out.append(Finding("G5.5", "warning", f"{drift.days_since_last} days since the last meeting, past the "
                                              f"{drift.threshold:g}-day limit."))
    seen_well = [f for f in out if f.severity == "info"]  # the two sides read each other well: said, not a reason
    out = [f for f in out if f.severity != "info"]
    if out:
        out.extend(seen_well)
        ids = ", ".join(dict.fromkeys(f.guidance for f in out if f.severity != "info"))
        return _finish("adjust", ids, out, last, direction, when, as_of)

    out.append(Finding("G6.1", "info", f"Both sides see value (to me {me}, {to_mentor} {mentor})."))
    out.extend(seen_well)
    out.append(Finding("G6.2", "info", f"Health {float(last['health']):.1f} of 5"
                                       + (f", {direction.direction}"
                                          if direction.direction not in ("first", "none") else "")
                                       + f"; wish to continue {int(last['wish_to_continue'])} of 5."))
    return _finish("continue", "G6.1, G6.2", out, last, direction, when, as_of)


def _finish(decision: Decision, guidance: str, findings: list[Finding], last: Any, direction: Trend,
            when: dt.date, as_of: dt.date) -> Recommendation:
    if (as_of - when).days > STALE_DAYS:
        findings.append(Finding("G6.1", "info", f"The last check-in was {(as_of - when).days} days ago: time for "
                                                "another, about once a quarter."))
    return Recommendation(decision, guidance, findings, float(last["health"]), direction, when)


def latest(checkins: "Workbook | pd.DataFrame", as_of: dt.date,
           mentor: "pd.DataFrame | None" = None) -> dict[str, Any] | None:
    """The last check-in on or before `as_of` as {date, health, one_way, fading, perception_gap}; None without one."""
    frame = health_frame(checkins, as_of, mentor)
    if len(frame) == 0:
        return None
    row = frame.iloc[-1]
    gap = float(row["perception_gap"])
    return {"date": row["date"].date(), "health": float(row["health"]), "one_way": bool(row["one_way"]),
            "fading": bool(row["fading"]), "perception_gap": None if math.isnan(gap) else gap}
