"""Scoring the coach's writing checks against the labelled corpus (see README.md beside this file).

`score_requests(path)` and `score_statements(path)` return the figures that
`make eval` prints and `tests/unit/test_coach_corpus.py` holds as a floor.
A violation counts as caught only by an error; warnings on good drafts are
counted and reported beside the figures.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from mentorkit.drafting import check_request
from mentorkit.introspection import check_text
from mentorkit.requestcheck import PLACEHOLDER_SUBJECT

HERE = Path(__file__).resolve().parent
POINTS = ("G4.1", "G4.2", "G4.3", "G4.4", "G4.5")
SPLITS = ("tune", "holdout")


def load(kind: str, split: str) -> list[dict]:
    """The items of one corpus file: kind is 'requests' or 'statements'."""
    table = "draft" if kind == "requests" else "statement"
    with open(HERE / f"{kind}_{split}.toml", "rb") as fh:
        return tomllib.load(fh)[table]


@dataclass
class PointScore:
    """Agreement on one point: how often an error matches a violation label."""

    agree: int = 0
    total: int = 0
    false_errors: list[str] = field(default_factory=list)  # ids labelled ok that got an error
    misses: list[str] = field(default_factory=list)  # ids labelled violation without an error

    @property
    def agreement(self) -> float:
        return self.agree / self.total if self.total else 1.0


@dataclass
class RequestScores:
    points: dict[str, PointScore]
    drafts: int
    good: int
    good_with_error: list[str]
    good_with_warning: list[str]
    placeholders: int
    placeholders_caught: int
    placeholder_false: list[str]


def score_requests(items: list[dict]) -> RequestScores:
    points = {p: PointScore() for p in POINTS}
    good_with_error: list[str] = []
    good_with_warning: list[str] = []
    placeholders = caught = 0
    placeholder_false: list[str] = []
    good = 0
    for item in items:
        findings = check_request(item["text"])
        marked = [f for f in findings if f.subject == PLACEHOLDER_SUBJECT]
        rest = [f for f in findings if f.subject != PLACEHOLDER_SUBJECT]
        errors = {f.guidance for f in rest if f.severity == "error"}
        expected = list(item["placeholders"])
        placeholders += len(expected)
        quotes = " ".join(f.quote for f in marked)
        caught += sum(1 for p in expected if p in quotes)
        if marked and not expected:
            placeholder_false.append(item["id"])
        is_good = all(item[p.replace(".", "_")] == "ok" for p in POINTS) and not expected
        good += is_good
        if is_good and any(f.severity == "error" for f in findings):
            good_with_error.append(item["id"])
        if is_good and any(f.severity == "warning" for f in findings):
            good_with_warning.append(item["id"])
        for p in POINTS:
            violation = item[p.replace(".", "_")] == "violation"
            score = points[p]
            score.total += 1
            if violation == (p in errors):
                score.agree += 1
            elif violation:
                score.misses.append(item["id"])
            else:
                score.false_errors.append(item["id"])
    return RequestScores(points, len(items), good, good_with_error, good_with_warning, placeholders, caught,
                         placeholder_false)


FIELD_WHERE = {"career_goals": ("Your career goals", False), "expectations": ("What you expect of a mentor", True),
               "goal": ("Goal", False)}


def statement_flagged(item: dict) -> bool:
    where, about_mentor = FIELD_WHERE[item["field"]]
    return any(f.guidance == "G1.6" for f in check_text(item["text"], where, about_mentor=about_mentor))


def score_statements(items: list[dict]) -> PointScore:
    score = PointScore()
    for item in items:
        flagged = statement_flagged(item)
        unrealistic = item["label"] == "unrealistic"
        score.total += 1
        if flagged == unrealistic:
            score.agree += 1
        elif unrealistic:
            score.misses.append(item["id"])
        else:
            score.false_errors.append(item["id"])
    return score


def report(split: str, *, details: bool) -> str:
    """The figures for one split as text; `details` lists the ids behind each miss and false error."""
    lines = [f"== {split} split =="]
    r = score_requests(load("requests", split))
    lines.append(f"request drafts: {r.drafts} ({r.good} good); good drafts with any error: {len(r.good_with_error)}"
                 f"; with a warning: {len(r.good_with_warning)}")
    lines.append(f"{'point':6} {'agreement':>9} {'false errors':>12} {'misses':>7}")
    for p, s in r.points.items():
        lines.append(f"{p:6} {s.agreement:9.3f} {len(s.false_errors):12d} {len(s.misses):7d}")
        if details and (s.false_errors or s.misses):
            lines.append(f"       false errors: {' '.join(s.false_errors)}  misses: {' '.join(s.misses)}")
    lines.append(f"placeholders caught: {r.placeholders_caught} of {r.placeholders}; drafts wrongly flagged: "
                 f"{len(r.placeholder_false)}")
    if details and r.good_with_error:
        lines.append(f"       good drafts with an error: {' '.join(r.good_with_error)}")
    s = score_statements(load("statements", split))
    lines.append(f"G1.6 statements: {s.total}; agreement {s.agreement:.3f}; false flags {len(s.false_errors)}; "
                 f"misses {len(s.misses)}")
    if details and (s.false_errors or s.misses):
        lines.append(f"       false flags: {' '.join(s.false_errors)}  misses: {' '.join(s.misses)}")
    return "\n".join(lines)
