"""`mentorkit notebooks`, and the workspace and servers of `mentorkit lab` and `mentorkit app`."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from mentorkit import __version__, servers, workspace
from mentorkit.cli import main
from mentorkit.errors import LaunchError, WorkbookExistsError
from mentorkit.resources import journey_notebooks, shipped_notebooks
from mentorkit.store import DB_NAME, Workbook

JOURNEY = [p.name for p in journey_notebooks()]


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def _metadata(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))["metadata"]


# -- mentorkit notebooks ------------------------------------------------------------

def test_notebooks_copies_the_journey_and_the_cohort_summary_with_their_version(tmp_path):
    result = run("notebooks", str(tmp_path / "mine"))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "mine").iterdir()) == sorted(p.name for p in shipped_notebooks())
    for source in shipped_notebooks():
        copy = tmp_path / "mine" / source.name
        meta = _metadata(copy)["mentorkit"]
        assert meta == {"version": __version__, "source_sha256": hashlib.sha256(source.read_bytes()).hexdigest()}
        assert workspace.copied_from(copy) == meta
        original = json.loads(source.read_text(encoding="utf-8"))
        assert json.loads(copy.read_text(encoding="utf-8"))["cells"] == original["cells"]


def test_notebooks_never_replaces_a_file_that_is_there(tmp_path):
    dest = tmp_path / "mine"
    dest.mkdir()
    (dest / "01_introspection.ipynb").write_text("my own notes", encoding="utf-8")
    result = run("notebooks", str(dest))
    assert result.exit_code == 0, result.output
    assert (dest / "01_introspection.ipynb").read_text(encoding="utf-8") == "my own notes"
    assert "Copied 7 notebooks" in result.stdout and "kept your 01_introspection.ipynb" in result.stdout
    assert not [p for p in dest.iterdir() if p.name.startswith(".")]  # no temporary file left behind


def test_notebooks_are_written_without_hard_links_too(tmp_path, monkeypatch):
    def no_links(*_args):
        raise PermissionError("no hard links here")

    monkeypatch.setattr(os, "link", no_links)
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "00_start_here.ipynb").write_text("mine", encoding="utf-8")
    result = workspace.copy_notebooks(tmp_path / "mine")
    assert len(result.copied) == 7 and [p.name for p in result.kept] == ["00_start_here.ipynb"]
    assert (tmp_path / "mine" / "00_start_here.ipynb").read_text(encoding="utf-8") == "mine"
    assert not [p for p in (tmp_path / "mine").iterdir() if p.name.startswith(".")]


def test_notebooks_into_a_file_is_refused(tmp_path):
    target = tmp_path / "a-file"
    target.write_text("x", encoding="utf-8")
    result = run("notebooks", str(target))
    assert result.exit_code != 0 and target.read_text(encoding="utf-8") == "x"


# -- the workspace ------------------------------------------------------------------

def test_the_workspace_sits_beside_the_workbook(tmp_path):
    assert workspace.workspace_for(tmp_path / "maya") == tmp_path / "maya-notebooks"
    assert workspace.workspace_for(tmp_path / "maya/") == tmp_path / "maya-notebooks"
    with pytest.raises(LaunchError, match="root"):
        workspace.workspace_for("/")


def test_prepare_workspace_copies_then_leaves_current_copies_alone(tmp_path):
    wb = Workbook.create(tmp_path / "maya", "Maya")
    first = workspace.prepare_workspace(wb.path)
    assert first.folder == tmp_path / "maya-notebooks"
    assert [p.name for p in first.copied] == JOURNEY
    assert not list(wb.path.glob("*.ipynb"))  # nothing inside the workbook folder
    (first.folder / "01_introspection.ipynb").write_text("{}", encoding="utf-8")  # the mentee ran and saved it
    second = workspace.prepare_workspace(wb.path)
    assert not second.copied and not second.updated and not second.offered
    assert len(second.current) == len(JOURNEY)
    assert (first.folder / "01_introspection.ipynb").read_text(encoding="utf-8") == "{}"


def test_a_deleted_notebook_is_copied_again(tmp_path):
    folder = workspace.prepare_workspace(tmp_path / "maya").folder
    (folder / "03_informational_interviews.ipynb").unlink()
    again = workspace.prepare_workspace(tmp_path / "maya")
    assert [p.name for p in again.copied] == ["03_informational_interviews.ipynb"]


@pytest.fixture
def newer_package(tmp_path, monkeypatch):
    """Packaged notebooks whose content changed, as after an upgrade of mentorkit."""

    def upgrade() -> Path:
        folder = tmp_path / "newer-package"
        folder.mkdir(exist_ok=True)
        for source in journey_notebooks():
            notebook = json.loads(source.read_text(encoding="utf-8"))
            notebook["cells"].append({"cell_type": "markdown", "id": "new-cell", "metadata": {},
                                      "source": ["A newer cell."]})
            (folder / source.name).write_text(json.dumps(notebook, indent=1), encoding="utf-8")
        monkeypatch.setattr(workspace, "journey_notebooks", lambda: sorted(folder.glob("0*.ipynb")))
        return folder

    return upgrade


def test_a_newer_notebook_replaces_an_untouched_copy_and_is_offered_beside_an_edited_one(tmp_path, newer_package):
    folder = workspace.prepare_workspace(tmp_path / "maya").folder
    edited = folder / "02_candidate_research.ipynb"
    edited.write_text(edited.read_text(encoding="utf-8").replace("candidate", "CANDIDATE"), encoding="utf-8")
    mine = edited.read_bytes()
    newer_package()
    update = workspace.prepare_workspace(tmp_path / "maya")
    assert [p.name for p in update.offered] == [f"02_candidate_research.mentorkit-{__version__}.ipynb"]
    assert len(update.updated) == len(JOURNEY) - 1
    assert edited.read_bytes() == mine  # the mentee's notebook is never replaced
    offer = json.loads(update.offered[0].read_text(encoding="utf-8"))
    assert offer["cells"][-1]["id"] == "new-cell" and offer["metadata"]["mentorkit"]["version"] == __version__
    untouched = json.loads((folder / "01_introspection.ipynb").read_text(encoding="utf-8"))
    assert untouched["cells"][-1]["id"] == "new-cell"
    # offered once: the next start neither offers it again nor rewrites the offer the mentee may have deleted
    update.offered[0].unlink()
    again = workspace.prepare_workspace(tmp_path / "maya")
    assert not again.offered and not again.updated and not update.offered[0].exists()
    assert edited.read_bytes() == mine


def test_notebooks_mentorkit_did_not_write_are_never_replaced(tmp_path, newer_package):
    folder = tmp_path / "maya-notebooks"
    run("notebooks", str(folder))  # copies, but no workspace manifest: every file counts as the mentee's
    before = {p.name: p.read_bytes() for p in folder.glob("0*.ipynb")}
    newer_package()
    update = workspace.prepare_workspace(tmp_path / "maya")
    assert not update.updated and len(update.offered) == len(JOURNEY)
    assert {p.name: p.read_bytes() for p in folder.glob("0*.ipynb") if ".mentorkit-" not in p.name} == before


def test_a_workspace_that_is_a_file_is_refused(tmp_path):
    (tmp_path / "maya-notebooks").write_text("x", encoding="utf-8")
    with pytest.raises(LaunchError, match="maya-notebooks"):
        workspace.prepare_workspace(tmp_path / "maya")


# -- the workbook -------------------------------------------------------------------

def test_open_or_create_creates_with_the_name_given_or_asked(tmp_path):
    wb, created = workspace.open_or_create(tmp_path / "a", "Ann")
    assert created and wb.mentee_name == "Ann"
    wb, created = workspace.open_or_create(tmp_path / "a", "Someone else")
    assert not created and wb.mentee_name == "Ann"
    wb, created = workspace.open_or_create(tmp_path / "b", None, ask=lambda: "  Bea  ")
    assert created and wb.mentee_name == "Bea"


def test_open_or_create_without_a_name_says_how_to_give_one(tmp_path):
    with pytest.raises(LaunchError, match="--name"):
        workspace.open_or_create(tmp_path / "a", None)
    assert not (tmp_path / "a").exists()


def test_open_or_create_refuses_a_folder_that_holds_something_else(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "diary.txt").write_text("private", encoding="utf-8")
    with pytest.raises(WorkbookExistsError):
        workspace.open_or_create(tmp_path / "a", "Ann")
    assert [p.name for p in (tmp_path / "a").iterdir()] == ["diary.txt"]


# -- the servers --------------------------------------------------------------------

def test_lab_listens_on_loopback_with_a_token_and_asks_nothing_of_the_internet(tmp_path):
    command = servers.lab_command(tmp_path / "ws", tmp_path / "wb", port=9123, open_browser=False, token="abc123")
    argv = command.argv
    assert argv[1:3] == ["-m", "jupyterlab"]
    for setting in ("--ServerApp.ip=127.0.0.1", "--ServerApp.port=9123", "--ServerApp.port_retries=0",
                    f"--ServerApp.root_dir={tmp_path / 'ws'}", "--ServerApp.open_browser=False",
                    "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
                    "--LabApp.extension_manager=readonly"):
        assert setting in argv
    assert not any("token" in a.lower() or "password" in a.lower() for a in argv)  # auth stays on
    assert "--ServerApp.allow_root=True" not in argv
    assert command.env["JUPYTER_TOKEN"] == "abc123"
    assert command.env["MENTORKIT_WORKBOOK"] == str(tmp_path / "wb")
    assert command.url == "http://127.0.0.1:9123/lab/tree/00_start_here.ipynb?token=abc123"
    assert argv[-1] == str(tmp_path / "ws" / "00_start_here.ipynb")


def test_lab_disables_the_news_prompt_through_the_shipped_page_config(tmp_path):
    """JupyterLab asks a new user whether to fetch Jupyter's news unless its announcements plugin is disabled."""
    command = servers.lab_command(tmp_path / "ws", tmp_path / "wb", port=9125, open_browser=False)
    config = Path(command.env["JUPYTER_CONFIG_PATH"].split(os.pathsep)[0])
    page = json.loads((config / "labconfig" / "page_config.json").read_text(encoding="utf-8"))
    assert page["disabledExtensions"] == {"@jupyterlab/apputils-extension:announcements": True}


