"""Where the mentee stands on the six steps of the journey, and the one thing to do next.

Each step is 'not started', 'started' or 'done', judged from what the
workbook holds (the criteria are in each `_stepN` function); the next action
comes from the first step not done, or, once all are, from the running
relationship (the next meeting, G5.1, or drift, G5.5). Steps can overlap: a
later step may be under way while an earlier one still has gaps.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from .cadence import drift
from .closing import ENDING_WORDS, closing_offer
from .findings import Finding
from .interviews import interview_findings
from .introspection import PROFILE_PROMPTS, realism_check
from .outreach import request_state
from .screening import CLOSED, is_excluded, screen

if TYPE_CHECKING:
    import pandas as pd

    from .store import Workbook

NOT_STARTED, STARTED, DONE = "not started", "started", "done"
MEETINGS_FOR_DONE = 3
INFORMAL_MEETINGS = 2  # G4.8: this many meetings without a formal ask are mentoring all the same
CHECKINS_FOR_DONE = 2


@dataclass(frozen=True)
class Step:
    """One step of the journey and how far the mentee has come with it."""

    number: int
    name: str
    notebook: str
    state: str
    detail: str
    action: str  # what to do next in this step ('' when done)
    guidance: str
    attention: tuple[Finding, ...] = ()  # warnings worth a look even when the step is done


@dataclass(frozen=True, repr=False)
class Journey:
    """The six steps, the next suggested action and the notebook to open for it."""

    mentee: str
    as_of: dt.date
    steps: tuple[Step, ...]
    next_action: str
    next_notebook: str
    attention: tuple[Finding, ...] = field(default=())

    @property
    def done(self) -> int:
        return sum(s.state == DONE for s in self.steps)

    @property
    def current(self) -> Step | None:
        """The first step not done yet (None when all six are)."""
        return next((s for s in self.steps if s.state != DONE), None)

    def frame(self) -> "pd.DataFrame":
        """The steps as a table: step, name, notebook, state, detail, next."""
        return pd.DataFrame(
            [(s.number, s.name, s.notebook, s.state, s.detail, s.action) for s in self.steps],
            columns=["step", "name", "notebook", "state", "detail", "next"],
        )

    def __str__(self) -> str:
        lines = [f"{self.mentee}: {self.done} of 6 steps done (as of {self.as_of.isoformat()})"]
        marks = {DONE: "[x]", STARTED: "[~]", NOT_STARTED: "[ ]"}
        lines += [f"  {marks[s.state]} {s.number}. {s.name} ({s.notebook}): {s.detail}" for s in self.steps]
        lines.append(f"Next: {self.next_action} (notebook {self.next_notebook})")
        lines += [f"Also: {f}" for f in self.attention]
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        colours = {DONE: "#2e7d32", STARTED: "#ef6c00", NOT_STARTED: "#9e9e9e"}
        symbols = {DONE: "&#10003;", STARTED: "&#9680;", NOT_STARTED: "&#9675;"}
        rows = "".join(
            f"<tr><td style='color:{colours[s.state]};font-size:1.2em;text-align:center'>{symbols[s.state]}</td>"
            f"<td><b>{s.number}. {html.escape(s.name)}</b><br><small>{html.escape(s.notebook)}</small></td>"
            f"<td>{html.escape(s.state)}</td><td>{html.escape(s.detail)}</td></tr>"
            for s in self.steps
        )
        also = "".join(f"<li>{html.escape(str(f))}</li>" for f in self.attention)
        return (
            f"<div class='mk-journey'><p><b>{html.escape(self.mentee)}</b>: {self.done} of 6 steps done "
            f"(as of {self.as_of.isoformat()}).</p>"
            f"<table>{rows}</table>"
            f"<p class='mk-next-action'><b>Next:</b> {html.escape(self.next_action)} "
            f"(open <code>{html.escape(self.next_notebook)}</code>)</p>"
            + (f"<p>Also worth a look:</p><ul>{also}</ul>" if also else "")
            + "</div>"
        )


def _state(done: bool, started: bool) -> str:
    return DONE if done else STARTED if started else NOT_STARTED


def _step1(wb: "Workbook") -> Step:
    """Introspection: done with career goals, the help wanted, the ideal mentor and at least one active goal."""
    profile = wb.profile
    goals = [g for g in wb.records("goals") if g.active]
    answered = [f for _, f, _ in PROFILE_PROMPTS if getattr(profile, f)]
    key = ("career_goals", "help_wanted", "ideal_mentor")
    missing = [(gid, prompt) for gid, f, prompt in PROFILE_PROMPTS if f in key and not getattr(profile, f)]
    done = not missing and bool(goals)
    if missing:
        gid, prompt = missing[0]
        action = f"Write down {prompt} ({gid})."
    elif not goals:
        action = "Add one or two goals that stay yours to reach (G1.1, G1.6)."
    else:
        action = ""
    warnings = tuple(f for f in realism_check(wb) if f.severity != "info")
    return Step(1, "Introspection", "01_introspection", _state(done, bool(answered or goals)),
                f"{len(answered)} of {len(PROFILE_PROMPTS)} questions answered, {len(goals)} goal(s)",
                action, "G1.1-G1.10", warnings)


def _step2(wb: "Workbook") -> Step:
    """Candidate research: done once at least one candidate passes the screening and is still in the running."""
    people = wb.records("candidates")
    open_ = [c for c in people if not is_excluded(screen(c)) and c.status not in CLOSED]
    done = bool(open_)
    if not people:
        action = "List a few people you could learn from, inside and outside your organisation (G2.1, G2.6)."
    elif not open_:
        action = ("Every candidate is ruled out or closed: look further, outside your reporting line and circle "
                  "(G2.3, G2.4).")
    else:
        action = ""
    return Step(2, "Candidate research", "02_candidate_research", _state(done, bool(people)),
                f"{len(people)} candidate(s), {len(open_)} in the running", action, "G2.1-G2.9")


def _step3(wb: "Workbook", as_of: dt.date) -> Step:
    """Building the connection: done once a talk has been starred as with a potential mentor (or a request went out)."""
    talks = [t for t in wb.records("interviews") if t.date <= as_of]
    starred = [t for t in talks if t.star]
    asked = any(r.sent_on for r in wb.records("requests"))
    done = bool(starred) or asked
    if not talks:
        action = "Ask a candidate for a short informational interview, 5 to 10 minutes (G3.1, G3.2)."
    elif not done:
        action = "Hold a few more talks and star the people whose talks flowed best (G3.4)."
    else:
        action = ""
    warnings = tuple(f for f in interview_findings(wb, as_of) if f.severity != "info") if talks else ()
    return Step(3, "Building the connection", "03_informational_interviews", _state(done, bool(talks)),
                f"{len(talks)} talk(s), {len(starred)} potential mentor(s) starred", action, "G3.1-G3.9", warnings)


def _step4(wb: "Workbook", as_of: dt.date) -> Step:
    """The request: done once a request was accepted (written or in person, G4.7), an agreement is recorded,
    or you meet someone regularly without a formal ask (informal mentoring, G4.8)."""
    requests = [r for r in wb.records("requests") if r.drafted_on is None or r.drafted_on <= as_of]
    accepted = [r for r in requests if r.outcome == "accepted" and (r.outcome_on or r.sent_on or as_of) <= as_of]
    agreement = wb.agreement
    meetings = [m for m in wb.records("meetings") if m.date <= as_of]
    informal = not accepted and agreement is None and len(meetings) >= INFORMAL_MEETINGS
    done = bool(accepted) or agreement is not None or informal
    if not requests and not done:
        action = ("Ask a starred candidate, in person if you can (G4.7), or in writing: a plan, at most monthly, "
                  "no job asked, room to say no (G4.1-G4.5). A formal label is optional (G4.8).")
    elif not done:

        states = [request_state(r, as_of)[0] for r in requests]
        if "waiting" in states:
            action = "Give them time to think it over, without pressing (G4.4)."
        elif "draft" in states:
            action = "Check your request and make it: send the draft, or ask in person (G4.1-G4.5, G4.7)."
        else:
            action = "A no is normal: move on to your next candidate (G4.6)."
    else:
        action = ""
    if agreement is not None:
        detail = f"agreement from {agreement.start.isoformat()}" + (
            f" with {agreement.mentor_name}" if agreement.mentor_name else "")
    elif informal:
        detail = f"informal mentoring: {len(meetings)} meeting(s) without a formal ask (G4.8)"
    else:
        in_person = sum(r.channel == "in_person" for r in accepted)
        detail = f"{len(requests)} request(s), {len(accepted)} accepted" + (
            f" ({in_person} in person)" if in_person else "")
    return Step(4, "The request", "04_request_drafting", _state(done, bool(requests) or bool(meetings)), detail,
                action, "G4.1-G4.8")


def _step5(wb: "Workbook", as_of: dt.date) -> Step:
    """The relationship: started with the first meeting, done (well under way) after three."""
    meetings = [m for m in wb.records("meetings") if m.date <= as_of]
    done = len(meetings) >= MEETINGS_FOR_DONE
    if not meetings:
        action = "Book your first meeting; before it, set your objectives for it (G5.1, G5.2)."
    elif not done:
        action = "After each meeting, write down the actions and next steps (G5.3)."
    else:
        action = ""
    last = max((m.date for m in meetings), default=None)
    detail = f"{len(meetings)} meeting(s)" + (f", the last on {last.isoformat()}" if last else "")
    return Step(5, "The relationship", "05_meetings_and_evaluation", _state(done, bool(meetings)),
                detail, action, "G5.1-G5.11")


def _step6(wb: "Workbook", as_of: dt.date) -> Step:
    """Evaluation: started with the first two-way check-in, done with two (a trend)."""
    checkins = [c for c in wb.records("checkins") if c.date <= as_of]
    done = len(checkins) >= CHECKINS_FOR_DONE
    if not checkins:
        action = "Once a few meetings are behind you, check in on whether both of you find value in it (G6.1, G6.2)."
    elif not done:
        action = "Check in again in a couple of months to see the trend (G6.1)."
    else:
        action = ""
    return Step(6, "Evaluation", "05_meetings_and_evaluation", _state(done, bool(checkins)),
                f"{len(checkins)} check-in(s)", action, "G6.1-G6.5")


def _ongoing(wb: "Workbook", as_of: dt.date) -> str:
    """Once every step is done: the next meeting, or a nudge when the relationship is drifting."""
    state = drift(wb, as_of=as_of)
    if state.ended:
        agreement = state.agreement
        assert agreement is not None and agreement.ended_on is not None  # `ended` says both are there
        how = ENDING_WORDS.get(agreement.ending, agreement.ending)
        return (f"Your mentoring relationship ended on {agreement.ended_on.isoformat()} ({how}). Keep in touch now "
                "and then (G3.8, G6.5); when you want a new mentor, start again from your candidates (notebook 02).")
    offer = closing_offer(wb, as_of)
    if offer.due and any(f.severity == "warning" for f in offer.findings):
        return f"{offer.reason} The closing conversation is in notebook 05."
    if state.drifting:
        return (f"{state.days_since_last} days since your last meeting: protect the time and book the next one "
                "now (G5.5).")
    if state.next_due is not None:
        return (f"Prepare your next meeting, due around {state.next_due.isoformat()}: review your goals, reread the "
                "last notes, set objectives (G5.1).")
    return "Keep going: prepare each meeting and follow through on your actions (G5.1, G5.4)."


def _relationship_attention(wb: "Workbook", as_of: dt.date) -> tuple[Finding, ...]:
    """The running relationship's warnings: meeting more often than agreed (G6.3), a closing to hold (G6.4)."""
    if wb.agreement is None and not wb.count("meetings"):
        return ()
    pace = tuple(f for f in drift(wb, as_of=as_of).findings() if f.guidance == "G6.3")
    return pace + closing_offer(wb, as_of).findings


def journey(workbook: "Workbook", as_of: dt.date) -> Journey:
    """How far the mentee has come through the six steps, as of `as_of`, and what to do next."""
    steps = (_step1(workbook), _step2(workbook), _step3(workbook, as_of), _step4(workbook, as_of),
             _step5(workbook, as_of), _step6(workbook, as_of))
    current = next((s for s in steps if s.state != DONE), None)
    if current is None:
        action, notebook = _ongoing(workbook, as_of), "05_meetings_and_evaluation"
    else:
        action, notebook = f"Step {current.number}, {current.name.lower()}: {current.action}", current.notebook
    attention = tuple(f for s in steps for f in s.attention) + _relationship_attention(workbook, as_of)
    return Journey(workbook.mentee_name, as_of, steps, action, notebook, attention)
