"""Running the report notebook for each participant: papermill, one process per job, or on Dask.

Each participant gets ``OUT/<participant_id>/``: the executed notebook
(`report.ipynb`), its `charts/`, and `status.json` (ok or failed; for a
failure the cell and the error's name and value; timings). The notebook
runs with ``metrics_only=True`` and the privacy guard (`cohort.privacy`)
checks every file before the status is written.

Locally the work is spread over `jobs` worker processes (papermill is not
safe to run in threads of one process); with a Dask scheduler the same
function runs on the cluster's workers, which need the same workbooks and
notebooks at the same paths, and the outputs come back to this machine.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import multiprocessing
import os
import queue
import shutil
import tempfile
import time
import traceback
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from .. import __version__
from ..engines import ENGINE_FRESH, ENGINE_WARM, require_engine
from ..errors import CohortError, KernelStartError, PackageDataError
from ..execute import run_notebook
from ..header import DB_NAME
from ..resources import notebooks_dir as _shipped_notebooks
from ..storage import atomic_file, make_folder
from .roster import workbook_problem
from .status import FAILED, OK, STATUS, ParticipantStatus, RunError
from .zygote import ZygoteAddress, prepare_worker

REPORT_NOTEBOOK = "06_progress_charts.ipynb"
EXECUTED = "report.ipynb"
CHARTS = "charts"
KERNEL_LOG = "kernel.log"
KERNEL_NAME = "python3"
DEFAULT_ENGINE = ENGINE_WARM
START_TIMEOUT_S = 120
LOG_TAIL_LINES = 12


def notebooks_dir() -> Path:
    """The shipped notebooks' folder (inside the installed package)."""
    try:
        return _shipped_notebooks()
    except PackageDataError as exc:
        raise CohortError(str(exc)) from None


def report_notebook() -> Path:
    """The per-participant report notebook (step 6, progress charts)."""
    path = notebooks_dir() / REPORT_NOTEBOOK
    if not path.is_file():
        raise CohortError(f"{path}: the report notebook is missing")
    return path


@dataclass(frozen=True)
class Task:
    """Everything a worker needs to run one participant; plain data, so it travels to Dask workers."""

    participant_id: str
    workbook: str  # absolute
    out_dir: str  # absolute: OUT/<participant_id>
    notebook: str  # absolute
    as_of: str  # ISO date
    engine: str = DEFAULT_ENGINE
    preload: tuple[str, ...] = ()
    inputs: dict[str, Any] = field(default_factory=dict, compare=False)

    def parameters(self, out_dir: Path) -> dict[str, Any]:
        """The report notebook's parameters in cohort mode."""
        return {
            "workbook": self.workbook,
            "interactive": False,
            "as_of": self.as_of,
            "charts_dir": str(out_dir / CHARTS),
            "metrics_only": True,  # none of the words the mentee wrote, in charts or printed output
        }


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def inputs_fingerprint(workbook: Path, notebook: Path, as_of: str) -> dict[str, Any]:
    """What a finished run depended on; a re-run skips a participant only while this is unchanged."""
    files: dict[str, list[int] | None] = {}
    for name in (DB_NAME, f"{DB_NAME}-wal"):
        try:
            st = (workbook / name).stat()
            files[name] = [st.st_size, st.st_mtime_ns]
        except OSError:
            files[name] = None
    digest = hashlib.sha256(notebook.read_bytes()).hexdigest()[:16] if notebook.is_file() else None
    return {"as_of": as_of, "workbook_files": files, "notebook_sha256": digest, "mentorkit": __version__}


def read_status(out_dir: Path) -> ParticipantStatus | None:
    """A participant's status.json, or None when it is missing or unreadable."""
    try:
        return ParticipantStatus.from_json(out_dir / STATUS)
    except (OSError, ValueError, TypeError):
        return None


def write_status(out_dir: Path, status: ParticipantStatus) -> None:
    """Write status.json atomically (a crash leaves the old one or the new one, never half)."""
    make_folder(out_dir)
    with atomic_file(out_dir / STATUS) as tmp:
        tmp.write_text(status.to_json(), encoding="utf-8")


