"""Papermill engines for running mentorkit's notebooks: the kernel's folder and log set per run, no chdir.

Papermill's own ``cwd=`` changes the working directory of the whole calling
process, which is unsafe with threads (Dask workers run tasks in threads).
These engines give the kernel its folder through nbclient's ``resources``
instead, and send the kernel process's own stdout and stderr (start-up
warnings, crashes) to a log file rather than the terminal.

`FreshEngine` is the engine ``mentorkit`` (a freshly launched kernel per notebook);
`mentorkit.cohort.warm.WarmEngine`, ``mentorkit-warm``, forks its kernels from a zygote.
papermill finds both by name through `mentorkit.engines`.
"""

from __future__ import annotations

from typing import Any

from nbclient.util import run_sync
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine
from papermill.log import logger
from papermill.utils import merge_kwargs, remove_args

from .errors import KernelStartError


class _Client(PapermillNotebookClient):
    """Papermill's client, with a failure to start the kernel told apart from a failing cell."""

    async def async_start_new_kernel(self, **kwargs: Any) -> None:
        try:
            await super().async_start_new_kernel(**kwargs)
        except Exception as exc:
            raise KernelStartError(f"the kernel did not start: {type(exc).__name__}: {exc}") from exc

    start_new_kernel = run_sync(async_start_new_kernel)

    async def async_start_new_kernel_client(self) -> Any:
        try:
            return await super().async_start_new_kernel_client()
        except Exception as exc:
            raise KernelStartError(f"the kernel did not answer: {type(exc).__name__}: {exc}") from exc

    start_new_kernel_client = run_sync(async_start_new_kernel_client)

    async def async_execute_cell(self, cell: Any, cell_index: int, *args: Any, **kwargs: Any) -> Any:
        try:
            return await super().async_execute_cell(cell, cell_index, *args, **kwargs)
        finally:
            merge_streams(cell)

    execute_cell = run_sync(async_execute_cell)


def merge_streams(cell: Any) -> None:
    """Join back-to-back stream outputs of the same name, in place.

    ipykernel sends what a cell prints in pieces cut by a flush timer, so the
    same `print` can come as one output or two depending on the machine's load;
    joined, the executed notebook no longer depends on timing (it reads the same).
    """
    outputs = cell.get("outputs") if hasattr(cell, "get") else None
    if not outputs or len(outputs) < 2:
        return
    merged = [outputs[0]]
    for output in outputs[1:]:
        last = merged[-1]
        if (output.get("output_type") == "stream" and last.get("output_type") == "stream"
                and output.get("name") == last.get("name")):
            last["text"] = last["text"] + output["text"]
        else:
            merged.append(output)
    cell["outputs"] = merged


class FreshEngine(NBClientEngine):
    """Runs each notebook in a freshly launched kernel, in `kernel_cwd`, logging to `kernel_log`."""


    @classmethod
    def kernel_manager_class(cls, preload: list[str] | None, kernel_log: str | None) -> type | None:
        """The kernel manager class to start the kernel with; None for nbclient's own."""
        return None

    @classmethod
    def execute_managed_notebook(
        cls,
        nb_man: Any,
        kernel_name: str,
        log_output: bool = False,
        stdout_file: Any = None,
        stderr_file: Any = None,
        start_timeout: int = 60,
        execution_timeout: int | None = None,
        kernel_cwd: str | None = None,
        kernel_log: str | None = None,
        preload: list[str] | None = None,
        **kwargs: Any,
    ) -> Any:
        kwargs = remove_args(["input_path"], **kwargs)
        safe_kwargs = remove_args(["timeout", "startup_timeout"], **kwargs)
        if kernel_cwd:
            safe_kwargs["resources"] = {"metadata": {"path": kernel_cwd}}
        manager = cls.kernel_manager_class(preload, kernel_log)
        if manager is not None:
            safe_kwargs["kernel_manager_class"] = manager
        final_kwargs = merge_kwargs(
            safe_kwargs,
            timeout=execution_timeout if execution_timeout else kwargs.get("timeout"),
            startup_timeout=start_timeout,
            kernel_name=kernel_name,
            log=logger,
            log_output=log_output,
            stdout_file=stdout_file,
            stderr_file=stderr_file,
        )
        client = _Client(nb_man, **final_kwargs)
        if not kernel_log:
            return client.execute()
        with open(kernel_log, "ab") as log:
            return client.execute(stdout=log, stderr=log)

