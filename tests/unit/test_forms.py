"""Headless tests of the workbook forms: set widget values, click, look in the workbook."""

from __future__ import annotations

import datetime as dt

import pytest

pytest.importorskip("ipywidgets")

from mentorkit import RecordNotFoundError, Workbook
from mentorkit.forms import ProfileForm, RecordForm
from mentorkit.model import ActionItem, Candidate, CheckIn, Goal, Interview, Meeting


@pytest.fixture
def wb(tmp_path):
    return Workbook.create(tmp_path / "wb", "Test Mentee")


def fill_candidate(form, name="Dana Reyes", respect=4):
    form.inputs["name"].value = name
    form.inputs["organization"].value = "Harbour Labs"
    form.inputs["relationship"].value = "met_once"
    form.inputs["respect"].value = respect
    form.inputs["values_fit"].value = 4
    form.inputs["path_similarity"].value = 3


def test_widgets_follow_the_field_types(wb):
    form = RecordForm(wb, Interview)
    kinds = {name: spec.kind for name, spec in form.specs.items()}
    assert kinds["person"] == "text"
    assert kinds["takeaways"] == "textarea"
    assert kinds["date"] == "date"
    assert kinds["flow"] == "scale"
    assert kinds["star"] == "bool"
    assert kinds["duration_min"] == "int"
    assert kinds["candidate_id"] == "reference"
    assert [v for _, v in form.inputs["flow"].options] == ["", 1, 2, 3, 4, 5]  # optional: "not rated" first
    assert [v for _, v in RecordForm(wb, Candidate).inputs["respect"].options] == [1, 2, 3, 4, 5]
    assert RecordForm(wb, Candidate).specs["relationship"].kind == "choice"
    levels = RecordForm(wb, Goal).inputs["baseline_level"]
    assert [label for label, _ in levels.options] == ["-2", "-1", "0", "+1", "+2"]


def test_every_input_and_button_carries_its_css_class(wb):
    form = RecordForm(wb, Candidate)
    for name, widget in form.inputs.items():
        assert f"mk-field-{name}" in widget._dom_classes
        assert widget.description  # a stable, descriptive label
    assert "mk-save" in form.save_button._dom_classes
    assert "mk-update" in form.update_button._dom_classes
    assert "mk-delete" in form.delete_button._dom_classes
    assert "mk-status" in form.status._dom_classes
    assert "mk-table" in form.table._dom_classes


def test_save_adds_the_row_and_refreshes_the_table(wb):
    changes = []
    form = RecordForm(wb, Candidate, on_change=lambda record, action: changes.append((record.name, action)))
    assert "No candidates saved yet" in form.table.value
    fill_candidate(form)
    form.save_button.click()
    (saved,) = wb.records("candidates")
    assert (saved.name, saved.relationship, saved.respect) == ("Dana Reyes", "met_once", 4)
    assert "Dana Reyes" in form.table.value
    assert "mk-status-ok" in form.status._dom_classes and "Saved" in form.status.value
    assert changes == [("Dana Reyes", "saved")]
    assert form.inputs["name"].value == ""  # ready for the next one
    assert [v for _, v in form.selector.options] == [None, saved.id]


def test_a_bad_value_shows_next_to_its_field_and_saves_nothing(wb):
    form = RecordForm(wb, Candidate)
    fill_candidate(form)
    form.inputs["name"].value = "   "
    form.inputs["respect"].value = None
    form.save_button.click()
    assert wb.count("candidates") == 0
    assert "Name is required" in form.errors["name"].value
    assert "Respect is required" in form.errors["respect"].value
    assert form.errors["respect"].layout.display != "none"
    assert form.errors["organization"].value == ""
    assert "mk-status-error" in form.status._dom_classes and "Not saved" in form.status.value
    # the typed values stay in the form so the mentee can fix them
    assert form.inputs["organization"].value == "Harbour Labs"


def test_a_cross_field_rule_lands_on_its_field(wb):
    form = RecordForm(wb, ActionItem, fields=["description", "status", "done_on", "due"])
    form.inputs["description"].value = "Read the chapter"
    form.inputs["status"].value = "done"
    form.save_button.click()
    assert wb.count("actions") == 0
    assert "required when the status is done" in form.errors["done_on"].value


def test_update_and_delete_act_on_the_picked_row(wb):
    form = RecordForm(wb, Candidate)
    fill_candidate(form, "Dana Reyes")
    form.save_button.click()
    fill_candidate(form, "Sam Okafor")
    form.save_button.click()
    dana, sam = wb.records("candidates")
    assert form.update_button.disabled and form.delete_button.disabled
    form.selector.value = sam.id
    assert form.inputs["name"].value == "Sam Okafor" and not form.update_button.disabled
    form.inputs["respect"].value = 2
    form.update_button.click()
    assert wb.get("candidates", sam.id).respect == 2
    assert wb.get("candidates", dana.id).respect == 4
    form.selector.value = dana.id
    form.delete_button.click()
    assert [r.name for r in wb.records("candidates")] == ["Sam Okafor"]
    assert "Dana Reyes" not in form.table.value and "Sam Okafor" in form.table.value
    assert form.selector.value is None


def test_a_row_deleted_elsewhere_is_said_plainly_and_the_list_read_again(wb):
    meeting_id = wb.add(Meeting(date=dt.date(2024, 3, 1), duration_min=45, mode="video"))
    form = RecordForm(wb, Meeting)
    form.selector.value = meeting_id
    wb.delete("meetings", meeting_id)  # in another notebook, say
    form.update_button.click()
    assert isinstance(form.last_error, RecordNotFoundError)
    assert f"no meeting with id {meeting_id} in this workbook" in form.status.value
    assert "Something went wrong" not in form.status.value
    assert form.selector.value is None and wb.count("meetings") == 0


