"""Ending well: the closing conversation, and how a relationship ended (G6.4, G6.5).

A mentoring agreement runs for a term (G4.2). When the term is over, or
after a let-go recommendation (G6.4), the workbook offers a closing
conversation: look back at what was achieved, thank your mentor, and decide
together whether to go on informally. The agreement then records the date
it ended (`Agreement.ended_on`) and how (`Agreement.ending`, from `ENDINGS`).
An ended relationship is not at risk for anything after its end date, and
one that ended well is not at risk at all (the cohort summary follows this).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import InvalidChoiceError, NoAgreementError
from .evaluation import recommend
from .findings import Finding
from .model import ENDINGS, Agreement
from .progress import follow_through, tscore_history
from .relationships import ended_well, has_ended, in_window, term_end, window

if TYPE_CHECKING:
    from .store import Workbook

__all__ = ["CLOSE_SOON_DAYS", "CLOSING_PROMPTS", "ENDING_WORDS", "ClosingOffer", "closing_offer", "ended_well",
           "has_ended", "in_window", "look_back", "record_ending", "term_end", "window"]

ENDING_WORDS = {
    "term_completed": "the agreed term came to its end",
    "goals_met": "the goals were met",
    "continuing_informally": "it goes on informally, without the formal agreement",
    "let_go_mutual": "a kind, mutual let-go: the interest was no longer there on both sides",
    "mentor_stepped_back": "the mentor stepped back",
    "mentee_stepped_back": "you stepped back",
    "other": "another reason",
}
CLOSE_SOON_DAYS = 30  # offer the closing conversation this many days before the term ends

CLOSING_PROMPTS = (
    ("G6.1", "What did you achieve together? Look at your goals' levels then and now, and the actions you kept."),
    ("G5.6", "Thank your mentor, naming one thing they did that made a difference."),
    ("G6.2", "Do you both want to go on, informally or with a new agreement? Ask; do not assume."),
    ("G6.5", "Stay in touch. A mentor who watched you grow may later be glad to recommend you: let that come "
             "from them, never ask for it."),
)


@dataclass(frozen=True)
class ClosingOffer:
    """Whether to hold the closing conversation now, and why."""

    due: bool
    reason: str
    findings: tuple[Finding, ...] = ()

    def __str__(self) -> str:
        return self.reason


def closing_offer(wb: "Workbook", as_of: dt.date) -> ClosingOffer:
    """Offer the closing conversation when the term ends within `CLOSE_SOON_DAYS`, has ended, or after a let-go."""
    agreement = wb.agreement
    if agreement is None:
        return ClosingOffer(False, "No agreement recorded: nothing to close.")
    if has_ended(agreement, as_of):
        how = ENDING_WORDS.get(agreement.ending, agreement.ending)
        return ClosingOffer(False, f"The relationship ended on {agreement.ended_on:%d %b %Y}: {how}.")
    end = term_end(agreement)
    days_left = (end - as_of).days
    if recommend(wb, as_of).decision == "let_go":
        message = ("The last check-ins say the interest is no longer mutual: close kindly, with thanks, "
                   "and move on (G6.4). The agreement's no-fault ending makes this easy for both of you.")
        return ClosingOffer(True, message, (Finding("G6.4", "warning", message),))
    if days_left <= 0:
        message = (f"The agreed term ended on {end:%d %b %Y}: hold a closing conversation, and record how it "
                   "ended (or agree a new term).")
        return ClosingOffer(True, message, (Finding("G4.2", "warning", message),))
    if days_left <= CLOSE_SOON_DAYS:
        message = (f"The agreed term ends on {end:%d %b %Y}, in {days_left} days: plan the closing conversation "
                   "for your last meeting.")
        return ClosingOffer(True, message, (Finding("G4.2", "info", message),))
    return ClosingOffer(False, f"The agreed term runs until {end:%d %b %Y} ({days_left} days).")


def look_back(wb: "Workbook", as_of: dt.date) -> list[str]:
    """What the relationship achieved, in numbers, for the closing conversation."""
    agreement = wb.agreement
    since = agreement.start if agreement is not None else dt.date.min
    meetings = [m for m in wb.records("meetings") if since <= m.date <= as_of]
    lines = [f"{len(meetings)} meeting(s) since {since:%d %b %Y}." if agreement else f"{len(meetings)} meeting(s)."]
    kept = follow_through(wb.table("actions"), as_of)
    if kept.due:
        lines.append(f"{kept.kept} of {kept.due} due actions kept.")
    history = tscore_history(wb.table("goals"), wb.table("goal_levels"), as_of=as_of)
    if not history.empty:
        lines.append(f"GAS T-score from {history['tscore'].iloc[0]:.1f} to {history['tscore'].iloc[-1]:.1f} "
                     "(50: every goal at its expected level).")
    return lines


def record_ending(wb: "Workbook", ending: str, on: dt.date, notes: str = "") -> Agreement:
    """Record how the current relationship ended (one of `ENDINGS`), on `on`; returns the saved agreement."""
    agreement = wb.agreement
    if agreement is None:
        raise NoAgreementError("ending: there is no agreement to end; record the agreement first")
    if ending not in ENDINGS or not ending:
        raise InvalidChoiceError(f"ending: {ending!r} is not one of {', '.join(e for e in ENDINGS if e)}")
    ended = Agreement.parse({**agreement.model_dump(), "ended_on": on, "ending": ending,
                             "closing_notes": notes or agreement.closing_notes})
    wb.update(ended)
    return ended
