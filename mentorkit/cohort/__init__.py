"""The facilitator's side: a roster of mentees run and summarised as a cohort, metrics only.

- `run`: `run_cohort` and `summarise_cohort`, what ``mentorkit cohort run|summary`` call;
- `roster`: the roster CSV, checked whole before anything runs;
- `runner`, `engines`, `kernels`: one participant's report notebook under papermill, each in
  a kernel of its own (freshly launched, or forked from a pre-warmed zygote);
- `status`: `ParticipantStatus`, the typed record behind each participant's status.json;
- `summary`: the summary table, read from the workbooks in one pass;
- `privacy`: the guard that keeps a mentee's words out of every output;
- `charts`, `page`: the cohort summary notebook's charts and tables;
- `collect`: metrics-only shares gathered into a roster; `demo`: the sample cohort.

Nothing of the mentee's side imports this package.
"""

from __future__ import annotations

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

__all__ = ["SUMMARY_CSV", "SUMMARY_HTML", "SUMMARY_NOTEBOOK", "CohortError", "CohortResult", "ParticipantStatus",
           "RosterError", "SummaryResult", "load_cohort", "run_cohort", "summarise_cohort"]
