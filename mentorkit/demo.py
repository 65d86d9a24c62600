"""`mentorkit demo`: the main job on the shipped sample mentee.

Builds the demo workbook fresh from `data/demo`, then prints a readable
summary: goals and levels, the candidate shortlist, meetings so far, open
actions and the next suggested step. Each part is a small function returning
lines, so later steps (notebooks, charts, reports) can be added to `run_demo`
and list their outputs beside the workbook's.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
from pathlib import Path
from typing import Callable, Iterator

from papermill.exceptions import PapermillExecutionError

from .cadence import DEFAULT_INTERVAL_DAYS, DRIFT_FACTOR
from .charts import export_all
from .engines import ENGINE_FRESH, require_engine
from .execute import run_notebook
from .ics import write_calendar
from .model import ActionItem, Candidate, Goal, GoalLevel, Meeting
from .papermill_engine import KernelStartError
from .report import write_report
from .resources import JOURNEY_PATTERN
from .resources import journey_notebooks as _shipped_journey
from .sample import DEMO_AS_OF, build_workbook, data_dir
from .store import Workbook

Echo = Callable[[str], None]


def prepare_workbook(out: Path) -> Workbook:
    """Build the demo workbook fresh under `out/workbook`.

    An older demo workbook there is replaced; any other non-empty folder is refused
    (`WorkbookExistsError`) and left untouched.
    """
    return build_workbook(data_dir() / "demo", Path(out) / "workbook", replace=True)


def _level(level: int | None) -> str:
    return "?" if level is None else (f"{level:+d}" if level else "0")


def goal_lines(wb: Workbook) -> list[str]:
    """Each goal with its weight, baseline and latest GAS level (-2 to +2)."""
    goals: list[Goal] = wb.records("goals")
    if not goals:
        return ["  No goals yet: state them in notebook 01 (G1.1 to G1.4)."]
    levels: list[GoalLevel] = wb.records("goal_levels")
    lines = []
    for goal in goals:
        history = sorted((lv for lv in levels if lv.goal_id == goal.id), key=lambda lv: (lv.date, lv.id or 0))
        latest = f"{_level(history[-1].level)} on {history[-1].date}" if history else "not yet rated"
        lines.append(f"  - {goal.title} (weight {goal.weight:g}): baseline {_level(goal.baseline_level)}, "
                     f"latest {latest}")
    return lines


def shortlist_lines(wb: Workbook) -> list[str]:
    """The candidate mentors: name, relationship and where things stand."""
    candidates: list[Candidate] = wb.records("candidates")
    if not candidates:
        return ["  No candidates yet: research some in notebook 02 (G2.1, G2.6)."]
    width = max(len(c.name) for c in candidates)
    return [f"  - {c.name:<{width}}  {c.relationship.replace('_', ' '):<16}  {c.status.replace('_', ' ')}"
            for c in candidates]


def meeting_lines(wb: Workbook) -> list[str]:
    """How many meetings so far, and the first and last dates."""
    meetings: list[Meeting] = wb.records("meetings")
    if not meetings:
        return ["  No meetings yet."]
    dates = sorted(m.date for m in meetings)
    return [f"  {len(meetings)} meetings, from {dates[0]} to {dates[-1]}"]


def effective_due(action: ActionItem) -> dt.date | None:
    """The date an action is due now: the renegotiated date when there is one (G5.4)."""
    return action.renegotiated_due if action.status == "renegotiated" else action.due


def open_actions(wb: Workbook) -> list[ActionItem]:
    """Open and renegotiated actions, soonest due first (undated last)."""
    actions: list[ActionItem] = wb.records("actions")
    pending = [a for a in actions if a.status in ("open", "renegotiated")]
    return sorted(pending, key=lambda a: (effective_due(a) is None, effective_due(a) or dt.date.max, a.id or 0))


def action_lines(wb: Workbook, as_of: dt.date) -> list[str]:
    """The open actions with their due dates; overdue ones are marked."""
    pending = open_actions(wb)
    if not pending:
        return ["  No open actions."]
    lines = []
    for a in pending:
        due = effective_due(a)
        when = f"due {due}" if due else "no due date"
        if due and due < as_of:
            when += " (OVERDUE)"
        elif a.status == "renegotiated":
            when += " (renegotiated)"
        lines.append(f"  - {a.description} [{a.owner}], {when}")
    return lines


def next_step(wb: Workbook, as_of: dt.date) -> str:
    """One suggestion for what to do next, naming the guidance behind it."""
    meetings: list[Meeting] = wb.records("meetings")
    agreement = wb.agreement
    if not meetings and agreement is None:
        if not wb.count("candidates"):
            return "List a few candidate mentors and screen them (notebook 02, G2.1 to G2.5)."
        return "Build a connection first: plan a short informational interview (notebook 03, G3.1, G3.2)."
    overdue = [a for a in open_actions(wb) if a.owner == "mentee" and (effective_due(a) or as_of) < as_of]
    if overdue:
        return (f"Finish or renegotiate the overdue action {overdue[0].description!r} before the next "
                "meeting (G5.4).")
    interval = agreement.planned_interval_days if agreement else DEFAULT_INTERVAL_DAYS
    last = max((m.date for m in meetings), default=agreement.start if agreement else as_of)
    gap = (as_of - last).days
    if gap > DRIFT_FACTOR * interval:
        return f"It has been {gap} days since the last meeting: book the next one now (G5.5)."
    planned = last + dt.timedelta(days=round(interval))
    return f"Prepare for the next meeting, planned around {planned}: review goals and last notes (G5.1)."


def summary_lines(wb: Workbook, as_of: dt.date) -> list[str]:
    """The whole readable summary of a workbook, as of a date."""
    return [
        f"{wb.mentee_name}'s mentoring workbook, as of {as_of}",
        "",
        "Goals (Goal Attainment Scaling levels, -2 to +2):",
        *goal_lines(wb),
        "",
        "Candidate shortlist:",
        *shortlist_lines(wb),
        "",
        "Meetings so far:",
        *meeting_lines(wb),
        "",
        "Open actions:",
        *action_lines(wb, as_of),
        "",
        "Next suggested step:",
        f"  {next_step(wb, as_of)}",
    ]


def outputs_lines(outputs: list[tuple[str, Path]]) -> list[str]:
    """Where everything the demo wrote can be found."""
    width = max(len(label) for label, _ in outputs)
    return ["", "Outputs:", *(f"  {label:<{width}}  {path}" for label, path in outputs)]


NOTEBOOK_PATTERN = JOURNEY_PATTERN  # the journey's notebooks, 00 to 06, run in name order


def journey_notebooks(folder: Path | None = None) -> list[Path]:
    """The journey's notebooks (00 to 06) that exist in `folder` (default: the shipped ones), in order."""
    return _shipped_journey() if folder is None else sorted(Path(folder).glob(NOTEBOOK_PATTERN))


