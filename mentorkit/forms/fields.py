"""One input widget per record field, chosen from the pydantic model's type.

`field_specs(record_cls)` reads a record class once; `FieldSpec.make_widget()`
builds the widget and `FieldSpec.read(widget)` / `FieldSpec.write(widget, value)`
convert between the widget's value and the record's.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Callable, Literal

import ipywidgets as w

from ..model import Record

# A foreign key field names the table it points into.
REFERENCES: dict[str, str] = {"candidate_id": "candidates", "goal_id": "goals", "meeting_id": "meetings"}
NONE_LABEL = "—"
LABEL_WIDTH = "11em"  # the labels' column: inputs, hints and messages line up after it
# ipywidgets lays out a row of toggle buttons differently from other inputs; this aligns them.
FORM_CSS = """<style>
.mk-form .widget-toggle-buttons.mk-field { display: flex; flex-wrap: wrap; align-items: center; }
.mk-form .widget-toggle-buttons.mk-field > .widget-label {
  flex: 0 0 11em; width: 11em; text-align: right; margin-right: 8px; }
.mk-form table.mk-table-grid, .mk-form table.mk-frame { border-collapse: collapse; font-size: 0.92em; }
.mk-form table.mk-table-grid th, .mk-form table.mk-table-grid td,
.mk-form table.mk-frame th, .mk-form table.mk-frame td { padding: 2px 8px; text-align: left; vertical-align: top; }
.mk-form table.mk-table-grid td { white-space: nowrap; }
.mk-form .widget-html-content { line-height: 1.4; }  /* wrapped hints and findings: not one input's height apart */
</style>"""
# Fields whose text is long enough to deserve a multi-line box.
TEXTAREA_MIN_LENGTH = 1000
Kind = Literal["text", "textarea", "date", "choice", "multichoice", "scale", "bool", "int", "float", "reference"]


def nice_label(name: str) -> str:
    """'same_organization' -> 'Same organization'."""
    text = name.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def choice_label(value: Any) -> str:
    """How a choice shows in a dropdown: 'met_once' -> 'met once', '' -> '—'."""
    if value is None or value == "":
        return NONE_LABEL
    return str(value).replace("_", " ")


def _unwrap(annotation: Any) -> tuple[Any, bool, list[Any]]:
    """The plain type behind Annotated/Optional, whether None is allowed, and the constraints met on the way."""
    optional = False
    metadata: list[Any] = []
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation, *extra = typing.get_args(annotation)
            metadata += extra
            for item in extra:  # Field(ge=..., le=...) keeps its constraints in .metadata
                metadata += list(getattr(item, "metadata", []) or [])
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            optional = optional or len(args) < len(typing.get_args(annotation))
            if len(args) != 1:
                return annotation, optional, metadata
            annotation = args[0]
        else:
            return annotation, optional, metadata


def _bounds(metadata: list[Any]) -> tuple[float | None, float | None]:
    low = high = None
    for item in metadata:
        if getattr(item, "ge", None) is not None:
            low = item.ge
        if getattr(item, "gt", None) is not None:
            low = item.gt
        if getattr(item, "le", None) is not None:
            high = item.le
    return low, high


@dataclass
class FieldSpec:
    """What the form needs to know about one field of a record class."""

    name: str
    kind: Kind
    label: str
    required: bool
    optional: bool = False  # None is a valid value
    default: Any = None
    options: list[tuple[str, Any]] = field(default_factory=list)
    table: str = ""  # for a reference: the table pointed into

    # -- widgets -----------------------------------------------------------------

    def make_widget(self):
        """A fresh input widget for this field, tagged with the CSS class `mk-field-<name>`."""
        common = dict(description=self.label, layout=w.Layout(width="100%", margin="2px 0"),
                      style={"description_width": LABEL_WIDTH})
        if self.kind == "textarea":
            widget = w.Textarea(rows=3, **common)
        elif self.kind == "text":
            widget = w.Text(**common)
        elif self.kind == "date":
            widget = w.DatePicker(value=None, **common)
        elif self.kind in ("choice", "reference"):
            widget = w.Dropdown(options=list(self.options), **common)
        elif self.kind == "multichoice":
            widget = w.SelectMultiple(options=list(self.options), rows=min(6, len(self.options)), **common)
        elif self.kind == "scale":
            widget = w.ToggleButtons(
                options=list(self.options),
                value=None,
                description=self.label,
                style={"description_width": LABEL_WIDTH, "button_width": "3.2em"},
                layout=w.Layout(width="100%", margin="2px 0"),
            )
        elif self.kind == "bool":
            widget = w.Checkbox(description=self.label, indent=True, layout=w.Layout(width="100%", margin="2px 0"),
                                style={"description_width": LABEL_WIDTH})
        elif self.kind == "int":
            widget = w.IntText(**common)
        elif self.kind == "float":
            widget = w.FloatText(**common)
        else:  # pragma: no cover - every kind is handled above
            raise ValueError(f"unknown field kind {self.kind!r}")
        widget.add_class(f"mk-field-{self.name}")
        widget.add_class("mk-field")
        return widget

    def set_options(self, widget, options: list[tuple[str, Any]]) -> None:
        """Replace a dropdown's choices, keeping its value when it is still offered."""
        self.options = list(options)
        current = widget.value
        widget.options = self.options
        values = [v for _, v in self.options]
        set_choice(widget, current if current in values
                   else (None if None in values else values[0] if values else None))

    def read(self, widget) -> Any:
        """The widget's value as the record expects it (None for 'left empty')."""
        value = widget.value
        if self.kind == "multichoice":
            return list(value)
        if self.kind == "scale" and value == "":
            return None
        return value

    def write(self, widget, value: Any) -> None:
        """Show a record's value in the widget."""
        if self.kind in ("text", "textarea"):
            widget.value = "" if value is None else str(value)
        elif self.kind == "multichoice":
            offered_set = {v for _, v in self.options}
            widget.value = tuple(v for v in (value or []) if v in offered_set)
        elif self.kind == "scale":
            offered = [v for _, v in self.options]
            widget.value = value if value is not None and value in offered else ("" if self.optional else None)
        elif self.kind in ("choice", "reference"):
            offered = [v for _, v in self.options]
            set_choice(widget, value if value in offered else (None if None in offered else offered[0]))
        elif self.kind == "bool":
            widget.value = bool(value)
        elif self.kind == "int":
            widget.value = 0 if value is None else int(value)
        elif self.kind == "float":
            widget.value = 0.0 if value is None else float(value)
        elif self.kind == "date":
            widget.value = value if isinstance(value, dt.date) else None


