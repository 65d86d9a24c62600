"""The mentoring agreement as a document: Markdown, self-contained HTML, or PDF (G4.1, G4.2, G6.4).

One structure (`sections`) feeds every format, so they say the same thing:
the goals, the duration and cadence, who schedules, confidentiality, how
progress is recorded, the check-ins, and a no-fault ending. In HTML every
piece of the mentee's or mentor's text goes through `html.escape`.
"""

from __future__ import annotations

import html
import os
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import matplotlib
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from .cadence import cadence_words, planned_interval_days
from .dates import add_months
from .errors import InvalidChoiceError, NoAgreementError
from .findings import Finding
from .model import Agreement, Goal
from .storage import atomic_file, make_folder
from .templating import render

if TYPE_CHECKING:
    from .store import Workbook

SCHEDULER_WORDS = {
    "mentee": "The mentee proposes dates and sends the invitations.",
    "mentor": "The mentor proposes dates and sends the invitations.",
    "alternate": "We take turns: whoever did not schedule the last meeting schedules the next.",
}
NO_FAULT = ("Either of us may end the mentoring at any time and for any reason, with no blame and no explanation "
            "owed; a short note is enough, and we part on good terms (G6.4).")
FAULT = "Before either of us ends the mentoring, we talk it over together first."


@dataclass(frozen=True)
class Section:
    heading: str
    items: list[str] = field(default_factory=list)
    numbered: bool = False
    bullets: bool = True


@dataclass(frozen=True)
class AgreementDoc:
    """The agreement's words, ready for any format (user text not yet escaped)."""

    title: str
    mentee_name: str
    mentor_name: str
    parties: str
    sections: list[Section]
    signed_on: str


def _goal_line(goal: Goal) -> str:
    line = goal.title
    if goal.description:
        line += f": {goal.description}"
    if goal.level_0:
        line += f" (expected outcome: {goal.level_0})"
    return line


def _agreement(wb: "Workbook", agreement: Agreement | None) -> Agreement:
    """The agreement given, else the workbook's latest; `NoAgreementError` when there is none."""
    found = agreement or wb.agreement
    if found is None:
        raise NoAgreementError("no agreement recorded yet: fill in the agreement form first")
    return found


def sections(wb: "Workbook", agreement: Agreement | None = None) -> AgreementDoc:
    """The agreement's content from the workbook; the latest agreement when none is given."""
    agreement = _agreement(wb, agreement)
    mentee = wb.mentee_name or "the mentee"
    mentor = agreement.mentor_name or "the mentor"
    end = add_months(agreement.start, agreement.duration_months)
    goals = [g for g in wb.records("goals") if g.active]
    goal_items = [_goal_line(g) for g in sorted(goals, key=lambda g: -g.weight)] or [
        "(No goals recorded yet: write two or three in notebook 01 and add them here.)"]
    docs = [
        Section("What the mentee hopes to achieve", goal_items, numbered=True),
        Section("Duration and cadence (G4.2)", [
            f"From {agreement.start:%d %B %Y} to {end:%d %B %Y}: {agreement.duration_months} months, then we "
            "review whether to go on.",
            f"We meet {cadence_words(agreement.meetings_per_month)}, about every "
            f"{planned_interval_days(agreement):g} days.",
            SCHEDULER_WORDS[agreement.scheduler],
        ]),
        Section("Confidentiality", [agreement.confidentiality or "(to be agreed)"], bullets=False),
        Section("How we record progress", [
            agreement.progress_recording or "(to be agreed)",
            "Before each meeting the mentee shares a few objectives; after it, the actions with an owner and "
            "a due date (G5.1 to G5.3).",
            "A commitment that cannot be kept is renegotiated before it falls due (G5.4).",
            "About once a quarter we check in on how the relationship works for both of us (G6.1, G6.2).",
        ]),
        Section("Ending", [NO_FAULT if agreement.no_fault_ending else FAULT], bullets=False),
    ]
    parties = f"Between {mentee} (mentee) and {mentor} (mentor), agreed on {agreement.start:%d %B %Y}."
    return AgreementDoc("Mentoring agreement", mentee, mentor, parties, docs, f"{agreement.start:%d %B %Y}")


def _md_safe(text: str) -> str:
    """Markdown keeps ordinary text; angle brackets are escaped so a viewer never renders markup from it."""
    return text.replace("<", "&lt;").replace(">", "&gt;")


def to_markdown(wb: "Workbook", agreement: Agreement | None = None) -> str:
    """The agreement as Markdown, from `templates/agreement.md.j2`."""
    doc = sections(wb, agreement)
    safe = [Section(_md_safe(s.heading), [_md_safe(i) for i in s.items], s.numbered, s.bullets) for s in doc.sections]
    return render("agreement.md.j2", title=doc.title, parties=_md_safe(doc.parties), sections=safe,
                  mentee_name=_md_safe(doc.mentee_name), mentor_name=_md_safe(doc.mentor_name),
                  signed_on=doc.signed_on) + "\n"


_CSS = """body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:44rem;margin:2rem auto;
padding:0 1rem;line-height:1.5;color:#222}h1{font-size:1.6rem}h2{font-size:1.15rem;margin-top:1.6rem;
border-bottom:1px solid #ddd}.sign{margin-top:2.5rem;display:flex;gap:2rem}.sign div{flex:1;border-top:1px solid
#333;padding-top:.3rem}@media print{body{margin:0}}"""


