"""A participant's status after a cohort run, as one typed record (`OUT/<participant_id>/status.json`).

Read by `cohort.run` (what failed, what can be skipped), written by
`cohort.runner`, and read by a facilitator's own scripts: the file's keys,
their order and its layout are a contract (README, "Cohort outputs"), so
`to_json` writes exactly what the runner always wrote and `from_json` reads
it back.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

STATUS = "status.json"
OK, FAILED = "ok", "failed"


@dataclass(frozen=True)
class RunError:
    """Why a participant failed: where (the cell, when a cell failed), the error's name and value, a log tail."""

    kind: str
    ename: str
    evalue: str
    cell_index: int | None = None
    execution_count: int | None = None
    log: str | None = None  # the kernel's last lines or the exception, for a kernel or crash failure

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "cell_index": self.cell_index,
                               "execution_count": self.execution_count, "ename": self.ename, "evalue": self.evalue}
        if self.log is not None:
            out["log"] = self.log
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "RunError":
        return cls(kind=str(data.get("kind", "?")), ename=str(data.get("ename", "error")),
                   evalue=str(data.get("evalue") or ""), cell_index=data.get("cell_index"),
                   execution_count=data.get("execution_count"), log=data.get("log"))


@dataclass(frozen=True)
class ParticipantStatus:
    """One participant's run: ok or failed, when, on which engine, what it wrote and what it depended on."""

    participant_id: str
    status: str  # OK or FAILED
    as_of: str  # ISO date
    engine: str
    started_at: str
    finished_at: str
    notebook: str | None = None  # the executed notebook's name in the participant's folder
    charts: tuple[str, ...] = ()
    seconds: float = 0.0
    attempts: int = 0  # kernel starts tried; 0 when the notebook was never started
    notebook_seconds: float | None = None
    error: RunError | None = None
    withheld: tuple[Mapping[str, Any], ...] = ()  # what the privacy guard redacted or removed
    inputs: Mapping[str, Any] = field(default_factory=dict)  # what a re-run compares to skip it

    @property
    def ok(self) -> bool:
        return self.status == OK

    def to_dict(self) -> dict[str, Any]:
        """The status as status.json holds it (its keys in their documented order)."""
        timings: dict[str, Any] = {"seconds": self.seconds, "attempts": self.attempts}
        if self.attempts:  # only a run that started the notebook has its time
            timings["notebook_seconds"] = self.notebook_seconds
        return {
            "participant_id": self.participant_id, "status": self.status, "as_of": self.as_of,
            "notebook": self.notebook, "charts": list(self.charts), "engine": self.engine,
            "started_at": self.started_at, "finished_at": self.finished_at, "timings": timings,
            "error": None if self.error is None else self.error.to_dict(),
            "withheld": [dict(w) for w in self.withheld], "inputs": dict(self.inputs),
        }

    def to_json(self) -> str:
        """The text of status.json."""
        return json.dumps(self.to_dict(), indent=2, sort_keys=False) + "\n"

    @classmethod
    def from_json(cls, source: str | os.PathLike | Mapping[str, Any]) -> "ParticipantStatus":
        """A status from a status.json file (a path) or its parsed content (a mapping).

        Raises `OSError` for a file that cannot be read and `ValueError` for
        content that is not a status.
        """
        data = source if isinstance(source, Mapping) else json.loads(Path(source).read_text(encoding="utf-8"))
        if not isinstance(data, Mapping) or not isinstance(data.get("participant_id"), str):
            raise ValueError(f"{source if not isinstance(source, Mapping) else 'status'}: not a participant status")
        timings = data.get("timings") or {}
        error = data.get("error")
        return cls(
            participant_id=data["participant_id"], status=str(data.get("status", FAILED)),
            as_of=str(data.get("as_of", "")), engine=str(data.get("engine", "")),
            started_at=str(data.get("started_at", "")), finished_at=str(data.get("finished_at", "")),
            notebook=data.get("notebook"), charts=tuple(data.get("charts") or ()),
            seconds=float(timings.get("seconds", 0.0)), attempts=int(timings.get("attempts", 0)),
            notebook_seconds=timings.get("notebook_seconds"),
            error=RunError.from_dict(error) if isinstance(error, Mapping) else None,
            withheld=tuple(data.get("withheld") or ()), inputs=dict(data.get("inputs") or {}),
        )


__all__ = ["FAILED", "OK", "STATUS", "ParticipantStatus", "RunError"]
