"""Notebook 01: the profile (G1.1 to G1.8), goals with five levels each, and the realism check (G1.6)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from .. import goalhelper
from .. import introspection as rules
from .section import Section

if TYPE_CHECKING:
    from ..forms import Shown
    from ..store import Workbook

PROFILE_HINTS = {
    "career_goals": "G1.1: where you want to be, in your own words.",
    "skills": "G1.2: the abilities you want to grow.",
    "knowledge": "G1.3: organisations, industries or fields to learn about.",
    "alliances": "G1.4: the people and groups you want to work with.",
    "help_wanted": "G1.5: pick one or more (Ctrl/Cmd-click).",
    "ideal_mentor": "G1.7: someone you respect, with values like yours.",
    "expectations": "G1.6: what you expect of a mentor, and of the relationship.",
}
GOAL_FIELDS = ["title", "description", "area", "baseline_level", "level_minus2", "level_minus1", "level_0",
               "level_plus1", "level_plus2", "weight", "created_on", "active"]
GOAL_LABELS = {"level_minus2": "-2: much less", "level_minus1": "-1: somewhat less", "level_0": "0: expected",
               "level_plus1": "+1: somewhat more", "level_plus2": "+2: much more", "baseline_level": "Baseline level"}
GOAL_HINTS = {"title": "G1.1: a goal you can reach by your own effort (G1.6).",
              "weight": "Only matters with two or more goals: a bigger weight for the one that matters most."}
GOAL_FORM_COLUMNS = ["id", "title", "area", "weight", "baseline_level", "active"]
GOAL_COLUMNS = {"title": "goal", "area": "area", "weight": "weight", "baseline_level": "baseline",
                "level_0": "the expected outcome (0)", "active": "active"}
EXAMPLE_COLUMNS = {"goal": "goal", "area": "area", "guidance": "G", "-2": "-2", "-1": "-1", "0": "0 (expected)",
                   "+1": "+1", "+2": "+2"}


def profile_check(book: "Workbook") -> "Shown":
    """The realism check and the gaps of the saved profile."""
    from ..forms import findings_view

    profile = book.profile
    return findings_view(
        rules.check_profile(profile) + rules.profile_gaps(profile),
        "Your profile is complete and keeps the outcome in your hands.",
        title="Realism check and gaps",
    )


def goal_check(book: "Workbook") -> "Shown":
    """The realism check and the gaps of the active goals."""
    from ..forms import findings_view

    goals = [g for g in book.records("goals") if g.active]
    return findings_view(
        rules.check_goals(goals) + rules.goal_gaps(goals),
        "Every goal is yours to reach, and its levels are described.",
        title="Realism check on your goals",
    )


def profile_section(wb: "Workbook", interactive: bool) -> Section:
    """The profile form with its live check (interactive), then the answers so far (and the check, unattended)."""
    from ..forms import ProfileForm, frame_view

    form = None
    if interactive:
        form = ProfileForm(wb, hints=PROFILE_HINTS)
        form.live(profile_check)
    answers = frame_view(rules.profile_frame(wb.profile), title="Your answers so far")
    return Section(form, answers, None if interactive else profile_check(wb), form=form)


def goal_examples() -> Section:
    """The worked examples: five levels for one goal each."""
    from ..forms import frame_view

    return Section(frame_view(goalhelper.examples_frame(), title="Worked examples: five levels for one goal each",
                              columns=EXAMPLE_COLUMNS))


def goal_form(wb: "Workbook", today: dt.date):
    """The goal form: GAS levels labelled -2 to +2, created today, with the goals' realism check beside it."""
    from ..forms import RecordForm

    form = RecordForm(wb, "goals", fields=GOAL_FIELDS, labels=GOAL_LABELS, defaults={"created_on": lambda: today},
                      columns=GOAL_FORM_COLUMNS, hints=GOAL_HINTS)
    form.live(goal_check)
    return form


def goal_section(wb: "Workbook", today: dt.date, interactive: bool) -> Section:
    """The example picker and the goal form (interactive), then the goals so far (and their check, unattended)."""
    from ..forms import GoalExamplePicker, frame_view

    form = picker = None
    if interactive:
        form = goal_form(wb, today)
        picker = GoalExamplePicker(target=form)
    goals = frame_view(wb.table("goals"), "No goals yet: one is enough to begin. Start from a worked example above "
                       "(with interactive = True).", title="Your goals", columns=GOAL_COLUMNS)
    return Section(picker, form, goals, None if interactive else goal_check(wb), form=form, picker=picker)


def realism_section(wb: "Workbook") -> Section:
    """Every flag of the realism check over the profile and the goals (G1.6)."""
    from ..forms import findings_view

    realism = rules.realism_check(wb)
    return Section(findings_view(realism, "Nothing hands the outcome to a mentor: your goals stay yours.",
                                 title=f"Realism check: {len(realism)} flag(s)"))
