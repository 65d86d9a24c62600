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

import datetime as dt
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from ..dates import as_of_date
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

SUMMARY_CSV = "summary.csv"
SUMMARY_NOTEBOOK = "cohort_summary.ipynb"
SUMMARY_HTML = "cohort_summary.html"
Echo = Callable[[str], Any]

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
    statuses: dict[str, dict[str, Any]]
    ran: list[str]
    skipped: list[str]
    summary: SummaryResult | None = None
    html: Path | None = None
    summary_error: str | None = None

    @property
    def failed(self) -> list[str]:
        """Ids of the participants that failed (and "cohort summary" when that step failed)."""
        ids = [pid for pid, s in self.statuses.items() if s.get("status") != "ok"]
        return ids + (["cohort summary"] if self.summary_error else [])


def _err(message: str) -> None:
    """A line on stderr, clear of the progress bar."""
    from tqdm import tqdm

    tqdm.write(message, file=sys.stderr)


def summarise_cohort(roster: str | os.PathLike, out: str | os.PathLike, *, as_of: dt.date | None = None,
                     allow_outside: bool = False, echo: Echo = print) -> SummaryResult:
    """Write OUT/summary.csv for the roster (metrics only); raises `RosterError` for a refused roster."""
    checked = read_roster(roster, allow_outside=allow_outside)
    return _summarise(checked, Path(out), as_of_date(as_of), echo)


def _summarise(roster: Roster, out: Path, as_of: dt.date, echo: Echo) -> SummaryResult:
    from .summary import read_cohort, summary_frame, write_summary

    data = read_cohort(((p.participant_id, p.workbook) for p in roster.participants), as_of)
    frame = summary_frame(data)
    failed = [str(pid) for pid, ok in zip(frame["participant_id"], frame["readable"]) if not ok]
    if failed:
        _err(f"mentorkit: {len(failed)} workbook(s) could not be read; their summary rows are empty: "
             + ", ".join(failed))
    path = write_summary(frame, out / SUMMARY_CSV)
    result = SummaryResult(path, frame, failed)
    echo(f"Wrote {path} ({len(frame)} participants, {len(result.at_risk)} at risk, as of {as_of.isoformat()})")
    return result


def load_cohort(roster: str | os.PathLike, as_of: dt.date | str | None = None, *,
                allow_outside: bool = False) -> tuple[Any, Any]:
    """(summary frame, meetings frame) for a roster: what the cohort_summary notebook draws."""
    from .summary import meeting_frame, read_cohort, summary_frame

    checked = read_roster(roster, allow_outside=allow_outside)
    data = read_cohort(((p.participant_id, p.workbook) for p in checked.participants), as_of_date(as_of))
    return summary_frame(data), meeting_frame(data)


def run_cohort(roster: str | os.PathLike, out: str | os.PathLike, *, jobs: int | None = None,
               scheduler: str | None = None, as_of: dt.date | None = None, force: bool = False,
               allow_outside: bool = False, echo: Echo = print, engine: str = DEFAULT_ENGINE,
               notebook: str | os.PathLike | None = None, progress: bool = True, html: bool = True) -> CohortResult:
    """Run every participant's report and the cohort summary (see the module docstring).

    Raises `RosterError` before anything runs for a refused roster. A failing
    participant is reported on stderr by id and the others go on; the result's
    `failed` lists them. A participant whose status.json says ok for the same
    inputs is skipped unless `force`. `engine` picks the papermill engine
    (``mentorkit-warm``: kernels forked from a pre-warmed zygote; ``mentorkit``:
    a freshly launched kernel each); `notebook` replaces the report notebook;
    `html=False` leaves out the cohort summary notebook and its HTML.
    """
    checked = read_roster(roster, allow_outside=allow_outside)
    if scheduler:
        require_dask()
    when = as_of_date(as_of)
    out_dir = make_folder(Path(out).expanduser().resolve())
    nb = Path(notebook).resolve() if notebook else report_notebook()
    from .kernels import preload_for

    preload = tuple(preload_for(nb)) if engine == ENGINE_WARM else ()
    # the workers' zygotes also preload what the cohort summary notebook imports: it runs beside the reports
    warm = tuple(dict.fromkeys(preload + tuple(preload_for(summary_notebook())))) if preload and html else preload
    echo(f"Cohort: {len(checked)} participants from {checked.path}, as of {when.isoformat()}, into {out_dir}")

    statuses: dict[str, dict[str, Any]] = {}
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
        elif not force and is_done(Path(task.out_dir), task.inputs):
            statuses[p.participant_id] = read_status(Path(task.out_dir)) or {}
            skipped.append(p.participant_id)
        else:
            tasks.append(task)
    if unavailable:
        _err(f"mentorkit: {len(unavailable)} participant(s) cannot run, their workbook is missing or unreadable:")
        for pid, reason in unavailable.items():
            _err(f"  {pid}: {reason}")
    if skipped:
        echo(f"Skipping {len(skipped)} participant(s) already done with the same inputs (--force runs them again).")

    # summary.csv reads the workbooks only, never the reports: it is written first, and the cohort summary
    # notebook then runs in the worker processes beside the reports (locally; after them on Dask)
    summary = _summarise(checked, out_dir, when, echo)
    side = None
    if html and not scheduler:
        side = SideJob(render_in_worker, SummaryJob(str(checked.path.resolve()), str(out_dir), when.isoformat(),
                                                    allow_outside, engine, warm))
    rendered: dict[str, Any] = {}
    if tasks or side is not None:
        _run(tasks, jobs or os.cpu_count() or 1, scheduler, statuses, progress, side, rendered.update, warm)
    order = {p.participant_id: i for i, p in enumerate(checked.participants)}
    statuses = dict(sorted(statuses.items(), key=lambda kv: order[kv[0]]))
    result = CohortResult(out_dir, statuses, [t.participant_id for t in tasks], skipped, summary=summary)
    if not html:
        _report_failures(result, echo)
        return result
    if scheduler:
        rendered.update(render_job(SummaryJob(str(checked.path.resolve()), str(out_dir), when.isoformat(),
                                                    allow_outside, ENGINE_FRESH, ())))
    if rendered.get("html"):
        result.html = Path(rendered["html"])
        echo(f"Wrote {result.html}")
    else:
        result.summary_error = str(rendered.get("error") or "the cohort summary notebook did not run")
        _err(f"mentorkit: the cohort summary notebook failed: {result.summary_error}")
    _report_failures(result, echo)
    return result


