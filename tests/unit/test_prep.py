"""The prep sheet for the next meeting (G5.1, G5.2, G5.4, G5.8, G5.9)."""

from __future__ import annotations

import datetime as dt

from mentorkit import ActionItem, Feedback, Goal, GoalLevel, Meeting
from mentorkit.prep import prep_sheet


def test_an_empty_workbook_gets_a_friendly_sheet(new_workbook):
    sheet = prep_sheet(new_workbook, dt.date(2026, 3, 1))
    assert sheet.empty and sheet.last_meeting is None and sheet.next_meeting is None
    assert "Nothing here yet" in sheet.to_markdown()


def test_the_sample_sheet(demo_workbook):
    sheet = prep_sheet(demo_workbook, dt.date(2026, 11, 15))
    assert sheet.last_meeting.date == dt.date(2026, 11, 13)
    assert sheet.next_meeting == dt.date(2026, 12, 16)  # the plan date of 16 Nov is covered by the 13 Nov meeting
    assert len(sheet.goals) == 4
    overdue = [o.action.description for o in sheet.open_actions if o.overdue]
    assert overdue == ["Send the meetup slides to Helen"]
    assert sheet.objectives[0] == "Renegotiate or close: Send the meetup slides to Helen"
    text = sheet.to_markdown()
    assert "overdue" in text and "Second half of the agreement" in text and "(G5.2)" in text


def test_goals_levels_actions_feedback_and_reminders(new_workbook):
    wb = new_workbook
    g1 = wb.add(Goal(title="Speak at a meetup", weight=2, baseline_level=-1, level_0="One talk given",
                     level_plus1="Two talks"))
    wb.add(Goal(title="Old goal", active=False))
    wb.add(GoalLevel(goal_id=g1, date=dt.date(2026, 5, 1), level=0))
    wb.add(GoalLevel(goal_id=g1, date=dt.date(2026, 9, 1), level=2))  # after as_of: not yet known
    m1 = wb.add(Meeting(date=dt.date(2026, 3, 1), duration_min=45, mode="video"))
    wb.add(Meeting(date=dt.date(2026, 4, 1), duration_min=45, mode="video"))
    m3 = wb.add(Meeting(date=dt.date(2026, 5, 1), duration_min=45, mode="video", objectives="Plan the talk",
                        notes="Start with a story <script>alert(1)</script>"))
    wb.add(ActionItem(description="Book the room", meeting_id=m3, due=dt.date(2026, 5, 10), status="done",
                      done_on=dt.date(2026, 5, 8)))
    wb.add(ActionItem(description="Old done", meeting_id=m1, status="done", done_on=dt.date(2026, 3, 5)))
    wb.add(ActionItem(description="Write the abstract", meeting_id=m3, status="renegotiated", due=dt.date(2026, 5, 15),
                      renegotiated_on=dt.date(2026, 5, 14), renegotiated_due=dt.date(2026, 6, 30)))
    wb.add(ActionItem(description="Send slides", owner="mentor", due=dt.date(2026, 5, 20)))
    wb.add(Feedback(date=dt.date(2026, 5, 1), meeting_id=m3, kind="critical", text="Too many slides"))
    wb.add(Feedback(date=dt.date(2026, 5, 1), meeting_id=m3, kind="praise", text="Good energy"))

    sheet = prep_sheet(wb, dt.date(2026, 6, 1))
    assert [(g.goal.title, g.level, g.next_level_text) for g in sheet.goals] == [("Speak at a meetup", 0, "Two talks")]
    assert [(o.action.description, o.due, o.overdue) for o in sheet.open_actions] == [
        ("Send slides", dt.date(2026, 5, 20), True), ("Write the abstract", dt.date(2026, 6, 30), False)]
    assert [a.description for a in sheet.done_since] == ["Book the room"]
    assert [f.text for f in sheet.feedback_to_answer] == ["Too many slides"]
    assert sheet.objectives[0].startswith("Tell your mentor what you did with their critical feedback")
    assert not any("Send slides" in o for o in sheet.objectives)  # the mentor's action is theirs to raise
    assert any("G5.9" in r for r in sheet.reminders)  # giving back is a habit of attention
    assert not any("G5.5" in r for r in sheet.reminders)  # 31 days since the last meeting: no drift
    text = sheet.to_markdown()
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "(G5.8" in text

    later = prep_sheet(wb, dt.date(2026, 6, 20))  # 50 days since the last meeting
    assert any("G5.5" in r for r in later.reminders)


def test_g5_9_is_a_habit_not_a_quota_and_g5_10_g5_11_are_prompted(demo_workbook):
    sheet = prep_sheet(demo_workbook, dt.date(2026, 11, 15))  # she gave back at the last meeting
    (give,) = [r for r in sheet.reminders if "G5.9" in r]
    assert "watching you grow" in give and "three" not in give and "not a score" in give
    assert any("G5.10" in r and "on your own" in r for r in sheet.reminders)
    assert any("G5.11" in r for r in sheet.reminders)
    assert "G5.10" in sheet.to_markdown()


def test_a_first_meeting_gets_no_between_meetings_prompt(new_workbook):
    sheet = prep_sheet(new_workbook, dt.date(2026, 1, 1))
    assert not any("G5.10" in r or "G5.9" in r for r in sheet.reminders)
