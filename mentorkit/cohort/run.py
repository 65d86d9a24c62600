"""Run a whole cohort's reports and summarise it, metrics only.

`run_cohort` checks the roster, writes ``OUT/summary.csv``
(`cohort.summary`, from the workbooks alone), then runs each participant's
report notebook with papermill (`cohort.runner`; in parallel processes, or
on Dask) and, in the same worker processes beside them, the cohort summary
notebook, exported to HTML. `summarise_cohort` writes the summary alone. Both name
people by `participant_id` only (DESIGN section 3); `cohort.privacy`
guards every participant's folder.

Used by ``mentorkit cohort run`` and ``mentorkit cohort summary``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, ContextManager, Protocol

from ..dates import as_of_date
from ..execute import run_notebook, skip_iri_grammar
from ..storage import atomic_file, make_folder
from .roster import Roster, RosterError, probe, read_roster
from .runner import (
    DEFAULT_ENGINE,
    ENGINE_FRESH,
    ENGINE_WARM,
    CohortError,
    SideJob,
    Task,
    execute,
    failed_status,
    inputs_fingerprint,
    is_done,
    notebooks_dir,
    read_status,
    report_notebook,
    require_dask,
    write_status,
)
from .status import ParticipantStatus, RunError
from .zygote import ZygoteAddress, preload_for, shared_zygote

SUMMARY_CSV = "summary.csv"
SUMMARY_NOTEBOOK = "cohort_summary.ipynb"
SUMMARY_HTML = "cohort_summary.html"
Echo = Callable[[str], Any]


class Bar(Protocol):
    """A progress bar: told how many more participants finished."""

    def update(self, n: int = 1) -> Any: ...


# (how many participants, what is being done) -> a bar, open while they run (a tqdm bar fits)
Progress = Callable[[int, str], ContextManager[Bar]]


def quiet(_message: str) -> None:
    """An `Echo` that says nothing: the library prints only what its caller asks it to."""

__all__ = ["CohortError", "CohortResult", "RosterError", "SummaryResult", "load_cohort", "run_cohort",
           "summarise_cohort"]


@dataclass
class SummaryResult:
    """What `summarise_cohort` wrote; `failed` lists participants whose workbook could not be read."""

    csv: Path
    frame: Any  # pandas DataFrame, every metric and rule (more columns than the CSV)
    failed: list[str] = field(default_factory=list)

    @property
    def at_risk(self) -> list[str]:
        risky = self.frame["at_risk"].fillna(False).astype(bool)
        return [str(p) for p in self.frame.loc[risky, "participant_id"]]


@dataclass
class CohortResult:
    """What `run_cohort` did: every participant's status, and what failed."""

    out: Path
    statuses: dict[str, ParticipantStatus]
    ran: list[str]
    skipped: list[str]
    summary: SummaryResult | None = None
    html: Path | None = None
    summary_error: str | None = None

    @property
    def failed(self) -> list[str]:
        """Ids of the participants that failed (and "cohort summary" when that step failed)."""
        ids = [pid for pid, s in self.statuses.items() if not s.ok]
        return ids + (["cohort summary"] if self.summary_error else [])


def summarise_cohort(roster: str | os.PathLike, out: str | os.PathLike, *, as_of: dt.date | None = None,
                     allow_outside: bool = False, echo: Echo = quiet, warn: Echo = quiet) -> SummaryResult:
    """Write OUT/summary.csv for the roster (metrics only); raises `RosterError` for a refused roster.

    `echo` gets what was written, `warn` the workbooks that could not be read
    (the command line shows them on stdout and stderr); both are quiet by default.
    """
    checked = read_roster(roster, allow_outside=allow_outside)
    return _summarise(checked, Path(out), as_of_date(as_of), echo, warn)


def _summarise(roster: Roster, out: Path, as_of: dt.date, echo: Echo, warn: Echo) -> SummaryResult:
    # pandas, on first use: a run starts its zygote before loading it (see `run_cohort`)
    from .summary import read_cohort, summary_frame, write_summary  # noqa: PLC0415

    data = read_cohort(((p.participant_id, p.workbook) for p in roster.participants), as_of)
    frame = summary_frame(data)
    failed = [str(pid) for pid, ok in zip(frame["participant_id"], frame["readable"]) if not ok]
    if failed:
        warn(f"mentorkit: {len(failed)} workbook(s) could not be read; their summary rows are empty: "
             + ", ".join(failed))
    path = write_summary(frame, out / SUMMARY_CSV)
    result = SummaryResult(path, frame, failed)
    echo(f"Wrote {path} ({len(frame)} participants, {len(result.at_risk)} at risk, as of {as_of.isoformat()})")
    return result


