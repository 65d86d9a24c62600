"""The progress report: a multi-page PDF, or one self-contained HTML file with inline SVG charts.

Both open with the mentee's name and a summary (meetings against the plan,
drift, the GAS T-score, follow-through, the latest check-in), then every
chart, then the goals and the actions still to do. In the HTML file every
piece of user text is escaped, and a Content-Security-Policy forbids scripts.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import os
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

import matplotlib
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from . import cadence, evaluation
from .charts import STYLE, _matplotlib, _mpl, all_charts, cadence_view, style
from .dates import as_of_date
from .errors import InvalidChoiceError
from .progress import follow_through, tscore_history
from .storage import atomic_file, make_folder

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from .store import Workbook

CHART_TITLES = {
    "meeting_cadence": "Meeting cadence",
    "days_between_meetings": "Days between meetings",
    "cumulative_meetings": "Meetings against the plan",
    "gas_tscore": "Goal attainment (GAS T-score)",
    "follow_through": "Action follow-through",
    "relationship_health": "Relationship health",
}


@dataclass(frozen=True)
class ReportData:
    """What the report shows, gathered once."""

    name: str
    as_of: dt.date
    summary: list[tuple[str, str]]
    goals: list[tuple[str, str, str, str]]  # title, weight, baseline, latest level
    actions: list[tuple[str, str, str, str]]  # description, owner, due, state


def _level(value) -> str:
    return "" if value is None else "0" if int(value) == 0 else f"{int(value):+d}"


def advice_text(advice) -> str:
    """A recommendation in one paragraph: the decision, its guidance IDs, then the reasons."""
    words = {"continue": "Continue", "adjust": "Adjust", "let_go": "Let go", "not_yet": "Not yet"}
    reasons = " ".join(r if r.endswith(".") else r + "." for r in advice.reasons)
    return f"{words.get(advice.decision, advice.decision)} ({advice.guidance}). {reasons}".strip()


def progress_summary(wb: "Workbook", as_of: dt.date) -> list[tuple[str, str]]:
    """The headline figures, as (label, value) pairs in plain words with their guidance IDs."""
    view = cadence_view(wb, as_of)
    rows: list[tuple[str, str]] = []
    if view.meetings:
        rows.append(("Meetings held", f"{len(view.meetings)}, from {view.meetings[0]:%d %b %Y} "
                                      f"to {view.meetings[-1]:%d %b %Y}"))
    else:
        rows.append(("Meetings held", "none yet"))
    rows.append(("Planned cadence (G4.2)", cadence.describe_plan(wb)))
    flagged = [g for g in view.gaps if g.flagged]
    if view.meetings:
        since = (as_of - view.meetings[-1]).days
        status = "past the drift limit: book the next meeting (G5.5)" if since > view.threshold else "within the plan"
        rows.append(("Days since the last meeting", f"{since} ({status})"))
    rows.append(("Gaps past the drift limit (G5.5)", f"{len(flagged)} (limit: {view.threshold:g} days, "
                                                       "1.5 times the planned interval)"))
    history = tscore_history(wb.table("goals"), wb.table("goal_levels"), as_of=as_of)
    if history.empty:
        rows.append(("GAS T-score", "no scaled goals yet"))
    else:
        first, last = history["tscore"].iloc[0], history["tscore"].iloc[-1]
        rows.append(("GAS T-score", f"{last:.1f} (from {first:.1f} at the baseline; 50 = every goal at its "
                                    "expected level)"))
    ft = follow_through(wb.table("actions"), as_of)
    rows.append(("Follow-through (G5.4)", "no action due yet" if ft.rate is None
                 else f"{ft.kept} of {ft.due} due actions kept ({ft.rate:.0%})"))
    advice = evaluation.recommend(wb, as_of)
    if advice.checkin_date is not None:
        rows.append(("Latest check-in", f"{advice.checkin_date:%d %b %Y}: {advice_text(advice)}"))
    else:
        rows.append(("Latest check-in", "none yet: agree a first two-way check-in (G6.1, G6.2)"))
    return rows


def gather(wb: "Workbook", as_of: dt.date) -> ReportData:
    """Collect the summary, goals and actions the report shows."""
    goals = wb.table("goals")
    history = tscore_history(goals, wb.table("goal_levels"), as_of=as_of)
    goal_rows = []
    for _, g in goals.iterrows():
        col = f"goal_{int(g['id'])}"
        latest = list(history[col].dropna()) if col in history else []
        goal_rows.append((str(g["title"]), f"{float(g['weight']):g}", _level(g["baseline_level"]),
                          _level(latest[-1]) if latest else "not rated yet"))
    actions = wb.table("actions")
    ft = follow_through(actions, as_of)
    pending = [(a, v) for (_, a), v in zip(actions.iterrows(), ft.verdicts)
               if not v.kept and v.verdict not in ("dropped", "late")]
    pending.sort(key=lambda av: (av[1].verdict != "overdue", av[1].effective_due or dt.date.max))  # overdue first
    action_rows = []
    for a, verdict in pending:
        due = f"{verdict.effective_due:%d %b %Y}" if verdict.effective_due else "no date"
        action_rows.append((str(a["description"]), str(a["owner"]), due, verdict.reason))
    return ReportData(wb.mentee_name, as_of, progress_summary(wb, as_of), goal_rows, action_rows)


# -- PDF --------------------------------------------------------------------------------

A4 = (8.27, 11.69)


def _text_page(title: str, blocks: list[tuple[str, list[tuple[str, str]]]], subtitle: str = "") -> "Figure":
    """A portrait A4 page of headed lists drawn with matplotlib, so PdfPages can hold it.

    Each row is (headline, detail): the headline in bold, the detail wrapped beneath it.
    """

    _matplotlib()

    fig = Figure(figsize=A4)
    y = 0.94
    fig.text(0.08, y, _mpl(textwrap.shorten(title, 60)), fontsize=22, fontweight="bold", va="top")
    y -= 0.05
    if subtitle:
        fig.text(0.08, y, _mpl(subtitle), fontsize=11, color="#444444", va="top")
        y -= 0.05
    for heading, rows in blocks:
        if y < 0.15:
            break
        fig.text(0.08, y, _mpl(heading), fontsize=13, fontweight="bold", va="top")
        y -= 0.032
        if not rows:
            fig.text(0.10, y, "None.", fontsize=9.5, color="#666666", va="top")
            y -= 0.03
        for headline, detail in rows:
            if y < 0.09:
                fig.text(0.10, y, "\u2026 (more in the workbook)", fontsize=9, color="#666666", va="top")
                break
            for line in textwrap.wrap(_mpl(headline), 95)[:2]:
                fig.text(0.10, y, line, fontsize=9.5, va="top", fontweight="bold")
                y -= 0.019
            for line in textwrap.wrap(_mpl(detail), 100):
                fig.text(0.10, y, line, fontsize=9.5, va="top", color="#333333")
                y -= 0.019
            y -= 0.01
        y -= 0.02
    fig.text(0.08, 0.03, "Written by mentorkit from the mentee's own workbook. "
                         "Private: share it only if you choose to.",
             fontsize=8, color="#666666")
    return fig


def _write_pdf(data: ReportData, charts: dict[str, "Figure"], out: Path) -> None:
    title_page = _text_page(data.name, [("Summary", data.summary)],
                            subtitle=f"Mentoring progress report, as of {data.as_of:%d %B %Y}")
    lists = _text_page("Goals and open actions", [
        ("Goals", [(t, f"weight {w} \u00b7 baseline level {b} \u00b7 latest level {lv}")
                   for t, w, b, lv in data.goals]),
        ("Actions still to do (G5.4)", [(d, f"{o} \u00b7 due {due} \u00b7 {s}") for d, o, due, s in data.actions]),
    ])
    with style(), PdfPages(out, metadata={"Title": f"Mentoring progress report: {data.name}",
                                          "Creator": "mentorkit", "CreationDate": None}) as pdf:
        pdf.savefig(title_page)
        for fig in charts.values():
            pdf.savefig(fig)
        pdf.savefig(lists)


# -- HTML -----------------------------------------------------------------------------------

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;
color:#1a1a1a;line-height:1.45}
h1{margin-bottom:.2rem}.sub{color:#555;margin-top:0}table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}
th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #ddd;vertical-align:top}th{background:#f4f4f4}
figure{margin:1.5rem 0}figure svg{width:100%;height:auto}
footer{color:#666;font-size:.85rem;margin-top:2rem}
"""


