"""Notebook 04: who to ask next, the drafted request and its check, the outcome, the in-person ask, the agreement.

The notebook's cells share one `RequestStep`: the draft goes to the
candidate the next-step rule picks, and the composer's "use" button fills
the request form further down the page.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from .. import agreement as agreement_doc
from .. import drafting, outreach
from .section import Section

if TYPE_CHECKING:
    from ..store import Workbook

STATUS_COLUMNS = {"candidate": "to", "sent_on": "sent", "state": "state", "days_waiting": "days waiting",
                  "next_step": "next step"}
PANEL_COLUMNS = {"candidate": "to", "state": "state", "days_waiting": "days waiting"}
REQUEST_FIELDS = ["candidate_id", "channel", "drafted_on", "sent_on", "text", "outcome", "outcome_on", "notes"]
REQUEST_LABELS = {"candidate_id": "To", "outcome_on": "Answered on", "sent_on": "Sent or asked on"}
REQUEST_FORM_COLUMNS = ["id", "candidate_id", "channel", "sent_on", "outcome", "outcome_on"]
AGREEMENT_FIELDS = ["candidate_id", "mentor_name", "start", "duration_months", "meetings_per_month", "scheduler",
                    "confidentiality", "progress_recording", "no_fault_ending"]
AGREEMENT_LABELS = {"candidate_id": "Mentor (candidate)", "scheduler": "Who schedules",
                    "no_fault_ending": "No-fault ending"}
AGREEMENT_HINTS = {"meetings_per_month": "G4.2: 1 or less.", "duration_months": "G4.2: 12 or fewer."}
AGREEMENT_FORM_COLUMNS = ["id", "mentor_name", "start", "duration_months", "meetings_per_month"]
WITHIN_G42 = "Within G4.2: monthly at most, a year or less."


def request_hints(wait_days: int) -> dict[str, str]:
    return {"sent_on": "Leave empty until you send it, or until you have asked in person.",
            "channel": "G4.7: in person needs no text; the talking points above are your plan.",
            "outcome": f"G4.6: no answer after {wait_days} days counts as a kind no."}


class RequestStep:
    """Notebook 04's sections, sharing the workbook, the date, the parameters and the forms built so far."""

    def __init__(self, wb: "Workbook", today: dt.date, interactive: bool, *, wait_days: int = 21,
                 about_me: str = "") -> None:
        self.wb, self.today, self.interactive = wb, today, interactive
        self.wait_days, self.about_me = wait_days, about_me
        self.composer: Any = None
        self.request_form: Any = None
        self.agreement_form: Any = None
        self.agreement_export: Any = None
        step = outreach.next_candidate(wb, today, wait_days=wait_days)
        self.candidate_id = step.candidate_id
        if self.candidate_id is None:  # nobody new to ask: the person asked last
            asked = wb.records("requests")
            self.candidate_id = asked[-1].candidate_id if asked else None

    def _status(self, book: "Workbook", empty: str, columns: dict[str, str], title: str = ""):
        from ..forms import frame_view, message

        step = outreach.next_candidate(book, self.today, wait_days=self.wait_days)
        status = outreach.request_status(book, self.today, wait_days=self.wait_days)
        return message(f"Next step: {step.message}"), frame_view(status, empty, title=title, columns=columns)

    def next_step(self) -> Section:
        """The next step after the answers so far (G4.6), and where each request stands (G4.4)."""
        return Section(*self._status(self.wb, "No requests yet: draft one below when a talk has shown you get on "
                                     "(G3.7).", STATUS_COLUMNS, "Your requests"))

    def request_draft(self) -> str:
        """The mentoring request drafted for the chosen candidate (G4.1, G4.2, G4.5)."""
        return drafting.draft(self.wb, "mentoring_request", self.today, candidate_id=self.candidate_id,
                              about_me=self.about_me)

    def draft(self) -> Section:
        """The drafted request, printed in unattended runs (the composer below shows it in interactive ones)."""
        if self.interactive:
            return Section()
        from ..forms import draft_view

        return Section(draft_view("Your mentoring request, drafted from the workbook", self.request_draft()))

    def check(self) -> Section:
        """The composer with its live check (interactive); unattended, the check of the draft and of saved requests."""
        if self.interactive:
            from ..forms.composer import DraftComposer

            self.composer = DraftComposer(self.wb, self.today, candidate_id=self.candidate_id,
                                          about_me=self.about_me, on_use=self.use_draft)
            return Section(self.composer, composer=self.composer)
        from ..forms import findings_view

        parts: list = [findings_view(drafting.check_request(self.request_draft()),
                                     "All five points are covered (G4.1 to G4.5).",
                                     title="The request check, on the draft above")]
        for saved in self.wb.records("requests"):
            if saved.text.strip():
                errors = [f for f in drafting.check_request(saved.text) if f.severity == "error"]
                verdict = "passes the check" if not errors else f"{len(errors)} point(s) to fix"
                parts.append(f"Saved request #{saved.id}: {verdict}")
        return Section(*parts)

    def use_draft(self, text: str, candidate_id: int | None) -> None:
        """The composer's "use" button: a new request in the form below, with this text and candidate."""
        form = self.request_form or self.request_section().form
        form.select(None)
        form.inputs["text"].value = text
        if candidate_id is not None:
            form.inputs["candidate_id"].value = candidate_id

    def request_section(self) -> Section:
        """The request form, with the next step and the requests' states beside it (interactive runs only)."""
        if not self.interactive:
            return Section()
        if self.request_form is None:
            from ..forms import RecordForm

            form = RecordForm(self.wb, "requests", fields=REQUEST_FIELDS, defaults={"drafted_on": lambda: self.today},
                              labels=REQUEST_LABELS, hints=request_hints(self.wait_days),
                              columns=REQUEST_FORM_COLUMNS)
            form.live(lambda book: "".join(p.html for p in self._status(book, "No requests yet.", PANEL_COLUMNS)))
            self.request_form = form
        return Section(self.request_form, form=self.request_form)

    def in_person(self) -> Section:
        """Talking points for asking in person (G4.7), carrying the plan of the written request."""
        from ..forms import bullets

        return Section(bullets(drafting.in_person_points(self.wb, self.today, candidate_id=self.candidate_id)))

    def agreement_panel(self, book: "Workbook") -> str:
        from ..forms import findings_view, message

        current = book.agreement
        if current is None:
            return message("No agreement yet: fill in the form and save it.").html
        return findings_view(agreement_doc.check(current), WITHIN_G42).html + agreement_doc.to_html_fragment(book)

    def agreement(self) -> Section:
        """The agreement form and its export buttons (interactive); unattended, the recorded agreement and its check."""
        from IPython.display import Markdown

        from ..forms import findings_view, message

        if self.interactive:
            from ..forms import RecordForm
            from ..forms.composer import AgreementExport

            accepted = [r for r in self.wb.records("requests") if r.outcome == "accepted"]
            mentor = self.wb.get("candidates", accepted[-1].candidate_id) if accepted else None
            form = RecordForm(
                self.wb, "agreements", fields=AGREEMENT_FIELDS, labels=AGREEMENT_LABELS, hints=AGREEMENT_HINTS,
                defaults={"start": lambda: self.today, "candidate_id": mentor.id if mentor else None,
                          "mentor_name": mentor.name if mentor else ""},
                columns=AGREEMENT_FORM_COLUMNS,
            )
            form.live(self.agreement_panel)
            self.agreement_form, self.agreement_export = form, AgreementExport(self.wb)
            return Section(form, self.agreement_export, form=form, export=self.agreement_export)
        if self.wb.agreement is None:
            return Section(message("No agreement recorded yet: once someone says yes, agree the plan together and "
                                   "record it here."))
        return Section(findings_view(agreement_doc.check(self.wb.agreement), WITHIN_G42),
                       Markdown(agreement_doc.to_markdown(self.wb)))
