"""Notebook 05's mentor's side: make the check-in page, paste the answer back, see both sides (G6.1, G6.2).

`mentor_side(wb, as_of, interactive)` is the one call of its cell: a widget
when interactive (buttons and a paste box, then the view below), else the
view alone, which prints as plain text in papermill runs.
"""

from __future__ import annotations

import datetime as dt
import html
import math
from typing import TYPE_CHECKING, Any

import ipywidgets as w
import pandas as pd

from .. import evaluation, perception
from ..mentoranswer import import_text
from ..mentorpage import make_page
from .panels import Shown, findings_view

if TYPE_CHECKING:
    from ..store import Workbook

ROWS = (  # (label, the mentee's column, the mentor's column)
    ("Value to you", "value_to_me", "mentor_value_to_mentee"),
    ("Value to your mentor", "value_to_mentor", "mentor_value_to_mentor"),
    ("Interest", "interest", "mentor_interest"),
    ("Connection", "connection", "mentor_connection"),
    ("Candour", "candour", "mentor_candour"),
    ("Wish to go on", "wish_to_continue", "mentor_wish_to_continue"),
)
RULE = (f"Perception gap (G6.1, G6.2): where your answer and your mentor's are {perception.PERCEPTION_GAP} or more "
        "points apart, one of you is reading the other wrong. For the value to each of you, your guess is set "
        "against their own answer (G6.1); interest, connection, candour and the wish to go on are each side's "
        "own view (G6.2). Your mentor's own value to them replaces your guess in health and in the one-way rule.")


def _n(value: Any) -> str:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return ""
    return "" if math.isnan(number) else f"{number:.0f}"


def both_sides(wb: "Workbook", as_of: dt.date, *, show_comment: bool = False) -> Shown:
    """The last check-in with the mentor's answer: both sides' ratings, the gaps and what they mean."""
    frame = evaluation.health_frame(wb, as_of)
    paired = frame[frame["mentor_value_to_mentor"].notna()] if len(frame) else frame
    if len(paired) == 0:
        text = ("No answer from your mentor yet. Make a check-in page, send it to them, and import what they "
                "send back: then both sides show here.")
        return Shown(f"<p class='mk-message'>{html.escape(text)}</p>", text)
    row = paired.iloc[-1]
    when = row["date"].date().isoformat()
    head = f"Both sides of the check-in of {when} (you, your mentor)"
    lines = [head]
    cells = []
    for label, mine, theirs in ROWS:
        lines.append(f"  {label}: you {_n(row[mine])}, your mentor {_n(row[theirs])}")
        cells.append(f"<tr><th>{html.escape(label)}</th><td>{_n(row[mine])}</td><td>{_n(row[theirs])}</td></tr>")
    gap = _n(row["perception_gap"])
    lines.append(f"  Perception gap: {gap} point(s)")
    lines.append(RULE)
    found = perception.findings(row)
    view = findings_view(found)
    comment = ""
    if show_comment:
        answers = wb.table("mentor_checkins")
        if len(answers):

            distance = (answers["date"] - row["date"]).abs()
            answers = answers[distance <= pd.Timedelta(days=perception.PAIR_DAYS)].assign(distance=distance)
            answers = answers.sort_values(["distance", "id"], ascending=[True, False])
        text = "" if len(answers) == 0 else str(answers.iloc[0]["comment"] or "")
        if text:
            comment = f"<p><b>Your mentor's comment</b> (private, for you only): {html.escape(text)}</p>"
    table = ("<table class='mk-both-sides'><thead><tr><th></th><th>you</th><th>your mentor</th></tr></thead>"
             f"<tbody>{''.join(cells)}</tbody></table>")
    body = (f"<h4>{html.escape(head)}</h4>{table}<p>Perception gap: <b>{gap}</b> point(s).</p>"
            f"<p><i>{html.escape(RULE)}</i></p>{view.html}{comment}")
    return Shown(body, "\n".join(lines) + "\n" + view.text)


class MentorAnswerBox:
    """Make a page for your mentor; paste their answer back; see both sides."""

    def __init__(self, workbook: "Workbook", as_of: dt.date):
        self.workbook, self.as_of = workbook, as_of
        self.make = w.Button(description="Make a page for my mentor", icon="file-code-o", layout=w.Layout(width="auto"))
        self.make.add_class("mk-make-page")
        self.paste = w.Textarea(placeholder="Paste the text your mentor sent back (it starts with MKMC1.)",
                                rows=3, layout=w.Layout(width="100%"))
        self.paste.add_class("mk-field-mentor-answer")
        self.button = w.Button(description="Import their answer", icon="download", button_style="primary",
                               layout=w.Layout(width="auto"))
        self.button.add_class("mk-import-mentor-answer")
        self.status = w.HTML(value="")
        self.status.add_class("mk-status")
        self.view = w.HTML(value=both_sides(workbook, as_of, show_comment=True).html)
        self.make.on_click(self._make)
        self.button.on_click(self._import)
        self.widget = w.VBox([self.make, self.paste, self.button, self.status, self.view],
                             layout=w.Layout(width="100%", max_width="46em"))
        self.widget.add_class("mk-form")
        self.widget.add_class("mk-form-mentor-answer")

    def _say(self, text: str, ok: bool) -> None:
        colour = "var(--jp-success-color1, #2e7d32)" if ok else "var(--jp-error-color1, #c62828)"
        self.status.value = f"<p style='color:{colour}'>{html.escape(text)}</p>"

    def _make(self, _button: Any = None) -> None:
        try:
            path = make_page(self.workbook, self.workbook.exports_dir / f"mentor-checkin-{self.as_of}.html",
                             self.as_of)
            self._say(f"Wrote {path}: send this file to your mentor.", ok=True)
        except Exception as exc:  # noqa: BLE001 - shown in the form
            self._say(str(exc), ok=False)

    def _import(self, _button: Any = None) -> None:
        try:
            done = import_text(self.workbook, self.paste.value)
        except Exception as exc:  # noqa: BLE001 - shown in the form; nothing was written
            self._say(str(exc), ok=False)
            return
        self.paste.value = ""
        self._say(f"{done}.", ok=True)
        self.view.value = both_sides(self.workbook, self.as_of, show_comment=True).html

    def _repr_mimebundle_(self, **kwargs: Any):
        return self.widget._repr_mimebundle_(**kwargs)


def mentor_side(wb: "Workbook", as_of: dt.date, interactive: bool = True) -> "MentorAnswerBox | Shown":
    """Notebook 05's cell: the page-and-paste box when interactive, else both sides as a view."""
    if interactive and not wb.read_only:
        return MentorAnswerBox(wb, as_of)
    return both_sides(wb, as_of)
