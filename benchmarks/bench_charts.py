"""Progress benchmarks: what a cohort run pays per participant for the charts, and the analysis on a big workbook.

Goals: all six charts of the sample mentee drawn and written as PNG in at most
2 s (median; a cohort runs notebook 06 once per participant); the PDF report
in at most 3 s; `follow_through` and `tscore_history` over a workbook with
1,000 actions and 500 level updates in at most 250 ms each.
"""

from __future__ import annotations

import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

REPEATS = 3
CHARTS_GOAL_S = 2.0
REPORT_GOAL_S = 3.0
ANALYSIS_GOAL_MS = 250.0


def _median(fn, repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def charts_and_report() -> list[dict]:
    from mentorkit.charts import export_all
    from mentorkit.report import write_report
    from mentorkit.sample import DEMO_AS_OF, build_demo

    with tempfile.TemporaryDirectory() as tmp:
        wb = build_demo(Path(tmp) / "wb")
        export_all(wb, Path(tmp) / "warm", "png", as_of=DEMO_AS_OF)  # imports and font cache, not measured
        charts_s = _median(lambda: export_all(wb, Path(tmp) / "charts", "png", as_of=DEMO_AS_OF))
        report_s = _median(lambda: write_report(wb, Path(tmp) / "report.pdf", as_of=DEMO_AS_OF))
    return [
        {"name": "six charts of the sample, drawn and written as PNG", "measured": f"median {charts_s:.2f} s",
         "ratio": charts_s / CHARTS_GOAL_S, "goal": f"<= {CHARTS_GOAL_S:g} s", "met": charts_s <= CHARTS_GOAL_S},
        {"name": "progress report of the sample (PDF, 8 pages)", "measured": f"median {report_s:.2f} s",
         "ratio": report_s / REPORT_GOAL_S, "goal": f"<= {REPORT_GOAL_S:g} s", "met": report_s <= REPORT_GOAL_S},
    ]


def analysis_on_a_big_workbook() -> list[dict]:
    import pandas as pd

    from mentorkit.progress import follow_through, tscore_history

    start = dt.date(2024, 1, 1)
    statuses = ["done", "open", "dropped", "renegotiated"]
    actions = pd.DataFrame([{
        "id": n, "status": statuses[n % 4], "due": pd.Timestamp(start + dt.timedelta(days=n)),
        "done_on": pd.Timestamp(start + dt.timedelta(days=n + (n % 3) - 1)) if n % 4 == 0 else pd.NaT,
        "renegotiated_on": pd.Timestamp(start + dt.timedelta(days=n - 2)) if n % 4 == 3 else pd.NaT,
        "renegotiated_due": pd.Timestamp(start + dt.timedelta(days=n + 20)) if n % 4 == 3 else pd.NaT,
    } for n in range(1, 1001)])
    goals = pd.DataFrame([{"id": g, "weight": 1.0 + g % 3, "baseline_level": -1, "created_on": pd.Timestamp(start),
                           "active": True} for g in range(1, 11)])
    levels = pd.DataFrame([{"id": n, "goal_id": 1 + n % 10, "date": pd.Timestamp(start + dt.timedelta(days=n)),
                            "level": (n % 5) - 2} for n in range(1, 501)])
    as_of = start + dt.timedelta(days=800)
    ft_ms = _median(lambda: follow_through(actions, as_of)) * 1000
    gas_ms = _median(lambda: tscore_history(goals, levels)) * 1000
    return [
        {"name": "follow_through over 1,000 actions", "measured": f"median {ft_ms:.0f} ms",
         "ratio": ft_ms / ANALYSIS_GOAL_MS, "goal": f"<= {ANALYSIS_GOAL_MS:g} ms", "met": ft_ms <= ANALYSIS_GOAL_MS},
        {"name": "tscore_history over 10 goals, 500 level updates", "measured": f"median {gas_ms:.0f} ms",
         "ratio": gas_ms / ANALYSIS_GOAL_MS, "goal": f"<= {ANALYSIS_GOAL_MS:g} ms", "met": gas_ms <= ANALYSIS_GOAL_MS},
    ]


def run() -> list[dict]:
    return charts_and_report() + analysis_on_a_big_workbook()


if __name__ == "__main__":
    for result in run():
        print(result)
