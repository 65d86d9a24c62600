"""Starting JupyterLab (`mentorkit lab`) and the Voilà app (`mentorkit app`) on a workbook's workspace.

Both listen on 127.0.0.1 only. JupyterLab keeps its token authentication
(a fresh token per start, passed in the environment rather than on the
command line, where other users of the machine could read it) and makes no
request off the machine: no news feed, no update check, and an extension
manager that lists what is installed without asking a package index. The
news plugin itself is disabled (``jupyter_config/labconfig/page_config.json``),
so a new mentee is not asked whether they want Jupyter's news. The
notebooks find the workbook through ``MENTORKIT_WORKBOOK``.
"""

from __future__ import annotations

import importlib.util
import os
import secrets
import signal
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .errors import LaunchError
from .resources import jupyter_config_dir
from .session import ENV_NAME, ENV_WORKBOOK
from .workspace import START_NOTEBOOK

LOOPBACK = "127.0.0.1"
LAB_PORT = 8888  # JupyterLab's usual port, taken when free
APP_PORT = 8866  # Voilà's usual port, taken when free
APP_INSTALL = (
    "mentorkit app needs the app extra (Voilà). Add it with: pip install 'mentorkit[app]' "
    "(pipx: pipx inject mentorkit voila; conda: conda install -c conda-forge voila)"
)


@dataclass
class ServerCommand:
    """A server to start: its command line, environment, working folder and the address to open."""

    argv: list[str]
    env: dict[str, str]
    cwd: Path
    url: str


def pick_port(preferred: int) -> int:
    """`preferred` when nothing listens there on 127.0.0.1, else a free port."""
    for port in (preferred, 0):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind((LOOPBACK, port))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise LaunchError(f"no free port on {LOOPBACK}")


def _env(workbook: Path) -> dict[str, str]:
    """The server's environment: the workbook, and mentorkit's Jupyter settings ahead of any others."""
    env = {k: v for k, v in os.environ.items() if k != ENV_NAME}
    env[ENV_WORKBOOK] = str(workbook)
    config = str(jupyter_config_dir())  # voila.json, labconfig/page_config.json
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(p for p in (config, env.get("JUPYTER_CONFIG_PATH", "")) if p)
    return env


def lab_command(workspace: Path, workbook: Path, *, port: int | None = None, open_browser: bool = True,
                allow_root: bool = False, token: str | None = None) -> ServerCommand:
    """The JupyterLab server for `workspace`, on `workbook`, opening the start notebook."""
    port = port or pick_port(LAB_PORT)
    token = token or secrets.token_hex(24)
    argv = [
        sys.executable, "-m", "jupyterlab",
        f"--ServerApp.ip={LOOPBACK}", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={workspace}", f"--ServerApp.open_browser={open_browser}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
    ]
    if allow_root:
        argv.append("--ServerApp.allow_root=True")
    argv.append(str(workspace / START_NOTEBOOK))
    env = _env(workbook)
    env["JUPYTER_TOKEN"] = token
    url = f"http://{LOOPBACK}:{port}/lab/tree/{START_NOTEBOOK}?token={token}"
    return ServerCommand(argv, env, workspace, url)


def require_voila() -> None:
    """Fail, saying which install command adds it, when Voilà (the `app` extra) is not installed."""
    if importlib.util.find_spec("voila") is None:
        raise LaunchError(APP_INSTALL)


def app_command(workspace: Path, workbook: Path, *, port: int | None = None,
                open_browser: bool = True) -> ServerCommand:
    """The Voilà app for `workspace`, on `workbook`: forms and outputs, no code (settings in `voila.json`)."""
    require_voila()
    port = port or pick_port(APP_PORT)
    argv = [
        sys.executable, "-m", "voila", str(workspace),
        f"--Voila.ip={LOOPBACK}", f"--port={port}", "--Voila.port_retries=0", "--strip_sources=True",
    ]
    if not open_browser:
        argv.append("--no-browser")
    env = _env(workbook)  # Voilà reads voila.json from the Jupyter config path
    return ServerCommand(argv, env, workspace, f"http://{LOOPBACK}:{port}/voila/render/{START_NOTEBOOK}")


def run_server(command: ServerCommand) -> int:
    """Run the server until it stops; on POSIX this process becomes the server (Ctrl-C reaches it directly)."""
    sys.stdout.flush()
    sys.stderr.flush()
    if os.name == "posix":
        os.chdir(command.cwd)
        os.execve(command.argv[0], command.argv, command.env)
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server handles Ctrl-C itself
    try:
        return subprocess.call(command.argv, env=command.env, cwd=command.cwd)
    finally:
        signal.signal(signal.SIGINT, previous)


__all__ = ["APP_INSTALL", "ServerCommand", "app_command", "lab_command", "pick_port", "require_voila", "run_server"]