def run_notebooks(wb: Workbook, out: Path, echo: Echo = print, notebooks: list[Path] | None = None,
                  log: Path | None = None) -> list[Path]:
    """Run each journey notebook under papermill on `wb` (interactive=False, as of DEMO_AS_OF) into `out`.

    Absolute paths and an explicit kernel; a kernel that fails to start is retried once. A failing
    notebook is reported and the others still run; its partly executed copy is kept for reading.
    The kernels' own output goes to `log` when given (appended), else to a temporary file whose
    last lines are shown when a kernel fails to start; nothing is left beside the notebooks.
    """
    require_engine(ENGINE_FRESH)  # kernel folder per run, kernel chatter to a log file
    out.mkdir(parents=True, exist_ok=True)
    with _kernel_log(log) as path:
        return _run_each(wb, out, echo, journey_notebooks() if notebooks is None else notebooks, path,
                         keep=log is not None)


@contextlib.contextmanager
def _kernel_log(log: Path | None) -> Iterator[Path]:
    """The file the kernels write to: `log` (its folder made), or a temporary file removed afterwards."""
    if log is not None:
        log = Path(log).expanduser().absolute()
        log.parent.mkdir(parents=True, exist_ok=True)
        yield log
        return
    fd, name = tempfile.mkstemp(prefix="mentorkit-kernels-", suffix=".log")
    os.close(fd)
    try:
        yield Path(name)
    finally:
        Path(name).unlink(missing_ok=True)


