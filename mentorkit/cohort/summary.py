"""The cohort summary: one row of metrics per participant, computed for the whole cohort at once.

The metrics are defined by their own modules, and this one follows them
exactly (a test checks it against them on the sample cohort):

- cadence (`mentorkit.cadence`, G4.2, G5.5): the planned interval is 30 days
  over the latest agreement's meetings per month, 30 without one; days since
  the last meeting on or before the as-of date; ``gap_ratio`` = days since
  the last meeting / planned interval; drifting past 1.5 times the interval.
- check-ins (`mentorkit.evaluation`, G6.1, G6.2, G6.4): health of the last
  check-in, and whether it is one-way or fading.
- progress (`mentorkit.progress`, G5.4): follow-through = kept / due actions;
  the GAS T-score of the active goals as of the date.

At risk when any rule fires; `reasons` names them, each with its guidance ID:
``drift (G5.5)``, ``no_first_meeting (G5.5)`` (an agreement older than the
drift limit and no meeting yet), ``one_way (G6.1)``, ``fading (G6.4)``,
``low_follow_through (G5.4)`` (under half kept, once four or more are due).

Endings (`mentorkit.closing`): only the current relationship's meetings and
check-ins count (those after the previous relationship's recorded end); a
relationship with a recorded end is judged at its end date, never after it;
one that ended well (`model.ENDED_WELL`) is not at risk. The column
``ending``, after ``reasons``, says how the current relationship ended.

Both sides (`mentorkit.perception`): the mentor's own ratings are paired with
the check-ins; their value to them counts in health and the one-way rule,
their wish to continue in the fading rule. ``perception_gap``, after
``ending``, is the last check-in's gap between the two sides' views of value
(empty without the mentor's answer). The mentor's comment is never read.

For speed (thousands of workbooks in seconds) each workbook is read once
through a read-only SQLite connection, and only the columns these metrics
need: dates, numbers and status codes. No text column a mentee writes is
ever read, so none can reach the summary.
"""

from __future__ import annotations

import datetime as dt
import math
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from ..model import ENDED_WELL
from ..perception import MENTOR_RATINGS, pair
from ..reading import read_connection
from ..storage import atomic_file, make_folder
from ..store import DB_NAME

if TYPE_CHECKING:
    import pandas as pd

    from ..store import Workbook

COLUMNS = ("participant_id", "meetings", "days_since_last", "planned_interval_days", "gap_ratio",
           "follow_through", "gas_tscore", "last_checkin_health", "at_risk", "reasons")
EXTRA_COLUMNS = ("ending", "perception_gap")  # after `reasons` (DESIGN section 3): how the current relationship
# ended, if it has; the last check-in's perception gap (`perception.value_gap`), empty without the mentor's answer
GOOD_ENDINGS = ENDED_WELL  # `model.ENDED_WELL`: a relationship that ended this way is not at risk
RULES = {"drift": "G5.5", "no_first_meeting": "G5.5", "one_way": "G6.1", "fading": "G6.4",
         "low_follow_through": "G5.4"}
LOW_FOLLOW_THROUGH = 0.5  # G5.4: under half of the due actions kept ...
MIN_DUE = 4  # ... once this many are due
GAS_RHO = 0.3  # `progress.DEFAULT_RHO`
RATINGS = ("value_to_me", "value_to_mentor", "interest", "encouragement", "connection", "candour", "wish_to_continue")

