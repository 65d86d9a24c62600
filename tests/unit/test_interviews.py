"""Informational interviews (G3.2 to G3.6): the bank, follow-ups, the reflection, the drafts, the nudges."""

from __future__ import annotations

import datetime as dt

import pytest

from mentorkit import Candidate, Interview, Request
from mentorkit.interviews import (
    CONNECTION_NOTE_LIMIT,
    QUESTION_BANK,
    connection_note,
    drafts,
    follow_up_date,
    follow_ups,
    interview_findings,
    plan_questions,
    question_bank,
    reflection,
    speaking_point,
    thank_you_note,
    with_follow_up,
)

D = dt.date


def talk(**over):
    base = dict(person="Rosa Ilunga", date=D(2025, 3, 10), flow=4, star=False, thanked_on=D(2025, 3, 11),
                connection_sent=True, takeaways="She moved from nursing into data work.")
    base.update(over)
    return Interview(**base)


def test_follow_up_is_two_calendar_months_later_unless_set():
    assert follow_up_date(D(2025, 3, 10)) == D(2025, 5, 10)
    assert follow_up_date(D(2025, 12, 31)) == D(2026, 2, 28)  # clamped to the month's end
    assert follow_up_date(talk(follow_up_on=D(2025, 4, 1))) == D(2025, 4, 1)
    assert with_follow_up(talk()).follow_up_on == D(2025, 5, 10)
    for day in (D(2025, 1, 31), D(2024, 6, 15), D(2025, 8, 1)):
        assert 58 <= (follow_up_date(day) - day).days <= 62  # "about two months"


def test_follow_up_states(new_workbook):
    wb = new_workbook
    wb.add(talk(person="Due Person", date=D(2025, 1, 5)))
    wb.add(talk(person="Upcoming Person", date=D(2025, 3, 1)))
    cid = wb.add(Candidate(name="Asked Person", organization="X", same_organization=False,
                           relationship="acquaintance", respect=4, values_fit=4, path_similarity=4))
    wb.add(talk(person="Asked Person", candidate_id=cid, date=D(2025, 1, 2)))
    wb.add(Request(candidate_id=cid, sent_on=D(2025, 2, 1)))
    frame = follow_ups(wb, D(2025, 3, 20)).set_index("person")
    assert frame.loc["Due Person", "state"] == "due" and frame.loc["Due Person", "days_left"] == -15
    assert frame.loc["Upcoming Person", "state"] == "upcoming"
    assert frame.loc["Asked Person", "state"] == "done" and "request sent" in frame.loc["Asked Person", "note"]


def test_a_later_talk_with_the_same_person_completes_the_follow_up(new_workbook):
    new_workbook.add(talk(date=D(2025, 1, 5)))
    new_workbook.add(talk(date=D(2025, 3, 1)))
    frame = follow_ups(new_workbook, D(2025, 4, 1))
    assert frame["state"].tolist() == ["done", "upcoming"]


def test_reflection_ranks_by_flow_then_star_then_recency(new_workbook):
    for person, flow, star, day in [("Mid", 3, False, 1), ("Top old", 5, True, 2), ("Top new", 5, True, 9),
                                    ("Top unstarred", 5, False, 10), ("Unrated", None, False, 11)]:
        new_workbook.add(talk(person=person, flow=flow, star=star, date=D(2025, 2, day)))
    frame = reflection(new_workbook)
    assert frame["person"].tolist() == ["Top new", "Top old", "Top unstarred", "Mid", "Unrated"]
    assert frame["potential_mentor"].tolist() == [True, True, False, False, False]
    assert "not rated" in frame["why"].iloc[-1]


def test_bank_covers_the_g3_3_themes_and_grows_with_your_questions(new_workbook):
    themes = {q.theme for q in QUESTION_BANK}
    assert {"where they started and where they are", "the road between", "what they expected",
            "what they learned", "a day in the job", "best and worst parts"} <= themes
    new_workbook.add(talk(questions=f"{QUESTION_BANK[0].text}\nWhat would you read first?"))
    bank = question_bank(new_workbook, extra=["How do you pick projects?"])
    own = bank[bank["source"] == "yours"]
    assert own["question"].tolist() == ["How do you pick projects?", "What would you read first?"]
    assert bank.loc[bank["id"] == "Q01", "times_asked"].item() == 1


def test_plan_questions_joins_picks_and_own_and_names_unknown_ids():
    text = plan_questions(["Q01", "Q08"], own=["Anything else?"])
    assert text.splitlines() == [QUESTION_BANK[0].text, QUESTION_BANK[7].text, "Anything else?"]
    with pytest.raises(ValueError, match="Q99"):
        plan_questions(["Q99"])


@pytest.mark.parametrize("takeaway, expected", [
    ("She moved from nursing into data work.", "you moved from nursing into data work"),
    ("He thinks budgets come first; later...", "you think budgets come first"),
    ("Her team is mostly engineers.", "your team is mostly engineers"),
    ("Suggested presenting small wins often.", "you suggested presenting small wins often"),
    ("Leading analysts is about choosing problems.", "leading analysts is about choosing problems"),
    ("UX research sits with product.", "UX research sits with product"),
    ("", ""),
])
def test_speaking_point_turns_notes_towards_the_person(takeaway, expected):
    assert speaking_point(takeaway) == expected