def load_cohort(roster: str | os.PathLike, as_of: dt.date | str | None = None, *,
                allow_outside: bool = False) -> tuple[Any, Any]:
    """(summary frame, meetings frame) for a roster: what the cohort_summary notebook draws."""
    from .summary import meeting_frame, read_cohort, summary_frame  # noqa: PLC0415 -- pandas, as in _summarise

    checked = read_roster(roster, allow_outside=allow_outside)
    data = read_cohort(((p.participant_id, p.workbook) for p in checked.participants), as_of_date(as_of))
    return summary_frame(data), meeting_frame(data)


def run_cohort(roster: str | os.PathLike, out: str | os.PathLike, *, jobs: int | None = None,
               scheduler: str | None = None, as_of: dt.date | None = None, force: bool = False,
               allow_outside: bool = False, echo: Echo = quiet, warn: Echo = quiet, progress: Progress | None = None,
               engine: str = DEFAULT_ENGINE, notebook: str | os.PathLike | None = None,
               html: bool = True) -> CohortResult:
    """Run every participant's report and the cohort summary (see the module docstring).

    Raises `RosterError` before anything runs for a refused roster. A failing
    participant is reported on stderr by id and the others go on; the result's
    `failed` lists them. A participant whose status.json says ok for the same
    inputs is skipped unless `force`. `engine` picks the papermill engine
    (``mentorkit-warm``: kernels forked from a pre-warmed zygote; ``mentorkit``:
    a freshly launched kernel each); `notebook` replaces the report notebook;
    `html=False` leaves out the cohort summary notebook and its HTML.

    Nothing is printed by default: `echo` gets the steps, `warn` each failure
    as it happens and the table of failures at the end, and `progress` (when
    given) makes the bar that counts finished participants.
    """
    checked = read_roster(roster, allow_outside=allow_outside)
    if scheduler:
        require_dask()
    when = as_of_date(as_of)
    out_dir = make_folder(Path(out).expanduser().resolve())
    nb = Path(notebook).resolve() if notebook else report_notebook()

    preload = tuple(preload_for(nb)) if engine == ENGINE_WARM else ()
    # the workers' zygotes also preload what the cohort summary notebook imports: it runs beside the reports
    warm = tuple(dict.fromkeys(preload + tuple(preload_for(summary_notebook())))) if preload and html else preload
    echo(f"Cohort: {len(checked)} participants from {checked.path}, as of {when.isoformat()}, into {out_dir}")

    statuses: dict[str, ParticipantStatus] = {}
    unavailable = probe(checked)
    tasks: list[Task] = []
    skipped: list[str] = []
    for p in checked.participants:
        task = Task(p.participant_id, str(p.workbook), str(out_dir / p.participant_id), str(nb), when.isoformat(),
                    engine, warm, inputs_fingerprint(p.workbook, nb, when.isoformat()))
        if p.participant_id in unavailable:
            status = failed_status(task, "workbook", "WorkbookUnavailable", unavailable[p.participant_id])
            write_status(Path(task.out_dir), status)
            statuses[p.participant_id] = status
        elif not force and (done := _done(Path(task.out_dir), task.inputs)) is not None:
            statuses[p.participant_id] = done
            skipped.append(p.participant_id)
        else:
            tasks.append(task)
    if unavailable:
        warn(f"mentorkit: {len(unavailable)} participant(s) cannot run, their workbook is missing or unreadable:")
        for pid, reason in unavailable.items():
            warn(f"  {pid}: {reason}")
    if skipped:
        echo(f"Skipping {len(skipped)} participant(s) already done with the same inputs (--force runs them again).")

    side = None
    if html and not scheduler:
        # the notebook first, beside the reports; its page is exported by the run's last job, which a
        # worker takes while the others finish their last reports
        side = SideJob(render_in_worker, SummaryJob(str(checked.path.resolve()), str(out_dir), when.isoformat(),
                                                    allow_outside, engine, warm), then=export_in_worker)
    rendered: dict[str, Any] = {}
    with contextlib.ExitStack() as stack:
        # the run's zygote starts first, the longest step before any kernel: it imports while summary.csv
        # is written and the worker processes start, and serves all of them
        shared = (stack.enter_context(shared_zygote(warm))
                  if warm and not scheduler and (tasks or side is not None) else None)
        # summary.csv reads the workbooks only, never the reports: it is written first, and the cohort summary
        # notebook then runs in the worker processes beside the reports (locally; after them on Dask)
        summary = _summarise(checked, out_dir, when, echo, warn)
        if tasks or side is not None:
            _run(tasks, jobs or os.cpu_count() or 1, scheduler, statuses, warn, progress, side, rendered.update,
                 warm, shared)
    order = {p.participant_id: i for i, p in enumerate(checked.participants)}
    statuses = dict(sorted(statuses.items(), key=lambda kv: order[kv[0]]))
    result = CohortResult(out_dir, statuses, [t.participant_id for t in tasks], skipped, summary=summary)
    if not html:
        _report_failures(result, echo, warn)
        return result
    if scheduler:
        rendered.update(render_job(SummaryJob(str(checked.path.resolve()), str(out_dir), when.isoformat(),
                                                    allow_outside, ENGINE_FRESH, ())))
    if rendered.get("html"):
        result.html = Path(rendered["html"])
        echo(f"Wrote {result.html}")
    else:
        result.summary_error = str(rendered.get("error") or "the cohort summary notebook did not run")
        warn(f"mentorkit: the cohort summary failed: {result.summary_error}")
    _report_failures(result, echo, warn)
    return result


