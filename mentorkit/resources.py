"""Where the files that ship with mentorkit are: the notebooks, the sample data, Jupyter settings.

They ship inside the installed package: `mentorkit.notebooks` and
`mentorkit.data` (in a source checkout these are the top-level `notebooks/`
and `data/` folders, mapped into the package by `pyproject.toml`), and
`mentorkit/jupyter_config/` and `mentorkit/templates/`. Every path to them comes from here, through
`importlib.resources`, so a wheel, an editable install and a checkout all
behave the same.
"""

from __future__ import annotations

import importlib.resources
import os
from pathlib import Path

from .errors import PackageDataError

JOURNEY_PATTERN = "0[0-6]_*.ipynb"  # the journey's notebooks, 00 to 06, in name order
SUMMARY_NOTEBOOK = "cohort_summary.ipynb"  # the facilitator's notebook
REINSTALL = "reinstall mentorkit (pip install --force-reinstall mentorkit)"


def _package_folder(package: str) -> Path:
    """The folder of a (data) package of mentorkit on disk."""
    try:
        root = importlib.resources.files(package)
    except ModuleNotFoundError:
        raise PackageDataError(f"{package}: not part of this mentorkit installation; {REINSTALL}") from None
    if not isinstance(root, Path) or not root.is_dir():
        raise PackageDataError(f"{package}: installed in a form that cannot be read as files ({root}); {REINSTALL}")
    return root


def notebooks_dir() -> Path:
    """The folder of the shipped notebooks (00 to 06 and `cohort_summary`)."""
    return _package_folder("mentorkit.notebooks")


def data_dir() -> Path:
    """The folder of the shipped sample data, holding `demo/` and `cohort/`."""
    return _package_folder("mentorkit.data")


def jupyter_config_dir() -> Path:
    """Settings read by the servers `mentorkit app` starts (`voila.json`)."""
    folder = _package_folder("mentorkit") / "jupyter_config"
    if not folder.is_dir():
        raise PackageDataError(f"{folder}: missing; {REINSTALL}")
    return folder


def templates_dir() -> Path:
    """The Jinja2 templates of the drafts and the mentor's check-in page."""
    return _package_folder("mentorkit") / "templates"


def shipped_notebook(name: str) -> Path:
    """One shipped notebook by file name; a clear error when it is not there."""
    path = notebooks_dir() / name
    if not path.is_file():
        raise PackageDataError(f"{path}: the notebook {name} is missing; {REINSTALL}")
    return path


def journey_notebooks() -> list[Path]:
    """The journey's notebooks, 00 to 06, in order."""
    return sorted(notebooks_dir().glob(JOURNEY_PATTERN))


def shipped_notebooks() -> list[Path]:
    """Every notebook a user can copy: the journey (00 to 06), then `cohort_summary`."""
    return [*journey_notebooks(), shipped_notebook(SUMMARY_NOTEBOOK)]


def checkout_root() -> Path | None:
    """The source checkout this copy of mentorkit runs from (an editable install), or None."""
    root = Path(__file__).resolve().parents[1]
    if (root / "pyproject.toml").is_file() and (root / "notebooks" / "__init__.py").is_file():
        return root
    return None


def cache_dir() -> Path:
    """mentorkit's cache folder: `$XDG_CACHE_HOME/mentorkit`, else `~/.cache/mentorkit`."""
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(base) if base and Path(base).is_absolute() else Path.home() / ".cache") / "mentorkit"


__all__ = [
    "JOURNEY_PATTERN", "SUMMARY_NOTEBOOK", "cache_dir", "checkout_root", "data_dir", "journey_notebooks",
    "jupyter_config_dir", "notebooks_dir", "shipped_notebook", "shipped_notebooks", "templates_dir",
]
