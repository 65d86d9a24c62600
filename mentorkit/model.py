"""The records of a mentoring journey, validated with pydantic.

One class per table of the workbook. Every class names its `table`, and the
fields double as the columns of the CSV files that `mentorkit import` reads.
Validation errors become `RecordValidationError`, which names each bad field.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Literal, Self, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

from .dates import ISO_DATE, parse_date
from .errors import FieldProblem, RecordValidationError

DAYS_PER_MONTH = 30.0  # G4.2: a planned month of meetings counts 30 days (monthly: every 30 days)
EARLIEST = dt.date(1950, 1, 1)
LATEST = dt.date(2100, 12, 31)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# Each choice is written once, as a `Literal` a type checker reads; the tuple is its values, for checks at run time.
HelpKind = Literal["career", "decisions", "results", "capacity", "leadership", "guidance"]
Relationship = Literal["current_manager", "supervisor_chain", "knows_well", "acquaintance", "met_once", "never_met"]
Mode = Literal["in_person", "video", "phone", "other"]
TalkKind = Literal["interview", "coffee"]  # G3.2 a short informational interview; G3.7 a brief coffee
Channel = Literal["written", "in_person"]  # G4.7: how a request was made
# How a relationship ended (the closing conversation); '' while it runs.
Ending = Literal["", "term_completed", "goals_met", "continuing_informally", "let_go_mutual", "mentor_stepped_back",
                 "mentee_stepped_back", "other"]
HELP_KINDS: tuple[str, ...] = get_args(HelpKind)
RELATIONSHIPS: tuple[str, ...] = get_args(Relationship)
MODES: tuple[str, ...] = get_args(Mode)
TALK_KINDS: tuple[str, ...] = get_args(TalkKind)
CHANNELS: tuple[str, ...] = get_args(Channel)
ENDINGS: tuple[str, ...] = get_args(Ending)
ENDED_WELL = ("term_completed", "goals_met", "continuing_informally", "let_go_mutual")


def _lower(value: Any) -> Any:
    return value.strip().lower().replace(" ", "_").replace("-", "_") if isinstance(value, str) else value


def _blank_lower(value: Any) -> Any:
    return "" if value is None else _lower(value)


def _blank_to_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


def _check_date(value: dt.date | None) -> dt.date | None:
    if value is not None and not (EARLIEST <= value <= LATEST):
        raise ValueError(f"date must be between {EARLIEST} and {LATEST}")
    return value


def _text_check(value: Any) -> Any:
    """Free text: None becomes empty, surrounding space goes, a control character is refused."""
    if value is None:
        return ""
    if isinstance(value, str):
        if _CONTROL.search(value):
            raise ValueError("contains a control character")
        return value.strip()
    raise ValueError("must be text")


@dataclass(frozen=True)
class Privacy:
    """Whether a text field holds the mentee's own words, declared on the field: ``Annotated[Text, Private]``.

    A private field never reaches a cohort output and is emptied in a share; one
    that may not be empty (a goal's title) becomes ``f"{label} {id}"`` there
    (``goal 3``). A text field that declares nothing is treated as private.
    """

    private: bool
    label: str = ""

    def labelled(self, label: str) -> "Privacy":
        """The same declaration, with the neutral label a share writes where the field may not be empty."""
        return Privacy(self.private, label)


Private = Privacy(True)
Public = Privacy(False)


def _name_check(value: Any) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValueError("must not be empty")
    return value


# Written out literally, not built by a function, so that a type checker reads them as `str`.
Name = Annotated[str, BeforeValidator(_text_check), Field(max_length=200), BeforeValidator(_name_check)]
Short = Annotated[str, BeforeValidator(_text_check), Field(max_length=500)]
Text = Annotated[str, BeforeValidator(_text_check), Field(max_length=20_000)]
PageId = Annotated[str, BeforeValidator(_text_check), Field(max_length=64), BeforeValidator(_name_check)]
Rating = Annotated[int, BeforeValidator(_blank_to_none), Field(ge=1, le=5)]
OptRating = Annotated[Annotated[int, Field(ge=1, le=5)] | None, BeforeValidator(_blank_to_none)]
Level = Annotated[int, Field(ge=-2, le=2)]
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]  # SQLite's INTEGER range: a larger id cannot be stored


def _date_field(value: Any) -> Any:
    value = _blank_to_none(value)
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        try:
            return parse_date(value, time_part=True)
        except ValueError:
            raise ValueError(f"not {ISO_DATE}") from None
    return value


Date = Annotated[dt.date, BeforeValidator(_date_field)]
OptDate = Annotated[dt.date | None, BeforeValidator(_date_field)]


def _split_list(value: Any) -> Any:
    if value is None:
        return []
    if isinstance(value, str):
        return [_lower(part) for part in re.split(r"[;,]", value) if part.strip()]
    if not isinstance(value, (list, tuple, set)):
        return value  # pydantic names the field: "Input should be a valid list"
    return [_lower(v) for v in value]


class Record(BaseModel):
    """Base of every record: an optional id given by the workbook."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, str_strip_whitespace=True)

    table: ClassVar[str] = ""
    noun: ClassVar[str] = ""
    id: Id | None = None

    @model_validator(mode="after")
    def _dates_in_range(self):
        for name, value in self:
            if isinstance(value, dt.date):
                try:
                    _check_date(value)
                except ValueError as exc:
                    raise ValueError(f"{name}: {exc}") from None
        return self

    @classmethod
    def parse(cls, data: dict[str, Any]) -> Self:
        """Validate `data` into a record, or raise `RecordValidationError` naming every bad field."""
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            raise RecordValidationError(cls.noun, problems_from(exc)) from None

    @classmethod
    def columns(cls) -> list[str]:
        """The fields, in order, without `id`."""
        return [name for name in cls.model_fields if name != "id"]

    @classmethod
    def required_columns(cls) -> list[str]:
        return [name for name, f in cls.model_fields.items() if name != "id" and f.is_required()]


def problems_from(exc: ValidationError) -> list[FieldProblem]:
    """Turn pydantic's errors into one `FieldProblem` per field, in plain words."""
    problems: list[FieldProblem] = []
    for err in exc.errors(include_url=False):
        loc = ".".join(str(part) for part in err["loc"] if not isinstance(part, int)) or "record"
        message = err["msg"]
        for prefix in ("Value error, ", "Assertion failed, "):
            message = message.removeprefix(prefix)
        if err["type"] == "missing":
            message = "is required"
        elif err["type"] == "extra_forbidden":
            message = "is not a known field"
        elif err["type"] in ("too_long", "string_too_long") and isinstance(err.get("input"), str):
            message = f"is too long: {len(err['input'])} characters, at most {err['ctx']['max_length']}"
        elif ": " in message and loc == "record":
            loc, message = message.split(": ", 1)
        value = err.get("input")
        if err["type"] not in ("missing", "extra_forbidden") and isinstance(value, (str, int, float)):
            shown = repr(value if not isinstance(value, str) or len(value) <= 40 else value[:37] + "...")
            message = f"{message} (got {shown})"
        problems.append(FieldProblem(loc, message))
    return problems


class Profile(Record):
    """Step 1, introspection: what the mentee wants from mentoring (G1.1 to G1.5, G1.7)."""

    table: ClassVar[str] = "profile"
    noun: ClassVar[str] = "profile"
    career_goals: Annotated[Text, Private] = ""  # G1.1
    skills: Annotated[Text, Private] = ""  # G1.2
    knowledge: Annotated[Text, Private] = ""  # G1.3
    alliances: Annotated[Text, Private] = ""  # G1.4
    help_wanted: Annotated[list[HelpKind], BeforeValidator(_split_list)] = []  # G1.5
    ideal_mentor: Annotated[Text, Private] = ""  # G1.7
    expectations: Annotated[Text, Private] = ""  # what the mentee expects of a mentor; read by the realism check (G1.6)


class Goal(Record):
    """A goal scaled for Goal Attainment Scaling: five described levels, a weight, a baseline."""

    table: ClassVar[str] = "goals"
    noun: ClassVar[str] = "goal"
    title: Annotated[Name, Private.labelled("goal")]
    description: Annotated[Text, Private] = ""
    area: Annotated[Literal["career", "skill", "knowledge", "alliance", "other"], BeforeValidator(_lower)] = "career"
    weight: Annotated[float, Field(gt=0, le=100)] = 1.0
    baseline_level: Level = -1
    level_minus2: Annotated[Short, Private] = ""
    level_minus1: Annotated[Short, Private] = ""
    level_0: Annotated[Short, Private] = ""
    level_plus1: Annotated[Short, Private] = ""
    level_plus2: Annotated[Short, Private] = ""
    created_on: OptDate = None
    active: bool = True


class GoalLevel(Record):
    """A goal's attained GAS level at a date."""

    table: ClassVar[str] = "goal_levels"
    noun: ClassVar[str] = "goal level"
    goal_id: Id
    date: Date
    level: Level
    note: Annotated[Text, Private] = ""


class Candidate(Record):
    """A possible mentor under research (G2.x)."""

    table: ClassVar[str] = "candidates"
    noun: ClassVar[str] = "candidate"
    name: Annotated[Name, Private.labelled("candidate")]
    organization: Annotated[Short, Private]
    same_organization: bool
    relationship: Annotated[Relationship, BeforeValidator(_lower)]
    respect: Rating
    values_fit: Rating
    path_similarity: Rating
    role: Annotated[Short, Private] = ""
    senior: bool = True  # G2.2
    found_via: Annotated[Short, Private] = ""  # G2.6: network, profile, colleague who knows them
    connection_route: Annotated[
        Literal["", "event", "introduction", "public_posts", "formal_programme", "other"], BeforeValidator(_lower)
    ] = ""  # G2.7, G2.8
    status: Annotated[
        Literal["researching", "connecting", "interviewed", "asked", "mentor", "declined", "not_pursued"],
        BeforeValidator(_lower),
    ] = "researching"
    notes: Annotated[Text, Private] = ""


class Interview(Record):
    """An informational interview: a short talk to learn and to build a connection (G3.2 to G3.6)."""

    table: ClassVar[str] = "interviews"
    noun: ClassVar[str] = "interview"
    person: Annotated[Name, Private.labelled("person")]
    candidate_id: Id | None = None
    date: Date
    duration_min: Annotated[int, Field(gt=0, le=600)] = 10
    questions: Annotated[Text, Private] = ""  # one per line
    takeaways: Annotated[Text, Private] = ""
    flow: OptRating = None  # G3.4: how well the talk flowed, 1 to 5
    star: bool = False  # G3.4: a potential mentor
    thanked_on: OptDate = None  # G3.5
    connection_sent: bool = False  # G3.6
    follow_up_on: OptDate = None  # G3.5: default two months after the talk
    followed_up_on: OptDate = None  # G3.5: the follow-up is done (leaves the reminders)
    kind: Annotated[TalkKind, BeforeValidator(_lower)] = "interview"  # G3.7: a coffee counts too


class Request(Record):
    """A request to mentor, and its outcome (G4.x)."""

    table: ClassVar[str] = "requests"
    noun: ClassVar[str] = "request"
    candidate_id: Id
    drafted_on: OptDate = None
    sent_on: OptDate = None
    text: Annotated[Text, Private] = ""
    outcome: Annotated[Literal["pending", "accepted", "declined", "no_answer"], BeforeValidator(_lower)] = "pending"
    outcome_on: OptDate = None
    notes: Annotated[Text, Private] = ""
    channel: Annotated[Channel, BeforeValidator(_lower)] = "written"  # G4.7: in person needs no text

    @model_validator(mode="after")
    def _outcome_needs_date(self):
        if self.outcome in ("accepted", "declined") and self.outcome_on is None and self.sent_on is None:
            raise ValueError("outcome_on: is required when the outcome is accepted or declined")
        return self


class Agreement(Record):
    """The mentoring agreement: cadence, duration and the ground rules (G4.2)."""

    table: ClassVar[str] = "agreements"
    noun: ClassVar[str] = "agreement"
    candidate_id: Id | None = None
    mentor_name: Annotated[Short, Private] = ""
    start: Date
    duration_months: Annotated[int, Field(ge=1, le=36)] = 12
    meetings_per_month: Annotated[float, Field(gt=0, le=8)] = 1.0
    confidentiality: Annotated[Text, Private] = "What we discuss stays between us unless we both agree otherwise."
    scheduler: Annotated[Literal["mentee", "mentor", "alternate"], BeforeValidator(_lower)] = "mentee"
    progress_recording: Annotated[Text, Private] = (
        "The mentee keeps notes and actions in the workbook and shares a summary.")
    no_fault_ending: bool = True
    ended_on: OptDate = None  # the closing conversation: the relationship ended on this date
    ending: Annotated[Ending, BeforeValidator(_blank_lower)] = ""  # how it ended, once ended_on is set
    closing_notes: Annotated[Text, Private] = ""  # private: what was achieved, the thanks, what comes next

    @model_validator(mode="after")
    def _ending_fields(self):
        if self.ended_on is not None and not self.ending:
            raise ValueError("ending: is required when ended_on is set (how did it end?)")
        if self.ending and self.ended_on is None:
            raise ValueError("ended_on: is required when the ending is set")
        if self.ended_on is not None and self.ended_on < self.start:
            raise ValueError("ended_on: must not be before the start")
        return self

    @property
    def planned_interval_days(self) -> float:
        """The days between planned meetings (G4.2): a month counts `DAYS_PER_MONTH` days."""
        return DAYS_PER_MONTH / self.meetings_per_month


class Meeting(Record):
    """One mentoring meeting (G5.1 to G5.3, G5.9)."""

    table: ClassVar[str] = "meetings"
    noun: ClassVar[str] = "meeting"
    date: Date
    duration_min: Annotated[int, Field(gt=0, le=24 * 60)]
    mode: Annotated[Mode, BeforeValidator(_lower)]
    objectives: Annotated[Text, Private] = ""  # G5.2
    notes: Annotated[Text, Private] = ""  # private
    gave_back: Annotated[Text, Private] = ""  # G5.9


class ActionItem(Record):
    """A commitment from a meeting, and what became of it (G5.3, G5.4)."""

    table: ClassVar[str] = "actions"
    noun: ClassVar[str] = "action"
    description: Annotated[Name, Private.labelled("action")]
    meeting_id: Id | None = None
    owner: Annotated[Literal["mentee", "mentor"], BeforeValidator(_lower)] = "mentee"
    due: OptDate = None
    status: Annotated[Literal["open", "done", "renegotiated", "dropped"], BeforeValidator(_lower)] = "open"
    done_on: OptDate = None
    renegotiated_on: OptDate = None
    renegotiated_due: OptDate = None

    @model_validator(mode="after")
    def _status_fields(self):
        if self.status == "renegotiated" and self.renegotiated_due is None:
            raise ValueError("renegotiated_due: is required when the status is renegotiated")
        if self.status == "done" and self.done_on is None:
            raise ValueError("done_on: is required when the status is done")
        return self


class Feedback(Record):
    """Feedback received from the mentor, the critical kind included (G5.8)."""

    table: ClassVar[str] = "feedback"
    noun: ClassVar[str] = "feedback"
    date: Date
    meeting_id: Id | None = None
    text: Annotated[Text, Private] = ""
    kind: Annotated[Literal["praise", "suggestion", "critical"], BeforeValidator(_lower)] = "suggestion"
    response: Annotated[Text, Private] = ""


class CheckIn(Record):
    """A two-way check-in on the relationship (G6.1, G6.2)."""

    table: ClassVar[str] = "checkins"
    noun: ClassVar[str] = "check-in"
    date: Date
    value_to_me: Rating
    value_to_mentor: Rating
    interest: Rating
    encouragement: Rating
    connection: Rating
    candour: Rating
    wish_to_continue: Rating
    comment: Annotated[Text, Private] = ""


class MentorCheckIn(Record):
    """The mentor's own answers to a check-in, imported from the page they filled in (G6.1, G6.2).

    The same questions from the other side: the value to them, the value they
    think the mentee gets, their interest, the connection and candour they
    feel, their wish to go on, and a comment (private: it stays with the mentee).
    """

    table: ClassVar[str] = "mentor_checkins"
    noun: ClassVar[str] = "mentor's check-in"
    page_id: Annotated[PageId, Public]  # the page it answers (`meta` mentor_page.<id>)
    date: Date  # the check-in the page was made for
    value_to_mentor: Rating  # the value to them, in their own words: what the mentee's value_to_mentor guesses
    value_to_mentee: Rating  # the value they think the mentee gets
    interest: Rating
    connection: Rating
    candour: Rating
    wish_to_continue: Rating
    comment: Annotated[Text, Private] = ""  # the mentor's own words, for the mentee only
    answered_on: OptDate = None
    received_on: OptDate = None


RECORD_TYPES: dict[str, type[Record]] = {
    cls.table: cls
    for cls in (Profile, Goal, GoalLevel, Candidate, Interview, Request, Agreement, Meeting, ActionItem, Feedback,
                CheckIn, MentorCheckIn)
}
TABLES: tuple[str, ...] = tuple(RECORD_TYPES)


def privacy_of(cls: type[Record], name: str) -> Privacy | None:
    """The privacy a field declares, or None when it declares none."""
    found = [m for m in cls.model_fields[name].metadata if isinstance(m, Privacy)]
    return found[-1] if found else None


def text_fields(cls: type[Record]) -> list[str]:
    """The fields that hold free text (a `str`; a choice from a list is not free text)."""
    return [name for name, f in cls.model_fields.items() if f.annotation is str]


def private_fields(cls: type[Record]) -> tuple[str, ...]:
    """The text fields of a record type that are private: declared so, or declaring nothing."""
    return tuple(name for name in text_fields(cls) if (privacy_of(cls, name) or Private).private)


def share_labels(cls: type[Record]) -> dict[str, str]:
    """Private fields that may not be empty, with the neutral label a share writes there instead."""
    return {name: p.label for name in private_fields(cls) if (p := privacy_of(cls, name)) and p.label}


# Fields that hold what a mentee wrote in their own words: never in a cohort output, emptied in a share.
# Derived from the declarations on the fields (`Private`, `Public`), never kept by hand.
PRIVATE_TEXT: dict[str, tuple[str, ...]] = {table: private_fields(cls) for table, cls in RECORD_TYPES.items()}
SHARE_LABELS: dict[str, dict[str, str]] = {table: share_labels(cls) for table, cls in RECORD_TYPES.items()}


def neutral_label(table: str, column: str, row_id: int) -> str:
    """What a share writes in a private field: `goal 3` where the field may not be empty, else ''."""
    label = SHARE_LABELS.get(table, {}).get(column, "")
    return f"{label} {row_id}" if label else ""


def record_type(table: str) -> type[Record]:
    """The record class of a table name, with a clear error for an unknown one."""
    try:
        return RECORD_TYPES[table]
    except KeyError:
        raise ValueError(f"unknown table {table!r}; known: {', '.join(TABLES)}") from None
