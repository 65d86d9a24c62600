"""The zygote: one process that imports what kernels need, once, and forks every kernel from itself.

Starting a kernel and importing pandas and matplotlib costs about two seconds
of CPU, per mentee. A *zygote* process imports ipykernel, pandas, matplotlib
and the modules the notebook imports, once; every kernel is then a fork of
it. Each mentee still gets a new kernel process of its own, used once and
shut down; the zygote never runs notebook code, so nothing passes from one
mentee to the next.

The forked child is made to look as a freshly launched
``python -m ipykernel_launcher -f FILE`` would: its own session and working
folder, the kernel's environment, ``sys.argv``/``sys.orig_argv``,
``sys.path`` (IPython adds '' itself), default signal handlers, and a parent
watch that ends it with the zygote. Modules that look for a running IPython
when imported (ipywidgets, the inline backend, ...) are never preloaded, and
a zygote that finds one loaded refuses to serve.

A process asks its zygote for kernels over a pipe (`Zygote`, one per
process). A cohort run starts one zygote for all its worker processes
(`shared_zygote`): it listens on a Unix socket in a private folder, and each
worker connects to it (`SharedZygote`), so the imports are paid once per
run, not once per worker, and start before the workers do.

This module is light (the standard library only): a worker process imports
it, and starts or reaches the zygote, before it imports papermill.
`mentorkit.cohort.kernels` puts it behind jupyter_client.
"""

from __future__ import annotations

import ast
import atexit
import contextlib
import ctypes
import gc
import importlib.abc
import itertools
import json
import os
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import traceback
from dataclasses import dataclass
from typing import Any, Iterator

from ..engines import ENGINE_WARM
from ..errors import ZygoteUnavailable
from ..execute import skip_iri_grammar
from ..exiting import skip_final_collection

INLINE_BACKEND = "module://matplotlib_inline.backend_inline"
# Imported by the zygote whatever the notebook: what every kernel and most notebooks load.
BASE_PRELOAD = (
    "ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell", "IPython.core.completer",
    "numpy", "pandas", "matplotlib", "matplotlib.pyplot", "matplotlib.backends.backend_agg", "PIL.PngImagePlugin",
    # what a kernel otherwise imports on first use: `%matplotlib inline`'s magics, pandas' HTML and text tables,
    # PIL's plugins (loaded on its first save) and pyzmq's sender of large messages (the charts)
    "IPython.core.magics", "IPython.core.pylabtools", "pandas.io.formats.html", "pandas.io.formats.string",
    "PIL.BmpImagePlugin", "PIL.GifImagePlugin", "PIL.JpegImagePlugin", "PIL.PpmImagePlugin", "zmq.utils.garbage",
    # and what every kernel imported on its own as it started and ran its first cells (listed from a forked kernel's
    # sys.modules at its exit): IPython's lazily loaded magics and their helpers, tornado's asyncio glue, and psutil,
    # which ipykernel loads on first use
    "IPython.core.magics.execution", "IPython.core.magics.pylab", "IPython.core.magics.ast_mod",
    "IPython.core.oinspect", "IPython.core.completerlib", "IPython.core.debugger", "IPython.core.logger",
    "IPython.core.magic_arguments", "IPython.extensions.storemagic", "tornado.platform.asyncio", "tornado.gen",
    "tornado.locks", "tornado.queues", "psutil",
)
# What ipykernel.debugger pulls in (debugpy, about 0.09 s of CPU per kernel) is imported by the zygote too, but not
# ipykernel.debugger itself, which each kernel imports as a fresh one does, at the same moment. Loading debugpy makes
# a Thread object, which numbers every thread made after it, and sets a variable: the zygote takes both back, and a
# kernel puts them back as it imports ipykernel.debugger (`_DebuggerImport`), so that its threads have the names
# and its environment the variables a fresh kernel's have (a test compares them).
DEBUGGER = "ipykernel.debugger"
DEBUGGER_PRELOAD = ("debugpy.server.api", "_pydevd_bundle.pydevd_frame_utils", "_pydevd_bundle.pydevd_suspended_frames")
# Modules that look for a running IPython when imported: importing them before the kernel
# exists would change what they do, so they are never preloaded, and a zygote that
# finds one loaded (pulled in by another module) refuses to serve.
IPYTHON_AWARE = ("ipywidgets", "matplotlib_inline.backend_inline", "tqdm.auto", "tqdm.notebook", "plotly",
                 "mentorkit.forms")
