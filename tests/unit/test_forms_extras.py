"""The workbook picker, the question picker and the read-only views, driven headlessly."""

from __future__ import annotations

import pytest

pytest.importorskip("ipywidgets")

from mentorkit import Finding, Workbook
from mentorkit.forms import QuestionPicker, WorkbookPicker, findings_view, frame_view, message
from mentorkit.interviews import QUESTION_BANK, question_bank


def test_picker_creates_a_new_workbook_and_then_opens_it(tmp_path):
    opened = []
    picker = WorkbookPicker(on_open=lambda wb: (opened.append(wb.mentee_name), "<b>hello</b>")[1])
    picker.path.value = str(tmp_path / "mine")
    picker.button.click()
    assert "give your name" in picker.status.value and "mk-status-error" in picker.status._dom_classes
    assert not (tmp_path / "mine").exists()
    picker.name.value = "Noor Haddad"
    picker.button.click()
    assert picker.workbook is not None and picker.workbook.mentee_name == "Noor Haddad"
    assert picker.panel.value == "<b>hello</b>"
    again = WorkbookPicker(path=str(tmp_path / "mine"))
    again.button.click()
    assert again.workbook.mentee_name == "Noor Haddad" and "mk-status-ok" in again.status._dom_classes
    assert opened == ["Noor Haddad"]


def test_picker_refuses_a_folder_that_is_not_a_workbook(tmp_path):
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("mine")
    picker = WorkbookPicker(path=str(tmp_path / "busy"), name="Noor")
    picker.button.click()
    assert picker.workbook is None and "refusing" in picker.status.value
    assert (tmp_path / "busy" / "notes.txt").read_text() == "mine"


def test_picker_shows_a_failing_panel_instead_of_losing_it(tmp_path):
    Workbook.create(tmp_path / "wb", "Noor")
    picker = WorkbookPicker(path=str(tmp_path / "wb"), on_open=lambda wb: 1 / 0)
    picker.button.click()
    assert "ZeroDivisionError" in picker.status.value and "Traceback" in picker.panel.value


def test_question_picker_fills_the_target():
    import ipywidgets as w

    target = w.Textarea()
    picker = QuestionPicker(question_bank(), target=target)
    picker.button.click()
    assert target.value == "" and "Pick a few" in picker.status.value
    picker.choices.value = (QUESTION_BANK[0].text, QUESTION_BANK[4].text)
    picker.own.value = "How did you find your mentor?\n\n"
    picker.button.click()
    assert target.value.splitlines() == [QUESTION_BANK[0].text, QUESTION_BANK[4].text, "How did you find your mentor?"]
    assert "3 question(s)" in picker.status.value


def test_views_escape_and_have_plain_text():
    import pandas as pd

    shown = findings_view([Finding("G2.3", "error", "<b>boss</b>")])
    assert "&lt;b&gt;boss" in shown._repr_html_() and "[error] G2.3: <b>boss</b>" in repr(shown)
    assert "all clear" in repr(findings_view([], "all clear"))
    frame = pd.DataFrame({"when": pd.to_datetime(["2025-01-02"]), "ok": [True], "who": ["<i>x</i>"]})
    view = frame_view(frame, columns={"when": "date", "ok": "ok", "who": "who"})
    assert "2025-01-02" in view.html and "yes" in view.html and "&lt;i&gt;" in view.html
    assert "00:00" not in view.text
    assert repr(frame_view(pd.DataFrame(), "nothing yet")) == "nothing yet"
    assert "<script>" not in message("<script>").html