_QUERIES = {
    "meetings": "SELECT substr(date, 1, 10) FROM meetings WHERE substr(date, 1, 10) <= :as_of",
    "agreement": "SELECT substr(start, 1, 10), meetings_per_month FROM agreements ORDER BY start DESC, id DESC LIMIT 1",
    "checkins": (f"SELECT id, substr(date, 1, 10), {', '.join(RATINGS)} FROM checkins "
                 "WHERE substr(date, 1, 10) <= :as_of ORDER BY substr(date, 1, 10) DESC, id DESC"),
    "actions": ("SELECT lower(trim(status)), substr(due, 1, 10), substr(done_on, 1, 10), "
                "substr(renegotiated_on, 1, 10), substr(renegotiated_due, 1, 10) FROM actions"),
    "goals": "SELECT id, weight, baseline_level, substr(created_on, 1, 10) FROM goals WHERE active",
    "levels": ("SELECT goal_id, id, substr(date, 1, 10), level FROM goal_levels "
               "WHERE substr(date, 1, 10) <= :as_of"),
    # schema 3 and later: the mentor's own ratings (never their comment)
    "mentor": (f"SELECT id, substr(date, 1, 10), {', '.join(MENTOR_RATINGS)} FROM mentor_checkins "
               "WHERE substr(date, 1, 10) <= :as_of"),
    # schema 2 and later: every agreement's dates and ending code (an older workbook has no such columns)
    "endings": ("SELECT id, substr(start, 1, 10), substr(ended_on, 1, 10), ending FROM agreements "
                "ORDER BY start, id"),
}
_OPTIONAL = {"endings", "mentor"}  # a workbook of an older schema lacks these: read as no rows
_SHAPES = {
    "meetings": ["date"],
    "agreement": ["start", "meetings_per_month"],
    "checkins": ["id", "date", *RATINGS],
    "actions": ["status", "due", "done_on", "renegotiated_on", "renegotiated_due"],
    "goals": ["goal_id", "weight", "baseline_level", "created_on"],
    "levels": ["goal_id", "id", "date", "level"],
    "endings": ["id", "start", "ended_on", "ending"],
    "mentor": ["id", "date", *MENTOR_RATINGS],
}


@dataclass
class CohortData:
    """What the summary reads from every workbook, as long frames keyed by `participant_id`."""

    as_of: dt.date
    participants: "pd.DataFrame"  # participant_id, problem (None when readable)
    tables: dict[str, "pd.DataFrame"]


def _read_one(folder: Path, params: dict[str, str]) -> dict[str, list[tuple]] | str:
    """The metric columns of one workbook, or why it cannot be read."""
    db = Path(folder) / DB_NAME
    try:
        if not db.is_file():
            return f"FileNotFoundError: no {DB_NAME}"
        with read_connection(db) as conn:  # read-only storage too (`mentorkit.reading`)
            found = {}
            for name, sql in _QUERIES.items():
                try:
                    found[name] = conn.execute(sql, params).fetchall()
                except sqlite3.OperationalError as exc:  # an older schema without the newer columns
                    if name not in _OPTIONAL or not ("no such column" in str(exc) or "no such table" in str(exc)):
                        raise
                    found[name] = []
            return found
    except (sqlite3.Error, OSError) as exc:
        return f"{type(exc).__name__}: {exc}"


def read_cohort(workbooks: Iterable[tuple[str, Path]], as_of: dt.date, *, threads: int | None = None) -> CohortData:
    """Read the metric columns of every workbook (read-only); an unreadable one gets its `problem` noted.

    SQLite lets go of the GIL while it reads, so a few threads overlap the
    waiting on files; the work stays in one process.
    """
    import os
    from concurrent.futures import ThreadPoolExecutor

    import pandas as pd

    items = list(workbooks)
    params = {"as_of": as_of.isoformat()}
    workers = threads or min(8, os.cpu_count() or 1)
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        found = list(pool.map(lambda item: _read_one(item[1], params), items, chunksize=64))
    rows: dict[str, list[tuple]] = {name: [] for name in _QUERIES}
    people: list[tuple[str, str | None]] = []
    for (pid, _), got in zip(items, found):
        if isinstance(got, str):
            people.append((pid, got))
            continue
        people.append((pid, None))
        for name, values in got.items():
            rows[name].extend((pid, *r) for r in values)
    tables = {name: pd.DataFrame.from_records(rows[name], columns=["participant_id", *_SHAPES[name]])
              for name in _QUERIES}
    participants = pd.DataFrame.from_records(people, columns=["participant_id", "problem"])
    return CohortData(as_of, participants, tables)


def _dates(series: "pd.Series") -> "pd.Series":
    import pandas as pd

    return pd.to_datetime(series, format="%Y-%m-%d", errors="coerce")


def _on_index(frame: "pd.DataFrame", values: "pd.Series") -> "pd.Series":
    """`values` (indexed by participant_id) aligned to the frame's participants."""
    return values.reindex(frame.index)


