"""Forms bound to a workbook: one `RecordForm` per record kind, and `ProfileForm` for the one profile.

A form is built from the record's pydantic model: text fields get a text box
(a multi-line one for long text), dates a date picker, fixed choices a
dropdown, ratings and levels a row of buttons, booleans a checkbox, numbers a
number box, and `candidate_id`/`goal_id`/`meeting_id` a dropdown of the saved
rows they may point to. The form is prefilled from the workbook; Save adds a
new row, Update and Delete act on the row picked in the selector, and the
table of saved rows refreshes after every change. A bad value shows its
message under its field and nothing is saved; any exception raised in a
callback is shown in the form's status line, with the details one click away.
A full disk or a read-only workbook is said so plainly there ("Not saved: ...")
and what was typed stays in the form.

Using it for a new record kind (in a notebook)::

    from mentorkit.forms import RecordForm
    from mentorkit.model import ActionItem

    form = RecordForm(
        wb, ActionItem,
        fields=["description", "meeting_id", "owner", "due", "status", "done_on"],  # default: every field
        labels={"due": "Due by"},                    # default: the field name in words
        hints={"status": "G5.4: renegotiate a commitment you cannot keep."},
        defaults={"due": lambda: today},             # values (or callables) for a new row
        columns=["id", "description", "due", "status"],  # the table's columns
        on_change=lambda record, action: ...,        # after each saved/updated/deleted row
    )
    findings = form.live(lambda wb: findings_frame(follow_through(wb, today)))  # refreshed beside the table
    form                                             # displays the form (or `display(form.widget)`)

In tests, set the widgets' values and click: `form.inputs["description"].value = "Read the book"`,
`form.save_button.click()`; `form.errors["due"].value` holds a field's message and
`form.status.value` the outcome. Browser tests find the inputs by the CSS classes
`mk-field-<name>`, the buttons by `mk-save`, `mk-update`, `mk-delete`, `mk-clear`,
the row picker by `mk-select`, the status by `mk-status` and the table by `mk-table`.
"""

from __future__ import annotations

import abc
import html
import traceback
import weakref
from typing import TYPE_CHECKING, Any, Callable, Iterable

import ipywidgets as w
import pandas as pd

from ..errors import FieldProblem, RecordNotFoundError, RecordValidationError, StorageError
from ..model import Profile, Record, record_type
from .fields import (
    FORM_CSS,
    LABEL_WIDTH,
    NONE_LABEL,
    FieldSpec,
    RowLabel,
    choice_label,
    default_row_label,
    field_specs,
    set_choice,
)
from .panels import cell_text, plural, to_html

if TYPE_CHECKING:
    from ..store import Workbook

OnChange = Callable[[Record | None, str], Any]
Render = Callable[["Workbook"], Any]
# Every form built in this kernel: a save in one refreshes the others on the same workbook.
_FORMS: "weakref.WeakSet[_Form]" = weakref.WeakSet()


