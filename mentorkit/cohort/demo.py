"""`mentorkit demo --cohort`: a facilitator's whole job on the shipped sample cohort, in one command.

Builds the sample cohort's workbooks and a roster for them
(`mentorkit.sample.build_cohort`), runs `cohort run` on that roster as of the
sample's own date, and says where the summary, the summary page and the
per-participant reports are. The same command works from a checkout and from
an installed wheel: the sample comes from the package (`mentorkit.resources`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from ..sample import DEMO_AS_OF, build_cohort
from .run import SUMMARY_CSV, SUMMARY_HTML, run_cohort

if TYPE_CHECKING:
    from .run import CohortResult, Progress

Echo = Callable[[str], Any]
COHORT_FOLDER = "cohort"  # under the demo's --out
WORKBOOKS = "workbooks"  # the sample participants' workbooks and roster.csv
REPORT = "report"  # what `cohort run` writes


def cohort_paths(out: Path) -> tuple[Path, Path]:
    """(the workbooks' folder, the report folder) of the cohort demo under `out`."""
    base = Path(out) / COHORT_FOLDER
    return base / WORKBOOKS, base / REPORT


def run_cohort_demo(out: Path, echo: Echo = print, *, jobs: int | None = None, warn: Echo | None = None,
                    progress: "Progress | None" = None) -> "CohortResult":
    """Build the sample cohort under `out/cohort/workbooks`, run it into `out/cohort/report`, say where things are.

    Every participant runs again each time (the workbooks are rebuilt fresh), as of
    `DEMO_AS_OF`. Returns the run's result; its `failed` is empty when all went well.
    Failures go to `warn` (default: `echo`); `progress` makes the bar, as for `run_cohort`.
    """
    workbooks, report = cohort_paths(out)
    roster = build_cohort(workbooks)
    echo(f"Built the sample cohort's workbooks and their roster: {roster}")
    result = run_cohort(roster, report, jobs=jobs, as_of=DEMO_AS_OF, force=True, echo=echo, warn=warn or echo,
                        progress=progress)
    at_risk = result.summary.at_risk if result.summary is not None else []
    echo("")
    echo(f"Pairs at risk as of {DEMO_AS_OF}: {', '.join(at_risk) if at_risk else 'none'}")
    for line in where_lines(roster, report, has_html=result.html is not None):
        echo(line)
    return result


def where_lines(roster: Path, report: Path, *, has_html: bool = True) -> list[str]:
    """Where the cohort demo's inputs and outputs are, and the command to run a cohort of your own."""
    rows = [
        ("roster", roster),
        ("workbooks", roster.parent / "<participant_id>"),
        ("summary.csv", report / SUMMARY_CSV),
        *([("summary page", report / SUMMARY_HTML)] if has_html else []),
        ("reports", report / "<participant_id>" / "report.ipynb"),
        ("  charts, status", report / "<participant_id>" / "charts, status.json"),
    ]
    width = max(len(label) for label, _ in rows)
    return ["", "Outputs:", *(f"  {label:<{width}}  {path}" for label, path in rows), "",
            "The same for your own mentees: write a roster (participant_id,workbook) and run",
            "  mentorkit cohort run ROSTER --out DIR"]