def _relationships(data: CohortData, frame: "pd.DataFrame") -> None:
    """`closing.window` for every participant: the current relationship's bounds and how it ended.

    `after`: the previous relationship's recorded end (the current one's data come after it); `ended_on`
    and `ending`: the current (latest) agreement's recorded end, if any, on or before as_of; `counted_to`:
    the date rules are judged at, the end date when there is one (nothing is late after it).
    """
    import pandas as pd

    as_of = pd.Timestamp(data.as_of)
    e = data.tables["endings"].copy()
    e["start"], e["ended_on"] = _dates(e["start"]), _dates(e["ended_on"])
    e = e.sort_values(["participant_id", "start", "id"], kind="stable")
    current = e.groupby("participant_id").tail(1).set_index("participant_id").reindex(frame.index)
    earlier = e[e.duplicated("participant_id", keep="last")]
    frame["after"] = pd.to_datetime(_on_index(frame, earlier.groupby("participant_id")["ended_on"].max()))
    ended = pd.to_datetime(current["ended_on"])
    ended = ended.where(ended <= as_of)
    frame["ended_on"] = ended
    frame["ending"] = current["ending"].where(ended.notna()).fillna("").astype(str)
    frame["counted_to"] = ended.fillna(as_of)
    frame["ended_well"] = frame["ending"].isin(GOOD_ENDINGS)


def _current(table: "pd.DataFrame", frame: "pd.DataFrame") -> "pd.DataFrame":
    """The rows of a long table (with a datetime `date`) that belong to each participant's current relationship."""
    after = table["participant_id"].map(frame["after"])
    return table[after.isna() | (table["date"] > after)]


def _cadence(data: CohortData, frame: "pd.DataFrame") -> None:
    """`cadence.drift` for every participant at once (the current relationship's meetings on or before as_of)."""
    import pandas as pd

    as_of = pd.Timestamp(data.as_of)
    meetings = data.tables["meetings"].assign(date=lambda f: _dates(f["date"])).dropna(subset=["date"])
    meetings = _current(meetings, frame)
    by_pid = meetings.groupby("participant_id")["date"]
    agreement = data.tables["agreement"].drop_duplicates("participant_id").set_index("participant_id")
    frame["meetings"] = _on_index(frame, by_pid.size()).fillna(0).astype("Int64")
    per_month = _on_index(frame, agreement["meetings_per_month"].astype(float))
    frame["planned_interval_days"] = (30.0 / per_month).fillna(30.0)
    last = pd.to_datetime(_on_index(frame, by_pid.max()))
    frame["days_since_last"] = (as_of - last).dt.days.astype("Int64")
    frame["gap_ratio"] = frame["days_since_last"].astype("Float64") / frame["planned_interval_days"]
    limit = 1.5 * frame["planned_interval_days"]
    counted = (frame["counted_to"] - last).dt.days.astype("Float64")  # to the end date, once ended
    frame["drift"] = (counted > limit).fillna(False).astype(bool)
    start = pd.to_datetime(_on_index(frame, _dates(agreement["start"])))
    since_start = (frame["counted_to"] - start).dt.days.astype("Float64")
    frame["no_first_meeting"] = (frame["days_since_last"].isna() & (since_start >= 0) & (since_start > limit)
                                 ).fillna(False).astype(bool)


