"""Step 1, introspection: the realism check on goals and expectations (G1.6) and what is still blank (G1.1 to G1.7).

A mentor shares experience and asks good questions; they are not a route to
a job offer, a promotion or an overnight change of career, and they do not
solve everything. `realism_check` reads what the mentee wrote and flags each
phrase that hands the outcome to the mentor, with a short reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

from .findings import Finding
from .model import Goal, Profile

if TYPE_CHECKING:
    import pandas as pd

    from .store import Workbook

# Words that make a sentence about the mentor (or another person acting for the mentee).
_ABOUT_MENTOR = re.compile(r"\b(mentors?|they|them|their|he|she|him|her|someone|somebody)\b", re.I)
_NUMBER = r"(?:a|an|one|two|three|four|five|six|a few|few|couple of|\d+)"


@dataclass(frozen=True)
class Pattern:
    """A phrase that hands the outcome to the mentor; `needs_mentor` limits it to sentences about the mentor."""

    kind: str
    regex: re.Pattern
    needs_mentor: bool
    reason: str


_JOB = (
    "A mentor is not a route to a job: asking for one strains the relationship before it starts. "
    "Keep the job search yours and ask for advice on how to run it."
)
_PROMOTION = (
    "A mentor cannot hand you a promotion. Make the goal the skills and results that would earn it, "
    "and ask for guidance on those."
)
_QUICK = (
    "A career change takes longer than a few weeks, and a mentor cannot shortcut it. "
    "Set a realistic horizon and steps you own."
)
_EVERYTHING = (
    "A mentor offers perspective, not answers to everything. Keep the decisions and the work yours; "
    "bring one or two specific questions to each meeting."
)

PATTERNS: tuple[Pattern, ...] = (
    # a job offer or a referral
    Pattern("job", re.compile(r"\b(?:get|find|give|land|offer|secure)s?\s+me\s+(?:a|an|the|my|some)?\s*(?:new\s+)?(?:job|role|position|post|offer)\b", re.I), False, _JOB),
    Pattern("job", re.compile(r"\bhire\s+me\b", re.I), False, _JOB),
    Pattern("job", re.compile(r"\b(?:refer|recommend)\s+me\b", re.I), False, _JOB),
    Pattern("job", re.compile(r"\bjob\s+offers?\b", re.I), True, _JOB),
    Pattern("job", re.compile(r"\breferrals?\b", re.I), True, _JOB),
    Pattern("job", re.compile(r"\b(?:a|an)\s+(?:job|role|position|opening)\s+(?:at|in|on)\s+(?:their|his|her)\b", re.I), False, _JOB),
    Pattern("job", re.compile(r"\b(?:job|role|position|offer)\b[^.;]{0,40}?\b(?:through|via|from|thanks to)\s+(?:my|a|the)\s+mentor\b", re.I), False, _JOB),
    # a promotion
    Pattern("promotion", re.compile(r"\b(?:get|make|have)s?\s+me\s+promoted\b", re.I), False, _PROMOTION),
    Pattern("promotion", re.compile(r"\bpromote\s+me\b", re.I), False, _PROMOTION),
    Pattern("promotion", re.compile(r"\bpromot(?:ion|ed|e)\b", re.I), True, _PROMOTION),
    # a quick career change
    Pattern("quick change", re.compile(
        r"\b(?:quick(?:ly)?|fast|rapid(?:ly)?|overnight|immediate(?:ly)?|instant(?:ly)?)\s+(?:\w+\s+)?"
        r"(?:career\s+)?(?:change|switch|transition|move|pivot)", re.I), False, _QUICK),
    Pattern("quick change", re.compile(
        r"\b(?:change|switch|move|pivot|transition)\w*\s+(?:\w+\s+){0,3}?(?:careers?|fields?|industr(?:y|ies)|professions?)\b"
        rf"[^.;]{{0,30}}?\b(?:in|within|by)\s+(?:the\s+next\s+)?(?:{_NUMBER}\s+(?:days?|weeks?|months?)|next\s+(?:week|month))\b",
        re.I), False, _QUICK),
    Pattern("quick change", re.compile(r"\b(?:career|field|industry)\s+(?:change|switch)\s+overnight\b", re.I), False, _QUICK),
    # solving everything
    Pattern("everything", re.compile(r"\b(?:solve|fix|sort\s+out|handle)\s+(?:all\s+(?:of\s+)?my\s+\w+|all\s+the\s+\w+|every\s+\w+|everything)", re.I), False, _EVERYTHING),
    Pattern("everything", re.compile(r"\b(?:tell|show)\s+me\s+(?:exactly\s+)?what\s+to\s+do\b", re.I), False, _EVERYTHING),
    Pattern("everything", re.compile(r"\ball\s+the\s+answers\b", re.I), False, _EVERYTHING),
    Pattern("everything", re.compile(r"\bmake\s+(?:my\s+|the\s+)?(?:decisions|choices)\s+for\s+me\b", re.I), False, _EVERYTHING),
    Pattern("everything", re.compile(r"\bdo\s+(?:it|everything|the\s+work|my\s+work)\s+for\s+me\b", re.I), False, _EVERYTHING),
    Pattern("everything", re.compile(r"\b(?:guarantee|ensure|make\s+sure)\s+(?:that\s+)?I\s+(?:get|land|become|am\s+promoted)\b", re.I), False, _EVERYTHING),
)

_SENTENCES = re.compile(r"(?<=[.!?;\n])\s+|\n+")
_KIND_WORDS = {
    "job": "a job or referral",
    "promotion": "a promotion",
    "quick change": "a quick career change",
    "everything": "solving everything",
}


def check_text(text: str, where: str, *, about_mentor: bool = False) -> list[Finding]:
    """The G1.6 findings for one piece of text; `about_mentor` says the whole text is about the mentor.

    One finding per sentence and kind, quoting the phrase that matched.
    """
    found: list[Finding] = []
    for sentence in (s.strip() for s in _SENTENCES.split(text or "")):
        if not sentence:
            continue
        mentions_mentor = about_mentor or bool(_ABOUT_MENTOR.search(sentence))
        seen: set[str] = set()
        for pattern in PATTERNS:
            if pattern.kind in seen or (pattern.needs_mentor and not mentions_mentor):
                continue
            match = pattern.regex.search(sentence)
            if match:
                seen.add(pattern.kind)
                found.append(Finding(
                    "G1.6", "warning",
                    f"{where} hands {_KIND_WORDS[pattern.kind]} to the mentor ('{match.group(0).strip()}'). "
                    f"{pattern.reason}",
                    subject=where,
                    quote=match.group(0).strip(),
                ))
    return found


def check_profile(profile: Profile) -> list[Finding]:
    """The realism check on the profile: career goals, the help wanted and, above all, the expectations."""
    found = check_text(profile.career_goals, "Your career goals")
    found += check_text(profile.expectations, "What you expect of a mentor", about_mentor=True)
    found += check_text(profile.ideal_mentor, "Your ideal mentor", about_mentor=True)
    return found


def check_goals(goals: Iterable[Goal]) -> list[Finding]:
    """The realism check on each goal's title, description and level descriptions."""
    found: list[Finding] = []
    for goal in goals:
        text = "\n".join(
            [goal.title, goal.description, goal.level_0, goal.level_plus1, goal.level_plus2]
        )
        found += check_text(text, f"Goal '{goal.title}'")
    return found


