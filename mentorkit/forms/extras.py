"""Small widgets of the journey: open or create a workbook (step 0), adapt a worked goal example (step 1),
pick interview questions (G3.3)."""

from __future__ import annotations

import html
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import ipywidgets as w

from ..errors import MentorkitError
from ..goalhelper import EXAMPLES, fill_form
from ..store import DB_NAME, Workbook
from .base import to_html

if TYPE_CHECKING:
    import pandas as pd

    from ..store import Workbook

from .fields import LABEL_WIDTH

_LABEL = {"description_width": LABEL_WIDTH}
_FULL = {"width": "100%", "margin": "2px 0"}


def _status(widget: Any, text: str, ok: bool) -> None:
    for cls in ("mk-status-ok", "mk-status-error"):
        widget.remove_class(cls)
    widget.add_class("mk-status-ok" if ok else "mk-status-error")
    colour = "var(--jp-success-color1, #2e7d32)" if ok else "var(--jp-error-color1, #c62828)"
    widget.value = f"<span style='color:{colour}'>{html.escape(text)}</span>"


class WorkbookPicker:
    """Open a workbook folder, or create one when the folder is new and a name is given.

    `on_open(workbook)` may return HTML (or anything `to_html` shows) for the panel under the picker.
    """

    def __init__(self, path: str = "", name: str = "", on_open: Callable[["Workbook"], Any] | None = None):
        self._to_html = to_html
        self.on_open = on_open
        self.workbook: "Workbook | None" = None
        self.path = w.Text(value=str(path), description="Workbook folder", placeholder="e.g. ~/mentoring/workbook",
                           layout=w.Layout(**_FULL), style=_LABEL)
        self.path.add_class("mk-field-workbook_path")
        self.name = w.Text(value=name, description="Your name (new only)", layout=w.Layout(**_FULL), style=_LABEL)
        self.name.add_class("mk-field-mentee_name")
        self.button = w.Button(description="Open or create", button_style="primary", icon="folder-open",
                               layout=w.Layout(width="auto", align_self="flex-start",
                                               margin=f"4px 0 4px {LABEL_WIDTH}"))
        self.button.add_class("mk-open")
        self.status = w.HTML(value="")
        self.status.add_class("mk-status")
        self.panel = w.HTML(value="", layout=w.Layout(width="100%", overflow="auto"))
        self.panel.add_class("mk-live")
        self.button.on_click(self._clicked)
        self.widget = w.VBox([self.path, self.name, self.button, self.status, self.panel],
                             layout=w.Layout(width="100%", max_width="46em"))
        self.widget.add_class("mk-form")
        self.widget.add_class("mk-form-workbook")

    def open(self) -> "Workbook":
        """Open (or create) the workbook the inputs name; errors are raised (the button shows them)."""
        text = self.path.value.strip()
        if not text:
            raise MentorkitError("Give the folder of your workbook (a new, empty folder to start one).")
        folder = Path(text).expanduser()
        if (folder / DB_NAME).exists():
            return Workbook.open(folder)
        if not self.name.value.strip():
            raise MentorkitError(f"{folder} holds no workbook yet: give your name to create one there.")
        return Workbook.create(folder, self.name.value)

    def _clicked(self, _button: Any = None) -> None:
        try:
            self.workbook = self.open()
        except Exception as exc:  # noqa: BLE001 - shown in the form
            _status(self.status, f"{exc}", ok=False)
            return
        _status(self.status, f"Opened the workbook of {self.workbook.mentee_name} at {self.workbook.path}. "
                             f"Use this folder as `workbook` in the other notebooks.", ok=True)
        if self.on_open is not None:
            try:
                self.panel.value = self._to_html(self.on_open(self.workbook))
            except Exception as exc:  # noqa: BLE001
                self.panel.value = f"<pre>{html.escape(traceback.format_exc())}</pre>"
                _status(self.status, f"Opened, but showing it failed: {type(exc).__name__}: {exc}", ok=False)

    def _repr_mimebundle_(self, **kwargs: Any):
        return self.widget._repr_mimebundle_(**kwargs)


