"""Ending a process mentorkit owns without the interpreter's final garbage collections.

As it exits, CPython collects the reference cycles that every imported module
built (classes, functions and their module dicts): about 0.15 s for a cohort
worker that loaded papermill, 0.2 s for the command after a cohort run, paid
at the end of every run, when the facilitator is waiting for the prompt.
Freezing the collector (`gc.freeze`) as the last exit handler skips those
collections; the memory goes back to the system with the process, as it would
anyway. Everything else happens as before: the other exit handlers run, open
files closed by their owners stay closed, and the interpreter still flushes
stdout and stderr. What is skipped is finalizers of objects left in cycles,
which CPython never promises to run at exit.

Only the command line and mentorkit's own cohort workers call it; never a
caller's process (a notebook, a script using the library).
"""

from __future__ import annotations

import atexit
import gc

_REGISTERED: list[bool] = []


def skip_final_collection() -> None:
    """Freeze the garbage collector at exit, after every exit handler registered later than this call."""
    if not _REGISTERED:
        atexit.register(gc.freeze)  # the first registered runs last
        _REGISTERED.append(True)


__all__ = ["skip_final_collection"]
