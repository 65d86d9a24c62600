"""Every journey notebook in real JupyterLab, on the sample mentee, as a new mentee sees it.

Opened and run from the Run menu, each notebook shows its text, forms,
findings and tables: no code editor, no dialog asking for a kernel, no
traceback, no pop-up asking about Jupyter news. A picture of each one is saved
under build/screenshots/ for a reviewer to look at.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("playwright.sync_api", reason="playwright is not installed: pip install -e '.[test]'")

pytestmark = pytest.mark.browser

from .jlab import Notebook  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "build" / "screenshots"
JOURNEY = sorted(p.stem for p in (ROOT / "notebooks").glob("0*.ipynb"))


def test_the_whole_journey_is_checked():
    assert len(JOURNEY) == 7 and JOURNEY[0] == "00_start_here" and JOURNEY[-1] == "06_progress_charts"


@pytest.mark.parametrize("name", JOURNEY)
def test_a_notebook_reads_as_a_workbook_after_run_all(sample_lab, sample_page, name):
    notebook = Notebook(sample_page, sample_lab.url, name).open()
    assert notebook.code_editors_shown() == 0, "code shows on opening"
    notebook.run_all()  # fails on the first traceback
    assert notebook.code_editors_shown() == 0, "code shows after Run All"
    assert notebook.panel.locator(".jp-InputPlaceholder").count() > 0  # the code stays one click away
    assert notebook.prompts() == []  # no kernel to pick, no news question, no error
    if name not in ("00_start_here", "06_progress_charts"):
        assert notebook.panel.locator(".mk-form").count() > 0  # the forms are there
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    notebook.screenshot(SCREENSHOTS / f"{name}.png")
    assert sample_page.outside == []
