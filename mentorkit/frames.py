"""Records to pandas DataFrames with honest dtypes."""

from __future__ import annotations

import datetime as dt
import types
import typing
from typing import Any

import pandas as pd

from .model import Record


def _base_type(annotation: Any) -> Any:
    """The plain type behind Annotated[...] and Optional[...]."""
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _base_type(args[0]) if len(args) == 1 else annotation
    return annotation


def column_kinds(cls: type[Record]) -> dict[str, str]:
    """Map each field to 'date', 'bool', 'int', 'float', 'list' or 'text'."""
    kinds: dict[str, str] = {}
    for name, info in cls.model_fields.items():
        base = _base_type(info.annotation)
        if base is dt.date:
            kinds[name] = "date"
        elif base is bool:
            kinds[name] = "bool"
        elif base is int:
            kinds[name] = "int"
        elif base is float:
            kinds[name] = "float"
        elif typing.get_origin(base) is list:
            kinds[name] = "list"
        else:
            kinds[name] = "text"
    return kinds


def records_frame(cls: type[Record], rows: list[tuple], columns: list[str]) -> pd.DataFrame:
    """A DataFrame of stored rows, typed after the record class."""
    frame = pd.DataFrame.from_records(rows, columns=columns)
    for name, kind in column_kinds(cls).items():
        if name not in frame:
            continue
        if kind == "date":
            frame[name] = pd.to_datetime(frame[name], format="ISO8601")
        elif kind == "bool":
            frame[name] = frame[name].astype(bool)
        elif kind == "int":
            frame[name] = frame[name].astype("Int64")
        elif kind == "float":
            frame[name] = frame[name].astype(float)
        else:
            frame[name] = frame[name].astype("str" if len(frame) else object).fillna("")
    return frame
