"""Fixtures shared by every kind of test: workbooks and a papermill runner."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from mentorkit import Workbook

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"

# Tests never read the user's own workbook.
os.environ.pop("MENTORKIT_WORKBOOK", None)


@pytest.fixture
def new_workbook(tmp_path) -> Workbook:
    """A brand-new, empty workbook."""
    return Workbook.create(tmp_path / "new-workbook", "Test Mentee")


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory) -> Path:
    from mentorkit.sample import build_demo

    folder = tmp_path_factory.mktemp("demo-template") / "workbook"
    build_demo(folder)
    return folder


@pytest.fixture
def demo_workbook(_demo_template, tmp_path) -> Workbook:
    """A private copy of the sample mentee's workbook (built once per session)."""
    folder = tmp_path / "demo-workbook"
    shutil.copytree(_demo_template, folder, ignore=shutil.ignore_patterns("*-shm"))
    return Workbook.open(folder)


@pytest.fixture
def run_notebook(tmp_path):
    """Execute notebooks/<name>.ipynb with papermill and return the executed notebook."""
    import papermill as pm

    def run(name: str, **parameters):
        source = NOTEBOOKS / f"{name}.ipynb"
        out = tmp_path / f"{name}.out.ipynb"
        parameters = {k: (str(v) if isinstance(v, Path) else v) for k, v in parameters.items()}
        return pm.execute_notebook(
            str(source), str(out), parameters=parameters, kernel_name="python3",
            cwd=str(NOTEBOOKS), progress_bar=False,
        )

    return run


def notebook_text(nb) -> str:
    """Every text output of an executed notebook, joined (for assertions)."""
    parts = []
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            if "text" in output:
                parts.append(output["text"] if isinstance(output["text"], str) else "".join(output["text"]))
            for key in ("text/plain", "text/html", "text/markdown"):
                value = output.get("data", {}).get(key)
                if value:
                    parts.append(value if isinstance(value, str) else "".join(value))
    return "\n".join(parts)


@pytest.fixture
def nb_text():
    """The `notebook_text(nb)` helper, as a fixture."""
    return notebook_text


# Hypothesis: the same examples on every run of `make test` (CI must not pass or fail by luck);
# HYPOTHESIS_PROFILE=explore draws new ones each run.
from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("repeatable", derandomize=True, database=None)
_hypothesis_settings.register_profile("explore", derandomize=False)
_hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))
