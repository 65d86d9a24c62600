"""Model validation: every rule both ways, and errors that name the field."""

from __future__ import annotations

import datetime as dt

import pytest

from mentorkit.errors import RecordValidationError
from mentorkit.model import (
    PRIVATE_TEXT,
    RECORD_TYPES,
    ActionItem,
    Agreement,
    Candidate,
    CheckIn,
    Feedback,
    Goal,
    GoalLevel,
    Interview,
    Meeting,
    Profile,
    Request,
    record_type,
)

MEETING = {"date": "2026-03-01", "duration_min": "45", "mode": "video"}
CANDIDATE = {"name": "Ada Example", "organization": "Acme", "same_organization": "false",
             "relationship": "acquaintance", "respect": "4", "values_fit": "3", "path_similarity": "5"}
CHECKIN = {"date": "2026-03-01", "value_to_me": 4, "value_to_mentor": 3, "interest": 4, "encouragement": 4,
           "connection": 3, "candour": 4, "wish_to_continue": 5}


def problems(cls, data) -> dict[str, str]:
    with pytest.raises(RecordValidationError) as info:
        cls.parse(data)
    return {p.field: p.message for p in info.value.problems}


# -- meetings: date, duration, mode ---------------------------------------------

def test_meeting_parses_text_cells_into_types():
    m = Meeting.parse(MEETING)
    assert m.date == dt.date(2026, 3, 1) and m.duration_min == 45 and m.mode == "video" and m.notes == ""


@pytest.mark.parametrize("mode, expected", [("VIDEO", "video"), ("In_Person", "in_person"), ("in person", "in_person"),
                                            ("in-person", "in_person"), (" Phone ", "phone"), ("other", "other")])
def test_mode_is_case_insensitive(mode, expected):
    assert Meeting.parse({**MEETING, "mode": mode}).mode == expected


def test_unknown_mode_is_named():
    found = problems(Meeting, {**MEETING, "mode": "carrier pigeon"})
    assert list(found) == ["mode"] and "carrier_pigeon" in found["mode"]


@pytest.mark.parametrize("minutes", ["0", "-5", "abc", "1441", ""])
def test_bad_duration_is_named(minutes):
    assert list(problems(Meeting, {**MEETING, "duration_min": minutes})) == ["duration_min"]


@pytest.mark.parametrize("minutes", [1, 1440])
def test_duration_bounds_are_inclusive(minutes):
    assert Meeting.parse({**MEETING, "duration_min": minutes}).duration_min == minutes


@pytest.mark.parametrize("date", ["2026-13-01", "01/03/2026", "yesterday", "2026-02-30", ""])
def test_bad_date_is_named(date):
    found = problems(Meeting, {**MEETING, "date": date})
    assert list(found) == ["date"]


@pytest.mark.parametrize("date", ["1949-12-31", "2101-01-01"])
def test_dates_out_of_range_are_refused(date):
    found = problems(Meeting, {**MEETING, "date": date})
    assert list(found) == ["date"] and "between" in found["date"]


@pytest.mark.parametrize("date", ["1950-01-01", "2100-12-31", "2026-03-01T10:30:00"])
def test_dates_in_range_and_datetimes_are_accepted(date):
    assert Meeting.parse({**MEETING, "date": date}).date.year in (1950, 2100, 2026)


def test_optional_date_out_of_range_is_named_too():
    found = problems(ActionItem, {"description": "x", "due": "1900-01-01"})
    assert list(found) == ["due"]


def test_every_bad_field_is_named_at_once():
    found = problems(Meeting, {"date": "nope", "duration_min": "0", "mode": "fax", "colour": "red"})
    assert set(found) == {"date", "duration_min", "mode", "colour"}
    assert found["colour"] == "is not a known field"


def test_missing_required_fields_are_named():
    found = problems(Meeting, {})
    assert set(found) == {"date", "duration_min", "mode"} and found["date"] == "is required"


def test_error_message_names_the_record_kind_and_value():
    with pytest.raises(RecordValidationError) as info:
        Meeting.parse({**MEETING, "duration_min": "-5"})
    assert str(info.value).startswith("invalid meeting: duration_min:") and "'-5'" in str(info.value)
    assert info.value.fields == ["duration_min"]


# -- text ---------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["bell\x07", "nul\x00", "esc\x1b[31m", "del\x7f"])
def test_control_characters_are_refused(text):
    assert list(problems(Meeting, {**MEETING, "notes": text})) == ["notes"]


def test_newlines_and_tabs_are_fine_and_text_is_stripped():
    m = Meeting.parse({**MEETING, "notes": "  line one\n\tline two\r\n  "})
    assert m.notes == "line one\n\tline two"


def test_text_length_is_limited():
    assert list(problems(Candidate, {**CANDIDATE, "organization": "x" * 501})) == ["organization"]
    assert Candidate.parse({**CANDIDATE, "organization": "x" * 500}).organization == "x" * 500


@pytest.mark.parametrize("name", ["", "   "])
def test_names_must_not_be_empty(name):
    assert list(problems(Candidate, {**CANDIDATE, "name": name})) == ["name"]