def is_done(out_dir: Path, inputs: dict[str, Any]) -> bool:
    """True when the participant's last run succeeded with the same inputs."""
    status = read_status(out_dir)
    return status is not None and status.ok and status.inputs == inputs


def failed_status(task: Task, kind: str, ename: str, evalue: str) -> ParticipantStatus:
    """A status for a participant that failed before or outside the notebook."""
    return ParticipantStatus(
        participant_id=task.participant_id, status=FAILED, as_of=task.as_of, engine=task.engine,
        started_at=_now(), finished_at=_now(), error=RunError(kind, ename, evalue), inputs=task.inputs,
    )


def _clear(out_dir: Path) -> None:
    for name in (EXECUTED, STATUS, KERNEL_LOG):
        (out_dir / name).unlink(missing_ok=True)
    shutil.rmtree(out_dir / CHARTS, ignore_errors=True)


def _tail(path: Path, lines: int = LOG_TAIL_LINES) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    keep = [line for line in text.splitlines() if line.strip() and "without encryption" not in line]
    return "\n".join(keep[-lines:])


def run_participant(task: Task) -> ParticipantStatus:
    """Execute the report notebook for one participant into `task.out_dir`; return (and write) its status.

    Never raises for a participant's own failure: a failing cell, a kernel that
    will not start (tried twice), or an unreadable workbook become a failed status.
    """

    # a worker's imports: the run's own process never loads papermill, pandas or the guard, so that it
    # starts the zygote and the workers without waiting for them (a test holds that)
    from papermill.exceptions import PapermillExecutionError  # noqa: PLC0415

    from .privacy import guard_for  # noqa: PLC0415

    require_engine(task.engine)
    out = make_folder(task.out_dir)
    _clear(out)
    workbook = Path(task.workbook)
    problem = workbook_problem(workbook)
    if problem is not None:
        status = failed_status(task, "workbook", "WorkbookUnavailable", problem)
        write_status(out, status)
        return status
    guard = guard_for(workbook)
    started_at, t0 = _now(), time.perf_counter()
    log = out / KERNEL_LOG
    error: RunError | None = None
    attempts = 0
    for attempts in (1, 2):
        error = None
        try:
            run_notebook(
                task.notebook, out / EXECUTED, parameters=task.parameters(out), cwd=out, engine=task.engine,
                log=log, kernel_name=KERNEL_NAME, start_timeout=START_TIMEOUT_S, preload=task.preload,
                save_each_cell=False,  # written once at the end (or at the failing cell): nobody watches it run
            )
            break
        except PapermillExecutionError as exc:
            error = RunError("cell", exc.ename, exc.evalue, cell_index=exc.cell_index, execution_count=exc.exec_count)
            break
        except KernelStartError as exc:
            error = RunError("kernel", "KernelStartError", str(exc), log=_tail(log))
            # a start can fail on a port race; one more try, then it is the participant's failure
        except Exception as exc:  # anything else is this participant's failure, not the cohort's
            error = RunError("crash", type(exc).__name__, str(exc),
                             log="".join(traceback.format_exception_only(exc)).strip())
            break
    seconds = round(time.perf_counter() - t0, 3)
    log.unlink(missing_ok=True)
    withheld = tuple(w.as_dict() for w in guard.clean_folder(out))
    if error is not None:
        error = RunError.from_dict({k: guard.redact(v) if isinstance(v, str) else v
                                    for k, v in error.to_dict().items()})
    charts = tuple(sorted(p.relative_to(out).as_posix() for p in (out / CHARTS).rglob("*") if p.is_file())) \
        if (out / CHARTS).is_dir() else ()
    status = ParticipantStatus(
        participant_id=task.participant_id, status=OK if error is None else FAILED, as_of=task.as_of,
        engine=task.engine, started_at=started_at, finished_at=_now(),
        notebook=EXECUTED if (out / EXECUTED).exists() else None, charts=charts,
        seconds=seconds, attempts=attempts, notebook_seconds=_notebook_seconds(out / EXECUTED),
        error=error, withheld=withheld, inputs=task.inputs,
    )
    write_status(out, status)
    return status


