"""Dates as mentorkit reads them: ISO text, table cells, the "as of" day, and month arithmetic.

One home for the date parsing the package needs, so a record, a table cell,
a notebook's `as_of` parameter and the CLI's `--as-of` all read a date the
same way and say the same thing about a bad one. Imports nothing heavy:
pandas is only touched for a cell that is neither text nor a date.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

ISO_DATE = "an ISO 8601 date (YYYY-MM-DD)"


def parse_date(text: str, *, time_part: bool = False) -> dt.date | None:
    """ISO date text as a date; None for blank text.

    With `time_part`, a time after the date (`2024-03-01T10:00`, or a space
    instead of the `T`) is allowed and dropped. Bad text raises `ValueError`
    naming the text.
    """
    day = text.strip()
    if not day:
        return None
    if time_part and len(day) > 10 and day[10] in "T ":
        day = day[:10]
    try:
        return dt.date.fromisoformat(day)
    except ValueError:
        raise ValueError(f"{text!r} is not {ISO_DATE}") from None


def to_date(value: Any) -> dt.date | None:
    """A table cell as a date: a Timestamp, datetime, date or ISO text; None for NaT, NaN, None or blank."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):  # pandas Timestamp included
        return None if value != value else value.date()  # NaT != NaT
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return parse_date(value, time_part=True)
    try:
        import pandas as pd  # noqa: PLC0415 -- imported only where this branch needs it

        if pd.isna(value):
            return None
        return pd.Timestamp(value).date()
    except (TypeError, ValueError):
        raise ValueError(f"{value!r} is not a date") from None


def as_of_date(as_of: str | dt.date | None = "") -> dt.date:
    """The day counted to: `as_of` when given (a date or ISO text), else today."""
    if isinstance(as_of, dt.datetime):
        return as_of.date()
    if isinstance(as_of, dt.date):
        return as_of
    text = (as_of or "").strip()
    if not text:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"as_of: {text!r} is not {ISO_DATE}") from None


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


__all__ = ["ISO_DATE", "add_months", "as_of_date", "parse_date", "to_date"]
