"""ipywidgets forms bound to a workbook: `RecordForm` for any record kind, `ProfileForm` for the profile.

Imports ipywidgets when a form is built, so importing this package stays cheap.
"""

from __future__ import annotations

from .base import ProfileForm, RecordForm, to_html
from .extras import GoalExamplePicker, QuestionPicker, WorkbookPicker
from .fields import FieldSpec, field_specs
from .panels import Shown, bullets, draft_view, findings_view, frame_view, message
from .tracking import ClosingForm, FollowUpTracker

__all__ = [
    "ClosingForm", "FieldSpec", "bullets", "draft_view", "FollowUpTracker", "GoalExamplePicker", "ProfileForm",
    "QuestionPicker", "RecordForm", "Shown", "WorkbookPicker", "field_specs",
    "findings_view", "frame_view", "message", "to_html",
]