def test_lab_tokens_are_fresh_each_start(tmp_path):
    one = servers.lab_command(tmp_path, tmp_path, port=9000, allow_root=True)
    two = servers.lab_command(tmp_path, tmp_path, port=9000)
    assert len(one.env["JUPYTER_TOKEN"]) >= 32 and one.env["JUPYTER_TOKEN"] != two.env["JUPYTER_TOKEN"]
    assert "--ServerApp.allow_root=True" in one.argv


def test_app_without_voila_says_which_install_adds_it(tmp_path, monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "voila" else real(name, *a))
    with pytest.raises(LaunchError, match=r"pip install 'mentorkit\[app\]'"):
        servers.app_command(tmp_path, tmp_path / "wb")
    result = run("app", str(tmp_path / "wb"), "--name", "Ann", "--no-browser")
    assert result.exit_code == 1 and "pip install 'mentorkit[app]'" in result.stderr
    assert not (tmp_path / "wb").exists() and not (tmp_path / "wb-notebooks").exists()  # nothing created


def test_app_reads_the_shipped_voila_settings_and_listens_on_loopback(tmp_path):
    pytest.importorskip("voila")
    command = servers.app_command(tmp_path / "ws", tmp_path / "wb", port=9124, open_browser=False)
    assert command.argv[1:4] == ["-m", "voila", str(tmp_path / "ws")]
    assert "--Voila.ip=127.0.0.1" in command.argv and "--port=9124" in command.argv
    assert "--no-browser" in command.argv and "--strip_sources=True" in command.argv
    config = Path(command.env["JUPYTER_CONFIG_PATH"].split(os.pathsep)[0])
    assert (config / "voila.json").is_file()
    assert command.url == "http://127.0.0.1:9124/voila/render/00_start_here.ipynb"