def _checkins(data: CohortData, frame: "pd.DataFrame") -> None:
    """`evaluation.latest` for every participant: the last check-in's health, one-way and fading."""
    import pandas as pd

    ck = data.tables["checkins"].copy()
    ck["day"] = _dates(ck["date"])
    ck = _current(ck.rename(columns={"date": "text_date", "day": "date"}), frame)
    ck = ck[ck["date"] <= ck["participant_id"].map(frame["counted_to"])]
    ck = ck.drop(columns="date").rename(columns={"text_date": "date"})
    for name in RATINGS:
        ck[name] = ck[name].astype(float)
    ck = _with_mentor(data, frame, ck)
    ck = ck.sort_values(["participant_id", "date", "id"], kind="stable")
    last = ck.groupby("participant_id").tail(1).set_index("participant_id").reindex(frame.index)
    prev = ck[ck.duplicated("participant_id", keep="last")].groupby("participant_id").tail(1)
    prev = prev.set_index("participant_id").reindex(frame.index)
    one_way = ((last["value_to_me"] - last["value_to_mentor"]).abs() >= 2) | (last["value_to_mentor"] <= 2)
    fading = (last["wish_to_continue"] <= 2) | (last["health"] < 3.0)
    fading |= (prev["health"] - last["health"]) >= 0.5
    fading |= (prev["wish_to_continue"] - last["wish_to_continue"]) >= 2
    fading |= last["mentor_wish_to_continue"] <= 2
    has = last["health"].notna()
    frame["perception_gap"] = last["perception_gap"].astype(float)
    frame["last_checkin_health"] = last["health"].astype(float)
    frame["last_checkin"] = pd.to_datetime(last["date"], format="%Y-%m-%d")
    frame["one_way"] = (one_way & has).astype(bool)
    frame["fading"] = (fading & has).astype(bool)


def _with_mentor(data: CohortData, frame: "pd.DataFrame", ck: "pd.DataFrame") -> "pd.DataFrame":
    """The check-ins paired with the mentor's own answers (`perception.pair`, as `evaluation.health_frame` does).

    The mentor's value to them replaces the mentee's guess; `perception_gap` is `perception.value_gap`.
    """
    import pandas as pd

    mentor = data.tables["mentor"].copy()
    mentor["date"] = _dates(mentor["date"])
    mentor = _current(mentor.dropna(subset=["date"]), frame)
    mentor = mentor[mentor["date"] <= mentor["participant_id"].map(frame["counted_to"])]
    ck = pair(ck.assign(date=pd.to_datetime(ck["date"], format="%Y-%m-%d")), mentor, by="participant_id")
    own, guess = ck["mentor_value_to_mentor"], ck["mentor_value_to_mentee"]
    ck["perception_gap"] = pd.concat([(ck["value_to_mentor"] - own).abs(), (guess - ck["value_to_me"]).abs()],
                                     axis=1).max(axis=1)
    ck["value_to_mentor"] = own.fillna(ck["value_to_mentor"])
    ck["health"] = ck[list(RATINGS)].mean(axis=1)
    ck["date"] = ck["date"].dt.strftime("%Y-%m-%d")
    return ck


def _follow_through(data: CohortData, frame: "pd.DataFrame") -> None:
    """`progress.judge_action` for every action of the cohort at once (see its docstring for the rule)."""
    import numpy as np
    import pandas as pd

    a = data.tables["actions"].copy()
    as_of = pd.to_datetime(a["participant_id"].map(frame["counted_to"]))  # to the end date, once ended
    status = a["status"].fillna("open").astype(str).replace("", "open")
    due, done_on = _dates(a["due"]), _dates(a["done_on"])
    reneg_on, reneg_due = _dates(a["renegotiated_on"]), _dates(a["renegotiated_due"])
    later = done_on > as_of  # what had not happened by as_of did not happen
    status = status.mask(later & (status == "done"), "open")
    done_on = done_on.mask(later)
    reneg_later = reneg_on > as_of
    reneg_on, reneg_due = reneg_on.mask(reneg_later), reneg_due.mask(reneg_later)
    status = status.mask((status == "done") & done_on.isna(), "open")
    in_time = reneg_due.notna() & (due.isna() | reneg_on.isna() | (reneg_on < due))
    effective = reneg_due.where(in_time, due)
    dropped, done = status == "dropped", status == "done"
    other = ~dropped & ~done
    not_due = other & (effective.isna() | (effective > as_of))
    is_due = dropped | done | (other & ~not_due)
    kept = (done & (effective.isna() | (done_on <= effective))) | (other & ~not_due & in_time & (effective >= as_of))
    a = pd.DataFrame({"participant_id": a["participant_id"], "due": is_due.to_numpy(), "kept": kept.to_numpy()})
    sums = a.groupby("participant_id")[["due", "kept"]].sum()
    n_due = frame.index.map(sums["due"]).fillna(0).astype(int)
    n_kept = frame.index.map(sums["kept"]).fillna(0).astype(int)
    frame["actions_due"] = np.asarray(n_due)
    frame["actions_kept"] = np.asarray(n_kept)
    rate = pd.Series(np.where(frame["actions_due"] > 0, frame["actions_kept"] / frame["actions_due"].where(
        frame["actions_due"] > 0, 1), np.nan), index=frame.index)
    frame["follow_through"] = rate
    frame["low_follow_through"] = (frame["actions_due"] >= MIN_DUE) & (rate < LOW_FOLLOW_THROUGH).fillna(False)


