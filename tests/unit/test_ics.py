"""The calendar export parses back with icalendar, with the expected events and stable UIDs (mentorkit.ics)."""

from __future__ import annotations

import datetime as dt
import shutil
import time

from click.testing import CliRunner
from icalendar import Calendar

from mentorkit import ActionItem, Agreement, Interview, Meeting, Workbook
from mentorkit.ics import events_of, write_calendar

D = dt.date
TODAY = D(2026, 11, 15)


def _parse(path) -> Calendar:
    return Calendar.from_ical(path.read_bytes())


def _by_kind(path) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for event in events_of(path):
        out.setdefault(event["categories"][0], []).append(event)
    return out


def test_sample_calendar_has_the_expected_events(demo_workbook, tmp_path):
    path = write_calendar(demo_workbook, tmp_path / "mentoring.ics", as_of=TODAY)
    cal = _parse(path)
    assert str(cal["version"]) == "2.0" and "mentorkit" in str(cal["prodid"])
    events = _by_kind(path)
    # The agreement: monthly for 12 months from 16 Feb 2026.
    meetings = [e["date"] for e in events["meeting"]]
    assert len(meetings) == 12 and meetings[0] == D(2026, 2, 16) and meetings[-1] == D(2027, 1, 16)
    # One follow-up two months after each informational interview (G3.5).
    # The follow-ups Maya marked done (Ana Ferreira, Lin Zhao) have none.
    follow_ups = sorted((e["summary"], e["date"]) for e in events["follow-up"])
    assert follow_ups == [("Follow up with David Mensah", D(2026, 1, 27)),
                          ("Follow up with Helen Strand", D(2026, 2, 8)),  # the follow_up_on the sample sets
                          ("Follow up with Helen Strand", D(2026, 3, 21))]  # after the coffee (G3.7)
    # Open actions only, at their renegotiated date when there is one.
    actions = {e["summary"]: e["date"] for e in events["action"]}
    assert actions["Action due (mentor): Introduce Maya to a peer at Quayside Freight"] == D(2026, 11, 27)
    assert len(actions) == 3
    for event in cal.walk("VEVENT"):
        assert isinstance(event.decoded("dtstart"), dt.date) and not isinstance(event.decoded("dtstart"), dt.datetime)
        assert event.decoded("dtend") - event.decoded("dtstart") == dt.timedelta(days=1)  # all-day
        assert event.get("dtstamp") is not None


def test_uids_are_stable_unique_and_do_not_carry_the_name(demo_workbook, tmp_path):
    first = [e["uid"] for e in events_of(write_calendar(demo_workbook, tmp_path / "a.ics", as_of=TODAY))]
    second = [e["uid"] for e in events_of(write_calendar(demo_workbook, tmp_path / "b.ics", as_of=TODAY))]
    assert first == second
    assert len(set(first)) == len(first)
    assert not any("maya" in uid.lower() or "lindqvist" in uid.lower() for uid in first)


def test_a_newer_file_updates_events_instead_of_adding_new_ones(tmp_path):
    wb = Workbook.create(tmp_path / "wb", "Test Mentee")
    wb.add(Meeting(date=D(2026, 3, 1), duration_min=30, mode="video"))
    action = wb.add(ActionItem(description="Read the report", due=D(2026, 3, 20)))
    before = {e["uid"]: e for e in events_of(write_calendar(wb, tmp_path / "1.ics", as_of=D(2026, 3, 2)))}
    # Later: another meeting moves the open-ended plan, the action is renegotiated.
    wb.add(Meeting(date=D(2026, 4, 2), duration_min=30, mode="video"))
    wb.update(ActionItem(id=action, description="Read the report", due=D(2026, 3, 20), status="renegotiated",
                         renegotiated_on=D(2026, 3, 15), renegotiated_due=D(2026, 4, 30)))
    after = {e["uid"]: e for e in events_of(write_calendar(wb, tmp_path / "2.ics", as_of=D(2026, 4, 3)))}
    assert set(after) == set(before)  # same events, new dates
    moved = [uid for uid in after if after[uid]["date"] != before[uid]["date"]]
    assert len(moved) == len(after)


