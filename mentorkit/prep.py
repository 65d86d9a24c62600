"""The prep sheet for the next meeting (G5.1, G5.2): goals, the last notes, open actions, what was done since.

Before each meeting a mentee reviews the goals, rereads the last notes,
checks what is still open and sums up what they did since; then opens the
meeting with a few objectives. `prep_sheet` gathers all of it from the
workbook, and `PrepSheet.to_markdown()` lays it out on one page (user text
HTML-escaped, so a note never turns into markup).
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .cadence import drift
from .model import ActionItem, Feedback, Goal, Meeting

if TYPE_CHECKING:
    from .store import Workbook

LEVEL_WORDS = {-2: "much less than expected", -1: "less than expected", 0: "the expected level",
               1: "more than expected", 2: "much more than expected"}


@dataclass(frozen=True)
class GoalStatus:
    """An active goal, its latest level on the GAS scale and what the next level up looks like."""

    goal: Goal
    level: int
    since: dt.date | None  # when that level was recorded (None: the baseline)

    @property
    def next_level_text(self) -> str:
        names = {-2: "level_minus1", -1: "level_0", 0: "level_plus1", 1: "level_plus2"}
        return getattr(self.goal, names[self.level]) if self.level in names else ""


@dataclass(frozen=True)
class OpenAction:
    action: ActionItem
    due: dt.date | None  # the renegotiated due date when there is one
    overdue: bool


@dataclass
class PrepSheet:
    """Everything to review before the next meeting, and suggested objectives for it."""

    as_of: dt.date
    next_meeting: dt.date | None
    last_meeting: Meeting | None
    goals: list[GoalStatus] = field(default_factory=list)
    open_actions: list[OpenAction] = field(default_factory=list)
    done_since: list[ActionItem] = field(default_factory=list)
    feedback_to_answer: list[Feedback] = field(default_factory=list)
    objectives: list[str] = field(default_factory=list)
    reminders: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return self.last_meeting is None and not self.goals and not self.open_actions

    def to_markdown(self) -> str:
        """The sheet as Markdown; every piece of the mentee's text is HTML-escaped."""
        def e(text: str) -> str:
            return html.escape(text, quote=False)

        when = f"{self.next_meeting:%A %d %B %Y}" if self.next_meeting else "not planned yet"
        lines = [f"### Prep sheet for the next meeting ({when})", ""]
        if self.empty:
            lines += ["Nothing here yet: add your goals (notebook 01) and log your first meeting below; the sheet "
                      "fills itself from them (G5.1)."]
            return "\n".join(lines)
        lines += ["**1. Your goals** (G5.1: review them first)", ""]
        for g in self.goals:
            nxt = f" Next level up: {e(g.next_level_text)}." if g.next_level_text else ""
            lines.append(f"- {e(g.goal.title)}: at {LEVEL_WORDS[g.level]} ({g.level:+d}).{nxt}")
        if not self.goals:
            lines.append("- No active goals: set them in notebook 01.")
        lines += ["", "**2. Last meeting**", ""]
        if self.last_meeting is None:
            lines.append("- None yet: this will be your first.")
        else:
            m = self.last_meeting
            lines.append(f"- {m.date:%d %b %Y}, objectives: {e(m.objectives) or '(none recorded)'}")
            lines.append(f"- Notes: {e(m.notes) or '(no notes)'}")
        lines += ["", "**3. Open actions**", ""]
        for a in self.open_actions:
            due = f"due {a.due:%d %b %Y}" if a.due else "no due date"
            flag = " **overdue: do it, or renegotiate it before the meeting (G5.4)**" if a.overdue else ""
            lines.append(f"- [{a.action.owner}] {e(a.action.description)} ({due}){flag}")
        if not self.open_actions:
            lines.append("- None open.")
        lines += ["", "**4. Done since the last meeting** (sum it up for your mentor)", ""]
        lines += ([f"- {e(a.description)} (done {a.done_on:%d %b %Y})" for a in self.done_since]
                  or ["- Nothing recorded yet."])
        if self.feedback_to_answer:
            lines += ["", "**5. Feedback to respond to** (G5.8: the critical kind is a sign of trust)", ""]
            lines += [f"- {f.date:%d %b %Y} ({f.kind}): {e(f.text)}" for f in self.feedback_to_answer]
        lines += ["", "**Suggested objectives to open with** (G5.2)", ""]
        lines += [f"{i}. {e(o)}" for i, o in enumerate(self.objectives, 1)]
        if self.reminders:
            lines += ["", "**Reminders**", ""] + [f"- {e(r)}" for r in self.reminders]
        return "\n".join(lines)


