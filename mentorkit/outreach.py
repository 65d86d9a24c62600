"""Mentoring requests and their outcomes, and who to ask next after a no (G4.4, G4.6).

A request is pending, accepted, declined or no_answer. A pending request
that was sent more than `wait_days` ago (21 by default) counts as no answer:
a silence that long is a kind no. After a decline or a no answer, the next
person to ask is the best-ranked candidate of the screening shortlist who is
still in the running and has not been asked yet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import pandas as pd

from .findings import Finding
from .model import Candidate, Request
from .screening import is_excluded, screen, shortlist, talked_with

if TYPE_CHECKING:
    import pandas as pd

    from .store import Workbook

NO_ANSWER_AFTER_DAYS = 21
OUTCOMES = ("pending", "accepted", "declined", "no_answer")
STATUS_COLUMNS = ["id", "candidate_id", "candidate", "drafted_on", "sent_on", "outcome", "state", "days_waiting",
                  "next_step"]  # `request_status` adds `channel` (written or in_person, G4.7) after these

State = Literal["draft", "waiting", "no_answer", "declined", "accepted"]
NextAction = Literal["have_mentor", "wait", "send_draft", "ask_next", "find_more"]
_ACTION_OF: dict[str, NextAction] = {"accepted": "have_mentor", "waiting": "wait", "draft": "send_draft"}


def request_state(request: Request, as_of: dt.date, wait_days: int = NO_ANSWER_AFTER_DAYS) -> tuple[State, int | None]:
    """Where a request stands on `as_of`, and how many days it has waited (None before it is sent).

    A pending request never sent (or, in person, not made yet) is a draft; sent within `wait_days`, waiting;
    sent longer ago than that, no answer. An outcome dated after `as_of` is not known yet. An answered
    request waits no longer: its days are None.
    """
    sent = request.sent_on if request.sent_on is not None and request.sent_on <= as_of else None
    decided = request.outcome_on or request.sent_on
    if request.outcome != "pending" and (decided is None or decided <= as_of):
        return request.outcome, None  # answered: nothing is waiting any more
    if sent is None:
        return "draft", None
    waited = (as_of - sent).days
    return ("no_answer" if waited > wait_days else "waiting"), waited


def _agreed_with(wb: "Workbook", candidate_id: int) -> bool:
    """Whether an agreement with this candidate is recorded."""
    return any(a.candidate_id == candidate_id for a in wb.records("agreements"))


def _step(state: State, request: Request, name: str, wait_days: int, agreed: bool = False,
          has_mentor: bool = False) -> str:
    in_person = request.channel == "in_person"
    if state in ("declined", "no_answer") and has_mentor:
        return f"{name} did not take it up, and you have a mentor now: keep in touch now and then (G3.8)."
    if state == "accepted" and agreed:
        return f"{name} said yes and your agreement is recorded: prepare each meeting (notebook 05, G5.1)."
    if state == "accepted":
        return f"{name} said yes: agree the plan together and record the agreement (G4.2)."
    if state == "waiting" and in_person:
        assert request.sent_on is not None  # waiting: it was sent
        until = request.sent_on + dt.timedelta(days=wait_days)
        return (f"You asked {name} in person: let them sleep on it, until about {until:%d %b %Y}, "
                "without pressing (G4.7, G4.4).")
    if state == "draft" and in_person:
        return (f"Plan the conversation with {name}: invite them to talk about your career, define the "
                "relationship there, and if they seem unsure, suggest they sleep on it (G4.7). Record the date.")
    if state == "declined":
        return f"{name} said no, which is normal: thank them, keep in touch, and ask the next person (G4.6)."
    if state == "no_answer":
        return (f"No answer from {name}: take the silence as a kind no, and ask the next person (G4.6). "
                "A single friendly follow-up is fine; chasing is not (G4.4).")
    if state == "waiting":
        assert request.sent_on is not None  # waiting: it was sent
        until = request.sent_on + dt.timedelta(days=wait_days)
        return f"Give {name} time to think it over, until about {until:%d %b %Y}, without pressing (G4.4)."
    return f"Check the draft to {name} (G4.1 to G4.5), then send it and record the date."


def _names(wb: "Workbook") -> dict[int, Candidate]:
    return {c.id: c for c in wb.records("candidates") if c.id is not None}  # a stored record has its id


def request_status(wb: "Workbook", as_of: dt.date, *, wait_days: int = NO_ANSWER_AFTER_DAYS) -> "pd.DataFrame":
    """Every request with its state on `as_of`, the days it has waited and the next step."""
    people = _names(wb)
    current = wb.agreement
    mentored = current is not None and (current.ended_on is None or current.ended_on > as_of) and current.start <= as_of
    rows = []
    for r in wb.records("requests"):
        state, waited = request_state(r, as_of, wait_days)
        name = people[r.candidate_id].name if r.candidate_id in people else f"candidate {r.candidate_id}"
        rows.append([r.id, r.candidate_id, name, r.drafted_on, r.sent_on, r.outcome, state, waited,
                     _step(state, r, name, wait_days, _agreed_with(wb, r.candidate_id), mentored), r.channel])
    frame = pd.DataFrame(rows, columns=[*STATUS_COLUMNS, "channel"])
    frame["days_waiting"] = frame["days_waiting"].astype("Int64")
    return frame


@dataclass(frozen=True)
class NextStep:
    """What to do about requests now: who to ask, or why to wait (G4.4, G4.6)."""

    action: NextAction
    message: str
    candidate_id: int | None = None
    candidate: str = ""
    findings: list[Finding] = field(default_factory=list)

    def __str__(self) -> str:
        return self.message


def _ranked(wb: "Workbook") -> list[int]:
    """Candidate ids in the screening shortlist's order."""
    frame = shortlist(wb)
    return [int(i) for i in frame["id"] if i is not None and i == i]


