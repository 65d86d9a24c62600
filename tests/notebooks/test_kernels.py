"""The pre-warmed kernels: a forked kernel must look, from inside, like a freshly launched one."""

from __future__ import annotations

import json
import os

import nbformat
import papermill as pm
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from mentorkit.errors import MentorkitError
from mentorkit.cohort.zygote import (COUNTS, ZygoteUnavailable, Zygote, close_zygotes, notebook_imports,
                                     preload_for)

PROBE = """import os, sys, signal, multiprocessing, threading
import matplotlib, matplotlib.pyplot as plt
import ipywidgets
print(os.path.basename(sys.argv[0]), sys.argv[1:2], sys.orig_argv[1:3], os.getcwd() == WANT_CWD, __name__)
print(sys.path, os.getpgid(0) == os.getpid())
print(multiprocessing.current_process().name, multiprocessing.parent_process())
print(plt.get_backend(), signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGCHLD))
from ipykernel.kernelapp import IPKernelApp
print(sorted(k for k in os.environ if k.startswith(("JPY_", "MPL"))), IPKernelApp.instance().parent_handle != 0)
print(sorted(t.name for t in threading.enumerate()), threading.Thread().name, os.environ.get("PYDEVD_USE_FRAME_EVAL"))"""


@pytest.fixture
def probe(tmp_path):
    nb = new_notebook(cells=[new_code_cell('WANT_CWD = ""', metadata={"tags": ["parameters"]}),
                             new_code_cell(PROBE),
                             new_code_cell("fig, ax = plt.subplots(figsize=(2, 1)); ax.plot([1, 3, 2]); plt.show()"),
                             new_code_cell("import pandas as pd\npd.DataFrame({'a': [1, 2]})")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path / "probe.ipynb"
    nbformat.write(nb, path)
    return path


def test_a_forked_kernel_is_indistinguishable_from_a_fresh_one(probe, tmp_path):
    outputs = {}
    try:
        for engine in ("mentorkit", "mentorkit-warm"):
            before = COUNTS["forked"]
            folder = tmp_path / engine
            folder.mkdir()
            nb = pm.execute_notebook(str(probe), str(tmp_path / f"{engine}.ipynb"), kernel_name="python3",
                                     engine_name=engine, parameters={"WANT_CWD": str(folder)}, progress_bar=False,
                                     kernel_cwd=str(folder), kernel_log=os.devnull, preload=preload_for(probe))
            assert COUNTS["forked"] == before + (engine == "mentorkit-warm")
            outputs[engine] = json.dumps([(c.get("execution_count"), c.get("outputs")) for c in nb.cells[1:]])
    finally:
        close_zygotes()
    assert outputs["mentorkit-warm"] == outputs["mentorkit"]
    assert "True" in outputs["mentorkit"] and "image/png" in outputs["mentorkit"]


def test_the_zygote_never_preloads_modules_that_look_for_ipython(probe):
    assert "ipywidgets" in notebook_imports(probe)
    assert "ipywidgets" not in preload_for(probe) and "pandas" in preload_for(probe)
    zygote = Zygote(["ipywidgets"], {k: v for k, v in os.environ.items() if not k.startswith("JPY_")})
    try:
        assert zygote.hello()["ready"] is False
        with pytest.raises(ZygoteUnavailable):
            zygote.fork_kernel([], dict(os.environ), os.getcwd(), None)
    finally:
        zygote.close()
    assert zygote.proc.poll() is not None


def test_back_to_back_prints_are_one_output_whatever_the_flush_timing():
    from nbformat.v4 import new_output

    from mentorkit.papermill_engine import merge_streams

    cell = new_code_cell("...")
    cell.outputs = [new_output("stream", name="stdout", text="Recommendation: let go (G6.4)"),
                    new_output("stream", name="stdout", text="\n"),
                    new_output("stream", name="stderr", text="warning\n"),
                    new_output("display_data", data={"text/plain": "1"}),
                    new_output("stream", name="stdout", text="after\n")]
    merge_streams(cell)
    assert [(o.output_type, o.get("name"), o.get("text")) for o in cell.outputs] == [
        ("stream", "stdout", "Recommendation: let go (G6.4)\n"), ("stream", "stderr", "warning\n"),
        ("display_data", None, None), ("stream", "stdout", "after\n")]


def test_papermill_finds_both_engines_by_the_names_mentorkit_declares():
    """The entry points in the package metadata and `mentorkit.engines.ENGINES` name the same engines."""
    from importlib.metadata import entry_points

    from papermill.engines import papermill_engines

    from mentorkit.cohort.warm import WarmEngine
    from mentorkit.engines import ENGINE_FRESH, ENGINE_WARM, ENGINES, require_engine
    from mentorkit.papermill_engine import FreshEngine

    declared = {ep.name: ep.load() for ep in entry_points(group="papermill.engine") if ep.value.startswith("mentorkit")}
    assert set(declared) == set(ENGINES) == {ENGINE_FRESH, ENGINE_WARM}
    assert declared[ENGINE_FRESH].engine is FreshEngine
    assert declared[ENGINE_WARM].engine is WarmEngine
    assert papermill_engines.get_engine(ENGINE_WARM).nb_kernel_name == WarmEngine.nb_kernel_name
    require_engine(ENGINE_WARM)
    with pytest.raises(MentorkitError, match="no engine named 'mentorkit-cold'.*reinstall mentorkit"):
        require_engine("mentorkit-cold")


PARENT_PROBE = """import os
print("parent", os.getppid())"""


def test_a_runs_workers_fork_every_kernel_from_its_one_zygote(tmp_path):
    """`shared_zygote`: one zygote for all the workers of a run; each kernel is its child, whichever worker asked."""
    from mentorkit import Workbook
    from mentorkit.cohort.runner import ENGINE_WARM, Task, execute_local
    from mentorkit.cohort.zygote import SharedZygote, shared_zygote

    nb = new_notebook(cells=[new_code_cell("workbook = interactive = as_of = None\ncharts_dir = metrics_only = None",
                                           metadata={"tags": ["parameters"]}), new_code_cell(PARENT_PROBE)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook = tmp_path / "parent.ipynb"
    nbformat.write(nb, notebook)
    wb = Workbook.create(tmp_path / "wb", "Probe")
    preload = tuple(preload_for(notebook))
    tasks = [Task(f"p{i}", str(wb.path), str(tmp_path / "out" / f"p{i}"), str(notebook), "2026-11-15", ENGINE_WARM,
                  preload, {}) for i in range(3)]
    with shared_zygote(preload) as address:
        assert address is not None and address.preload == preload
        ours = SharedZygote(address)
        try:
            zygote_pid = ours.hello()["pid"]
        finally:
            ours.close()
        done = list(execute_local(tasks, jobs=2, shared=address))
    assert sorted(s.participant_id for s in done) == ["p0", "p1", "p2"] and all(s.ok for s in done)
    parents = {nbformat.read(tmp_path / "out" / t.participant_id / "report.ipynb", as_version=4).cells[-1]
               .outputs[0]["text"].strip() for t in tasks}
    assert parents == {f"parent {zygote_pid}"}
    assert not (tmp_path / "out" / "zygote.sock").exists()


def test_a_worker_whose_kernels_would_differ_starts_its_own_zygote():
    """The shared zygote serves only kernels with its very preload list and environment."""
    from mentorkit.cohort import zygote as zygotes

    with zygotes.shared_zygote(["json"]) as address:
        assert address is not None
        try:
            zygotes.prepare_worker("mentorkit-warm", ("json",), address)
            shared = zygotes._SHARED[0]
            env = dict(shared.hello()["env"])
            assert "PYTHONEXECUTABLE" not in env and not any(k.startswith("JPY_") for k in env)
            assert zygotes.zygote(["json"], {**env, "JPY_SESSION_NAME": "x"}) is shared
            other_env = zygotes.zygote(["json"], {**env, "MPLBACKEND": "agg"})
            other_preload = zygotes.zygote(["json", "csv"], env)
            assert isinstance(other_env, zygotes.Zygote) and isinstance(other_preload, zygotes.Zygote)
            assert other_env is not other_preload
        finally:
            close_zygotes()
    assert zygotes._SHARED == [] and zygotes._ZYGOTES == {}


def test_a_shared_zygote_that_is_gone_is_not_used_again(tmp_path):
    from mentorkit.cohort.zygote import SharedZygote, ZygoteAddress

    gone = SharedZygote(ZygoteAddress(str(tmp_path / "nobody.sock"), ("json",)))
    with pytest.raises(ZygoteUnavailable):
        gone.fork_kernel([], {}, str(tmp_path), None)
    assert not gone.alive()


def test_a_warm_client_and_manager_try_again_soon_to_reach_a_kernel_still_binding_its_ports():
    import zmq

    from mentorkit.cohort.kernels import RECONNECT_MS, WarmKernelClient, kernel_manager_class

    manager = kernel_manager_class([], os.devnull)(kernel_name="python3")
    client = WarmKernelClient()
    try:
        for context in (manager.context, client.context):
            with context.socket(zmq.DEALER) as sock:
                assert sock.getsockopt(zmq.RECONNECT_IVL) == RECONNECT_MS < 100  # zmq's default: 100 ms
    finally:
        client.context.destroy()
        manager.context.destroy()


class _IOPub:
    def __init__(self, *messages):
        self.messages = list(messages)

    async def get_msg(self, timeout=None):
        from queue import Empty

        if not self.messages:
            raise Empty
        return self.messages.pop(0)


@pytest.mark.parametrize("messages, live, left", [
    # JEP 65: the welcome comes once the subscription is in place; what was published before it is lost
    ([{"msg_type": "iopub_welcome", "content": {}, "parent_header": {}},
      {"msg_type": "stream", "content": {}, "parent_header": {}}], True, 1),
    ([{"msg_type": "status", "content": {"execution_state": "busy"}, "parent_header": {"msg_id": "k1"}},
      {"msg_type": "status", "content": {"execution_state": "idle"}, "parent_header": {"msg_id": "k1"}},
      {"msg_type": "stream", "content": {}, "parent_header": {}}], True, 1),
    ([{"msg_type": "status", "content": {"execution_state": "idle"}, "parent_header": {"msg_id": "other"}}], True, 0),
    ([], False, 0),
])
def test_a_warm_client_sees_iopub_live_at_the_welcome_or_its_requests_idle(messages, live, left):
    import asyncio

    from mentorkit.cohort.kernels import WarmKernelClient

    client = WarmKernelClient()
    client._iopub_channel = iopub = _IOPub(*messages)
    try:
        assert asyncio.run(client._iopub_live("k1", quiet=0.01)) is live
    finally:
        client.context.destroy()
    assert len(iopub.messages) == left  # it stops reading once it knows
