"""Notebook 06 runs unattended under papermill: on the sample, on a new workbook, in cohort mode, interactively.

Expected numbers are worked out by hand from the sample's CSV files (data/demo), not copied from an output.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from mentorkit.charts import CHARTS
from mentorkit.sample import DEMO_AS_OF

pytestmark = pytest.mark.slow
NAME = "06_progress_charts"
AS_OF = DEMO_AS_OF.isoformat()


def _outputs(nb, kind: str | None = None) -> list[dict]:
    return [o for c in nb["cells"] for o in c.get("outputs", []) if kind is None or o["output_type"] == kind]


def _images(nb) -> int:
    return sum("image/png" in o.get("data", {}) for o in _outputs(nb))


def test_sample(run_notebook, demo_workbook, nb_text):
    nb = run_notebook(NAME, workbook=demo_workbook.path, interactive=False, as_of=AS_OF)
    text = nb_text(nb)
    assert not _outputs(nb, "error")
    assert "Maya Lindqvist's workbook, as of 2026-11-15" in text
    # Meetings (meetings.csv): 12 Jun -> 21 Aug is the only gap over 45 days.
    assert "A gap of 70 days, from 12 Jun 2026 to 21 Aug 2026" in text
    # GAS (goals.csv, goal_levels.csv): latest levels +1, +1, 0, 0 with weights 3, 2, 1, 1:
    # 50 + 10 * 5 / sqrt(0.7 * 15 + 0.3 * 49) = 59.96
    expected = 50 + 10 * 5 / math.sqrt(0.7 * 15 + 0.3 * 49)
    assert f"T-score {expected:.1f} now" in text
    # Actions (actions.csv): 13 due (12 and 15 not due yet; 7 renegotiated in time and done by its new date);
    # 5 done three days late, 9 dropped, 14 open past 6 Nov: 10 kept.
    assert "10 of 13 due actions kept (77%)" in text
    assert "Send the meetup slides to Helen" in text  # the mentee sees their own actions
    assert "Recommendation: continue (G6.1, G6.2)" in text
    assert _images(nb) == len(CHARTS)
    assert "Nothing exported" in text


def test_new_workbook_with_export(run_notebook, new_workbook, nb_text):
    nb = run_notebook(NAME, workbook=new_workbook.path, interactive=False, as_of=AS_OF, export=True)
    text = nb_text(nb)
    assert not _outputs(nb, "error")
    assert "No meetings logged yet" in text
    assert "No scaled goals yet" in text
    assert "no action is due yet" in text
    assert "No check-ins yet" in text
    assert _images(nb) == len(CHARTS)
    exports = new_workbook.exports_dir
    charts = sorted(p.name for p in (exports / "charts").iterdir())
    assert charts == sorted(f"{c}.{fmt}" for c in CHARTS for fmt in ("png", "svg", "pdf"))
    assert {p.name for p in exports.iterdir()} == {"charts", "progress_report.pdf", "progress_report.html",
                                                    "mentoring.ics"}
    assert f"Wrote {3 * len(CHARTS) + 3} files." in text


def test_cohort_mode_writes_charts_and_no_private_text(run_notebook, demo_workbook, tmp_path, nb_text):
    from mentorkit.cohort.privacy import private_fragments

    charts_dir = tmp_path / "P01" / "charts"
    nb = run_notebook(NAME, workbook=demo_workbook.path, interactive=False, as_of=AS_OF,
                      charts_dir=charts_dir, metrics_only=True)
    assert sorted(p.name for p in charts_dir.iterdir()) == sorted(f"{c}.png" for c in CHARTS)
    text = nb_text(nb)
    assert "10 of 13 due actions kept (77%)" in text  # the metrics are all there
    leaked = [frag for frag in private_fragments(demo_workbook.path).by_text if frag in text]
    assert leaked == []
    assert "Maya" not in text and "Helen" not in text


def test_interactive_shows_the_export_panel(run_notebook, new_workbook):
    nb = run_notebook(NAME, workbook=new_workbook.path, interactive=True, as_of=AS_OF)
    assert not _outputs(nb, "error")
    widgets = [o for o in _outputs(nb) if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert len(widgets) == 1


def test_demo_runs_the_notebooks_and_exports(tmp_path):
    """`mentorkit demo`, with the journey cut to notebook 06 to keep the test short."""
    from mentorkit import demo

    names = [p.name for p in demo.journey_notebooks()]
    assert names == sorted(names) and names[-1] == f"{NAME}.ipynb" and names[0].startswith("00_")
    only = [p for p in demo.journey_notebooks() if p.name.startswith("06_")]
    lines: list[str] = []
    demo.run_demo(tmp_path / "demo", echo=lines.append, notebooks=only)
    out = tmp_path / "demo"
    assert (out / "notebooks" / f"{NAME}.ipynb").is_file()
    assert f"  ran {NAME}.ipynb" in lines
    for name in ("progress_report.pdf", "progress_report.html", "mentoring.ics"):
        assert (out / name).is_file()
        assert any(line.strip().endswith(str(out / name)) for line in lines)
    assert sorted(p.name for p in (out / "charts").glob("*.png")) == sorted(f"{c}.png" for c in CHARTS)
    assert (out / "progress_report.html").read_text(encoding="utf-8").count("<svg") == len(CHARTS)
