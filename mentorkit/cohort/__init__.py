"""The facilitator's side: a roster of mentees run and summarised as a cohort, metrics only.

- `run`: `run_cohort` and `summarise_cohort`, what ``mentorkit cohort run|summary`` call;
- `roster`: the roster CSV, checked whole before anything runs;
- `runner`, `zygote`, `kernels`, `warm`: one participant's report notebook under papermill,
  each in a kernel of its own, forked from the run's pre-warmed zygote (the
  ``mentorkit-warm`` engine);
- `status`: `ParticipantStatus`, the typed record behind each participant's status.json;
- `summary`: the summary table, read from the workbooks in one pass;
- `privacy`: the guard that keeps a mentee's words out of every output;
- `charts`, `page`: the cohort summary notebook's charts and tables;
- `collect`: metrics-only shares gathered into a roster; `demo`: the sample cohort.

Nothing of the mentee's side imports this package. Its public names are loaded on first
use, so that the zygote and papermill's engine lookup, which import `kernels` and `warm`,
stay light.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .roster import RosterError
    from .run import (
        SUMMARY_CSV,
        SUMMARY_HTML,
        SUMMARY_NOTEBOOK,
        CohortError,
        CohortResult,
        SummaryResult,
        load_cohort,
        run_cohort,
        summarise_cohort,
    )
    from .status import ParticipantStatus

_PUBLIC = {"RosterError": "roster", "SUMMARY_CSV": "run", "SUMMARY_HTML": "run", "SUMMARY_NOTEBOOK": "run",
           "CohortError": "run", "CohortResult": "run", "SummaryResult": "run", "load_cohort": "run",
           "run_cohort": "run", "summarise_cohort": "run", "ParticipantStatus": "status"}
__all__ = ["SUMMARY_CSV", "SUMMARY_HTML", "SUMMARY_NOTEBOOK", "CohortError", "CohortResult", "ParticipantStatus",
           "RosterError", "SummaryResult", "load_cohort", "run_cohort", "summarise_cohort"]  # = sorted(_PUBLIC)


def __getattr__(name: str) -> Any:
    """`mentorkit.cohort.run_cohort` and the rest of `__all__`, imported from their module on first use."""
    if name in _PUBLIC:
        return getattr(importlib.import_module(f".{_PUBLIC[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
