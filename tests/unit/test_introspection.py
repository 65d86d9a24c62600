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


# -- who delivers the outcome: indirect hand-overs, and outcomes the mentee owns ------------------------

HANDED_OVER = [
    "I'd like them to make sure my name comes up when the team expands.",
    "My mentor should be able to get my foot in at the council.",
    "Someone senior who can champion me for the next grade.",
    "A mentor whose word carries weight with the partners.",
    "They could hand my portfolio to the creative director.",
    "I'm hoping that knowing them will be enough to get me shortlisted.",
    "Land me a couple of interviews.",
    "Help me break into journalism within a fortnight.",
    "Be a data analyst by next month with my mentor's help.",
    "Sort my career out.",
    "Connect me to the people who decide on promotions.",
    "My mentor will speak to the headteacher about my promotion.",
    "Help me get noticed by the people who make hiring decisions.",
    "Ask their colleagues to consider me for roles.",
    "Help me land a role on a product team.",
    "Keep an eye out for openings and pass my name along.",
    "My mentor's contacts are how I'll get there.",
]
OWNED = [
    "Help me prepare my promotion case.",
    "Understand what the partners look for when they promote.",
    "Build my own network by going to two events a month.",
    "Get honest feedback on whether I'm ready to apply for senior roles.",
    "Prepare for the promotion board with mock questions.",
    "Learn how they got their first job in the industry.",
    "Introductions to a couple of people I could learn from, if they're happy to.",
    "Move into UX over eighteen months by building a portfolio.",
    "Help me decide between two job offers; the choice stays mine.",
    "Be ready to interview for a team lead post by spring.",
    "I'm not looking for a referral or a job, just someone to think my options through with.",
    "Getting there is my job; I want someone who has made this move to tell me what they see.",
]


@pytest.mark.parametrize("text", HANDED_OVER)
def test_indirect_hand_overs_are_flagged(text):
    assert [f.guidance for f in check_text(text, "Expectations", about_mentor=True)] == ["G1.6"]


@pytest.mark.parametrize("text", OWNED)
def test_outcomes_the_mentee_owns_pass(text):
    assert check_text(text, "Expectations", about_mentor=True) == []
