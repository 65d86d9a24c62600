"""The cohort's side work (the summary notebook, then its page): where it runs in the worker pool.

The summary notebook is submitted first, beside the participants; its page's
export is submitted when the notebook returns, so it queues behind every
participant and is the pool's last job.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from mentorkit.cohort.runner import SideJob, Task, _as_completed, execute_local

pytestmark = pytest.mark.slow  # starts worker processes


def first_step(folder: str) -> dict:
    """Stands in for the summary notebook: what already ran when it starts, in a worker process."""
    return {"folder": folder, "pid": os.getpid(), "statuses_before": _statuses(Path(folder))}


def second_step(first: dict) -> dict:
    """Stands in for the page's export: what ran before it."""
    return dict(first, statuses_after=_statuses(Path(first["folder"])), then_pid=os.getpid())


def _statuses(folder: Path) -> list[str]:
    return sorted(p.parent.name for p in folder.glob("*/status.json"))


def _tasks(folder: Path, n: int) -> list[Task]:
    """Participants whose workbook is missing: each fails at once, with a status, and no kernel."""
    notebook = folder / "report.ipynb"
    notebook.write_text("{}", encoding="utf-8")
    return [Task(f"m{i}", str(folder / "missing" / f"m{i}"), str(folder / f"m{i}"), str(notebook), "2026-11-15")
            for i in range(n)]


def test_the_side_jobs_continuation_runs_after_every_participant(tmp_path):
    results: list[dict] = []
    side = SideJob(first_step, str(tmp_path), then=second_step)
    statuses = list(execute_local(_tasks(tmp_path, 3), 1, side=side, on_side=results.append))
    assert sorted(s.participant_id for s in statuses) == ["m0", "m1", "m2"]
    assert all(s.error is not None and s.error.ename == "WorkbookUnavailable" for s in statuses)
    assert len(results) == 1, "on_side hears once, with the last step's result"
    (result,) = results
    assert result["statuses_before"] == []  # the first step went first
    assert result["statuses_after"] == ["m0", "m1", "m2"]  # its continuation, last
    assert result["pid"] == result["then_pid"]  # one worker: the same process


def test_a_side_job_without_a_continuation_is_handed_over_as_it_is(tmp_path):
    results: list[dict] = []
    list(execute_local(_tasks(tmp_path, 1), 2, side=SideJob(first_step, str(tmp_path)), on_side=results.append))
    assert [r["folder"] for r in results] == [str(tmp_path)] and "statuses_after" not in results[0]


def test_side_work_alone_runs_both_steps(tmp_path):
    results: list[dict] = []
    assert list(execute_local([], 2, side=SideJob(first_step, str(tmp_path), then=second_step),
                              on_side=results.append)) == []
    assert [r["statuses_after"] for r in results] == [[]]


def test_as_completed_also_waits_for_futures_added_while_it_runs():
    release = threading.Event()
    with ThreadPoolExecutor(2) as pool:
        futures = {pool.submit(lambda: "first"): "a", pool.submit(lambda: release.wait(5) and "slow"): "b"}
        seen = []
        for future in _as_completed(futures):
            seen.append(future.result())
            if future.result() == "first":
                futures[pool.submit(lambda: "added")] = "c"
            if future.result() == "added":
                release.set()
    assert seen == ["first", "added", "slow"]
