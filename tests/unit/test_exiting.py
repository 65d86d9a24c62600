"""A process mentorkit owns exits without collecting its imports' reference cycles, and loses nothing it wrote."""

from __future__ import annotations

import subprocess
import sys

import pytest

# an object in a reference cycle that says so when it is collected, and output left in stdout's buffer
CYCLE = ("import sys\nclass Node:\n    def __del__(self):\n        sys.stdout.write('collected\\n')\n"
         "node = Node()\nnode.me = node\ndel node\nimport gc\ngc.disable()\n"
         "sys.stdout.write('last words')\n")


def _exit_output(setup: str) -> str:
    done = subprocess.run([sys.executable, "-c", setup + "\n" + CYCLE], capture_output=True, text=True, check=True)
    return done.stdout


def test_without_it_the_interpreter_collects_cycles_at_exit():
    """The tests below can fail: CPython's exit does collect a cycle (and runs its finalizer)."""
    assert "collected" in _exit_output("")


def test_with_it_the_exit_skips_the_final_collection_and_still_flushes_stdout():
    out = _exit_output("from mentorkit.exiting import skip_final_collection\nskip_final_collection()")
    assert "collected" not in out
    assert out.endswith("last words")


def test_exit_handlers_registered_later_still_run_first():
    setup = ("import atexit, sys\nfrom mentorkit.exiting import skip_final_collection\nskip_final_collection()\n"
             "skip_final_collection()\natexit.register(lambda: sys.stdout.write('handler ran; '))")
    out = _exit_output(setup)
    assert out.endswith("last wordshandler ran; ") and "collected" not in out


@pytest.mark.parametrize("setup", [
    "from mentorkit.cli import main\nmain(['demo', '--help'], standalone_mode=False)",
    "from mentorkit.cohort.zygote import prepare_worker\nprepare_worker('mentorkit', ())",
], ids=["the command line", "a cohort worker"])
def test_the_command_line_and_the_cohort_workers_exit_quickly(setup):
    out = _exit_output(setup)
    assert "collected" not in out and out.endswith("last words")


def test_importing_mentorkit_alone_changes_nothing_at_exit():
    """A notebook's or a script's own process keeps the interpreter's usual exit."""
    assert "collected" in _exit_output("import mentorkit, mentorkit.cli, mentorkit.cohort.zygote")
