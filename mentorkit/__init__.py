"""mentorkit: a Jupyter workbook for finding a mentor and running the relationship well.

The public API: `Workbook` (one folder per mentee), the records in
`mentorkit.model`, `Finding` (what every guidance rule returns), and the
analysis modules (`screening`, `drafting`, `cadence`, `progress`,
`evaluation`, `charts`, `cohort`), imported when first used.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .errors import (
    InputRejectedError,
    MentorkitError,
    NotAWorkbookError,
    RecordValidationError,
    WorkbookExistsError,
)
from .findings import Finding
from .model import (
    ActionItem,
    Agreement,
    Candidate,
    CheckIn,
    Feedback,
    Goal,
    GoalLevel,
    Interview,
    Meeting,
    Profile,
    Request,
)
from .store import Workbook

__all__ = [
    "ActionItem", "Agreement", "Candidate", "CheckIn", "Feedback", "Finding", "Goal", "GoalLevel",
    "InputRejectedError", "Interview", "Meeting", "MentorkitError", "NotAWorkbookError", "Profile",
    "RecordValidationError", "Request", "Workbook", "WorkbookExistsError", "__version__",
]
