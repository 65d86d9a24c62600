"""Notebook 02: the candidate form with its screening beside it, the shortlist and every flag (G2.x, G3.1)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import screening
from .section import Section

if TYPE_CHECKING:
    from ..model import Candidate
    from ..store import Workbook

CANDIDATE_HINTS = {
    "same_organization": "G2.1: tick if they work where you work.",
    "relationship": "G2.3, G2.4, G3.1: how you are connected today.",
    "respect": "G2.5, G1.7: how much you respect them.",
    "values_fit": "G2.5, G1.7: how well their values match yours.",
    "path_similarity": "G2.2: how close their path is to the one you want.",
    "senior": "G2.2: further along than you.",
    "found_via": "G2.6: where you found them, who knows them.",
    "connection_route": "G2.7, G2.8: how you can reach them.",
}
FORM_COLUMNS = ["id", "name", "organization", "relationship", "status"]
SHORTLIST_COLUMNS = {"rank": "#", "name": "name", "organization": "organization", "fit_score": "fit",
                     "flags": "flags", "why": "why here", "next_step": "next step"}
PANEL_COLUMNS = {"rank": "#", "name": "name", "fit_score": "fit", "flags": "flags"}


def candidate_panel(book: "Workbook", chosen: "Candidate | None" = None) -> str:
    """The live panel: the screening of `chosen` (the candidate just saved), notes on the list, the shortlist."""
    from ..forms import findings_view, frame_view

    parts = []
    if chosen is not None:
        parts.append(findings_view(screening.screen_in(book, chosen), f"No red flags for {chosen.name}.",
                                   title=f"Screening: {chosen.name}").html)
        parts.append(f"<p><b>Next step:</b> {screening.next_step(chosen)}</p>")
    notes = screening.shortlist_notes(book.records("candidates"))
    if notes:
        parts.append(findings_view(notes, title="About the list as a whole").html)
    parts.append(frame_view(screening.shortlist(book), "No candidates yet.", title="Shortlist",
                            columns=PANEL_COLUMNS).html)
    return "".join(parts)


def candidate_form(wb: "Workbook"):
    """The candidate form; the panel beside it screens the candidate saved or updated last."""
    from ..forms import RecordForm

    latest: dict[str, "Candidate | None"] = {"candidate": None}

    def remember(record, action):
        latest["candidate"] = record if action != "deleted" else None

    form = RecordForm(wb, "candidates", hints=CANDIDATE_HINTS, on_change=remember, columns=FORM_COLUMNS)
    form.live(lambda book: candidate_panel(book, latest["candidate"]))
    return form


def candidate_section(wb: "Workbook", interactive: bool) -> Section:
    """The candidate form (interactive runs only)."""
    if not interactive:
        return Section()
    form = candidate_form(wb)
    return Section(form, form=form)


def shortlist_section(wb: "Workbook") -> Section:
    """The ranked shortlist: why each one is placed there, and what to do next."""
    from ..forms import frame_view

    return Section(frame_view(screening.shortlist(wb), "No candidates yet: add a few in the form above (with "
                              "interactive = True).", columns=SHORTLIST_COLUMNS))


def flags_section(wb: "Workbook") -> Section:
    """Every finding of the screening, candidate by candidate."""
    from ..forms import findings_view

    flags = screening.screen_all(wb)
    return Section(findings_view(flags, "Nothing to flag yet.", title=f"{len(flags)} finding(s)"))
