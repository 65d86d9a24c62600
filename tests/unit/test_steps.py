"""The journey notebooks' sections (`mentorkit.steps`), built and driven headlessly: forms filled by setting
`.value` and pressing buttons with `.click()`, live panels read back, unattended sections read as text."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

pytest.importorskip("ipywidgets")

from mentorkit import Candidate, Goal, Workbook  # noqa: E402
from mentorkit.goalhelper import EXAMPLES  # noqa: E402
from mentorkit.sample import DEMO_AS_OF  # noqa: E402
from mentorkit.session import start  # noqa: E402
from mentorkit.steps import Section, candidates, interviews, introspection, meetings  # noqa: E402
from mentorkit.steps import start as start_step
from mentorkit.steps.progress import ProgressStep  # noqa: E402
from mentorkit.steps.request import RequestStep  # noqa: E402

RATINGS = ("value_to_me", "value_to_mentor", "interest", "encouragement", "connection", "candour", "wish_to_continue")
TODAY = dt.date(2026, 5, 1)


@pytest.fixture
def fresh(tmp_path) -> Workbook:
    wb = Workbook.create(tmp_path / "wb", "Ada <b>Lovelace</b>")
    wb.add(Goal(title="Lead a small team", description="Lead two people on one project", weight=2))
    wb.add(Candidate(name="Grace Hopper", organization="Navy", same_organization=False, relationship="acquaintance",
                     respect=5, values_fit=5, path_similarity=4))
    return wb


def test_a_section_prints_text_displays_the_rest_and_runs_deferred_parts(capsys):
    ran = []
    section = Section("first line", None, lambda: ran.append("drawn"), 42, form="a handle")
    assert section.form == "a handle" and section.text == "first line\n42"
    section.show()
    assert ran == ["drawn"] and capsys.readouterr().out.splitlines() == ["first line", "42"]


def test_start_opens_the_workbook_and_names_it_once(fresh, capsys):
    wb, today = start(fresh.path, "2026-03-01")
    assert (wb.mentee_name, today) == ("Ada <b>Lovelace</b>", dt.date(2026, 3, 1))
    assert capsys.readouterr().out == "Ada <b>Lovelace</b>'s workbook, as of 2026-03-01\n"
    start(fresh.path, "2026-03-01", anonymous=True)
    assert capsys.readouterr().out == "This workbook, as of 2026-03-01\n"
    with pytest.raises(ValueError, match="as_of"):
        start(fresh.path, "March")


def test_start_creates_a_new_workbook_with_a_name(tmp_path, capsys):
    wb, _ = start(tmp_path / "new", "", create_name="Noor Haddad")
    assert wb.mentee_name == "Noor Haddad" and "Noor Haddad's workbook" in capsys.readouterr().out


def test_importing_the_steps_loads_no_widgets():
    """A cohort run preloads what a notebook imports: the steps must not pull in anything IPython-aware."""
    code = ("import sys, mentorkit.steps.progress, mentorkit.steps.meetings, mentorkit.steps.request, "
            "mentorkit.steps.introspection, mentorkit.steps.candidates, mentorkit.steps.interviews, "
            "mentorkit.steps.start\n"
            "print(sorted(m for m in sys.modules if m.startswith(('ipywidgets', 'mentorkit.forms', 'IPython'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_start_page_sections(fresh):
    assert "steps done" in start_step.where_you_are(fresh, TODAY).text
    assert start_step.other_workbook(fresh, TODAY, False).parts == []
    assert start_step.other_workbook(fresh, TODAY, True).picker.path.value == str(fresh.path)


def test_profile_form_saves_and_its_check_follows(fresh):
    section = introspection.profile_section(fresh, True)
    form = section.form
    panel = form._live[0][1]
    assert "G1.1" in panel.value and "G1.1" in form.field_rows[0].children[1].value  # hint under the field
    form.inputs["career_goals"].value = "Lead a small analytics team within two years."
    form.inputs["expectations"].value = "I hope my mentor will get me promoted this year."
    form.save_button.click()
    assert fresh.profile.career_goals == "Lead a small analytics team within two years."
    assert "G1.6" in panel.value and "G1.1" not in panel.value
    unattended = introspection.profile_section(fresh, False)
    assert unattended.form is None and "Realism check and gaps" in unattended.text


def test_goal_form_copies_an_example_and_saves_it_dated_today(fresh):
    section = introspection.goal_section(fresh, TODAY, True)
    form, picker = section.form, section.picker
    assert form.inputs["created_on"].value == TODAY
    assert form.specs["level_minus2"].label == "-2: much less" and list(form.specs) == introspection.GOAL_FIELDS
    picker.button.click()
    assert form.inputs["level_0"].value
    form.save_button.click()
    assert fresh.count("goals") == 2 and fresh.records("goals")[-1].created_on == TODAY
    assert "Realism check on your goals" in form._live[0][1].value
    assert all(e.title in introspection.goal_examples().text for e in EXAMPLES)
    assert "Realism check: 0 flag(s)" in introspection.realism_section(fresh).text


def test_candidate_form_screens_the_one_just_saved(fresh):
    form = candidates.candidate_section(fresh, True).form
    form.inputs["name"].value = "Jordan Vale"
    form.inputs["organization"].value = "Northwind"
    form.inputs["same_organization"].value = True
    form.inputs["relationship"].value = "current_manager"
    for name, rating in (("respect", 5), ("values_fit", 4), ("path_similarity", 4)):
        form.inputs[name].value = rating
    form.save_button.click()
    panel = form._live[0][1].value
    assert "Screening: Jordan Vale" in panel and "G2.3" in panel and "mk-error" in panel
    assert candidates.candidate_section(fresh, False).parts == []
    shortlist = candidates.shortlist_section(fresh).text
    assert shortlist.index("Grace Hopper") < shortlist.index("Jordan Vale") and "why here" in shortlist
    assert "[error] G2.3" in candidates.flags_section(fresh).text


def test_talk_form_fills_the_default_follow_up_and_the_tracker_marks_it_done(fresh):
    section = interviews.talk_section(fresh, TODAY, True)
    form = section.form
    assert form.inputs["date"].value == TODAY
    form.inputs["person"].value = "Grace Hopper"
    form.inputs["flow"].value = 5
    form.save_button.click()
    (talk,) = fresh.records("interviews")
    assert talk.follow_up_on == dt.date(2026, 7, 1)  # two months later (G3.5)
    assert "How your talks flowed" in form._live[0][1].value

    follow = interviews.follow_up_section(fresh, TODAY, True)
    assert "Grace Hopper" in follow.view.value
    follow.tracker.talk.value = follow.tracker.talk.options[0][1]
    follow.tracker.button.click()
    assert fresh.records("interviews")[0].followed_up_on == TODAY
    assert "Grace Hopper" not in follow.view.value.split("To do")[0]
    assert "Follow-ups" in interviews.follow_up_section(fresh, TODAY, False).text
    form.inputs["person"].value = "Grace Hopper"
    form.inputs["kind"].value = "coffee"
    form.inputs["star"].value = True
    form.save_button.click()  # a second talk with her: she is named once among the potential mentors
    assert "Potential mentors: Grace Hopper" in interviews.reflection_section(fresh).text
    assert "Grace Hopper, Grace Hopper" not in interviews.reflection_section(fresh).text
    assert "=== Grace Hopper: thank-you note (G3.5) ===" in interviews.drafts_section(fresh, TODAY).text
    assert interviews.question_bank(fresh).text


def test_request_step_unattended_checks_the_draft_and_the_saved_requests(fresh):
    step = RequestStep(fresh, TODAY, False)
    assert "Next step:" in step.next_step().text and "Dear Grace" in step.draft().text
    assert "[your role]" in step.check().text
    assert step.request_section().parts == [] and step.in_person().text.startswith("- ")
    assert "No agreement recorded yet" in step.agreement().text


def test_request_step_composer_fills_the_request_form(fresh):
    step = RequestStep(fresh, TODAY, True, about_me="a platform engineer")
    composer = step.check().composer
    assert "platform engineer" in composer.text.value and step.draft().parts == []
    composer.use_button.click()  # before the form's cell ran: the form is built then
    form = step.request_section().form
    assert form is step.request_form and form.inputs["text"].value == composer.text.value
    assert form.inputs["candidate_id"].value == fresh.records("candidates")[0].id
    assert "G4.6: no answer after 21 days" in str([row.children for row in form.field_rows])


def test_meeting_sections_log_a_meeting_actions_feedback_checkins_and_levels(fresh):
    meeting = meetings.meeting_section(fresh, TODAY, True).form
    meeting.inputs["objectives"].value = "Agree the plan"
    meeting.save_button.click()
    assert [(m.objectives, m.date, m.duration_min) for m in fresh.records("meetings")] == [("Agree the plan", TODAY, 60)]
    assert "G5.5" in meeting._live[0][1].value

    actions = meetings.action_section(fresh, TODAY, True).form
    assert actions.inputs["due"].value == TODAY + dt.timedelta(days=14)
    actions.inputs["description"].value = "Draft the project brief"
    actions.inputs["status"].value = "renegotiated"  # without the new due date: refused, nothing saved
    actions.save_button.click()
    assert fresh.count("actions") == 0
    assert "required when the status is renegotiated" in actions.errors["renegotiated_due"].value
    assert "Not saved" in actions.status.value
    actions.inputs["renegotiated_due"].value = dt.date(2026, 6, 1)
    actions.inputs["renegotiated_on"].value = TODAY
    actions.save_button.click()
    assert fresh.count("actions") == 1 and "no action is due yet" in actions._live[0][1].value

    feedback = meetings.feedback_section(fresh, TODAY, True).form
    feedback.inputs["kind"].value = "critical"
    feedback.inputs["text"].value = "You talk too fast"
    feedback.save_button.click()
    assert fresh.records("feedback")[0].kind == "critical"
    assert "1 critical); 1 without a response yet" in meetings.feedback_section(fresh, TODAY, False).text

    checkin = meetings.checkin_section(fresh, TODAY, True).form
    for name in RATINGS:
        checkin.inputs[name].value = 4
    checkin.inputs["value_to_mentor"].value = 2
    checkin.save_button.click()
    assert fresh.count("checkins") == 1
    assert "Adjust" in checkin._live[0][1].value and "One-way" in checkin._live[0][1].value
    assert "Recommendation: Adjust" in meetings.recommendation_section(fresh, TODAY).text

    levels = meetings.goal_progress_section(fresh, TODAY, True).form
    levels.inputs["goal_id"].value = fresh.records("goals")[0].id
    levels.inputs["level"].value = 1
    levels.save_button.click()
    assert [(g.level, g.date) for g in fresh.records("goal_levels")] == [(1, TODAY)]


def test_meeting_sections_unattended_read_like_the_workbook(fresh):
    for interactive_only in (meetings.meeting_section, meetings.action_section, meetings.checkin_section):
        assert interactive_only(fresh, TODAY, False).parts == []
    assert "No meeting logged yet" in meetings.meeting_drafts(fresh, TODAY).text
    assert "Prep sheet for the next meeting" in meetings.prep_sheet(fresh, TODAY).parts[0].data
    assert "No meetings logged yet" in meetings.drift_section(fresh, TODAY).text
    assert "no action is due yet" in meetings.follow_through_section(fresh, TODAY).text
    assert "No scaled goals yet" in meetings.goal_progress_section(fresh, TODAY, False).text
    assert meetings.closing_section(fresh, TODAY, True).form is None  # no agreement, nothing to close


def test_progress_step_on_the_sample_names_columns_for_people(demo_workbook, tmp_path):
    step = ProgressStep(demo_workbook, DEMO_AS_OF, False)
    goals = step.goals().text
    assert "T-score" in goals and "goal 1" in goals and "goal_1" not in goals
    actions = step.follow_through().text
    assert "10 of 13 due actions kept" in actions and "Send the meetup slides" in actions and "action_id" not in actions
    assert "Recommendation: continue" in step.health().text
    assert step.keep_copy(False).text.startswith("Nothing exported") and step.export_buttons().parts == []

    private = ProgressStep(demo_workbook, DEMO_AS_OF, False, charts_dir=tmp_path / "charts")
    assert private.private and "Send the meetup slides" not in private.follow_through().text
    written = private.keep_copy(False)
    assert written.text.startswith("Wrote ") and any(p.suffix == ".png" for p in (tmp_path / "charts").iterdir())
