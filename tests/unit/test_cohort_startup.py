"""What a cohort run's own process and its workers load before the first kernel: little, and never the IRI grammar.

The run's zygote is the longest step before any kernel, so the process that starts
it must not first import pandas, papermill or nbconvert; and jsonschema's optional
IRI grammar (over a second to build, never used by nbformat) must be switched off
before anything imports papermill.
"""

from __future__ import annotations

import platform
import subprocess
import sys

import pytest

HEAVY = ("pandas", "papermill", "nbconvert", "nbclient", "nbformat", "jupyter_client", "matplotlib", "IPython", "zmq",
         "pydantic")


def _run(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()


def test_a_runs_own_process_imports_nothing_heavy_before_its_zygote():
    code = ("import sys, mentorkit.cli, mentorkit.cohort.run, mentorkit.cohort.runner, mentorkit.cohort.zygote\n"
            f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))")
    assert _run(code) == "[]"


def test_a_run_starts_its_zygote_before_loading_anything_heavy(tmp_path):
    """What the command's process holds when it starts the zygote, the roster read and checked: no pandas, no
    pydantic (the records' models), no papermill: each would delay every kernel of the run."""
    from mentorkit import Workbook

    Workbook.create(tmp_path / "a", "A")
    (tmp_path / "roster.csv").write_text("participant_id,workbook\na,a\n", encoding="utf-8")
    code = ("import sys, contextlib\nimport mentorkit.cohort.run as run\n"
            "@contextlib.contextmanager\n"
            "def started(preload):\n"
            f"    print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))\n"
            "    raise SystemExit(0)\n"
            "    yield\n"
            "run.shared_zygote = started\n"
            f"run.run_cohort({str(tmp_path / 'roster.csv')!r}, {str(tmp_path / 'out')!r}, jobs=1)")
    assert _run(code) == "[]"


def test_a_worker_imports_papermill_without_the_iri_grammar():
    code = ("import sys\nfrom mentorkit.cohort.zygote import prepare_worker\nprepare_worker('mentorkit', ())\n"
            "import papermill, nbformat\nnbformat.validator.get_validator()\n"
            "print(sys.modules.get('rfc3987_syntax', 'absent'))")
    assert _run(code) == "None"


def test_the_command_line_imports_papermill_without_the_iri_grammar(tmp_path):
    from mentorkit import Workbook

    Workbook.create(tmp_path / "a", "A")
    (tmp_path / "roster.csv").write_text("participant_id,workbook\na,a\n", encoding="utf-8")
    code = ("import sys\nfrom mentorkit.cli import main\n"
            f"main(['cohort', 'summary', {str(tmp_path / 'roster.csv')!r}, '--out', {str(tmp_path / 'out')!r}], "
            "standalone_mode=False)\nimport papermill\nprint(sys.modules.get('rfc3987_syntax', 'absent'))")
    assert _run(code).splitlines()[-1] == "None"


def test_without_the_switch_the_grammar_would_load():
    """The test above can fail: jsonschema does build the grammar when nothing stops it (where it is installed)."""
    pytest.importorskip("rfc3987_syntax", reason="jsonschema's optional IRI grammar is not installed here")
    code = "import sys, papermill\nprint('rfc3987_syntax' in sys.modules and sys.modules['rfc3987_syntax'] is not None)"
    assert _run(code) == "True"


def test_a_workers_privacy_guard_reads_a_workbook_without_pandas(tmp_path):
    """The guard runs in the worker after every report: its first use must not load pandas (about 0.4 s of CPU)."""
    from mentorkit import Workbook

    Workbook.create(tmp_path / "a", "A")
    (tmp_path / "out").mkdir()
    code = ("import sys\nfrom pathlib import Path\nimport mentorkit.cohort.runner\n"
            "from mentorkit.cohort.privacy import guard_for\n"
            f"guard_for(Path({str(tmp_path / 'a')!r})).clean_folder(Path({str(tmp_path / 'out')!r}))\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'pandas', 'numpy', 'matplotlib'}))")
    assert _run(code) == "[]"


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="mallopt's parameters are glibc's")
@pytest.mark.parametrize("keep", [True, False])
def test_a_kernel_keeps_freed_buffers_for_the_next_chart(keep):
    """Without `_keep_freed_memory`, each big buffer (a chart's pixels) is mapped afresh: a page fault per page."""
    code = ("import resource\nfrom mentorkit.cohort.zygote import _keep_freed_memory\n"
            f"if {keep}: _keep_freed_memory()\n"
            "def chart():  # a few big buffers alive at once, then freed\n"
            "    buffers = [bytearray(8 << 20) for _ in range(3)]\n"
            "for _ in range(3): chart()\n"
            "before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt\n"
            "for _ in range(5): chart()\n"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)")
    faults = int(_run(code))
    assert (faults < 500) if keep else (faults > 5000), faults  # 6,144 pages of 4 KB per chart, mapped afresh
