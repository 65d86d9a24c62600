"""`pip install mentorkit` is the whole product: the wheel, installed without -e in a fresh virtual environment.

The wheel is built from a copy of the source tree, installed into a new
virtual environment in a temporary folder outside the checkout (the packages
come from pip's configured index and cache), and every command runs there,
in a folder of its own, with a home folder of its own: nothing can reach the
checkout's notebooks or data.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from mentorkit import __version__

ROOT = Path(__file__).resolve().parents[2]
NOT_SOURCE = (".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis",
              ".ipynb_checkpoints", "workbooks", "my-workbook*")
INSTALL_TIMEOUT = 900
RUN_TIMEOUT = 600
LAB_TIMEOUT = 120.0

pytestmark = pytest.mark.slow


class Installed:
    """A fresh virtual environment with the wheel installed, and a clean folder and home to run in."""

    def __init__(self, base: Path):
        self.base = base
        self.venv = base / "venv"
        self.bin = self.venv / ("Scripts" if os.name == "nt" else "bin")
        self.home = base / "home"
        self.cwd = base / "work"
        self.home.mkdir()
        self.cwd.mkdir()
        keep = {k: v for k, v in os.environ.items()
                if not k.startswith(("MENTORKIT_", "JUPYTER", "XDG_", "PYTHON", "VIRTUAL_ENV", "CONDA"))}
        path = [p for p in os.environ.get("PATH", "").split(os.pathsep) if p and not p.startswith(str(ROOT))]
        self.env = {**keep, "HOME": str(self.home), "PATH": os.pathsep.join([str(self.bin), *path]),
                    "MPLBACKEND": "Agg"}

    def run(self, *args: str, timeout: float = RUN_TIMEOUT, check: bool = True) -> subprocess.CompletedProcess:
        program = str(self.bin / args[0])
        done = subprocess.run([program, *args[1:]], cwd=self.cwd, env=self.env, capture_output=True, text=True,
                              timeout=timeout, stdin=subprocess.DEVNULL)
        if check and done.returncode != 0:
            pytest.fail(f"{' '.join(args)} exited {done.returncode}\nstdout:\n{done.stdout[-3000:]}\n"
                        f"stderr:\n{done.stderr[-3000:]}", pytrace=False)
        return done


def build_wheel(out: Path) -> Path:
    """Build the wheel from a copy of the source tree (so no stale build/ folder of the checkout leaks in)."""
    source = out / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*NOT_SOURCE))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out / "dist"),
                    str(source)], check=True, capture_output=True, timeout=INSTALL_TIMEOUT)
    (wheel,) = (out / "dist").glob("mentorkit-*.whl")
    return wheel


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Installed:
    base = tmp_path_factory.mktemp("wheel")
    assert ROOT not in base.resolve().parents, "the fresh environment must live outside the checkout"
    wheel = build_wheel(base)
    subprocess.run([sys.executable, "-m", "venv", str(base / "venv")], check=True, timeout=300)
    env = Installed(base)
    install = subprocess.run([str(env.bin / "python"), "-m", "pip", "install", "--quiet", str(wheel)],
                             capture_output=True, text=True, timeout=INSTALL_TIMEOUT)
    if install.returncode != 0:
        pytest.fail(f"pip install of the wheel failed:\n{install.stderr[-3000:]}", pytrace=False)
    return env


def test_the_wheel_is_installed_not_linked_to_the_checkout(installed):
    done = installed.run("python", "-c", "import mentorkit, mentorkit.resources as r; "
                         "print(mentorkit.__file__); print(r.notebooks_dir()); print(r.data_dir())")
    for line in done.stdout.split():
        path = Path(line)
        assert installed.venv in path.parents and ROOT not in path.parents
    assert installed.run("mentorkit", "--version").stdout.strip().endswith(__version__)


def test_jupyter_mentorkit_is_the_same_command(installed):
    assert installed.run("jupyter", "mentorkit", "--version").stdout.strip().endswith(__version__)
    assert "notebooks" in installed.run("jupyter", "mentorkit", "--help").stdout


def test_demo_runs_on_the_shipped_sample(installed):
    done = installed.run("mentorkit", "demo", "--out", "demo")
    out = installed.cwd / "demo"
    assert "Next suggested step:" in done.stdout
    assert sorted(p.name for p in (out / "notebooks").glob("0*.ipynb")) == [
        "00_start_here.ipynb", "01_introspection.ipynb", "02_candidate_research.ipynb",
        "03_informational_interviews.ipynb", "04_request_drafting.ipynb", "05_meetings_and_evaluation.ipynb",
        "06_progress_charts.ipynb"]
    assert "failed" not in done.stdout and "could not run" not in done.stdout
    assert (out / "progress_report.pdf").stat().st_size > 0
    assert list((out / "charts").glob("*.png"))


def test_demo_cohort_runs_the_sample_cohort_from_the_wheel(installed):
    done = installed.run("mentorkit", "demo", "--cohort", "--out", "demo", "--jobs", "2")
    report = installed.cwd / "demo" / "cohort" / "report"
    assert str(report / "cohort_summary.html") in done.stdout
    assert "Pairs at risk as of 2026-11-15: p03, p04, p10" in done.stdout
    with open(report / "summary.csv", newline="", encoding="utf-8") as fh:
        assert len(list(csv.DictReader(fh))) == 12
    assert "At risk: 3 (p03, p04, p10)." in (report / "cohort_summary.html").read_text(encoding="utf-8")
    assert len(list(report.glob("p*/report.ipynb"))) == 12
    assert not list((installed.cwd / "demo").rglob("*.log"))


def test_notebooks_are_copied_and_then_never_replaced(installed):
    first = installed.run("mentorkit", "notebooks", "nbs")
    folder = installed.cwd / "nbs"
    names = sorted(p.name for p in folder.glob("*.ipynb"))
    assert len(names) == 8 and "cohort_summary.ipynb" in names and "Copied 8 notebooks" in first.stdout
    meta = json.loads((folder / "01_introspection.ipynb").read_text(encoding="utf-8"))["metadata"]
    assert meta["mentorkit"]["version"] == __version__
    mine = folder / "02_candidate_research.ipynb"
    mine.write_text(mine.read_text(encoding="utf-8").replace("Candidate", "My candidate"), encoding="utf-8")
    edited = mine.read_bytes()
    second = installed.run("mentorkit", "notebooks", "nbs")
    assert "Copied 0 notebooks" in second.stdout and mine.read_bytes() == edited


def test_papermill_runs_a_copied_notebook(installed):
    installed.run("mentorkit", "notebooks", "copies")
    installed.run("mentorkit", "init", "pm-workbook", "--name", "Pat Papermill")
    installed.run("papermill", "copies/05_meetings_and_evaluation.ipynb", "pm-out.ipynb", "-k", "python3",
                  "-p", "workbook", str(installed.cwd / "pm-workbook"), "-p", "interactive", "False",
                  "-p", "as_of", "2026-11-15", "--no-progress-bar")
    executed = json.loads((installed.cwd / "pm-out.ipynb").read_text(encoding="utf-8"))
    assert not executed["metadata"]["papermill"]["exception"]
    assert any(cell.get("outputs") for cell in executed["cells"])
    # an empty workbook parameter means the sample mentee, built in the cache folder, not beside the package
    installed.run("papermill", "copies/00_start_here.ipynb", "start-out.ipynb", "-k", "python3",
                  "-p", "interactive", "False", "--no-progress-bar")
    assert (installed.home / ".cache" / "mentorkit" / "sample" / "workbook" / "workbook.sqlite").is_file()


def test_cohort_run_on_two_new_workbooks(installed):
    cohort = installed.cwd / "cohort"
    installed.run("mentorkit", "init", "cohort/ana", "--name", "Ana Example")
    installed.run("mentorkit", "init", "cohort/ben", "--name", "Ben Example")
    (cohort / "meetings.csv").write_text("date,duration_min,mode\n2026-09-01,45,video\n2026-10-01,30,phone\n",
                                         encoding="utf-8")
    installed.run("mentorkit", "import", "meetings", "cohort/meetings.csv", "--workbook", "cohort/ana")
    (cohort / "roster.csv").write_text("participant_id,workbook\nana,ana\nben,ben\n", encoding="utf-8")
    installed.run("mentorkit", "cohort", "run", "cohort/roster.csv", "--out", "cohort-out", "--jobs", "2",
                  "--as-of", "2026-11-15")
    with open(installed.cwd / "cohort-out" / "summary.csv", newline="", encoding="utf-8") as fh:
        rows = {row["participant_id"]: row for row in csv.DictReader(fh)}
    assert set(rows) == {"ana", "ben"}
    assert rows["ana"]["meetings"] == "2" and rows["ana"]["days_since_last"] == "45"
    for pid in rows:
        status = json.loads((installed.cwd / "cohort-out" / pid / "status.json").read_text(encoding="utf-8"))
        assert status["status"] == "ok", status


def test_app_without_the_extra_says_how_to_add_it(installed):
    done = installed.run("mentorkit", "app", "app-workbook", "--name", "Al App", "--no-browser", check=False)
    assert done.returncode == 1
    assert "pip install 'mentorkit[app]'" in done.stderr
    assert not (installed.cwd / "app-workbook").exists()


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_lab_answers_on_loopback_with_its_token(installed):
    port = _free_port()
    args = [str(installed.bin / "mentorkit"), "lab", "lab-workbook", "--name", "Lee Lab", "--no-browser",
            "--port", str(port)]
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # containers and CI runners often run as root
        args.append("--allow-root")
    log = installed.base / "lab.log"
    with open(log, "wb") as out:
        server = subprocess.Popen(args, cwd=installed.cwd, env=installed.env, stdin=subprocess.DEVNULL, stdout=out,
                                  stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + LAB_TIMEOUT
        while True:
            assert server.poll() is None, f"the server exited:\n{log.read_text(errors='replace')[-3000:]}"
            try:
                if _get(f"http://127.0.0.1:{port}/api") == 200:
                    break
            except (urllib.error.URLError, OSError):
                pass
            assert time.monotonic() < deadline, f"no answer on /api:\n{log.read_text(errors='replace')[-3000:]}"
            time.sleep(0.5)
        text = log.read_text(errors="replace")
        token = re.search(rf"http://127\.0\.0\.1:{port}/lab/tree/00_start_here\.ipynb\?token=(\w+)", text)
        assert token, text[-3000:]
        assert _get(f"http://127.0.0.1:{port}/api/contents") == 403  # the token is still required
        assert _get(f"http://127.0.0.1:{port}/api/contents?token={token.group(1)}") == 200
        workspace = installed.cwd / "lab-workbook-notebooks"
        assert (workspace / "00_start_here.ipynb").is_file()
        assert not list((installed.cwd / "lab-workbook").glob("*.ipynb"))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=30)


def test_the_wheel_ships_its_types_and_registers_the_papermill_engines(installed):
    done = installed.run("python", "-c", "import importlib.metadata as md, pathlib, mentorkit; "
                         "print((pathlib.Path(mentorkit.__file__).parent / 'py.typed').is_file()); "
                         "print(sorted(e.name for e in md.entry_points(group='papermill.engine')))")
    assert done.stdout.split("\n")[:2] == ["True", "['mentorkit', 'mentorkit-warm']"]
