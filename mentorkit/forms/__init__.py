"""ipywidgets forms bound to a workbook: `RecordForm` for any record kind, `ProfileForm` for the profile.

Each name is imported from its module on first use (PEP 562), so that
`from mentorkit.forms import frame_view` loads the plain panels without
ipywidgets: a cohort's report notebook shows tables and findings, never a
form, and each mentee's kernel would otherwise import ipywidgets (and jinja2)
for nothing, about 0.08 s of CPU per mentee.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .base import ProfileForm, RecordForm
    from .extras import GoalExamplePicker, QuestionPicker, WorkbookPicker
    from .fields import FieldSpec, field_specs
    from .panels import Shown, bullets, draft_view, findings_view, frame_view, message, to_html
    from .tracking import ClosingForm, FollowUpTracker

# name -> the module of this package that defines it
_HOMES = {
    "ProfileForm": "base", "RecordForm": "base",
    "GoalExamplePicker": "extras", "QuestionPicker": "extras", "WorkbookPicker": "extras",
    "FieldSpec": "fields", "field_specs": "fields",
    "Shown": "panels", "bullets": "panels", "draft_view": "panels", "findings_view": "panels",
    "frame_view": "panels", "message": "panels", "to_html": "panels",
    "ClosingForm": "tracking", "FollowUpTracker": "tracking",
}

__all__ = [
    "ClosingForm", "FieldSpec", "bullets", "draft_view", "FollowUpTracker", "GoalExamplePicker", "ProfileForm",
    "QuestionPicker", "RecordForm", "Shown", "WorkbookPicker", "field_specs",
    "findings_view", "frame_view", "message", "to_html",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{home}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
