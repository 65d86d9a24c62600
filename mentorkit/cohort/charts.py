"""The cohort summary's charts: metrics only, one function per chart, each returning a Figure.

They draw the frames of `mentorkit.cohort.load_cohort` (participant ids,
dates and numbers; no text any mentee wrote). Large cohorts stay readable:
per-pair charts show the pairs at risk first and at most `MAX_PANELS`
pairs, and the distributions cover everyone. `show` displays one in a
notebook, drawn once.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
from matplotlib.dates import ConciseDateFormatter
from matplotlib.figure import Figure

from ..charts import ACTUAL, FLAG, GOOD, MUTED, DateTicks, _matplotlib, not_enough_figure, save_figure
from ..charts import show_figure as show  # noqa: F401 -- what the cohort summary notebook shows them with
from ..storage import make_folder

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

MAX_PANELS = 60
DRIFT_LIMIT_MONTHLY = 45  # 1.5 x the monthly plan, in days (G4.2, G5.5)
SAVE_DPI = 110  # of the PNGs `save_all` writes


def _figure(title: str, width: float, height: float, subtitle: str = "") -> "Figure":
    _matplotlib()

    fig = Figure(figsize=(width, height), layout="constrained")
    fig.suptitle(title + (f"\n{subtitle}" if subtitle else ""), x=0.01, ha="left", fontsize=12, fontweight="bold")
    return fig


def _style(ax) -> None:
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="x", color="#e5e5e5", linewidth=0.8)
    ax.set_axisbelow(True)


def risk_order(summary: "pd.DataFrame") -> "pd.DataFrame":
    """Pairs at risk first (most reasons first), then the others, by participant id."""
    frame = summary.assign(
        _risk=summary["at_risk"].fillna(False).astype(bool),
        _n=summary["reasons"].str.count(";") + (summary["reasons"] != "").astype(int),
    )
    frame = frame.sort_values(["_risk", "_n", "participant_id"], ascending=[False, False, True])
    return frame.drop(columns=["_risk", "_n"])


def cadence_multiples(summary: "pd.DataFrame", meetings: "pd.DataFrame", as_of: dt.date, *, months: int = 12,
                      max_panels: int = MAX_PANELS) -> "Figure":
    """A small panel per pair: its meetings over the last `months` months, and the open gap to the date (G5.5)."""
    title = f"Meeting cadence of every pair, the last {months} months"
    if summary.empty:
        return not_enough_figure(title, "No participants.")
    shown = risk_order(summary).head(max_panels)
    ncols = 4
    nrows = math.ceil(len(shown) / ncols)
    more = len(summary) - len(shown)
    subtitle = ("ticks: meetings; shaded: time since the last meeting, vermillion past 1.5 x the plan (G5.5)"
                + (f"; {more} more pairs in summary.csv" if more > 0 else ""))
    fig = _figure(title, 10.0, 0.85 * nrows + 1.0, subtitle)
    axes = fig.subplots(nrows, ncols, sharex=True, sharey=True, squeeze=False)
    end = pd.Timestamp(as_of)
    start = end - pd.DateOffset(months=months)
    by_pid = {pid: g["date"] for pid, g in meetings.groupby("participant_id")}
    for ax, row in zip(axes.flat, shown.itertuples(index=False)):
        dates = by_pid.get(row.participant_id, pd.Series(dtype="datetime64[us]"))
        recent = dates[(dates >= start) & (dates <= end)]
        ax.vlines(recent, 0, 1, color=ACTUAL, linewidth=1.6)
        if len(dates):
            last = max(dates.max(), start)
            ax.axvspan(last, end, color=FLAG if row.drift else MUTED, alpha=0.35 if row.drift else 0.15, linewidth=0)
        else:
            ax.text(0.5, 0.5, "no meeting yet", transform=ax.transAxes, ha="center", va="center", fontsize=7,
                    color=MUTED)
        risky = bool(row.at_risk) if row.at_risk is not pd.NA else False
        ax.set_title(f"{row.participant_id}{'  at risk' if risky else ''}", fontsize=8, loc="left",
                     color=FLAG if risky else "black")
        ax.set_yticks([])
        ax.set_xlim(start, end)
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
    for ax in list(axes.flat)[len(shown):]:
        ax.set_axis_off()

    locator = DateTicks(maxticks=4)
    for ax in axes[-1]:
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
        ax.tick_params(axis="x", labelsize=7)
    return fig


def days_since_last_histogram(summary: "pd.DataFrame") -> "Figure":
    """How long since each pair last met: the distribution, with the monthly drift limit marked (G5.5)."""
    title = "Days since each pair's last meeting"
    days = summary["days_since_last"].dropna().astype(float)
    never = int(summary["days_since_last"].isna().sum())
    if days.empty:
        return not_enough_figure(title, "No pair has logged a meeting yet.")
    fig = _figure(title, 9.0, 3.8, f"{len(days)} pairs" + (f"; {never} with no meeting yet" if never else ""))
    ax = fig.subplots()
    _style(ax)
    bins = max(5, min(30, len(days)))
    ax.hist(days, bins=bins, color=ACTUAL, edgecolor="white")
    ax.axvline(DRIFT_LIMIT_MONTHLY, color=FLAG, linestyle="--", linewidth=1.2)
    ax.text(DRIFT_LIMIT_MONTHLY, ax.get_ylim()[1], f" {DRIFT_LIMIT_MONTHLY} days: 1.5 x a monthly plan (G5.5)",
            color=FLAG, fontsize=8, va="top")
    ax.set_xlabel("days since the last meeting")
    ax.set_ylabel("pairs")
    return fig


def gas_change(summary: "pd.DataFrame", *, max_rows: int = MAX_PANELS) -> "Figure":
    """Each pair's GAS T-score at baseline and now (50: goals at their expected level)."""
    title = "Goal attainment: T-score at baseline and now"
    rows = summary.dropna(subset=["gas_tscore", "gas_baseline"])
    if rows.empty:
        return not_enough_figure(title, "No pair has scaled goals yet.")
    change = (rows["gas_tscore"] - rows["gas_baseline"]).astype(float)
    if len(rows) > max_rows:
        fig = _figure(title, 9.0, 3.8, f"change since baseline over {len(rows)} pairs; median {change.median():+.1f}")
        ax = fig.subplots()
        _style(ax)
        ax.hist(change, bins=30, color=ACTUAL, edgecolor="white")
        ax.axvline(0, color=MUTED, linewidth=1)
        ax.set_xlabel("T-score change since baseline")
        ax.set_ylabel("pairs")
        return fig
    rows = rows.assign(change=change).sort_values("change")
    fig = _figure(title, 9.0, 0.28 * len(rows) + 1.4,
                  f"grey: baseline, blue: now; median change {change.median():+.1f}")
    ax = fig.subplots()
    _style(ax)
    y = range(len(rows))
    ax.hlines(list(y), rows["gas_baseline"].astype(float), rows["gas_tscore"].astype(float), color="#bbbbbb")
    ax.scatter(rows["gas_baseline"].astype(float), list(y), color=MUTED, s=18, zorder=3)
    ax.scatter(rows["gas_tscore"].astype(float), list(y), color=ACTUAL, s=24, zorder=3)
    ax.axvline(50, color=GOOD, linestyle="--", linewidth=1)
    ax.set_yticks(list(y), list(rows["participant_id"]), fontsize=8)
    ax.set_xlabel("GAS T-score (50 = goals at their expected level)")
    return fig