SOCKET_NAME = "zygote.sock"
MAX_SOCKET_PATH = 100  # bytes; a Unix socket's path must fit in 108


def notebook_imports(notebook: str | os.PathLike) -> list[str]:
    """The modules a notebook's code cells import at top level (magics and shell lines skipped)."""
    with open(notebook, encoding="utf-8") as f:
        nb = json.load(f)
    names: list[str] = []
    for cell in nb.get("cells", []):  # nbformat 4 (nbformat 3 notebooks keep theirs in worksheets: none found)
        if cell.get("cell_type") != "code":
            continue
        text = cell.get("source", "")
        text = "".join(text) if isinstance(text, list) else str(text)
        source = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith(("%", "!")))
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


class _Peer:
    """One line-based channel to a client: the pipe to the process that started the zygote, or a socket."""

    def __init__(self, read_fd: int, write_fd: int, sock: socket.socket | None = None):
        self.read_fd, self.write_fd, self.sock = read_fd, write_fd, sock
        self.buffer = b""

    def read_lines(self) -> list[str] | None:
        """The complete lines that have arrived (reads once); None when the other end has closed."""
        data = os.read(self.read_fd, 65536)
        if not data:
            return None
        self.buffer += data
        *complete, self.buffer = self.buffer.split(b"\n")
        return [line.decode("utf-8") for line in complete if line.strip()]

    def send(self, message: dict[str, Any]) -> None:
        data = (json.dumps(message) + "\n").encode("utf-8")
        while data:
            data = data[os.write(self.write_fd, data):]

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
        else:
            for fd in {self.read_fd, self.write_fd}:
                with contextlib.suppress(OSError):
                    os.close(fd)


def zygote_main() -> None:
    """Entry point of the zygote: preload, then fork one kernel per request from the pipe or the socket."""
    pipe = _Peer(os.dup(0), os.dup(1))
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(2, 1)  # stray prints from imported modules go to stderr, never into the reply pipe
    if sys.path and sys.path[0] == "":
        del sys.path[0]  # as ipykernel_launcher does with its own folder; IPython adds '' back per kernel
    base_path = list(sys.path)
    lines: list[str] | None = []
    while lines == []:
        lines = pipe.read_lines()
    if not lines:
        os._exit(0)
    setup = json.loads(lines[0])
    listener = socket.socket(fileno=setup["listen_fd"]) if setup.get("listen_fd") is not None else None
    for name in [k for k in os.environ if k.startswith("JPY_") or k == "PYTHONEXECUTABLE"]:
        del os.environ[name]  # as in a kernel's environment (jupyter_client drops PYTHONEXECUTABLE)
    env = sorted(os.environ.items())  # what the preload runs under, told to clients (see `zygote`)
    os.environ.setdefault("MPLBACKEND", INLINE_BACKEND)  # what ipykernel sets before any notebook code
    failed = _preload(setup["preload"], devnull)
    if "ipykernel.ipkernel" in sys.modules:
        _preload_debugger(devnull)
    aware = sorted(m for m in sys.modules if _is_ipython_aware(m))
    # what the preload made is never collected again: a kernel's collections skip it, and do not
    # touch (and so copy) the zygote's memory pages
    gc.collect()
    gc.freeze()
    # kernels are reaped as they exit, by waiting for them: their CPU time then counts in this process's
    # children's (an ignored SIGCHLD would discard it), which is how a benchmark sees what every mentee cost
    signal.signal(signal.SIGCHLD, _reap_kernels)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the client handles Ctrl-C and closes our pipe
    hello = {"ready": not aware, "ipython_aware": aware, "failed": failed, "pid": os.getpid(), "env": env}
    pipe.send(hello)
    _serve(pipe, listener, hello, base_path)
    os._exit(0)  # the pipe closed: nothing left to flush or to clean up, and the caller waits for this exit


def _preload(modules: list[str], devnull: int) -> dict[str, str]:
    """Import `modules`, quietly; returns the ones that failed, with why."""
    failed: dict[str, str] = {}
    quiet = os.dup(2)
    os.dup2(devnull, 2)  # what modules print as they load goes to a fresh kernel's log, never to the terminal
    os.dup2(devnull, 1)
    try:
        for name in modules:
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
    return failed


