"""Notebook 06's last section: the mentee sees what a share would withhold and what a facilitator would see."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mentorkit.sample import DEMO_AS_OF
from mentorkit.share import share_workbook

pytestmark = pytest.mark.slow
NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
NAME = "06_progress_charts"
AS_OF = DEMO_AS_OF.isoformat()


def test_the_section_is_last_and_its_code_is_hidden():
    cells = json.loads((NOTEBOOKS / f"{NAME}.ipynb").read_text(encoding="utf-8"))["cells"]
    markdown, code = cells[-2], cells[-1]
    assert markdown["cell_type"] == "markdown" and "What a facilitator would see" in "".join(markdown["source"])
    assert code["metadata"]["jupyter"]["source_hidden"] is True
    assert "preview(" in "".join(code["source"]) and code["outputs"] == []


def test_the_preview_counts_the_mentees_words_without_showing_them(run_notebook, demo_workbook, nb_text):
    from mentorkit.cohort.privacy import private_fragments

    nb = run_notebook(NAME, workbook=demo_workbook.path, interactive=False, as_of=AS_OF)
    last = nb["cells"][-1]["outputs"]
    assert last and not any(o["output_type"] == "error" for o in last)
    shown = nb_text({"cells": [nb["cells"][-1]]})
    assert "Withheld" in shown and "meetings.notes" in shown and "gap_ratio" in shown
    leaked = [frag for frag in private_fragments(demo_workbook.path).by_text if frag in shown]
    assert leaked == []


def test_on_a_share_in_cohort_mode_nothing_is_left_to_withhold(run_notebook, demo_workbook, tmp_path, nb_text):
    share = share_workbook(demo_workbook.path, tmp_path / "share").path
    nb = run_notebook(NAME, workbook=share, interactive=False, as_of=AS_OF, metrics_only=True,
                      charts_dir=tmp_path / "charts")
    text = nb_text(nb)
    assert "10 of 13 due actions kept (77%)" in text  # the same number as on the original (test_progress_notebook)
    assert "nothing: no private text in this workbook" in nb_text({"cells": [nb["cells"][-1]]})
