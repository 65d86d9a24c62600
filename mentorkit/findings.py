"""`Finding`: what every guidance rule returns."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[str, ...] = ("error", "warning", "info")


@dataclass(frozen=True)
class Finding:
    """One rule's verdict: the guidance ID it applies, how serious, and why."""

    guidance: str
    severity: Severity
    message: str
    subject: str = ""  # what the finding is about (a candidate's name, a goal), if any
    quote: str = ""  # the offending phrase, where there is one

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity must be one of {SEVERITIES}, not {self.severity!r}")

    def __str__(self) -> str:
        return f"[{self.severity}] {self.guidance}: {self.message}"


def findings_frame(findings: list[Finding]):
    """The findings as a pandas DataFrame (for display in notebooks)."""
    import pandas as pd  # noqa: PLC0415 -- kept out of this light module's import

    return pd.DataFrame(
        [f.__dict__ for f in findings],
        columns=["guidance", "severity", "message", "subject", "quote"],
    )