class _DebuggerImport(importlib.abc.MetaPathFinder):
    """In a forked kernel: as ipykernel.debugger is first imported, count the threads and set the variables that
    debugpy's loading made in the zygote, as it makes them at that point in a fresh kernel."""

    threads = 0
    env: dict[str, str] = {}

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> None:
        if fullname == DEBUGGER:
            sys.meta_path.remove(self)
            for _ in range(self.threads):
                threading._counter()  # type: ignore[attr-defined]
            for name, value in self.env.items():
                os.environ.setdefault(name, value)
        return None


def _thread_count() -> int | None:
    """The number the next unnamed thread gets (CPython's `threading._counter`), or None where it cannot be read."""
    counter = getattr(getattr(threading, "_counter", None), "__self__", None)
    text = repr(counter)
    if not (isinstance(counter, itertools.count) and text.startswith("count(") and text[6:-1].isdigit()):
        return None
    return int(text[6:-1])


def _preload_debugger(devnull: int) -> None:
    """Import what ipykernel.debugger loads (see DEBUGGER_PRELOAD), and take back the thread count and variables."""
    before, env = _thread_count(), dict(os.environ)
    if before is None or DEBUGGER in sys.modules:
        return
    if _preload(list(DEBUGGER_PRELOAD), devnull):
        return  # no debugpy here: kernels import what they can, as fresh ones do
    made = (_thread_count() or before) - before
    threading._counter = itertools.count(before).__next__  # type: ignore[attr-defined]
    _DebuggerImport.threads = made
    _DebuggerImport.env = {k: v for k, v in os.environ.items() if env.get(k) != v}
    for name in _DebuggerImport.env:
        if name in env:
            os.environ[name] = env[name]
        else:
            del os.environ[name]


def _serve(pipe: _Peer, listener: socket.socket | None, hello: dict[str, Any], base_path: list[str]) -> None:
    """Answer fork requests, one line each, until the pipe closes (single-threaded: forking is safe)."""
    selector = selectors.DefaultSelector()
    selector.register(pipe.read_fd, selectors.EVENT_READ, pipe)
    if listener is not None:
        selector.register(listener, selectors.EVENT_READ, None)
    peers = [pipe]
    while True:
        for key, _events in selector.select():
            if key.data is None:
                assert listener is not None
                try:
                    conn, _ = listener.accept()
                except OSError:
                    continue
                peer = _Peer(conn.fileno(), conn.fileno(), conn)
                peers.append(peer)
                selector.register(conn, selectors.EVENT_READ, peer)
                _send_quietly(peer, hello)
                continue
            peer = key.data
            try:
                lines = peer.read_lines()
            except OSError:
                lines = None
            if lines is None:
                if peer is pipe:
                    return
                selector.unregister(key.fileobj)
                peers.remove(peer)
                peer.close()
                continue
            for line in lines:
                request = json.loads(line)
                try:
                    pid = os.fork()
                except OSError as exc:  # out of processes or memory: the client launches this kernel itself
                    _send_quietly(peer, {"error": f"fork failed: {exc}"})
                    continue
                if pid == 0:
                    selector.close()
                    for other in peers:
                        other.close()
                    if listener is not None:
                        listener.close()
                    _become_kernel(request, base_path)  # never returns
                _send_quietly(peer, {"pid": pid})


def _send_quietly(peer: _Peer, message: dict[str, Any]) -> None:
    with contextlib.suppress(OSError):  # a client that went away; its socket is closed on the next read
        peer.send(message)


def _reap_kernels(_signum: int, _frame: Any) -> None:
    """Wait for every kernel that has exited (the zygote's SIGCHLD handler)."""
    while True:
        try:
            pid, _status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


# glibc's mallopt parameters (malloc.h)
M_TRIM_THRESHOLD, M_TOP_PAD, M_MMAP_THRESHOLD = -1, -2, -3
KEEP_FREED = {M_MMAP_THRESHOLD: 32 << 20, M_TRIM_THRESHOLD: 256 << 20, M_TOP_PAD: 16 << 20}


