"""Cohort benchmarks: what a facilitator waits for (printed by `make bench`, never asserted).

- one mentee's report notebook through the papermill API, against a floor
  notebook that only imports pandas and matplotlib and saves one figure
  (goal: at most 1.5 times the floor);
- `mentorkit cohort run` end to end (the command, as a facilitator types it)
  on mentees with ten meetings each: the fixed cost, a cohort of one at
  --jobs 2, against one report notebook run alone on a fresh kernel (goal: at
  most 2 times); --jobs 2 against --jobs 1 at 8 and at 24 mentees (goals: at
  most 0.60 and 0.55); the cost of each further mentee, and the projected time
  of a cohort of 1,000 at --jobs 2 (goal: within 10 minutes);
- the same runs in CPU seconds, every process included (the command, its
  workers, the run's zygote and every mentee's kernel): the CPU per further
  mentee is stable when the machine is loaded, where wall-clock times are
  not, and so is the projection made from it (2 cores: wall = CPU / 2);
- where one mentee's time goes: CPU per mentee in the worker, the zygote (the
  fork) and the kernel, the kernel's CPU cell by cell; the kernel's start and
  its end (wall); papermill reading, validating and writing the notebook, each
  chart's drawing and PNG encoding, the privacy guard (CPU);
- the summary over 2,000 and 4,000 synthetic workbooks (goal: at most 5 s
  for 2,000, and linear).

The cohort runs are made in rounds, each round one run of every size in turn,
since the shared development machine's speed drifts within minutes: a ratio
is taken within a round, whose runs met the same machine (every other round
makes the --jobs 2 run of a size first), and each figure is the median of the
rounds (the ratios of every round are printed too, and the machine's load
average). How busy a --jobs 2 run keeps the cores (its CPU over cores times
wall) shows what the scheduling leaves idle, whatever the machine's speed.
The other figures are measured once. CPU time is read with `getrusage` for this
process's children, with this process made the "child subreaper" (Linux) so
that every descendant, kernels included, is waited for and counted. `synthetic_cohort` writes thousands of
realistic workbooks in seconds with bulk inserts into copies of one empty
workbook.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import os
import random
import resource
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

FLOOR_RATIO_GOAL = 1.5
FIXED_RATIO_GOAL = 2.0  # a cohort of one, end to end / one report notebook alone (fresh kernel)
JOBS_RATIO_GOALS = {8: 0.60, 24: 0.55}  # --jobs 2 / --jobs 1
PROJECTED_GOAL_S = 600.0  # a cohort of 1,000 at --jobs 2
TEN_MEETINGS = ("p05", "p06")  # the sample mentees with ten meetings each
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

    from mentorkit.cohort.runner import ENGINE_WARM, Task, report_notebook
    from mentorkit.cohort.zygote import close_zygotes, preload_for

    floor = _notebook(tmp / "floor.ipynb", ['out = ""', FLOOR_SOURCE])
    report = report_notebook()
    params = Task("p06", str(sample / "p06"), "", str(report), AS_OF.isoformat()).parameters(tmp / "report")

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
    ], {"floor_s": floor_s, "report_s": report_s}


def _roster(sample: Path, n: int) -> Path:
    """A roster of `n` mentees with ten meetings each (copies of the sample's)."""
    lines = ["participant_id,workbook"] + [f"m{i:03d},{TEN_MEETINGS[i % 2]}" for i in range(n)]
    roster = sample / f"ten{n}.csv"
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return roster


PR_SET_CHILD_SUBREAPER = 36


def _become_subreaper() -> bool:
    """Make this process adopt its orphaned descendants (Linux), so that their CPU time is counted here."""
    try:
        return ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _children_cpu() -> float:
    """CPU seconds (user + system) of every child process waited for so far, and their own children's."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _children() -> set[int]:
    """The processes whose parent is this one (Linux's /proc), orphans adopted as a subreaper included."""
    me, found = os.getpid(), set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == me:
                found.add(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    return found


def _reap_orphans(before: set[int], timeout: float = 30.0) -> None:
    """Wait for every child that was not there `before` (kernels that outlived their zygote end within seconds)."""
    deadline = time.monotonic() + timeout
    while (new := _children() - before) and time.monotonic() < deadline:
        for pid in new:
            try:
                os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                continue
        time.sleep(0.05)


def cohort_command(roster: Path, out: Path, jobs: int) -> tuple[float, float]:
    """`mentorkit cohort run ROSTER --out OUT --jobs N` in a new process, end to end: (seconds, CPU seconds).

    The CPU counts every process the command started (workers, the zygote, kernels).
    """
    import subprocess

    before, cpu = _children(), _children_cpu()
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "mentorkit", "cohort", "run", str(roster), "--out", str(out),
                           "--jobs", str(jobs), "--as-of", AS_OF.isoformat(), "--force"],
                          capture_output=True, text=True)
    seconds = time.perf_counter() - started
    _reap_orphans(before)
    if done.returncode != 0:
        raise RuntimeError(f"cohort run failed ({done.returncode}): {done.stderr[-2000:]}")
    return seconds, _children_cpu() - cpu


RUNS = ((1, 2), (8, 1), (8, 2), (24, 1), (24, 2))  # (mentees, --jobs), in the order of each round
ROUNDS = 5  # every run is made this many times, in rounds; each figure is the median of its rounds


def _round_order(round_index: int) -> list[tuple[int, int]]:
    """`RUNS` in the order of one round: every other round makes each size's --jobs 2 run before its --jobs 1
    run, so that a machine getting faster or slower within a round favours neither."""
    sizes = dict.fromkeys(n for n, _ in RUNS)  # in order
    jobs_order = (1, 2) if round_index % 2 == 0 else (2, 1)
    return [(n, jobs) for n in sizes for jobs in jobs_order if (n, jobs) in RUNS]


def _cores() -> int:
    """How many cores a --jobs 2 run can keep busy here."""
    return min(2, os.cpu_count() or 1)


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def cohort_runs(tmp: Path, sample: Path, report_s: float) -> tuple[list[dict], dict]:
    """The command end to end: the fixed cost, --jobs 2 against --jobs 1, the cost per mentee, 1,000 projected.

    The machine's speed drifts by tens of percent within minutes (it is shared), so
    every run is made in each of `ROUNDS` rounds, a round being one run of each size;
    a ratio is taken within each round, where both its runs met the same machine,
    and the median round is shown, with the range over the rounds.
    """
    times: dict[tuple[int, int], list[float]] = {key: [] for key in RUNS}
    cpus: dict[tuple[int, int], list[float]] = {key: [] for key in RUNS}
    loads = []
    counted = _become_subreaper()
    cohort_command(_roster(sample, 1), tmp / "cohort-warm-up", 2)  # as a second run finds it: bytecode, disk cache
    for index in range(ROUNDS):
        for n, jobs in _round_order(index):
            seconds, cpu = cohort_command(_roster(sample, n), tmp / f"cohort-{n}-{jobs}", jobs)
            times[n, jobs].append(seconds)
            cpus[n, jobs].append(cpu)
            loads.append(os.getloadavg()[0])
    t = {key: _median(values) for key, values in times.items()}
    cpu = {key: _median(values) for key, values in cpus.items()}
    fixed = t[1, 2]
    marginal = _median([(b - a) / 23 for a, b in zip(times[1, 2], times[24, 2])])
    projected = fixed + 999 * marginal
    load = f"load average {min(loads):.1f} to {max(loads):.1f}"
    rounds = f"median of {ROUNDS} rounds"
    rows = [
        {"name": f"cohort of one, end to end, --jobs 2 / one report notebook alone (fresh kernel), {rounds}",
         "measured": f"{fixed:.2f} s / {report_s:.2f} s ({load})", "values": {"fixed_s": fixed, "report_s": report_s},
         "ratio": fixed / report_s, "goal": f"<= {FIXED_RATIO_GOAL:g}x", "met": fixed / report_s <= FIXED_RATIO_GOAL},
    ]
    for n, goal in JOBS_RATIO_GOALS.items():
        ratios = [b / a for a, b in zip(times[n, 1], times[n, 2])]
        ratio = _median(ratios)
        rows.append({"name": f"cohort run, {n} mentees: --jobs 2 / --jobs 1, {rounds}",
                     "measured": f"{t[n, 2]:.1f} s / {t[n, 1]:.1f} s (rounds: "
                                 + ", ".join(f"{r:.2f}" for r in ratios) + ")",
                     "values": {"jobs2_s": t[n, 2], "jobs1_s": t[n, 1], "ratios": ratios},
                     "ratio": ratio, "goal": f"<= {goal:g}x", "met": ratio <= goal})
    cores = _cores()
    if counted:
        for n in JOBS_RATIO_GOALS:
            busy = _median([c / (cores * s) for s, c in zip(times[n, 2], cpus[n, 2])])
            rows.append({"name": f"cores kept busy, {n} mentees at --jobs 2: CPU / ({cores} cores x wall), {rounds}",
                         "measured": f"{busy:.0%}", "values": {"busy": busy}, "ratio": None, "goal": "",
                         "met": None})
    rows.append({"name": "cost of each further mentee, --jobs 2 ((t24 - t1) / 23)",
                 "measured": f"{marginal:.2f} s", "values": {"marginal_s": marginal}, "ratio": None, "goal": "",
                 "met": None})
    rows.append({"name": "projected cohort of 1,000, --jobs 2 (fixed + 999 x per mentee)",
                 "measured": f"{projected / 60:.1f} min", "values": {"seconds": projected},
                 "ratio": projected / PROJECTED_GOAL_S, "goal": f"<= {PROJECTED_GOAL_S / 60:g} min",
                 "met": projected <= PROJECTED_GOAL_S})
    if counted:
        rows += _cpu_rows(cpus, fixed)
    return rows, {"out24": tmp / "cohort-24-2"}


def _cpu_rows(cpus: dict[tuple[int, int], list[float]], fixed_s: float) -> list[dict]:
    """The same runs in CPU seconds, every process counted: steadier under load than the wall-clock times."""
    one = _median(cpus[1, 2])
    per_mentee = {jobs: _median([(b - a) / 23 for a, b in zip(cpus[1, 2], cpus[24, jobs])]) for jobs in (1, 2)}
    cores = _cores()
    projected = fixed_s + 999 * per_mentee[2] / cores
    return [
        {"name": "CPU, a cohort of one, --jobs 2 (every process: command, workers, the zygote, kernels)",
         "measured": f"{one:.1f} s", "values": {"cpu_s": one}, "ratio": None, "goal": "", "met": None},
        {"name": "CPU of each further mentee, --jobs 2 / --jobs 1 ((cpu24 - cpu1) / 23)",
         "measured": f"{per_mentee[2]:.2f} s / {per_mentee[1]:.2f} s",
         "values": {"cpu_per_mentee_s": per_mentee[2], "cpu_per_mentee_jobs1_s": per_mentee[1]},
         "ratio": None, "goal": "", "met": None},
        {"name": f"projected cohort of 1,000 from CPU, --jobs 2 (fixed + 999 x CPU per mentee / {cores} cores)",
         "measured": f"{projected / 60:.1f} min", "values": {"seconds": projected},
         "ratio": projected / PROJECTED_GOAL_S, "goal": f"<= {PROJECTED_GOAL_S / 60:g} min",
         "met": projected <= PROJECTED_GOAL_S},
    ]


def mentee_breakdown(tmp: Path, sample: Path, out24: Path) -> list[dict]:
    """Where one mentee's time goes: CPU by process and by cell, the kernel's start and end, each part on its own."""
    import json
    import shutil

    import nbformat
    from papermill.iorw import load_notebook_node, write_ipynb
    from papermill.parameterize import parameterize_notebook

    from mentorkit import Workbook, charts
    from mentorkit.cohort.privacy import guard_for
    from mentorkit.cohort.runner import EXECUTED, Task, report_notebook

    rows = []
    whole: list[float] = []

    # from the 24 mentees' executed notebooks: the kernel's start, the cells, and what follows them (wall)
    starts, cells, after = [], [], []
    for folder in sorted(p for p in out24.iterdir() if (p / EXECUTED).is_file()):
        nb = json.loads((folder / EXECUTED).read_text(encoding="utf-8"))
        meta = nb["metadata"]["papermill"]
        begin, end = _time(meta["start_time"]), _time(meta["end_time"])
        timed = [c["metadata"]["papermill"] for c in nb["cells"]
                 if c["metadata"].get("papermill", {}).get("start_time")]
        first, last = _time(timed[0]["start_time"]), _time(timed[-1]["end_time"])
        starts.append(first - begin)
        cells.append(last - first)
        after.append(end - last)
        whole.append(json.loads((folder / "status.json").read_text(encoding="utf-8"))["timings"]["seconds"])
    mean = lambda xs: sum(xs) / len(xs)  # noqa: E731
    rows.append(_part("one mentee in a worker, all of it (wall, mean of the 24)", mean(whole)))
    rows.append(_part("kernel start: fork of the zygote until the kernel answers (wall)", mean(starts)))
    rows.append(_part("notebook 06's cells, all of them, the charts included (wall)", mean(cells)))
    rows.append(_part("after the last cell: shutdown request, the notebook's metadata (wall)", mean(after)))
    rows += _cpu_by_process(tmp, sample)
    rows += _kernel_cpu_by_cell(tmp, sample)

    # papermill's own work on the notebook, in this process
    source = report_notebook()
    params = Task("m", str(sample / "p06"), "", str(source), AS_OF.isoformat()).parameters(tmp / "m")
    executed = next(out24.glob(f"*/{EXECUTED}"))
    started = time.process_time()
    nb = parameterize_notebook(load_notebook_node(str(source)), params, kernel_name="python3")
    rows.append(_part("papermill: reading the notebook and injecting the parameters (CPU)",
                      time.process_time() - started))
    done = nbformat.read(executed, as_version=4)
    started = time.process_time()
    nbformat.validate(done)
    rows.append(_part("papermill: validating the executed notebook (CPU)", time.process_time() - started))
    started = time.process_time()
    write_ipynb(done, str(tmp / "written.ipynb"))
    rows.append(_part("papermill: writing the executed notebook, once (CPU)", time.process_time() - started))
    del nb

    # each chart: drawn (figure built, laid out, painted) and encoded, as the report does it
    wb = Workbook.open(sample / "p06")
    charts.all_charts(wb, AS_OF, anonymous=True)  # first use of fonts and caches
    for name, draw in charts.CHARTS.items():
        started = time.process_time()
        canvas = charts.render_agg(draw(wb, AS_OF, anonymous=True))
        drawn = time.process_time()
        charts.encode_png(canvas)
        rows.append(_part(f"chart {name}: drawing / PNG encoding (CPU)", drawn - started,
                          time.process_time() - drawn))

    # the privacy guard over one participant's folder
    copy = tmp / "guarded"
    shutil.copytree(executed.parent, copy)
    started = time.process_time()
    guard_for(sample / "p06").clean_folder(copy)
    rows.append(_part("privacy guard: reading the private text, searching the folder (CPU)",
                      time.process_time() - started))
    return rows


def _proc_cpu(pid: int) -> tuple[float, float]:
    """(its own CPU, its waited-for children's CPU) of a process, from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    tick = os.sysconf("SC_CLK_TCK")
    utime, stime, cutime, cstime = (int(v) / tick for v in fields[11:15])
    return utime + stime, cutime + cstime


def _children_faults(pid: int) -> int:
    """The minor page faults of a process's waited-for children, from /proc (Linux)."""
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[8])