def _notebook_seconds(path: Path) -> float | None:
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))["metadata"]["papermill"]
        return round(float(meta["duration"]), 3)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def run_remote(task: Task) -> tuple[ParticipantStatus, dict[str, bytes]]:
    """Run a participant in a private temporary folder (on a Dask worker) and return the files to the client."""
    with tempfile.TemporaryDirectory(prefix="mentorkit-") as tmp:
        local_dir = Path(tmp) / task.participant_id
        status = run_participant(replace(task, out_dir=str(local_dir)))
        files: dict[str, bytes] = {}
        for path in sorted(p for p in local_dir.rglob("*") if p.is_file()):
            data = path.read_bytes()
            if path.suffix == ".ipynb":  # parameters and papermill's metadata name the folder
                data = data.replace(str(local_dir).encode(), task.out_dir.encode())
            files[path.relative_to(local_dir).as_posix()] = data
    return status, files


def _write_files(out_dir: Path, files: dict[str, bytes]) -> None:
    _clear(out_dir)
    for rel, data in files.items():
        target = (out_dir / rel).resolve()
        if not target.is_relative_to(out_dir.resolve()):
            continue  # never write outside the participant's folder
        make_folder(target.parent)
        with atomic_file(target) as tmp:
            tmp.write_bytes(data)


# -- executing many ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SideJob:
    """One more piece of work for the same worker processes (the cohort summary notebook): `function(argument)`.

    It runs beside the participants, on a worker's pre-warmed kernels. `then`,
    when given, is called on its result as one more job, queued behind every
    participant: the pool's last piece of work, taken by the first worker left
    without one while the others finish theirs (the summary's HTML export).
    The functions must be importable by name (they travel to a worker
    process) and must not raise.
    """

    function: Callable[[Any], Any]
    argument: Any
    then: Callable[[Any], Any] | None = None

    def next(self, result: Any) -> SideJob | None:
        """The job that follows this one's `result`, or None when the side work is done."""
        return SideJob(self.then, result) if self.then is not None else None


def execute_local(tasks: list[Task], jobs: int, side: SideJob | None = None,
                  on_side: Callable[[Any], None] | None = None,
                  preload: tuple[str, ...] | None = None,
                  shared: ZygoteAddress | None = None) -> Iterator[ParticipantStatus]:
    """Run tasks in `jobs` separate processes; yield each status as it finishes.

    `side`, when given, is submitted first to the same processes; its `then`
    job, if any, is submitted when it returns (so behind every task), and the
    last result is handed to `on_side`. `shared` is the run's zygote, which the workers fork
    their kernels from (see `cohort.zygote.shared_zygote`). A worker process that dies outright takes its pool with
    it: the tasks not yet finished then run again in a new pool (twice at most).
    """
    pending = list(tasks)
    side_left = side
    for restart in range(3):
        if not pending and side_left is None:
            return
        warm = preload if preload is not None else (pending[0].preload if pending else ())
        engine = pending[0].engine if pending else (ENGINE_WARM if warm else ENGINE_FRESH)
        workers = max(1, min(jobs, len(pending) + (side_left is not None)))
        context = multiprocessing.get_context("spawn")  # a clean interpreter: no inherited threads or sockets
        broken = False
        with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=prepare_worker,
                                 initargs=(engine, tuple(warm), shared)) as pool:
            futures: dict[Any, Task | None] = {}
            if side_left is not None:
                futures[pool.submit(side_left.function, side_left.argument)] = None
            futures.update({pool.submit(run_participant, t): t for t in pending})
            finished: set[str] = set()
            try:
                for future in _as_completed(futures):
                    task = futures[future]
                    try:
                        result = future.result()
                    except BrokenProcessPool:
                        broken = True
                        continue
                    if task is None:
                        following = side_left.next(result) if side_left is not None else None
                        if following is None:
                            side_left = None
                            if on_side is not None:
                                on_side(result)
                            continue
                        side_left = following
                        try:
                            futures[pool.submit(following.function, following.argument)] = None
                        except BrokenProcessPool:  # submitted again, first, in the next pool
                            broken = True
                        continue
                    finished.add(task.participant_id)
                    yield result
            except BaseException:
                pool.shutdown(wait=False, cancel_futures=True)
                raise
        if broken and not finished and restart == 0 and pending:
            raise CohortError("the worker processes died before running anyone. Calling run_cohort from a "
                              "script? Worker processes import the script again: put the call under "
                              "`if __name__ == \"__main__\":`.")
        pending = [t for t in pending if t.participant_id not in finished]
        if not broken:
            break
    for task in pending:
        status = failed_status(task, "crash", "WorkerDied", "the worker process running it died, three times")
        write_status(Path(task.out_dir), status)
        yield status
    if side_left is not None and on_side is not None:
        on_side(side_left.function.__name__ + ": the worker process running it died, three times")


