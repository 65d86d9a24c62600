"""`import mentorkit` is light, and every public name still resolves, from the module that defines it."""

from __future__ import annotations

import subprocess
import sys

import pytest


def _run(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()


def test_importing_mentorkit_loads_neither_the_models_nor_pandas():
    code = ("import sys, mentorkit\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'pydantic', 'pandas', 'numpy', 'click'}), "
            "'mentorkit.model' in sys.modules)")
    assert _run(code) == "[] False"


def test_every_public_name_resolves_in_a_fresh_process_to_its_definition():
    code = ("import mentorkit\n"
            "names = [n for n in mentorkit.__all__ if n != '__version__']\n"
            "found = {n: getattr(mentorkit, n) for n in names}\n"
            "print(len(names), sorted(n for n, v in found.items() if getattr(v, '__name__', None) != n), "
            "sorted({v.__module__ for v in found.values()}))")
    count, misnamed, homes = _run(code).split(" ", 2)
    assert int(count) >= 30
    assert misnamed == "[]"
    assert homes == "['mentorkit.errors', 'mentorkit.findings', 'mentorkit.model', 'mentorkit.store']"


def test_a_name_that_is_not_public_is_still_an_attribute_error():
    import mentorkit

    with pytest.raises(AttributeError, match="NoSuchName"):
        mentorkit.NoSuchName  # noqa: B018
    assert "Workbook" in dir(mentorkit) and "progress" in dir(mentorkit)
