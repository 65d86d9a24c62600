"""A workbook writer run as its own process by the concurrency and crash tests.

    python writer_process.py WORKBOOK TAG COUNT [--batch-every K] [--long-every L] [--frames]

It opens the workbook, prints ``ready`` and waits for a line on stdin (a start
barrier), then saves COUNT meetings (0: until killed). After each write
returns it prints ``id <id> <notes>`` and flushes, so a test that kills it
knows exactly which writes were confirmed. Every K-th write is an `add_many`
of three meetings (notes ``TAG:i:b0`` to ``b2``): all three land or none do.
Every tenth write is followed by a read (and a DataFrame read with --frames). Any exception is printed as
``error <repr>`` and the writer goes on; it exits 1 if there was one.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from mentorkit import Meeting, Workbook


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("workbook")
    parser.add_argument("tag")
    parser.add_argument("count", type=int)
    parser.add_argument("--batch-every", type=int, default=0)
    parser.add_argument("--long-every", type=int, default=0)
    parser.add_argument("--frames", action="store_true")
    args = parser.parse_args()

    wb = Workbook.open(args.workbook)
    if args.frames:
        wb.table("meetings")  # warm up (pandas is imported lazily) so the writes start at once
    print("ready", flush=True)
    sys.stdin.readline()
    errors = 0
    i = 0
    while args.count == 0 or i < args.count:
        notes = f"{args.tag}:{i}"
        if args.long_every and i % args.long_every == 0:
            notes += " " + "long note spilling onto overflow pages " * 200
        meeting = dict(date=dt.date(2024, 1, 1) + dt.timedelta(days=i % 365), duration_min=30 + i % 60, mode="video")
        try:
            if args.batch_every and i % args.batch_every == args.batch_every - 1:
                batch = [Meeting(**meeting, notes=f"{args.tag}:{i}:b{j}") for j in range(3)]
                ids = wb.add_many(batch)
                print("\n".join(f"id {rid} {m.notes}" for rid, m in zip(ids, batch)), flush=True)
            else:
                rid = wb.add(Meeting(**meeting, notes=notes))
                print(f"id {rid} {notes.split(' ', 1)[0]}", flush=True)
            if i % 10 == 0:
                wb.count("meetings")
                if args.frames:
                    wb.table("meetings")
        except Exception as exc:  # reported to the test, which fails on any
            errors += 1
            print(f"error {exc!r}".replace("\n", " "), flush=True)
        i += 1
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