def test_text_must_be_text():
    assert list(problems(Meeting, {**MEETING, "notes": 12})) == ["notes"]


# -- candidates -----------------------------------------------------------------

def test_candidate_parses_and_lowercases_enums():
    c = Candidate.parse({**CANDIDATE, "relationship": "Current Manager", "status": "NOT_PURSUED"})
    assert c.relationship == "current_manager" and c.status == "not_pursued" and c.same_organization is False


@pytest.mark.parametrize("field", ["respect", "values_fit", "path_similarity"])
@pytest.mark.parametrize("value", ["0", "6", "x", ""])
def test_candidate_ratings_are_one_to_five(field, value):
    assert list(problems(Candidate, {**CANDIDATE, field: value})) == [field]


def test_candidate_relationship_and_route_are_checked():
    assert list(problems(Candidate, {**CANDIDATE, "relationship": "cousin"})) == ["relationship"]
    assert list(problems(Candidate, {**CANDIDATE, "connection_route": "carrier"})) == ["connection_route"]
    assert list(problems(Candidate, {**CANDIDATE, "same_organization": "maybe"})) == ["same_organization"]


# -- goals -------------------------------------------------------------------------

def test_goal_defaults_and_bounds():
    g = Goal.parse({"title": "Lead a team", "weight": "2.5", "baseline_level": "-2", "area": "Skill"})
    assert g.weight == 2.5 and g.baseline_level == -2 and g.area == "skill" and g.active
    assert list(problems(Goal, {"title": "t", "weight": "0"})) == ["weight"]
    assert list(problems(Goal, {"title": "t", "weight": "-1"})) == ["weight"]
    assert list(problems(Goal, {"title": "t", "baseline_level": "3"})) == ["baseline_level"]
    assert list(problems(Goal, {"title": "t", "baseline_level": "-3"})) == ["baseline_level"]
    assert list(problems(Goal, {"title": "t", "area": "hobby"})) == ["area"]


@pytest.mark.parametrize("level", [-2, -1, 0, 1, 2])
def test_goal_levels_accept_minus_two_to_plus_two(level):
    assert GoalLevel.parse({"goal_id": 1, "date": "2026-01-01", "level": level}).level == level


@pytest.mark.parametrize("level", [-3, 3, "1.5"])
def test_goal_levels_refuse_others(level):
    assert list(problems(GoalLevel, {"goal_id": 1, "date": "2026-01-01", "level": level})) == ["level"]


# -- profile -------------------------------------------------------------------------

def test_profile_help_wanted_splits_and_normalises():
    p = Profile.parse({"help_wanted": "Career; leadership, Decisions"})
    assert p.help_wanted == ["career", "leadership", "decisions"]
    assert Profile.parse({"help_wanted": ""}).help_wanted == []
    assert list(problems(Profile, {"help_wanted": "career; money"})) == ["help_wanted"]


# -- interviews, requests, agreements ------------------------------------------------

def test_interview_flow_is_optional_but_bounded():
    base = {"person": "Ada", "date": "2026-01-05"}
    assert Interview.parse({**base, "flow": ""}).flow is None
    assert Interview.parse({**base, "flow": "5"}).flow == 5
    assert list(problems(Interview, {**base, "flow": "6"})) == ["flow"]
    assert list(problems(Interview, {**base, "duration_min": "0"})) == ["duration_min"]


@pytest.mark.parametrize("outcome", ["accepted", "declined", "Declined"])
def test_a_decided_request_needs_a_date(outcome):
    assert list(problems(Request, {"candidate_id": 1, "outcome": outcome})) == ["outcome_on"]
    assert Request.parse({"candidate_id": 1, "outcome": outcome, "outcome_on": "2026-02-01"}).outcome_on
    assert Request.parse({"candidate_id": 1, "outcome": outcome, "sent_on": "2026-02-01"}).sent_on


def test_a_pending_request_needs_no_date_and_outcome_is_checked():
    assert Request.parse({"candidate_id": 1}).outcome == "pending"
    assert list(problems(Request, {"candidate_id": 1, "outcome": "maybe"})) == ["outcome"]


def test_agreement_cadence_bounds_and_interval():
    a = Agreement.parse({"start": "2026-02-16", "meetings_per_month": "2"})
    assert a.planned_interval_days == 15 and a.duration_months == 12 and a.no_fault_ending
    assert list(problems(Agreement, {"start": "2026-02-16", "meetings_per_month": "0"})) == ["meetings_per_month"]
    assert list(problems(Agreement, {"start": "2026-02-16", "meetings_per_month": "9"})) == ["meetings_per_month"]
    assert list(problems(Agreement, {"start": "2026-02-16", "duration_months": "0"})) == ["duration_months"]
    assert list(problems(Agreement, {"start": "2026-02-16", "duration_months": "37"})) == ["duration_months"]
    assert list(problems(Agreement, {"start": "2026-02-16", "scheduler": "robot"})) == ["scheduler"]


# -- actions -----------------------------------------------------------------------------

