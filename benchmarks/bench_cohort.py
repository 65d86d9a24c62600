"""Cohort benchmarks: what a facilitator waits for (printed by `make bench`, never asserted).

- one mentee's report notebook through the papermill API, against a floor
  notebook that only imports pandas and matplotlib and saves one figure
  (goal: at most 1.5 times the floor);
- `cohort run` with --jobs 2 against --jobs 1 on 24 participants (goal: at
  most 0.55 times), and the same with a freshly launched kernel per mentee
  instead of the pre-warmed ones (the stretch goal: faster, same outputs);
- the summary over 2,000 and 4,000 synthetic workbooks (goal: at most 5 s
  for 2,000, and linear);
- the projected time of a cohort of 1,000 on this machine.

Each is measured in one run (a cohort run is long enough to be stable).
`synthetic_cohort` writes thousands of realistic workbooks in seconds with
bulk inserts into copies of one empty workbook.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

FLOOR_RATIO_GOAL = 1.5
JOBS_RATIO_GOAL = 0.55
SUMMARY_GOAL_S = 5.0
LINEAR_GOAL = 1.25  # t(4,000) / (2 t(2,000))
PARTICIPANTS = 24
AS_OF = dt.date(2026, 11, 15)

FLOOR_SOURCE = """import pandas as pd
import matplotlib
import matplotlib.pyplot as plt
fig, ax = plt.subplots()
ax.plot(pd.Series([1, 3, 2]))
fig.savefig(out)"""


IMPORTS_SOURCE = """%matplotlib inline
from IPython.display import display
from mentorkit.session import as_of_date, open_workbook
from mentorkit import cadence, charts, evaluation
from mentorkit.forms import findings_view, frame_view, message
from mentorkit.progress import follow_through, tscore_history"""


def _notebook(path: Path, cells: list[str]) -> Path:
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    nb = new_notebook(cells=[new_code_cell(c) for c in cells])
    nb.cells[0].metadata["tags"] = ["parameters"]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


# -- synthetic workbooks ----------------------------------------------------------------------


def _rows(rng: random.Random, n: int) -> dict[str, list[tuple]]:
    """One synthetic mentee: an agreement (mostly), meetings that drift for some, actions, check-ins, goals."""
    start = AS_OF - dt.timedelta(days=rng.randint(60, 420))
    per_month = rng.choice([0.5, 1, 1, 1, 2])
    rows: dict[str, list[tuple]] = {k: [] for k in ("agreements", "meetings", "actions", "checkins", "goals", "levels")}
    if rng.random() < 0.85:
        rows["agreements"].append((start.isoformat(), 12, per_month, "We keep it between us.", "mentee", ""))
    day, interval = start, 30 / per_month
    while True:
        day += dt.timedelta(days=max(3, int(rng.gauss(interval, interval / 3)) * (3 if rng.random() < 0.05 else 1)))
        if day > AS_OF:
            break
        rows["meetings"].append((day.isoformat(), 45, "video", "objectives", f"notes of mentee {n}", ""))
    for i in range(rng.randint(0, 12)):
        due = start + dt.timedelta(days=rng.randint(10, 400))
        status = rng.choice(["done", "done", "open", "dropped", "renegotiated"])
        done = (due + dt.timedelta(days=rng.randint(-10, 15))).isoformat() if status == "done" else None
        reneg = (due - dt.timedelta(days=3)).isoformat() if status == "renegotiated" else None
        reneg_due = (due + dt.timedelta(days=30)).isoformat() if status == "renegotiated" else None
        rows["actions"].append((f"action {i}", "mentee", due.isoformat(), status, done, reneg, reneg_due))
    for i in range(rng.randint(0, 4)):
        rows["checkins"].append(((start + dt.timedelta(days=90 * (i + 1))).isoformat(),
                                 *[rng.randint(1, 5) for _ in range(7)], "a comment"))
    for g in range(1, rng.randint(1, 4) + 1):
        rows["goals"].append((g, f"goal {g}", "career", float(rng.choice([1, 1, 2])), -1, start.isoformat(), 1))
        for k in range(rng.randint(0, 3)):
            rows["levels"].append((g, (start + dt.timedelta(days=60 * (k + 1))).isoformat(), rng.randint(-2, 2), ""))
    return rows


_INSERTS = {
    "agreements": "INSERT INTO agreements (start, duration_months, meetings_per_month, confidentiality, scheduler, "
                  "progress_recording) VALUES (?, ?, ?, ?, ?, ?)",
    "meetings": "INSERT INTO meetings (date, duration_min, mode, objectives, notes, gave_back) "
                "VALUES (?, ?, ?, ?, ?, ?)",
    "actions": "INSERT INTO actions (description, owner, due, status, done_on, renegotiated_on, renegotiated_due) "
               "VALUES (?, ?, ?, ?, ?, ?, ?)",
    "checkins": "INSERT INTO checkins (date, value_to_me, value_to_mentor, interest, encouragement, connection, "
                "candour, wish_to_continue, comment) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "goals": "INSERT INTO goals (id, title, area, weight, baseline_level, created_on, active) "
             "VALUES (?, ?, ?, ?, ?, ?, ?)",
    "levels": "INSERT INTO goal_levels (goal_id, date, level, note) VALUES (?, ?, ?, ?)",
}


def synthetic_cohort(folder: Path, n: int, seed: int = 6) -> Path:
    """Write `n` synthetic workbooks and a roster under `folder`; returns the roster."""
    from mentorkit import Workbook

    folder.mkdir(parents=True, exist_ok=True)
    template = Workbook.create(folder / ".template", "Synthetic Mentee").db_path
    rng = random.Random(seed)
    lines = ["participant_id,workbook"]
    for i in range(n):
        pid = f"s{i:05d}"
        (folder / pid).mkdir()
        db = folder / pid / "workbook.sqlite"
        shutil.copyfile(template, db)
        conn = sqlite3.connect(db, isolation_level=None)
        try:
            conn.execute("PRAGMA synchronous = OFF")
            conn.execute("BEGIN")
            for table, rows in _rows(rng, i).items():
                conn.executemany(_INSERTS[table], rows)
            conn.execute("UPDATE meta SET value = ? WHERE key = 'mentee_name'", (f"Mentee {i}",))
            conn.execute("COMMIT")
        finally:
            conn.close()
        lines.append(f"{pid},{pid}")
    roster = folder / "roster.csv"
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return roster


def _roster_head(roster: Path, n: int, name: str) -> Path:
    lines = roster.read_text(encoding="utf-8").splitlines()
    head = roster.with_name(name)
    head.write_text("\n".join(lines[: n + 1]) + "\n", encoding="utf-8")
    return head


# -- the benchmarks -----------------------------------------------------------------------------


def report_against_floor(tmp: Path, sample: Path) -> tuple[list[dict], dict]:
    """One mentee's report notebook (cohort mode) against the floor notebook, through papermill."""
    import papermill as pm

    from mentorkit.kernels import close_zygotes, preload_for, register_engines
    from mentorkit.runner import ENGINE_WARM, Task, report_notebook

    register_engines()
    floor = _notebook(tmp / "floor.ipynb", ['out = ""', FLOOR_SOURCE])
    report = report_notebook()
    params = Task("p07", str(sample / "p07"), "", str(report), AS_OF.isoformat()).parameters(tmp / "report")

    def timed(**kwargs) -> float:
        kwargs.setdefault("engine_name", "mentorkit")  # papermill's own engine, without the kernel's chatter
        started = time.perf_counter()
        pm.execute_notebook(progress_bar=False, kernel_name="python3", kernel_log=os.devnull, **kwargs)
        return time.perf_counter() - started

    timed(input_path=str(floor), output_path=str(tmp / "warmup.ipynb"), parameters={"out": str(tmp / "w.png")})
    floor_s = timed(input_path=str(floor), output_path=str(tmp / "floor.out.ipynb"),
                    parameters={"out": str(tmp / "f.png")})
    report_s = timed(input_path=str(report), output_path=str(tmp / "report.out.ipynb"), parameters=params)
    preload = preload_for(report)
    warm_args = dict(engine_name=ENGINE_WARM, preload=preload)
    timed(input_path=str(report), output_path=str(tmp / "warm0.ipynb"), parameters=params, **warm_args)  # zygote up
    warm_s = timed(input_path=str(report), output_path=str(tmp / "warm.out.ipynb"), parameters=params, **warm_args)
    # the kernel's own cost: start, notebook 06's imports, shut down; no work
    imports = _notebook(tmp / "imports.ipynb", ['x = 1', IMPORTS_SOURCE])
    start_fresh = timed(input_path=str(imports), output_path=str(tmp / "i1.ipynb"))
    start_warm = timed(input_path=str(imports), output_path=str(tmp / "i2.ipynb"), **warm_args)
    close_zygotes()
    ratio = report_s / floor_s
    return [
        {"name": "report notebook / floor notebook (papermill, fresh kernel)",
         "measured": f"{report_s:.2f} s / {floor_s:.2f} s", "values": {"report_s": report_s, "floor_s": floor_s},
         "ratio": ratio, "goal": f"<= {FLOOR_RATIO_GOAL:g}x", "met": ratio <= FLOOR_RATIO_GOAL},
        {"name": "report notebook, pre-warmed kernel / floor notebook",
         "measured": f"{warm_s:.2f} s / {floor_s:.2f} s", "values": {"report_warm_s": warm_s, "floor_s": floor_s},
         "ratio": warm_s / floor_s, "goal": f"<= {FLOOR_RATIO_GOAL:g}x", "met": warm_s / floor_s <= FLOOR_RATIO_GOAL},
        {"name": "kernel start + notebook 06's imports, no work: pre-warmed / fresh",
         "measured": f"{start_warm:.2f} s / {start_fresh:.2f} s (1,000 mentees on 2 cores: "
                     f"{start_warm * 500 / 60:.1f} / {start_fresh * 500 / 60:.1f} min)",
         "values": {"warm_s": start_warm, "fresh_s": start_fresh},
         "ratio": start_warm / start_fresh, "goal": "< 1 (same outputs, tested)", "met": start_warm < start_fresh},
    ], {"floor_s": floor_s}


