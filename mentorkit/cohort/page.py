"""The cohort summary page's words and tables: what was read, which pairs are at risk and why.

The `cohort_summary` notebook shows these beside its charts. They read the
frame of `mentorkit.cohort.load_cohort` (participant ids, dates, numbers and
status codes; nothing a mentee wrote). Each piece is a `Shown`: HTML for the
page, with tables that have no index column and never cut a reason short, and
the same content as plain text for a terminal or a diff.
"""

from __future__ import annotations

import datetime as dt
import html
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .charts import risk_order
from .summary import RULES

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Shown", "at_risk_table", "counts", "headline", "pairs_table", "reason_lines"]


@dataclass(frozen=True)
class Shown:
    """Something the page displays: `html` in a notebook, `text` everywhere else."""

    html: str
    text: str

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text


def _known(value: Any) -> bool:
    if value is None:
        return False
    try:
        return not math.isnan(float(value))
    except (TypeError, ValueError):
        return False


def _ids(frame: "pd.DataFrame", mask: Any) -> list[str]:
    return [str(p) for p in frame.loc[mask, "participant_id"]]


def counts(summary: "pd.DataFrame") -> dict[str, list[str]]:
    """The pairs by what happened to them: read, failed (workbook unreadable), ended well (excluded), at risk."""
    readable = summary["readable"].astype(bool)
    ending = summary["ending"].fillna("").astype(str)
    ended_well = readable & summary["ended_well"].fillna(False).astype(bool)
    ended_other = readable & (ending != "") & ~ended_well
    return {
        "pairs": [str(p) for p in summary["participant_id"]],
        "read": _ids(summary, readable),
        "failed": _ids(summary, ~readable),
        "excluded": _ids(summary, ended_well),
        "ended_other": _ids(summary, ended_other),
        "at_risk": _ids(summary, summary["at_risk"].fillna(False).astype(bool)),
    }


def _ending_of(summary: "pd.DataFrame", ids: list[str]) -> list[str]:
    by_id = dict(zip(summary["participant_id"].astype(str), summary["ending"].fillna("").astype(str)))
    return [f"{pid}: {by_id[pid]}" for pid in ids]


def headline(summary: "pd.DataFrame", as_of: dt.date) -> Shown:
    """The page's first words: the date counted to, and how many pairs were read, failed, excluded, at risk."""
    c = counts(summary)
    named = lambda ids: f" ({', '.join(ids)})" if ids else ""  # noqa: E731
    lines = [
        f"As of {as_of.isoformat()}, {len(c['pairs'])} pairs on the roster.",
        f"Read: {len(c['read'])}.",
        f"Failed: {len(c['failed'])}{named(c['failed'])}"
        + (": the workbook could not be read, so the pair is missing from everything below." if c["failed"] else "."),
        f"Excluded: {len(c['excluded'])}{named(_ending_of(summary, c['excluded']))}"
        + (": the relationship ended well, so no risk rule applies." if c["excluded"] else "."),
    ]
    if c["ended_other"]:
        lines.append(f"Ended otherwise: {len(c['ended_other'])}{named(_ending_of(summary, c['ended_other']))}: "
                     "judged as they stood at their end date.")
    lines.append(f"At risk: {len(c['at_risk'])}{named(c['at_risk'])}.")
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines[1:])
    page = f"<p><strong>{html.escape(lines[0])}</strong></p><ul>{items}</ul>"
    return Shown(page, "\n".join([lines[0], *("  " + line for line in lines[1:])]))


def reason_lines(row: Any) -> list[str]:
    """Each reason of one pair, in words with its numbers: `name (Gx.y): what it means for this pair`."""
    names = [part.split(" (")[0].strip() for part in str(row["reasons"] or "").split(";") if part.strip()]
    lines = []
    for name in names:
        label = f"{name} ({RULES[name]})" if name in RULES else name
        words = _explain(name, row)
        lines.append(f"{label}: {words}" if words else label)
    return lines


