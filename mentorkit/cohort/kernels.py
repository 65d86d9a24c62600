"""Pre-warmed kernels for cohort runs: a fresh process per mentee, without paying the imports each time.

Starting a kernel and importing pandas and matplotlib costs about two seconds
of CPU, per mentee. Here a *zygote* process imports ipykernel, pandas,
matplotlib and the modules the notebook imports, once; every kernel is then a
fork of it. Each mentee still gets a new kernel process of its own, used
once and shut down; the zygote never runs notebook code, so nothing passes
from one mentee to the next.

The forked child is made to look as a freshly launched
``python -m ipykernel_launcher -f FILE`` would: its own session and working
folder, the kernel's environment, ``sys.argv``/``sys.orig_argv``,
``sys.path`` (IPython adds '' itself), default signal handlers, and a parent
watch that ends it with the zygote. Modules that look for a running IPython
when imported (ipywidgets, the inline backend, ...) are never preloaded, and
a zygote that finds one loaded refuses to serve. The tests compare a forked
kernel's view of itself, and the executed report notebook, output for output
with a fresh kernel's.

Used through the papermill engine ``mentorkit-warm`` (`cohort.warm.WarmEngine`);
``mentorkit`` is the same engine with a freshly launched kernel, for
comparison and as the fallback wherever forking is not possible.
"""

from __future__ import annotations

import ast
import atexit
import gc
import json
import os
import signal
import subprocess
import sys
import threading
import time
import traceback
import uuid
from queue import Empty
from typing import Any

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning.local_provisioner import LocalProvisioner
from jupyter_core.utils import ensure_async
from traitlets import DottedObjectName, Type

from ..errors import ZygoteUnavailable

INLINE_BACKEND = "module://matplotlib_inline.backend_inline"
# Imported by the zygote whatever the notebook: what every kernel and most notebooks load.
BASE_PRELOAD = (
    "ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell", "IPython.core.completer",
    "numpy", "pandas", "matplotlib", "matplotlib.pyplot", "matplotlib.backends.backend_agg", "PIL.PngImagePlugin",
    # what a kernel otherwise imports on first use: `%matplotlib inline`'s magics, pandas' HTML and text tables,
    # PIL's plugins (loaded on its first save) and pyzmq's sender of large messages (the charts)
    "IPython.core.magics", "IPython.core.pylabtools", "pandas.io.formats.html", "pandas.io.formats.string",
    "PIL.BmpImagePlugin", "PIL.GifImagePlugin", "PIL.JpegImagePlugin", "PIL.PpmImagePlugin", "zmq.utils.garbage",
)
# Not preloaded although every kernel imports it: ipykernel.debugger (debugpy), which creates a thread
# object as it loads, so the kernel's own threads would be numbered differently from a fresh kernel's.
# Modules that look for a running IPython when imported: importing them before the kernel
# exists would change what they do, so they are never preloaded, and a zygote that
# finds one loaded (pulled in by another module) refuses to serve.
IPYTHON_AWARE = ("ipywidgets", "matplotlib_inline.backend_inline", "tqdm.auto", "tqdm.notebook", "plotly",
                 "mentorkit.forms")