def set_choice(widget, value: Any) -> None:
    """Select `value` in a dropdown. For None, select the option whose value is None by its index:
    ipywidgets reads `value=None` as "nothing selected" and shows an empty box instead of its label."""
    if value is None:
        values = [option[1] if isinstance(option, tuple) else option for option in widget.options]
        if None in values:
            widget.value = None  # first, or ipywidgets turns the index back to None
            widget.index = values.index(None)
            return
    widget.value = value


def field_specs(record_cls: type[Record], labels: dict[str, str] | None = None) -> dict[str, FieldSpec]:
    """A `FieldSpec` per field of `record_cls` (without `id`), in the model's order."""
    labels = labels or {}
    specs: dict[str, FieldSpec] = {}
    for name, info in record_cls.model_fields.items():
        if name == "id":
            continue
        base, optional, inner = _unwrap(info.annotation)
        constraints = [*info.metadata, *inner]
        default = None if info.is_required() else info.get_default(call_default_factory=True)
        spec = FieldSpec(
            name=name,
            kind="text",
            label=labels.get(name, nice_label(name.removesuffix("_id") if name in REFERENCES else name)),
            required=info.is_required(),
            optional=optional,
            default=default,
        )
        low, high = _bounds(constraints)
        if name in REFERENCES:
            spec.kind, spec.table = "reference", REFERENCES[name]
        elif typing.get_origin(base) is Literal:
            spec.kind = "choice"
            spec.options = [(choice_label(v), v) for v in typing.get_args(base)]
            if spec.required:  # no default: the user picks one; the first option is not chosen for them
                spec.options.insert(0, (NONE_LABEL, None))
        elif typing.get_origin(base) is list:
            (inner,) = typing.get_args(base)
            inner, _, _ = _unwrap(inner)
            spec.kind = "multichoice"
            spec.options = [(choice_label(v), v) for v in typing.get_args(inner)]
        elif base is dt.date:
            spec.kind = "date"
        elif base is bool:
            spec.kind = "bool"
        elif base is int and low is not None and high is not None and high - low <= 10:
            spec.kind = "scale"
            spec.options = [(f"{v:+d}" if low < 0 and v else str(v), v) for v in range(int(low), int(high) + 1)]
            if optional:  # a way back to "not rated": toggle buttons cannot be unselected
                spec.options.insert(0, (NONE_LABEL, ""))
        elif base is int:
            spec.kind = "int"
        elif base is float:
            spec.kind = "float"
        else:
            longest = max((getattr(m, "max_length", 0) or 0 for m in constraints), default=0)
            spec.kind = "textarea" if longest >= TEXTAREA_MIN_LENGTH else "text"
        specs[name] = spec
    return specs


RowLabel = Callable[[Record], str]


def default_row_label(record: Record) -> str:
    """'#3 · Dana Reyes' or '#2 · 2024-03-01 · video': a short, recognisable name for a saved row."""
    parts = [f"#{record.id}"]
    for name in ("name", "person", "title", "mentor_name", "description"):
        value = getattr(record, name, None)
        if isinstance(value, str) and value:
            parts.append(value if len(value) <= 40 else value[:39] + "…")
            break
    for name in ("date", "start", "sent_on", "drafted_on", "due"):
        value = getattr(record, name, None)
        if isinstance(value, dt.date):
            parts.append(value.isoformat())
            break
    return " · ".join(parts)