def next_candidate(wb: "Workbook", as_of: dt.date, *, wait_days: int = NO_ANSWER_AFTER_DAYS) -> NextStep:
    """The next step with requests on `as_of`: keep your mentor, wait, send the draft, or ask the next candidate.

    In that order: an accepted request means you have a mentor; a request
    still within `wait_days` means wait; an unsent draft means check and send
    it; otherwise (a decline, a no answer, or nobody asked yet) the next
    person is the best-ranked eligible candidate of the shortlist who has
    not been asked, preferring someone you have already built a connection
    with (G3.1).
    """
    people = _names(wb)
    requests = [r for r in wb.records("requests") if r.drafted_on is None or r.drafted_on <= as_of]
    states = [(r, *request_state(r, as_of, wait_days)) for r in requests]

    def name(r: Request) -> str:
        return people[r.candidate_id].name if r.candidate_id in people else f"candidate {r.candidate_id}"

    for state in ("accepted", "waiting", "draft"):
        match = [(r, waited) for r, s, waited in states if s == state]
        if match:
            r, _ = match[-1]
            action = _ACTION_OF[state]
            gid = {"accepted": "G4.2", "waiting": "G4.4", "draft": "G4.1"}[state]
            message = _step(state, r, name(r), wait_days, _agreed_with(wb, r.candidate_id))
            return NextStep(action, message, r.candidate_id, name(r), [Finding(gid, "info", message, subject=name(r))])

    asked = {r.candidate_id for r in requests}
    closed = ("declined", "not_pursued", "mentor", "asked")
    open_ids = [i for i in _ranked(wb) if i in people and i not in asked and people[i].status not in closed]

    eligible = [i for i in open_ids if not is_excluded(screen(people[i]))]

    talked = talked_with(wb)
    connected = [i for i in eligible if people[i].relationship == "acquaintance" or people[i].status == "interviewed"
                 or i in talked]
    findings = []
    ended = [(r, s) for r, s, _ in states if s in ("declined", "no_answer")]
    if ended:
        r, s = ended[-1]
        what = "said no" if s == "declined" else f"did not answer within {wait_days} days"
        findings.append(Finding("G4.6", "info", f"{name(r)} {what}. A no is normal; it says nothing about you. "
                                                "Keep going.", subject=name(r)))
    if not people:
        message = ("No candidates yet: list a few possible mentors in notebook 02 (G2.1, G2.6), and talk with them "
                   "before you ask anyone (G3.1, G3.2).")
        return NextStep("find_more", message, findings=[Finding("G4.6", "info", message)])
    if not eligible:
        message = ("Nobody left on your shortlist to ask. Go back to candidate research (notebook 02): look "
                   "inside and outside your organisation, and ask your network who knows whom (G2.1, G2.6).")
        return NextStep("find_more", message, findings=findings + [Finding("G4.6", "info", message)])
    choice = (connected or eligible)[0]
    who = people[choice]
    message = f"Next on your shortlist: {who.name} ({who.role + ', ' if who.role else ''}{who.organization})."
    if choice not in connected:
        message += " Build the connection first: a short informational interview before the request (G3.1, G3.2)."
    else:
        message += (" Ask in person if you can (G4.7); otherwise draft the request below and check it before you "
                    "send it (G4.1 to G4.5).")
    findings.append(Finding("G4.6", "info", message, subject=who.name))
    return NextStep("ask_next", message, choice, who.name, findings)