def _latest_levels(wb: "Workbook", as_of: dt.date) -> dict[int, tuple[int, dt.date]]:
    latest: dict[int, tuple[int, dt.date]] = {}
    for gl in sorted(wb.records("goal_levels"), key=lambda r: (r.date, r.id or 0)):
        if gl.date <= as_of:
            latest[gl.goal_id] = (gl.level, gl.date)
    return latest


def prep_sheet(wb: "Workbook", as_of: dt.date) -> PrepSheet:
    """Gather the prep sheet for the next meeting after `as_of` from the workbook (G5.1, G5.2, G5.4, G5.8, G5.9)."""
    meetings = sorted((m for m in wb.records("meetings") if m.date <= as_of), key=lambda m: (m.date, m.id or 0))
    last = meetings[-1] if meetings else None
    plan = drift(wb, as_of=as_of)
    soonest = last.date + dt.timedelta(days=plan.interval / 2) if last else as_of  # a plan date just met is covered
    upcoming = [d for d in plan.planned if d > as_of and d > soonest]
    next_meeting = upcoming[0] if upcoming else plan.next_due

    levels = _latest_levels(wb, as_of)
    goals = []
    for g in wb.records("goals"):
        if g.active and g.id is not None:  # a stored goal has its id
            level, since = levels.get(g.id, (g.baseline_level, None))
            goals.append(GoalStatus(g, level, since))

    open_actions, done_since = [], []
    for a in wb.records("actions"):
        if a.status in ("open", "renegotiated"):
            due = a.renegotiated_due if a.status == "renegotiated" else a.due
            open_actions.append(OpenAction(a, due, due is not None and due < as_of))
        elif (a.status == "done" and a.done_on is not None and a.done_on <= as_of
              and (last is None or a.done_on > last.date)):
            done_since.append(a)
    open_actions.sort(key=lambda o: (o.due is None, o.due or as_of))
    feedback = [f for f in wb.records("feedback") if f.date <= as_of and not f.response.strip()
                and f.kind in ("critical", "suggestion")]

    objectives: list[str] = []
    for o in open_actions:
        if o.action.owner == "mentee" and o.overdue:
            objectives.append(f"Renegotiate or close: {o.action.description}")
    for f in feedback[-2:]:
        objectives.append(f"Tell your mentor what you did with their {f.kind} feedback of {f.date:%d %b}")
    behind = sorted((g for g in goals if g.level < 0), key=lambda g: (g.level, -g.goal.weight))
    for status in behind[:2]:
        expected = status.goal.level_0 or "agree what that looks like"
        objectives.append(f"Move '{status.goal.title}' towards its expected level: {expected}")
    if not objectives:
        objectives.append("Share what you did since the last meeting and ask for feedback on the next step")
    objectives = objectives[:4]

    reminders = ["Reread the notes above and set at most three objectives; open the meeting with them (G5.2).",
                 "After the meeting, write the actions with an owner and a due date (G5.3)."]
    if last is not None:
        reminders.append("Between meetings, set aside time to act on what you heard; some of it you will work out "
                         "on your own, and that is worth telling your mentor too (G5.10).")
        reminders.append("Give back when you can: what a mentor usually enjoys most is watching you grow, so say "
                         "what came of their advice, and keep an eye out for an article, a contact or data they "
                         "could use. A habit of attention, not a score to keep (G5.9).")
    reminders.append("You need not arrive with every question or answer ready: come for a conversation, and "
                     "expect not to get everything right (G5.11).")
    if plan.drifting:
        reminders.append(f"{plan.days_since_last} days since the last meeting: book this one now (G5.5).")
    return PrepSheet(as_of, next_meeting, last, goals, open_actions, done_since, feedback, objectives, reminders)
