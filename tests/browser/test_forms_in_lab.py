"""A mentorkit form in real JupyterLab: every kind of input typed into, saved, refreshed, refused.

This checks the form machinery itself (`mentorkit.forms`) in the browser, on a
small notebook the test writes next to the journey's, so that a widget that
does not sync or a status that does not show is caught apart from any notebook.
"""

from __future__ import annotations

import datetime as dt

import nbformat
import pytest

pytest.importorskip("playwright.sync_api", reason="playwright is not installed: pip install -e '.[test]'")

pytestmark = pytest.mark.browser

from mentorkit import Workbook  # noqa: E402

from .jlab import Notebook  # noqa: E402

SOURCE = """\
from mentorkit.session import open_workbook
from mentorkit.forms import RecordForm
from mentorkit.model import Meeting
wb = open_workbook("{workbook}", create_name="Form Tester")
form = RecordForm(wb, Meeting, fields=["date", "duration_min", "mode", "objectives"])
form.live(lambda wb: f"<p class='meeting-count'>{{len(wb.records('meetings'))}} meeting(s) so far</p>")
form
"""


def _write_notebook(folder, workbook) -> str:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(SOURCE.format(workbook=workbook))]
    nbformat.write(nb, folder / "form_check.ipynb")
    return "form_check"


def test_a_form_saves_what_is_typed_and_refuses_a_bad_entry(lab, lab_page, tmp_path):
    workbook = tmp_path / "form-check"
    notebook = Notebook(lab_page, lab.url, _write_notebook(lab.root, workbook)).open()
    notebook.run_all()
    form = notebook.form("meetings")
    assert "0 meeting(s) so far" in form.live_text()

    # A bad entry: zero minutes. Its message shows under the field, and nothing is saved.
    form.pick_date("date", dt.date(2024, 5, 2))
    form.type_number("duration_min", 0)
    form.choose("mode", "video")
    form.save("Not saved")
    assert "greater than 0" in form.error("duration_min").inner_text()
    assert Workbook.open(workbook).records("meetings") == []

    form.type_number("duration_min", 45)
    form.type_text("objectives", "Agree how we plan the next quarter")
    form.save("Saved meeting")
    meetings = Workbook.open(workbook).records("meetings")
    assert [(m.date, m.duration_min, m.mode, m.objectives) for m in meetings] == [
        (dt.date(2024, 5, 2), 45, "video", "Agree how we plan the next quarter")
    ]
    assert "1 meeting(s) so far" in form.live_text()
    assert "2024-05-02" in form.table_text()
    assert form.error("duration_min").is_hidden()
    assert lab_page.outside == []
