"""Which relationship a date belongs to: the agreed term, its recorded end, and the window between ends.

A mentee may have more than one mentoring relationship over time (G6.4, G6.5).
Drift, check-ins, the recommendation and the cohort summary count only what
belongs to the current one; `window` says which dates those are. The closing
conversation that ends a relationship lives in `closing`.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from .dates import add_months
from .model import ENDED_WELL, Agreement

if TYPE_CHECKING:
    from .store import Workbook


def term_end(agreement: Agreement) -> dt.date:
    """The day the agreed term ends: the start plus the duration in months."""
    return add_months(agreement.start, agreement.duration_months)


def has_ended(agreement: Agreement | None, as_of: dt.date) -> bool:
    """Whether the agreement has a recorded ending on or before `as_of`."""
    return agreement is not None and agreement.ended_on is not None and agreement.ended_on <= as_of


def ended_well(agreement: Agreement | None, as_of: dt.date) -> bool:
    """Whether the relationship ended, on or before `as_of`, in one of the good ways (`ENDED_WELL`)."""
    return has_ended(agreement, as_of) and agreement.ending in ENDED_WELL  # type: ignore[union-attr]


def window(wb: "Workbook", agreement: Agreement | None = None) -> tuple[dt.date | None, dt.date | None]:
    """The dates that belong to a relationship (default: the current one): (after, until), either may be None.

    A meeting, action or check-in belongs to the relationship in force on its date: after the previous
    relationship's recorded end (exclusive), up to this one's end (inclusive; open while it runs). The
    first relationship also holds what came before it, such as informal meetings.
    """
    agreement = agreement if agreement is not None else wb.agreement
    if agreement is None:
        return None, None
    earlier = [a for a in wb.records("agreements")
               if a.id != agreement.id and (a.start, a.id or 0) < (agreement.start, agreement.id or 0)]
    ends = [a.ended_on for a in earlier if a.ended_on is not None]
    return (max(ends) if ends else None), agreement.ended_on


def in_window(day: dt.date, bounds: tuple[dt.date | None, dt.date | None]) -> bool:
    """Whether `day` falls in `bounds`, as `window` returns them."""
    after, until = bounds
    return (after is None or day > after) and (until is None or day <= until)