def _explain(name: str, row: Any) -> str:
    days, ratio, interval = row.get("days_since_last"), row.get("gap_ratio"), row.get("planned_interval_days")
    health = row.get("last_checkin_health")
    if name == "drift" and _known(days) and _known(ratio) and _known(interval):
        return (f"{int(days)} days since the last meeting, {float(ratio):.1f} times the planned "
                f"{float(interval):g} days")
    if name == "no_first_meeting":
        return "an agreement for longer than 1.5 planned intervals, and no meeting yet"
    if name == "one_way":
        return "in the last check-in, one side gets much less out of it than the other"
    if name == "fading":
        detail = f" (health {float(health):.1f} of 5)" if _known(health) else ""
        return f"the last check-in shows the interest fading{detail}"
    if name == "low_follow_through" and _known(row.get("actions_due")) and _known(row.get("actions_kept")):
        return f"{int(row['actions_kept'])} of {int(row['actions_due'])} due actions kept"
    return ""


def _cell(value: Any, fmt: str = "{}") -> str:
    return fmt.format(value) if _known(value) else ""


def _table(header: list[str], rows: list[list[str | list[str]]], empty: str) -> Shown:
    """An HTML table without an index column (a list in a cell is one line each), and its plain text."""
    if not rows:
        return Shown(f"<p>{html.escape(empty)}</p>", empty)
    head = "".join(f"<th style=\"text-align:left\">{html.escape(h)}</th>" for h in header)
    body = []
    for row in rows:
        cells = []
        for value in row:
            text = "<br>".join(html.escape(v) for v in value) if isinstance(value, list) else html.escape(value)
            cells.append(f"<td style=\"text-align:left;vertical-align:top\">{text}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    page = f"<table class=\"mentorkit-table\"><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    text_lines = [" | ".join(header)]
    for row in rows:
        text_lines.append(" | ".join("; ".join(v) if isinstance(v, list) else v for v in row))
    return Shown(page, "\n".join(text_lines))


def at_risk_table(summary: "pd.DataFrame") -> Shown:
    """The pairs at risk, most reasons first: each reason on a line of its own, in words, with the numbers."""
    frame = risk_order(summary)
    frame = frame[frame["at_risk"].fillna(False).astype(bool)]
    rows: list[list[str | list[str]]] = []
    for _, row in frame.iterrows():
        rows.append([str(row["participant_id"]), reason_lines(row),
                     _cell(row.get("days_since_last"), "{:.0f}"), _follow(row),
                     _cell(row.get("last_checkin_health"), "{:.1f}")])
    return _table(["pair", "why", "days since the last meeting", "follow-through", "last check-in health"], rows,
                  "No pair is at risk as of this date.")


def _follow(row: Any) -> str:
    due, kept = row.get("actions_due"), row.get("actions_kept")
    if not _known(due) or not int(due):
        return ""
    return f"{int(kept)} of {int(due)}"


def pairs_table(summary: "pd.DataFrame") -> Shown:
    """Every pair in roster order: the numbers of summary.csv, the GAS change and how the relationship ended."""
    rows: list[list[str | list[str]]] = []
    for _, row in summary.iterrows():
        if not bool(row["readable"]):
            rows.append([str(row["participant_id"]), "workbook not read", "", "", "", "", "", ""])
            continue
        gas = ""
        if _known(row.get("gas_tscore")):
            start = row.get("gas_baseline")
            gas = (f"{float(start):.0f} to {float(row['gas_tscore']):.0f}" if _known(start)
                   else f"{float(row['gas_tscore']):.0f}")
        at_risk = bool(row["at_risk"]) if _known(row["at_risk"]) else False
        rows.append([str(row["participant_id"]), "yes" if at_risk else "no", _cell(row.get("meetings"), "{:.0f}"),
                     _cell(row.get("days_since_last"), "{:.0f}"), _follow(row), gas,
                     _cell(row.get("last_checkin_health"), "{:.1f}"),
                     str(row.get("ending") or "")])
    return _table(["pair", "at risk", "meetings", "days since the last meeting", "follow-through",
                   "GAS T-score, baseline to now", "last check-in health", "ended"], rows, "No participants.")
