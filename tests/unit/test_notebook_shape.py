"""The journey notebooks read as a workbook: every code cell hidden on opening, short, and only calls into the
package (no function or class defined in a notebook). The cohort's facilitator notebook is not a journey step."""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
JOURNEY = sorted(p for p in NOTEBOOKS.glob("0*.ipynb"))
MAX_LINES = 6


def code_cells(path: Path) -> list:
    return [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]


def python_of(source: str) -> str:
    """The cell's Python, IPython magics (`%matplotlib inline`) left out."""
    return "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))


def test_the_seven_journey_notebooks_are_checked():
    assert [p.stem[:2] for p in JOURNEY] == ["00", "01", "02", "03", "04", "05", "06"]


@pytest.mark.parametrize("path", JOURNEY, ids=lambda p: p.stem)
def test_no_code_shows_on_opening(path):
    shown = [i for i, c in enumerate(code_cells(path)) if not c.metadata.get("jupyter", {}).get("source_hidden")]
    assert shown == [], f"{path.name}: code cells {shown} open with their source visible"


@pytest.mark.parametrize("path", JOURNEY, ids=lambda p: p.stem)
def test_no_code_cell_is_longer_than_six_lines(path):
    long = {i: len(c.source.strip().splitlines()) for i, c in enumerate(code_cells(path))}
    assert {i: n for i, n in long.items() if n > MAX_LINES} == {}, path.name


@pytest.mark.parametrize("path", JOURNEY, ids=lambda p: p.stem)
def test_no_notebook_defines_a_function_or_a_class(path):
    defined = []
    for i, cell in enumerate(code_cells(path)):
        for node in ast.walk(ast.parse(python_of(cell.source))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
                defined.append((i, type(node).__name__, getattr(node, "name", "lambda")))
    assert defined == [], f"{path.name}: {defined}: move it into mentorkit.steps"


@pytest.mark.parametrize("path", JOURNEY, ids=lambda p: p.stem)
def test_a_literal_parameters_cell_comes_first(path):
    first = code_cells(path)[0]
    assert "parameters" in first.metadata.get("tags", [])
    tree = ast.parse(first.source)
    assert all(isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) for node in tree.body)
    names = {node.targets[0].id for node in tree.body}
    assert {"workbook", "interactive", "as_of"} <= names


@pytest.mark.parametrize("path", JOURNEY, ids=lambda p: p.stem)
def test_stored_without_outputs(path):
    assert all(c.outputs == [] and c.execution_count is None for c in code_cells(path))
