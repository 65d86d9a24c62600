"""One home for every error type (errors.py, exported), a named missing row, and the CLI telling input from bugs."""

from __future__ import annotations

import datetime as dt
import errno
import importlib
import inspect
import os
import pickle
import pkgutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

import mentorkit
from mentorkit import errors
from mentorkit.cli import main
from mentorkit.model import Meeting

SKIPPED_MODULES = {"mentorkit.__main__"}  # running it is running the CLI


def _modules():
    yield mentorkit
    for info in pkgutil.walk_packages(mentorkit.__path__, prefix="mentorkit."):
        if info.name not in SKIPPED_MODULES:
            yield importlib.import_module(info.name)


def _exception_classes():
    for module in _modules():
        for name, obj in vars(module).items():
            if inspect.isclass(obj) and issubclass(obj, BaseException) and obj.__module__.startswith("mentorkit"):
                yield module.__name__, name, obj


def test_every_exception_class_is_defined_in_errors_and_exported():
    found = list(_exception_classes())
    assert len({cls for _, _, cls in found}) >= 20  # the walk saw the package, not an empty list
    misplaced = sorted({f"{cls.__module__}.{cls.__qualname__}" for _, _, cls in found if cls.__module__ != errors.__name__})
    assert misplaced == [], "define these in mentorkit/errors.py"
    unexported = sorted({cls.__name__ for _, _, cls in found} - set(mentorkit.__all__))
    assert unexported == [], "add these to mentorkit.__all__"
    assert all(getattr(mentorkit, cls.__name__) is cls for _, _, cls in found)


def test_every_error_is_a_mentorkit_error_with_a_docstring():
    for _, name, cls in _exception_classes():
        assert issubclass(cls, errors.MentorkitError), name
        assert (cls.__doc__ or "").strip(), name


@pytest.mark.parametrize(("old_home", "name", "also"), [
    ("mentorkit.sample", "SampleDataError", errors.PackageDataError),
    ("mentorkit.mentoranswer", "AnswerError", ValueError),
    ("mentorkit.cohort.kernels", "ZygoteUnavailable", RuntimeError),
    ("mentorkit.cohort.roster", "RosterError", errors.CohortError),
    ("mentorkit.cohort", "RosterError", errors.CohortError),
    ("mentorkit.papermill_engine", "KernelStartError", RuntimeError),
    ("mentorkit.cohort.runner", "CohortError", errors.MentorkitError),
    ("mentorkit.cohort.collect", "Refusal", errors.MentorkitError),
    ("mentorkit.store", "WorkbookBusyError", errors.MentorkitError),
])
def test_the_old_import_paths_still_give_the_same_class(old_home, name, also):
    cls = getattr(importlib.import_module(old_home), name)
    assert cls is getattr(errors, name) and issubclass(cls, also)