def _svg(fig: "Figure") -> str:
    buf = io.StringIO()
    with matplotlib.rc_context({**STYLE, "svg.fonttype": "none", "svg.hashsalt": "mentorkit"}):
        fig.savefig(buf, format="svg", metadata={"Date": None})
    text = buf.getvalue()
    return text[text.index("<svg"):]  # drop the XML declaration and DOCTYPE: inline SVG in HTML5


def _table(headers: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> str:
    e = html.escape
    if not rows:
        return "<p>None.</p>"
    head = "".join(f"<th>{e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{e(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render_html(data: ReportData, charts: dict[str, "Figure"]) -> str:
    """The report as one HTML document; every piece of user text passes through `html.escape`."""
    e = html.escape
    figures = "".join(
        f'<figure id="chart-{e(k)}" role="img" aria-label="{e(CHART_TITLES.get(k, k))}">{_svg(fig)}</figure>'
        for k, fig in charts.items()
    )
    summary = "".join(f"<tr><th>{e(label)}</th><td>{e(value)}</td></tr>" for label, value in data.summary)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>Mentoring progress report: {e(data.name)}</title><style>{_CSS}</style></head><body>"
        f"<header><h1>{e(data.name)}</h1><p class=\"sub\">Mentoring progress report, as of "
        f"{data.as_of:%d %B %Y}</p></header>"
        f"<section><h2>Summary</h2><table><tbody>{summary}</tbody></table></section>"
        f"<section><h2>Charts</h2>{figures}</section>"
        "<section><h2>Goals</h2>"
        + _table(("Goal", "Weight", "Baseline", "Latest level"), data.goals)
        + "</section><section><h2>Actions still to do (G5.4)</h2>"
        + _table(("Action", "Owner", "Due", "State"), data.actions)
        + "</section><footer>Written by mentorkit from the mentee's own workbook. Private: share it only if you "
        "choose to.</footer></body></html>\n"
    )


# -- entry point ----------------------------------------------------------------------------


def write_report(workbook: "Workbook", out_path: str | os.PathLike, as_of: dt.date | None = None) -> Path:
    """Write the progress report as `.pdf` (multi-page) or `.html` (self-contained), atomically."""
    out = Path(out_path)
    kind = out.suffix.lower()
    if kind not in (".pdf", ".html"):
        raise InvalidChoiceError(f"{out.name}: the report must end in .pdf or .html")
    when = as_of_date(as_of)
    data = gather(workbook, when)
    charts = all_charts(workbook, when)
    make_folder(out.parent)
    with atomic_file(out) as tmp:
        if kind == ".pdf":
            _write_pdf(data, charts, tmp)
        else:
            tmp.write_text(render_html(data, charts), encoding="utf-8")
    return out