def _warm_tasks(sample: Path, folder: Path, notebook: Path, n: int):
    from mentorkit.cohort.runner import ENGINE_WARM, Task, report_notebook
    from mentorkit.cohort.zygote import preload_for

    preload = tuple(preload_for(report_notebook()))
    return [Task(f"m{i:03d}", str(sample / TEN_MEETINGS[i % 2]), str(folder / f"m{i:03d}"), str(notebook),
                 AS_OF.isoformat(), ENGINE_WARM, preload, {}) for i in range(n)]


def _cpu_by_process(tmp: Path, sample: Path, n: int = 6) -> list[dict]:
    """CPU per mentee in each process, as one worker runs `n` mentees: the worker, the zygote, the kernels."""
    from mentorkit.cohort.runner import report_notebook, run_participant
    from mentorkit.cohort.zygote import _ZYGOTES, close_zygotes

    if not Path("/proc/self/stat").exists():
        return []
    first, *tasks = _warm_tasks(sample, tmp / "by-process", report_notebook(), n + 1)
    try:
        run_participant(first)  # the zygote starts and preloads
        zygote = next(iter(_ZYGOTES.values())).pid
        time.sleep(1.0)  # the first kernel exits and is reaped
        own, kernels = _proc_cpu(zygote)
        faults = _children_faults(zygote)
        worker = time.process_time()
        for task in tasks:
            run_participant(task)
        worker = time.process_time() - worker
        time.sleep(2.0)  # the last kernel exits and is reaped
        own, kernels = (b - a for a, b in zip((own, kernels), _proc_cpu(zygote)))
        faults = _children_faults(zygote) - faults
    finally:
        close_zygotes()
    label = "CPU per mentee, one worker running {n} in a row: {what}"
    return [_part(label.format(n=n, what="all processes"), (worker + own + kernels) / n),
            _part(label.format(n=n, what="the worker (papermill, nbclient, the guard)"), worker / n),
            _part(label.format(n=n, what="the zygote (the fork)"), own / n),
            _part(label.format(n=n, what="the kernel (its start, the cells, its end)"), kernels / n),
            {"name": "  where a mentee's time goes: the kernel's page faults (pages copied from the zygote or "
                     "mapped afresh)", "measured": f"{faults / n:,.0f}", "values": {"faults": faults / n},
             "ratio": None, "goal": "", "met": None}]


