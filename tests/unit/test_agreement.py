"""The agreement export (Markdown, HTML, PDF) and request outcomes with the next candidate (G4.2, G4.6)."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest

from mentorkit import Agreement, Candidate, Goal, Request
from mentorkit.agreement import FAULT, NO_FAULT, export_agreement, to_html, to_markdown
from mentorkit.outreach import next_candidate, request_state, request_status

EVIL = "<script>alert('x')</script>"


@pytest.fixture
def agreed(new_workbook):
    wb = new_workbook
    wb.add(Goal(title=f"Lead a team {EVIL}", description="Take on a workstream & grow", level_0="Lead two analysts",
                weight=3))
    wb.add(Goal(title="Retired goal", active=False))
    wb.add(Agreement(mentor_name=f"Helen {EVIL}", start=dt.date(2026, 2, 16), duration_months=6,
                     meetings_per_month=1, scheduler="alternate", confidentiality=f"Between us. {EVIL}",
                     progress_recording="Shared notes after each meeting."))
    return wb


def test_markdown_has_every_part(agreed):
    text = to_markdown(agreed)
    assert text.startswith("# Mentoring agreement")
    for part in ("Lead a team", "Lead two analysts", "16 February 2026 to 16 August 2026", "once a month",
                 "about every 30 days", "take turns", "Between us.", "Shared notes after each meeting.", NO_FAULT,
                 "Test Mentee"):
        assert part in text, part
    assert "Retired goal" not in text
    assert "<script>" not in text  # a Markdown viewer never renders markup from user text


def test_html_escapes_every_piece_of_user_text(agreed):
    page = to_html(agreed)
    assert page.startswith("<!DOCTYPE html>")
    assert "<script>" not in page
    assert page.count("&lt;script&gt;") >= 4  # goal, mentor (twice: parties, signature, title), confidentiality
    assert "&amp; grow" in page


def test_a_fault_ending_when_not_no_fault(new_workbook):
    new_workbook.add(Agreement(start=dt.date(2026, 1, 1), no_fault_ending=False))
    assert FAULT in to_markdown(new_workbook) and NO_FAULT not in to_markdown(new_workbook)
    assert "No goals recorded yet" in to_markdown(new_workbook)


def test_export_by_suffix(agreed, tmp_path):
    md = export_agreement(agreed, tmp_path / "a.md")
    html = export_agreement(agreed, tmp_path / "a.html")
    pdf = export_agreement(agreed, tmp_path / "out" / "a.pdf")
    assert md.read_text(encoding="utf-8") == to_markdown(agreed)
    assert html.read_text(encoding="utf-8") == to_html(agreed)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page\b", data)) == 1
    assert export_agreement(agreed) == agreed.exports_dir / "agreement.html"
    with pytest.raises(ValueError, match=r"\.md, \.html or \.pdf"):
        export_agreement(agreed, tmp_path / "a.docx")
    assert not list(tmp_path.glob("*.tmp"))


def test_no_agreement_is_a_clear_error(new_workbook, tmp_path):
    from mentorkit.errors import MentorkitError, NoAgreementError

    with pytest.raises(NoAgreementError, match="no agreement recorded yet: fill in the agreement form") as caught:
        to_html(new_workbook)
    assert isinstance(caught.value, MentorkitError) and isinstance(caught.value, ValueError)  # forms catch ValueError
    for suffix in ("pdf", "md"):
        with pytest.raises(NoAgreementError):
            export_agreement(new_workbook, tmp_path / "out" / f"agreement.{suffix}")
    assert not (tmp_path / "out").exists()  # nothing made on disk


# -- request outcomes and the next candidate (G4.4, G4.6) -----------------------------------------


def person(name: str, **kw) -> Candidate:
    base = dict(organization="Elsewhere", same_organization=False, relationship="acquaintance", respect=4,
                values_fit=4, path_similarity=4)
    return Candidate(name=name, **{**base, **kw})


@pytest.fixture
def shortlist(new_workbook):
    wb = new_workbook
    ids = {
        "ana": wb.add(person("Ana", respect=5, values_fit=5)),
        "ben": wb.add(person("Ben", respect=5, values_fit=5, relationship="never_met")),
        "cy": wb.add(person("Cy")),
        "boss": wb.add(person("Boss", relationship="current_manager", respect=5, values_fit=5, path_similarity=5)),
    }
    return wb, ids


@pytest.mark.parametrize("waited, state", [(21, "waiting"), (22, "no_answer")])
def test_no_answer_after_the_set_number_of_days(waited, state):
    sent = dt.date(2026, 3, 1)
    r = Request(candidate_id=1, sent_on=sent)
    assert request_state(r, sent + dt.timedelta(days=waited)) == (state, waited)
    assert request_state(r, sent + dt.timedelta(days=waited), wait_days=30)[0] == "waiting"


def test_states_of_drafts_and_outcomes_known_later():
    assert request_state(Request(candidate_id=1), dt.date(2026, 3, 1)) == ("draft", None)
    decided = Request(candidate_id=1, sent_on=dt.date(2026, 3, 1), outcome="declined", outcome_on=dt.date(2026, 3, 9))
    assert request_state(decided, dt.date(2026, 3, 5))[0] == "waiting"
    assert request_state(decided, dt.date(2026, 3, 9))[0] == "declined"


def test_nobody_asked_yet_gives_the_top_connected_candidate(shortlist):
    wb, ids = shortlist
    step = next_candidate(wb, dt.date(2026, 3, 1))
    assert step.action == "ask_next" and step.candidate_id == ids["ana"]


def test_after_a_decline_the_next_candidate_skips_strangers_and_the_boss(shortlist):
    wb, ids = shortlist
    wb.add(Request(candidate_id=ids["ana"], sent_on=dt.date(2026, 3, 1), outcome="declined",
                   outcome_on=dt.date(2026, 3, 5)))
    step = next_candidate(wb, dt.date(2026, 3, 10))
    assert step.action == "ask_next" and step.candidate == "Cy"  # Ben ranks higher but was never met (G3.1)
    assert step.findings[0].guidance == "G4.6" and "Ana said no" in step.findings[0].message


def test_waiting_then_no_answer_then_next(shortlist):
    wb, ids = shortlist
    wb.add(Request(candidate_id=ids["ana"], sent_on=dt.date(2026, 3, 1)))
    assert next_candidate(wb, dt.date(2026, 3, 22)).action == "wait"
    step = next_candidate(wb, dt.date(2026, 3, 23))
    assert step.action == "ask_next" and step.candidate == "Cy"
    assert "did not answer within 21 days" in step.findings[0].message
    table = request_status(wb, dt.date(2026, 3, 23))
    assert table.loc[0, "state"] == "no_answer" and table.loc[0, "days_waiting"] == 22


def test_strangers_only_means_build_the_connection_first(shortlist):
    wb, ids = shortlist
    for key in ("ana", "cy"):
        wb.add(Request(candidate_id=ids[key], sent_on=dt.date(2026, 1, 1), outcome="declined",
                       outcome_on=dt.date(2026, 1, 5)))
    step = next_candidate(wb, dt.date(2026, 3, 1))
    assert step.candidate == "Ben" and "G3.1" in step.message
    wb.add(Request(candidate_id=ids["ben"], sent_on=dt.date(2026, 1, 1), outcome="no_answer"))
    assert next_candidate(wb, dt.date(2026, 3, 1)).action == "find_more"


def test_a_yes_and_an_unsent_draft(shortlist):
    wb, ids = shortlist
    wb.add(Request(candidate_id=ids["cy"], drafted_on=dt.date(2026, 3, 1)))
    assert next_candidate(wb, dt.date(2026, 3, 2)).action == "send_draft"
    wb.add(Request(candidate_id=ids["ana"], sent_on=dt.date(2026, 3, 1), outcome="accepted",
                   outcome_on=dt.date(2026, 3, 4)))
    step = next_candidate(wb, dt.date(2026, 3, 5))
    assert step.action == "have_mentor" and step.candidate == "Ana"


def test_the_sample_story(demo_workbook):
    assert next_candidate(demo_workbook, dt.date(2026, 1, 15)).action == "wait"  # David is thinking it over
    assert next_candidate(demo_workbook, dt.date(2026, 1, 25)).action == "ask_next"  # after his kind no
    assert next_candidate(demo_workbook, dt.date(2026, 11, 15)).action == "have_mentor"
    states = request_status(demo_workbook, dt.date(2026, 11, 15))["state"].tolist()
    assert states == ["declined", "accepted"]


@pytest.mark.parametrize("per_month, months, no_fault, expected", [
    (1, 12, True, []), (0.5, 6, True, []), (1.5, 12, True, ["G4.2"]), (1, 13, True, ["G4.2"]),
    (2, 24, False, ["G4.2", "G4.2", "G6.4"]),
])
def test_agreement_check_against_g42(per_month, months, no_fault, expected):
    from mentorkit.agreement import check

    found = check(Agreement(start=dt.date(2026, 1, 1), meetings_per_month=per_month, duration_months=months,
                            no_fault_ending=no_fault))
    assert [f.guidance for f in found] == expected


def test_a_closed_request_counts_no_days_waiting(shortlist):
    wb, ids = shortlist
    wb.add(Request(candidate_id=ids["ana"], sent_on=dt.date(2026, 1, 12), outcome="declined",
                   outcome_on=dt.date(2026, 1, 19)))
    wb.add(Request(candidate_id=ids["cy"], sent_on=dt.date(2026, 11, 1)))
    table = request_status(wb, dt.date(2026, 11, 15)).set_index("candidate")
    assert table.loc["Ana", "state"] == "declined" and table.loc["Ana", "days_waiting"] is pd.NA
    assert table.loc["Cy", "days_waiting"] == 14  # still pending: it waits


def test_a_yes_with_its_agreement_recorded_does_not_ask_for_the_agreement_again(shortlist):
    wb, ids = shortlist
    wb.add(Request(candidate_id=ids["ana"], sent_on=dt.date(2026, 2, 3), outcome="accepted",
                   outcome_on=dt.date(2026, 2, 9)))
    as_of = dt.date(2026, 11, 15)
    assert "record the agreement" in next_candidate(wb, as_of).message
    wb.add(Agreement(candidate_id=ids["ana"], start=dt.date(2026, 2, 16)))
    step = next_candidate(wb, as_of)
    assert step.action == "have_mentor" and "record the agreement" not in step.message
    assert "agreement is recorded" in step.message
    assert "record the agreement" not in request_status(wb, as_of).loc[0, "next_step"]


def test_an_in_person_ask_needs_no_text_and_speaks_of_the_conversation(shortlist):
    from mentorkit.drafting import written_requests

    wb, ids = shortlist
    rid = wb.add(Request(candidate_id=ids["ana"], channel="in_person", drafted_on=dt.date(2026, 3, 1)))
    assert wb.get("requests", rid).text == "" and written_requests(wb) == []
    planned = next_candidate(wb, dt.date(2026, 3, 2))
    assert planned.action == "send_draft" and "G4.7" in planned.message and "conversation" in planned.message
    wb.update(wb.get("requests", rid).model_copy(update={"sent_on": dt.date(2026, 3, 5)}))
    waiting = next_candidate(wb, dt.date(2026, 3, 8))
    assert waiting.action == "wait" and "sleep on it" in waiting.message
    assert request_status(wb, dt.date(2026, 3, 8)).loc[0, "channel"] == "in_person"
    wb.add(Request(candidate_id=ids["cy"], text="Dear Cy, ..."))
    assert [r.candidate_id for r in written_requests(wb)] == [ids["cy"]]


def test_a_request_channel_is_written_or_in_person():
    assert Request(candidate_id=1).channel == "written"
    assert Request(candidate_id=1, channel="In person").channel == "in_person"
    with pytest.raises(ValueError, match="channel"):
        Request.parse({"candidate_id": 1, "channel": "carrier pigeon"})
