"""Notebook 06: the charts with what each one says, and copies to keep (charts, report, calendar).

In a cohort run (`charts_dir` set, or `metrics_only`) nothing the mentee
wrote is shown: no goal titles, no action descriptions, no name.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import cadence, charts, evaluation
from ..progress import follow_through, tscore_history
from .section import Section

if TYPE_CHECKING:
    from ..store import Workbook

CADENCE_CHARTS = ("meeting_cadence", "days_between_meetings", "cumulative_meetings")
EXPORT_FORMATS = ("png", "svg", "pdf")
GOAL_COLUMNS = {"id": "id", "title": "goal", "weight": "weight", "baseline_level": "baseline"}
VERDICT_COLUMNS = {"action_id": "#", "action": "action", "due": "due", "effective_due": "due on", "kept": "kept",
                   "verdict": "verdict", "reason": "why"}
HEALTH_COLUMNS = {"date": "date", "health": "health", "value_to_me": "to me", "value_to_mentor": "to mentor",
                  "wish_to_continue": "wish to continue", "one_way": "one-way", "fading": "fading"}


def history_columns(history) -> dict[str, str]:
    """Readable names for the T-score history: the date, the score, the goal count, then 'goal 1', 'goal 2'..."""
    names = {"date": "date", "tscore": "T-score", "goals": "goals"}
    return {col: names.get(col, col.replace("_", " ")) for col in history.columns}


class ProgressStep:
    """Notebook 06's sections, sharing the workbook, the date and the page's charts."""

    def __init__(self, wb: "Workbook", today: dt.date, interactive: bool = True, *,
                 charts_dir: str | os.PathLike = "", metrics_only: bool = False) -> None:
        self.wb, self.today, self.interactive = wb, today, interactive
        if not interactive:  # a run from top to bottom, unattended: one moment of the workbook, each table read once
            wb.keep_tables()
        self.charts_dir = str(charts_dir or "")
        self.private = bool(metrics_only or self.charts_dir)
        # shows each chart; in a cohort run also saves it into charts_dir
        self.page = charts.PageCharts(self.charts_dir or None, anonymous=self.private)

    def chart(self, name: str) -> Any:
        """A chart part of a section: drawn (and, in a cohort run, saved) when the section is shown."""
        return lambda: self.page.show(name, self.wb, self.today)

    def cadence(self) -> Section:
        """The drift rule and its findings (G4.2, G5.5, G6.3), and the three cadence charts."""
        from ..forms import findings_view

        drift = cadence.drift(self.wb, as_of=self.today)
        return Section(drift.rule, findings_view(drift.findings(), title="What the drift rule says"),
                       *(self.chart(name) for name in CADENCE_CHARTS))

    def goals(self) -> Section:
        """The GAS T-score now and at the baseline, each goal's level by date, and its chart."""
        from ..forms import frame_view, message

        wb = self.wb
        history = tscore_history(wb.table("goals"), wb.table("goal_levels"), as_of=self.today)
        if history.empty:
            return Section(message("No scaled goals yet: add goals with their levels in notebook 01."),
                           self.chart("gas_tscore"))
        now, start = history["tscore"].iloc[-1], history["tscore"].iloc[0]
        parts: list = [f"T-score {now:.1f} now, {start:.1f} at the baseline, over {int(history['goals'].iloc[-1])} "
                       "goals."]
        if not self.private:
            parts.append(frame_view(wb.table("goals"), title="Your goals (goal <id> in the table below)",
                                    columns=GOAL_COLUMNS))
        shown = history.round({"tscore": 1})
        parts.append(frame_view(shown, title="T-score and each goal's level, by date", columns=history_columns(shown)))
        return Section(*parts, self.chart("gas_tscore"))

    def follow_through(self) -> Section:
        """How many due actions were kept (G5.4), each action's verdict, and its chart."""
        from ..forms import frame_view

        actions = self.wb.table("actions")
        result = follow_through(actions, self.today)
        verdicts = result.frame()
        columns = dict(VERDICT_COLUMNS)
        if len(verdicts) and not self.private:
            verdicts.insert(1, "action", list(actions["description"]))
        else:
            columns.pop("action")
        return Section(str(result), frame_view(verdicts, "No actions yet: write them down after each meeting (G5.3).",
                                               title="Each action, as of the date above", columns=columns),
                       self.chart("follow_through"))

    def health(self) -> Section:
        """The recommendation (continue, adjust or let go) and why, the check-ins, and their chart."""
        from ..forms import findings_view, frame_view

        advice = evaluation.recommend(self.wb, self.today)
        health = evaluation.health_frame(self.wb, self.today).round({"health": 2})
        return Section(f"Recommendation: {advice.decision.replace('_', ' ')} ({advice.guidance})",
                       findings_view(advice.findings, title="Why"),
                       frame_view(health, "No check-ins yet.", title="Check-ins (ratings 1 to 5)",
                                  columns=HEALTH_COLUMNS),
                       self.chart("relationship_health"))

    def keep_copy(self, export: bool) -> Section:
        """The charts saved in a cohort run, and with `export` every chart, the report and the calendar."""
        written: list[Path] = []
        if self.charts_dir:
            written += self.page.finish(self.wb, self.today)  # the charts shown above, already saved
        if export:
            written += export_everything(self.wb, self.today)
        if not written:
            return Section("Nothing exported (set export = True, or use the buttons).")
        return Section(f"Wrote {len(written)} files.", *(f"  {p.parent.name}/{p.name}" for p in written))

    def export_buttons(self) -> Section:
        """Buttons that write the same copies on demand (interactive runs only)."""
        if not self.interactive:
            return Section()
        from ..forms.exports import ExportPanel

        panel = ExportPanel(self.wb, self.today)
        return Section(panel.widget, panel=panel)


def export_everything(wb: "Workbook", today: dt.date) -> list[Path]:
    """Every chart as PNG, SVG and PDF, the report as PDF and HTML, and the calendar, into the exports folder."""
    from ..ics import write_calendar
    from ..report import write_report

    written: list[Path] = []
    for fmt in EXPORT_FORMATS:
        written += charts.export_all(wb, wb.exports_dir / "charts", fmt, as_of=today)
    written.append(write_report(wb, wb.exports_dir / "progress_report.pdf", as_of=today))
    written.append(write_report(wb, wb.exports_dir / "progress_report.html", as_of=today))
    written.append(write_calendar(wb, wb.exports_dir / "mentoring.ics", as_of=today))
    return written