def follow_through_chart(summary: "pd.DataFrame", *, max_rows: int = MAX_PANELS) -> "Figure":
    """Each pair's share of due actions kept; under half once four are due is flagged (G5.4)."""
    title = "Follow-through: share of due actions kept (G5.4)"
    rows = summary.dropna(subset=["follow_through"])
    if rows.empty:
        return not_enough_figure(title, "No pair has an action due yet.")
    rate = rows["follow_through"].astype(float)
    if len(rows) > max_rows:
        fig = _figure(title, 9.0, 3.8, f"{len(rows)} pairs with actions due; {int(rows['low_follow_through'].sum())} "
                                       "under half with four or more due")
        ax = fig.subplots()
        _style(ax)
        ax.hist(rate, bins=20, range=(0, 1), color=ACTUAL, edgecolor="white")
        ax.axvline(0.5, color=FLAG, linestyle="--", linewidth=1.2)
        ax.set_xlabel("share of due actions kept")
        ax.set_ylabel("pairs")
        return fig
    rows = rows.assign(rate=rate).sort_values(["rate", "participant_id"])
    fig = _figure(title, 9.0, 0.28 * len(rows) + 1.4, "vermillion: under half kept with four or more due")
    ax = fig.subplots()
    _style(ax)
    y = list(range(len(rows)))
    colours = [FLAG if low else ACTUAL for low in rows["low_follow_through"]]
    ax.barh(y, rows["rate"], color=colours)
    for yi, kept, due in zip(y, rows["actions_kept"], rows["actions_due"]):
        ax.text(1.01, yi, f"{int(kept)}/{int(due)}", va="center", fontsize=7, color=MUTED)
    ax.axvline(0.5, color=FLAG, linestyle="--", linewidth=1)
    ax.set_xlim(0, 1.08)
    ax.set_yticks(y, list(rows["participant_id"]), fontsize=8)
    ax.set_xlabel("share of due actions kept")
    return fig


def save_all(figures: "dict[str, Figure]", folder: str | os.PathLike) -> list[Path]:
    """Save each figure as ``cohort_<name>.png`` in `folder` (made if missing), as the page shows it; the paths."""
    out = make_folder(folder)
    return [save_figure(fig, out / f"cohort_{name}.png", dpi=SAVE_DPI) for name, fig in figures.items()]