def test_renegotiated_needs_renegotiated_due():
    assert list(problems(ActionItem, {"description": "x", "status": "renegotiated"})) == ["renegotiated_due"]
    a = ActionItem.parse({"description": "x", "status": "Renegotiated", "renegotiated_due": "2026-05-01"})
    assert a.status == "renegotiated"


def test_done_needs_done_on():
    assert list(problems(ActionItem, {"description": "x", "status": "done"})) == ["done_on"]
    assert ActionItem.parse({"description": "x", "status": "DONE", "done_on": "2026-05-01"}).status == "done"


@pytest.mark.parametrize("status", ["open", "dropped"])
def test_open_and_dropped_need_nothing_more(status):
    assert ActionItem.parse({"description": "x", "status": status}).status == status


def test_action_owner_and_status_are_checked():
    assert list(problems(ActionItem, {"description": "x", "owner": "boss"})) == ["owner"]
    assert list(problems(ActionItem, {"description": "x", "status": "someday"})) == ["status"]
    assert ActionItem.parse({"description": "x", "owner": "MENTOR"}).owner == "mentor"


def test_validation_also_runs_on_assignment():
    a = ActionItem.parse({"description": "x"})
    with pytest.raises(ValueError):
        a.status = "done"  # without done_on


# -- feedback and check-ins ----------------------------------------------------------------

def test_feedback_kind():
    assert Feedback.parse({"date": "2026-01-01", "kind": "Critical"}).kind == "critical"
    assert list(problems(Feedback, {"date": "2026-01-01", "kind": "rude"})) == ["kind"]


@pytest.mark.parametrize("field", [k for k in CHECKIN if k != "date"])
def test_checkin_ratings_are_one_to_five(field):
    assert CheckIn.parse(CHECKIN)
    assert list(problems(CheckIn, {**CHECKIN, field: 0})) == [field]
    assert list(problems(CheckIn, {**CHECKIN, field: 6})) == [field]


# -- the catalogue -------------------------------------------------------------------------

def test_record_types_cover_every_table_and_private_text_names_real_fields():
    assert set(PRIVATE_TEXT) == set(RECORD_TYPES)
    for table, fields in PRIVATE_TEXT.items():
        assert set(fields) <= set(RECORD_TYPES[table].columns()), table


def test_record_type_names_unknown_tables():
    assert record_type("meetings") is Meeting
    with pytest.raises(ValueError, match="unknown table 'meeting'"):
        record_type("meeting")


def test_columns_and_required_columns():
    assert Meeting.columns() == ["date", "duration_min", "mode", "objectives", "notes", "gave_back"]
    assert Meeting.required_columns() == ["date", "duration_min", "mode"]
    assert "id" not in CheckIn.columns()


# -- privacy, declared on each field ---------------------------------------------------------

def test_every_text_field_declares_its_privacy():
    """A new text field must say `Private` or `Public` (a choice from a list is not free text)."""
    from mentorkit.model import privacy_of, text_fields

    undeclared = [f"{table}.{name}" for table, cls in RECORD_TYPES.items() for name in text_fields(cls)
                  if privacy_of(cls, name) is None]
    assert undeclared == [], f"text fields without Private or Public: {undeclared}"


def test_private_text_is_derived_from_the_declarations():
    from mentorkit.model import Privacy, privacy_of, text_fields

    for table, cls in RECORD_TYPES.items():
        declared = {n for n in text_fields(cls) if (privacy_of(cls, n) or Privacy(True)).private}
        assert set(PRIVATE_TEXT[table]) == declared, table
    assert "notes" in PRIVATE_TEXT["meetings"] and "mode" not in PRIVATE_TEXT["meetings"]
    assert "help_wanted" not in PRIVATE_TEXT["profile"]  # a list of choices, not words


def test_a_new_field_is_private_unless_marked_public():
    from typing import Annotated

    from mentorkit.model import Level, Private, Public, Record, Text, private_fields, share_labels

    class Diary(Record):
        table = "diary"
        secret: Text = ""
        labelled: Annotated[Text, Private.labelled("entry")] = ""
        code_name: Annotated[Text, Public] = ""
        level: Level = 0

    assert private_fields(Diary) == ("secret", "labelled")
    assert share_labels(Diary) == {"labelled": "entry"}


def test_fields_that_may_not_be_empty_get_a_neutral_label_in_a_share():
    """A share empties private text; where the field refuses '', it must declare the label written instead."""
    from typing import Annotated

    from pydantic import TypeAdapter, ValidationError

    from mentorkit.model import SHARE_LABELS

    refusing_empty = set()
    for table, cls in RECORD_TYPES.items():
        for name in PRIVATE_TEXT[table]:
            field = cls.model_fields[name]
            try:
                TypeAdapter(Annotated[str, *field.metadata]).validate_python("")
            except ValidationError:
                refusing_empty.add(f"{table}.{name}")
    labelled = {f"{table}.{name}" for table, labels in SHARE_LABELS.items() for name in labels}
    assert refusing_empty == labelled
    assert SHARE_LABELS["goals"] == {"title": "goal"} and SHARE_LABELS["candidates"] == {"name": "candidate"}