def _keep_freed_memory() -> None:
    """In a kernel (glibc only): take big buffers from the heap and keep what is freed, for the next ones.

    Each chart allocates a few megabytes of pixel buffers and frees them;
    glibc would map each one afresh and unmap it at once, and every page of a
    fresh mapping costs a page fault. Kept, the next chart's buffers reuse
    pages the kernel has already touched: a kernel's page faults for notebook
    06 fall from about 25,000 to 16,000-19,000, and its CPU by about a tenth. A
    kernel lives for one mentee, so what it keeps is returned when it exits.
    Elsewhere than glibc this does nothing.
    """
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return
    for parameter, value in KEEP_FREED.items():
        mallopt(parameter, value)


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
        _keep_freed_memory()
        env = dict(request["env"])
        env["JPY_PARENT_PID"] = str(os.getppid())  # the kernel goes when the zygote goes
        os.environ.clear()
        os.environ.update(env)
        if _DebuggerImport.threads or _DebuggerImport.env:
            sys.meta_path.insert(0, _DebuggerImport())
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
    """A running zygote process and the pipe to it (one per client process, see `zygote`).

    `env` is the environment it imports under (None: this process's own, as a
    child process inherits it). With `listen` (a bound, listening Unix socket),
    the zygote also serves other processes that connect to it (see `shared_zygote`).
    """

    def __init__(self, preload: list[str], env: dict[str, str] | None, listen: socket.socket | None = None):
        self.preload = preload
        self.env = env
        self._lock = threading.Lock()
        passed = (listen.fileno(),) if listen is not None else ()
        self.proc = subprocess.Popen(
            # cwd "/": nothing there shadows a module while '' is still on sys.path (zygote_main drops it).
            # Not -P: it would also set sys.flags.safe_path, which IPython reads in every kernel.
            [sys.executable, "-c", "from mentorkit.cohort.zygote import zygote_main; zygote_main()"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1, env=env, cwd=os.path.abspath(os.sep),
            pass_fds=passed,
        )
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps({"preload": preload, "listen_fd": passed[0] if passed else None}) + "\n")
        self.proc.stdin.flush()
        self._hello: dict[str, Any] | None = None

    @property
    def pid(self) -> int:
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc.poll() is None

    def hello(self) -> dict[str, Any]:
        """The zygote's report once its imports are done (waits for them)."""
        if self._hello is None:
            assert self.proc.stdout is not None
            line = self.proc.stdout.readline()
            self._hello = json.loads(line) if line else _not_ready("exited")
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
            return _forked(line)

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


def _not_ready(why: str) -> dict[str, Any]:
    """The report of a zygote that cannot serve: it exited, or could not be reached."""
    return {"ready": False, "ipython_aware": [], "failed": {"zygote": why}}


def _forked(line: str) -> int:
    """The pid in a zygote's reply to a fork request."""
    if not line:
        raise ZygoteUnavailable("zygote exited")
    reply = json.loads(line)
    if "pid" not in reply:
        raise ZygoteUnavailable(reply.get("error", "no pid"))
    return int(reply["pid"])


@dataclass(frozen=True)
class ZygoteAddress:
    """Where a shared zygote listens, and what it preloads (plain data for the workers)."""

    path: str
    preload: tuple[str, ...]


class SharedZygote:
    """A worker's connection to the run's shared zygote: the same calls as `Zygote`, over its socket."""

    def __init__(self, address: ZygoteAddress):
        self.address = address
        self.failed = False
        self._lock = threading.Lock()
        self._sock: socket.socket | None = None
        self._reader: Any = None
        self._hello: dict[str, Any] | None = None

    @property
    def pid(self) -> int:
        return int(self.hello().get("pid") or 0)

    def alive(self) -> bool:
        return not self.failed

    def serves(self, preload: tuple[str, ...], env: tuple[tuple[str, str], ...]) -> bool:
        """True when this zygote preloaded `preload` under `env` (waits for its report) and is usable."""
        if self.failed or preload != self.address.preload:
            return False
        hello = self.hello()
        return bool(hello.get("ready")) and tuple(tuple(pair) for pair in hello.get("env", ())) == env

    def hello(self) -> dict[str, Any]:
        """The zygote's report once its imports are done (connects, and waits for them)."""
        if self._hello is None:
            try:
                self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                self._sock.connect(self.address.path)
                self._reader = self._sock.makefile("r", encoding="utf-8")
                line = self._reader.readline()
            except OSError as exc:
                self._hello = _not_ready(str(exc))
            else:
                self._hello = json.loads(line) if line else _not_ready("exited")
        return self._hello

    def fork_kernel(self, args: list[str], env: dict[str, str], cwd: str, log: str | None) -> int:
        """Fork a kernel that runs ipykernel with `args`; returns its pid."""
        with self._lock:
            hello = self.hello()
            if not hello.get("ready") or self._sock is None:
                self.failed = True
                raise ZygoteUnavailable(f"shared zygote not usable: {hello}")
            try:
                self._sock.sendall((json.dumps({"args": args, "env": env, "cwd": cwd, "log": log}) + "\n").encode())
                return _forked(self._reader.readline())
            except (OSError, ZygoteUnavailable) as exc:
                self.failed = True
                raise ZygoteUnavailable(f"shared zygote: {exc}") from None

    def close(self) -> None:
        """Close this worker's connection (the zygote belongs to the run, which ends it)."""
        if self._sock is not None:
            self._sock.close()
            self._sock = None


