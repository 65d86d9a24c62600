"""Forms on one workbook keep each other current, and empty choices show their label (found in the browser)."""

from __future__ import annotations

import datetime as dt

import pytest

pytest.importorskip("ipywidgets")

from mentorkit.forms import ProfileForm, RecordForm  # noqa: E402
from mentorkit.model import ActionItem, Meeting  # noqa: E402


def _log_meeting(form: RecordForm, day: dt.date) -> None:
    form.inputs["date"].value = day
    form.inputs["duration_min"].value = 40
    form.inputs["mode"].value = "video"
    form.save_button.click()
    assert "Saved meeting" in form.status.value, form.status.value


def test_a_meeting_saved_in_one_form_is_offered_at_once_by_the_action_form(new_workbook):
    meetings = RecordForm(new_workbook, Meeting)
    actions = RecordForm(new_workbook, ActionItem, fields=["description", "meeting_id", "due"])
    counts = actions.live(lambda wb: f"{len(wb.records('meetings'))} meeting(s)")
    assert counts.value == "0 meeting(s)"
    actions.inputs["description"].value = "typed before the meeting was saved"

    _log_meeting(meetings, dt.date(2024, 3, 1))

    offered = [label for label, _ in actions.inputs["meeting_id"].options]
    assert offered[-1] == "#1 · 2024-03-01"
    assert counts.value == "1 meeting(s)"
    assert actions.inputs["description"].value == "typed before the meeting was saved"  # nothing typed is lost
    actions.inputs["meeting_id"].value = 1
    actions.save_button.click()
    assert [a.meeting_id for a in new_workbook.records("actions")] == [1]


def test_a_form_on_another_workbook_is_left_alone(new_workbook, demo_workbook):
    meetings = RecordForm(new_workbook, Meeting)
    elsewhere = RecordForm(demo_workbook, ActionItem, fields=["description", "meeting_id"])
    before = list(elsewhere.inputs["meeting_id"].options)
    _log_meeting(meetings, dt.date(2024, 3, 1))
    assert list(elsewhere.inputs["meeting_id"].options) == before


def test_empty_choices_show_their_label_rather_than_a_blank_box(new_workbook):
    meetings = RecordForm(new_workbook, Meeting)
    actions = RecordForm(new_workbook, ActionItem, fields=["description", "meeting_id"])
    # The row picker starts on "(new meeting)", and the optional reference on "—".
    assert meetings.selector.label == "(new meeting)"
    assert actions.inputs["meeting_id"].label == "—"
    _log_meeting(meetings, dt.date(2024, 3, 1))
    assert meetings.selector.label == "(new meeting)"  # back to a new entry after Save
    meetings.select(1)
    assert meetings.selector.label.startswith("#1")
    meetings.clear_button.click()
    assert (meetings.selector.label, meetings.selector.value) == ("(new meeting)", None)
    assert ProfileForm(new_workbook) is not None  # a profile form among them does not break the refresh
    _log_meeting(meetings, dt.date(2024, 4, 1))


def test_a_required_choice_is_not_picked_for_the_user(new_workbook):
    from mentorkit.model import Candidate

    form = RecordForm(new_workbook, Candidate, fields=["name", "organization", "relationship", "respect",
                                                       "values_fit", "path_similarity", "same_organization"])
    # Relationship has no default: the dropdown starts on "—", not on its first choice ("current manager").
    assert (form.inputs["relationship"].label, form.inputs["relationship"].value) == ("—", None)
    form.inputs["name"].value = "Ada"
    form.inputs["organization"].value = "Elsewhere Ltd"
    for name in ("respect", "values_fit", "path_similarity"):
        form.inputs[name].value = 3
    form.save_button.click()
    assert "Relationship is required" in form.errors["relationship"].value
    assert new_workbook.records("candidates") == []
    form.inputs["relationship"].value = "met_once"
    form.save_button.click()
    assert [c.relationship for c in new_workbook.records("candidates")] == ["met_once"]
    # A default given by the notebook still shows (the meeting form's mode).
    meetings = RecordForm(new_workbook, Meeting, defaults={"mode": "video"})
    assert meetings.inputs["mode"].value == "video"
