"""Start and stop the servers the browser tests drive: JupyterLab and Voilà, on a free loopback port.

Each server runs in its own process group with its own Jupyter config, data
and runtime folders (so nothing of the user's settings, kernels or workspaces
leaks in) and with ``MENTORKIT_WORKBOOK`` pointing at a temporary workbook.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

START_TIMEOUT = 120.0
MENTEE_NAME = "Robin Browser"

# JupyterLab settings for a predictable test session: every cell attached to the page so that
# Playwright can find it. The news pop-up is kept away by mentorkit's own settings (the shipped
# labconfig/page_config.json, as `mentorkit lab` uses them), which the tests thereby check.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def isolated_env(home: Path, workbook: Path) -> dict[str, str]:
    """The environment of a server: private Jupyter folders, the test workbook and the mentee's name."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "MENTORKIT_"))}
    folders = {
        "JUPYTER_CONFIG_DIR": home / "config",
        "JUPYTER_DATA_DIR": home / "data",
        "JUPYTER_RUNTIME_DIR": home / "runtime",
        "JUPYTERLAB_SETTINGS_DIR": home / "config" / "lab" / "user-settings",
        "JUPYTERLAB_WORKSPACES_DIR": home / "config" / "lab" / "workspaces",
        "IPYTHONDIR": home / "ipython",
        "MPLCONFIGDIR": home / "matplotlib",
    }
    for name, folder in folders.items():
        folder.mkdir(parents=True, exist_ok=True)
        env[name] = str(folder)
    for relative, settings in LAB_SETTINGS.items():
        target = folders["JUPYTERLAB_SETTINGS_DIR"] / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(settings), encoding="utf-8")
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    env["MENTORKIT_WORKBOOK"] = str(workbook)
    env["MENTORKIT_NAME"] = MENTEE_NAME
    return env


@dataclass
class Server:
    """A running server: its URL, process and log file."""

    url: str
    process: subprocess.Popen
    log: Path
    root: Path

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        """Stop the whole process group (the server and its kernels): SIGTERM, then SIGKILL."""
        if self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.process.wait(timeout=15)

    def request(self, method: str, path: str) -> bytes:
        """A REST call (e.g. to shut kernels down), passing the server's XSRF check with a matching cookie."""
        req = urllib.request.Request(
            self.url + path, method=method, headers={"X-XSRFToken": "mentorkit", "Cookie": "_xsrf=mentorkit"}
        )
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.read()

    def shutdown_kernels(self) -> None:
        """Shut down every session and kernel, so the next test starts with a fresh one."""
        for session in json.loads(self.request("GET", "/api/sessions") or b"[]"):
            self.request("DELETE", f"/api/sessions/{session['id']}")
        for kernel in json.loads(self.request("GET", "/api/kernels") or b"[]"):
            self.request("DELETE", f"/api/kernels/{kernel['id']}")


def _wait_ready(server: Server, path: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"the server exited with {server.process.returncode}:\n{server.log_tail()}")
        try:
            with urllib.request.urlopen(server.url + path, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.25)
    server.stop()
    raise RuntimeError(f"the server did not answer {path} within {timeout:.0f} s:\n{server.log_tail()}")


def _start(argv: list[str], env: dict[str, str], port: int, log: Path, ready: str, cwd: Path) -> Server:
    out = log.open("ab")
    try:
        process = subprocess.Popen(
            argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    finally:
        out.close()
    server = Server(url=f"http://127.0.0.1:{port}", process=process, log=log, root=cwd)
    _wait_ready(server, ready, START_TIMEOUT)
    return server


def start_lab(root: Path, home: Path, workbook: Path) -> Server:
    """JupyterLab serving `root`, with authentication off (loopback only) and mentorkit's Jupyter settings."""
    from mentorkit.resources import jupyter_config_dir

    env = isolated_env(home, workbook)
    env["JUPYTER_CONFIG_PATH"] = str(jupyter_config_dir())  # what `mentorkit lab` adds: no news prompt
    last: Exception | None = None
    for _attempt in range(2):  # a free port can be taken between our check and the server's bind
        port = free_port()
        argv = [
            sys.executable, "-m", "jupyterlab", "--no-browser",
            "--IdentityProvider.token=", "--ServerApp.password=",
            f"--port={port}", "--port-retries=0", "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.root_dir={root}", "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.expose_app_in_browser=True",  # jlab.py reads the cells' run state from the app
        ]
        if os.geteuid() == 0:  # containers and CI runners often run as root
            argv.append("--allow-root")
        try:
            return _start(argv, env, port, home / "jupyterlab.log", "/api/status", root)
        except RuntimeError as exc:
            last = exc
    raise RuntimeError(f"JupyterLab did not start: {last}")


def start_voila(root: Path, home: Path, workbook: Path, config: Path) -> Server:
    """Voilà serving the notebooks of `root` as an app, as `make app` does: run from a folder holding
    `config` (the project's voila.json, which Voilà reads from its working directory)."""
    env = isolated_env(home, workbook)
    here = home / "app"
    here.mkdir(exist_ok=True)
    shutil.copy(config, here / "voila.json")
    last: Exception | None = None
    for _attempt in range(2):
        port = free_port()
        argv = [
            sys.executable, "-m", "voila", str(root), "--no-browser", "--strip_sources=True",
            f"--port={port}", "--Voila.ip=127.0.0.1", "--Voila.port_retries=0",
        ]
        try:
            server = _start(argv, env, port, home / "voila.log", "/", here)
            server.root = root
            return server
        except RuntimeError as exc:
            last = exc
    raise RuntimeError(f"Voilà did not start: {last}")
