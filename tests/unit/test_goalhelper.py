"""The goal helper (step 1): worked examples of the five GAS levels, adapted through the goal form."""

from __future__ import annotations

import pytest

from mentorkit.goalhelper import EXAMPLES, LEVEL_FIELDS, example, examples_frame
from mentorkit.introspection import check_goals


def test_every_example_has_five_distinct_levels_and_keeps_the_outcome_yours():
    assert len(EXAMPLES) >= 4 and {"career", "skill", "knowledge", "alliance"} <= {e.area for e in EXAMPLES}
    for e in EXAMPLES:
        goal = e.goal()
        levels = [getattr(goal, name) for name in LEVEL_FIELDS]
        assert all(levels) and len(set(levels)) == 5, e.key
        assert goal.baseline_level == -1
        assert "mentor" not in " ".join([goal.title, goal.description, *levels]).lower()
    assert not [f for f in check_goals([e.goal() for e in EXAMPLES]) if f.severity != "info"]


def test_examples_frame_and_unknown_key():
    frame = examples_frame()
    assert list(frame.columns) == ["key", "goal", "area", "guidance", "-2", "-1", "0", "+1", "+2"]
    assert len(frame) == len(EXAMPLES)
    assert example("lead").goal(title="Lead the planning analysts").title == "Lead the planning analysts"
    with pytest.raises(ValueError, match="lead"):
        example("nope")


def test_the_picker_fills_the_goal_form_and_one_goal_is_enough_to_finish_step_one(new_workbook):
    import datetime as dt

    from mentorkit import Profile
    from mentorkit.forms import GoalExamplePicker, RecordForm
    from mentorkit.journey import DONE, journey

    form = RecordForm(new_workbook, "goals")
    picker = GoalExamplePicker(target=form)
    picker.choice.value = "present"
    picker.button.click()
    assert "Copied" in picker.status.value
    assert form.inputs["title"].value == example("present").title
    assert form.inputs["level_0"].value == example("present").levels[2]
    form.inputs["title"].value = "Present the quarterly review to the board"
    form.save_button.click()
    (saved,) = new_workbook.records("goals")
    assert saved.title == "Present the quarterly review to the board" and saved.level_plus2 == example("present").levels[4]
    new_workbook.set_profile(Profile(career_goals="Lead a team", help_wanted=["career"], ideal_mentor="Candid"))
    assert journey(new_workbook, dt.date(2026, 1, 1)).steps[0].state == DONE  # one goal is enough
