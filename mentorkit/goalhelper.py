"""Worked examples of goals with their five Goal Attainment Scaling levels, to adapt rather than write from scratch.

Step 1 can feel like a lot before any mentor is in sight. One goal is enough
to begin; these examples show what the five levels look like for the kinds
of goal the guidance names (G1.1 to G1.4), so a mentee can pick the closest
one, change the words to fit their life, and save it. Every example keeps the
outcome the mentee's own (G1.6): it names what they will do, never what a
mentor will hand them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from .errors import InvalidChoiceError
from .model import Goal

if TYPE_CHECKING:
    import pandas as pd

LEVEL_FIELDS = ("level_minus2", "level_minus1", "level_0", "level_plus1", "level_plus2")
LEVEL_NAMES = ("-2: much less than hoped", "-1: somewhat less", "0: what you expect", "+1: somewhat more",
               "+2: much more")


@dataclass(frozen=True)
class GoalExample:
    """One worked example: a title, its area, what it means, and five levels from -2 to +2."""

    key: str
    title: str
    area: str
    guidance: str
    description: str
    levels: tuple[str, str, str, str, str]

    def goal(self, **overrides: Any) -> Goal:
        """The example as a Goal to save (baseline -1: a little below what you expect, the usual start)."""
        fields = dict(title=self.title, area=self.area, description=self.description, baseline_level=-1,
                      **dict(zip(LEVEL_FIELDS, self.levels)))
        fields.update(overrides)
        return Goal(**fields)


EXAMPLES: tuple[GoalExample, ...] = (
    GoalExample("lead", "Lead a small team's work", "career", "G1.1",
                "Take on leading people, first on one piece of work, then as a role.",
                ("No part in leading anyone's work yet", "Lead one short project, with help",
                 "Lead a standing piece of work with two or three colleagues for six months",
                 "Stand in as team lead for a full quarter", "Take up a team lead role")),
    GoalExample("present", "Present to senior people with confidence", "skill", "G1.2",
                "Turn my work into a short story with a clear ask, and stay calm under questions.",
                ("Others present my work for me", "Present once, reading from notes",
                 "Present twice a quarter with a clear recommendation",
                 "Asked back to present a follow-up", "A proposal I presented is approved")),
    GoalExample("understand", "Understand how another field works", "knowledge", "G1.3",
                "Learn how decisions, money and careers work in a field or organisation I want to know.",
                ("Still guessing how it works", "Read about it, no conversations yet",
                 "Talked with three people in it and can explain how decisions are made there",
                 "Wrote a one-page comparison with my own field and shared it",
                 "Took part in a piece of work in that field")),
    GoalExample("allies", "Build a circle of peers outside my team", "alliance", "G1.4",
                "Know people in other teams or organisations well enough to ask them for advice.",
                ("No contacts beyond my team", "Two or three people I have met once",
                 "Five people I could call for advice", "Organise one meetup or shared session",
                 "A peer group that meets every quarter")),
    GoalExample("decide", "Make a clear decision about my next step", "career", "G1.5",
                "Weigh the options for my next move and choose one on purpose, not by drift.",
                ("No options written down", "Two options named, not explored",
                 "Three options explored with people who know them, and one chosen",
                 "The chosen step planned with dates", "The first step taken")),
)
BY_KEY = {e.key: e for e in EXAMPLES}


def example(key: str) -> GoalExample:
    """An example by key, with a clear error naming the known keys."""
    try:
        return BY_KEY[key]
    except KeyError:
        raise InvalidChoiceError(f"goal example {key!r} is not one of {', '.join(BY_KEY)}") from None


def examples_frame() -> "pd.DataFrame":
    """The examples as a table: key, goal, area, guidance and the five levels (columns -2 to +2)."""
    rows = [{"key": e.key, "goal": e.title, "area": e.area, "guidance": e.guidance,
             **dict(zip(("-2", "-1", "0", "+1", "+2"), e.levels))} for e in EXAMPLES]
    return pd.DataFrame(rows, columns=["key", "goal", "area", "guidance", "-2", "-1", "0", "+1", "+2"])


def fill_form(form: Any, key: str) -> None:
    """Put an example's words into a goal `RecordForm`'s inputs, to edit before saving (nothing is saved)."""
    goal = example(key).goal()
    form.select(None)
    for name in ("title", "area", "description", "baseline_level", *LEVEL_FIELDS):
        if name in form.inputs:
            form.specs[name].write(form.inputs[name], getattr(goal, name))