def _run(tasks: list[Task], jobs: int, scheduler: str | None, statuses: dict[str, ParticipantStatus],
         warn: Echo, progress: Progress | None, side: SideJob | None, on_side: Callable[[dict[str, Any]], Any],
         preload: tuple[str, ...], shared: ZygoteAddress | None) -> None:
    where = f"on {scheduler}" if scheduler else f"in {min(jobs, len(tasks) + (side is not None))} process(es)"
    counting = progress(len(tasks), f"Running {where}") if progress and tasks else contextlib.nullcontext()
    with counting as bar:
        def on_status(status: ParticipantStatus) -> None:
            statuses[status.participant_id] = status
            if not status.ok:
                warn(f"mentorkit: {status.participant_id} failed: {_describe(status)}")
            if bar is not None:
                bar.update(1)

        def side_done(result: Any) -> None:
            on_side(result if isinstance(result, dict) else {"html": None, "error": str(result)})

        execute(tasks, jobs=jobs, scheduler=scheduler, on_status=on_status, side=side, on_side=side_done,
                preload=preload, shared=shared)


def _done(out_dir: Path, inputs: dict[str, Any]) -> ParticipantStatus | None:
    """The status of a participant already run with the same inputs, or None when it must run."""
    if not is_done(out_dir, inputs):
        return None
    return read_status(out_dir)


def _describe(status: ParticipantStatus) -> str:
    error = status.error or RunError("?", "error", "")
    where = f"cell {error.execution_count or error.cell_index}: " if error.cell_index is not None else ""
    value = " ".join(error.evalue.split())
    value = value if len(value) <= 120 else value[:117] + "..."
    return f"{where}{error.ename}: {value}" if value else f"{where}{error.ename}"


def _report_failures(result: CohortResult, echo: Echo, warn: Echo) -> None:
    failed = [(pid, s) for pid, s in result.statuses.items() if not s.ok]
    echo(f"Done: {len(result.statuses) - len(failed)} ok ({len(result.skipped)} of them skipped as done), "
         f"{len(failed)} failed.")
    if not failed and not result.summary_error:
        return
    total = len(result.statuses)
    warn(f"\n{len(failed)} of {total} participant(s) failed:")
    width = max([len("participant")] + [len(pid) for pid, _ in failed])
    warn(f"  {'participant':<{width}}  {'kind':<8}  error")
    for pid, status in failed:
        kind = status.error.kind if status.error is not None else "?"
        warn(f"  {pid:<{width}}  {kind:<8}  {_describe(status)}")
    if result.summary_error:
        warn(f"  (cohort summary: {result.summary_error})")
    warn(f"Details: {result.out}/<participant_id>/status.json")


def summary_notebook() -> Path:
    """The shipped cohort summary notebook."""
    return notebooks_dir() / SUMMARY_NOTEBOOK


