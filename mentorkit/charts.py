"""The progress charts: one function per chart, each returning a matplotlib Figure.

Every chart takes a `Workbook` and the date it is drawn as of, reads at a
glance (title, axis labels with units, concise dates, the colour-blind-safe
Okabe-Ito palette) and, without enough data, says so in the figure instead
of failing. Figures are built with the object API (`matplotlib.figure.Figure`),
not pyplot, so a cohort run draws hundreds of them without holding them open.
`export_all` writes every chart as PNG, SVG or PDF; `PageCharts` shows them in a
notebook and, in a cohort run, saves the very PNG it shows.
"""

from __future__ import annotations

import base64
import datetime as dt
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import matplotlib
import matplotlib.dates as mdates
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from . import cadence, evaluation, png, quickdraw
from .dates import add_months, as_of_date
from .errors import InvalidChoiceError
from .perception import PERCEPTION_GAP as perception_gap_limit
from .progress import follow_through, tscore_history
from .storage import atomic_file, make_folder

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.typing import RcKeyType

    from .cadence import Drift
    from .store import Workbook

# Okabe and Ito's palette: distinguishable with the common colour-vision deficiencies.
OKABE_ITO = {
    "black": "#000000", "orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73",
    "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7",
}
ACTUAL = OKABE_ITO["blue"]
PLANNED = OKABE_ITO["orange"]
FLAG = OKABE_ITO["vermillion"]
GOOD = OKABE_ITO["green"]
MUTED = "#6b6b6b"
GOAL_COLOURS = [OKABE_ITO[k] for k in ("blue", "orange", "green", "purple", "sky", "vermillion", "yellow", "black")]
NOT_ENOUGH = "Not enough data yet"
FIGSIZE = (9.0, 4.2)
FORMATS = ("png", "svg", "pdf")
# What every chart is drawn with, whatever the kernel's own settings (`style`): unhinted text. Hinting bends
# each glyph's outline to the pixel grid, which helps small text on a low-resolution screen and little at 150
# dpi, and it is the dearest part of drawing text in matplotlib 3.11: without it, a mentee's six charts take
# 16% fewer instructions to draw (valgrind's callgrind). Text drawn as paths (SVG) is unhinted anyway.
STYLE: "dict[RcKeyType, Any]" = {"text.hinting": "no_hinting"}


def _matplotlib():
    """Import matplotlib on first use; outside a notebook kernel, draw with the Agg backend."""
    if "ipykernel" not in sys.modules and "matplotlib.pyplot" not in sys.modules:
        matplotlib.use("Agg")
    return matplotlib


def style():
    """The settings every chart is drawn under (`STYLE`), for a block: ``with charts.style(): fig.savefig(...)``."""
    return matplotlib.rc_context(STYLE)


def _figure(title: str, subtitle: str = "", nrows: int = 1, *, height: float = FIGSIZE[1], sharex: bool = False,
            ratios=None):
    """A constrained-layout figure: the title (`fig.get_suptitle()`) and a one-line subtitle over the first axes."""
    _matplotlib()

    fig = Figure(figsize=(FIGSIZE[0], height), layout="constrained")
    axes = fig.subplots(nrows, 1, sharex=sharex, gridspec_kw={"height_ratios": ratios} if ratios else None)
    axes_list = list(axes) if nrows > 1 else [axes]
    fig.suptitle(title, x=0.01, ha="left", fontsize=13, fontweight="bold")
    if subtitle:
        axes_list[0].set_title(subtitle, loc="left", fontsize=9, color=MUTED)
    for ax in axes_list:
        ax.spines[["top", "right"]].set_visible(False)
        ax.grid(axis="y", color="#e5e5e5", linewidth=0.8)
        ax.set_axisbelow(True)
    return fig, axes_list


class DateTicks(mdates.AutoDateLocator):
    """matplotlib's automatic date ticks, worked out once per view interval rather than at every request.

    Drawing a figure asks its date axis for ticks a dozen times or more (each
    constrained-layout pass, the labels' placing, the paint). The answer depends
    only on the axis's view interval and the locator's settings, so the ticks of
    the last interval asked are kept: 6.5% fewer instructions to draw the six
    charts, the same ticks (a test compares them with `AutoDateLocator`'s).
    """

    _last: tuple[tuple[float, ...], np.ndarray] | None = None

    def __call__(self):
        interval = tuple(float(v) for v in self.axis.get_view_interval())
        if self._last is None or self._last[0] != interval:  # working them out sets the locator's state too
            self._last = (interval, np.asarray(super().__call__()))
        return self._last[1].copy()


