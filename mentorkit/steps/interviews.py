"""Notebook 03: the question bank, asks for a talk, the talk log, follow-ups and drafts (G3.x)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from .. import drafting
from .. import interviews as rules
from .section import Section

if TYPE_CHECKING:
    from ..forms import Shown
    from ..store import Workbook

MAX_ASKS = 3  # ask drafts shown at once, best fit first
BANK_COLUMNS = {"id": "id", "theme": "theme", "question": "question", "times_asked": "asked"}
TALK_LABELS = {"duration_min": "Minutes", "flow": "Flow", "star": "Potential mentor (star)"}
TALK_HINTS = {
    "flow": "G3.4: how easily the conversation went.", "star": "G3.4: would you like to learn from them?",
    "thanked_on": "G3.5", "connection_sent": "G3.6", "follow_up_on": "G3.5: empty: in two months.",
    "followed_up_on": "G3.5: the day you got back in touch; the reminder then goes away.",
    "kind": "G3.7: a brief coffee with a potential mentor counts as a talk too.",
}
TALK_FORM_COLUMNS = ["id", "person", "kind", "date", "flow", "star", "follow_up_on", "followed_up_on"]
FLOW_PANEL_COLUMNS = {"rank": "#", "person": "person", "flow": "flow", "star": "star"}
REFLECTION_COLUMNS = {"rank": "#", "person": "person", "date": "date", "flow": "flow", "star": "star",
                      "why": "why here"}
FOLLOW_UP_COLUMNS = {"person": "person", "talk_date": "talked", "follow_up_on": "follow up on",
                     "days_left": "days left", "state": "state", "note": "note"}


def question_bank(wb: "Workbook") -> Section:
    """The question bank (G3.3), the mentee's own questions included."""
    from ..forms import frame_view

    return Section(frame_view(rules.question_bank(wb), columns=BANK_COLUMNS))


def asks_section(wb: "Workbook", today: dt.date) -> Section:
    """Drafted asks for a ten-minute talk to the best candidates not talked with yet (G3.2, G3.9)."""
    from ..forms import draft_view, message

    asks = drafting.ask_drafts(wb, today)
    if not asks:
        return Section(message("Nobody to ask right now: everyone in the running has had a talk, or your list is "
                               "empty (notebook 02)."))
    return Section(*(draft_view(f"To {person.name} ({person.organization})", text) for person, text in asks[:MAX_ASKS]))


def to_do(book: "Workbook", today: dt.date) -> "Shown":
    """What to do about the talks now: thanks, connections, follow-ups due."""
    from ..forms import findings_view

    return findings_view(rules.interview_findings(book, today), "Nothing to do right now.", title="To do")


def talk_form(wb: "Workbook", today: dt.date):
    """The talk log: dated today by default; a talk saved without a follow-up date gets the default (G3.5)."""
    from ..forms import RecordForm, frame_view

    def store_follow_up(record, action):
        if action != "deleted" and record.follow_up_on is None:
            wb.update(rules.with_follow_up(record))
            form.refresh()
            if form.selected_id == record.id:
                form.fill(wb.get("interviews", record.id))

    def panel(book):
        return to_do(book, today).html + frame_view(rules.reflection(book), "No talks logged yet.",
                                                    title="How your talks flowed", columns=FLOW_PANEL_COLUMNS).html

    form = RecordForm(wb, "interviews", defaults={"date": lambda: today}, on_change=store_follow_up,
                      labels=TALK_LABELS, hints=TALK_HINTS, columns=TALK_FORM_COLUMNS)
    form.live(panel)
    return form


def talk_section(wb: "Workbook", today: dt.date, interactive: bool) -> Section:
    """A question picker feeding the talk form's questions, and the form (interactive runs only)."""
    if not interactive:
        return Section()
    from ..forms import QuestionPicker

    form = talk_form(wb, today)
    picker = QuestionPicker(rules.question_bank(wb), target=form.inputs["questions"])
    return Section(picker, form, form=form, picker=picker)


def reflection_section(wb: "Workbook") -> Section:
    """The talks ranked by flow (G3.4), and the potential mentors starred."""
    from ..forms import frame_view, message

    ranked = rules.reflection(wb)
    starred = list(dict.fromkeys(ranked.loc[ranked["potential_mentor"], "person"])) if len(ranked) else []
    return Section(
        frame_view(ranked, "No talks logged yet: ask one of your candidates for ten minutes (G3.2).",
                   columns=REFLECTION_COLUMNS),
        message("Potential mentors: " + ", ".join(starred) if starred else "No potential mentor starred yet."),
    )


def follow_up_table(book: "Workbook", today: dt.date) -> "Shown":
    from ..forms import frame_view

    return frame_view(rules.follow_ups(book, today), "No follow-ups open.", title="Follow-ups",
                      columns=FOLLOW_UP_COLUMNS)


def follow_up_section(wb: "Workbook", today: dt.date, interactive: bool) -> Section:
    """The follow-ups and what to do; interactive runs add a tracker to mark a follow-up done."""
    if not interactive:
        return Section(follow_up_table(wb, today), to_do(wb, today))
    import ipywidgets as widgets

    from ..forms import FollowUpTracker

    def panel() -> str:
        return follow_up_table(wb, today).html + to_do(wb, today).html

    view = widgets.HTML(panel())
    view.add_class("mk-live")
    tracker = FollowUpTracker(wb, today, on_change=lambda: setattr(view, "value", panel()))
    return Section(tracker, view, tracker=tracker, view=view)


def drafts_section(wb: "Workbook", today: dt.date) -> Section:
    """Thank-you and connection notes for talks not yet thanked or connected after, and follow-ups due soon."""
    from ..forms import draft_view, message

    parts: list = []
    pending = rules.drafts(wb)
    if pending.empty and wb.count("interviews"):
        pending = rules.drafts(wb, only_pending=False).tail(1)
        parts.append("Everyone is thanked and connected. For reference, the drafts for your latest talk:\n")
    if pending.empty:
        parts.append(message("No talks logged yet, so nothing to draft."))
    for row in pending.itertuples():
        parts.append(draft_view(f"{row.person}: thank-you note (G3.5)", row.thank_you))
        parts.append(draft_view(f"{row.person}: connection note, {row.note_chars} characters (G3.6)",
                                row.connection_note))
    for talk, text in drafting.follow_up_drafts(wb, today):
        parts.append(draft_view(f"{talk.person}: two-month follow-up (G3.5, G3.8)", text))
    return Section(*parts)
