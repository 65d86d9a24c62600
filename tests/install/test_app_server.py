"""`mentorkit app` really serves the workspace with Voilà, on loopback, with the shipped settings."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

START_TIMEOUT = 120.0

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_app_serves_the_workspace_with_the_shipped_voila_settings(tmp_path):
    pytest.importorskip("voila", reason="the app extra is not installed: pip install -e '.[app]'")
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "MENTORKIT_"))}
    env["HOME"] = str(home)
    port = _free_port()
    log = tmp_path / "app.log"
    argv = [sys.executable, "-m", "mentorkit", "app", str(tmp_path / "wb"), "--name", "Ada App", "--no-browser",
            "--port", str(port)]
    with open(log, "wb") as out:
        server = subprocess.Popen(argv, cwd=tmp_path, env=env, stdin=subprocess.DEVNULL, stdout=out,
                                  stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            assert server.poll() is None, log.read_text(errors="replace")[-3000:]
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    page = response.read().decode("utf-8", errors="replace")  # Voilà's home page
                    headers = response.headers
                    break
            except (urllib.error.URLError, OSError):
                pass
            assert time.monotonic() < deadline, log.read_text(errors="replace")[-3000:]
            time.sleep(0.5)
        assert "Voil" in page
        assert "connect-src 'self'" in headers["Content-Security-Policy"]  # voila.json from the package was read
        # the start page of the workspace beside the workbook, run on that workbook (MENTORKIT_WORKBOOK)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/voila/render/00_start_here.ipynb",
                                    timeout=START_TIMEOUT) as response:
            rendered = response.read().decode("utf-8", errors="replace")
        assert "Ada App" in rendered
        assert "import mentorkit" not in rendered and "from mentorkit" not in rendered  # sources stripped
        assert f"http://127.0.0.1:{port}/voila/render/00_start_here.ipynb" in log.read_text(errors="replace")
        assert (tmp_path / "wb-notebooks" / "05_meetings_and_evaluation.ipynb").is_file()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=30)


def test_mentorkit_runs_as_a_module_and_a_jupyter_subcommand():
    bin_dir = Path(sys.executable).parent
    for argv in ([sys.executable, "-m", "mentorkit", "--version"], [str(bin_dir / "jupyter"), "mentorkit", "--version"]):
        done = subprocess.run(argv, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0 and "mentorkit" in done.stdout, done.stderr