class _Form(abc.ABC):
    """What both forms share: the field widgets, their error lines, the status line and the live panels."""

    side: Any  # the column of live panels beside the form; each kind of form lays it out
    widget: Any  # the whole form, as shown

    def __init__(
        self,
        workbook: "Workbook",
        record_cls: type[Record],
        *,
        fields: Iterable[str] | None,
        labels: dict[str, str] | None,
        hints: dict[str, str] | None,
        defaults: dict[str, Any] | None,
        on_change: OnChange | Iterable[OnChange] | None,
        title: str | None,
    ):

        self.workbook = workbook
        self.record_cls = record_cls
        _FORMS.add(self)
        specs = field_specs(record_cls, labels)
        names = list(fields) if fields is not None else list(specs)
        unknown = [n for n in names if n not in specs]
        if unknown:
            raise ValueError(f"{record_cls.__name__} has no field(s) {', '.join(unknown)}; known: {', '.join(specs)}")
        self.specs: dict[str, FieldSpec] = {n: specs[n] for n in names}
        self.defaults = dict(defaults or {})
        if on_change is None:
            self.on_change: list[OnChange] = []
        elif callable(on_change):
            self.on_change = [on_change]
        else:
            self.on_change = list(on_change)
        self._live: list[tuple[Render, Any]] = []
        self._quiet = False
        self.last_error: BaseException | None = None

        self.inputs = {name: spec.make_widget() for name, spec in self.specs.items()}
        self.errors = {}
        rows = []
        for name, widget in self.inputs.items():
            error = w.HTML(value="", layout=w.Layout(display="none", margin=f"0 0 0 calc({LABEL_WIDTH} + 8px)"))
            error.add_class("mk-error")
            error.add_class(f"mk-error-{name}")
            self.errors[name] = error
            parts = [widget, error]
            if hints and name in hints:
                hint = w.HTML(
                    value=f"<small style='color:var(--jp-ui-font-color2, #666)'>{html.escape(hints[name])}</small>",
                    layout=w.Layout(margin=f"0 0 0 calc({LABEL_WIDTH} + 8px)"),
                )
                parts.insert(1, hint)
            rows.append(w.VBox(parts, layout=w.Layout(width="100%", margin="0 0 0.3em 0")))
        self.field_rows = rows
        self.status = w.HTML(value="", layout=w.Layout(width="100%"))
        self.status.add_class("mk-status")
        self.details = w.HTML(value="", layout=w.Layout(width="100%"))
        self.details.add_class("mk-details")
        noun = record_cls.noun or record_cls.__name__.lower()
        self.title = w.HTML(
            value=FORM_CSS + f"<h4 style='margin:0.2em 0'>{html.escape(title or noun.capitalize())}</h4>"
        )
        read_only = getattr(workbook, "read_only_reason", None)
        self._standing_note = "" if read_only is None else (
            f"This workbook is read-only ({read_only}): you can read it here, but nothing can be saved to it.")
        self._set_status(self._standing_note, "error" if self._standing_note else "")

    # -- values ---------------------------------------------------------------------

    def _default(self, name: str) -> Any:
        value = self.defaults.get(name, self.specs[name].default if name in self.specs else None)
        return value() if callable(value) else value

    def values(self) -> dict[str, Any]:
        """The form's current values, ready for `Record.parse` (a required field left empty is left out)."""
        data: dict[str, Any] = {}
        for name, spec in self.specs.items():
            value = spec.read(self.inputs[name])
            if spec.required and (value is None or (isinstance(value, str) and not value.strip())):
                continue  # reported as "is required"
            data[name] = value
        return data

    def fill(self, record: Record | None) -> None:
        """Show a record in the inputs; None shows the defaults of a new row."""
        for name, spec in self.specs.items():
            value = getattr(record, name) if record is not None else self._default(name)
            spec.write(self.inputs[name], value)
        self.clear_messages()

    # -- messages ---------------------------------------------------------------------

    def clear_messages(self) -> None:
        for error in self.errors.values():
            error.value = ""
            error.layout.display = "none"
        self._set_status(self._standing_note, "error" if self._standing_note else "")

    def _set_status(self, message: str, kind: str, details: str = "") -> None:
        for cls in ("mk-status-ok", "mk-status-error"):
            self.status.remove_class(cls)
        if kind:
            self.status.add_class(f"mk-status-{kind}")
        colour = {"ok": "var(--jp-success-color1, #2e7d32)", "error": "var(--jp-error-color1, #c62828)"}.get(kind, "")
        self.status.value = f"<span style='color:{colour}'>{html.escape(message)}</span>" if message else ""
        self.details.value = (
            "<details><summary>Details</summary><pre style='white-space:pre-wrap'>"
            f"{html.escape(details)}</pre></details>"
            if details
            else ""
        )

    def show_problems(self, problems: list[FieldProblem]) -> None:
        """Put each problem under its field; problems of fields not in the form go to the status line."""
        elsewhere = []
        for problem in problems:
            error = self.errors.get(problem.field)
            if error is None:
                elsewhere.append(str(problem))
                continue
            label, message = self.specs[problem.field].label, problem.message
            text = f"{label} {message}" if message.startswith("is ") else f"{label}: {message}"
            error.value = (
                f"<span style='color:var(--jp-error-color1, #c62828)'>{html.escape(text)}</span>"
                if not error.value
                else error.value + f"<br><span style='color:var(--jp-error-color1, #c62828)'>{html.escape(text)}</span>"
            )
            error.layout.display = ""
        noun = self.record_cls.noun
        message = f"Not saved: please fix the {noun} above."
        if elsewhere:
            message = f"Not saved: {'; '.join(elsewhere)}"
        self._set_status(message, "error")

    def _guarded(self, action: Callable[[], object]) -> Callable[..., None]:  # called with a button, or none
        """Wrap a button handler so that no exception is lost: it lands in the status line."""
        def handler(_button: Any = None) -> None:
            try:
                action()
            except RecordValidationError as exc:
                self.last_error = exc
                self.show_problems(exc.problems)
            except StorageError as exc:  # a full disk or a read-only workbook: what was typed stays in the form
                self.last_error = exc
                self._set_status(f"Not saved: {exc}", "error")
            except RecordNotFoundError as exc:  # deleted elsewhere (another notebook) since the list was read
                self.last_error = exc
                self.refresh()
                self._set_status(f"Not saved: {exc} (deleted elsewhere?); the list is read again", "error")
            except Exception as exc:  # noqa: BLE001 - shown to the user, never swallowed
                self.last_error = exc
                self._set_status(f"Something went wrong: {type(exc).__name__}: {exc}", "error", traceback.format_exc())

        return handler

    def _changed(self, record: Record | None, action: str, message: str) -> None:
        """Run the change callbacks and live panels, then report `message` (and any failure) in the status."""
        failures = []
        for callback in self.on_change:
            try:
                callback(record, action)
            except Exception as exc:  # noqa: BLE001
                self.last_error = exc
                failures.append((exc, traceback.format_exc()))
        failures += self._refresh_live()
        for other in list(_FORMS):
            if other is not self and other.workbook is self.workbook:
                other._sibling_changed(self.record_cls.table)
        if not failures:
            self._set_status(message, "ok")
            return
        first = failures[0][0]
        note = f" But updating what depends on it failed: {type(first).__name__}: {first}"
        self._set_status(message + note, "error", "\n".join(tb for _, tb in failures))

    @abc.abstractmethod
    def refresh(self) -> None:
        """Reread what the form shows from the workbook; each kind of form says how."""

    def _refresh_references(self) -> None:
        """Offer the current rows in the reference fields: a form without any has nothing to offer."""

    def _sibling_changed(self, table: str) -> None:
        """Another form on this workbook saved to `table`: offer its new rows and redraw the live panels.

        Only what is read from the workbook changes; what the user typed here stays.
        """
        if any(spec.kind == "reference" and spec.table == table for spec in self.specs.values()):
            self._refresh_references()
        self._refresh_live()

    # -- live panels -----------------------------------------------------------------

    def live(self, render: Render):
        """An HTML panel showing `render(workbook)`, refreshed after every change; an error shows in it."""
        panel = w.HTML(value="", layout=w.Layout(width="100%", overflow="auto"))
        panel.add_class("mk-live")
        self._live.append((render, panel))
        self._render_one(render, panel)
        self._add_panel(panel)
        return panel

    def _add_panel(self, panel: Any) -> None:
        self.side.children = tuple(self.side.children) + (panel,)

    def _render_one(self, render: Render, panel: Any) -> tuple[Exception, str] | None:
        try:
            panel.value = to_html(render(self.workbook))
        except Exception as exc:  # noqa: BLE001
            self.last_error = exc
            panel.value = (
                "<div style='color:var(--jp-error-color1, #c62828)'>This analysis could not be shown: "
                f"{html.escape(type(exc).__name__)}: {html.escape(str(exc))}</div>"
            )
            return exc, traceback.format_exc()
        return None

    def _refresh_live(self) -> list[tuple[Exception, str]]:
        return [f for f in (self._render_one(r, p) for r, p in self._live) if f is not None]

    # -- display ---------------------------------------------------------------------

    def _repr_mimebundle_(self, **kwargs: Any):
        return self.widget._repr_mimebundle_(**kwargs)


