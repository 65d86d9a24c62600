"""Notebook 05: the prep sheet, meetings, thanks, actions, feedback, drift and pace, check-ins, ending, goal levels."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from .. import cadence, closing, drafting, evaluation, prep, progress
from .section import Section

if TYPE_CHECKING:
    from ..store import Workbook

ACTION_DUE_DAYS = 14  # a new action is due two weeks after it is written down, unless changed
MEETING_DEFAULTS = {"duration_min": 60, "mode": "video"}
MEETING_LABELS = {"duration_min": "Minutes", "gave_back": "What I gave back"}
MEETING_HINTS = {"objectives": "G5.2: what you want from this meeting; open with it.",
                 "notes": "Private. Review them after the meeting and turn them into actions (G5.3).",
                 "gave_back": "G5.9: an article, an introduction, data your mentor can use."}
MEETING_FORM_COLUMNS = ["id", "date", "duration_min", "mode", "objectives"]
ACTION_FIELDS = ["description", "meeting_id", "owner", "due", "status", "done_on", "renegotiated_on",
                 "renegotiated_due"]
ACTION_LABELS = {"meeting_id": "From meeting", "renegotiated_due": "New due date"}
ACTION_HINTS = {"status": "G5.4: renegotiate before the due date if you cannot keep it.",
                "renegotiated_on": "The day you agreed the new date."}
ACTION_FORM_COLUMNS = ["id", "description", "owner", "due", "status"]
NOT_KEPT_COLUMNS = {"description": "action", "owner": "owner", "effective_due": "due", "reason": "why"}
FEEDBACK_FIELDS = ["date", "meeting_id", "kind", "text", "response"]
FEEDBACK_LABELS = {"meeting_id": "From meeting", "text": "What they said", "response": "What I did with it"}
FEEDBACK_HINTS = {"kind": "G5.8: critical feedback is a sign of trust."}
FEEDBACK_FORM_COLUMNS = ["id", "date", "kind", "text"]
GAP_COLUMNS = {"from": "from", "to": "to", "days": "days", "ratio": "times the plan", "flagged": "flagged",
               "open": "open (to today)"}
CHECKIN_LABELS = {"value_to_me": "Value to me", "value_to_mentor": "Value to my mentor"}
CHECKIN_HINTS = {"value_to_mentor": "G6.1: ask them; it is a two-way street.",
                 "wish_to_continue": "G6.2: do you both want to go on?"}
CHECKIN_FORM_COLUMNS = ["id", "date", "value_to_me", "value_to_mentor", "wish_to_continue"]
CHECKIN_COLUMNS = {"date": "date", "value_to_me": "to me", "value_to_mentor": "to mentor",
                   "wish_to_continue": "wish to go on", "health": "health", "one_way": "one-way", "fading": "fading"}
LEVEL_HINTS = {"level": "-2 much less than expected ... 0 expected ... +2 much more."}
LEVEL_FORM_COLUMNS = ["id", "goal_id", "date", "level"]


def _form(wb: "Workbook", table: str, **options):
    from ..forms import RecordForm

    return RecordForm(wb, table, **options)


def prep_sheet(wb: "Workbook", today: dt.date) -> Section:
    """The prep sheet for the next meeting, gathered from the goals and the last notes (G5.1, G5.2)."""
    from IPython.display import Markdown

    return Section(Markdown(prep.prep_sheet(wb, today).to_markdown()))


def drift_panel(book: "Workbook", today: dt.date) -> str:
    from ..forms import findings_view

    return findings_view(cadence.drift(book, as_of=today).findings(), "No meetings yet.", title="Cadence (G5.5)").html


def meeting_section(wb: "Workbook", today: dt.date, interactive: bool) -> Section:
    """The meeting log, with the cadence check beside it (interactive runs only)."""
    if not interactive:
        return Section()
    form = _form(wb, "meetings", defaults={"date": lambda: today, **MEETING_DEFAULTS}, labels=MEETING_LABELS,
                 hints=MEETING_HINTS, columns=MEETING_FORM_COLUMNS)
    form.live(lambda book: drift_panel(book, today))
    return Section(form, form=form)


def meeting_drafts(wb: "Workbook", today: dt.date) -> Section:
    """The thank-you after the last meeting and the continued-interest note (G5.6)."""
    from ..forms import draft_view, message

    if not wb.count("meetings"):
        return Section(message("No meeting logged yet: after your first one, the thank-you draft appears here."))
    return Section(*(draft_view(f"{drafting.DRAFTS[kind].label} ({drafting.DRAFTS[kind].guidance})",
                                drafting.draft(wb, kind, today)) for kind in ("meeting_thanks", "continued_interest")))


def action_section(wb: "Workbook", today: dt.date, interactive: bool) -> Section:
    """The action form, due in two weeks by default, with the follow-through beside it (interactive runs only)."""
    if not interactive:
        return Section()
    from ..forms import message

    form = _form(wb, "actions", fields=ACTION_FIELDS, labels=ACTION_LABELS, hints=ACTION_HINTS,
                 defaults={"due": lambda: today + dt.timedelta(days=ACTION_DUE_DAYS)}, columns=ACTION_FORM_COLUMNS)
    form.live(lambda book: message(str(progress.follow_through(book.table("actions"), today))).html)
    return Section(form, form=form)


def follow_through_section(wb: "Workbook", today: dt.date) -> Section:
    """How many due actions were kept (G5.4), and the ones that were not."""
    from ..forms import frame_view

    result = progress.follow_through(wb.table("actions"), today)
    verdicts = result.frame()
    if not len(verdicts):
        return Section(str(result))
    actions = wb.table("actions")[["id", "description", "owner"]].rename(columns={"id": "action_id"})
    missed = verdicts.merge(actions, on="action_id")
    missed = missed[~missed["kept"] & missed["due"]]
    return Section(str(result), frame_view(missed, "Every due action was kept.", title="Due and not kept",
                                           columns=NOT_KEPT_COLUMNS))


def feedback_section(wb: "Workbook", today: dt.date, interactive: bool) -> Section:
    """The feedback form (interactive), then what was recorded and how much still waits for a response (G5.8)."""
    from ..forms import message

    form = None
    if interactive:
        form = _form(wb, "feedback", fields=FEEDBACK_FIELDS, defaults={"date": lambda: today},
                     labels=FEEDBACK_LABELS, hints=FEEDBACK_HINTS, columns=FEEDBACK_FORM_COLUMNS)
    feedback = wb.table("feedback")
    if not len(feedback):
        return Section(form, message("No feedback recorded yet. Ask for it: 'What would you do differently in my "
                                     "place?'"), form=form)
    counts = feedback["kind"].value_counts()
    unanswered = int((feedback["response"].str.strip() == "").sum())
    summary = (f"Feedback recorded: {len(feedback)} ({', '.join(f'{n} {k}' for k, n in counts.items())}); "
               f"{unanswered} without a response yet.")
    return Section(form, summary, form=form)


def drift_section(wb: "Workbook", today: dt.date) -> Section:
    """The drift rule with the mentee's numbers: every gap against the planned interval (G5.5, G6.3)."""
    from ..forms import findings_view, frame_view

    report = cadence.drift(wb, as_of=today)
    return Section(report.rule,
                   frame_view(report.frame(), "No meetings logged yet.", title="Gaps between meetings (open: up to "
                              "today)", columns=GAP_COLUMNS),
                   findings_view(report.findings(), "Nothing to flag."))