@contextlib.contextmanager
def shared_zygote(preload: list[str] | tuple[str, ...]) -> Iterator[ZygoteAddress | None]:
    """A zygote for every worker process of a run, started now; yields its address (None where it cannot be).

    It imports under this process's environment as the workers inherit it, the
    environment their kernels get from jupyter_client; a worker whose kernels
    would get another (a kernel spec that sets variables) starts a zygote of its own.
    """
    if not hasattr(os, "fork") or not hasattr(socket, "AF_UNIX"):
        yield None
        return
    folder = tempfile.mkdtemp(prefix="mentorkit-")  # private: 0700, so only this user can ask for kernels
    path = os.path.join(folder, SOCKET_NAME)
    started: Zygote | None = None
    try:
        if len(os.fsencode(path)) > MAX_SOCKET_PATH:
            yield None
            return
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as listener:
            listener.bind(path)
            listener.listen(64)  # workers connecting before the zygote is up wait in the queue
            # env None: as inherited, which is what the workers get too (a library may change the process's
            # environment below Python, as readline does with LINES and COLUMNS, out of os.environ's sight)
            started = Zygote(list(preload), None, listen=listener)
        yield ZygoteAddress(path, tuple(preload))
    finally:
        if started is not None:
            started.close()
        shutil.rmtree(folder, ignore_errors=True)


# -- this process's zygote ---------------------------------------------------------------------------

_ZYGOTES: dict[tuple[Any, ...], Zygote] = {}
_ZYGOTES_LOCK = threading.Lock()
_SHARED: list[SharedZygote] = []  # the run's shared zygote, in a worker process (see `prepare_worker`)
COUNTS = {"forked": 0, "launched": 0}  # kernels this process got from a zygote, and launched the usual way


def _zygote_env(kernel_env: dict[str, str]) -> dict[str, str]:
    """The kernel's environment without the per-launch JPY_* variables: what the zygote imports under."""
    return {k: v for k, v in kernel_env.items() if not k.startswith("JPY_")}


def zygote(preload: list[str], kernel_env: dict[str, str]) -> Zygote | SharedZygote:
    """The zygote for a preload list and environment: the run's shared one if it matches, else this process's own.

    Libraries read some variables when imported (MPLBACKEND, MPLCONFIGDIR, thread
    counts), so a kernel is only forked from a zygote that imported under its own
    environment; another environment gets another zygote, started on first use.
    """
    env = _zygote_env(kernel_env)
    key = (tuple(preload), tuple(sorted(env.items())))
    with _ZYGOTES_LOCK:
        for shared in _SHARED:
            if shared.serves(*key):
                return shared
        z = _ZYGOTES.get(key)
        if z is None or not z.alive():
            z = _ZYGOTES[key] = Zygote(list(preload), env)
    return z


@atexit.register
def close_zygotes() -> None:
    """End every zygote this process started, and its connection to a shared one."""
    with _ZYGOTES_LOCK:
        for z in _ZYGOTES.values():
            z.close()
        _ZYGOTES.clear()
        for shared in _SHARED:
            shared.close()
        _SHARED.clear()


def prepare_worker(engine: str, preload: tuple[str, ...], shared: ZygoteAddress | None = None) -> None:
    """Set up a local worker process, first thing: papermill without the IRI grammar, a quick exit, and a zygote.

    With `shared`, kernels come from the run's zygote (reached on the first
    kernel); without it, for the warm engine, this process starts its own now.
    Lives in this light module so that the worker reaches it before importing papermill.
    """
    skip_iri_grammar()
    skip_final_collection()  # a worker's exit, at the end of every run, in 0.02 s instead of 0.15 s
    if shared is not None:
        _SHARED.append(SharedZygote(shared))
    elif engine == ENGINE_WARM:
        zygote(list(preload), dict(os.environ))
