"""`environment.yml` (conda-forge) lists what `pyproject.toml` needs, and the README says how to install."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
ENVIRONMENT = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))

# Where conda-forge names a package differently from PyPI (an extra becomes its own package).
CONDA_FORGE_NAMES = {
    "matplotlib": ["matplotlib-base"],  # matplotlib without the Qt GUI
    "dask[distributed]": ["dask", "distributed"],
}


def conda_specs() -> dict[str, str]:
    """name -> version bound of each conda package in environment.yml."""
    specs = {}
    for entry in ENVIRONMENT["dependencies"]:
        if isinstance(entry, str):
            match = re.fullmatch(r"([A-Za-z0-9_.-]+)\s*(.*)", entry.strip())
            assert match, f"environment.yml: cannot read the dependency {entry!r}"
            specs[match.group(1).lower()] = match.group(2).replace(" ", "")
    return specs


def expected(requirement: str) -> list[tuple[str, str]]:
    """The conda-forge packages (and bound) that stand for one pyproject requirement."""
    req = Requirement(requirement)
    key = req.name.lower() + (f"[{','.join(sorted(req.extras))}]" if req.extras else "")
    names = CONDA_FORGE_NAMES.get(key) or CONDA_FORGE_NAMES.get(req.name.lower()) or [req.name.lower()]
    return [(name, str(req.specifier)) for name in names]


@pytest.mark.parametrize("requirement", PROJECT["dependencies"])
def test_every_runtime_dependency_is_in_environment_yml_under_its_conda_forge_name(requirement):
    specs = conda_specs()
    for name, bound in expected(requirement):
        assert name in specs, f"environment.yml lacks {name} (for {requirement} in pyproject.toml)"
        assert specs[name] == bound, f"environment.yml: {name}{specs[name]}, but pyproject.toml says {requirement}"


@pytest.mark.parametrize("extra", ["test", "app", "dask"])
def test_the_extras_are_in_environment_yml_too(extra):
    specs = conda_specs()
    for requirement in PROJECT["optional-dependencies"][extra]:
        for name, bound in expected(requirement):
            assert specs.get(name) == bound, f"environment.yml: {name}{bound} (extra {extra!r}) is missing"


def test_environment_yml_uses_conda_forge_and_the_same_python():
    assert ENVIRONMENT["channels"] == ["conda-forge"]
    assert conda_specs()["python"] == PROJECT["requires-python"]


def test_the_readme_shows_pip_pipx_and_conda():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    install = readme[readme.index("## Install"):]
    install = install[:install.index("\n## ", 1)]
    for command in ("pip install mentorkit", "pipx install mentorkit", "conda env create -f environment.yml",
                    "pip install 'mentorkit[app]'", "mentorkit lab"):
        assert command in install, f"README's install section lacks `{command}`"