def _run(tasks: list[Task], jobs: int, scheduler: str | None, statuses: dict[str, dict[str, Any]],
         progress: bool, side: SideJob | None, on_side: Callable[[dict[str, Any]], Any],
         preload: tuple[str, ...]) -> None:
    from tqdm import tqdm

    where = f"on {scheduler}" if scheduler else f"in {min(jobs, len(tasks) + (side is not None))} process(es)"
    with tqdm(total=len(tasks), desc=f"Running {where}", unit="participant", file=sys.stderr,
              disable=not progress or not tasks, mininterval=0.5, dynamic_ncols=True) as bar:
        def on_status(status: dict[str, Any]) -> None:
            statuses[status["participant_id"]] = status
            if status.get("status") != "ok":
                _err(f"mentorkit: {status['participant_id']} failed: {_describe(status)}")
            bar.update(1)

        def side_done(result: Any) -> None:
            on_side(result if isinstance(result, dict) else {"html": None, "error": str(result)})

        execute(tasks, jobs=jobs, scheduler=scheduler, on_status=on_status, side=side, on_side=side_done,
                preload=preload)


def _describe(status: dict[str, Any]) -> str:
    error = status.get("error") or {}
    where = f"cell {error['execution_count'] or error['cell_index']}: " if error.get("cell_index") is not None else ""
    value = " ".join(str(error.get("evalue") or "").split())
    value = value if len(value) <= 120 else value[:117] + "..."
    return f"{where}{error.get('ename', 'error')}: {value}" if value else f"{where}{error.get('ename', 'error')}"


def _report_failures(result: CohortResult, echo: Echo) -> None:
    failed = [(pid, s) for pid, s in result.statuses.items() if s.get("status") != "ok"]
    echo(f"Done: {len(result.statuses) - len(failed)} ok ({len(result.skipped)} of them skipped as done), "
         f"{len(failed)} failed.")
    if not failed and not result.summary_error:
        return
    total = len(result.statuses)
    _err(f"\n{len(failed)} of {total} participant(s) failed:")
    width = max([len("participant")] + [len(pid) for pid, _ in failed])
    _err(f"  {'participant':<{width}}  {'kind':<8}  error")
    for pid, status in failed:
        kind = (status.get("error") or {}).get("kind", "?")
        _err(f"  {pid:<{width}}  {kind:<8}  {_describe(status)}")
    if result.summary_error:
        _err(f"  (cohort summary notebook: {result.summary_error})")
    _err(f"Details: {result.out}/<participant_id>/status.json")


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
    """`render_job` in a worker process mentorkit owns (papermill imported without the IRI grammar)."""
    from .runner import skip_iri_grammar

    skip_iri_grammar()
    return render_job(job)


def render_job(job: SummaryJob) -> dict[str, Any]:
    """`render_summary` for a job: {"html": path or None, "error": why it failed or None}; never raises."""
    out = Path(job.out)
    try:
        html = render_summary(Path(job.roster), out, as_of_date(job.as_of),
                              allow_outside=job.allow_outside, engine=job.engine, preload=job.preload or None)
    except Exception as exc:  # the participants' results stand; the summary step is reported as failed
        ename, evalue = getattr(exc, "ename", type(exc).__name__), getattr(exc, "evalue", str(exc))
        error = f"{ename}: {' '.join(str(evalue).split())[:300]} (see {out / SUMMARY_NOTEBOOK})"
        return {"html": None, "error": error}
    return {"html": str(html), "error": None}


def render_summary(roster: Path, out: Path, as_of: dt.date, *, allow_outside: bool = False,
                   engine: str = ENGINE_FRESH, preload: tuple[str, ...] | list[str] | None = None) -> Path:
    """Execute the cohort_summary notebook into OUT and export it to HTML without the code.

    `engine` and `preload` as for the reports: a worker passes its own zygote's
    preload list, so the notebook's kernel is a fork of the zygote already warm.
    """
    import papermill as pm
    from nbconvert import HTMLExporter

    from .kernels import preload_for, register_engines

    register_engines()
    source = summary_notebook()
    executed = out / SUMMARY_NOTEBOOK
    params = {"roster": str(roster), "summary_csv": str(out / SUMMARY_CSV), "as_of": as_of.isoformat(),
              "out": "", "allow_outside": allow_outside}
    pm.execute_notebook(str(source), str(executed), parameters=params, kernel_name="python3", engine_name=engine,
                        progress_bar=False, kernel_cwd=str(out), kernel_log=os.devnull,
                        preload=list(preload) if preload else preload_for(source),
                        request_save_on_cell_execute=False)
    exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    body, _ = exporter.from_filename(str(executed))
    html = out / SUMMARY_HTML
    with atomic_file(html) as tmp:
        tmp.write_text(body, encoding="utf-8")
    return html
