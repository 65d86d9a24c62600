"""Every exception mentorkit raises on purpose, in one place, each carrying the context a user needs.

The hierarchy, all under `MentorkitError` (so `except MentorkitError` catches
what mentorkit means, and anything else is a bug):

- workbooks: `NotAWorkbookError`, `WorkbookExistsError`, `WorkbookBusyError`,
  `StorageError` (`DiskFullError`, `WorkbookReadOnlyError`), `ShareError`
- records: `RecordValidationError` (a `ValueError`), `RecordNotFoundError` (a `KeyError`)
- input: `InputRejectedError`, `AnswerError`, `InvalidChoiceError` and `NoAgreementError` (`ValueError`s)
- the installation: `PackageDataError` (`SampleDataError`), `LaunchError`
- cohorts: `CohortError` (`RosterError`), `Refusal`, `KernelStartError` and
  `ZygoteUnavailable` (both `RuntimeError`)

Kept light: nothing here imports more than the standard library.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


class MentorkitError(Exception):
    """Base class of every error mentorkit raises on purpose."""


class NotAWorkbookError(MentorkitError):
    """The path is not a mentorkit workbook (missing, foreign, corrupt or too new)."""

    def __init__(self, path: Path | str, reason: str):
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class WorkbookExistsError(MentorkitError):
    """`Workbook.create` (or a backup) was pointed at a path that already holds something."""


class WorkbookBusyError(MentorkitError):
    """Another process held the workbook for longer than mentorkit is willing to wait."""


class StorageError(MentorkitError):
    """The storage refused a write; `path` says where, `reason` why and what to do."""

    def __init__(self, path: Path | str, reason: str):
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{path}: {reason}")

    def __reduce__(self):  # survives the trip back from a worker process
        return type(self), (self.path, self.reason)


class DiskFullError(StorageError):
    """The disk holding `path` is full (or a quota or a file-size limit was reached); nothing was saved."""


class WorkbookReadOnlyError(StorageError):
    """The workbook can be read but not written (read-only storage or file, or a received share)."""


class ShareError(MentorkitError):
    """A share for a facilitator could not be made: the workbook's rows break the workbook's rules."""

    def __init__(self, path: Path | str, reason: str):
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{path}: {reason}; no share was written")


@dataclass(frozen=True)
class FieldProblem:
    """One thing wrong with one field of one record."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class RecordValidationError(MentorkitError, ValueError):
    """A record failed validation; `problems` names every bad field."""

    def __init__(self, kind: str, problems: list[FieldProblem]):
        self.kind = kind
        self.problems = list(problems)
        detail = "; ".join(str(p) for p in self.problems)
        super().__init__(f"invalid {kind}: {detail}")

    @property
    def fields(self) -> list[str]:
        return [p.field for p in self.problems]


@dataclass(frozen=True)
class RowProblem:
    """Everything wrong with one line of an input file."""

    line: int
    problems: list[FieldProblem] = field(default_factory=list)

    def __str__(self) -> str:
        return f"line {self.line}: " + "; ".join(str(p) for p in self.problems)


class RecordNotFoundError(MentorkitError, KeyError):
    """A row was looked up by id (to read, update or delete it) and is not in the workbook."""

    def __init__(self, noun: str, record_id: object):
        self.noun = noun
        self.record_id = record_id
        super().__init__(f"no {noun} with id {record_id} in this workbook")

    def __str__(self) -> str:  # the message itself, not KeyError's quoted repr of it
        return str(self.args[0])

    def __reduce__(self):
        return type(self), (self.noun, self.record_id)


class InputRejectedError(MentorkitError):
    """An input file was refused; nothing was written. `rows` names every bad line."""

    def __init__(self, path: Path | str, rows: list[RowProblem], summary: str = ""):
        self.path = Path(path)
        self.rows = list(rows)
        lines = [f"{path}: {summary or f'{len(self.rows)} bad row(s); nothing was imported'}"]
        lines += [f"  {row}" for row in self.rows]
        super().__init__("\n".join(lines))


class AnswerError(MentorkitError, ValueError):
    """A text given as a mentor's check-in answer is not a usable one (missing, cut short, damaged, foreign)."""


class InvalidChoiceError(MentorkitError, ValueError):
    """An argument is not one of the choices mentorkit offers (an output format, a kind of draft, an ending)."""


class NoAgreementError(MentorkitError, ValueError):
    """The workbook holds no mentoring agreement yet, and what was asked needs one (its document, its ending)."""


class PackageDataError(MentorkitError):
    """A file that ships inside the package (a notebook, the sample data, a setting) cannot be found."""


class SampleDataError(PackageDataError):
    """The sample data folder is missing or incomplete."""


class LaunchError(MentorkitError):
    """JupyterLab or the Voilà app cannot be started as asked (a missing extra, a bad workspace)."""


class CohortError(MentorkitError):
    """The cohort could not be run at all (no Dask, no scheduler, no report notebook)."""


class RosterError(CohortError):
    """The roster was refused before anything ran; `problems` lists every reason, by line."""

    def __init__(self, path: Path | str, problems: list[str]):
        self.path = Path(path)
        self.problems = list(problems)
        lines = [f"{path}: roster refused, nothing was run ({len(self.problems)} problem(s))"]
        lines += [f"  {p}" for p in self.problems]
        super().__init__("\n".join(lines))


class Refusal(MentorkitError):
    """Why one received share was not collected (named with the source by the caller)."""


class KernelStartError(MentorkitError, RuntimeError):
    """The kernel did not start or did not answer: nothing of the notebook ran (worth one retry)."""


class ZygoteUnavailable(MentorkitError, RuntimeError):
    """The zygote could not serve this kernel; the caller launches it the ordinary way."""
