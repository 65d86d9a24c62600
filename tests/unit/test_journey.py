"""The journey through the six steps, and the next suggested action."""

from __future__ import annotations

import datetime as dt

from mentorkit import Agreement, Candidate, CheckIn, Goal, Interview, Meeting, Profile, Request
from mentorkit.journey import DONE, NOT_STARTED, STARTED, journey

TODAY = dt.date(2025, 6, 1)


def states(j):
    return [s.state for s in j.steps]


def test_a_new_workbook_starts_at_step_one(new_workbook):
    j = journey(new_workbook, TODAY)
    assert states(j) == [NOT_STARTED] * 6 and j.done == 0
    assert j.next_notebook == "01_introspection" and "G1.1" in j.next_action
    assert "0 of 6 steps done" in str(j) and "01_introspection" in j._repr_html_()


def test_steps_advance_with_the_workbook(new_workbook):
    wb = new_workbook
    wb.set_profile(Profile(career_goals="Lead a team", help_wanted=["career"]))
    j = journey(wb, TODAY)
    assert j.steps[0].state == STARTED and "G1.7" in j.next_action
    wb.set_profile(Profile(career_goals="Lead a team", help_wanted=["career"], ideal_mentor="Someone candid"))
    wb.add(Goal(title="Lead a workstream"))
    j = journey(wb, TODAY)
    assert j.steps[0].state == DONE and j.next_notebook == "02_candidate_research"

    boss = wb.add(Candidate(name="Boss", organization="Here", same_organization=True, relationship="current_manager",
                            respect=5, values_fit=5, path_similarity=5))
    j = journey(wb, TODAY)
    assert j.steps[1].state == STARTED and "G2.3" in j.next_action  # the only candidate is ruled out
    cid = wb.add(Candidate(name="Rosa", organization="There", same_organization=False, relationship="met_once",
                           respect=4, values_fit=4, path_similarity=4))
    j = journey(wb, TODAY)
    assert j.steps[1].state == DONE and j.next_notebook == "03_informational_interviews"
    assert boss

    wb.add(Interview(person="Rosa", candidate_id=cid, date=dt.date(2025, 5, 1), flow=3))
    assert journey(wb, TODAY).steps[2].state == STARTED
    wb.add(Interview(person="Rosa", candidate_id=cid, date=dt.date(2025, 5, 20), flow=5, star=True))
    j = journey(wb, TODAY)
    assert j.steps[2].state == DONE and j.next_notebook == "04_request_drafting"

    wb.add(Request(candidate_id=cid, sent_on=dt.date(2025, 5, 25)))
    j = journey(wb, TODAY)
    assert j.steps[3].state == STARTED and "G4.4" in j.next_action
    wb.add(Agreement(candidate_id=cid, mentor_name="Rosa", start=dt.date(2025, 5, 28)))
    j = journey(wb, TODAY)
    assert j.steps[3].state == DONE and j.next_notebook == "05_meetings_and_evaluation" and "G5.1" in j.next_action

    for day in (1, 15, 29):
        wb.add(Meeting(date=dt.date(2025, 4, day), duration_min=45, mode="video"))
    ratings = dict(value_to_me=4, value_to_mentor=4, interest=4, encouragement=4, connection=4, candour=4,
                   wish_to_continue=4)
    wb.add(CheckIn(date=dt.date(2025, 5, 1), **ratings))
    assert journey(wb, TODAY).steps[5].state == STARTED
    wb.add(CheckIn(date=dt.date(2025, 5, 30), **ratings))
    j = journey(wb, TODAY)
    assert states(j) == [DONE] * 6 and j.current is None


def test_once_all_done_the_next_action_comes_from_the_meetings(demo_workbook):
    from mentorkit.sample import DEMO_AS_OF

    j = journey(demo_workbook, DEMO_AS_OF)
    assert j.done == 6
    last = max(m.date for m in demo_workbook.records("meetings") if m.date <= DEMO_AS_OF)
    interval = 30 / demo_workbook.agreement.meetings_per_month
    assert (last + dt.timedelta(days=interval)).isoformat() in j.next_action
    later = journey(demo_workbook, last + dt.timedelta(days=int(1.5 * interval) + 1))
    assert "G5.5" in later.next_action  # drifting: book the next meeting


def test_future_talks_and_meetings_do_not_count(new_workbook):
    new_workbook.add(Meeting(date=dt.date(2025, 7, 1), duration_min=30, mode="phone"))
    new_workbook.add(Interview(person="Later", date=dt.date(2025, 7, 2), star=True))
    j = journey(new_workbook, TODAY)
    assert j.steps[2].state == NOT_STARTED and j.steps[4].state == NOT_STARTED


def test_warnings_from_done_steps_are_kept_in_view(new_workbook):
    new_workbook.set_profile(Profile(career_goals="Lead", help_wanted=["career"], ideal_mentor="x",
                                     expectations="A mentor who will get me promoted."))
    new_workbook.add(Goal(title="Lead"))
    j = journey(new_workbook, TODAY)
    assert j.steps[0].state == DONE
    assert [f.guidance for f in j.attention] == ["G1.6"]


def _ready_for_step_four(wb):
    wb.set_profile(Profile(career_goals="Lead a team", help_wanted=["career"], ideal_mentor="Someone candid"))
    wb.add(Goal(title="Lead a workstream"))
    cid = wb.add(Candidate(name="Rosa", organization="There", same_organization=False, relationship="acquaintance",
                           respect=4, values_fit=4, path_similarity=4))
    wb.add(Interview(person="Rosa", candidate_id=cid, date=dt.date(2025, 3, 1), flow=5, star=True))
    return cid


def test_an_in_person_ask_accepted_completes_step_four(new_workbook):
    wb = new_workbook
    cid = _ready_for_step_four(wb)
    rid = wb.add(Request(candidate_id=cid, channel="in_person", drafted_on=dt.date(2025, 4, 1)))
    j = journey(wb, TODAY)
    assert j.steps[3].state == STARTED and "G4.7" in j.next_action
    wb.update(wb.get("requests", rid).model_copy(update={"sent_on": dt.date(2025, 4, 3), "outcome": "accepted",
                                                         "outcome_on": dt.date(2025, 4, 3)}))
    j = journey(wb, TODAY)
    assert j.steps[3].state == DONE and "in person" in j.steps[3].detail
    assert journey(wb, dt.date(2025, 4, 2)).steps[3].state != DONE  # not before the yes


def test_informal_mentoring_is_a_valid_path_through_step_four(new_workbook):
    wb = new_workbook
    _ready_for_step_four(wb)
    wb.add(Meeting(date=dt.date(2025, 4, 1), duration_min=45, mode="in_person"))
    assert journey(wb, TODAY).steps[3].state != DONE  # one coffee is not yet regular meetings
    wb.add(Meeting(date=dt.date(2025, 5, 2), duration_min=45, mode="in_person"))
    j = journey(wb, TODAY)
    assert j.steps[3].state == DONE and "G4.8" in j.steps[3].detail
    assert journey(wb, dt.date(2025, 4, 15)).steps[3].state != DONE  # meetings after as_of do not count
