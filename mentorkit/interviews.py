"""Step 3, building the connection: informational interviews (G3.2 to G3.6).

A question bank to pick from and extend (G3.3); the log of talks with a flow
rating and a star for potential mentors, and a reflection that ranks them
(G3.4); a thank-you note and a connection note drafted from what was logged
(G3.5, G3.6); and a follow-up date about two months after each talk (G3.5).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

import pandas as pd

from .dates import add_months
from .errors import FieldProblem, InvalidChoiceError, RecordValidationError
from .findings import Finding
from .model import Candidate, Interview
from .templating import render

if TYPE_CHECKING:
    import pandas as pd

    from .store import Workbook

FOLLOW_UP_MONTHS = 2  # G3.5: reach out again about two months after a talk (the calendar uses the same rule)
CONNECTION_NOTE_LIMIT = 300  # characters a professional network allows with a connection request (G3.6)
HANDFUL = 6  # more questions than this is more than a short talk can hold (G3.3)
THANK_WITHIN_DAYS = 2
STAR_FLOW = 4  # a talk that flowed this well is worth a star (G3.4)
ENOUGH_TALKS = 3


@dataclass(frozen=True)
class Question:
    """One question of the bank, with its theme (G3.3)."""

    id: str
    theme: str
    text: str


QUESTION_BANK: tuple[Question, ...] = (
    Question("Q01", "where they started and where they are",
             "Where did your working life begin, and what do you do now?"),
    Question("Q02", "where they started and where they are", "What first drew you to this field?"),
    Question("Q03", "the road between", "What were the turning points between your first job and this one?"),
    Question("Q04", "the road between", "Which move made the biggest difference, and how did it come about?"),
    Question("Q05", "what they expected", "Is this where you expected to be at this point? What surprised you?"),
    Question("Q06", "what they learned", "What is the most useful thing you learned along the way?"),
    Question("Q07", "what they learned", "What do you wish someone had told you at my stage?"),
    Question("Q08", "a day in the job", "What does a typical day or week look like for you?"),
    Question("Q09", "a day in the job", "Which skills do you use most that you did not expect to need?"),
    Question("Q10", "best and worst parts", "What do you enjoy most about your work?"),
    Question("Q11", "best and worst parts", "What is the hardest or least enjoyable part of it?"),
    Question("Q12", "who else", "Who else would you suggest I talk to?"),
)


def _question_lines(text: str) -> list[str]:
    return [line.strip().lstrip("-*• ").strip() for line in (text or "").splitlines() if line.strip()]


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def question_bank(workbook: "Workbook | None" = None, extra: Iterable[str] = ()) -> "pd.DataFrame":
    """The bank (G3.3) plus the mentee's own questions: `extra` and any asked in a logged talk that the bank lacks.

    Columns: id, theme, question, source ('bank' or 'yours'), times_asked.
    """
    asked: list[str] = []
    if workbook is not None:
        for talk in workbook.records("interviews"):
            asked += _question_lines(talk.questions)
    counts: dict[str, int] = {}
    for line in asked:
        counts[_norm(line)] = counts.get(_norm(line), 0) + 1
    rows = [
        {"id": q.id, "theme": q.theme, "question": q.text, "source": "bank",
         "times_asked": counts.get(_norm(q.text), 0)}
        for q in QUESTION_BANK
    ]
    known = {_norm(q.text) for q in QUESTION_BANK}
    own = 0
    for line in [*(e.strip() for e in extra if e and e.strip()), *asked]:
        if _norm(line) in known:
            continue
        known.add(_norm(line))
        own += 1
        rows.append({"id": f"Y{own:02d}", "theme": "your own", "question": line, "source": "yours",
                     "times_asked": counts.get(_norm(line), 0)})
    frame = pd.DataFrame(rows, columns=["id", "theme", "question", "source", "times_asked"])
    frame["times_asked"] = frame["times_asked"].astype(int)
    return frame


def plan_questions(ids: Iterable[str], own: Iterable[str] = (), bank: "pd.DataFrame | None" = None) -> str:
    """The picked questions (bank ids) and your own, one per line: ready for an interview's `questions`.

    An unknown id raises `InvalidChoiceError` (a `ValueError`) naming it.
    """
    bank = question_bank() if bank is None else bank
    by_id = dict(zip(bank["id"], bank["question"]))
    ids = list(ids)
    unknown = [i for i in ids if i not in by_id]
    if unknown:
        raise InvalidChoiceError(f"unknown question id(s): {', '.join(unknown)}; known: {', '.join(by_id)}")
    lines = [by_id[i] for i in ids] + [q.strip() for q in own if q and q.strip()]
    return "\n".join(dict.fromkeys(lines))


def follow_up_date(talk: Interview | dt.date) -> dt.date:
    """When to reach out again (G3.5): the date set on the talk, else two calendar months after it."""
    if isinstance(talk, Interview):
        return talk.follow_up_on or add_months(talk.date, FOLLOW_UP_MONTHS)
    return add_months(talk, FOLLOW_UP_MONTHS)


def is_followed_up(talk: Interview, as_of: dt.date | None = None) -> bool:
    """Whether the follow-up was marked done (on or before `as_of`, when given)."""
    return talk.followed_up_on is not None and (as_of is None or talk.followed_up_on <= as_of)


def mark_followed_up(workbook: "Workbook", talk_id: int, on: dt.date) -> Interview:
    """Record that you got back in touch after talk `talk_id` on `on` (G3.5); returns the saved talk."""
    talk = workbook.get("interviews", talk_id)
    if on < talk.date:
        problem = FieldProblem("followed_up_on", f"{on.isoformat()} is before the talk on {talk.date.isoformat()}")
        raise RecordValidationError(Interview.noun, [problem])
    done = talk.model_copy(update={"followed_up_on": on})
    workbook.update(done)
    return done


def with_follow_up(talk: Interview) -> Interview:
    """The talk with its follow-up date filled in when it has none (so the reminder is stored, G3.5)."""
    return talk if talk.follow_up_on is not None else talk.model_copy(update={"follow_up_on": follow_up_date(talk)})


def _candidates(workbook: "Workbook") -> dict[int, Candidate]:
    return {c.id: c for c in workbook.records("candidates") if c.id is not None}  # a stored record has its id


def _later_contact(talk: Interview, workbook: "Workbook", talks: list[Interview], people: dict[int, Candidate]) -> str:
    """Why no follow-up is needed any more, or ''."""
    cand = people.get(talk.candidate_id) if talk.candidate_id is not None else None
    if cand is not None and cand.status == "mentor":
        return "now your mentor"
    for other in talks:
        same = (other.candidate_id is not None and other.candidate_id == talk.candidate_id) or (
            _norm(other.person) == _norm(talk.person)
        )
        if same and other.date > talk.date:
            return f"talked again on {other.date.isoformat()}"
    if talk.candidate_id is not None:
        for request in workbook.records("requests"):
            if request.candidate_id == talk.candidate_id and request.sent_on and request.sent_on > talk.date:
                return f"request sent on {request.sent_on.isoformat()}"
    return ""


FOLLOW_UP_COLUMNS = ["id", "person", "talk_date", "follow_up_on", "days_left", "state", "note"]


def follow_ups(workbook: "Workbook", as_of: dt.date) -> "pd.DataFrame":
    """A follow-up per talk (G3.5): when, how many days left (negative: overdue), and its state.

    States: 'upcoming', 'due' (the date has come), 'done' (a later talk, a request or the mentorship itself).
    A follow-up marked done (`Interview.followed_up_on`, on or before `as_of`) is not listed at all.
    """
    talks = workbook.records("interviews")
    people = _candidates(workbook)
    rows = []
    for talk in sorted(talks, key=lambda t: (t.date, t.id)):
        if is_followed_up(talk, as_of):
            continue  # marked done: it leaves the list, the calendar and the start page
        when = follow_up_date(talk)
        later = _later_contact(talk, workbook, talks, people)
        state = "done" if later else ("due" if when <= as_of else "upcoming")
        rows.append({
            "id": talk.id, "person": talk.person, "talk_date": talk.date, "follow_up_on": when,
            "days_left": (when - as_of).days, "state": state, "note": later,
        })
    frame = pd.DataFrame(rows, columns=FOLLOW_UP_COLUMNS)
    for col in ("talk_date", "follow_up_on"):
        frame[col] = pd.to_datetime(frame[col])
    frame["days_left"] = frame["days_left"].astype("Int64")
    return frame


REFLECTION_COLUMNS = ["rank", "id", "person", "date", "flow", "star", "potential_mentor", "why"]


def reflection(workbook: "Workbook") -> "pd.DataFrame":
    """The talks ranked by how well they flowed (G3.4): starred first among equals, then the more recent.

    `potential_mentor` is the star; `why` says what placed each talk.
    """
    talks = workbook.records("interviews")
    ordered = sorted(
        talks,
        key=lambda t: (t.flow is None, -(t.flow or 0), not t.star, -t.date.toordinal(), t.id),
    )
    rows = []
    for rank, talk in enumerate(ordered, start=1):
        if talk.flow is None:
            why = "not rated yet: how did it flow?"
        else:
            why = f"flowed {talk.flow}/5"
            if talk.star:
                why += "; starred as a potential mentor"
            elif talk.flow >= STAR_FLOW:
                why += "; flowed well but not starred"
        rows.append({
            "rank": rank, "id": talk.id, "person": talk.person, "date": talk.date,
            "flow": talk.flow, "star": talk.star, "potential_mentor": talk.star, "why": why,
        })
    frame = pd.DataFrame(rows, columns=REFLECTION_COLUMNS)
    frame["date"] = pd.to_datetime(frame["date"])
    frame["flow"] = frame["flow"].astype("Int64")
    frame["star"] = frame["star"].astype(bool)
    frame["potential_mentor"] = frame["potential_mentor"].astype(bool)
    return frame


def interview_findings(workbook: "Workbook", as_of: dt.date) -> list[Finding]:
    """Nudges for step 3: enough talks and ratings (G3.4), thanks and follow-ups (G3.5), connections (G3.6),
    a handful of questions (G3.3)."""
    talks = [t for t in workbook.records("interviews") if t.date <= as_of]
    found: list[Finding] = []
    if not talks:
        return [Finding("G3.2", "info", "No informational interviews logged yet: ask one of your candidates for "
                                        "a short, genuine 10-minute talk.")]
    if len(talks) < ENOUGH_TALKS:
        found.append(Finding("G3.4", "info", f"{len(talks)} talk(s) so far: hold a few more before deciding "
                                              "who could mentor you; the comparison is what tells you."))
    due = follow_ups(workbook, as_of)
    due_ids = set(due.loc[due["state"] == "due", "id"].astype(int))
    for talk in talks:
        who = talk.person
        if talk.flow is None:
            found.append(Finding("G3.4", "info", f"Rate how the talk with {who} flowed, while you remember.",
                                 subject=who))
        elif talk.flow >= STAR_FLOW and not talk.star:
            found.append(Finding("G3.4", "info", f"The talk with {who} flowed well ({talk.flow}/5): is {who} a "
                                                  "potential mentor? Star the talk if so.", subject=who))
        if talk.thanked_on is None and (as_of - talk.date).days >= THANK_WITHIN_DAYS:
            found.append(Finding("G3.5", "warning", f"No thank-you to {who} logged: send a short note recalling "
                                                     "something you discussed (a draft is below).", subject=who))
        if not talk.connection_sent:
            found.append(Finding("G3.6", "info", f"Connect with {who} on a professional network, with a short "
                                                  "personal note (a draft is below).", subject=who))
        if talk.id in due_ids:
            when = follow_up_date(talk)
            found.append(Finding("G3.5", "warning", f"Time to get back in touch with {who}: the follow-up was due "
                                                     f"on {when.isoformat()}, two months after your talk.",
                                 subject=who))
        if len(_question_lines(talk.questions)) > HANDFUL:
            found.append(Finding("G3.3", "info", f"{len(_question_lines(talk.questions))} questions for {who}: "
                                                  "a short talk holds a handful; keep the best and let it wander.",
                                 subject=who))
    return found


# -- drafts (G3.5, G3.6) -------------------------------------------------------------------

_SUBJECT = re.compile(r"^(he|she|they)\b\s*", re.I)
_POSSESSIVE = re.compile(r"^(his|her|their)\b", re.I)
_IRREGULAR = {"is": "are", "was": "were", "has": "have", "does": "do", "goes": "go", "says": "say"}


def _plural_verb(word: str) -> str:
    lower = word.lower()
    if lower in _IRREGULAR:
        return _IRREGULAR[lower]
    if lower.endswith("ies") and len(lower) > 4:
        return word[:-3] + "y"
    if re.search(r"(ches|shes|sses|xes|zes)$", lower):
        return word[:-2]
    if lower.endswith("s") and not lower.endswith("ss"):
        return word[:-1]
    return word


def speaking_point(takeaways: str) -> str:
    """The first of the logged takeaways, turned towards the person: 'She moved...' -> 'you moved...'.

    Notes are written about the person; a note to them speaks to them.
    """
    first = re.split(r"(?<=[.!?;])\s+|\n", (takeaways or "").strip(), maxsplit=1)[0].strip().rstrip(".!;")
    if not first:
        return ""
    if _SUBJECT.match(first):
        rest = _SUBJECT.sub("", first, count=1)
        if first.split()[0].lower() in ("he", "she"):
            verb, _, tail = rest.partition(" ")
            rest = f"{_plural_verb(verb)} {tail}".strip()
        return f"you {rest}"
    if _POSSESSIVE.match(first):
        return _POSSESSIVE.sub("your", first, count=1)
    words = first.split()
    if words and re.fullmatch(r"[A-Z][a-z]+ed", words[0]):  # 'Suggested presenting small wins' (no subject)
        return "you " + first[0].lower() + first[1:]
    if len(words[0]) > 1 and words[0][1:].islower():
        return first[0].lower() + first[1:]
    return first


def _when(day: dt.date) -> str:
    part = "early" if day.day <= 10 else "mid-" if day.day <= 20 else "late"
    return f"{part}{'' if part.endswith('-') else ' '}{day:%B}"


def _talk_date(day: dt.date) -> str:
    return f"{day.day} {day:%B}"


def _context(talk: Interview, mentee_name: str, candidate: Candidate | None, point: str | None) -> dict:
    return {
        "first_name": talk.person.split()[0],
        "talk_date": _talk_date(talk.date),
        "point": speaking_point(talk.takeaways) if point is None else point.strip().rstrip("."),
        "role": candidate.role if candidate else "",
        "organization": candidate.organization if candidate else "",
        "follow_up_when": _when(follow_up_date(talk)),
        "mentee_first_name": (mentee_name.split() or [""])[0],
    }


def thank_you_note(talk: Interview, mentee_name: str, *, candidate: Candidate | None = None,
                   point: str | None = None) -> str:
    """A thank-you note for a talk (G3.5), recalling one thing discussed (`point`, default: the first takeaway)."""
    return render("interview_thanks.txt.j2", **_context(talk, mentee_name, candidate, point))


def connection_note(talk: Interview, mentee_name: str, *, point: str | None = None,
                    limit: int = CONNECTION_NOTE_LIMIT) -> str:
    """A short personal note to send with a connection request (G3.6), never longer than `limit` characters.

    A recalled point that does not fit is shortened at a word, or left out.
    """
    context = _context(talk, mentee_name, None, point)
    note = render("connection_note.txt.j2", **context)
    if len(note) <= limit:
        return note
    full = context["point"]
    words = full.split()
    while words:
        words.pop()
        context["point"] = " ".join(words).rstrip(",;:") + "…"
        note = render("connection_note.txt.j2", **context)
        if len(note) <= limit:
            return note
    context["point"] = ""
    note = render("connection_note.txt.j2", **context)
    return note if len(note) <= limit else note[: limit - 1].rstrip() + "…"


def drafts(workbook: "Workbook", *, only_pending: bool = True) -> "pd.DataFrame":
    """Thank-you and connection-note drafts for each talk (all, or those still to thank or connect with)."""
    people = _candidates(workbook)
    rows = []
    for talk in workbook.records("interviews"):
        if only_pending and talk.thanked_on is not None and talk.connection_sent:
            continue
        cand = people.get(talk.candidate_id) if talk.candidate_id is not None else None
        note = connection_note(talk, workbook.mentee_name)
        rows.append({"id": talk.id, "person": talk.person, "thank_you": thank_you_note(talk, workbook.mentee_name,
                                                                                        candidate=cand),
                     "connection_note": note, "note_chars": len(note)})
    return pd.DataFrame(rows, columns=["id", "person", "thank_you", "connection_note", "note_chars"])
