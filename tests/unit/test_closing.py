"""Ending well (G6.4, G6.5): when to offer the closing conversation, recording how it ended, relationships."""

from __future__ import annotations

import datetime as dt

import pytest

from mentorkit import Agreement, CheckIn, Meeting, RecordValidationError
from mentorkit.cadence import drift, planned_meetings
from mentorkit.closing import CLOSING_PROMPTS, closing_offer, ended_well, look_back, record_ending, term_end, window

D = dt.date


def _agreement(wb, **over):
    base = dict(start=D(2025, 1, 10), duration_months=6, meetings_per_month=1)
    base.update(over)
    return wb.add(Agreement(**base))


def test_the_closing_conversation_is_offered_near_and_after_the_term_end(new_workbook):
    _agreement(new_workbook)
    assert term_end(new_workbook.agreement) == D(2025, 7, 10)
    assert not closing_offer(new_workbook, D(2025, 5, 1)).due
    soon = closing_offer(new_workbook, D(2025, 6, 20))
    assert soon.due and "in 20 days" in soon.reason and soon.findings[0].severity == "info"
    over = closing_offer(new_workbook, D(2025, 8, 1))
    assert over.due and over.findings[0].severity == "warning" and "record how it ended" in over.reason


def test_a_let_go_recommendation_offers_the_closing_conversation(new_workbook):
    _agreement(new_workbook, duration_months=12)
    for day in (D(2025, 3, 1), D(2025, 4, 1)):
        new_workbook.add(CheckIn(date=day, value_to_me=3, value_to_mentor=3, interest=3, encouragement=3,
                                 connection=3, candour=3, wish_to_continue=1))
    offer = closing_offer(new_workbook, D(2025, 4, 2))
    assert offer.due and offer.findings[0].guidance == "G6.4"


def test_recording_the_ending_closes_the_offer_and_the_plan(new_workbook):
    _agreement(new_workbook)
    new_workbook.add(Meeting(date=D(2025, 2, 1), duration_min=60, mode="video"))
    saved = record_ending(new_workbook, "goals_met", D(2025, 6, 30), "Thanked her; we keep in touch.")
    assert saved.ended_on == D(2025, 6, 30) and new_workbook.agreement.closing_notes.startswith("Thanked")
    assert not closing_offer(new_workbook, D(2025, 8, 1)).due
    assert ended_well(new_workbook.agreement, D(2025, 8, 1)) and not ended_well(new_workbook.agreement, D(2025, 6, 1))
    assert max(planned_meetings(new_workbook, D(2025, 8, 1))) <= D(2025, 6, 30)
    report = drift(new_workbook, as_of=D(2025, 12, 1))
    assert not report.drifting and [f.guidance for f in report.findings()] == ["G6.4"]


def test_an_ending_needs_an_agreement(new_workbook):
    from mentorkit.errors import NoAgreementError

    with pytest.raises(NoAgreementError, match="ending: there is no agreement to end"):
        record_ending(new_workbook, "goals_met", D(2025, 6, 30))
    assert new_workbook.agreement is None and new_workbook.records("agreements") == []  # nothing saved


def test_an_ending_needs_a_reason_and_a_date_not_before_the_start(new_workbook):
    _agreement(new_workbook)
    with pytest.raises(ValueError, match="ending"):
        record_ending(new_workbook, "bored", D(2025, 6, 30))
    with pytest.raises(RecordValidationError, match="ended_on"):
        record_ending(new_workbook, "goals_met", D(2024, 12, 1))
    with pytest.raises(RecordValidationError, match="ending"):
        Agreement.parse({"start": D(2025, 1, 1), "ended_on": D(2025, 2, 1)})
    assert new_workbook.agreement.ended_on is None


def test_look_back_and_prompts(demo_workbook):
    lines = look_back(demo_workbook, D(2026, 11, 15))
    assert lines[0].startswith(f"{len([m for m in demo_workbook.records('meetings') if m.date >= demo_workbook.agreement.start])} meeting")
    assert any("T-score" in line for line in lines)
    assert [gid for gid, _ in CLOSING_PROMPTS] == ["G6.1", "G5.6", "G6.2", "G6.5"]
    assert "never ask" in CLOSING_PROMPTS[-1][1]


def test_a_new_agreement_after_a_closing_starts_a_new_relationship(new_workbook):
    wb = new_workbook
    _agreement(wb, ended_on=D(2025, 7, 1), ending="term_completed")
    for day in (D(2025, 2, 1), D(2025, 3, 1), D(2025, 6, 1)):
        wb.add(Meeting(date=day, duration_min=60, mode="video"))
    second = wb.add(Agreement(start=D(2025, 9, 1), meetings_per_month=1))
    wb.add(Meeting(date=D(2025, 9, 5), duration_min=60, mode="video"))
    assert wb.agreement.id == second and window(wb) == (D(2025, 7, 1), None)
    report = drift(wb, as_of=D(2025, 9, 20))
    assert report.meetings == (D(2025, 9, 5),) and not report.drifting
    first = [a for a in wb.records("agreements") if a.id != second][0]
    assert window(wb, first) == (None, D(2025, 7, 1))


def test_a_second_mentor_check_ins_do_not_mix_with_the_first(new_workbook):
    from mentorkit.evaluation import health_frame, recommend

    wb = new_workbook
    _agreement(wb, ended_on=D(2025, 7, 1), ending="let_go_mutual")
    wb.add(CheckIn(date=D(2025, 6, 1), value_to_me=1, value_to_mentor=5, interest=1, encouragement=1,
                   connection=1, candour=1, wish_to_continue=1))
    assert len(health_frame(wb, D(2025, 8, 1))) == 1  # the first relationship, still the current one
    wb.add(Agreement(start=D(2025, 9, 1), meetings_per_month=1))
    assert len(health_frame(wb, D(2025, 10, 1))) == 0 and recommend(wb, D(2025, 10, 1)).decision == "not_yet"
    wb.add(CheckIn(date=D(2025, 12, 1), value_to_me=5, value_to_mentor=5, interest=5, encouragement=5,
                   connection=5, candour=5, wish_to_continue=5))
    assert recommend(wb, D(2025, 12, 2)).decision == "continue"
