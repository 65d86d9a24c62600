"""Drafts from the workbook, and the request checker (G3.2, G3.5, G4.1 to G4.5, G5.6).

`draft(wb, kind, as_of, ...)` fills one of the Jinja2 templates in
`mentorkit/templates/` from what the workbook knows (the candidate, your
talk with them, your goals, the agreement, the last meeting); anything it
cannot know appears as a [bracketed placeholder] for you to replace.
`check_request(text)` (fixed interface) checks a mentoring request against
G4.1 to G4.5; its rules live in `mentorkit.requestcheck`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .cadence import cadence_words, drift
from .errors import InvalidChoiceError
from .interviews import follow_ups, speaking_point
from .model import Candidate, Interview, Request
from .requestcheck import check_request, durations, frequencies
from .screening import CLOSED, shortlist, talked_with
from .templating import render

if TYPE_CHECKING:
    from .store import Workbook

__all__ = ["DRAFTS", "Draft", "ask_drafts", "check_request", "draft", "draft_context", "durations", "frequencies",
           "follow_up_drafts", "in_person_points", "kinds", "written_requests"]


@dataclass(frozen=True)
class Draft:
    """A kind of draft: its template, the guidance it follows, and when to use it."""

    kind: str
    template: str
    guidance: str
    label: str
    when: str


DRAFTS: dict[str, Draft] = {d.kind: d for d in (
    Draft("interview_ask", "interview_ask.txt.j2", "G3.1, G3.2", "Informational-interview ask",
          "before any request: ask for 10 minutes to hear how they got where they are"),
    Draft("mentoring_request", "mentoring_request.txt.j2", "G4.1 to G4.5", "Mentoring request",
          "after a talk that flowed well: ask them to mentor you, with the plan"),
    Draft("meeting_thanks", "meeting_thanks.txt.j2", "G5.6", "Thank-you after a meeting",
          "within a day of each meeting: thank them, recall what you discussed, offer the next date"),
    Draft("continued_interest", "continued_interest.txt.j2", "G5.6", "Continued-interest note",
          "between meetings: a short update on what you did, and a date for the next one"),
    Draft("follow_up", "two_month_follow_up.txt.j2", "G3.5, G3.8", "Two-month follow-up",
          "about two months after an informational interview: tell them what came of it, and show you kept up "
          "with their news"),
)}
NUMBER_WORDS = {1: "month", 2: "two months", 3: "three months", 4: "four months", 6: "six months",
                9: "nine months", 12: "twelve months"}
HELP_WORDS = {"career": "career direction", "decisions": "thinking through decisions",
              "results": "getting better results", "capacity": "building my capacity", "leadership": "leadership",
              "guidance": "general guidance and support"}
MODE_WORDS = {"video": "by video", "phone": "by phone", "in_person": "in person", "other": "as suits you"}


def kinds() -> list[str]:
    """The kinds of draft `draft` knows."""
    return list(DRAFTS)


def _first_name(name: str) -> str:
    return name.split()[0] if name.strip() else name


def _and(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return " and ".join([", ".join(items[:-1]), items[-1]]) if len(items) > 1 else "".join(items)


def _long(day: dt.date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else ""


def _clause(text: str) -> str:
    """The first line of a note, as a clause to slot into a sentence (no final full stop, lower-cased start)."""
    line = (text or "").strip().splitlines()[0].strip() if (text or "").strip() else ""
    line = line.split(". ")[0].rstrip(".!")
    return line[:1].lower() + line[1:] if line[:2] != line[:2].upper() else line


def _candidate(wb: "Workbook", candidate_id: int | None) -> Candidate | None:
    if candidate_id is None:
        return None
    return wb.get("candidates", candidate_id)  # RecordNotFoundError names the id


def _talk(wb: "Workbook", candidate: Candidate | None, as_of: dt.date) -> Interview | None:
    if candidate is None:
        return None
    talks = [t for t in wb.records("interviews") if t.candidate_id == candidate.id and t.date <= as_of]
    return max(talks, key=lambda t: (t.date, t.id or 0)) if talks else None


def draft_context(wb: "Workbook", kind: str, as_of: dt.date, *, candidate_id: int | None = None,
                  about_me: str = "") -> dict[str, Any]:
    """Everything a template may use, read from the workbook; placeholders in [brackets] where it knows nothing."""
    if kind not in DRAFTS:
        raise InvalidChoiceError(f"kind: {kind!r} is not one of {', '.join(DRAFTS)}")
    agreement = wb.agreement
    if candidate_id is None and agreement is not None and kind in ("meeting_thanks", "continued_interest"):
        candidate_id = agreement.candidate_id
    person = _candidate(wb, candidate_id)
    talk = _talk(wb, person, as_of)
    profile = wb.profile
    mentee = wb.mentee_name or "[your name]"
    mentor_name = person.name if person else (agreement.mentor_name if agreement and agreement.mentor_name else "")
    goals = sorted((g for g in wb.records("goals") if g.active), key=lambda g: -g.weight)
    topics = [f"{g.title}{': ' + _clause(g.description) if g.description else ''}" for g in goals[:3]]
    hope = (f"I hope to {_clause(profile.career_goals)}." if profile.career_goals.strip()
            else "[One or two sentences on what you hope to achieve.]")
    meetings = sorted((m for m in wb.records("meetings") if m.date <= as_of), key=lambda m: (m.date, m.id or 0))
    last = meetings[-1] if meetings else None
    plan = drift(wb, as_of=as_of)
    upcoming = [d for d in plan.planned if d > as_of and (last is None or (d - last.date).days > plan.interval / 2)]
    next_date = upcoming[0] if upcoming else (plan.next_due if plan.next_due and plan.next_due > as_of
                                              else as_of + dt.timedelta(days=round(plan.interval)))
    actions = [a for a in wb.records("actions") if last is not None and a.meeting_id == last.id]
    done = [a.description for a in wb.records("actions")
            if a.status == "done" and a.done_on and a.done_on <= as_of and (last is None or a.done_on >= last.date)]
    months = agreement.duration_months if agreement else 12
    return {
        "mentee_name": mentee,
        "mentee_first_name": _first_name(mentee),
        "about_me": about_me.strip().rstrip(".") or "[your role] at [your organisation]",
        "first_name": _first_name(mentor_name) if mentor_name else "[their first name]",
        "role": person.role if person else "",
        "organization": person.organization if person else "",
        "found_via": person.found_via if person else "",
        "talk_date": _long(talk.date) if talk else "",
        "point": speaking_point(talk.takeaways) if talk and talk.takeaways.strip() else "",  # to them: "you moved"
        "hope": hope,
        "topics": topics or ["[the first thing you would like their guidance on]",
                             "[a second, as specific as you can make it]"],
        "help_words": _and([HELP_WORDS.get(h, h) for h in profile.help_wanted]),
        "cadence": "meeting " + (cadence_words(agreement.meetings_per_month) if agreement else "once a month"),
        "minutes": 10 if kind == "interview_ask" else 60,
        "duration": NUMBER_WORDS.get(months, f"{months} months"),
        "mode_words": MODE_WORDS["other"],
        "meeting_date": _long(last.date) if last else "[the date we met]",
        "meeting_day": f"{last.date:%A}'s meeting" if last else "our meeting",
        "topic": last.objectives.strip().splitlines()[0] if last and last.objectives.strip() else "",
        "actions": [a.description for a in actions if a.owner == "mentee"],
        "done": done,
        "next_date": f"{next_date:%A} {_long(next_date)}",
        "since": "[what you did with their advice, in a sentence or two]",
        "their_news": "I also saw [something they shared or did since you talked: a post, a talk, a move], and "
                      "[a sentence on what it meant to you].",  # G3.8
    }


def draft(wb: "Workbook", kind: str, as_of: dt.date, *, candidate_id: int | None = None, about_me: str = "",
          **overrides: Any) -> str:
    """A draft of `kind` (see `DRAFTS`) filled from the workbook; `overrides` replace any context value."""
    context = draft_context(wb, kind, as_of, candidate_id=candidate_id, about_me=about_me)
    context.update(overrides)
    return render(DRAFTS[kind].template, **context)


def written_requests(wb: "Workbook") -> list[Request]:
    """The saved requests with a text to check: written ones (an in-person ask, G4.7, has none to check)."""
    return [r for r in wb.records("requests") if r.channel == "written" and r.text.strip()]


def ask_drafts(wb: "Workbook", as_of: dt.date, *, about_me: str = "") -> list[tuple[Candidate, str]]:
    """An informational-interview ask (G3.2) for each candidate in the running you have not talked with yet,
    best-ranked first."""
    talked = talked_with(wb)
    people = {c.id: c for c in wb.records("candidates")}
    ranked = shortlist(wb)
    out = []
    for cid, eligible in zip(ranked["id"], ranked["eligible"]):
        person = people.get(int(cid)) if cid == cid else None
        if person is None or not eligible or person.id in talked or person.status in (*CLOSED, "mentor", "asked"):
            continue
        out.append((person, draft(wb, "interview_ask", as_of, candidate_id=person.id, about_me=about_me)))
    return out


def follow_up_drafts(wb: "Workbook", as_of: dt.date, *, within_days: int = 14) -> list[tuple[Interview, str]]:
    """A two-month follow-up (G3.5, G3.8) for each talk whose follow-up is due or comes within `within_days`
    and is not done; it speaks to the person and leaves a [bracket] for their news you kept up with."""
    pending = follow_ups(wb, as_of)
    pending = pending[(pending["state"] != "done") & (pending["days_left"] <= within_days)]
    talks = {t.id: t for t in wb.records("interviews")}
    out = []
    for talk_id in pending["id"]:
        talk = talks[int(talk_id)]
        context = draft_context(wb, "follow_up", as_of, candidate_id=talk.candidate_id)
        context.update(first_name=_first_name(talk.person), talk_date=_long(talk.date),
                       point=speaking_point(talk.takeaways))
        out.append((talk, render(DRAFTS["follow_up"].template, **context)))
    return out


def in_person_points(wb: "Workbook", as_of: dt.date, *, candidate_id: int | None = None) -> list[str]:
    """Talking points for asking in person (G4.7): the same five points as a written request (G4.1 to G4.5),
    said rather than sent, and the offer to sleep on it."""
    c = draft_context(wb, "mentoring_request", as_of, candidate_id=candidate_id)
    return [
        f"Invite {c['first_name']} to talk about your career, and say why you value their view (G4.7).",
        f"Who you are and what you hope for: {c['hope']} (G4.5)",
        "What you would like their guidance on: " + "; ".join(c["topics"]) + " (G4.1)",
        f"How it could work: {c['cadence']}, about {c['minutes']} minutes, over the next {c['duration']}; "
        "you prepare and book the meetings (G4.2).",
        "That you are not asking for a job, a role or a referral (G4.3).",
        "That no is a fine answer, and if they seem unsure, suggest they sleep on it (G4.4, G4.7).",
    ]
