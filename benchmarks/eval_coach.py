"""`make eval`: the coach's writing checks measured against the labelled corpus in tests/corpus.

Prints, for the tuning and the held-out split, each request point's
agreement with the labels, its false errors and misses, good drafts with an
error, placeholders caught, and the realism check's (G1.6) agreement.
`--details` lists the ids behind the tuning split's misses (never the
held-out split's, which is not read while tuning).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "corpus"))

import scoring  # noqa: E402


def timing() -> str:
    """How long the request check takes: per corpus draft (median), and on a 100,000-character text."""
    from mentorkit.drafting import check_request

    drafts = [d["text"] for split in scoring.SPLITS for d in scoring.load("requests", split)]
    times = []
    for text in drafts:
        start = time.perf_counter()
        check_request(text)
        times.append(time.perf_counter() - start)
    start = time.perf_counter()
    check_request("Could we meet every month, not weekly, for a year? " * 2000)
    long = time.perf_counter() - start
    return (f"request check: median {statistics.median(times) * 1000:.1f} ms per draft over {len(drafts)} drafts; "
            f"{long:.2f} s for a 100,000-character text")


def main(argv: list[str]) -> int:
    details = "--details" in argv
    for split in scoring.SPLITS:
        print(scoring.report(split, details=details and split == "tune"))
        print()
    print(timing())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
