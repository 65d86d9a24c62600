"""The workbook picker, the question picker and the read-only views, driven headlessly."""

from __future__ import annotations

import pytest

pytest.importorskip("ipywidgets")

from mentorkit import Finding, Workbook
from mentorkit.forms import QuestionPicker, WorkbookPicker, bullets, draft_view, findings_view, frame_view, message
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
    assert "00:00" not in view.text and "text-align: left" in view.html  # read left to right
    assert repr(frame_view(pd.DataFrame(), "nothing yet")) == "nothing yet"
    assert "<script>" not in message("<script>").html
    draft = draft_view("To <b>Ann</b>", "Dear Ann,\n<script>x</script>\n")
    assert "&lt;b&gt;Ann" in draft.html and "<script>" not in draft.html and "pre-wrap" in draft.html
    assert repr(draft) == "=== To <b>Ann</b> ===\nDear Ann,\n<script>x</script>\n"
    listed = bullets(["<i>one</i>", "two"], "Points:")
    assert listed.html.count("<li>") == 2 and "&lt;i&gt;" in listed.html
    assert repr(listed) == "Points:\n- <i>one</i>\n- two"


def test_follow_up_tracker_marks_done_and_the_start_page_forgets_it(demo_workbook):
    import datetime as dt

    from mentorkit.forms import FollowUpTracker
    from mentorkit.journey import journey

    as_of = dt.date(2026, 3, 1)  # Ana's follow-up (due 14 Feb) is open on this date in the sample's history
    wb = demo_workbook
    talk = next(t for t in wb.records("interviews") if t.person == "Ana Ferreira")
    wb.update(talk.model_copy(update={"followed_up_on": None}))
    assert any("Ana Ferreira" in str(f) for f in journey(wb, as_of).attention)
    changed = []
    tracker = FollowUpTracker(wb, as_of, on_change=lambda: changed.append(1))
    assert [label.split(" (")[0] for label, _ in tracker.talk.options][0] == "Ana Ferreira"
    tracker.talk.value = talk.id
    tracker.when.value = dt.date(2026, 2, 20)
    tracker.button.click()
    assert "Done" in tracker.status.value and changed == [1]
    assert wb.get("interviews", talk.id).followed_up_on == dt.date(2026, 2, 20)
    assert "Ana Ferreira" not in [label.split(" (")[0] for label, _ in tracker.talk.options]
    assert not any("Ana Ferreira" in str(f) for f in journey(wb, as_of).attention)


def test_follow_up_tracker_reports_a_date_before_the_talk(demo_workbook):
    import datetime as dt

    from mentorkit.forms import FollowUpTracker

    tracker = FollowUpTracker(demo_workbook, dt.date(2026, 1, 30))
    tracker.talk.value = tracker.talk.options[0][1]
    tracker.when.value = dt.date(2020, 1, 1)
    tracker.button.click()
    assert "before the talk" in tracker.status.value


def test_closing_form_records_the_ending(demo_workbook):
    import datetime as dt

    from mentorkit.forms import ClosingForm

    form = ClosingForm(demo_workbook, dt.date(2027, 2, 16))
    form.ending.value = "term_completed"
    form.notes.value = "Thanked Helen; we will have coffee in spring."
    form.button.click()
    assert "Recorded" in form.status.value
    saved = demo_workbook.agreement
    assert (saved.ended_on, saved.ending, saved.closing_notes) == (
        dt.date(2027, 2, 16), "term_completed", "Thanked Helen; we will have coffee in spring.")
    form.when.value = dt.date(2020, 1, 1)
    form.button.click()
    assert "ended_on" in form.status.value and demo_workbook.agreement.ended_on == dt.date(2027, 2, 16)


def test_in_person_points_cover_the_five_points_and_sleeping_on_it(demo_workbook):
    import datetime as dt

    from mentorkit.drafting import in_person_points

    helen = next(c.id for c in demo_workbook.records("candidates") if c.name == "Helen Strand")
    points = " ".join(in_person_points(demo_workbook, dt.date(2026, 1, 25), candidate_id=helen))
    for gid in ("G4.1", "G4.2", "G4.3", "G4.4", "G4.5", "G4.7"):
        assert gid in points
    assert "sleep on it" in points and "Helen" in points