def _date_axis(ax: "Axes") -> None:
    locator = DateTicks(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_xlabel("Date")


def _as_of_line(ax: "Axes", as_of: dt.date) -> None:
    ax.axvline(as_of, color=MUTED, linestyle=":", linewidth=1.2, gid="as-of")  # type: ignore[arg-type]  # a date axis
    ax.annotate(f"as of {as_of:%d %b %Y}", (as_of, 1.0), xycoords=("data", "axes fraction"), xytext=(-3, -2),
                textcoords="offset points", ha="right", va="top", fontsize=8, color=MUTED)


def not_enough_figure(title: str, why: str) -> "Figure":
    """A figure that says plainly that a chart has not enough data yet, and what would fill it."""
    fig, (ax,) = _figure(title)
    ax.set_axis_off()
    ax.text(0.5, 0.58, NOT_ENOUGH, ha="center", va="center", fontsize=16, color=MUTED, transform=ax.transAxes,
            gid="not-enough")
    ax.text(0.5, 0.40, why, ha="center", va="center", fontsize=10, color=MUTED, transform=ax.transAxes, wrap=True)
    return fig


def _mpl(text: str) -> str:
    """User text made safe for matplotlib, which would read `$...$` as mathematics."""
    return str(text).replace("$", r"\$")


def _short(text: str, limit: int = 38) -> str:
    """User text shortened for a legend, and safe for matplotlib."""
    text = " ".join(str(text).split())
    return _mpl(text if len(text) <= limit else text[: limit - 1] + "\u2026")


# -- the data the cadence charts share ---------------------------------------------------------


def cadence_view(wb: "Workbook", as_of: dt.date) -> "Drift":
    """Meeting dates, the planned schedule and the gaps, from `mentorkit.cadence` (G4.2, G5.5)."""
    return cadence.chart_view(wb, as_of)


def planned_to_date(view: "Drift", as_of: dt.date) -> list[dt.date]:
    """The planned meeting dates up to `as_of`: the agreement's, or else monthly from the first meeting (G4.2)."""
    if view.agreement is not None:
        return [d for d in view.planned if d <= as_of]
    if not view.meetings:
        return []
    days, k = [], 0
    while (day := add_months(view.meetings[0], k)) <= as_of:
        days.append(day)
        k += 1
    return days


# -- 1. meeting cadence ----------------------------------------------------------------------


def meeting_cadence(wb: "Workbook", as_of: dt.date, *, anonymous: bool = False) -> "Figure":
    """Planned against actual meetings on one timeline; gaps past the drift rule are marked (G5.5)."""
    title = "Meeting cadence: planned and actual"
    view = cadence_view(wb, as_of)
    if len(view.meetings) < 2:
        return not_enough_figure(title, "Log at least two meetings to see the cadence against the plan (G4.2, G5.5).")
    subtitle = (f"Gaps over {view.threshold:g} days (1.5 \u00d7 the planned {view.interval:g}) are flagged, "
                "the time since the last meeting included (G5.5).")
    fig, (ax,) = _figure(title, subtitle, height=3.6)
    planned = planned_to_date(view, as_of)
    basis = f"every {view.interval:g} days" if view.agreement is not None else "monthly: no agreement recorded"
    ax.scatter(planned, [1] * len(planned), marker="o", s=70, facecolors="none", edgecolors=PLANNED, linewidths=1.6,
               label=f"planned ({basis})", gid="planned", zorder=3)
    ax.scatter(view.meetings, [0] * len(view.meetings), marker="o", s=70, color=ACTUAL, label="held", gid="actual",
               zorder=3)
    for gap in view.gaps:
        if not gap.flagged:
            continue
        ax.plot([gap.start, gap.end], [0, 0], color=FLAG, linewidth=5, alpha=0.55, solid_capstyle="butt",
                linestyle="--" if gap.open else "-", gid="gap-flag", zorder=2)
        middle = gap.start + (gap.end - gap.start) / 2
        words = f"{gap.days} days{' so far' if gap.open else ''}\n> {view.threshold:g}-day limit"
        ax.annotate(words, (middle, 0), xytext=(0, -16), textcoords="offset points", ha="center", va="top",
                    fontsize=8.5, color=FLAG, gid="gap-note")
    _as_of_line(ax, as_of)
    ax.set_yticks([0, 1], ["held", "planned"])
    ax.set_ylim(-0.95, 1.6)
    ax.set_ylabel("Meetings")
    ax.grid(False)
    _date_axis(ax)
    ax.legend(loc="upper left", frameon=False, ncol=2, fontsize=9)
    return fig


# -- 2. days between meetings ---------------------------------------------------------------


def days_between_meetings(wb: "Workbook", as_of: dt.date, *, anonymous: bool = False) -> "Figure":
    """The days between consecutive meetings, and since the last one, against the planned interval (G5.5)."""
    title = "Days between meetings"
    view = cadence_view(wb, as_of)
    if len(view.meetings) < 2:
        return not_enough_figure(title, "Log at least two meetings to see the days between them (G5.5).")
    fig, (ax,) = _figure(title, f"Planned: every {view.interval:g} days; flagged past {view.threshold:g} days "
                                "(1.5 \u00d7 planned, G5.5). Hatched: the gap still open.")
    labels = [f"to {g.end:%d %b}" + ("\n(open)" if g.open else "") for g in view.gaps]
    days = [g.days for g in view.gaps]
    xs = list(range(len(view.gaps)))
    bars = ax.bar(xs, days, width=0.7, color=[FLAG if g.flagged else ACTUAL for g in view.gaps], gid="gap-bars")
    for x, bar, gap in zip(xs, bars, view.gaps):
        if gap.open:
            bar.set_hatch("//")
            bar.set_edgecolor("white")
        ax.annotate(f"{gap.days}", (x, gap.days), xytext=(0, 2), textcoords="offset points", ha="center",
                    fontsize=8.5, color=FLAG if gap.flagged else MUTED, fontweight="bold" if gap.flagged else "normal",
                    gid="gap-note" if gap.flagged else "gap-days")
    ax.axhline(view.interval, color=PLANNED, linewidth=1.5, label=f"planned interval ({view.interval:g} days)",
               gid="planned-interval")
    ax.axhline(view.threshold, color=FLAG, linewidth=1.2, linestyle="--",
               label=f"drift limit, 1.5 \u00d7 planned ({view.threshold:g} days)", gid="drift-limit")
    ax.set_xticks(xs, labels, fontsize=8, rotation=0 if len(xs) <= 12 else 60)
    ax.set_xlabel("Gap ending at the meeting on (the last one: up to the chart's date)")
    ax.set_ylabel("Days since the previous meeting")
    ax.set_ylim(0, max(days + [view.threshold]) * 1.22)
    ax.legend(loc="upper left", frameon=False, fontsize=9)
    return fig


# -- 3. cumulative meetings --------------------------------------------------------------


def cumulative_meetings(wb: "Workbook", as_of: dt.date, *, anonymous: bool = False) -> "Figure":
    """How many meetings have been held, against how many the plan called for by each date (G4.2)."""
    title = "Meetings held against the plan"
    view = cadence_view(wb, as_of)
    if len(view.meetings) < 2:
        return not_enough_figure(title, "Log at least two meetings to compare them with the plan (G4.2).")
    fig, (ax,) = _figure(title)
    held = [d for d in view.meetings if d <= as_of]
    planned = planned_to_date(view, as_of)
    start = min(held[:1] + planned[:1])
    ax.step([start] + held + [as_of], [0] + list(range(1, len(held) + 1)) + [len(held)], where="post", color=ACTUAL,
            linewidth=2, label="held", gid="held")
    if planned:
        ax.step([start] + planned + [as_of], [0] + list(range(1, len(planned) + 1)) + [len(planned)], where="post",
                color=PLANNED, linewidth=2, linestyle="--", label="planned", gid="planned")
    behind = len(planned) - len(held)
    status = (f"{len(held)} held, {len(planned)} planned by {as_of:%d %b %Y}"
              + (f": {behind} behind" if behind > 0 else ": on plan" if behind == 0 else f": {-behind} ahead"))
    ax.annotate(status, (as_of, len(held)), xytext=(-6, 8), textcoords="offset points", ha="right", fontsize=9,
                color=FLAG if behind > 0 else GOOD, gid="status")
    _as_of_line(ax, as_of)
    ax.set_ylabel("Meetings (cumulative count)")
    ax.set_ylim(0, max(len(held), len(planned)) + 1.5)
    _date_axis(ax)
    ax.legend(loc="upper left", frameon=False, fontsize=9)
    return fig


# -- 4. GAS T-score ---------------------------------------------------------------------------


def gas_progress(wb: "Workbook", as_of: dt.date, *, anonymous: bool = False) -> "Figure":
    """The GAS T-score over time (50 = every goal at its expected level) with each goal's level below.

    `anonymous` labels the goals by number instead of by their titles (for cohort outputs).
    """
    title = "Goal attainment: GAS T-score and goal levels"
    goals = wb.table("goals")
    history = tscore_history(goals, wb.table("goal_levels"), as_of=as_of)
    if len(history) < 2:
        return not_enough_figure(title, "Scale your goals (notebook 01), then record a new level at least once "
                                        "(notebook 05) to see the T-score move.")
    fig, (top, bottom) = _figure(title, "T-score: 50 when every goal is at its expected level; weights as set in "
                                        "notebook 01; rho = 0.3.", 2, height=6.8, sharex=True, ratios=[1.1, 1])
    dates = list(history["date"].dt.date) + [as_of]
    scores = list(history["tscore"]) + [history["tscore"].iloc[-1]]
    top.step(dates, scores, where="post", color=ACTUAL, linewidth=2, gid="tscore")
    top.plot(dates[:-1], scores[:-1], "o", color=ACTUAL, markersize=5)
    top.axhline(50, color=MUTED, linestyle="--", linewidth=1, gid="expected")
    top.annotate("50 = every goal at its expected level", (dates[0], 50), xytext=(2, 3), textcoords="offset points",
                 fontsize=8, color=MUTED)
    top.annotate(f"T = {scores[-1]:.1f}", (dates[-2], scores[-1]), xytext=(-6, 6), textcoords="offset points",
                 ha="right", fontsize=9, color=ACTUAL, fontweight="bold", gid="tscore-now")  # inside the axes
    top.set_ylabel("GAS T-score")
    top.set_ylim(min(25, min(scores) - 5), max(75, max(scores) + 5))
    titles = {int(r["id"]): str(r["title"]) for _, r in goals.iterrows()}
    weights = {int(r["id"]): float(r["weight"]) for _, r in goals.iterrows()}
    goal_cols = [c for c in history.columns if c.startswith("goal_")]
    for i, col in enumerate(goal_cols):
        gid = int(col.removeprefix("goal_"))
        levels = history[col]
        mask = levels.notna()
        if not mask.any():
            continue
        xs = list(history.loc[mask, "date"].dt.date) + [as_of]
        ys = [int(v) for v in levels[mask]] + [int(levels[mask].iloc[-1])]
        offset = (i - (len(goal_cols) - 1) / 2) * 0.06  # keep overlapping goals apart
        name = f"Goal {gid}" if anonymous else _short(titles.get(gid, col))
        bottom.step(xs, [y + offset for y in ys], where="post", linewidth=1.8,
                    color=GOAL_COLOURS[i % len(GOAL_COLOURS)],
                    label=f"{name} (weight {weights.get(gid, 1):g})", gid=f"level-{gid}")
    bottom.set_ylim(-2.5, 2.5)
    bottom.set_yticks([-2, -1, 0, 1, 2], ["\u22122 much less", "\u22121 less", "0 expected", "+1 more", "+2 much more"])
    bottom.set_ylabel("Level (GAS scale)")
    bottom.legend(loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=2, frameon=False, fontsize=8)
    _date_axis(bottom)
    top.xaxis.label.set_visible(False)
    return fig


# -- 5. follow-through by month -----------------------------------------------------------------


def follow_through_by_month(wb: "Workbook", as_of: dt.date, *, anonymous: bool = False) -> "Figure":
    """Due actions per month of their (effective) due date, kept against not kept (G5.4)."""
    title = "Action follow-through by month"
    result = follow_through(wb.table("actions"), as_of)
    due = [v for v in result.verdicts if v.due]
    if len(due) < 2:
        return not_enough_figure(title, "Follow-through shows once two or more actions are due or done (G5.4).")
    fig, (ax,) = _figure(title, f"Overall: {result.kept} of {result.due} due actions kept ({result.rate:.0%}) as of "
                                f"{as_of:%d %b %Y}. Renegotiating before the due date counts as kept (G5.4).")
    months: dict[dt.date, list[int]] = {}
    for v in due:
        when = v.effective_due or as_of
        key = dt.date(when.year, when.month, 1)
        months.setdefault(key, [0, 0])[0 if v.kept else 1] += 1
    first, last = min(months), max(months)
    keys = []
    while first <= last:  # every month in the range, the empty ones included, so the axis is a timeline
        keys.append(first)
        first = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    labels = [f"{k:%b %Y}" for k in keys]
    kept = [months.get(k, [0, 0])[0] for k in keys]
    missed = [months.get(k, [0, 0])[1] for k in keys]
    xs = range(len(keys))
    ax.bar(xs, kept, color=GOOD, label="kept (done on time, or renegotiated in time)", gid="kept")
    ax.bar(xs, missed, bottom=kept, color=FLAG, label="not kept (late, overdue or dropped)", gid="not-kept",
           hatch="//", edgecolor="white")
    for x, k, m in zip(xs, kept, missed):
        if k + m == 0:
            continue
        ax.annotate(f"{k / (k + m):.0%}", (x, k + m), xytext=(0, 3), textcoords="offset points", ha="center",
                    fontsize=8.5, gid="month-rate")
    ax.set_xticks(list(xs), labels, rotation=0 if len(keys) <= 10 else 45)
    ax.set_xlabel("Month the action was due")
    ax.set_ylabel("Actions due (count)")
    ax.set_ylim(0, max(k + m for k, m in zip(kept, missed)) * 1.3 + 0.5)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.legend(loc="upper left", frameon=False, fontsize=9)
    return fig


# -- 6. relationship health -----------------------------------------------------------------


def relationship_health(wb: "Workbook", as_of: dt.date, *, anonymous: bool = False) -> "Figure":
    """The two-way check-in ratings over time (G6.1, G6.2) with the latest recommendation (G6.4)."""
    title = "Relationship health over the check-ins"
    frame = evaluation.health_frame(wb, as_of)
    if len(frame) < 2:
        return not_enough_figure(title, "Record at least two check-ins to see how the relationship is going "
                                        "(G6.1, G6.2).")
    advice = evaluation.recommend(wb, as_of)
    verdict = (f"Latest check-in ({advice.checkin_date:%d %b %Y}): "
               f"{advice.decision.replace('_', ' ')} ({advice.guidance}).")
    fig, (ax,) = _figure(title, verdict)
    dates = list(frame["date"].dt.date)
    ax.axhspan(0.8, 2.5, color=FLAG, alpha=0.07, gid="weak-zone")
    ax.text(0.005, 0.03, "low: 2 or less", transform=ax.transAxes, fontsize=8, color=FLAG, va="bottom")
    series = [("health", "overall health (mean of the 7 ratings)", OKABE_ITO["black"], "o", 2.4),
              ("value_to_me", "value to me (G6.1)", ACTUAL, "s", 1.4),
              ("value_to_mentor", "value to the mentor" + (", my guess" if frame["mentor_value_to_mentor"].notna().any()
                                                           else "") + " (G6.1)", PLANNED, "^", 1.4),
              ("wish_to_continue", "wish to continue (G6.2)", OKABE_ITO["purple"], "D", 1.2)]
    for column, label, colour, marker, width in series:
        ax.plot(dates, frame[column], marker=marker, color=colour, linewidth=width, markersize=5, label=label,
                gid=column)
    theirs = frame[frame["mentor_value_to_mentor"].notna()]
    if len(theirs):  # the mentor's own answers, where they sent them (G6.1, G6.2): both sides on one chart
        mentor_dates = list(theirs["date"].dt.date)
        for column, label, colour, marker in (
                ("mentor_value_to_mentor", "value to the mentor, their own answer", PLANNED, "^"),
                ("mentor_wish_to_continue", "mentor's wish to continue", OKABE_ITO["purple"], "D")):
            ax.plot(mentor_dates, theirs[column], linestyle="none", marker=marker, markersize=9, markerfacecolor="none",
                    markeredgewidth=1.6, color=colour, label=label, gid=column)
        for _, row in theirs.iterrows():
            gap = float(row["perception_gap"])
            if gap >= perception_gap_limit:
                ax.annotate(f"perception gap {gap:.0f} (G6.1)",
                            (row["date"].date(), float(row["mentor_value_to_mentor"])),
                            xytext=(0, 10), textcoords="offset points", ha="center", fontsize=8.5, color=FLAG,
                            gid="perception-gap")
    flagged = frame[frame["one_way"] | frame["fading"]]
    for _, row in flagged.iterrows():
        words = " and ".join(w for w, on in (("one-way", row["one_way"]), ("fading", row["fading"])) if on)
        ax.annotate(words, (row["date"].date(), float(row["health"])), xytext=(0, -14), textcoords="offset points",
                    ha="center", fontsize=8.5, color=FLAG, gid="health-flag")
    ax.set_ylim(0.8, 5.4)
    ax.set_yticks([1, 2, 3, 4, 5])
    ax.set_ylabel("Rating (1 = poor, 5 = strong)")
    ax.margins(x=0.06)
    _date_axis(ax)
    ax.legend(loc="lower right", frameon=False, fontsize=8.5, ncol=2)
    return fig


# -- all of them ---------------------------------------------------------------------------

ChartFunction = Callable[..., "Figure"]  # (wb, as_of, *, anonymous=False) -> Figure
CHARTS: dict[str, ChartFunction] = {
    "meeting_cadence": meeting_cadence,
    "days_between_meetings": days_between_meetings,
    "cumulative_meetings": cumulative_meetings,
    "gas_tscore": gas_progress,
    "follow_through": follow_through_by_month,
    "relationship_health": relationship_health,
}


def all_charts(wb: "Workbook", as_of: dt.date, *, anonymous: bool = False) -> dict[str, "Figure"]:
    """Every chart, in order, keyed by its file stem (`anonymous`: no text the mentee wrote)."""
    return {name: draw(wb, as_of, anonymous=anonymous) for name, draw in CHARTS.items()}


DPI = 150  # of every saved chart


def save_figure(fig: "Figure", path: "str | os.PathLike", *, dpi: float = DPI) -> Path:
    """Save a figure reproducibly (no timestamps, fixed SVG ids), atomically, in the charts' `STYLE`."""
    _save_figure(fig, Path(path), dpi)
    return Path(path)


def _save_figure(fig: "Figure", path: Path, dpi: float = DPI) -> bytes | None:
    """`save_figure`, returning the PNG's bytes for a PNG (None for SVG and PDF)."""
    fmt = path.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        raise InvalidChoiceError(f"{path.name}: format must be one of {', '.join(FORMATS)}")
    if fmt == "png":
        data = encode_png(render_agg(fig, dpi), dpi)
        with atomic_file(path) as tmp:
            tmp.write_bytes(data)
        return data
    metadata = {"svg": {"Date": None}, "pdf": {"CreationDate": None}}[fmt]
    settings = {**STYLE, "svg.hashsalt": "mentorkit", "svg.fonttype": "path"}
    with atomic_file(path) as tmp, matplotlib.rc_context(settings), quickdraw.drawing(fig):
        fig.savefig(tmp, format=fmt, dpi=dpi, metadata=metadata)
    return None


def render_agg(fig: "Figure", dpi: float = DPI):
    """Draw `fig` once into an Agg canvas at `dpi` (layout included), in the charts' `STYLE`; returns the canvas.

    `Figure.savefig` draws a figure with a layout engine twice, once to place
    it and once to paint; one draw does both. `encode_png` of the result gives
    the very pixels `savefig(format="png")` writes in the same style (a test
    compares them). The figure keeps its own dpi and canvas.
    """
    own_dpi, own_canvas = fig.dpi, fig.canvas
    canvas = FigureCanvasAgg(fig)
    try:
        fig.dpi = dpi
        with quickdraw.drawing(fig, canvas.get_renderer()), style():  # the renderer `draw` uses: same size and dpi
            canvas.draw()
    finally:
        fig.dpi = own_dpi
        fig.set_canvas(own_canvas)
    return canvas


def encode_png(canvas, dpi: float = DPI) -> bytes:
    """The drawn canvas as PNG bytes (`mentorkit.png`): reproducible, at `dpi`, RGB when every pixel is opaque."""
    return png.encode(np.asarray(canvas.buffer_rgba()), dpi)  # height x width x 4, as drawn


def _png_bundle(data: bytes, fig: "Figure") -> tuple[dict, dict]:
    """A display bundle for a PNG of `fig`: shown at the figure's own size, with the figure's text repr."""
    width, height = (round(v * fig.dpi) for v in fig.get_size_inches())
    return ({"image/png": base64.b64encode(data).decode("ascii"), "text/plain": repr(fig)},
            {"image/png": {"width": width, "height": height}})


def show_figure(fig: "Figure") -> None:
    """Show `fig` in a notebook as a PNG drawn once, at the figure's own size and resolution.

    The inline backend draws a figure with a layout twice, the first time only
    to crop it to what it holds; a constrained-layout figure is already filled
    to its edges. Used by the cohort summary, whose small multiples are its
    longest drawing.
    """
    from IPython.display import display  # noqa: PLC0415 -- only in a notebook: the steps import no IPython

    data, metadata = _png_bundle(encode_png(render_agg(fig, fig.dpi), fig.dpi), fig)
    display(data, raw=True, metadata=metadata)


class PageCharts:
    """Shows the charts in a notebook; with `out_dir` (cohort runs) also writes each one there as PNG.

    With `out_dir`, every chart is drawn once and rendered once: the file `save_figure` writes (the same bytes
    `export_all` writes) is the very image the page shows, at the figure's on-screen size, instead of a
    second, inline rendering. `anonymous` (implied by `out_dir`) leaves out the text the mentee wrote.
    """

    def __init__(self, out_dir: str | os.PathLike | None = None, *, anonymous: bool = False) -> None:
        self.out_dir = Path(out_dir) if out_dir else None
        self.anonymous = anonymous or self.out_dir is not None
        self.written: dict[str, Path] = {}

    def show(self, name: str, wb: "Workbook", as_of: dt.date) -> None:
        """Draw the chart `name` (a key of `CHARTS`), display it and, with `out_dir`, save it as `<name>.png`."""
        from IPython.display import display  # noqa: PLC0415 -- only in a notebook: the steps import no IPython

        fig = CHARTS[name](wb, as_of, anonymous=self.anonymous)
        if self.out_dir is None:
            with style(), quickdraw.drawing(fig):  # the inline backend draws it now, as it is displayed
                display(fig)
            return
        data, metadata = _png_bundle(self._save(name, fig), fig)
        display(data, raw=True, metadata=metadata)

    def finish(self, wb: "Workbook", as_of: dt.date) -> list[Path]:
        """Save the charts not shown yet and return every file written, in `CHARTS` order (as `export_all`)."""
        if self.out_dir is None:
            return []
        for name, draw in CHARTS.items():
            if name not in self.written:
                self._save(name, draw(wb, as_of, anonymous=self.anonymous))
        return [self.written[name] for name in CHARTS]

    def _save(self, name: str, fig: "Figure") -> bytes:
        out = make_folder(self.out_dir or ".")
        self.written[name] = out / f"{name}.png"
        return _save_figure(fig, self.written[name]) or b""


def export_all(workbook: "Workbook", out_dir: str | os.PathLike, fmt: str = "png",
               as_of: dt.date | None = None, *, anonymous: bool = False) -> list[Path]:
    """Write every chart of the workbook into `out_dir` as `<chart>.<fmt>` and return the paths, in order.

    `anonymous` leaves out every text the mentee wrote (goal titles become numbers), for cohort outputs.
    """
    fmt = fmt.lower().lstrip(".")
    if fmt not in FORMATS:
        raise InvalidChoiceError(f"format: {fmt!r} is not one of {', '.join(FORMATS)}")
    when = as_of_date(as_of)
    out = make_folder(out_dir)
    paths = []
    for name, fig in all_charts(workbook, when, anonymous=anonymous).items():
        paths.append(save_figure(fig, out / f"{name}.{fmt}"))
    return paths
