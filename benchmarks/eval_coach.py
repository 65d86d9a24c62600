"""`make eval`: the coach's writing checks measured against the labelled corpus in tests/corpus.

Prints, for the tuning and the held-out split, each request point's
agreement with the labels, its false errors and misses, good drafts with an
error, placeholders caught, and the realism check's (G1.6) agreement.
`--details` lists the ids behind the tuning split's misses (never the
held-out split's, which is not read while tuning).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "corpus"))

import scoring  # noqa: E402


def main(argv: list[str]) -> int:
    details = "--details" in argv
    for split in scoring.SPLITS:
        print(scoring.report(split, details=details and split == "tune"))
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