def test_importing_the_errors_stays_light():
    code = ("import sys, mentorkit.errors; "
            "print(sorted(m for m in ('pandas', 'matplotlib', 'ipywidgets', 'papermill') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# -- a missing row ------------------------------------------------------------------------------------


def test_a_missing_row_names_the_table_and_the_id(new_workbook):
    with pytest.raises(errors.RecordNotFoundError) as info:
        new_workbook.get("meetings", 7)
    assert str(info.value) == "no meeting with id 7 in this workbook"
    assert (info.value.noun, info.value.record_id) == ("meeting", 7)
    assert isinstance(info.value, KeyError) and isinstance(info.value, errors.MentorkitError)


def test_update_and_delete_of_a_missing_row_raise_it_and_change_nothing(new_workbook):
    kept = new_workbook.add(Meeting(date="2026-01-05", duration_min=30, mode="video"))
    with pytest.raises(errors.RecordNotFoundError, match="no meeting with id 99"):
        new_workbook.update(Meeting(id=99, date="2026-01-06", duration_min=45, mode="phone"))
    with pytest.raises(errors.RecordNotFoundError, match="no candidate with id 3"):
        new_workbook.delete("candidates", 3)
    assert [m.id for m in new_workbook.records("meetings")] == [kept]


def test_record_not_found_survives_a_trip_to_another_process():
    back = pickle.loads(pickle.dumps(errors.RecordNotFoundError("goal", 4)))
    assert type(back) is errors.RecordNotFoundError and str(back) == "no goal with id 4 in this workbook"


def test_a_bad_follow_up_date_is_a_field_problem(new_workbook):
    from mentorkit.interviews import mark_followed_up
    from mentorkit.model import Interview

    talk = new_workbook.add(Interview(date="2026-03-10", person="Dana"))
    with pytest.raises(errors.RecordValidationError) as info:
        mark_followed_up(new_workbook, talk, dt.date(2026, 3, 1))
    assert info.value.fields == ["followed_up_on"]
    with pytest.raises(errors.RecordNotFoundError, match="no interview with id 42"):
        mark_followed_up(new_workbook, 42, dt.date(2026, 3, 1))


# -- the CLI: input errors in one line, bugs with their traceback -----------------------------------------


def _export(monkeypatch, tmp_path, exc: BaseException):
    """Run `mentorkit export csv` with the library function it calls raising `exc`."""
    def broken(*_args, **_kwargs):
        raise exc

    monkeypatch.setattr("mentorkit.exporting.export_csv", broken)
    return CliRunner().invoke(main, ["export", "csv", str(tmp_path / "wb"), "--out", str(tmp_path / "out")])


@pytest.mark.parametrize("bug", [ZeroDivisionError("division by zero"), KeyError("mode"),
                                 ValueError("invalid literal for int()"), TypeError("unsupported operand"),
                                 OSError("a socket hung up")])
def test_a_bug_keeps_its_traceback(monkeypatch, tmp_path, bug):
    result = _export(monkeypatch, tmp_path, bug)
    assert result.exception is bug and result.exit_code != 0
    assert "mentorkit: error" not in result.output


def test_a_bug_in_a_real_process_prints_a_traceback(tmp_path):
    code = ("import sys, mentorkit.exporting as e, mentorkit.cli as c\n"
            "def broken(*a, **k): raise ZeroDivisionError('division by zero')\n"
            "e.export_csv = broken\n"
            f"sys.argv = ['mentorkit', 'export', 'csv', {str(tmp_path)!r}, '--out', {str(tmp_path / 'out')!r}]\n"
            "c.main()\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode != 0
    assert "Traceback (most recent call last)" in done.stderr and "ZeroDivisionError" in done.stderr
    assert "mentorkit: error" not in done.stderr


@pytest.mark.parametrize("exc", [errors.RecordNotFoundError("meeting", 7),
                                 errors.InvalidChoiceError("format: 'gif' is not one of png, svg, pdf"),
                                 errors.StorageError("out/meetings.csv", "cannot be written")])
def test_a_mentorkit_error_is_one_line_and_exit_1(monkeypatch, tmp_path, exc):
    result = _export(monkeypatch, tmp_path, exc)
    assert result.exit_code == 1
    assert result.stderr == f"mentorkit: error: {exc}\n" and "Traceback" not in result.output


def test_a_refused_roster_keeps_exit_2(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("participant_id,workbook\nbad id!,wb\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["cohort", "summary", str(roster), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2 and "roster refused" in result.stderr and "Traceback" not in result.output


@pytest.mark.parametrize(("exc_type", "code", "words"), [
    (FileNotFoundError, errno.ENOENT, "No such file or directory"),
    (PermissionError, errno.EACCES, "cannot be written"),  # said as read-only storage is
    (IsADirectoryError, errno.EISDIR, "is a folder, not a file"),  # said as the storage says it
    (NotADirectoryError, errno.ENOTDIR, "Not a directory"),
    (FileExistsError, errno.EEXIST, "File exists"),
])
def test_a_file_error_names_the_file_in_one_line(monkeypatch, tmp_path, exc_type, code, words):
    where = tmp_path / "out" / "meetings.csv"
    result = _export(monkeypatch, tmp_path, exc_type(code, os.strerror(code), str(where)))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.startswith(f"mentorkit: error: {where}: {words}") and len(result.stderr.splitlines()) == 1


def test_a_full_disk_names_the_file_and_says_nothing_was_saved(monkeypatch, tmp_path):
    where = tmp_path / "out" / "meetings.csv"
    result = _export(monkeypatch, tmp_path, OSError(errno.ENOSPC, "No space left on device", str(where)))
    assert result.exit_code == 1 and str(where) in result.stderr and "full" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_a_real_missing_file_is_named(tmp_path):
    (tmp_path / "a-file.txt").write_text("x")
    result = CliRunner().invoke(main, ["notebooks", str(tmp_path / "a-file.txt" / "dest")])
    assert result.exit_code == 1
    assert result.stderr.startswith("mentorkit: error: ") and "a-file.txt" in result.stderr
    assert f"{tmp_path / 'a-file.txt'} is a file, not a folder" in result.stderr
    assert "Traceback" not in result.output