def _goals(data: CohortData, frame: "pd.DataFrame") -> None:
    """`progress.current_tscore` (the last point of `tscore_history`) for every participant at once."""
    import pandas as pd

    goals = data.tables["goals"].copy()
    levels = data.tables["levels"].copy()
    if goals.empty:
        frame["gas_tscore"] = math.nan
        frame["gas_baseline"] = math.nan
        return
    goals["created_on"] = _dates(goals["created_on"])
    levels["date"] = _dates(levels["date"])
    levels = levels.merge(goals[["participant_id", "goal_id"]], on=["participant_id", "goal_id"])  # active goals only
    known = pd.concat([goals[["participant_id", "created_on"]].rename(columns={"created_on": "date"}),
                       levels[["participant_id", "date"]]]).dropna()
    first = known.groupby("participant_id")["date"].min()
    starts = goals.assign(date=goals["created_on"].fillna(goals["participant_id"].map(first)),
                          order=-1, level=goals["baseline_level"])
    starts = starts[starts["date"].notna() & (starts["date"] <= pd.Timestamp(data.as_of))]
    keys = ["participant_id", "goal_id", "date", "order", "level"]
    events = pd.concat([starts[keys], levels.rename(columns={"id": "order"})[keys]])
    events = events.sort_values(["participant_id", "goal_id", "date", "order"], kind="stable")
    current = events.groupby(["participant_id", "goal_id"]).tail(1)
    current = current.merge(goals[["participant_id", "goal_id", "weight", "baseline_level"]],
                            on=["participant_id", "goal_id"])
    w = current["weight"].astype(float)
    parts = pd.DataFrame({
        "participant_id": current["participant_id"],
        "wx": w * current["level"].astype(float),
        "wx0": w * current["baseline_level"].astype(float),
        "w": w,
        "w2": w * w,
    }).groupby("participant_id").sum()
    spread = ((1 - GAS_RHO) * parts["w2"] + GAS_RHO * parts["w"] ** 2) ** 0.5  # `progress.gas_tscore`'s formula
    frame["gas_tscore"] = _on_index(frame, 50.0 + 10.0 * parts["wx"] / spread).astype(float)
    frame["gas_baseline"] = _on_index(frame, 50.0 + 10.0 * parts["wx0"] / spread).astype(float)


def summary_frame(data: CohortData) -> "pd.DataFrame":
    """Every metric and rule per participant (typed; more columns than summary.csv), in roster order."""
    import pandas as pd

    frame = pd.DataFrame(index=pd.Index(data.participants["participant_id"], name="participant_id"))
    frame["readable"] = data.participants["problem"].isna().to_numpy()
    _relationships(data, frame)
    _cadence(data, frame)
    _checkins(data, frame)
    _follow_through(data, frame)
    _goals(data, frame)
    names = list(RULES)
    for name in names:  # a relationship that ended well is not at risk
        frame[name] = frame[name] & ~frame["ended_well"]
    fired = frame[names].to_numpy()
    frame["reasons"] = [";".join(f"{n} ({RULES[n]})" for n, on in zip(names, row) if on) for row in fired]
    frame["at_risk"] = pd.array([bool(r) for r in frame["reasons"]], dtype="boolean")
    unreadable = ~frame["readable"]
    frame.loc[unreadable, "at_risk"] = pd.NA
    for col in ("meetings", "days_since_last"):
        frame[col] = frame[col].astype("Int64").mask(unreadable)
    for col in ("planned_interval_days", "gap_ratio", "follow_through", "gas_tscore", "last_checkin_health",
                "perception_gap"):
        frame[col] = frame[col].astype("Float64").mask(unreadable)
    return frame.reset_index()


