"""The shipped files (notebooks, sample data, Jupyter settings) are found through the package, wherever it is."""

from __future__ import annotations

import fnmatch
import importlib.resources
import json
import tomllib
from pathlib import Path

import pytest

from mentorkit import resources, sample, session
from mentorkit.cohort import runner
from mentorkit.errors import PackageDataError

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SETUPTOOLS = PYPROJECT["tool"]["setuptools"]


def test_the_notebooks_and_data_come_from_the_package_and_are_the_top_level_folders():
    assert resources.notebooks_dir().resolve() == (ROOT / "notebooks").resolve()  # an editable install maps them
    assert resources.data_dir().resolve() == (ROOT / "data").resolve()
    assert (resources.jupyter_config_dir() / "voila.json").is_file()


def test_journey_and_shipped_notebooks_in_order():
    assert [p.name for p in resources.journey_notebooks()] == [
        "00_start_here.ipynb", "01_introspection.ipynb", "02_candidate_research.ipynb",
        "03_informational_interviews.ipynb", "04_request_drafting.ipynb", "05_meetings_and_evaluation.ipynb",
        "06_progress_charts.ipynb"]
    assert resources.shipped_notebooks()[-1].name == "cohort_summary.ipynb"
    with pytest.raises(PackageDataError, match="no_such.ipynb"):
        resources.shipped_notebook("no_such.ipynb")


def test_pyproject_maps_the_top_level_folders_into_the_package():
    assert SETUPTOOLS["package-dir"] == {"mentorkit.notebooks": "notebooks", "mentorkit.data": "data"}


def test_every_subpackage_of_mentorkit_is_listed_in_pyproject():
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "mentorkit").rglob("__init__.py")}
    assert found <= set(SETUPTOOLS["packages"])


@pytest.mark.parametrize("package, folder, suffix", [
    ("mentorkit.notebooks", "notebooks", ".ipynb"),
    ("mentorkit.data", "data", ".csv"),
    ("mentorkit", "mentorkit/jupyter_config", ".json"),
])
def test_package_data_patterns_cover_every_shipped_file(package, folder, suffix):
    base = ROOT / ("mentorkit" if package == "mentorkit" else folder)
    patterns = SETUPTOOLS["package-data"][package]
    files = [p.relative_to(base).as_posix() for p in (ROOT / folder).rglob(f"*{suffix}")
             if ".ipynb_checkpoints" not in p.parts]
    assert files
    missed = [f for f in files if not any(fnmatch.fnmatchcase(f, pattern) for pattern in patterns)]
    assert not missed, f"not shipped in the wheel: {missed}"


def test_a_missing_data_package_is_a_clear_error(monkeypatch):
    def missing(name):
        raise ModuleNotFoundError(name)

    monkeypatch.setattr(importlib.resources, "files", missing)
    with pytest.raises(PackageDataError, match="mentorkit.notebooks.*reinstall mentorkit"):
        resources.notebooks_dir()
    with pytest.raises(runner.CohortError, match="reinstall"):
        runner.report_notebook()


def test_incomplete_sample_data_names_the_folder(monkeypatch, tmp_path):
    (tmp_path / "demo").mkdir()
    monkeypatch.setattr(sample, "_shipped_data", lambda: tmp_path)
    with pytest.raises(sample.SampleDataError, match=f"{tmp_path}.*incomplete"):
        sample.data_dir()


def test_the_sample_workbook_is_built_under_build_in_a_checkout():
    assert resources.checkout_root() == ROOT
    assert session.sample_workbook_path() == ROOT / "build" / "sample" / "workbook"


def test_outside_a_checkout_the_sample_workbook_goes_to_the_cache(monkeypatch, tmp_path):
    monkeypatch.setattr(session, "checkout_root", lambda: None)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert session.sample_workbook_path() == tmp_path / "cache" / "mentorkit" / "sample" / "workbook"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")  # not absolute: ignored, as the XDG rules say
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert session.sample_workbook_path() == tmp_path / "home" / ".cache" / "mentorkit" / "sample" / "workbook"


def test_voila_settings_strip_sources_and_keep_the_page_on_this_machine():
    settings = json.loads((resources.jupyter_config_dir() / "voila.json").read_text(encoding="utf-8"))
    assert settings["VoilaConfiguration"]["strip_sources"] is True
    csp = settings["Voila"]["tornado_settings"]["headers"]["Content-Security-Policy"]
    assert "connect-src 'self'" in csp and "default-src 'self'" in csp