class RecordForm(_Form):
    """A form for one kind of record, with the table of saved rows beside it (see the module docstring)."""

    def __init__(
        self,
        workbook: "Workbook",
        record_cls: type[Record] | str,
        *,
        fields: Iterable[str] | None = None,
        labels: dict[str, str] | None = None,
        on_change: OnChange | Iterable[OnChange] | None = None,
        hints: dict[str, str] | None = None,
        defaults: dict[str, Any] | None = None,
        columns: Iterable[str] | None = None,
        row_label: RowLabel = default_row_label,
        title: str | None = None,
    ):

        cls = record_type(record_cls) if isinstance(record_cls, str) else record_cls
        if cls is Profile:
            raise ValueError("the profile is a single record: use ProfileForm")
        super().__init__(
            workbook, cls, fields=fields, labels=labels, hints=hints, defaults=defaults,
            on_change=on_change, title=title
        )
        self.table_name = cls.table
        self.row_label = row_label
        self.columns = list(columns) if columns is not None else ["id", *list(self.specs)[:5]]
        noun = cls.noun
        self.selector = w.Dropdown(
            description=f"Saved {plural(noun)}",
            options=[(f"(new {noun})", None)],
            value=None,
            layout=w.Layout(width="100%"),
            style={"description_width": LABEL_WIDTH},
        )
        self.selector.add_class("mk-select")
        self.save_button = w.Button(description="Save", button_style="primary", icon="plus",
                                    tooltip=f"Save as a new {noun}")
        self.update_button = w.Button(description="Update", icon="check", tooltip=f"Save changes to the picked {noun}")
        self.delete_button = w.Button(description="Delete", button_style="danger", icon="trash",
                                      tooltip=f"Delete the picked {noun}")
        self.clear_button = w.Button(description="Clear", icon="eraser", tooltip="Empty the form for a new entry")
        for button, css in (
            (self.save_button, "mk-save"),
            (self.update_button, "mk-update"),
            (self.delete_button, "mk-delete"),
            (self.clear_button, "mk-clear"),
        ):
            button.add_class(css)
            button.layout = w.Layout(width="auto", margin="0.2em 0.4em 0.2em 0")
        self.table = w.HTML(value="", layout=w.Layout(width="100%", overflow="auto"))
        self.table.add_class("mk-table")

        self.save_button.on_click(self._guarded(self.save))
        self.update_button.on_click(self._guarded(self.update))
        self.delete_button.on_click(self._guarded(self.delete))
        self.clear_button.on_click(self._guarded(lambda: self.select(None)))
        self.selector.observe(self._on_select, names="value")

        buttons = w.HBox(
            [self.save_button, self.update_button, self.delete_button, self.clear_button],
            layout=w.Layout(flex_flow="row wrap", width="100%"),
        )
        form = w.VBox(
            [self.title, self.selector, *self.field_rows, buttons, self.status, self.details],
            layout=w.Layout(flex="1 1 360px", min_width="280px", max_width="46em", margin="0 1em 0.5em 0"),
        )
        self.side = w.VBox([self.table], layout=w.Layout(flex="1 1 360px", min_width="280px", overflow="auto"))
        self.widget = w.Box(
            [form, self.side],
            layout=w.Layout(display="flex", flex_flow="row wrap", width="100%", align_items="flex-start")
        )
        self.widget.add_class("mk-form")
        self.widget.add_class(f"mk-form-{self.table_name}")
        self.refresh()
        self.fill(None)
        self._sync_buttons()

    # -- reading the workbook ---------------------------------------------------------

    def records(self) -> list[Record]:
        return self.workbook.records(self.table_name)

    @property
    def selected_id(self) -> int | None:
        return self.selector.value

    def refresh(self) -> None:
        """Reread the workbook: the row picker, the reference dropdowns, the table and the live panels."""
        records = self.records()
        self._refresh_references()
        options = [(f"(new {self.record_cls.noun})", None)] + [(self.row_label(r), r.id) for r in records]
        current = self.selector.value
        self._quiet = True
        try:
            self.selector.options = options
            set_choice(self.selector, current if current in {v for _, v in options} else None)
        finally:
            self._quiet = False
        self.table.value = self._table_html(records)
        self._refresh_live()

    def _refresh_references(self) -> None:
        for name, spec in self.specs.items():
            if spec.kind != "reference":
                continue
            targets = self.workbook.records(spec.table)
            options = [(default_row_label(r), r.id) for r in targets]
            if spec.optional or not options:
                options.insert(0, (NONE_LABEL, None))
            spec.set_options(self.inputs[name], options)

    def _table_html(self, records: list[Record]) -> str:
        if not records:
            return f"<p><em>No {plural(self.record_cls.noun)} saved yet.</em></p>"

        specs = field_specs(self.record_cls)
        labels = {"id": "#", **{n: s.label for n, s in specs.items()}, **{n: s.label for n, s in self.specs.items()}}
        choices = {n for n, s in specs.items() if s.kind == "choice"}
        rows = [
            {c: choice_label(getattr(r, c)) if c in choices else cell_text(getattr(r, c, None)) for c in self.columns}
            for r in records
        ]
        frame = pd.DataFrame(rows, columns=self.columns).rename(columns=labels)
        return frame.to_html(index=False, escape=True, border=0, classes="mk-table-grid")

    # -- actions -------------------------------------------------------------------------

    def select(self, record_id: int | None) -> None:
        """Pick a saved row (its values fill the form), or None for a new, empty entry."""
        set_choice(self.selector, record_id)
        if record_id is None:  # no change event when it already was None
            self.fill(None)
            self._sync_buttons()

    def _on_select(self, change: dict) -> None:
        if self._quiet:
            self._sync_buttons()
            return
        self._guarded(lambda: self._load(change["new"]))()

    def _load(self, record_id: int | None) -> None:
        self.fill(self.workbook.get(self.table_name, record_id) if record_id is not None else None)
        self._sync_buttons()

    def _sync_buttons(self) -> None:
        picked = self.selector.value is not None
        self.update_button.disabled = not picked
        self.delete_button.disabled = not picked

    def _back_to_new(self) -> None:
        """After a save or delete: the selector on "new", the table refreshed, the inputs emptied."""
        self._quiet = True
        try:
            set_choice(self.selector, None)
        finally:
            self._quiet = False
        self.refresh()
        self.fill(None)
        self._sync_buttons()

    def _record(self, base: dict[str, Any]) -> Record:
        data = {**base, **self.values()}
        return self.record_cls.parse(data)

    def save(self) -> Record | None:
        """Validate the form and add it as a new row; returns the saved record (None when invalid)."""
        self.clear_messages()
        hidden = {n: self._default(n) for n in self.defaults if n not in self.specs}
        record = self._record(hidden)
        new_id = self.workbook.add(record)
        saved = record.model_copy(update={"id": new_id})
        self._back_to_new()
        self._changed(saved, "saved", f"Saved {self.record_cls.noun} {self.row_label(saved)}.")
        return saved

    def update(self) -> Record | None:
        """Validate the form and replace the picked row with it."""
        self.clear_messages()
        record_id = self.selector.value
        if record_id is None:
            self._set_status(f"Pick a saved {self.record_cls.noun} to update first.", "error")
            return None
        existing = self.workbook.get(self.table_name, record_id)
        record = self._record(existing.model_dump())
        self.workbook.update(record)
        self.refresh()
        self._changed(record, "updated", f"Updated {self.record_cls.noun} {self.row_label(record)}.")
        return record

    def delete(self) -> None:
        """Delete the picked row."""
        self.clear_messages()
        record_id = self.selector.value
        if record_id is None:
            self._set_status(f"Pick a saved {self.record_cls.noun} to delete first.", "error")
            return
        existing = self.workbook.get(self.table_name, record_id)
        self.workbook.delete(self.table_name, record_id)
        self._back_to_new()
        self._changed(existing, "deleted", f"Deleted {self.record_cls.noun} {self.row_label(existing)}.")