def _as_completed(futures: dict[Any, Any]) -> Iterator[Any]:
    """Each future of `futures` as it finishes; unlike `concurrent.futures.as_completed`, it also waits
    for futures added to the dict while it runs (between the futures it yields)."""
    finished: queue.SimpleQueue[Any] = queue.SimpleQueue()
    watched = yielded = 0
    while True:
        for future in itertools.islice(futures, watched, None):  # the ones added since: the dict keeps order
            future.add_done_callback(finished.put)  # at once for a future already done
        watched = len(futures)
        if yielded == watched:
            return
        yield finished.get()
        yielded += 1


def require_dask() -> None:
    """Fail early, with the fix, when Dask distributed is not installed."""
    try:
        import distributed  # noqa: F401, PLC0415 -- only to say early when the optional extra is missing
    except ImportError:
        raise CohortError("--scheduler needs Dask distributed: install mentorkit[dask] "
                          "(pip install 'mentorkit[dask]')") from None


def execute_dask(tasks: list[Task], address: str) -> Iterator[ParticipantStatus]:
    """Run tasks on a Dask distributed cluster; write each participant's files here as they come back."""
    require_dask()
    from distributed import Client, as_completed  # noqa: PLC0415 -- an optional extra, loaded only when asked for
    try:
        client = Client(address, timeout="20s", set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise CohortError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    token = hashlib.sha256(f"{time.time_ns()}-{os.getpid()}".encode()).hexdigest()[:8]
    try:
        futures = {client.submit(run_remote, t, key=f"mentorkit-{t.participant_id}-{token}", pure=False): t
                   for t in tasks}
        for future in as_completed(futures, loop=client.loop):
            task = futures[future]
            out_dir = Path(task.out_dir)
            try:
                status, files = future.result()
            except Exception as exc:  # a lost worker or an error outside run_participant
                status = failed_status(task, "crash", type(exc).__name__, str(exc)[:500])
                write_status(out_dir, status)
                yield status
                continue
            _write_files(out_dir, files)
            yield status
    finally:
        client.close()


def execute(tasks: list[Task], *, jobs: int, scheduler: str | None,
            on_status: Callable[[ParticipantStatus], None] | None = None, side: SideJob | None = None,
            on_side: Callable[[Any], None] | None = None,
            preload: tuple[str, ...] | None = None, shared: ZygoteAddress | None = None) -> list[ParticipantStatus]:
    """Run every task (locally or on Dask) and return the statuses in task order.

    Locally, `side` runs in the same worker processes (see `execute_local`); on
    Dask it is left to the caller. `preload` is what each local worker's zygote
    imports (default: the first task's); `shared`, the run's zygote they fork from.
    """
    runs: Iterable[ParticipantStatus] = (execute_dask(tasks, scheduler) if scheduler
                                      else execute_local(tasks, jobs, side, on_side, preload, shared))
    by_id: dict[str, ParticipantStatus] = {}
    for status in runs:
        by_id[status.participant_id] = status
        if on_status is not None:
            on_status(status)
    return [by_id[t.participant_id] for t in tasks if t.participant_id in by_id]