def checkin_section(wb: "Workbook", today: dt.date, interactive: bool) -> Section:
    """The check-in form, rated both ways, with the recommendation beside it (interactive runs only)."""
    if not interactive:
        return Section()
    from ..forms import message

    form = _form(wb, "checkins", defaults={"date": lambda: today}, labels=CHECKIN_LABELS, hints=CHECKIN_HINTS,
                 columns=CHECKIN_FORM_COLUMNS)
    form.live(lambda book: message(str(evaluation.recommend(book, today))).html)
    return Section(form, form=form)


def recommendation_section(wb: "Workbook", today: dt.date) -> Section:
    """The check-ins with health, one-way and fading, and the recommendation: continue, adjust or let go (G6.4)."""
    from ..forms import findings_view, frame_view

    checkins = evaluation.health_frame(wb, today).round({"health": 1})
    checkins = checkins.astype({name: "Int64" for name in evaluation.RATINGS})
    advice = evaluation.recommend(wb, today)
    return Section(frame_view(checkins, "No check-ins yet.", title="Check-ins", columns=CHECKIN_COLUMNS),
                   f"Recommendation: {advice}", findings_view(advice.findings, "Nothing to add."))


def closing_section(wb: "Workbook", today: dt.date, interactive: bool) -> Section:
    """When the term is nearly over: a look back and prompts for the closing talk, and the form to record it."""
    from ..forms import bullets

    offer = closing.closing_offer(wb, today)
    parts: list = [str(offer)]
    if offer.due or closing.has_ended(wb.agreement, today):
        parts.append(bullets(closing.look_back(wb, today), "Looking back:"))
        parts.append(bullets((f"{prompt} ({gid})" for gid, prompt in closing.CLOSING_PROMPTS),
                             "For the closing conversation:"))
    form = None
    if interactive and wb.agreement is not None and not closing.has_ended(wb.agreement, today):
        from ..forms import ClosingForm

        form = ClosingForm(wb, today)
    return Section(*parts, form, form=form)


def goal_progress_section(wb: "Workbook", today: dt.date, interactive: bool) -> Section:
    """The goal-level form (interactive), then the GAS T-score now."""
    from ..forms import message

    form = None
    if interactive:
        form = _form(wb, "goal_levels", defaults={"date": lambda: today, "level": 0}, labels={"goal_id": "Goal"},
                     hints=LEVEL_HINTS, columns=LEVEL_FORM_COLUMNS)
    history = progress.tscore_history(wb.table("goals"), wb.table("goal_levels"), as_of=today)
    if history.empty:
        return Section(form, message("No scaled goals yet: write them in notebook 01, then record their levels "
                                     "here."), form=form)
    return Section(form, f"GAS T-score now: {history['tscore'].iloc[-1]:.1f} (50 = every goal at its expected "
                         "level)", form=form)