def test_the_same_workbook_copied_keeps_its_uids_and_another_workbook_differs(demo_workbook, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(demo_workbook.path, copy)
    a = [e["uid"] for e in events_of(write_calendar(demo_workbook, tmp_path / "a.ics", as_of=TODAY))]
    b = [e["uid"] for e in events_of(write_calendar(Workbook.open(copy), tmp_path / "b.ics", as_of=TODAY))]
    assert a == b
    stamp = demo_workbook.meta()["created_at"]  # seconds: wait for the next one, or both share a creation time
    while dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds") <= stamp:
        time.sleep(0.05)
    other = Workbook.create(tmp_path / "other", "Maya Lindqvist")
    other.add(Interview(person="Helen Strand", date=D(2025, 12, 9)))
    (uid,) = [e["uid"] for e in events_of(write_calendar(other, tmp_path / "o.ics", as_of=TODAY))]
    assert uid not in a  # same name, another workbook (created at another time)


def test_without_an_agreement_monthly_from_the_last_meeting_for_a_year(tmp_path):
    wb = Workbook.create(tmp_path / "wb", "Test Mentee")
    wb.add_many([Meeting(date=D(2026, 1, 31), duration_min=30, mode="phone"),
                 Meeting(date=D(2026, 5, 31), duration_min=30, mode="phone")])
    wb.add(Interview(person="Ana", date=D(2025, 12, 31), follow_up_on=D(2026, 2, 10)))
    wb.add(Interview(person="Bo", date=D(2025, 12, 31)))
    wb.add_many([ActionItem(description="done", due=D(2026, 6, 1), status="done", done_on=D(2026, 6, 1)),
                 ActionItem(description="dropped", due=D(2026, 6, 1), status="dropped"),
                 ActionItem(description="no date")])
    events = _by_kind(write_calendar(wb, tmp_path / "c.ics", as_of=D(2026, 6, 15)))
    meetings = [e["date"] for e in events["meeting"]]
    assert meetings[:3] == [D(2026, 6, 30), D(2026, 7, 31), D(2026, 8, 31)] and len(meetings) == 12
    assert meetings[-1] == D(2027, 5, 31)
    assert {e["summary"]: e["date"] for e in events["follow-up"]} == {
        "Follow up with Ana": D(2026, 2, 10),  # follow_up_on wins
        "Follow up with Bo": D(2026, 2, 28),  # two months later, clamped to the month's end
    }
    assert "action" not in events  # nothing open with a date


def test_agreement_with_two_meetings_a_month(tmp_path):
    wb = Workbook.create(tmp_path / "wb", "Test Mentee")
    wb.add(Agreement(start=D(2026, 1, 5), duration_months=3, meetings_per_month=2, mentor_name="Jo"))
    events = _by_kind(write_calendar(wb, tmp_path / "c.ics", as_of=D(2026, 1, 1)))
    assert len(events["meeting"]) == 6
    assert events["meeting"][0]["summary"] == "Mentoring meeting with Jo (planned)"


def test_empty_workbook_gives_a_valid_empty_calendar(new_workbook, tmp_path):
    path = write_calendar(new_workbook, tmp_path / "sub" / "empty.ics", as_of=TODAY)
    cal = _parse(path)
    assert cal.walk("VEVENT") == [] and str(cal["version"]) == "2.0"
    assert [p.name for p in (tmp_path / "sub").iterdir()] == ["empty.ics"]  # written atomically, no temp file


def test_cli_calendar(demo_workbook, tmp_path):
    from mentorkit.cli import main

    result = CliRunner().invoke(main, ["calendar", str(demo_workbook.path), "--out", str(tmp_path / "m.ics"),
                                       "--as-of", "2026-11-15"])
    assert result.exit_code == 0, result.output
    assert len(list(events_of(tmp_path / "m.ics"))) == 18  # 12 planned meetings, 3 follow-ups, 3 open actions


def test_cli_calendar_under_a_file_says_the_file_is_not_a_folder(demo_workbook, tmp_path):
    from mentorkit.cli import main

    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    for out in (tmp_path / "notes.txt" / "m.ics", tmp_path / "notes.txt" / "deeper" / "m.ics"):
        result = CliRunner().invoke(main, ["calendar", str(demo_workbook.path), "--out", str(out)])
        assert result.exit_code == 1, result.output
        assert f"{tmp_path / 'notes.txt'} is a file, not a folder" in result.output or \
            f"{tmp_path / 'notes.txt'}: is a file, not a folder" in result.output, result.output
        assert "File exists" not in result.output and "Traceback" not in result.output
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"  # left as it was