def check(agreement: Agreement) -> list[Finding]:
    """What G4.2 says about an agreement: at most one meeting a month, a year or less."""
    found = []
    if agreement.meetings_per_month > 1:
        found.append(Finding("G4.2", "warning", f"{agreement.meetings_per_month:g} meetings a month is more than a "
                                                "busy mentor can usually give: once a month is the most to ask for."))
    if agreement.duration_months > 12:
        found.append(Finding("G4.2", "warning", f"{agreement.duration_months} months is longer than a year: agree a "
                                                "year at most, then review together whether to go on."))
    if not agreement.no_fault_ending:
        found.append(Finding("G6.4", "info", "Without a no-fault ending, ending the mentoring gets harder for both "
                                             "of you: consider agreeing one."))
    return found


def to_html_fragment(wb: "Workbook", agreement: Agreement | None = None) -> str:
    """The agreement's body as HTML (no page around it), for a notebook panel; user text escaped."""
    return "\n".join(_html_body(sections(wb, agreement)))


def _html_body(doc: AgreementDoc) -> list[str]:
    e = html.escape
    parts = [f"<h1>{e(doc.title)}</h1>", f"<p>{e(doc.parties)}</p>"]
    for s in doc.sections:
        parts.append(f"<h2>{e(s.heading)}</h2>")
        if s.bullets or s.numbered:
            tag = "ol" if s.numbered else "ul"
            parts.append(f"<{tag}>" + "".join(f"<li>{e(i)}</li>" for i in s.items) + f"</{tag}>")
        else:
            parts += [f"<p>{e(i)}</p>" for i in s.items]
    parts.append(f'<div class="sign"><div>{e(doc.mentee_name)}</div><div>{e(doc.mentor_name)}</div></div>')
    parts.append(f"<p>Date: {e(doc.signed_on)}</p>")
    return parts


def to_html(wb: "Workbook", agreement: Agreement | None = None) -> str:
    """The agreement as one self-contained HTML page; every piece of user text is escaped."""
    e = html.escape
    doc = sections(wb, agreement)
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             f"<title>{e(doc.title)}: {e(doc.mentee_name)} and {e(doc.mentor_name)}</title>",
             f"<style>{_CSS}</style></head><body>", *_html_body(doc), "</body></html>"]
    return "\n".join(parts) + "\n"


def _pdf_lines(doc: AgreementDoc, width: int = 88) -> list[tuple[str, str]]:
    """(style, text) lines for the PDF: 'title', 'heading' or 'body'."""
    lines: list[tuple[str, str]] = [("title", doc.title), ("body", "")]
    lines += [("body", t) for t in textwrap.wrap(doc.parties, width)]
    for s in doc.sections:
        lines += [("body", ""), ("heading", s.heading)]
        for n, item in enumerate(s.items, 1):
            lead = f"{n}. " if s.numbered else "- " if s.bullets else ""
            wrapped = textwrap.wrap(item, width - len(lead)) or [""]
            lines.append(("body", lead + wrapped[0]))
            lines += [("body", " " * len(lead) + w) for w in wrapped[1:]]
    lines += [("body", ""), ("body", ""), ("body", f"Signed: ____________________ ({doc.mentee_name})"),
              ("body", ""), ("body", f"        ____________________ ({doc.mentor_name})"), ("body", ""),
              ("body", f"Date: {doc.signed_on}")]
    return lines


def write_pdf(wb: "Workbook", out_path: str | os.PathLike, agreement: Agreement | None = None) -> Path:
    """The agreement as a PDF of A4 text pages (matplotlib's PdfPages: no extra dependency)."""
    matplotlib.use("Agg", force=False)

    out = Path(out_path)
    lines = _pdf_lines(sections(wb, agreement))
    per_page, step = 52, 0.0172
    sizes = {"title": 17, "heading": 12.5, "body": 10}
    weights = {"title": "bold", "heading": "bold", "body": "normal"}
    metadata = {"Title": "Mentoring agreement", "Creator": "mentorkit"}
    with atomic_file(out) as tmp, PdfPages(tmp, metadata=metadata) as pdf:
        for first in range(0, len(lines), per_page):
            fig = Figure(figsize=(8.27, 11.69))
            y = 0.94
            for style, text in lines[first:first + per_page]:
                fig.text(0.09, y, text, fontsize=sizes[style], fontweight=weights[style], va="top",
                         parse_math=False)  # a "$" in user text stays a dollar sign
                y -= step * (1.6 if style == "title" else 1.0)
            pdf.savefig(fig)
    return out


def export_agreement(wb: "Workbook", out_path: str | os.PathLike | None = None,
                     agreement: Agreement | None = None) -> Path:
    """Write the agreement as .md, .html or .pdf (by the suffix); default `exports/agreement.html`."""
    out = Path(out_path) if out_path is not None else wb.exports_dir / "agreement.html"
    suffix = out.suffix.lower()
    if suffix not in (".md", ".html", ".htm", ".pdf"):
        raise InvalidChoiceError(f"{out}: the agreement is written as .md, .html or .pdf")
    agreement = _agreement(wb, agreement)  # before anything is made on disk
    make_folder(out.parent)
    if suffix == ".pdf":
        return write_pdf(wb, out, agreement)
    text = to_markdown(wb, agreement) if suffix == ".md" else to_html(wb, agreement)
    with atomic_file(out) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return out

