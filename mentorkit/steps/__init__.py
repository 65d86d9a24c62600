"""What each journey notebook shows, one module per step, so that a notebook cell is one call.

A notebook reads as a workbook: text, then a cell such as
``introspection.goal_section(wb, today, interactive)`` whose source stays
hidden. The call returns a :class:`Section` (forms, findings, tables and text,
shown in order); the fields, labels, hints, defaults and live panels of each
form are declared here, beside the step's other choices, and tested here.

Forms and ipywidgets are imported only when a section is built, so that a
cohort run can preload these modules without pulling in anything that looks
for a running IPython.

- ``start``: notebook 00, where the mentee stands
- ``introspection``: notebook 01, profile, goals and the realism check
- ``candidates``: notebook 02, candidates, shortlist and screening
- ``interviews``: notebook 03, talks, follow-ups and drafts
- ``request``: notebook 04, the request, its outcome and the agreement
- ``meetings``: notebook 05, meetings, actions, feedback, check-ins, ending
- ``progress``: notebook 06, the charts and the exports
"""

from __future__ import annotations

from .section import Section

__all__ = ["Section"]