def _tail(path: Path, lines: int = 8) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join("    " + line for line in text.splitlines()[-lines:])


def _run_each(wb: Workbook, out: Path, echo: Echo, sources: list[Path], log: Path, *, keep: bool) -> list[Path]:
    written = []
    for source in sources:
        target = (out / source.name).resolve()
        params = {"workbook": str(wb.path.resolve()), "interactive": False, "as_of": DEMO_AS_OF.isoformat()}
        for attempt in (1, 2):
            try:
                run_notebook(source.resolve(), target, parameters=params, cwd=source.parent.resolve(),
                             engine=ENGINE_FRESH, log=log)
                written.append(target)
                echo(f"  ran {source.name}")
                break
            except PapermillExecutionError as exc:
                echo(f"  {source.name} failed in cell {exc.exec_count}: {exc.ename}: {exc.evalue} (see {target})")
                break
            except (KernelStartError, RuntimeError) as exc:  # the kernel did not start or died: retry once
                if attempt == 2:
                    echo(f"  {source.name} could not run: {exc}")
                    tail = _tail(log)
                    if tail:
                        echo(f"  the kernel's last lines{f' (all of it in {log})' if keep else ''}:\n{tail}")
    return written


def export_outputs(wb: Workbook, out: Path) -> list[tuple[str, Path]]:
    """The charts (PNG and SVG), the progress report (PDF and HTML) and the calendar, written into `out`."""
    charts = out / "charts"
    export_all(wb, charts, "png", as_of=DEMO_AS_OF)
    export_all(wb, charts, "svg", as_of=DEMO_AS_OF)
    return [
        ("charts", charts),
        ("report (PDF)", write_report(wb, out / "progress_report.pdf", as_of=DEMO_AS_OF)),
        ("report (HTML)", write_report(wb, out / "progress_report.html", as_of=DEMO_AS_OF)),
        ("calendar", write_calendar(wb, out / "mentoring.ics", as_of=DEMO_AS_OF)),
    ]


def run_demo(out: Path, echo: Echo = print, *, notebooks: list[Path] | None = None, log: Path | None = None) -> None:
    """Build the sample mentee's workbook under `out/workbook`, print its summary, run the notebooks, export.

    Writes `out/notebooks/` (the executed notebooks 00 to 06, or just `notebooks` when given),
    `out/charts/`, the progress report and the calendar, then says where everything is. The
    kernels' output goes to `log` only when given (see `run_notebooks`).
    """
    out = Path(out)
    wb = prepare_workbook(out)
    outputs: list[tuple[str, Path]] = [("workbook", wb.path)]
    for line in summary_lines(wb, DEMO_AS_OF):
        echo(line)
    echo("")
    echo(f"Running the notebooks as of {DEMO_AS_OF} (papermill, interactive=False):")
    if run_notebooks(wb, out / "notebooks", echo, notebooks, log):
        outputs.append(("notebooks", out / "notebooks"))
    outputs += export_outputs(wb, out)
    for line in outputs_lines(outputs):
        echo(line)
    if log is not None:
        echo(f"  {'kernel log':<{max(len(label) for label, _ in outputs)}}  {log}")
    echo(f"\nExplore it in JupyterLab: mentorkit lab {wb.path}")
    echo("Facilitators: the same command with --cohort runs the sample cohort and writes its summary page "
         "(summary.csv, cohort_summary.html).")
