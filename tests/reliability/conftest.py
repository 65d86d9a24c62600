"""Shared pieces of the reliability suite: the figures it measures, written at session end.

Every test here records what it actually put the workbook through (records
written at once, kills survived, hostile inputs tried, records lost) into the
session-wide `figures`. At the end of the session they are written to
``build/reliability-figures.json``; ``scripts/guarantees_table.py`` turns that
file into the table of README's "What mentorkit guarantees".
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import sqlite3
import time
from collections import Counter
from typing import Any

import pytest

from .helpers import ROOT

FIGURES_PATH = ROOT / "build" / "reliability-figures.json"

_outcomes: Counter = Counter()


class Figures:
    """Measured figures, by section and name; numbers add up across tests, other values are set."""

    def __init__(self) -> None:
        self.data: dict[str, dict[str, Any]] = {}

    def add(self, section: str, name: str, amount: int = 1) -> None:
        bucket = self.data.setdefault(section, {})
        bucket[name] = bucket.get(name, 0) + amount

    def set(self, section: str, name: str, value: Any) -> None:
        self.data.setdefault(section, {})[name] = value

    def get(self, section: str, name: str, default: Any = 0) -> Any:
        return self.data.get(section, {}).get(name, default)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Count outcomes, so the figures say whether the run that measured them passed."""
    if report.when == "call" or report.outcome != "passed":
        _outcomes[report.outcome] += 1


@pytest.fixture(scope="session", autouse=True)
def figures() -> Figures:
    """The session's figures; written to build/reliability-figures.json when the session ends."""
    from mentorkit import __version__

    started = time.monotonic()
    measured = Figures()
    yield measured
    payload = {
        "generated_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "mentorkit": __version__,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "platform": f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores",
        "duration_s": round(time.monotonic() - started, 1),
        "tests": dict(_outcomes),
        **measured.data,
    }
    FIGURES_PATH.parent.mkdir(parents=True, exist_ok=True)
    tmp = FIGURES_PATH.with_name(FIGURES_PATH.name + ".tmp")
    tmp.write_text(json.dumps(payload, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, FIGURES_PATH)
