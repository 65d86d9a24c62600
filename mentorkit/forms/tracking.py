"""Two small forms that keep the workbook up with the mentee's life: a follow-up done (G3.5), an ending recorded.

Both write through the library (`interviews.mark_followed_up`, `closing.record_ending`), show their result or
error in a status line, and call `on_change()` afterwards so that linked panels refresh.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Callable

import ipywidgets as w

from ..closing import ENDING_WORDS, record_ending
from ..interviews import follow_ups, mark_followed_up
from .extras import _FULL, _LABEL, _status
from .fields import LABEL_WIDTH

if TYPE_CHECKING:
    from ..store import Workbook


def _button(text: str, icon: str, css: str) -> Any:
    button = w.Button(description=text, icon=icon, button_style="primary",
                      layout=w.Layout(width="auto", align_self="flex-start", margin=f"4px 0 4px {LABEL_WIDTH}"))
    button.add_class(css)
    return button


class FollowUpTracker:
    """Mark a talk's follow-up as done (G3.5): it then leaves the follow-ups, the calendar and the start page."""

    def __init__(self, workbook: "Workbook", as_of: dt.date, on_change: Callable[[], Any] | None = None):
        self.workbook, self.as_of, self.on_change = workbook, as_of, on_change
        self.talk = w.Dropdown(description="Follow-up with", layout=w.Layout(**_FULL), style=_LABEL)
        self.talk.add_class("mk-field-follow_up_talk")
        self.when = w.DatePicker(description="Got in touch on", value=as_of, style=_LABEL)
        self.when.add_class("mk-field-followed_up_on")
        self.button = _button("Mark the follow-up done", "check", "mk-follow-up-done")
        self.status = w.HTML(value="")
        self.status.add_class("mk-status")
        self.button.on_click(self._clicked)
        self.widget = w.VBox([self.talk, self.when, self.button, self.status],
                             layout=w.Layout(width="100%", max_width="46em"))
        self.widget.add_class("mk-form")
        self.widget.add_class("mk-form-follow-ups")
        self.refresh()

    def refresh(self) -> None:
        """List the follow-ups still open (due first), as of the notebook's date."""
        frame = follow_ups(self.workbook, self.as_of)
        frame = frame[frame["state"] != "done"].sort_values("days_left", kind="stable")
        self.talk.options = [(f"{row.person} (talked {row.talk_date:%d %b %Y}; "
                              f"{'due' if row.days_left <= 0 else 'in ' + str(row.days_left) + ' days'})", int(row.id))
                             for row in frame.itertuples()]
        self.button.disabled = not self.talk.options

    def _clicked(self, _button: Any = None) -> None:
        try:
            if self.talk.value is None:
                _status(self.status, "No open follow-up to mark.", ok=False)
                return
            if self.when.value is None:
                _status(self.status, "Give the date you got in touch.", ok=False)
                return
            talk = mark_followed_up(self.workbook, self.talk.value, self.when.value)
            self.refresh()
            _status(self.status, f"Done: the follow-up with {talk.person} is recorded on "
                                 f"{talk.followed_up_on:%d %b %Y}. Keep up with their news from here (G3.8).", ok=True)
            if self.on_change is not None:
                self.on_change()
        except Exception as exc:  # noqa: BLE001 - shown in the form
            _status(self.status, f"{exc}", ok=False)

    def _repr_mimebundle_(self, **kwargs: Any):
        return self.widget._repr_mimebundle_(**kwargs)


class ClosingForm:
    """Record how the current relationship ended, after the closing conversation (G6.4, G6.5)."""

    def __init__(self, workbook: "Workbook", as_of: dt.date, on_change: Callable[[], Any] | None = None):
        self.workbook, self.on_change = workbook, on_change
        self.ending = w.Dropdown(options=[(words, key) for key, words in ENDING_WORDS.items()],
                                 description="How it ended", layout=w.Layout(**_FULL), style=_LABEL)
        self.ending.add_class("mk-field-ending")
        self.when = w.DatePicker(description="Ended on", value=as_of, style=_LABEL)
        self.when.add_class("mk-field-ended_on")
        self.notes = w.Textarea(description="What you said (private)", rows=3, layout=w.Layout(**_FULL), style=_LABEL,
                                placeholder="What you achieved together, your thanks, and what comes next.")
        self.notes.add_class("mk-field-closing_notes")
        self.button = _button("Record the ending", "flag-checkered", "mk-record-ending")
        self.status = w.HTML(value="")
        self.status.add_class("mk-status")
        self.button.on_click(self._clicked)
        self.widget = w.VBox([self.ending, self.when, self.notes, self.button, self.status],
                             layout=w.Layout(width="100%", max_width="46em"))
        self.widget.add_class("mk-form")
        self.widget.add_class("mk-form-closing")

    def _clicked(self, _button: Any = None) -> None:
        try:
            if self.when.value is None:
                _status(self.status, "Give the date it ended.", ok=False)
                return
            saved = record_ending(self.workbook, self.ending.value, self.when.value, self.notes.value)
            _status(self.status, f"Recorded: it ended on {saved.ended_on:%d %b %Y}. Thank you for seeing it "
                                 "through; keep in touch now and then (G6.5).", ok=True)
            if self.on_change is not None:
                self.on_change()
        except Exception as exc:  # noqa: BLE001 - shown in the form
            _status(self.status, f"{exc}", ok=False)

    def _repr_mimebundle_(self, **kwargs: Any):
        return self.widget._repr_mimebundle_(**kwargs)