class QuestionPicker:
    """Pick questions from the bank and add your own (G3.3), then copy them into an interview form's questions."""

    def __init__(self, bank: "pd.DataFrame", target: Any | None = None):
        self.target = target
        options = [(f"{row.id} · {row.question}", row.question) for row in bank.itertuples()]
        self.choices = w.SelectMultiple(options=options, rows=min(10, len(options)) or 1,
                                        description="Questions", layout=w.Layout(**_FULL), style=_LABEL)
        self.choices.add_class("mk-field-bank_questions")
        self.own = w.Textarea(description="Your own (one a line)", rows=2, layout=w.Layout(**_FULL), style=_LABEL)
        self.own.add_class("mk-field-own_questions")
        self.button = w.Button(description="Use these questions", icon="arrow-down",
                               layout=w.Layout(width="auto", align_self="flex-start",
                                               margin=f"4px 0 4px {LABEL_WIDTH}"))
        self.button.add_class("mk-use-questions")
        self.status = w.HTML(value="")
        self.status.add_class("mk-status")
        self.button.on_click(self._clicked)
        self.widget = w.VBox([self.choices, self.own, self.button, self.status],
                             layout=w.Layout(width="100%", max_width="46em"))
        self.widget.add_class("mk-form")
        self.widget.add_class("mk-form-questions")

    @property
    def text(self) -> str:
        """The picked and own questions, one per line, without repeats."""
        lines = list(self.choices.value) + [q.strip() for q in self.own.value.splitlines() if q.strip()]
        return "\n".join(dict.fromkeys(lines))

    def _clicked(self, _button: Any = None) -> None:
        try:
            count = len(self.text.splitlines())
            if not count:
                _status(self.status, "Pick a few questions first, or write your own.", ok=False)
                return
            if self.target is not None:
                self.target.value = self.text
            note = " A short talk holds about a handful (G3.3)." if count > 6 else ""
            _status(self.status, f"{count} question(s) copied into the interview form below.{note}", ok=True)
        except Exception as exc:  # noqa: BLE001
            _status(self.status, f"{type(exc).__name__}: {exc}", ok=False)

    def _repr_mimebundle_(self, **kwargs: Any):
        return self.widget._repr_mimebundle_(**kwargs)


class GoalExamplePicker:
    """Pick a worked goal example (`mentorkit.goalhelper`) and copy its words into the goal form, to adapt."""

    def __init__(self, target: Any | None = None):
        self.target = target
        self.choice = w.Dropdown(options=[(f"{e.title} ({e.area}, {e.guidance})", e.key) for e in EXAMPLES],
                                 description="Start from", layout=w.Layout(**_FULL), style=_LABEL)
        self.choice.add_class("mk-field-goal_example")
        self.button = w.Button(description="Copy into the goal form", icon="arrow-down",
                               layout=w.Layout(width="auto", align_self="flex-start",
                                               margin=f"4px 0 4px {LABEL_WIDTH}"))
        self.button.add_class("mk-use-example")
        self.status = w.HTML(value="")
        self.status.add_class("mk-status")
        self.button.on_click(self._clicked)
        self.widget = w.VBox([self.choice, self.button, self.status], layout=w.Layout(width="100%", max_width="46em"))
        self.widget.add_class("mk-form")
        self.widget.add_class("mk-form-goal-example")

    def _clicked(self, _button: Any = None) -> None:
        try:
            if self.target is not None:
                fill_form(self.target, self.choice.value)
            _status(self.status, "Copied. Change the words until they describe your own goal, then save it.", ok=True)
        except Exception as exc:  # noqa: BLE001 - shown in the widget
            _status(self.status, f"{type(exc).__name__}: {exc}", ok=False)

    def _repr_mimebundle_(self, **kwargs: Any):
        return self.widget._repr_mimebundle_(**kwargs)