PROBE = ("import resource as _usage\n_cpu = _usage.getrusage(_usage.RUSAGE_SELF)\n"
         "print('mentorkit-bench-cpu', _cpu.ru_utime + _cpu.ru_stime)")


def _kernel_cpu_by_cell(tmp: Path, sample: Path, n: int = 3) -> list[dict]:
    """The kernel's own CPU cell by cell, mean of `n` mentees: a probe cell after each code cell reads it (and adds
    its own few milliseconds of a cell's execution to the next cell's figure)."""
    import json

    import nbformat
    from nbformat.v4 import new_code_cell

    from mentorkit.cohort.runner import EXECUTED, report_notebook, run_participant
    from mentorkit.cohort.zygote import close_zygotes

    source = nbformat.read(report_notebook(), as_version=4)
    probed, names = [], []
    for cell in source.cells:
        probed.append(cell)
        if cell.cell_type == "code":
            probed.append(new_code_cell(PROBE))
            names.append(" ".join(cell.source.split())[:48])
    names[0] = "kernel start: fork to the first cell (the parameters cell included)"
    source.cells = probed
    notebook = tmp / "probed.ipynb"
    nbformat.write(source, notebook)
    totals: list[float] = []
    try:
        tasks = _warm_tasks(sample, tmp / "by-cell", notebook, n + 1)
        for task in tasks:
            run_participant(task)
            nb = json.loads((Path(task.out_dir) / EXECUTED).read_text(encoding="utf-8"))
            marks = [float("".join(o["text"]).split()[1]) for c in nb["cells"] for o in c.get("outputs", [])
                     if "mentorkit-bench-cpu" in "".join(o.get("text", ""))]
            parts = [marks[0]] + [b - a for a, b in zip(marks, marks[1:])]
            if task is not tasks[0] and len(parts) == len(names):  # the first kernel waited for the zygote
                totals = [a + b for a, b in zip(totals, parts)] if totals else parts
    finally:
        close_zygotes()
    if not totals:
        return []
    return [_part(f"kernel CPU, {names[0]}", totals[0] / n)] + [
        _part(f"kernel CPU, cell {name}", total / n)
        for name, total in zip(names[1:], totals[1:])]


def _time(stamp: str) -> float:
    return dt.datetime.fromisoformat(stamp).timestamp()


def _part(name: str, seconds: float, encode: float | None = None) -> dict:
    measured = f"{seconds * 1000:.0f} ms" if encode is None else f"{seconds * 1000:.0f} ms / {encode * 1000:.0f} ms"
    return {"name": f"  where a mentee's time goes: {name}", "measured": measured,
            "values": {"seconds": seconds, "encode_seconds": encode}, "ratio": None, "goal": "", "met": None}


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
        floor_rows, floor = report_against_floor(tmp, sample)
        cohort_rows, runs = cohort_runs(tmp, sample, floor["report_s"])
        breakdown = mentee_breakdown(tmp, sample, runs["out24"])
        summary_rows, _ = summary_scaling(tmp)
        results += floor_rows + cohort_rows + breakdown + summary_rows
    return results


if __name__ == "__main__":
    for row in run():
        print(row)