def test_a_bad_update_changes_nothing(wb):
    wb.add(Meeting(date=dt.date(2024, 3, 1), duration_min=45, mode="video", notes="first"))
    form = RecordForm(wb, Meeting)
    form.selector.value = 1
    form.inputs["duration_min"].value = 0
    form.inputs["notes"].value = "changed"
    form.update_button.click()
    assert wb.get("meetings", 1).notes == "first"
    assert "greater than 0" in form.errors["duration_min"].value


def test_fields_left_out_of_the_form_keep_their_stored_values(wb):
    wb.add(Candidate(name="Lee", organization="X", same_organization=True, relationship="acquaintance",
                     respect=5, values_fit=5, path_similarity=5, notes="keep me"))
    form = RecordForm(wb, Candidate, fields=["name", "status"])
    form.selector.value = 1
    form.inputs["status"].value = "connecting"
    form.update_button.click()
    stored = wb.get("candidates", 1)
    assert (stored.status, stored.notes, stored.respect) == ("connecting", "keep me", 5)


def test_defaults_and_reference_dropdowns(wb):
    wb.add(Candidate(name="Lee", organization="X", same_organization=True, relationship="acquaintance",
                     respect=5, values_fit=5, path_similarity=5))
    form = RecordForm(wb, Interview, defaults={"date": lambda: dt.date(2024, 5, 2)})
    assert form.inputs["date"].value == dt.date(2024, 5, 2)
    assert [v for _, v in form.inputs["candidate_id"].options] == [None, 1]
    form.inputs["person"].value = "Lee"
    form.inputs["candidate_id"].value = 1
    form.inputs["flow"].value = 4
    form.save_button.click()
    (talk,) = wb.records("interviews")
    assert (talk.candidate_id, talk.date, talk.flow, talk.duration_min) == (1, dt.date(2024, 5, 2), 4, 10)
    form.selector.value = talk.id
    assert form.inputs["flow"].value == 4
    form.inputs["flow"].value = ""  # back to "not rated"
    form.update_button.click()
    assert wb.get("interviews", talk.id).flow is None


def test_an_exception_in_a_callback_is_shown_in_the_form(wb):
    def broken(record, action):
        raise RuntimeError("analysis exploded")

    form = RecordForm(wb, CheckIn, on_change=broken, fields=["date", "value_to_me", "value_to_mentor", "interest",
                                                               "encouragement", "connection", "candour", "wish_to_continue"])
    form.inputs["date"].value = dt.date(2024, 6, 1)
    for name in list(form.inputs)[1:]:
        form.inputs[name].value = 4
    form.save_button.click()
    assert wb.count("checkins") == 1  # the save itself stands
    assert "analysis exploded" in form.status.value
    assert "RuntimeError" in form.details.value
    assert isinstance(form.last_error, RuntimeError)


def test_a_failing_workbook_write_is_shown_not_lost(wb, monkeypatch):
    form = RecordForm(wb, Candidate)
    fill_candidate(form)

    def boom(record):
        raise OSError("disk full")

    monkeypatch.setattr(wb, "add", boom)
    form.save_button.click()
    assert "disk full" in form.status.value and "mk-status-error" in form.status._dom_classes
    assert form.inputs["name"].value == "Dana Reyes"


def test_live_panel_refreshes_after_each_change(wb):
    form = RecordForm(wb, Candidate)
    panel = form.live(lambda book: f"<b>{book.count('candidates')} candidates</b>")
    assert panel.value == "<b>0 candidates</b>"
    fill_candidate(form)
    form.save_button.click()
    assert panel.value == "<b>1 candidates</b>"
    assert panel in form.side.children


def test_live_panel_error_is_shown_in_the_panel(wb):
    form = RecordForm(wb, Candidate)
    panel = form.live(lambda book: 1 / 0)
    assert "ZeroDivisionError" in panel.value


def test_unknown_field_is_refused(wb):
    with pytest.raises(ValueError, match="no field"):
        RecordForm(wb, Candidate, fields=["name", "shoe_size"])


def test_table_escapes_user_text(wb):
    wb.add(Candidate(name="<script>x</script>", organization="X", same_organization=True,
                     relationship="acquaintance", respect=5, values_fit=5, path_similarity=5))
    form = RecordForm(wb, "candidates")
    assert "<script>" not in form.table.value and "&lt;script&gt;" in form.table.value


def test_profile_form_prefills_and_saves(wb):
    form = ProfileForm(wb)
    assert form.inputs["career_goals"].value == ""
    form.inputs["career_goals"].value = "Lead a data team"
    form.inputs["help_wanted"].value = ("career", "leadership")
    form.save_button.click()
    assert wb.profile.career_goals == "Lead a data team"
    assert wb.profile.help_wanted == ["career", "leadership"]
    again = ProfileForm(wb)
    assert again.inputs["help_wanted"].value == ("career", "leadership")
    assert "mk-save" in again.save_button._dom_classes


def test_profile_form_bad_value_saves_nothing(wb):
    form = ProfileForm(wb, fields=["career_goals", "skills"])
    form.inputs["career_goals"].value = "ok"
    form.inputs["skills"].value = "bad \x01 char"
    form.save_button.click()
    assert wb.profile.career_goals == ""
    assert "control character" in form.errors["skills"].value
