"""Running one notebook under papermill, the way every part of mentorkit does it.

The demo (the journey notebooks), a cohort participant's report and the cohort
summary all execute a notebook the same way: absolute paths, an explicit
kernel, no progress bar, the kernel in its own folder and its chatter in a log
file. `run_notebook` is that call, so each caller says only what differs.

The kernel folder and log are options of mentorkit's papermill engines
(`mentorkit`, `mentorkit-warm`; see `mentorkit.engines`), which papermill finds
through the package's entry points. papermill is imported on call.
"""

from __future__ import annotations

import os
import sys
from typing import Any, Mapping, Sequence

from .engines import require_engine

KERNEL_NAME = "python3"
START_TIMEOUT_S = 60  # papermill's own default: how long a kernel may take to start


def run_notebook(
    notebook: str | os.PathLike,
    output: str | os.PathLike,
    *,
    parameters: Mapping[str, Any],
    cwd: str | os.PathLike,
    engine: str,
    log: str | os.PathLike = os.devnull,
    kernel_name: str = KERNEL_NAME,
    start_timeout: float = START_TIMEOUT_S,
    execution_timeout: float | None = None,
    preload: Sequence[str] | None = None,
    save_each_cell: bool = True,
) -> None:
    """Execute `notebook` into `output` with `parameters`; the kernel runs in `cwd` and writes to `log`.

    `preload` is the modules the kernel imports before the first cell (None:
    the engine's own choice). `save_each_cell` writes `output` after every cell
    (a partly run copy to read after a crash); off, it is written once at the
    end or at the failing cell. Raises what papermill raises
    (`PapermillExecutionError` for a failing cell).
    """
    import papermill as pm  # noqa: PLC0415 -- kept out of this light module's import

    require_engine(engine)
    engine_options: dict[str, Any] = {"kernel_cwd": str(cwd), "kernel_log": str(log)}
    if preload is not None:
        engine_options["preload"] = list(preload)
    pm.execute_notebook(
        str(notebook), str(output), parameters=dict(parameters), kernel_name=kernel_name, engine_name=engine,
        progress_bar=False, log_output=False, start_timeout=start_timeout, execution_timeout=execution_timeout,
        request_save_on_cell_execute=save_each_cell, **engine_options,
    )


def skip_iri_grammar() -> None:
    """Make `import papermill` take 0.4 s instead of 1.5 s, in a process mentorkit owns.

    jsonschema, under nbformat, imports `rfc3987_syntax` if it is installed, which
    builds a grammar for checking IRIs (about 1.1 s); nbformat never checks IRIs.
    Marking the module absent makes jsonschema skip that optional checker. It must
    run before anything imports papermill or nbformat (a test holds that for the
    CLI and the worker processes); only they do it, never a caller's own process.
    """
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]


__all__ = ["KERNEL_NAME", "START_TIMEOUT_S", "run_notebook", "skip_iri_grammar"]
