"""The mentee's journey in real JupyterLab: notebooks 01, 02 and 05, run and filled in as a person would.

Each test opens a notebook, runs all its cells from the Run menu, types into
its forms and clicks Save, then checks two things: the record is in the
workbook (read from this process while the kernel holds it: SQLite in WAL mode
allows that), and the analysis on the page changed with it. A bad entry shows
its message on the page and saves nothing.

All tests share the session's workbook (created by the first notebook that
opens it, from MENTORKIT_WORKBOOK and MENTORKIT_NAME), so each one checks
only the records it added.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

pytest.importorskip("playwright.sync_api", reason="playwright is not installed: pip install -e '.[test]'")

pytestmark = pytest.mark.browser

from playwright.sync_api import expect  # noqa: E402

from mentorkit import Workbook  # noqa: E402

from .jlab import SAVE_TIMEOUT, Notebook  # noqa: E402
from .servers import MENTEE_NAME  # noqa: E402


def _rows(workbook, table: str) -> list:
    return Workbook.open(workbook).records(table)


def test_introspection_saves_the_profile_and_rechecks_it(lab, lab_page, lab_workbook):
    notebook = Notebook(lab_page, lab.url, "01_introspection").open()
    notebook.run_all()
    assert notebook.code_editors_shown() == 0 and notebook.prompts() == []  # a workbook, not a program
    assert Workbook.open(lab_workbook).mentee_name == MENTEE_NAME  # created on first use
    form = notebook.form("profile")
    live = form.root.locator(".mk-live").first
    expect(live).to_contain_text("G1.1")  # nothing written yet: every answer is a gap

    form.type_text("career_goals", "Lead a small analytics team within two years.")
    form.type_text("skills", "Coaching people; planning work for a team.")
    form.choose_many("help_wanted", ["career", "leadership"])
    form.type_text("ideal_mentor", "Someone who grew a team from scratch and still writes code.")
    form.type_text("expectations", "I hope my mentor will get me promoted this year.")
    assert form.save("Saved your profile") == "Saved your profile."

    profile = Workbook.open(lab_workbook).profile
    assert profile.career_goals == "Lead a small analytics team within two years."
    assert profile.skills == "Coaching people; planning work for a team."
    assert profile.help_wanted == ["career", "leadership"]
    assert profile.expectations == "I hope my mentor will get me promoted this year."
    # The realism check on the page now reads the new expectations (G1.6) and no longer
    # lists the career goals as missing (G1.1).
    expect(live).to_contain_text("G1.6", timeout=SAVE_TIMEOUT)
    expect(live).to_contain_text("promotion")
    expect(live).not_to_contain_text("G1.1")
    assert lab_page.outside == []  # nothing left the machine


def test_candidate_research_refuses_a_nameless_candidate_then_screens_a_manager(lab, lab_page, lab_workbook):
    notebook = Notebook(lab_page, lab.url, "02_candidate_research").open()
    notebook.run_all()
    form = notebook.form("candidates")
    before = len(_rows(lab_workbook, "candidates"))

    # No name: the message shows under the field, the status says nothing was saved.
    form.type_text("organization", "Northwind Analytics")
    form.tick("same_organization")
    form.choose("relationship", "current manager")
    for field, rating in (("respect", 5), ("values_fit", 4), ("path_similarity", 4)):
        form.rate(field, rating)
    form.save("Not saved")
    expect(form.error("name")).to_be_visible()
    expect(form.error("name")).to_contain_text(re.compile(r"Name (is required|: must not be empty)"))
    assert len(_rows(lab_workbook, "candidates")) == before

    form.type_text("name", "Jordan Vale")
    form.save("Saved candidate")
    expect(form.error("name")).to_be_hidden()
    saved = [c for c in _rows(lab_workbook, "candidates") if c.name == "Jordan Vale"]
    assert len(saved) == 1
    jordan = saved[0]
    assert (jordan.organization, jordan.same_organization, jordan.relationship) == (
        "Northwind Analytics", True, "current_manager"
    )
    assert (jordan.respect, jordan.values_fit, jordan.path_similarity) == (5, 4, 4)
    # The screening beside the form is about Jordan now: a current manager cannot be
    # the mentor (G2.3, an error); the list of saved candidates shows the new row.
    live = form.root.locator(".mk-live").first
    expect(live).to_contain_text("Jordan Vale", timeout=SAVE_TIMEOUT)
    expect(live.locator(".mk-finding.mk-error", has_text="G2.3")).to_be_visible()
    expect(form.root.locator(".mk-table")).to_contain_text("Jordan Vale")
    assert lab_page.outside == []


def test_meetings_refuse_a_zero_minute_meeting_then_log_one_with_an_action(lab, lab_page, lab_workbook):
    notebook = Notebook(lab_page, lab.url, "05_meetings_and_evaluation").open()
    notebook.run_all()
    assert notebook.code_editors_shown() == 0 and notebook.prompts() == []  # a workbook, not a program
    meetings, actions = notebook.form("meetings"), notebook.form("actions")
    before = len(_rows(lab_workbook, "meetings"))

    meeting_day = dt.date.today() - dt.timedelta(days=3)
    meetings.pick_date("date", meeting_day)
    meetings.type_number("duration_min", 0)
    meetings.choose("mode", "in person")
    meetings.type_text("objectives", "Agree the first quarter's focus.")
    meetings.save("Not saved")
    expect(meetings.error("duration_min")).to_contain_text("greater than 0")
    assert len(_rows(lab_workbook, "meetings")) == before

    meetings.type_number("duration_min", 50)
    meetings.save("Saved meeting")
    logged = [m for m in _rows(lab_workbook, "meetings") if m.objectives == "Agree the first quarter's focus."]
    assert [(m.date, m.duration_min, m.mode) for m in logged] == [(meeting_day, 50, "in_person")]
    meeting = logged[0]
    # The cadence panel beside the form counts the new meeting (G5.5).
    drift = meetings.root.locator(".mk-live").first
    expect(drift).not_to_contain_text("No meetings logged yet", timeout=SAVE_TIMEOUT)

    # The action form, further down, offers the meeting just saved.
    actions.type_text("description", "Send Jordan a one-page plan for the quarter.")
    actions.choose("meeting_id", f"#{meeting.id} · {meeting_day.isoformat()}")
    actions.save("Saved action")
    added = [a for a in _rows(lab_workbook, "actions") if a.description.startswith("Send Jordan a one-page plan")]
    assert [(a.meeting_id, a.owner, a.status) for a in added] == [(meeting.id, "mentee", "open")]
    assert added[0].due == dt.date.today() + dt.timedelta(days=14)
    expect(actions.root.locator(".mk-table")).to_contain_text("Send Jordan a one-page plan")
    assert lab_page.outside == []
