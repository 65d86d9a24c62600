"""Pre-warmed kernels for jupyter_client: each kernel a fork of the zygote (`mentorkit.cohort.zygote`).

`WarmKernelManager` launches ``python -m ipykernel_launcher`` kernels by
asking the zygote for a fork (`WarmProvisioner`), and falls back to the usual
launch wherever that is not possible. The tests compare a forked kernel's
view of itself, and the executed report notebook, output for output with a
fresh kernel's.

Used through the papermill engine ``mentorkit-warm`` (`cohort.warm.WarmEngine`);
``mentorkit`` is the same engine with a freshly launched kernel, for
comparison and as the fallback wherever forking is not possible.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from queue import Empty
from typing import Any

import zmq
import zmq.asyncio
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning.local_provisioner import LocalProvisioner
from jupyter_core.utils import ensure_async
from traitlets import DottedObjectName, Type

from ..errors import ZygoteUnavailable
from .zygote import BASE_PRELOAD, COUNTS, zygote

RECONNECT_MS = 10  # how soon a client's socket tries again to reach a kernel that has not bound its port yet


class _ForkedProcess:
    """Enough of `subprocess.Popen` for jupyter_client, for a kernel that is the zygote's child."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                self.returncode = 0  # reaped by the zygote; its status is not ours to read
        return self.returncode

    def wait(self, timeout: float | None = None) -> int | None:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(str(self.pid), timeout or 0)
            time.sleep(0.02)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        os.kill(self.pid, signum)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


class WarmProvisioner(LocalProvisioner):
    """Launches `python -m ipykernel_launcher` kernels as forks of the zygote, else as usual."""

    preload: list[str] = list(BASE_PRELOAD)
    kernel_log: str | None = None

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
        args = _launcher_args(cmd)
        if args is None:
            COUNTS["launched"] += 1
            return await super().launch_kernel(cmd, **kwargs)
        env = {str(k): str(v) for k, v in (kwargs.get("env") or os.environ).items()}
        cwd = str(kwargs.get("cwd") or os.getcwd())
        try:
            pid = zygote(self.preload, env).fork_kernel(args, env, cwd, self.kernel_log)
        except ZygoteUnavailable as exc:
            self.log.warning("mentorkit: launching the kernel the usual way (%s)", exc)
            COUNTS["launched"] += 1
            return await super().launch_kernel(cmd, **kwargs)
        COUNTS["forked"] += 1
        self.process = _ForkedProcess(pid)  # type: ignore[assignment]  # jupyter_client says Popen: a stand-in
        self.pid = pid
        self.pgid = pid  # the child calls setsid(); until then killpg fails and the pid is signalled
        self.cwd = cwd
        return self.connection_info


def _launcher_args(cmd: list[str]) -> list[str] | None:
    """The ipykernel arguments of a launch command, if it runs this very interpreter's ipykernel."""
    if not hasattr(os, "fork"):
        return None
    if len(cmd) >= 3 and cmd[1:3] == ["-m", "ipykernel_launcher"]:
        try:
            same = os.path.samefile(cmd[0], sys.executable)
        except OSError:
            same = False
        if same:
            return list(cmd[3:])
    return None


class WarmKernelClient(AsyncKernelClient):
    """jupyter_client's client, ready as soon as the kernel has answered and its IOPub is seen to be live.

    jupyter_client's own `wait_for_ready` ends by reading IOPub until 0.2 s pass
    without a message: 0.2 s of waiting for every mentee. The kernel's welcome
    on IOPub (JEP 65: sent once the subscription is in place) or the status
    'idle' that it publishes after its kernel_info reply shows as well that IOPub
    is connected; what else is queued there has no cell for a parent, and
    nbclient leaves it aside.

    A forked kernel binds its ports some tens of milliseconds after the fork,
    and the client connects at once: its sockets try again every
    `RECONNECT_MS`, not every 100 ms (zmq's default), so that no mentee waits
    for a retry.
    """

    def _context_default(self) -> zmq.asyncio.Context:
        return _quick_to_reconnect(super()._context_default())

    async def _async_wait_for_ready(self, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        while True:
            self.kernel_info()
            try:
                reply = await ensure_async(self.shell_channel.get_msg(timeout=1))
            except Empty:
                reply = None
            if reply is not None and reply["msg_type"] == "kernel_info_reply":
                if await self._iopub_live(reply["parent_header"].get("msg_id")):
                    self._handle_kernel_info_reply(reply)
                    return
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout} seconds")

    async def _iopub_live(self, request: str | None, quiet: float = 0.2) -> bool:
        """Read IOPub up to the status 'idle' of `request`, or until it is quiet: False if nothing came."""
        seen = False
        while True:
            try:
                msg = await ensure_async(self.iopub_channel.get_msg(timeout=quiet))
            except Empty:
                return seen  # as jupyter_client: live once anything came, and read until quiet
            seen = True
            if msg["msg_type"] == "iopub_welcome":
                return True
            if (msg["msg_type"] == "status" and msg["content"].get("execution_state") == "idle"
                    and msg["parent_header"].get("msg_id") == request):
                return True

    wait_for_ready = _async_wait_for_ready  # what nbclient calls (AsyncKernelClient binds the base method)


