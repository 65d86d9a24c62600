"""What every notebook does first: find its workbook and its 'today'.

A notebook's parameters are literals (papermill does not recompute derived
values): ``workbook = ""`` and ``as_of = ""``. An empty workbook means the
one named by the ``MENTORKIT_WORKBOOK`` environment variable (``mentorkit
lab`` and ``mentorkit app`` set it to the mentee's own), or else the shipped
sample mentee, built on first use. An empty ``as_of`` means today.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from .dates import as_of_date
from .resources import cache_dir, checkout_root
from .sample import build_demo
from .store import DB_NAME, Workbook

ENV_WORKBOOK = "MENTORKIT_WORKBOOK"
ENV_NAME = "MENTORKIT_NAME"


def sample_workbook_path() -> Path:
    """Where the sample mentee's workbook is built on first use.

    `build/sample/workbook` in a source checkout; otherwise
    `sample/workbook` in mentorkit's cache folder (`~/.cache/mentorkit`).
    """
    root = checkout_root()
    if root is not None:
        return root / "build" / "sample" / "workbook"
    return cache_dir() / "sample" / "workbook"


def open_workbook(workbook: str | os.PathLike = "", *, create_name: str | None = None) -> Workbook:
    """Open the notebook's workbook (see the module docstring for how an empty path is read).

    A path that does not exist yet is created when `create_name` (or the
    MENTORKIT_NAME variable) gives the mentee's name.
    """
    target = str(workbook).strip() or os.environ.get(ENV_WORKBOOK, "").strip()
    if not target:
        path = sample_workbook_path()
        if not (path / DB_NAME).exists():

            return build_demo(path)
        return Workbook.open(path)
    path = Path(target).expanduser()
    name = create_name or os.environ.get(ENV_NAME, "").strip()
    if not (path / DB_NAME).exists() and name and (not path.exists() or not any(path.iterdir())):
        return Workbook.create(path, name)
    return Workbook.open(path)


def start(
    workbook: str | os.PathLike = "", as_of: str | dt.date | None = "", *, create_name: str | None = None,
    anonymous: bool = False,
) -> tuple[Workbook, dt.date]:
    """A notebook's first call: open its workbook, fix its 'today' and say which workbook it is.

    Prints one line, "Maya's workbook, as of 2026-11-15" ("This workbook, ..."
    when `anonymous`, for runs that must not show the mentee's name).
    """
    wb = open_workbook(workbook, create_name=create_name or None)
    today = as_of_date(as_of)
    owner = "This workbook" if anonymous else f"{wb.mentee_name}'s workbook"
    print(f"{owner}, as of {today.isoformat()}")
    return wb, today