def _number(value: Any, digits: int) -> str:
    import pandas as pd

    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    rounded = round(float(value), digits)
    return str(int(rounded)) if rounded.is_integer() else f"{rounded:.{digits}f}".rstrip("0")


def csv_rows(frame: "pd.DataFrame") -> list[list[str]]:
    """The summary.csv cells: unknown values empty, booleans true/false, numbers rounded for reading."""
    import pandas as pd

    out = []
    for row in frame.itertuples(index=False):
        risk = row.at_risk
        out.append([
            row.participant_id,
            _number(row.meetings, 0),
            _number(row.days_since_last, 0),
            _number(row.planned_interval_days, 2),
            _number(row.gap_ratio, 3),
            _number(row.follow_through, 3),
            _number(row.gas_tscore, 2),
            _number(row.last_checkin_health, 2),
            "" if risk is pd.NA or risk is None else ("true" if risk else "false"),
            row.reasons if row.readable else "",
            row.ending if row.readable else "",
            _number(row.perception_gap, 0),
        ])
    return out


def write_summary(frame: "pd.DataFrame", path: Path) -> Path:
    """Write summary.csv atomically: the ten columns of DESIGN section 3 in order, then `EXTRA_COLUMNS`."""
    import csv

    make_folder(path.parent)
    with atomic_file(path) as tmp, open(tmp, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(COLUMNS + EXTRA_COLUMNS)
        writer.writerows(csv_rows(frame))
    return path


def meeting_frame(data: CohortData) -> "pd.DataFrame":
    """Every meeting date on or before the as-of date, by participant (for the small multiples)."""
    meetings = data.tables["meetings"].copy()
    meetings["date"] = _dates(meetings["date"])
    return meetings.dropna(subset=["date"]).sort_values(["participant_id", "date"]).reset_index(drop=True)


def reference_row(workbook: "Workbook", as_of: dt.date) -> dict[str, Any]:
    """One participant's metrics through the defining modules (slow; the contract `summary_frame` follows)."""
    from .. import cadence, closing, evaluation, progress

    drift = cadence.drift(workbook, as_of=as_of)
    agreement = drift.agreement
    bounds = closing.window(workbook, agreement)
    ended = closing.has_ended(agreement, as_of)
    counted_to = agreement.ended_on if ended and agreement is not None and agreement.ended_on is not None else as_of
    held = len(drift.meetings)
    checkins, mentor = workbook.table("checkins"), workbook.table("mentor_checkins")
    if len(checkins):
        keep = [closing.in_window(d, (bounds[0], None)) and d <= counted_to for d in checkins["date"].dt.date]
        checkins = checkins[keep]
    if len(mentor):
        mentor = mentor[[closing.in_window(d, (bounds[0], None)) and d <= counted_to for d in mentor["date"].dt.date]]
    last = evaluation.latest(checkins, counted_to, mentor)
    follow = progress.follow_through(workbook.table("actions"), counted_to)
    tscore = progress.current_tscore(workbook.table("goals"), workbook.table("goal_levels"), as_of)
    no_first = (not drift.meetings and agreement is not None and agreement.start <= counted_to
                and (counted_to - agreement.start).days > drift.threshold)
    rules = {
        "drift": drift.last_gap_flagged,  # judged at the end date once the relationship ended
        "no_first_meeting": no_first,
        "one_way": bool(last and last["one_way"]),
        "fading": bool(last and last["fading"]),
        "low_follow_through": follow.due >= MIN_DUE and follow.rate is not None and follow.rate < LOW_FOLLOW_THROUGH,
    }
    if closing.ended_well(agreement, as_of):
        rules = dict.fromkeys(rules, False)
    reasons = ";".join(f"{n} ({RULES[n]})" for n, on in rules.items() if on)
    return {
        "ending": agreement.ending if ended else "",  # type: ignore[union-attr]
        "meetings": held,
        "days_since_last": drift.days_since_last,
        "planned_interval_days": drift.interval,
        "gap_ratio": drift.gap_ratio,
        "follow_through": follow.rate,
        "gas_tscore": tscore,
        "last_checkin_health": None if last is None else last["health"],
        "perception_gap": None if last is None else last["perception_gap"],
        "at_risk": bool(reasons),
        "reasons": reasons,
    }
