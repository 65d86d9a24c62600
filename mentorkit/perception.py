"""Both sides of a check-in: the mentor's own answers beside the mentee's, and the gaps between them (G6.1, G6.2).

A mentor's answer (`model.MentorCheckIn`) belongs to the mentee's check-in
nearest its date, within PAIR_DAYS. Then:

- the **perception gap** is the larger of two misreadings of value (G6.1):
  the mentee's guess of the value to the mentor against the mentor's own
  answer, and the mentor's guess of the value to the mentee against the
  mentee's own answer. A gap of PERCEPTION_GAP points or more is worth
  talking about: one of you is reading the other wrong.
- each side's view of the shared signs (G6.2): interest, connection,
  candour and the wish to go on, as each of you rates them; PERCEPTION_GAP
  points apart is flagged too.

`evaluation.health_frame` uses the mentor's own value (when there is one) in
place of the mentee's guess, for health and for the one-way rule, and the
mentor's wish to go on in the fading rule.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import pandas as pd

from .findings import Finding

if TYPE_CHECKING:
    import pandas as pd

PAIR_DAYS = 21  # a mentor's answer pairs with the mentee's check-in at most this many days from its date
PERCEPTION_GAP = 2  # points apart: a misreading worth talking about
MENTOR_RATINGS = ("value_to_mentor", "value_to_mentee", "interest", "connection", "candour", "wish_to_continue")
MENTOR_COLUMNS = {name: f"mentor_{name}" for name in MENTOR_RATINGS}  # as they appear beside the mentee's
SHARED_SIGNS = {"interest": "interest", "connection": "connection", "candour": "candour",
                "wish_to_continue": "wish to go on"}  # G6.2: rated by both sides


def pair(checkins: "pd.DataFrame", mentor: "pd.DataFrame | None", by: str | None = None) -> "pd.DataFrame":
    """`checkins` (datetime `date`) with the nearest mentor answer's ratings added as `mentor_*` columns (NaN: none).

    `by` pairs within groups (the cohort summary pairs per `participant_id`). The rows keep their order.
    """
    out = checkins.copy()
    for column in MENTOR_COLUMNS.values():
        out[column] = math.nan
    if mentor is None or len(mentor) == 0 or len(out) == 0:
        return out
    keys = [by] if by else []
    right = mentor[keys + ["date", *MENTOR_RATINGS] + (["id"] if "id" in mentor.columns else [])].copy()
    right["date"] = pd.to_datetime(right["date"]).astype("datetime64[us]")
    right = right.dropna(subset=["date"])
    if "id" in right.columns:  # the latest answer for a date wins
        right = right.sort_values(keys + ["date", "id"], kind="stable").drop_duplicates(keys + ["date"], keep="last")
        right = right.drop(columns="id")
    right = right.rename(columns={**MENTOR_COLUMNS, "date": "_mentor_date"})
    for column in MENTOR_COLUMNS.values():
        right[column] = right[column].astype(float)
    left = out.drop(columns=list(MENTOR_COLUMNS.values())).assign(
        _pos=range(len(out)), _date=pd.to_datetime(out["date"]).astype("datetime64[us]"))
    left = left.sort_values("_date", kind="stable")
    right = right.sort_values("_mentor_date", kind="stable")
    merged = pd.merge_asof(left, right, left_on="_date", right_on="_mentor_date", by=by, direction="nearest",
                           tolerance=pd.Timedelta(days=PAIR_DAYS))
    merged = merged.sort_values("_pos", kind="stable").drop(columns=["_pos", "_date", "_mentor_date"])
    merged.index = out.index
    return merged


def _num(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def value_gap(row: Any) -> float | None:
    """The perception gap of a paired check-in (the larger misreading of value, G6.1); None without an answer."""
    gaps = []
    mentor_own, mentor_guess = _num(row["mentor_value_to_mentor"]), _num(row["mentor_value_to_mentee"])
    if mentor_own is not None:
        gaps.append(abs(float(row["value_to_mentor"]) - mentor_own))
    if mentor_guess is not None:
        gaps.append(abs(mentor_guess - float(row["value_to_me"])))
    return max(gaps) if gaps else None


def findings(row: Any) -> list[Finding]:
    """Each side's view of the other for one paired check-in, explained; empty without the mentor's answer."""
    mentor_own = _num(row.get("mentor_value_to_mentor"))
    if mentor_own is None:
        return []
    guess, me, mentor_guess = int(row["value_to_mentor"]), int(row["value_to_me"]), int(row["mentor_value_to_mentee"])
    out: list[Finding] = []
    rule = f"{PERCEPTION_GAP} or more points apart"
    if abs(guess - mentor_own) >= PERCEPTION_GAP:
        out.append(Finding("G6.1", "warning", f"Perception gap: you guessed the value to your mentor at {guess} of 5; "
                                              f"they rate it {mentor_own:.0f} ({rule}). Ask what they get out of it."))
    if abs(mentor_guess - me) >= PERCEPTION_GAP:
        out.append(Finding("G6.1", "warning", f"Perception gap: your mentor thinks you get {mentor_guess} of 5 "
                                              f"out of it; you rate it {me} ({rule}). "
                                              "Tell them what helps and what does not."))
    for name, words in SHARED_SIGNS.items():
        theirs = _num(row.get(f"mentor_{name}"))
        if theirs is not None and abs(int(row[name]) - theirs) >= PERCEPTION_GAP:
            out.append(Finding("G6.2", "warning", f"You see {words} differently: you {int(row[name])}, your mentor "
                                                  f"{theirs:.0f} ({rule}). Talk about it at the next meeting."))
    if not out:
        out.append(Finding("G6.1", "info", f"You read each other well: value to your mentor, your guess {guess}, "
                                           f"theirs {mentor_own:.0f}; value to you, yours {me}, their guess "
                                           f"{mentor_guess} (no two answers {rule})."))
    return out
