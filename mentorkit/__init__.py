"""mentorkit: a Jupyter workbook for finding a mentor and running the relationship well.

The public API: `Workbook` (one folder per mentee), the records in
`mentorkit.model`, `Finding` (what every guidance rule returns), and the
analysis modules (`screening`, `drafting`, `cadence`, `progress`,
`evaluation`, `charts`, `cohort`), imported when first used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .errors import (
        AnswerError,
        CohortError,
        DiskFullError,
        InputRejectedError,
        InvalidChoiceError,
        KernelStartError,
        LaunchError,
        MentorkitError,
        NoAgreementError,
        NotAWorkbookError,
        PackageDataError,
        RecordNotFoundError,
        RecordValidationError,
        Refusal,
        RosterError,
        SampleDataError,
        ShareError,
        StorageError,
        WorkbookBusyError,
        WorkbookExistsError,
        WorkbookReadOnlyError,
        ZygoteUnavailable,
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
    "ActionItem", "Agreement", "AnswerError", "Candidate", "CheckIn", "CohortError", "DiskFullError", "Feedback",
    "Finding", "Goal", "GoalLevel", "InputRejectedError", "Interview", "InvalidChoiceError", "KernelStartError",
    "LaunchError", "Meeting", "MentorkitError", "NoAgreementError", "NotAWorkbookError", "PackageDataError", "Profile",
    "RecordNotFoundError", "RecordValidationError", "Refusal", "Request", "RosterError", "SampleDataError",
    "ShareError", "StorageError", "Workbook", "WorkbookBusyError", "WorkbookExistsError", "WorkbookReadOnlyError",
    "ZygoteUnavailable", "__version__",
]

_SUBMODULES = frozenset({
    "agreement", "backup", "cadence", "charts", "cli", "cohort", "demo", "drafting", "evaluation", "exporting", "forms",
    "ics", "importing", "interviews", "introspection", "journey", "model", "outreach", "prep", "progress", "reading",
    "report", "requestcheck", "sample", "schema", "screening", "session", "storage", "store", "templating",
})
# Where each public name lives: the errors, `Finding`, `Workbook`, and the records (`model`) for the rest. A command
# imports only what it uses: `mentorkit cohort run` starts its zygote before the records' models (pydantic) load.
_ELSEWHERE = {"Finding": "findings", "Workbook": "store"}
_PUBLIC = {name: "errors" if name.endswith(("Error", "Refusal", "Unavailable")) else _ELSEWHERE.get(name, "model")
           for name in __all__ if name != "__version__"}


def __getattr__(name: str) -> Any:
    """The public names (`mentorkit.Workbook`) and analysis modules (`mentorkit.progress`), imported on first use."""
    if name in _PUBLIC:
        value = getattr(importlib.import_module(f"{__name__}.{_PUBLIC[name]}"), name)
        globals()[name] = value  # found directly from now on
        return value
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    """The module's names, the public names and the analysis modules, loaded or not (for completion)."""
    return sorted(set(globals()) | set(__all__) | _SUBMODULES)