def _quick_to_reconnect(context: zmq.asyncio.Context) -> zmq.asyncio.Context:
    """`context`, whose every socket made from now on tries again every `RECONNECT_MS` to reach its peer."""
    context.setsockopt(zmq.RECONNECT_IVL, RECONNECT_MS)
    return context


class WarmKernelManager(AsyncKernelManager):
    """A kernel manager whose kernels come from the zygote (see `WarmProvisioner`)."""

    preload: list[str] = list(BASE_PRELOAD)
    kernel_log: str | None = None
    client_class = DottedObjectName("mentorkit.cohort.kernels.WarmKernelClient")
    client_factory = Type(klass=WarmKernelClient)

    def _context_default(self) -> zmq.asyncio.Context:
        return _quick_to_reconnect(super()._context_default())  # its control socket: see `WarmKernelClient`

    async def _async_pre_start_kernel(self, **kw: Any) -> Any:
        if self.provisioner is None:

            self.kernel_id = self.kernel_id or kw.pop("kernel_id", str(uuid.uuid4()))
            provisioner = WarmProvisioner(kernel_id=self.kernel_id, kernel_spec=self.kernel_spec, parent=self)
            provisioner.preload = self.preload
            provisioner.kernel_log = self.kernel_log
            self.provisioner = provisioner
        return await super()._async_pre_start_kernel(**kw)

    async def _async_finish_shutdown(self, waittime: float | None = None, pollinterval: float = 0.1,
                                     restart: bool = False) -> None:
        """A forked kernel asked to shut down exits on its own: it is left to do so, and ended if it hangs.

        Its outputs are all in by now; waiting for its exit (ipykernel pauses to
        flush, then runs its exit handlers) would only keep the next mentee waiting.
        """
        process = getattr(self.provisioner, "process", None)
        if restart or not isinstance(process, _ForkedProcess):
            await super()._async_finish_shutdown(waittime, pollinterval, restart)
            return
        if waittime is None:
            waittime = max(self.shutdown_wait_time, 0)
        _EXITING.watch(process, waittime)


class _ExitWatch:
    """Ends forked kernels that were asked to shut down and are still there after their grace time."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._waiting: list[tuple[_ForkedProcess, float, bool]] = []  # process, deadline, terminated
        self._thread: threading.Thread | None = None

    def watch(self, process: _ForkedProcess, grace: float) -> None:
        with self._lock:
            self._waiting.append((process, time.monotonic() + grace / 2, False))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="mentorkit-kernel-exits", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while True:
            time.sleep(0.2)
            with self._lock:
                now, left = time.monotonic(), []
                for process, deadline, terminated in self._waiting:
                    if process.poll() is not None:
                        continue
                    if now < deadline:
                        left.append((process, deadline, terminated))
                        continue
                    try:
                        process.kill() if terminated else process.terminate()  # as jupyter_client would
                    except OSError:
                        continue
                    left.append((process, now + 2.0, True))
                self._waiting = left
                if not left:
                    self._thread = None
                    return


_EXITING = _ExitWatch()


def kernel_manager_class(preload: list[str], log: str | None) -> type[WarmKernelManager]:
    """A `WarmKernelManager` subclass bound to a preload list and a kernel log file."""
    return type("BoundWarmKernelManager", (WarmKernelManager,), {"preload": list(preload), "kernel_log": log})
