"""Notebook 00: where the mentee stands on the journey, and opening another workbook."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ..journey import journey
from .section import Section

if TYPE_CHECKING:
    from ..store import Workbook


def where_you_are(wb: "Workbook", today: dt.date) -> Section:
    """Each step's state and the suggested next action."""
    return Section(journey(wb, today))


def other_workbook(wb: "Workbook", today: dt.date, interactive: bool) -> Section:
    """A picker to open another workbook folder or start a new one (interactive runs only)."""
    if not interactive:
        return Section()
    from ..forms import WorkbookPicker

    picker = WorkbookPicker(path=str(wb.path), on_open=lambda book: journey(book, today))
    return Section(picker, picker=picker)