class ProfileForm(_Form):
    """The mentee's one profile (step 1, G1.1 to G1.7): prefilled from the workbook, saved with Save."""

    def __init__(
        self,
        workbook: "Workbook",
        *,
        fields: Iterable[str] | None = None,
        labels: dict[str, str] | None = None,
        on_change: OnChange | Iterable[OnChange] | None = None,
        hints: dict[str, str] | None = None,
        title: str | None = "Your profile",
    ):

        super().__init__(
            workbook, Profile, fields=fields, labels=labels, hints=hints, defaults=None,
            on_change=on_change, title=title
        )
        self.save_button = w.Button(description="Save", button_style="primary", icon="check",
                                    tooltip="Save your profile")
        self.save_button.add_class("mk-save")
        self.save_button.layout = w.Layout(width="auto", margin="0.2em 0.4em 0.2em 0")
        self.save_button.on_click(self._guarded(self.save))
        form = w.VBox(
            [self.title, *self.field_rows, self.save_button, self.status, self.details],
            layout=w.Layout(flex="1 1 360px", min_width="280px", max_width="46em", margin="0 1em 0.5em 0"),
        )
        self.side = w.VBox([], layout=w.Layout(flex="1 1 360px", min_width="280px", overflow="auto"))
        self.widget = w.Box(
            [form, self.side],
            layout=w.Layout(display="flex", flex_flow="row wrap", width="100%", align_items="flex-start")
        )
        self.widget.add_class("mk-form")
        self.widget.add_class("mk-form-profile")
        self.fill(workbook.profile)

    def refresh(self) -> None:
        """Reread the profile from the workbook (discarding unsaved edits) and the live panels."""
        self.fill(self.workbook.profile)
        self._refresh_live()

    def save(self) -> Profile:
        """Validate and save the profile; fields not in the form keep their stored values."""
        self.clear_messages()
        profile = Profile.parse({**self.workbook.profile.model_dump(exclude={"id"}), **self.values()})
        self.workbook.set_profile(profile)
        self._changed(profile, "saved", "Saved your profile.")
        return profile