def test_pick_port_takes_the_usual_port_when_free_and_another_when_taken():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        taken = busy.getsockname()[1]
        other = servers.pick_port(taken)
        assert other != taken
    assert servers.pick_port(other) == other


# -- the CLI verbs, without starting a server ------------------------------------

@pytest.fixture
def started(monkeypatch):
    """Record the server command instead of starting it."""
    calls: list[servers.ServerCommand] = []

    def fake(command):
        calls.append(command)
        return 0

    monkeypatch.setattr(servers, "run_server", fake)
    return calls


def test_lab_creates_the_workbook_and_workspace_then_starts(tmp_path, started):
    result = run("lab", str(tmp_path / "maya"), "--name", "Maya Example", "--no-browser", "--port", "9125")
    assert result.exit_code == 0, result.output
    assert Workbook.open(tmp_path / "maya").mentee_name == "Maya Example"
    assert (tmp_path / "maya-notebooks" / "00_start_here.ipynb").is_file()
    (command,) = started
    assert command.url in result.stdout and "token=" in command.url
    assert command.env["MENTORKIT_WORKBOOK"] == str(tmp_path / "maya")
    assert command.cwd == tmp_path / "maya-notebooks"


def test_lab_on_an_existing_workbook_keeps_its_name(tmp_path, started):
    Workbook.create(tmp_path / "maya", "Maya")
    result = run("lab", str(tmp_path / "maya"), "--name", "Other", "--no-browser")
    assert result.exit_code == 0, result.output
    assert "--name ignored" in result.stderr and Workbook.open(tmp_path / "maya").mentee_name == "Maya"


def test_lab_without_a_name_and_no_terminal_says_to_pass_one(tmp_path, started):
    result = run("lab", str(tmp_path / "maya"), "--no-browser")
    assert result.exit_code == 1 and "--name" in result.stderr
    assert not started and not (tmp_path / "maya" / DB_NAME).exists()


def test_lab_asks_for_the_name_on_a_terminal(tmp_path, started, monkeypatch):
    monkeypatch.setattr("mentorkit.cli._interactive", lambda: True)
    result = CliRunner().invoke(main, ["lab", str(tmp_path / "maya"), "--no-browser"], input="Maya Asked\n")
    assert result.exit_code == 0, result.output
    assert Workbook.open(tmp_path / "maya").mentee_name == "Maya Asked"


def test_app_uses_the_same_workspace(tmp_path, started):
    pytest.importorskip("voila")
    result = run("app", str(tmp_path / "maya"), "--name", "Maya", "--no-browser")
    assert result.exit_code == 0, result.output
    (command,) = started
    assert command.argv[3] == str(tmp_path / "maya-notebooks") and command.url in result.stdout


def test_lab_and_app_default_to_my_workbook_in_the_current_folder(tmp_path, started, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("lab", "--name", "Default Dee", "--no-browser")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "my-workbook" / DB_NAME).is_file() and (tmp_path / "my-workbook-notebooks").is_dir()
