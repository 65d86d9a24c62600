"""The user's own copies of the notebooks: `mentorkit notebooks` and the workspace of `mentorkit lab`.

The notebooks ship inside the package; people work on copies. Every copy
records, in its metadata, the mentorkit version and the packaged notebook it
came from, and no copy ever replaces a file that is there.

`mentorkit lab` and `mentorkit app` keep a workspace beside the workbook
folder, `<workbook>-notebooks/`, never inside it, so that executed outputs
(which may show private text) never travel with a share or a backup of the
workbook. A manifest in the workspace remembers what was written: a newer
packaged notebook replaces a copy nobody has touched, and is only offered
beside one the mentee has changed or run.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import __version__
from .errors import LaunchError
from .resources import journey_notebooks, shipped_notebooks
from .storage import atomic_file, make_folder
from .store import DB_NAME, Workbook

METADATA_KEY = "mentorkit"  # notebook metadata: {"mentorkit": {"version": ..., "source_sha256": ...}}
MANIFEST = ".mentorkit-workspace.json"
WORKSPACE_SUFFIX = "-notebooks"
START_NOTEBOOK = "00_start_here.ipynb"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def stamped(source: Path) -> bytes:
    """The packaged notebook `source` as a copy's bytes: its metadata records the version it came from."""
    raw = source.read_bytes()
    try:
        notebook = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LaunchError(f"{source}: the packaged notebook is not valid JSON ({exc})") from None
    notebook.setdefault("metadata", {})[METADATA_KEY] = {"version": __version__, "source_sha256": _sha256(raw)}
    return (json.dumps(notebook, sort_keys=True, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def copied_from(path: Path) -> dict[str, str]:
    """What a copied notebook records about its origin (`version`, `source_sha256`); empty when nothing."""
    try:
        meta = json.loads(path.read_bytes()).get("metadata", {}).get(METADATA_KEY, {})
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, AttributeError):
        return {}
    return meta if isinstance(meta, dict) else {}


def _write_new(path: Path, data: bytes) -> bool:
    """Write `data` to `path` whole, only if nothing is there; False (and nothing written) when something is."""
    try:
        with atomic_file(path, replace=False) as tmp:
            tmp.write_bytes(data)
    except FileExistsError:
        return False
    return True


def _replace(path: Path, data: bytes) -> None:
    with atomic_file(path) as tmp:
        tmp.write_bytes(data)


@dataclass
class CopyResult:
    """What `copy_notebooks` did: the copies written and the files left as they were."""

    copied: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)


def copy_notebooks(dest: str | os.PathLike) -> CopyResult:
    """Copy the journey notebooks (00 to 06) and `cohort_summary` into `dest`, never replacing a file."""
    folder = make_folder(Path(dest).expanduser())  # a file in the way is named (StorageError)
    result = CopyResult()
    for source in shipped_notebooks():
        target = folder / source.name
        (result.copied if _write_new(target, stamped(source)) else result.kept).append(target)
    return result


def workspace_for(workbook: str | os.PathLike) -> Path:
    """The workspace of a workbook: `<workbook>-notebooks`, beside the workbook folder."""
    path = Path(workbook).expanduser().absolute()
    if not path.name:
        raise LaunchError(f"{path}: a workbook needs a folder of its own, not the root of a drive")
    return path.with_name(path.name + WORKSPACE_SUFFIX)


@dataclass
class WorkspaceUpdate:
    """What `prepare_workspace` did to each journey notebook in the workspace."""

    folder: Path
    copied: list[Path] = field(default_factory=list)  # there was none: a fresh copy
    updated: list[Path] = field(default_factory=list)  # an untouched copy replaced by a newer packaged one
    offered: list[Path] = field(default_factory=list)  # a newer packaged one written beside the mentee's copy
    current: list[Path] = field(default_factory=list)  # already from this package's notebook, left alone


def _read_manifest(folder: Path) -> dict[str, dict[str, str]]:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return {}
    notebooks = data.get("notebooks") if isinstance(data, dict) else None
    return {k: v for k, v in notebooks.items() if isinstance(v, dict)} if isinstance(notebooks, dict) else {}


def _write_manifest(folder: Path, entries: dict[str, dict[str, str]]) -> None:
    text = json.dumps({"about": "what mentorkit copied here; delete it to treat every notebook as yours",
                       "notebooks": entries}, indent=1, sort_keys=True)
    _replace(folder / MANIFEST, (text + "\n").encode("utf-8"))


def offer_name(source: Path, source_sha: str, folder: Path, data: bytes) -> Path:
    """Where a newer packaged notebook is offered beside the mentee's copy: `<name>.mentorkit-<version>.ipynb`."""
    plain = folder / f"{source.stem}.mentorkit-{__version__}{source.suffix}"
    if not plain.exists() or plain.read_bytes() == data:
        return plain
    return folder / f"{source.stem}.mentorkit-{__version__}-{source_sha[:8]}{source.suffix}"


def prepare_workspace(workbook: str | os.PathLike) -> WorkspaceUpdate:
    """Create or bring up to date the workspace beside `workbook`, never replacing a notebook the mentee changed.

    A journey notebook that is missing is copied. A copy written by mentorkit and
    unchanged since is replaced when the packaged notebook is newer. A copy that
    was changed (edited, or saved after a run), or that mentorkit did not write,
    stays as it is; the newer packaged notebook is offered beside it once.
    """
    folder = workspace_for(workbook)
    if folder.exists() and not folder.is_dir():
        raise LaunchError(f"{folder}: the workspace for the notebooks is a file; move it away")
    folder.mkdir(parents=True, exist_ok=True)
    manifest = _read_manifest(folder)
    update = WorkspaceUpdate(folder)
    for source in journey_notebooks():
        source_sha = _sha256(source.read_bytes())
        data = stamped(source)
        target = folder / source.name
        entry = manifest.get(source.name, {})
        record = {"version": __version__, "source_sha256": source_sha, "written_sha256": _sha256(data)}
        if not target.exists():
            if _write_new(target, data):
                update.copied.append(target)
                manifest[source.name] = record
                continue
        if entry.get("source_sha256") == source_sha or entry.get("offered_sha256") == source_sha:
            update.current.append(target)
        elif entry.get("written_sha256") and _sha256(target.read_bytes()) == entry["written_sha256"]:
            _replace(target, data)
            update.updated.append(target)
            manifest[source.name] = record
        else:
            offer = offer_name(source, source_sha, folder, data)
            if offer.exists() or _write_new(offer, data):
                update.offered.append(offer)
            manifest[source.name] = {**entry, "offered_sha256": source_sha}
    _write_manifest(folder, manifest)
    return update


def open_or_create(workbook: str | os.PathLike, name: str | None,
                   ask: Callable[[], str] | None = None) -> tuple[Workbook, bool]:
    """The workbook at `workbook`, created first when there is none (named `name`, or by `ask()`).

    Returns the workbook and whether it was created. Without a name and with no
    way to ask, says how to give one.
    """
    path = Path(workbook).expanduser().absolute()
    if (path / DB_NAME).exists():
        return Workbook.open(path), False
    given = (name or "").strip()
    if not given and ask is not None:
        given = ask().strip()
    if not given:
        raise LaunchError(f"{path}: no workbook there yet; give the mentee's name with --name to create it")
    return Workbook.create(path, given), True


__all__ = [
    "CopyResult", "METADATA_KEY", "START_NOTEBOOK", "WorkspaceUpdate", "copied_from", "copy_notebooks",
    "open_or_create", "prepare_workspace", "stamped", "workspace_for",
]
