"""Storage that says no, for real: a small tmpfs that fills up, read-only remounts, a read-only file.

Mounting needs root, which CI has. `mount_problem()` says why it cannot be done
on this machine; the tests that need it skip with that reason. (As root,
`chmod` does not make a file read-only: a read-only mount is what refuses.)
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(list(args), capture_output=True, text=True, timeout=60)


@functools.cache
def mount_problem() -> str | None:
    """Why a tmpfs cannot be mounted here (the skip reason), or None when it can."""
    if not sys.platform.startswith("linux"):
        return "mounting a small tmpfs is done on Linux only"
    if os.geteuid() != 0:
        return "mounting a small tmpfs needs root (CI runs these as root)"
    with tempfile.TemporaryDirectory(prefix="mentorkit-mount-probe-") as probe:
        done = _run("mount", "-t", "tmpfs", "-o", "size=64k", "mentorkit-probe", probe)
        if done.returncode != 0:
            return f"cannot mount a tmpfs here (no CAP_SYS_ADMIN?): {done.stderr.strip()}"
        _run("umount", probe)
    return None


def _umount(path: Path) -> None:
    if _run("umount", str(path)).returncode != 0:
        _run("umount", "-l", str(path))  # busy: detach it, the kernel frees it when the last user goes


@contextmanager
def tmpfs(path: Path, size_kb: int) -> Iterator[Path]:
    """A fresh tmpfs of `size_kb` KB mounted at `path` for the duration of the block."""
    path.mkdir(parents=True, exist_ok=True)
    done = _run("mount", "-t", "tmpfs", "-o", f"size={size_kb}k,mode=0755", "mentorkit-test", str(path))
    assert done.returncode == 0, done.stderr
    try:
        yield path
    finally:
        _run("mount", "-o", "remount,rw", str(path))
        _umount(path)


def remount(path: Path, *, read_only: bool) -> None:
    """Remount the tmpfs at `path` read-only or read-write."""
    done = _run("mount", "-o", "remount," + ("ro" if read_only else "rw"), str(path))
    assert done.returncode == 0, done.stderr


@contextmanager
def read_only_storage(path: Path) -> Iterator[Path]:
    """The tmpfs at `path` remounted read-only for the block, read-write again after it."""
    remount(path, read_only=True)
    try:
        yield path
    finally:
        remount(path, read_only=False)


@contextmanager
def read_only_file(path: Path) -> Iterator[Path]:
    """`path` bind-mounted onto itself read-only: the file refuses writes, its folder does not."""
    done = _run("mount", "--bind", str(path), str(path))
    assert done.returncode == 0, done.stderr
    try:
        done = _run("mount", "-o", "remount,bind,ro", str(path))
        assert done.returncode == 0, done.stderr
        yield path
    finally:
        _umount(path)


def fill(folder: Path, name: str = "filler", leave: int = 0) -> Path:
    """Fill the file system of `folder` with one file, then give back `leave` bytes; returns the file."""
    filler = folder / name
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    block = b"\0" * 65536
    try:
        while True:
            try:
                os.write(fd, block)
            except OSError:
                break
        while True:  # the last few KB, a page at a time
            try:
                os.write(fd, block[:4096])
            except OSError:
                break
    finally:
        os.close(fd)
    if leave:
        os.truncate(filler, max(0, filler.stat().st_size - leave))
    return filler
