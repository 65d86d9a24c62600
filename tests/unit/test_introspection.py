"""The realism check (G1.6) and the gaps of step 1: each rule with a case that fires and one that does not."""

from __future__ import annotations

import pytest

from mentorkit import Goal, Profile
from mentorkit.introspection import (
    check_goals,
    check_profile,
    check_text,
    goal_gaps,
    introspection_summary,
    profile_frame,
    profile_gaps,
    realism_check,
)

FIRES = [
    ("job", "I expect my mentor to get me a job at their company.", True),
    ("job", "Find me a role in data science", False),
    ("job", "A referral to their hiring manager", True),
    ("job", "Land a job offer through my mentor", False),
    ("promotion", "My mentor will get me promoted by spring.", False),
    ("promotion", "I hope they push for my promotion.", False),
    ("quick change", "Switch careers into UX within three months", False),
    ("quick change", "A quick career change into product", False),
    ("everything", "Someone to solve all my problems", True),
    ("everything", "Tell me what to do about my team", True),
    ("everything", "Make my decisions for me", False),
]
QUIET = [
    ("Become a team lead within two years by building my delegation skills", False),
    ("I want a promotion to senior engineer in 2026.", False),
    ("Learn how people moved from support into product management", False),
    ("Advice on my job search strategy and interview practice", True),
    ("Meet people through my mentor's network", False),
    ("Change careers into teaching over the next three years", False),
    ("Feedback on how I run meetings, and honest questions about my decisions", True),
]


@pytest.mark.parametrize("kind, text, about_mentor", FIRES)
def test_realism_flags_handing_the_outcome_over(kind, text, about_mentor):
    found = check_text(text, "Goal", about_mentor=about_mentor)
    assert len(found) == 1
    f = found[0]
    assert (f.guidance, f.severity) == ("G1.6", "warning")
    assert f.quote and f.quote.lower() in text.lower()
    words = {"job": "job", "promotion": "promotion", "quick change": "career change", "everything": "everything"}
    assert words[kind] in f.message


@pytest.mark.parametrize("text, about_mentor", QUIET)
def test_realism_leaves_goals_that_stay_yours(text, about_mentor):
    assert check_text(text, "Goal", about_mentor=about_mentor) == []


def test_a_promotion_is_flagged_only_when_the_mentor_delivers_it():
    assert check_text("I want a promotion next year.", "Goal") == []
    assert check_text("I want a promotion next year.", "Expectations", about_mentor=True)


def test_profile_expectations_are_read_as_about_the_mentor():
    found = check_profile(Profile(expectations="A promotion by spring."))
    assert [f.subject for f in found] == ["What you expect of a mentor"]
    assert check_profile(Profile(career_goals="A promotion by spring.")) == []


def test_goals_are_checked_in_title_and_description():
    goals = [Goal(title="Get a new job", description="My mentor should hire me."), Goal(title="Present well")]
    found = check_goals(goals)
    assert [f.subject for f in found] == ["Goal 'Get a new job'"]


def test_realism_check_skips_inactive_goals(new_workbook):
    new_workbook.add(Goal(title="Old", description="they will get me promoted", active=False))
    assert realism_check(new_workbook) == []
    new_workbook.add(Goal(title="New", description="they will get me promoted"))
    assert len(realism_check(new_workbook)) == 1


def test_profile_gaps_name_each_blank_part():
    gaps = profile_gaps(Profile(career_goals="Lead a team", help_wanted=["career"]))
    assert [f.guidance for f in gaps] == ["G1.2", "G1.3", "G1.4", "G1.7"]
    full = Profile(career_goals="a", skills="b", knowledge="c", alliances="d", help_wanted=["career"], ideal_mentor="e")
    assert profile_gaps(full) == []


def test_goal_gaps_ask_for_the_missing_levels():
    partial = Goal(title="Lead", level_0="lead a workstream")
    (gap,) = goal_gaps([partial])
    assert "-2, -1, +1, +2" in gap.message
    full = Goal(title="Lead", level_minus2="a", level_minus1="b", level_0="c", level_plus1="d", level_plus2="e")
    assert goal_gaps([full]) == []


def test_summary_of_an_empty_workbook_is_friendly(new_workbook):
    found = introspection_summary(new_workbook)
    assert all(f.severity == "info" for f in found)
    assert any("No goals yet" in f.message for f in found)


def test_profile_frame_has_a_row_per_question():
    frame = profile_frame(Profile(help_wanted=["career", "leadership"]))
    assert len(frame) == 7
    assert frame.loc[frame["guidance"] == "G1.5", "your answer"].item() == "career, leadership"