def test_thank_you_note_recalls_the_talk():
    cand = Candidate(name="Rosa Ilunga", organization="Northwind", same_organization=False,
                     relationship="met_once", respect=4, values_fit=4, path_similarity=4, role="Head of Data")
    note = thank_you_note(talk(), "Maya Lind", candidate=cand)
    assert note.startswith("Subject:") and "Dear Rosa," in note
    assert "10 March" in note and "you moved from nursing into data work" in note
    assert "Head of Data at Northwind" in note and "early May" in note and note.rstrip().endswith("Maya")
    custom = thank_you_note(talk(), "Maya", point="your advice on budgets")
    assert "your advice on budgets" in custom


def test_connection_note_fits_in_300_characters():
    short = connection_note(talk(), "Maya Lind")
    assert short.startswith("Hi Rosa,") and "you moved from nursing" in short and len(short) <= 300
    long_talk = talk(takeaways="She said " + "a great many very interesting things " * 20)
    note = connection_note(long_talk, "Maya Lind")
    assert len(note) <= CONNECTION_NOTE_LIMIT and note.endswith("Maya") and "…" in note
    tiny = connection_note(talk(), "Maya", limit=80)
    assert len(tiny) <= 80


def test_drafts_only_for_pending_talks(new_workbook):
    new_workbook.add(talk(person="Done Person"))
    new_workbook.add(talk(person="Pending Person", thanked_on=None))
    assert drafts(new_workbook)["person"].tolist() == ["Pending Person"]
    assert len(drafts(new_workbook, only_pending=False)) == 2
    assert (drafts(new_workbook)["note_chars"] <= 300).all()


def guidance(found, gid):
    return [f for f in found if f.guidance == gid]


def test_findings_fire_and_stay_quiet(new_workbook):
    wb = new_workbook
    assert [f.guidance for f in interview_findings(wb, D(2025, 3, 20))] == ["G3.2"]
    wb.add(talk(person="Fine", date=D(2025, 3, 10), follow_up_on=D(2025, 5, 10), star=True))
    quiet = interview_findings(wb, D(2025, 3, 20))
    assert [f.guidance for f in quiet] == ["G3.4"]  # only "hold a few more talks"
    wb.add(talk(person="Unthanked", date=D(2025, 3, 12), thanked_on=None, connection_sent=False, flow=None,
                questions="\n".join(q.text for q in QUESTION_BANK[:8])))
    wb.add(talk(person="Flowed", date=D(2025, 1, 2), flow=5, star=False))
    found = interview_findings(wb, D(2025, 3, 20))
    assert [f.subject for f in guidance(found, "G3.5") if "thank" in f.message.lower()] == ["Unthanked"]
    assert [f.subject for f in guidance(found, "G3.5") if "get back in touch" in f.message] == ["Flowed"]
    assert [f.subject for f in guidance(found, "G3.6")] == ["Unthanked"]
    assert [f.subject for f in guidance(found, "G3.3")] == ["Unthanked"]
    assert {f.subject for f in guidance(found, "G3.4")} == {"Unthanked", "Flowed"}
    assert not [f for f in guidance(found, "G3.4") if "few more" in f.message]  # three talks now


def test_a_talk_from_yesterday_is_not_yet_late_for_thanks(new_workbook):
    new_workbook.add(talk(date=D(2025, 3, 19), thanked_on=None))
    assert not [f for f in interview_findings(new_workbook, D(2025, 3, 20)) if "thank-you" in f.message]


# -- a follow-up marked done (DESIGN section 3: Interview.followed_up_on) ---------------------------


def test_a_follow_up_marked_done_leaves_the_list_the_nudges_and_the_calendar(new_workbook):
    from mentorkit.ics import follow_up_events
    from mentorkit.interviews import mark_followed_up

    wb = new_workbook
    kept = wb.add(talk(person="Still Due", date=D(2025, 1, 5)))
    done = wb.add(talk(person="Ana Ferreira", date=D(2025, 1, 6)))
    as_of = D(2025, 11, 1)
    before = follow_ups(wb, as_of)
    assert set(before["person"]) == {"Still Due", "Ana Ferreira"}
    assert sum("Ana Ferreira" in f.message and f.guidance == "G3.5" for f in interview_findings(wb, as_of)) == 1
    mark_followed_up(wb, done, D(2025, 3, 10))
    after = follow_ups(wb, as_of)
    assert list(after["person"]) == ["Still Due"] and list(after["id"]) == [kept]
    assert not any("Ana Ferreira" in f.message and f.guidance == "G3.5" for f in interview_findings(wb, as_of))
    assert any("Still Due" in f.message and "get back in touch" in f.message for f in interview_findings(wb, as_of))
    assert [e.summary for e in follow_up_events(wb)] == ["Follow up with Still Due"]


def test_a_follow_up_marked_done_later_than_as_of_still_shows_on_that_date(new_workbook):
    from mentorkit.interviews import mark_followed_up

    tid = new_workbook.add(talk(date=D(2025, 1, 5)))
    mark_followed_up(new_workbook, tid, D(2025, 6, 1))
    assert follow_ups(new_workbook, D(2025, 4, 1))["state"].tolist() == ["due"]
    assert follow_ups(new_workbook, D(2025, 6, 1)).empty


def test_marking_a_follow_up_before_the_talk_is_refused(new_workbook):
    from mentorkit.interviews import mark_followed_up

    tid = new_workbook.add(talk(date=D(2025, 1, 5)))
    with pytest.raises(ValueError, match="followed_up_on"):
        mark_followed_up(new_workbook, tid, D(2024, 12, 1))
    assert new_workbook.get("interviews", tid).followed_up_on is None
