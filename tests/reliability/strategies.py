"""Hypothesis strategies for hostile input, derived from the record classes themselves.

Valid values are read off each field's annotation (literal choices, numeric
bounds, maximum lengths), so a new field or a changed rule is covered without
editing this file. Hostile values are everything a file or a form may carry:
any text, very long text, control characters, right-to-left and invisible
characters, numbers and dates out of range, values of the wrong type.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from dataclasses import dataclass

import annotated_types as at
from hypothesis import strategies as st
from pydantic.fields import FieldInfo

from mentorkit.model import EARLIEST, LATEST, Record

REFERENCES = ("goal_id", "candidate_id", "meeting_id")

SPECIAL_TEXT = [
    "", " ", "\t", "\u202eevil.exe\u202c", "\u200f\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd",
    "\u0645\u0631\u062d\u0628\u0627 \u0628\u0627\u0644\u0639\u0627\u0644\u0645", "\u200b", "\ufeffbom", "\x00",
    "\x07bell", "\x1b[31mred", "\x7f", "a\x0bb", "line one\nline two", "tab\there", "cr\rhere", "crlf\r\nhere",
    "=1+1", "=HYPERLINK(\"http://example.invalid\")", "+1", "@SUM(A1)", "-1", "0", "1.5", "1e309", "NaN", "inf",
    "2024-02-30", "1949-12-31", "2101-01-01", "0000-00-00", "9999-12-31", "2024-1-1", "01/02/2024",
    "2024-01-01T25:00", "true", "maybe", "None", "null", "'", '"', '","', "\\", "%s%n", "{0}", "<script>x</script>",
    "\U0001d518\U0001d52b\U0001d526", "\U0001f469\U0001f3fd\u200d\U0001f4bb", "\ud7ff", "\U0010ffff", "e\u0301",
    "99999999999999999999999", "-0", " 3 ", "\u00a0", "\u2028", "\x85",
]


def _long(text: str, size: int) -> str:
    return (text * (size // len(text) + 1))[:size]


HOSTILE_TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(SPECIAL_TEXT),
    st.builds(_long, st.text(min_size=1, max_size=3), st.integers(150, 60_000)),
    st.builds(_long, st.sampled_from(["a", "\u202e", "\u05e9"]), st.sampled_from([500, 20_000, 20_001, 150_000])),
    st.integers(-(10**22), 10**22).map(str),
    st.floats().map(str),
    st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)).map(dt.date.isoformat),
    st.datetimes().map(dt.datetime.isoformat),
)

HOSTILE_ANY = st.one_of(
    HOSTILE_TEXT,
    st.text(st.characters(categories=["Cs"]), min_size=1, max_size=3),  # lone surrogates: not valid Unicode text
    st.integers(-(2**70), 2**70),
    st.floats(),
    st.none(),
    st.booleans(),
    st.binary(max_size=8),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)),
    st.datetimes(),
    st.tuples(st.integers()),
)


@dataclass(frozen=True)
class FieldShape:
    """What a field accepts, read off its annotation."""

    base: object
    optional: bool
    choices: tuple | None
    lo: float | None
    hi: float | None
    lo_open: bool
    max_length: int | None
    non_blank: bool


def shape(cls: type[Record], name: str) -> FieldShape:
    info = cls.model_fields[name]
    ann, meta, optional = info.annotation, list(info.metadata), False
    while True:
        origin = typing.get_origin(ann)
        if origin is typing.Annotated:
            ann, *extra = typing.get_args(ann)
            meta += extra
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(ann) if a is not type(None)]
            optional = optional or len(args) < len(typing.get_args(ann))
            ann = args[0]
        else:
            break
    flat = []
    for m in meta:
        flat += m.metadata if isinstance(m, FieldInfo) else [m]
    lo = hi = max_length = None
    lo_open = False
    for m in flat:
        if isinstance(m, at.Ge):
            lo = m.ge
        elif isinstance(m, at.Gt):
            lo, lo_open = m.gt, True
        elif isinstance(m, at.Le):
            hi = m.le
        elif isinstance(m, at.Lt):
            hi = m.lt
        elif isinstance(m, at.MaxLen):
            max_length = m.max_length
    choices = typing.get_args(ann) if typing.get_origin(ann) is typing.Literal else None
    non_blank = any(getattr(getattr(m, "func", None), "__name__", "") == "_name_check" for m in flat)
    return FieldShape(ann, optional or not info.is_required(), choices, lo, hi, lo_open, max_length, non_blank)


SAFE_TEXT = st.text(
    st.characters(exclude_categories=["Cs", "Cc"], include_characters="\n\t"), max_size=30
)


def valid_value(cls: type[Record], name: str, refs: dict[str, list[int]]) -> st.SearchStrategy:
    """Values the field should accept, as Python values (dates, bools, ints...)."""
    s = shape(cls, name)
    if name in REFERENCES:
        return st.sampled_from(refs[name])
    if s.choices is not None:
        return st.sampled_from(s.choices).flatmap(
            lambda c: st.sampled_from([c, c.upper(), f" {c} ", c.replace("_", " ").title()])
        )
    if s.base is bool:
        return st.sampled_from([True, False, "true", "false", "yes", "no", "1", "0", "True"])
    if s.base is int:
        lo = int(s.lo) + (1 if s.lo_open else 0) if s.lo is not None else -5
        return st.integers(lo, int(s.hi) if s.hi is not None else lo + 1000)
    if s.base is float:
        lo = s.lo if s.lo is not None else -100.0
        return st.floats(lo, s.hi if s.hi is not None else lo + 100, exclude_min=s.lo_open, allow_nan=False)
    if s.base is dt.date:
        return st.dates(EARLIEST, LATEST)
    if typing.get_origin(s.base) is list:
        (item,) = typing.get_args(s.base)
        return st.lists(st.sampled_from(typing.get_args(item)), max_size=3, unique=True)
    if s.base is str:
        text = SAFE_TEXT
        if s.max_length:
            text = st.one_of(text, st.builds(_long, st.text(min_size=1, max_size=2), st.just(s.max_length)))
        return text.filter(lambda t: t.strip()) if s.non_blank else text
    raise AssertionError(f"no strategy for {cls.__name__}.{name} ({s.base}): teach strategies.py about it")


def as_cell(value: object) -> str:
    """A Python value as a CSV cell, the way a person or a spreadsheet would write it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return ";".join(value)
    return str(value)