def realism_check(workbook: "Workbook") -> list[Finding]:
    """G1.6 over the whole workbook: the profile and every active goal."""
    goals = [g for g in workbook.records("goals") if g.active]
    return check_profile(workbook.profile) + check_goals(goals)


# What each part of the profile asks (step 1), and the field that answers it.
PROFILE_PROMPTS: tuple[tuple[str, str, str], ...] = (
    ("G1.1", "career_goals", "the career goals you want to reach"),
    ("G1.2", "skills", "the skills you want to build"),
    ("G1.3", "knowledge", "the organisations or fields you want to learn about"),
    ("G1.4", "alliances", "the partnerships and alliances you hope to form"),
    ("G1.5", "help_wanted", "the kind of help you want"),
    ("G1.7", "ideal_mentor", "the mentor you are looking for"),
)


def profile_gaps(profile: Profile) -> list[Finding]:
    """An info note for each part of step 1 left blank, so the mentee sees what is still to think through."""
    return [
        Finding(gid, "info", f"Not written yet: {prompt}.", subject=field)
        for gid, field, prompt in PROFILE_PROMPTS
        if not getattr(profile, field)
    ]


def goal_gaps(goals: Iterable[Goal]) -> list[Finding]:
    """An info note for each active goal whose attainment levels are not all described (they make progress measurable)."""
    found = []
    for goal in goals:
        if not goal.active:
            continue
        missing = [
            label for label, text in (
                ("-2", goal.level_minus2), ("-1", goal.level_minus1), ("0", goal.level_0),
                ("+1", goal.level_plus1), ("+2", goal.level_plus2),
            ) if not text
        ]
        if missing:
            found.append(Finding(
                "G1.1", "info",
                f"Goal '{goal.title}': describe what level {', '.join(missing)} would look like, "
                "so you can tell later how far you got.",
                subject=goal.title,
            ))
    return found


def introspection_summary(workbook: "Workbook") -> list[Finding]:
    """Everything step 1 has to say: the realism check first, then what is still blank."""
    goals = workbook.records("goals")
    found = realism_check(workbook) + profile_gaps(workbook.profile) + goal_gaps(goals)
    if not goals:
        found.append(Finding("G1.1", "info", "No goals yet: write one or two goals that stay yours to reach."))
    return found


def profile_frame(profile: Profile) -> "pd.DataFrame":
    """The profile as question and answer, one row per part of step 1 (G1.1 to G1.5, G1.7, and expectations)."""
    import pandas as pd

    rows = []
    for gid, field, prompt in (*PROFILE_PROMPTS, ("G1.6", "expectations", "what you expect of a mentor")):
        value = getattr(profile, field)
        if isinstance(value, list):
            value = ", ".join(v.replace("_", " ") for v in value)
        rows.append({"guidance": gid, "question": prompt[:1].upper() + prompt[1:], "your answer": value or "(not yet)"})
    return pd.DataFrame(rows, columns=["guidance", "question", "your answer"])
