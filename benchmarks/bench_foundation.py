"""Foundation benchmarks: the cost of `import mentorkit` against `import pandas`, and of saving one record.

Goals (issue 2): importing mentorkit takes at most 1.15 times as long as
importing pandas; saving one record takes at most 20 ms (median).
"""

from __future__ import annotations

import datetime as dt
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

IMPORT_REPEATS = 7
SAVES = 200
IMPORT_GOAL = 1.15
SAVE_GOAL_MS = 20.0
_TIMER = "import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"


def import_seconds(module: str) -> float:
    """Seconds to import `module` in a fresh interpreter (start-up itself not counted)."""
    out = subprocess.run([sys.executable, "-c", _TIMER.format(module=module)], capture_output=True, text=True,
                         check=True)
    return float(out.stdout.strip().splitlines()[-1])


def import_ratio(repeats: int = IMPORT_REPEATS) -> dict:
    """Median import times, measured alternately in fresh subprocesses, and their ratio."""
    ours, theirs = [], []
    import_seconds("mentorkit")  # warm the file cache for both, so neither pays for a cold disk
    import_seconds("pandas")
    for _ in range(repeats):
        ours.append(import_seconds("mentorkit"))
        theirs.append(import_seconds("pandas"))
    mk, pd = statistics.median(ours), statistics.median(theirs)
    ratio = mk / pd
    return {"name": "import mentorkit vs import pandas",
            "measured": f"{mk * 1000:.0f} ms vs {pd * 1000:.0f} ms (median of {repeats})",
            "ratio": ratio, "goal": f"ratio <= {IMPORT_GOAL}", "met": ratio <= IMPORT_GOAL,
            "mentorkit_s": mk, "pandas_s": pd}


def save_time(saves: int = SAVES) -> dict:
    """Median time of `Workbook.add` of one Meeting, each its own transaction, in a fresh workbook."""
    from mentorkit import Meeting, Workbook

    with tempfile.TemporaryDirectory() as tmp:
        wb = Workbook.create(Path(tmp) / "bench", "Benchmark")
        times = []
        for n in range(saves):
            record = Meeting(date=dt.date(2026, 1, 1) + dt.timedelta(days=n), duration_min=45, mode="video",
                             notes="Talked about delegation and the budget cycle.")
            started = time.perf_counter()
            wb.add(record)
            times.append(time.perf_counter() - started)
        assert wb.count("meetings") == saves
    median_ms = statistics.median(times) * 1000
    p90_ms = statistics.quantiles(times, n=10)[-1] * 1000
    return {"name": "save one record (Workbook.add of a Meeting)",
            "measured": f"median {median_ms:.2f} ms, p90 {p90_ms:.2f} ms over {saves} saves",
            "ratio": median_ms / SAVE_GOAL_MS, "goal": f"median <= {SAVE_GOAL_MS:g} ms",
            "met": median_ms <= SAVE_GOAL_MS, "median_ms": median_ms}


def run() -> list[dict]:
    return [import_ratio(), save_time()]


if __name__ == "__main__":
    for result in run():
        print(result)
