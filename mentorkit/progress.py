"""Progress: Goal Attainment Scaling T-scores and the follow-through on actions.

`gas_tscore` is Kiresuk and Sherman's summary of goal levels (fixed
interface); `tscore_history` follows it over time from the dated level
updates; `follow_through` judges each action against its due date (G5.4:
an action renegotiated in time counts as kept).
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, Literal

import pandas as pd

from .dates import to_date

if TYPE_CHECKING:
    import pandas as pd

DEFAULT_RHO = 0.3  # GAS: the assumed correlation between goals (Kiresuk and Sherman's convention)
TSCORE_MEAN = 50.0  # GAS: the T-score when every goal sits at its expected level (0)
TSCORE_SD = 10.0  # GAS: T-score points per standard deviation of the weighted levels
LOW_FOLLOW_THROUGH = 0.5  # G5.4: under this share of the due actions kept is low follow-through ...
MIN_DUE = 4  # G5.4: ... once at least this many actions are due (fewer say too little)


def _check_level(i: int, value: Any) -> int:
    if isinstance(value, bool) or type(value).__name__ in ("bool", "bool_"):
        raise ValueError(f"levels[{i}]: {value!r} is a boolean, not a GAS level (an integer from -2 to +2)")
    if isinstance(value, numbers.Integral):
        level = int(value)
    elif isinstance(value, numbers.Real) and math.isfinite(float(value)) and float(value).is_integer():
        level = int(float(value))  # whole and finite, checked just above
    else:
        raise ValueError(f"levels[{i}]: {value!r} is not a GAS level (an integer from -2 to +2)")
    if not -2 <= level <= 2:
        raise ValueError(f"levels[{i}]: {value!r} is outside the GAS scale (an integer from -2 to +2)")
    return level


def _check_weight(i: int, value: Any) -> float:
    if isinstance(value, bool) or type(value).__name__ in ("bool", "bool_") or not isinstance(value, numbers.Real):
        raise ValueError(f"weights[{i}]: {value!r} is not a number")
    weight = float(value)
    if not math.isfinite(weight) or weight <= 0:
        raise ValueError(f"weights[{i}]: {value!r} is not a positive weight")
    return weight


def gas_tscore(levels: Iterable[int], weights: Iterable[float] | None = None, rho: float = DEFAULT_RHO) -> float:
    """Kiresuk and Sherman's GAS T-score: 50 when every goal sits at its expected level (0).

    T = 50 + 10 * sum(w_i * x_i) / sqrt((1 - rho) * sum(w_i^2) + rho * (sum w_i)^2),
    with levels x_i integers from -2 to +2, positive weights w_i (1 each when
    None) and rho the assumed correlation between goals (0.3 by convention).
    Raises ValueError for an empty list, a level that is not an integer from
    -2 to +2 (booleans and 1.5 are not), a weight that is not positive, or
    weights of another length.
    """
    if isinstance(levels, (str, bytes)):
        raise ValueError("levels: expected a list of integers from -2 to +2, not text")
    xs = [_check_level(i, v) for i, v in enumerate(levels)]
    if not xs:
        raise ValueError("levels: empty; a T-score needs at least one goal level")
    if weights is None:
        ws = [1.0] * len(xs)
    else:
        if isinstance(weights, (str, bytes)):
            raise ValueError("weights: expected a list of positive numbers, not text")
        ws = [_check_weight(i, v) for i, v in enumerate(weights)]
        if len(ws) != len(xs):
            raise ValueError(f"weights: {len(ws)} weights for {len(xs)} levels; give one weight per level")
    if isinstance(rho, bool) or not isinstance(rho, numbers.Real) or not 0 <= float(rho) < 1:
        raise ValueError(f"rho: {rho!r} must be a number from 0 up to (not including) 1")
    rho = float(rho)
    numerator = sum(w * x for w, x in zip(ws, xs))
    denominator = math.sqrt((1 - rho) * sum(w * w for w in ws) + rho * sum(ws) ** 2)
    return TSCORE_MEAN + TSCORE_SD * numerator / denominator


def _cell(row: Any, name: str, default: Any = None) -> Any:
    value = row.get(name, default) if hasattr(row, "get") else getattr(row, name, default)
    try:
        import pandas as pd  # noqa: PLC0415 -- imported only where this branch needs it

        if value is not None and not isinstance(value, (list, tuple)) and pd.isna(value):
            return default
    except (TypeError, ValueError):
        pass
    return value


# -- GAS over time ----------------------------------------------------------------------


def tscore_history(
    goals: "pd.DataFrame", goal_levels: "pd.DataFrame", *, as_of: dt.date | None = None, rho: float = DEFAULT_RHO
) -> "pd.DataFrame":
    """The mentee's T-score at each date a goal was set or rescored, latest level of each goal carried forward.

    Active goals only. A goal enters at its `created_on` date with its
    baseline level (or, without that date, at the first date in the history);
    each `goal_levels` row moves it to a new level from that date on. Updates
    after `as_of` are ignored. Returns one row per date, sorted: `date`
    (datetime64), `tscore`, `goals` (how many counted) and one `goal_<id>`
    column per goal holding its level (missing before the goal entered).
    Empty when there are no active goals.
    """
    goal_cols = []
    weights: dict[int, float] = {}
    starts: dict[int, tuple[dt.date | None, int]] = {}
    for _, g in (goals if goals is not None else pd.DataFrame()).iterrows():
        if not bool(_cell(g, "active", True)):
            continue
        gid = int(g["id"])
        weights[gid] = float(_cell(g, "weight", 1.0))
        starts[gid] = (to_date(_cell(g, "created_on")), int(_cell(g, "baseline_level", -1)))
        goal_cols.append(f"goal_{gid}")
    columns = ["date", "tscore", "goals", *goal_cols]
    updates: list[tuple[dt.date, int, int, int]] = []  # date, order, goal id, level
    levels = goal_levels if goal_levels is not None else pd.DataFrame()
    for order, (_, u) in enumerate(levels.iterrows()):
        gid = _cell(u, "goal_id")
        when = to_date(_cell(u, "date"))
        if gid is None or int(gid) not in weights or when is None or (as_of is not None and when > as_of):
            continue
        updates.append((when, order, int(gid), int(u["level"])))
    known = [d for d, _ in starts.values() if d is not None] + [u[0] for u in updates]
    if not weights or not known:
        return _empty_history(columns)
    first = min(known)
    events = [(d or first, -1, gid, base) for gid, (d, base) in starts.items()]
    events = [e for e in events if as_of is None or e[0] <= as_of] + updates
    events.sort(key=lambda e: (e[0], e[1]))
    current: dict[int, int] = {}
    rows = []
    for i, (when, _, gid, level) in enumerate(events):
        current[gid] = level
        if i + 1 < len(events) and events[i + 1][0] == when:
            continue  # one row per date, after all of that date's changes
        ids = sorted(current)
        score = gas_tscore([current[g] for g in ids], [weights[g] for g in ids], rho)
        row = {"date": pd.Timestamp(when), "tscore": score, "goals": len(ids)}
        row.update({f"goal_{g}": current.get(g) for g in weights})
        rows.append(row)
    if not rows:
        return _empty_history(columns)
    frame = pd.DataFrame(rows, columns=columns)
    frame["date"] = frame["date"].astype("datetime64[us]")
    frame["goals"] = frame["goals"].astype("Int64")
    for col in goal_cols:
        frame[col] = frame[col].astype("Int64")
    return frame


def _empty_history(columns: list[str]) -> "pd.DataFrame":
    frame = pd.DataFrame({c: pd.Series(dtype="Int64") for c in columns})
    frame["date"] = frame["date"].astype("datetime64[us]")
    frame["tscore"] = frame["tscore"].astype(float)
    return frame


def current_tscore(goals: "pd.DataFrame", goal_levels: "pd.DataFrame", as_of: dt.date) -> float | None:
    """The T-score as of a date (the last point of `tscore_history`), or None without goals."""
    history = tscore_history(goals, goal_levels, as_of=as_of)
    return None if history.empty else float(history["tscore"].iloc[-1])


# -- follow-through (G5.4) -------------------------------------------------------------

Verdict = Literal["kept", "kept_renegotiated", "late", "overdue", "due_today", "dropped", "not_due"]
VERDICT_WORDS: dict[str, str] = {
    "kept": "done on time",
    "kept_renegotiated": "renegotiated in time (G5.4), not overdue on the new date",
    "late": "done after its due date",
    "overdue": "open past its due date",
    "due_today": "due today and not done yet",
    "dropped": "dropped",
    "not_due": "not due yet",
}


@dataclass(frozen=True)
class ActionVerdict:
    """What became of one action as of a date: whether it counts as due and as kept, and why."""

    action_id: int | None
    effective_due: dt.date | None
    due: bool
    kept: bool
    verdict: Verdict

    @property
    def reason(self) -> str:
        return VERDICT_WORDS[self.verdict]


@dataclass(frozen=True)
class FollowThrough:
    """Follow-through as of a date (G5.4): `rate` = kept / due, None when nothing is due yet."""

    as_of: dt.date
    rate: float | None
    kept: int
    due: int
    verdicts: tuple[ActionVerdict, ...]

    @property
    def low(self) -> bool:
        """Low follow-through (G5.4): under `LOW_FOLLOW_THROUGH` kept, once `MIN_DUE` or more actions are due."""
        return self.due >= MIN_DUE and self.rate is not None and self.rate < LOW_FOLLOW_THROUGH

    def frame(self) -> "pd.DataFrame":
        """The per-action verdicts as a DataFrame (action_id, effective_due, due, kept, verdict, reason)."""
        return pd.DataFrame(
            [
                {"action_id": v.action_id,
                 "effective_due": pd.Timestamp(v.effective_due) if v.effective_due else pd.NaT,
                 "due": v.due, "kept": v.kept, "verdict": v.verdict, "reason": v.reason}
                for v in self.verdicts
            ],
            columns=["action_id", "effective_due", "due", "kept", "verdict", "reason"],
        )

    def __str__(self) -> str:
        if self.rate is None:
            return f"Follow-through as of {self.as_of}: no action is due yet."
        return f"Follow-through as of {self.as_of}: {self.kept} of {self.due} due actions kept ({self.rate:.0%})."


def judge_action(row: Any, as_of: dt.date) -> ActionVerdict:
    """One action's verdict as of `as_of` (see `follow_through` for the rule)."""
    status = str(_cell(row, "status", "open") or "open").strip().lower()
    due = to_date(_cell(row, "due"))
    done_on = to_date(_cell(row, "done_on"))
    reneg_on = to_date(_cell(row, "renegotiated_on"))
    reneg_due = to_date(_cell(row, "renegotiated_due"))
    raw_id = _cell(row, "id")
    action_id = None if raw_id is None else int(raw_id)
    # What was not yet known on as_of did not happen yet: a later completion or renegotiation.
    if done_on is not None and done_on > as_of:
        done_on = None
        status = "open" if status == "done" else status
    if reneg_on is not None and reneg_on > as_of:
        reneg_on, reneg_due = None, None
    if status == "done" and done_on is None:
        status = "open"
    renegotiated_in_time = reneg_due is not None and (due is None or reneg_on is None or reneg_on < due)
    effective = reneg_due if renegotiated_in_time else due
    if status == "dropped":
        return ActionVerdict(action_id, effective, True, False, "dropped")
    if status == "done":
        assert done_on is not None  # "done" without a date was made "open" above
        kept = effective is None or done_on <= effective
        return ActionVerdict(action_id, effective, True, kept, "kept" if kept else "late")
    if effective is None or effective > as_of:
        return ActionVerdict(action_id, effective, False, False, "not_due")
    if renegotiated_in_time and effective >= as_of:
        return ActionVerdict(action_id, effective, True, True, "kept_renegotiated")
    if effective == as_of:
        return ActionVerdict(action_id, effective, True, False, "due_today")
    return ActionVerdict(action_id, effective, True, False, "overdue")