def jobs_scaling(tmp: Path, sample: Path) -> tuple[list[dict], dict]:
    """`cohort run` on 24 participants: --jobs 2 against --jobs 1, and pre-warmed against fresh kernels."""
    from mentorkit.cohort import run_cohort
    from mentorkit.runner import ENGINE_FRESH, ENGINE_WARM

    ids = sorted(p.name for p in sample.iterdir() if (p / "workbook.sqlite").exists())
    lines = ["participant_id,workbook"]
    for copy in range(PARTICIPANTS // len(ids) + 1):
        for pid in ids:
            if len(lines) <= PARTICIPANTS:
                lines.append(f"{pid}_{copy},{pid}")
    roster = sample / "bench24.csv"
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")

    def timed(jobs: int, engine: str) -> float:
        started = time.perf_counter()
        result = run_cohort(roster, tmp / f"out-{jobs}-{engine}", jobs=jobs, as_of=AS_OF, force=True, engine=engine,
                            echo=lambda _: None, progress=False, html=False)
        if result.failed:
            raise RuntimeError(f"participants failed: {result.failed}")
        return time.perf_counter() - started

    one = timed(1, ENGINE_WARM)
    two = timed(2, ENGINE_WARM)
    fresh = timed(2, ENGINE_FRESH)
    return [
        {"name": f"cohort run, {PARTICIPANTS} participants: --jobs 2 / --jobs 1",
         "measured": f"{two:.1f} s / {one:.1f} s", "values": {"jobs2_s": two, "jobs1_s": one},
         "ratio": two / one, "goal": f"<= {JOBS_RATIO_GOAL:g}x", "met": two / one <= JOBS_RATIO_GOAL},
        {"name": f"cohort run, {PARTICIPANTS} participants, --jobs 2: pre-warmed / fresh kernels",
         "measured": f"{two:.1f} s / {fresh:.1f} s", "values": {"warm_s": two, "fresh_s": fresh},
         "ratio": two / fresh, "goal": "< 1 (same outputs, tested)", "met": two < fresh},
    ], {"jobs2_s": two, "fresh_s": fresh}


def summary_scaling(tmp: Path) -> tuple[list[dict], dict]:
    """The summary (read every workbook, compute, write summary.csv) over 2,000 and 4,000 workbooks."""
    from mentorkit.cohort import summarise_cohort

    roster = synthetic_cohort(tmp / "synthetic", 4000)
    half = _roster_head(roster, 2000, "roster2000.csv")
    summarise_cohort(_roster_head(roster, 50, "roster50.csv"), tmp / "s50", as_of=AS_OF, echo=lambda _: None)  # imports
    times = {}
    for n, path in ((2000, half), (4000, roster)):
        started = time.perf_counter()
        summarise_cohort(path, tmp / f"s{n}", as_of=AS_OF, echo=lambda _: None)
        times[n] = time.perf_counter() - started
    linear = times[4000] / (2 * times[2000])
    return [
        {"name": "cohort summary over 2,000 synthetic workbooks", "measured": f"{times[2000]:.2f} s",
         "values": {"seconds": times[2000]}, "ratio": times[2000] / SUMMARY_GOAL_S, "goal": f"<= {SUMMARY_GOAL_S:g} s",
         "met": times[2000] <= SUMMARY_GOAL_S},
        {"name": "cohort summary, 4,000 / 2 x 2,000 workbooks (linear = 1)", "measured": f"{times[4000]:.2f} s",
         "values": {"seconds": times[4000]}, "ratio": linear, "goal": f"<= {LINEAR_GOAL:g}",
         "met": linear <= LINEAR_GOAL},
    ], {"summary_per_1000_s": times[2000] / 2}


def run() -> list[dict]:
    from mentorkit.sample import build_cohort

    results: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="mentorkit-bench-") as name:
        tmp = Path(name)
        sample = build_cohort(tmp / "sample").parent
        floor_rows, _ = report_against_floor(tmp, sample)
        jobs_rows, jobs = jobs_scaling(tmp, sample)
        summary_rows, summary = summary_scaling(tmp)
        results += floor_rows + jobs_rows + summary_rows
        per_mentee = jobs["jobs2_s"] / PARTICIPANTS
        projected = per_mentee * 1000 + summary["summary_per_1000_s"]
        projected_fresh = jobs["fresh_s"] / PARTICIPANTS * 1000 + summary["summary_per_1000_s"]
        results.append({
            "name": "projected cohort of 1,000, --jobs 2 (pre-warmed kernels)",
            "measured": f"{projected / 60:.1f} min (fresh kernels: {projected_fresh / 60:.1f} min)",
            "values": {"seconds": projected, "fresh_seconds": projected_fresh, "per_mentee_s": per_mentee},
            "ratio": None, "goal": "", "met": None,
        })
    return results


if __name__ == "__main__":
    for row in run():
        print(row)
