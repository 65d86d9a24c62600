"""Faults survived: a writer killed with SIGKILL at random moments, 50 times, against one workbook.

After every kill the workbook must open, pass SQLite's integrity check, and
hold every record whose write had returned; a multi-record write (`add_many`)
must have landed whole or not at all.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from mentorkit import Workbook

from .helpers import WRITER
from .test_concurrency import parse_output, stored_notes

KILLS = 50
MAX_DELAY_S = 0.25


def spawn(folder: Path, tag: str) -> subprocess.Popen:
    """A writer that saves meetings until killed; every 4th write is a batch of 3, every 7th a long note."""
    return subprocess.Popen(
        [sys.executable, str(WRITER), str(folder), tag, "0", "--batch-every", "4", "--long-every", "7"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def wait_ready(proc: subprocess.Popen) -> None:
    line = proc.stdout.readline()
    if line != "ready\n":
        proc.kill()
        raise AssertionError(f"a writer did not start: {line!r} {proc.stderr.read()}")


def torn_batches(stored: dict[int, str]) -> list[str]:
    """Batches (notes `tag:i:bJ`) of which only some records are present."""
    sizes = Counter(notes.rsplit(":", 1)[0] for notes in stored.values() if notes.count(":") == 2)
    return [batch for batch, size in sizes.items() if size != 3]


def test_writer_killed_at_random_moments(tmp_path, figures):
    seed = random.SystemRandom().randrange(2**32)
    rng = random.Random(seed)
    folder = tmp_path / "wb"
    Workbook.create(folder, "Crash Test")
    confirmed: dict[int, str] = {}
    survived = 0
    landed_unconfirmed = 0
    running: list[subprocess.Popen] = []
    try:
        nxt = spawn(folder, "w0")
        running.append(nxt)
        wait_ready(nxt)
        for n in range(KILLS):
            proc = nxt
            proc.stdin.write("go\n")
            proc.stdin.flush()
            if n + 1 < KILLS:  # the next writer starts up while this one writes
                nxt = spawn(folder, f"w{n + 1}")
                running.append(nxt)
            time.sleep(rng.uniform(0, MAX_DELAY_S))
            proc.send_signal(signal.SIGKILL)
            out, _err = proc.communicate(timeout=30)
            running.remove(proc)
            assert proc.returncode == -signal.SIGKILL, f"writer {n} ended by itself (seed {seed})"
            ids, errors = parse_output(out)
            assert errors == [], f"writer {n} reported errors (seed {seed}): {errors}"
            confirmed.update(ids)

            wb = Workbook.open(folder)
            assert wb.integrity_check() == "ok", f"kill {n} (seed {seed})"
            stored = stored_notes(folder)
            missing = {rid: notes for rid, notes in confirmed.items() if stored.get(rid) != notes}
            assert missing == {}, f"kill {n} lost confirmed writes (seed {seed})"
            assert torn_batches(stored) == [], f"kill {n} left half a transaction (seed {seed})"
            landed_unconfirmed += sum(1 for notes in stored.values() if notes.startswith(f"w{n}:")) - len(ids)
            survived += 1
            if n + 1 < KILLS:
                wait_ready(nxt)
    finally:
        for proc in running:
            proc.kill()
            proc.communicate()

    figures.add("faults", "sigkills", KILLS)
    figures.add("faults", "sigkills_survived", survived)
    figures.add("faults", "sigkill_writes_confirmed", len(confirmed))
    figures.add("faults", "sigkill_committed_unreported", landed_unconfirmed)
    figures.add("durability", "confirmed_writes", len(confirmed))
    figures.add("durability", "lost_writes", len(missing))
    assert survived == KILLS
    assert len(confirmed) > KILLS, f"the writers barely wrote; the kills proved little (seed {seed})"