@dataclass(frozen=True)
class SummaryJob:
    """What a worker process needs to execute and export the cohort summary notebook (plain data)."""

    roster: str  # absolute
    out: str  # absolute
    as_of: str  # ISO date
    allow_outside: bool
    engine: str
    preload: tuple[str, ...]


def render_in_worker(job: SummaryJob) -> dict[str, Any]:
    """The summary notebook executed in a worker process mentorkit owns (papermill imported without the
    IRI grammar): {"executed": path, "out": OUT} or {"html": None, "error": why}; never raises. Its page
    is then exported by `export_in_worker`, the run's last job."""
    skip_iri_grammar()
    out = Path(job.out)
    try:
        executed = execute_summary(Path(job.roster), out, as_of_date(job.as_of), allow_outside=job.allow_outside,
                                   engine=job.engine, preload=job.preload or None)
    except Exception as exc:  # the participants' results stand; the summary step is reported as failed
        return _summary_failed(exc, out)
    return {"executed": str(executed), "out": str(out)}


def export_in_worker(executed: dict[str, Any]) -> dict[str, Any]:
    """`render_in_worker`'s notebook exported to HTML: {"html": path or None, "error": None or why}; never raises."""
    if "executed" not in executed:
        return executed  # the notebook failed: its error stands
    try:
        html = export_summary(Path(executed["executed"]), Path(executed["out"]))
    except Exception as exc:  # the notebook ran and is kept: only its page is missing
        return {"html": None, "error": f"its page was not written: {' '.join(str(exc).split())[:300]}"}
    return {"html": str(html), "error": None}


def render_job(job: SummaryJob) -> dict[str, Any]:
    """`render_summary` for a job: {"html": path or None, "error": why it failed or None}; never raises."""
    out = Path(job.out)
    try:
        html = render_summary(Path(job.roster), out, as_of_date(job.as_of),
                              allow_outside=job.allow_outside, engine=job.engine, preload=job.preload or None)
    except Exception as exc:  # the participants' results stand; the summary step is reported as failed
        return _summary_failed(exc, out)
    return {"html": str(html), "error": None}


def _summary_failed(exc: Exception, out: Path) -> dict[str, Any]:
    ename, evalue = getattr(exc, "ename", type(exc).__name__), getattr(exc, "evalue", str(exc))
    return {"html": None, "error": f"{ename}: {' '.join(str(evalue).split())[:300]} (see {out / SUMMARY_NOTEBOOK})"}


def render_summary(roster: Path, out: Path, as_of: dt.date, *, allow_outside: bool = False,
                   engine: str = ENGINE_FRESH, preload: tuple[str, ...] | list[str] | None = None) -> Path:
    """Execute the cohort_summary notebook into OUT and export it to HTML without the code.

    `engine` and `preload` as for the reports: a worker passes the run's
    preload list, so the notebook's kernel is a fork of the run's zygote, already warm.
    """
    executed = execute_summary(roster, out, as_of, allow_outside=allow_outside, engine=engine, preload=preload)
    return export_summary(executed, out)


def execute_summary(roster: Path, out: Path, as_of: dt.date, *, allow_outside: bool = False,
                    engine: str = ENGINE_FRESH, preload: tuple[str, ...] | list[str] | None = None) -> Path:
    """Execute the cohort_summary notebook into OUT/cohort_summary.ipynb (see `render_summary`)."""
    source = summary_notebook()
    executed = out / SUMMARY_NOTEBOOK
    params = {"roster": str(roster), "summary_csv": str(out / SUMMARY_CSV), "as_of": as_of.isoformat(),
              "out": "", "allow_outside": allow_outside}
    run_notebook(source, executed, parameters=params, cwd=out, engine=engine,
                 preload=list(preload) if preload else preload_for(source), save_each_cell=False)
    return executed


def export_summary(executed: Path, out: Path) -> Path:
    """The executed summary notebook as OUT/cohort_summary.html: results only, without the code."""
    from nbconvert import HTMLExporter  # noqa: PLC0415 -- about 0.3 s, loaded by the one process that exports

    exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    body, _ = exporter.from_filename(str(executed))
    html = out / SUMMARY_HTML
    with atomic_file(html) as tmp:
        tmp.write_text(body, encoding="utf-8")
    return html
