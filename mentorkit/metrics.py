"""The metrics a facilitator sees for one mentee, computed with the per-mentee rules.

A cohort summary (`mentorkit.cohort.summary`) has one row per participant; this
module computes that row for a single workbook through the modules that define
each rule, so it is the reference the fast, vectorised summary is checked
against, and what a mentee is shown before sharing (`share.preview`):

- cadence (`cadence.drift`, G4.2, G5.5): meetings held, days since the last,
  the planned interval, their ratio; drift past `cadence.DRIFT_FACTOR` times
  the interval, and an agreement that old with no meeting yet;
- check-ins (`evaluation.latest`, G6.1, G6.4): the last check-in's health,
  one-way, fading, and the perception gap of both sides' views;
- progress (`progress.follow_through`, `progress.current_tscore`, G5.4): the
  follow-through rate, low under `progress.LOW_FOLLOW_THROUGH` once
  `progress.MIN_DUE` are due, and the GAS T-score;
- endings (`relationships`): only the current relationship counts, judged at its
  recorded end; one that ended well (`model.ENDED_WELL`) is not at risk.

`csv_cells` writes a row's values as summary.csv cells; the cohort summary
uses it too, so both show the same strings.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Mapping

from . import cadence, evaluation, progress, relationships

if TYPE_CHECKING:
    import pandas as pd

    from .store import Workbook

__all__ = ["COLUMNS", "EXTRA_COLUMNS", "RULES", "csv_cells", "number_cell", "participant_metrics",
           "participant_row", "reasons_text"]

# summary.csv: the ten columns of DESIGN section 3 in order, then the ones added after `reasons`
COLUMNS = ("participant_id", "meetings", "days_since_last", "planned_interval_days", "gap_ratio",
           "follow_through", "gas_tscore", "last_checkin_health", "at_risk", "reasons")
EXTRA_COLUMNS = ("ending", "perception_gap")  # how the current relationship ended, if it has; the last
# check-in's perception gap (`perception.value_gap`), empty without the mentor's answer
# The at-risk rules, in the order `reasons` names them, each with its guidance ID.
RULES = {"drift": "G5.5", "no_first_meeting": "G5.5", "one_way": "G6.1", "fading": "G6.4",
         "low_follow_through": "G5.4"}
DIGITS = {"meetings": 0, "days_since_last": 0, "planned_interval_days": 2, "gap_ratio": 3, "follow_through": 3,
          "gas_tscore": 2, "last_checkin_health": 2, "perception_gap": 0}  # rounded for reading


def reasons_text(fired: Mapping[str, bool]) -> str:
    """The `reasons` cell: each rule that fired with its guidance ID, `;`-separated, in `RULES` order."""
    return ";".join(f"{name} ({gid})" for name, gid in RULES.items() if fired.get(name))


def _current_relationship(table: "pd.DataFrame", bounds: tuple[dt.date | None, dt.date | None],
                          counted_to: dt.date) -> "pd.DataFrame":
    """The rows of a dated table after the previous relationship's end and on or before `counted_to`."""
    if not len(table):
        return table
    return table[[relationships.in_window(d, (bounds[0], None)) and d <= counted_to for d in table["date"].dt.date]]


def participant_metrics(workbook: "Workbook", as_of: dt.date) -> dict[str, Any]:
    """One mentee's metrics and at-risk rules as of a date, typed (None where unknown); see the module docstring."""
    drift = cadence.drift(workbook, as_of=as_of)
    agreement = drift.agreement
    counted_to = drift.counted_to  # the recorded end, once the relationship ended
    bounds = relationships.window(workbook, agreement)
    checkins = _current_relationship(workbook.table("checkins"), bounds, counted_to)
    mentor = _current_relationship(workbook.table("mentor_checkins"), bounds, counted_to)
    last = evaluation.latest(checkins, counted_to, mentor)
    follow = progress.follow_through(workbook.table("actions"), counted_to)
    rules = {
        "drift": drift.last_gap_flagged,  # judged at the end date once the relationship ended
        "no_first_meeting": drift.no_first_meeting,
        "one_way": bool(last and last["one_way"]),
        "fading": bool(last and last["fading"]),
        "low_follow_through": follow.low,
    }
    if relationships.ended_well(agreement, as_of):
        rules = dict.fromkeys(rules, False)
    reasons = reasons_text(rules)
    return {
        "ending": agreement.ending if drift.ended else "",  # type: ignore[union-attr]
        "meetings": len(drift.meetings),
        "days_since_last": drift.days_since_last,
        "planned_interval_days": drift.interval,
        "gap_ratio": drift.gap_ratio,
        "follow_through": follow.rate,
        "gas_tscore": progress.current_tscore(workbook.table("goals"), workbook.table("goal_levels"), as_of),
        "last_checkin_health": None if last is None else last["health"],
        "perception_gap": None if last is None else last["perception_gap"],
        "at_risk": bool(reasons),
        "reasons": reasons,
    }


def _unknown(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN, and pandas' NA (whose comparison is NA, not a bool)
    except TypeError:
        return True


def number_cell(value: Any, digits: int) -> str:
    """A number as summary.csv writes it: rounded to `digits`, no trailing zeros, empty when unknown."""
    if _unknown(value):
        return ""
    rounded = round(float(value), digits)
    return str(int(rounded)) if rounded.is_integer() else f"{rounded:.{digits}f}".rstrip("0")


def csv_cells(row: Mapping[str, Any]) -> list[str]:
    """A row's values as summary.csv cells (`COLUMNS` then `EXTRA_COLUMNS`): unknown empty, booleans true/false.

    `row` holds `participant_id` and the metrics of `participant_metrics`; `readable` False (a workbook that
    could not be read) leaves every cell but the id empty.
    """
    readable = row.get("readable", True)
    risk = row.get("at_risk")
    cells = {
        "participant_id": str(row["participant_id"]),
        **{name: number_cell(row.get(name), digits) for name, digits in DIGITS.items()},
        "at_risk": "" if _unknown(risk) else ("true" if risk else "false"),
        "reasons": str(row.get("reasons") or "") if readable else "",
        "ending": str(row.get("ending") or "") if readable else "",
    }
    return [cells[name] for name in COLUMNS + EXTRA_COLUMNS]


def participant_row(workbook: "Workbook", as_of: dt.date, participant_id: str = "") -> dict[str, str]:
    """One mentee's row of summary.csv, cell for cell as a facilitator's cohort summary writes it."""
    cells = csv_cells({"participant_id": participant_id, **participant_metrics(workbook, as_of)})
    return dict(zip(COLUMNS + EXTRA_COLUMNS, cells))
