"""Screening candidate mentors (step 2, G2.x and G3.1): red flags, a fit score, a next step, a shortlist.

`screen(candidate)` applies the rules to one candidate, `shortlist_notes` to
the whole list, `fit_score` rates how well a candidate matches what the
mentee is looking for (G1.7, G2.2, G2.5), `next_step` says what to do next,
and `shortlist` ranks them all and says why each sits where it does.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeGuard

import pandas as pd

from .findings import Finding
from .model import Candidate

if TYPE_CHECKING:
    import pandas as pd

    from .store import Workbook

LOW = 2  # a 1-to-5 rating at or below this is low
FLOWED = 4  # a talk rated this well or better flowed (G3.4)
CLOSED = ("declined", "not_pursued")
WEIGHTS = {"respect": 0.35, "values_fit": 0.35, "path_similarity": 0.2, "senior": 0.1}
RELATIONSHIP_WORDS = {
    "current_manager": "your current manager",
    "supervisor_chain": "in your line of supervision",
    "knows_well": "someone you already know well",
    "acquaintance": "an acquaintance",
    "met_once": "someone you have met once",
    "never_met": "someone you have not met",
}


def as_candidate(candidate: Candidate | Mapping[str, Any] | Any) -> Candidate:
    """A `Candidate` from a Candidate, a mapping or a DataFrame row; a bad one raises `RecordValidationError`.

    Keys that are not candidate fields are ignored; missing optional fields get their defaults.
    """
    if isinstance(candidate, Candidate):
        return candidate
    if hasattr(candidate, "to_dict") and not isinstance(candidate, Mapping):
        candidate = candidate.to_dict()
    if not isinstance(candidate, Mapping):
        raise TypeError(f"a candidate must be a Candidate or a mapping, not {type(candidate).__name__}")
    data = {}
    for key, value in candidate.items():
        if key not in Candidate.model_fields:
            continue
        if hasattr(value, "item") and not isinstance(value, (str, bytes)):
            value = value.item()  # numpy scalars from a DataFrame row
        if value is not None and value != value:  # NaN / NA: treat as missing
            continue
        data[key] = value
    if data.get("id") is None:
        data.pop("id", None)
    return Candidate.parse(data)


def _label(c: Candidate) -> str:
    return c.name


def screen(candidate: Candidate | Mapping[str, Any]) -> list[Finding]:
    """The red flags and notes for one candidate (fixed interface, DESIGN section 3).

    Errors: G2.3 (current manager or supervisor chain), G2.4 (knows well).
    Warning: G3.1 (met once or never met: build the connection first).
    Notes: G2.5 (low respect or shared values), G2.2 (a different path, or not senior),
    G2.7 (no route yet to someone you have not really met).
    """
    c = as_candidate(candidate)
    who = _label(c)
    found: list[Finding] = []
    if c.relationship in ("current_manager", "supervisor_chain"):
        found.append(Finding(
            "G2.3", "error",
            f"{who} is {RELATIONSHIP_WORDS[c.relationship]}: someone who judges your performance and decides on "
            "your advancement cannot be an objective mentor. Keep them as a manager and look elsewhere.",
            subject=who,
        ))
    if c.relationship == "knows_well":
        found.append(Finding(
            "G2.4", "error",
            f"{who} is {RELATIONSHIP_WORDS['knows_well']}: people in your close circle already see you one way "
            "and rarely bring a fresh view. Choose someone beyond it.",
            subject=who,
        ))
    if c.relationship in ("met_once", "never_met"):
        found.append(Finding(
            "G3.1", "warning",
            f"You barely know {who} yet ({RELATIONSHIP_WORDS[c.relationship]}): do not ask them to mentor you now. "
            "Build the connection first: ask for a short informational interview (G3.2) and let it grow.",
            subject=who,
        ))
        if not c.connection_route:
            found.append(Finding(
                "G2.7", "info",
                f"How will you reach {who}? Pick a route: an event you both attend, an introduction through "
                "someone you know, or a reply to their public posts.",
                subject=who,
            ))
    low = [label for label, value in (("respect", c.respect), ("shared values", c.values_fit)) if value <= LOW]
    if low:
        title = f" as {c.role}" if c.role else ""
        found.append(Finding(
            "G2.5", "info",
            f"You rate your {' and '.join(low)} for {who} low. Holding the job you want{title} does not make "
            "someone a good mentor: respect and shared values matter more.",
            subject=who,
        ))
    if c.path_similarity <= LOW:
        found.append(Finding(
            "G2.2", "info",
            f"{who}'s career path differs from the one you want (path similarity {c.path_similarity}/5). "
            "Prefer senior people whose road resembles the one you hope to take.",
            subject=who,
        ))
    elif not c.senior:
        found.append(Finding(
            "G2.2", "info",
            f"{who} is not senior to you: a peer can be a good adviser, but a mentor further along the path "
            "you want can show you more of the road ahead.",
            subject=who,
        ))
    return found


def is_excluded(findings: Iterable[Finding]) -> bool:
    """Whether any finding rules the candidate out (an error)."""
    return any(f.severity == "error" for f in findings)


def fit_score(candidate: Candidate | Mapping[str, Any]) -> float:
    """How well a candidate fits, from 0 to 100: respect and shared values first (G1.7, G2.5), then path (G2.2).

    A weighted mean of the ratings rescaled from 1-5 to 0-1, plus a little for seniority. It says nothing
    about eligibility: a current manager can fit well and still be ruled out by `screen`.
    """
    c = as_candidate(candidate)
    total = (
        WEIGHTS["respect"] * (c.respect - 1) / 4
        + WEIGHTS["values_fit"] * (c.values_fit - 1) / 4
        + WEIGHTS["path_similarity"] * (c.path_similarity - 1) / 4
        + WEIGHTS["senior"] * (1.0 if c.senior else 0.0)
    )
    return round(100 * total, 1)


def next_step(candidate: Candidate | Mapping[str, Any], *, best_flow: int | None = None, talked: bool = False) -> str:
    """The one thing to do next about this candidate, with the guidance ID behind it.

    `best_flow` is the best flow rating of your talks with them (G3.4), when you know it; `talked` says
    a talk with them is logged (the connection G3.1 asks for is under way).
    """
    c = as_candidate(candidate)
    if c.relationship in ("current_manager", "supervisor_chain"):
        return ("Not a mentor for you (G2.3): keep them as your manager and look for someone outside your "
                "reporting line.")
    if c.relationship == "knows_well":
        return "Keep them as a trusted friend (G2.4); look for a mentor beyond your close circle."
    if c.status == "mentor":
        return "They are your mentor: prepare each meeting and follow through (step 5, G5.1 to G5.4)."
    if c.status == "declined":
        return "They said no, which is normal: thank them and move on to your next candidate (G4.6)."
    if c.status == "not_pursued":
        return "Set aside: nothing to do unless you change your mind."
    if c.status == "asked":
        return "Wait for their answer without pressing; you offered them room to say no (G4.4)."
    if c.respect <= LOW or c.values_fit <= LOW:
        return "Before going further, ask yourself whether you respect them and share their values (G2.5, G1.7)."
    if best_flow is not None and best_flow < FLOWED:
        return (f"Your talk flowed only {best_flow}/5: stay in touch (G3.5), and put your effort into the people "
                "whose talks flowed best (G3.4).")
    if c.status == "interviewed" or talked:
        return ("If the talk flowed, suggest a brief coffee to gauge the dynamic (G3.7), then prepare your request "
                "(notebook 04, G4.1).")
    if c.relationship == "never_met":
        route = (c.connection_route.replace("_", " ") if c.connection_route
                 else "an event, an introduction or their public posts")
        return f"Find a way to connect ({route}, G2.7), then ask for a 10-minute informational interview (G3.2)."
    if c.relationship == "met_once":
        return "Build the connection first (G3.1): ask for a short informational interview (G3.2)."
    return "Ask for a short informational interview or a coffee to see how you get on (G3.2, G3.7)."


def shortlist_notes(candidates: Iterable[Candidate | Mapping[str, Any]]) -> list[Finding]:
    """Notes on the whole list: were options outside the organisation considered (G2.1)? Is it too short (G2.8)?"""
    found: list[Finding] = []
    people = [as_candidate(c) for c in candidates]
    if not people:
        found.append(Finding(
            "G2.6", "info",
            "No candidates yet. Look through your network and professional profiles, and ask who knows whom.",
        ))
        return found
    if all(c.same_organization for c in people):
        found.append(Finding(
            "G2.1", "info",
            "Every candidate works in your own organisation. Look outside it too: partner and affiliated "
            "companies, related firms and professional associations.",
        ))
    eligible = [c for c in people if not is_excluded(screen(c)) and c.status not in CLOSED]
    if len(eligible) < 3:
        found.append(Finding(
            "G2.8", "info",
            f"Only {len(eligible)} candidate(s) still in the running. Widen the search: ask your manager or HR "
            "whether a formal mentoring programme exists, and ask your network who knows whom (G2.6).",
        ))
    return found


def _records(candidates: "Workbook | pd.DataFrame | Iterable[Candidate | Mapping[str, Any]]") -> list[Candidate]:
    if hasattr(candidates, "records") and hasattr(candidates, "table"):
        return list(candidates.records("candidates"))  # a Workbook
    if hasattr(candidates, "iterrows"):
        return [as_candidate(row) for _, row in candidates.iterrows()]
    return [as_candidate(c) for c in candidates]


def talked_with(workbook: "Workbook") -> set[int]:
    """Ids of the candidates you have logged a talk (an interview or a coffee) with."""
    return {t.candidate_id for t in workbook.records("interviews") if t.candidate_id is not None}


def _is_workbook(candidates: object) -> TypeGuard[Workbook]:
    return hasattr(candidates, "records") and hasattr(candidates, "table")


def _after_talk(findings: list[Finding]) -> list[Finding]:
    """A logged talk is the connection G3.1 asks for: its warning, and the G2.7 route note, are settled."""
    return [f for f in findings if f.guidance not in ("G3.1", "G2.7")]


def screen_in(workbook: "Workbook", candidate: Candidate | Mapping[str, Any]) -> list[Finding]:
    """`screen(candidate)` in the light of the workbook: a logged talk with them settles G3.1 (and G2.7)."""
    c = as_candidate(candidate)
    found = screen(c)
    return _after_talk(found) if c.id is not None and c.id in talked_with(workbook) else found


def screen_all(candidates: "Workbook | pd.DataFrame | Iterable[Candidate | Mapping[str, Any]]") -> list[Finding]:
    """Every candidate's findings, then the notes about the list as a whole.

    Given a Workbook, a candidate you have logged a talk with (`Interview.candidate_id`) no longer gets the
    G3.1 warning: the connection is being built. `screen(candidate)` alone still warns.
    """
    people = _records(candidates)
    talked = talked_with(candidates) if _is_workbook(candidates) else set()
    found = [f for c in people for f in (_after_talk(screen(c)) if c.id in talked else screen(c))]
    return found + shortlist_notes(people)


SHORTLIST_COLUMNS = [
    "rank", "id", "name", "organization", "relationship", "status", "fit_score", "eligible", "flags", "why",
    "next_step",
]


def shortlist(candidates: "Workbook | pd.DataFrame | Iterable[Candidate | Mapping[str, Any]]") -> "pd.DataFrame":
    """The candidates ranked, best first, with a `why` column explaining each place.

    Given a Workbook, the next steps also use how your talks flowed (G3.4).
    Order: candidates still in the running by fit score (ties: the one you are better connected to, then
    by name); then those who declined or were set aside; then those ruled out by a rule (G2.3, G2.4),
    each with the reason.
    """
    closeness = {"acquaintance": 0, "met_once": 1, "never_met": 2}
    flows: dict[int, int] = {}
    talked: set[int] = set()
    if _is_workbook(candidates):  # a Workbook: read the talks too
        talked = talked_with(candidates)
        for talk in candidates.records("interviews"):
            if talk.candidate_id is not None and talk.flow is not None:
                flows[talk.candidate_id] = max(talk.flow, flows.get(talk.candidate_id, 0))
    rows: list[dict[str, Any]] = []
    for c in _records(candidates):
        findings = _after_talk(screen(c)) if c.id in talked else screen(c)
        score = fit_score(c)
        errors = [f for f in findings if f.severity == "error"]
        if errors:
            group, why = 2, "ruled out: " + "; ".join(
                f"{RELATIONSHIP_WORDS[c.relationship]} ({f.guidance})" for f in errors
            )
        elif c.status in CLOSED:
            group, why = 1, f"out of the running: {c.status.replace('_', ' ')}"
        else:
            group = 0
            why = (f"fit {score:.0f}/100 (respect {c.respect}, values {c.values_fit}, "
                   f"path {c.path_similarity}{', senior' if c.senior else ''})")
            if any(f.guidance == "G3.1" for f in findings):
                why += "; build the connection first (G3.1)"
        rows.append({
            "id": c.id, "name": c.name, "organization": c.organization,
            "relationship": c.relationship.replace("_", " "), "status": c.status.replace("_", " "),
            "fit_score": score, "eligible": not errors,
            "flags": ", ".join(sorted({f.guidance for f in findings if f.severity != "info"})),
            "why": why,
            "next_step": next_step(c, best_flow=None if c.id is None else flows.get(c.id), talked=c.id in talked),
            "_key": (group, -score, closeness.get(c.relationship, 3), c.name.lower()),
        })
    rows.sort(key=lambda r: r["_key"])
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
        del row["_key"]
    frame = pd.DataFrame(rows, columns=SHORTLIST_COLUMNS)
    frame["id"] = frame["id"].astype("Int64")
    frame["fit_score"] = frame["fit_score"].astype(float)
    frame["eligible"] = frame["eligible"].astype(bool)
    return frame
