"""The mentee's calendar as an RFC 5545 file: planned meetings, follow-up reminders, action due dates.

Every event is all-day (the workbook records dates, not times). Its UID is
derived from the workbook's identity (a hash of its creation time and the
mentee's name, so the name never appears in clear), the event's kind and a
key that stays put when the data changes (the meeting's place in the plan,
the interview's or action's id). Importing a newer file therefore updates
events instead of duplicating them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, NamedTuple

from icalendar import Calendar, Event

from . import __version__
from .cadence import planned_meetings
from .dates import as_of_date, to_date
from .interviews import follow_up_date, is_followed_up
from .storage import atomic_file, make_folder

if TYPE_CHECKING:
    from icalendar import Calendar

    from .store import Workbook

UID_DOMAIN = "mentorkit.invalid"  # a reserved name: the UIDs point nowhere


class CalendarEvent(NamedTuple):
    """One all-day event before it becomes iCalendar text."""

    kind: str  # "meeting", "follow-up" or "action"
    key: str
    date: dt.date
    summary: str
    description: str


def workbook_identity(wb: "Workbook") -> str:
    """A short, stable, non-reversible identity for a workbook: its creation time and mentee name, hashed."""
    meta = wb.meta()
    seed = f"{meta.get('created_at', '')}\x00{meta.get('mentee_name', '')}".encode()
    return hashlib.sha256(seed).hexdigest()[:20]


def event_uid(identity: str, kind: str, key: str) -> str:
    return f"{kind}-{key}-{identity}@{UID_DOMAIN}"


def planned_meeting_events(wb: "Workbook", as_of: dt.date) -> list[CalendarEvent]:
    """The planned meetings (G4.2): at the agreed cadence over the agreement, else monthly from the last meeting."""
    agreement = wb.agreement
    with_whom = f" with {agreement.mentor_name}" if agreement is not None and agreement.mentor_name else ""
    plan_key = f"a{agreement.id}" if agreement is not None else "open"
    events = []
    for n, day in enumerate(planned_meetings(wb, as_of), 1):
        events.append(CalendarEvent(
            "meeting", f"{plan_key}-{n:03d}", day, f"Mentoring meeting{with_whom} (planned)",
            "Before it: review your goals, set this meeting's objectives, reread the last notes and list what "
            "you did since (G5.1). Open with your objectives (G5.2).",
        ))
    return events


def follow_up_events(wb: "Workbook") -> list[CalendarEvent]:
    """A reminder to get back in touch about two months after each informational interview (G3.5).

    A follow-up marked done (`Interview.followed_up_on`) has none.
    """
    events = []
    for talk in wb.records("interviews"):
        if is_followed_up(talk):
            continue  # marked done: no reminder
        events.append(CalendarEvent(
            "follow-up", str(talk.id), follow_up_date(talk), f"Follow up with {talk.person}",
            f"You talked on {talk.date:%d %B %Y}. Get back in touch: share what you did with their advice and "
            "recall something you discussed (G3.5).",
        ))
    return events


def action_events(wb: "Workbook") -> list[CalendarEvent]:
    """The due date of every open action: the renegotiated date when there is one (G5.4)."""
    events = []
    for _, row in wb.table("actions").iterrows():
        if str(row["status"]) not in ("open", "renegotiated"):
            continue
        when = to_date(row["renegotiated_due"]) or to_date(row["due"])
        if when is None:
            continue
        owner = "" if str(row["owner"]) == "mentee" else f" ({row['owner']})"
        events.append(CalendarEvent(
            "action", str(int(row["id"])), when, f"Action due{owner}: {row['description']}",
            "Done, or need more time? Renegotiate before the due date rather than let it slip (G5.4).",
        ))
    return events


def calendar_events(wb: "Workbook", as_of: dt.date) -> list[CalendarEvent]:
    """Every event of the calendar, sorted by date then kind."""
    events = planned_meeting_events(wb, as_of) + follow_up_events(wb) + action_events(wb)
    return sorted(events, key=lambda e: (e.date, e.kind, e.key))


def build_calendar(wb: "Workbook", as_of: dt.date, *, stamp: dt.datetime | None = None) -> "Calendar":
    """The icalendar `Calendar` of the workbook's events (`stamp`: the DTSTAMP, default now in UTC)."""

    stamp = stamp or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    identity = workbook_identity(wb)
    cal = Calendar()
    cal.add("prodid", f"-//mentorkit//mentorkit {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Mentoring")
    for item in calendar_events(wb, as_of):
        event = Event()
        event.add("uid", event_uid(identity, item.kind, item.key))
        event.add("dtstamp", stamp)
        event.add("dtstart", item.date)
        event.add("dtend", item.date + dt.timedelta(days=1))
        event.add("summary", item.summary)
        event.add("description", item.description)
        event.add("categories", [item.kind])
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return cal


def write_calendar(workbook: "Workbook", out_path: str | os.PathLike, as_of: dt.date | None = None) -> Path:
    """Write the workbook's calendar to `out_path` (.ics) atomically and return the path."""
    out = Path(out_path)
    make_folder(out.parent)
    data = build_calendar(workbook, as_of_date(as_of)).to_ical()
    with atomic_file(out) as tmp:
        tmp.write_bytes(data)
    return out


def events_of(path: str | os.PathLike) -> Iterable[dict]:
    """Read an .ics file back: one dict per event (uid, date, summary, categories)."""
    cal = Calendar.from_ical(Path(path).read_bytes())
    for event in cal.walk("VEVENT"):
        cats = event.get("categories")
        yield {
            "uid": str(event.get("uid")),
            "date": event.decoded("dtstart"),
            "summary": str(event.get("summary")),
            "categories": [str(c) for c in cats.cats] if cats is not None else [],
        }
