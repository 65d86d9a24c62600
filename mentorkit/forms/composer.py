"""Step 4's two small widgets: a draft composer with the live request check, and the agreement export buttons.

`DraftComposer` fills a draft from the workbook into an editable box and,
for a mentoring request, checks it against G4.1 to G4.5 as you type;
`on_use(text, candidate_id)` hands the edited text on (to the request form).
`AgreementExport` writes the latest agreement to `exports/` as Markdown,
HTML or PDF. Messages go to a status line, never to a callback's print.
"""

from __future__ import annotations

import datetime as dt
import html
import traceback
from typing import TYPE_CHECKING, Any, Callable

import ipywidgets as w

from ..agreement import export_agreement
from ..drafting import DRAFTS, check_request, draft
from .panels import findings_view

if TYPE_CHECKING:
    from ..store import Workbook

_LABEL = {"description_width": "11em"}


def _status(widget: Any, text: str, ok: bool, details: str = "") -> None:
    colour = "var(--jp-success-color1, #2e7d32)" if ok else "var(--jp-error-color1, #c62828)"
    for cls in ("mk-status-ok", "mk-status-error"):
        widget.remove_class(cls)
    widget.add_class("mk-status-ok" if ok else "mk-status-error")
    extra = (f"<details><summary>Details</summary><pre style='white-space:pre-wrap'>{html.escape(details)}</pre>"
             "</details>") if details else ""
    widget.value = f"<span style='color:{colour}'>{html.escape(text)}</span>{extra}"


class DraftComposer:
    """Pick a kind of draft and a candidate, fill it from the workbook, edit it, see the request check live."""

    def __init__(self, workbook: "Workbook", as_of: dt.date, *, kind: str = "mentoring_request",
                 candidate_id: int | None = None, about_me: str = "",
                 on_use: Callable[[str, int | None], Any] | None = None):


        self.workbook, self.as_of, self.on_use = workbook, as_of, on_use
        self.kind = w.Dropdown(options=[(d.label + f" ({d.guidance})", k) for k, d in DRAFTS.items()], value=kind,
                               description="Draft", layout=w.Layout(width="100%"), style=_LABEL)
        self.candidate = w.Dropdown(description="To", layout=w.Layout(width="100%"), style=_LABEL)
        self.about_me = w.Text(value=about_me, description="About you",
                               placeholder="e.g. a senior analyst at Larkfield Logistics",
                               layout=w.Layout(width="100%"), style=_LABEL)
        self.fill_button = w.Button(description="Fill from the workbook", icon="magic", button_style="primary",
                                    layout=w.Layout(width="auto", margin="0.2em 0.4em 0.2em 0"))
        self.use_button = w.Button(description="Use as the request text", icon="arrow-down",
                                   layout=w.Layout(width="auto", margin="0.2em 0.4em 0.2em 0"),
                                   disabled=on_use is None)
        self.text = w.Textarea(layout=w.Layout(width="100%", height="22em"))
        self.when = w.HTML(value="")
        self.check_panel = w.HTML(value="", layout=w.Layout(width="100%"))
        self.check_panel.add_class("mk-live")
        self.status = w.HTML(value="")
        self.status.add_class("mk-status")
        for widget, css in ((self.kind, "mk-field-kind"), (self.candidate, "mk-field-candidate"),
                            (self.about_me, "mk-field-about_me"), (self.text, "mk-field-draft"),
                            (self.fill_button, "mk-fill"), (self.use_button, "mk-use")):
            widget.add_class(css)
        self.refresh_candidates(candidate_id)
        self.fill_button.on_click(self._guard(self.fill))
        self.use_button.on_click(self._guard(self.use))
        self.text.observe(lambda _change: self._guard(self.check)(), names="value")
        self.kind.observe(lambda _change: self._guard(self.fill)(), names="value")
        self.widget = w.VBox([
            self.kind, self.candidate, self.about_me,
            w.HBox([self.fill_button, self.use_button], layout=w.Layout(flex_flow="row wrap")),
            self.when, self.text, self.check_panel, self.status,
        ], layout=w.Layout(width="100%", max_width="60em"))
        self.widget.add_class("mk-composer")
        self.fill()

    def _guard(self, action: Callable[[], Any]) -> Callable[..., None]:
        def run(*_args: Any) -> None:
            try:
                action()
            except Exception as exc:  # noqa: BLE001 - shown in the widget, never lost
                _status(self.status, f"Something went wrong: {type(exc).__name__}: {exc}", False,
                        traceback.format_exc())
        return run

    def refresh_candidates(self, candidate_id: int | None = None) -> None:
        """Reread the candidates (after one is added in notebook 02, say)."""
        people = self.workbook.records("candidates")
        self.candidate.options = [("(nobody yet)", None)] + [(p.name, p.id) for p in people]
        ids = {p.id for p in people}
        self.candidate.value = candidate_id if candidate_id in ids else None

    def fill(self) -> None:
        """Replace the text with a fresh draft of the chosen kind from the workbook."""
        self.text.value = draft(self.workbook, self.kind.value, self.as_of, candidate_id=self.candidate.value,
                                about_me=self.about_me.value)
        info = DRAFTS[self.kind.value]
        self.when.value = f"<small>When: {html.escape(info.when)}. Replace every [bracketed] part.</small>"
        self.check()
        _status(self.status, "Filled from the workbook: edit it freely before you use it.", True)

    def check(self) -> list:
        """Check the text as a mentoring request (G4.1 to G4.5); other kinds are not checked."""
        if self.kind.value != "mentoring_request":
            self.check_panel.value = ""
            return []
        findings = check_request(self.text.value)
        self.check_panel.value = findings_view(findings, "All five points are covered (G4.1 to G4.5).",
                                               title="The request check").html
        return findings

    def use(self) -> None:
        """Hand the edited text and the candidate to `on_use` (the request form)."""
        if self.on_use is None:
            return
        self.on_use(self.text.value, self.candidate.value)
        _status(self.status, "Copied into the request form below: save it there.", True)

    def _repr_mimebundle_(self, **kwargs: Any):
        return self.widget._repr_mimebundle_(**kwargs)


class AgreementExport:
    """Three buttons that write the latest agreement to the workbook's exports folder."""

    def __init__(self, workbook: "Workbook"):
        self.workbook = workbook
        self.buttons = {}
        for suffix in ("md", "html", "pdf"):
            button = w.Button(description=f"Export .{suffix}", icon="download",
                              layout=w.Layout(width="auto", margin="0.2em 0.4em 0.2em 0"))
            button.add_class(f"mk-export-{suffix}")
            button.on_click(lambda _b, s=suffix: self.export(s))
            self.buttons[suffix] = button
        self.status = w.HTML(value="")
        self.status.add_class("mk-status")
        self.widget = w.VBox([w.HBox(list(self.buttons.values()), layout=w.Layout(flex_flow="row wrap")),
                              self.status])

    def export(self, suffix: str):
        """Write `exports/agreement.<suffix>`; the path or the problem shows in the status line."""
        try:
            path = export_agreement(self.workbook, self.workbook.exports_dir / f"agreement.{suffix}")
        except ValueError as exc:
            _status(self.status, str(exc), False)
            return None
        except Exception as exc:  # noqa: BLE001
            _status(self.status, f"Export failed: {type(exc).__name__}: {exc}", False, traceback.format_exc())
            return None
        _status(self.status, f"Wrote {path}", True)
        return path

    def _repr_mimebundle_(self, **kwargs: Any):
        return self.widget._repr_mimebundle_(**kwargs)