def notebook_imports(notebook: str | os.PathLike) -> list[str]:
    """The modules a notebook's code cells import at top level (magics and shell lines skipped)."""
    import nbformat  # noqa: PLC0415 -- kept out of this light module's import

    nb = nbformat.read(os.fspath(notebook), as_version=4)
    names: list[str] = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        source = "\n".join(line for line in cell.source.splitlines() if not line.lstrip().startswith(("%", "!")))
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, ast.Import):
                names += [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.append(node.module)
                # `from package import module` names modules too; names that are not modules fail
                # quietly in the zygote and are left to the kernel
                names += [f"{node.module}.{alias.name}" for alias in node.names if alias.name != "*"]
    return list(dict.fromkeys(names))


def preload_for(notebook: str | os.PathLike | None) -> list[str]:
    """What the zygote imports for this notebook: the base set plus the notebook's own safe imports."""
    wanted = list(BASE_PRELOAD)
    if notebook is not None:
        wanted += notebook_imports(notebook)
    return [m for m in dict.fromkeys(wanted) if not _is_ipython_aware(m)]


def _is_ipython_aware(module: str) -> bool:
    return any(module == m or module.startswith(m + ".") for m in IPYTHON_AWARE)


# -- the zygote process ---------------------------------------------------------------------------


def zygote_main() -> None:
    """Entry point of the zygote: preload, then fork one kernel per request line read on stdin."""
    requests = os.fdopen(os.dup(0), "r", encoding="utf-8")
    replies = os.fdopen(os.dup(1), "w", encoding="utf-8")
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(2, 1)  # stray prints from imported modules go to stderr, never into the reply pipe
    if sys.path and sys.path[0] == "":
        del sys.path[0]  # as ipykernel_launcher does with its own folder; IPython adds '' back per kernel
    base_path = list(sys.path)
    preload = json.loads(requests.readline())
    os.environ.setdefault("MPLBACKEND", INLINE_BACKEND)  # what ipykernel sets before any notebook code
    failed: dict[str, str] = {}
    quiet = os.dup(2)
    os.dup2(devnull, 2)  # what modules print as they load goes to a fresh kernel's log, never to the terminal
    os.dup2(devnull, 1)
    try:
        for name in preload:
            try:
                __import__(name)
            except Exception as exc:  # a module that fails to import is left for the kernel to fail on
                failed[name] = f"{type(exc).__name__}: {exc}"
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(quiet, 2)
        os.dup2(quiet, 1)
        os.close(quiet)
    aware = sorted(m for m in sys.modules if _is_ipython_aware(m))
    # what the preload made is never collected again: a kernel's collections skip it, and do not
    # touch (and so copy) the zygote's memory pages
    gc.collect()
    gc.freeze()
    # kernels are reaped as they exit, by waiting for them: their CPU time then counts in this process's
    # children's (an ignored SIGCHLD would discard it), which is how a benchmark sees what every mentee cost
    signal.signal(signal.SIGCHLD, _reap_kernels)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the client handles Ctrl-C and closes our pipe
    _reply(replies, {"ready": not aware, "ipython_aware": aware, "failed": failed})
    for line in requests:
        request = json.loads(line)
        try:
            pid = os.fork()
        except OSError as exc:  # out of processes or memory: the client launches this kernel itself
            _reply(replies, {"error": f"fork failed: {exc}"})
            continue
        if pid == 0:
            requests.close()
            replies.close()
            _become_kernel(request, base_path)  # never returns
        _reply(replies, {"pid": pid})


def _reap_kernels(_signum: int, _frame: Any) -> None:
    """Wait for every kernel that has exited (the zygote's SIGCHLD handler)."""
    while True:
        try:
            pid, _status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def _reply(stream: Any, message: dict[str, Any]) -> None:
    stream.write(json.dumps(message) + "\n")
    stream.flush()


def _become_kernel(request: dict[str, Any], base_path: list[str]) -> None:
    """In the forked child: set up the process as `python -m ipykernel_launcher ARGS` would find it."""
    code = 1
    try:
        os.setsid()
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        log = request.get("log")
        if log:
            fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            os.dup2(fd, 1)
            os.dup2(fd, 2)
            os.close(fd)
        os.chdir(request["cwd"])
        env = dict(request["env"])
        env["JPY_PARENT_PID"] = str(os.getppid())  # the kernel goes when the zygote goes
        os.environ.clear()
        os.environ.update(env)
        import ipykernel_launcher  # noqa: PLC0415 -- imported only where this branch needs it

        sys.argv = [ipykernel_launcher.__file__, *request["args"]]
        sys.orig_argv = [sys.executable, "-m", "ipykernel_launcher", *request["args"]]
        sys.path[:] = base_path
        from ipykernel import kernelapp  # noqa: PLC0415 -- imported only where this branch needs it

        # parent_handle's default was read from the environment when the zygote imported ipykernel
        kernelapp.IPKernelApp.launch_instance(argv=request["args"], parent_handle=int(env["JPY_PARENT_PID"]))
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:
        traceback.print_exc()
    finally:
        try:
            atexit._run_exitfuncs()
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


# -- the client side -------------------------------------------------------------------------------


class Zygote:
    """A running zygote process and the pipe to it (one per client process, see `zygote`)."""

    def __init__(self, preload: list[str], env: dict[str, str]):
        self.preload = preload
        self.env = env
        self._lock = threading.Lock()
        self.proc = subprocess.Popen(
            # cwd "/": nothing there shadows a module while '' is still on sys.path (zygote_main drops it).
            # Not -P: it would also set sys.flags.safe_path, which IPython reads in every kernel.
            [sys.executable, "-c", "from mentorkit.cohort.kernels import zygote_main; zygote_main()"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1, env=env, cwd=os.path.abspath(os.sep),
        )
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps(preload) + "\n")
        self.proc.stdin.flush()
        self._hello: dict[str, Any] | None = None

    def hello(self) -> dict[str, Any]:
        """The zygote's report once its imports are done (waits for them)."""
        if self._hello is None:
            assert self.proc.stdout is not None
            line = self.proc.stdout.readline()
            exited = {"ready": False, "ipython_aware": [], "failed": {"zygote": "exited"}}
            self._hello = json.loads(line) if line else exited
        return self._hello

    def fork_kernel(self, args: list[str], env: dict[str, str], cwd: str, log: str | None) -> int:
        """Fork a kernel that runs ipykernel with `args`; returns its pid."""
        with self._lock:
            hello = self.hello()
            if not hello.get("ready") or self.proc.poll() is not None:
                raise ZygoteUnavailable(f"zygote not usable: {hello}")
            assert self.proc.stdin is not None and self.proc.stdout is not None
            try:
                self.proc.stdin.write(json.dumps({"args": args, "env": env, "cwd": cwd, "log": log}) + "\n")
                self.proc.stdin.flush()
                line = self.proc.stdout.readline()
            except OSError as exc:
                raise ZygoteUnavailable(f"zygote pipe: {exc}") from None
            if not line:
                raise ZygoteUnavailable("zygote exited")
            reply = json.loads(line)
            if "pid" not in reply:
                raise ZygoteUnavailable(reply.get("error", "no pid"))
            return int(reply["pid"])

    def close(self) -> None:
        """End the zygote (its kernels notice and end too)."""
        if self.proc.poll() is None:
            try:
                assert self.proc.stdin is not None
                self.proc.stdin.close()
                self.proc.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait()


_ZYGOTES: dict[tuple[Any, ...], Zygote] = {}
_ZYGOTES_LOCK = threading.Lock()
COUNTS = {"forked": 0, "launched": 0}  # kernels this process got from a zygote, and launched the usual way


def _zygote_env(kernel_env: dict[str, str]) -> dict[str, str]:
    """The kernel's environment without the per-launch JPY_* variables: what the zygote imports under."""
    return {k: v for k, v in kernel_env.items() if not k.startswith("JPY_")}


def zygote(preload: list[str], kernel_env: dict[str, str]) -> Zygote:
    """This process's zygote for a preload list and environment, started on first use.

    Libraries read some variables when imported (MPLBACKEND, MPLCONFIGDIR, thread
    counts), so a kernel is only forked from a zygote that imported under its own
    environment; another environment gets another zygote.
    """
    env = _zygote_env(kernel_env)
    key = (tuple(preload), tuple(sorted(env.items())))
    with _ZYGOTES_LOCK:
        z = _ZYGOTES.get(key)
        if z is None or z.proc.poll() is not None:
            z = _ZYGOTES[key] = Zygote(list(preload), env)
    return z


@atexit.register
def close_zygotes() -> None:
    """End every zygote this process started."""
    with _ZYGOTES_LOCK:
        for z in _ZYGOTES.values():
            z.close()
        _ZYGOTES.clear()


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
    without a message: 0.2 s of waiting for every mentee. The status 'idle' that
    the kernel publishes after its kernel_info reply shows as well that IOPub is
    connected; what else is queued there has no cell for a parent, and nbclient
    leaves it aside.
    """

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
            if (msg["msg_type"] == "status" and msg["content"].get("execution_state") == "idle"
                    and msg["parent_header"].get("msg_id") == request):
                return True

    wait_for_ready = _async_wait_for_ready  # what nbclient calls (AsyncKernelClient binds the base method)


class WarmKernelManager(AsyncKernelManager):
    """A kernel manager whose kernels come from the zygote (see `WarmProvisioner`)."""

    preload: list[str] = list(BASE_PRELOAD)
    kernel_log: str | None = None
    client_class = DottedObjectName("mentorkit.cohort.kernels.WarmKernelClient")
    client_factory = Type(klass=WarmKernelClient)

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