def follow_through(actions: "pd.DataFrame", as_of: dt.date) -> FollowThrough:
    """Judge every action as of `as_of` and return the follow-through rate (G5.4).

    The effective due date is the renegotiated due date when the action was
    renegotiated strictly before its original due date (or had none); a
    renegotiation on or after the due date comes too late and the original
    date stands (one recorded without a date is taken as made in time). An
    action is *due* when its effective due date is on or
    before `as_of`, or when it is done or dropped. It is *kept* when it was
    done on or before its effective due date (an action without a due date
    is kept when done), or when it was renegotiated in time and is not
    overdue on the new date (the new date is today). Dropped, done late, open
    past the due date and open on the due date itself are not kept.
    `rate` = kept / due, or None while nothing is due. Completions and
    renegotiations dated after `as_of` are treated as not yet happened, so a
    past `as_of` shows the picture as it was then.
    """
    if isinstance(as_of, dt.datetime):
        as_of = as_of.date()
    if not isinstance(as_of, dt.date):
        raise TypeError(f"as_of: expected a date, got {as_of!r}")
    rows = [] if actions is None or len(actions) == 0 else [row for _, row in actions.iterrows()]
    verdicts = tuple(judge_action(row, as_of) for row in rows)
    due = sum(v.due for v in verdicts)
    kept = sum(v.kept for v in verdicts)
    return FollowThrough(as_of=as_of, rate=(kept / due) if due else None, kept=kept, due=due, verdicts=verdicts)
